import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Frame } from '../../../src/data/frame.js';
import {
  ReplaceValues,
  caseVariantsOf,
  withReplaced,
} from '../../../src/data/preprocessing/replace-values.js';
import { rawBatch } from '../../../src/data/preprocessing/batch.js';
import { stepFromJSON } from '../../../src/data/preprocessing/step.js';
import { seededRng } from '../../helpers/rng.js';

const rng = seededRng();
const msg = `seed ${rng.seed}`;

/** n draws from `values` with the given weights. */
const draws = (n: number, values: string[], weights: number[]): string[] =>
  Array.from({ length: n }, () => {
    let u = rng.uniform() * weights.reduce((a, b) => a + b, 0);
    const i = weights.findIndex((w) => (u -= w) < 0);
    return values[i < 0 ? values.length - 1 : i]!;
  });

describe(`one value written several ways (data.replace, ${msg})`, () => {
  it('case and spaces: each spelling becomes the most frequent one; other values, texts and ids are left alone', () => {
    const n = 400;
    const f = Frame.fromColumns({
      churned: draws(n, ['Yes', 'yes', 'YES', 'No', 'no', ' No'], [30, 5, 2, 50, 8, 1]),
      plan: draws(n, ['basic', 'pro', 'enterprise'], [1, 1, 1]),
      // Many distinct values (reviews, ids): not categories, whatever their case.
      review: Array.from({ length: n }, (_, i) => (i % 2 ? `Good ${i}` : `good ${i - 1}`)),
    });
    const variants = caseVariantsOf(f);
    assert.deepEqual(
      variants.map((v) => v.column),
      ['churned'],
      msg,
    );
    // The expected map from the counts themselves.
    const count = (v: string): number => (f.column('churned') as string[]).filter((x) => x === v).length;
    const top = (g: string[]): string => g.reduce((a, b) => (count(b) > count(a) ? b : a));
    const yes = top(['Yes', 'yes', 'YES'].filter((v) => count(v) > 0));
    const no = top(['No', 'no', ' No'].filter((v) => count(v) > 0));
    const out = withReplaced(f, { churned: variants[0]!.map }).column('churned') as string[];
    assert.deepEqual([...new Set(out)].sort(), [no, yes].sort(), msg);
    (f.column('churned') as string[]).forEach((v, i) =>
      assert.equal(out[i], v.trim().toLowerCase() === 'yes' ? yes : no, `row ${i}, ${msg}`),
    );
    assert.deepEqual(withReplaced(f, { churned: variants[0]!.map }).column('plan'), f.column('plan'));
  });
  it('a saved step maps the rows a model reads later; a frame without the column passes unchanged', () => {
    const step = stepFromJSON(new ReplaceValues({ y: { yes: 'Yes', YES: 'Yes' } }).toJSON()) as ReplaceValues;
    const batch = rawBatch(Frame.fromColumns({ x: [1, 2, 3], y: ['YES', 'No', 'Yes'] }), 'rows');
    assert.deepEqual(step.transform(batch).frame.column('y'), ['Yes', 'No', 'Yes']);
    const noLabel = rawBatch(Frame.fromColumns({ x: [1] }), 'rows');
    assert.equal(step.transform(noLabel).frame, noLabel.frame);
  });
});

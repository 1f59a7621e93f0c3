/** LabelSets: label lists and 0/1 columns in, multi-hot rows out, predicted sets back. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Frame } from '../../../src/data/frame.js';
import { rawBatch } from '../../../src/data/preprocessing/batch.js';
import {
  guessSeparator,
  labelsInCell,
  LabelSets,
  setsFromProbs,
} from '../../../src/data/preprocessing/label-sets.js';
import { stepFromJSON } from '../../../src/data/preprocessing/step.js';
import { seededRng } from '../../helpers/rng.js';

describe('LabelSets', () => {
  it('reads Python and JSON lists and separated labels', () => {
    assert.deepEqual(labelsInCell("['cs.LG', 'stat.ML']", '|'), ['cs.LG', 'stat.ML']);
    assert.deepEqual(labelsInCell('["a b", "c"]', '|'), ['a b', 'c']);
    assert.deepEqual(labelsInCell('[]', '|'), []);
    assert.deepEqual(labelsInCell(' Action | Comedy|Action ', '|'), ['Action', 'Comedy']);
    assert.deepEqual(labelsInCell('Action, Drama', ','), ['Action', 'Drama']);
    assert.deepEqual(labelsInCell(null, '|'), []);
    assert.equal(guessSeparator(['Drama', 'Action;Comedy']), ';');
    assert.equal(guessSeparator(["['a']", "['a', 'b']"]), '|');
    assert.equal(guessSeparator(['a', 'b']), null);
  });

  it('a column of lists: sorted labels, a blank cell is no label, unseen labels are counted and ignored', () => {
    const rng = seededRng();
    const names = ['hot', 'wet', 'windy', 'cold'];
    const sets = Array.from({ length: 50 }, () => names.filter(() => rng.uniform() < 0.4));
    const frame = new Frame({ tags: sets.map((s) => s.join('|')) });
    const step = new LabelSets({ column: 'tags' }).fit(rawBatch(frame, 'train.csv'));
    const sorted = [...names].sort();
    assert.deepEqual(
      step.classes,
      sorted.filter((l) => sets.some((s) => s.includes(l))),
      `seed ${rng.seed}`,
    );
    const out = step.transform(rawBatch(frame, 'train.csv')).labelSets!;
    const k = step.classes.length;
    sets.forEach((s, i) =>
      step.classes.forEach((l, j) =>
        assert.equal(out[i * k + j], s.includes(l) ? 1 : 0, `row ${i} seed ${rng.seed}`),
      ),
    );
    const fresh = step.transform(rawBatch(new Frame({ tags: ['hot|foggy', ''] }), 'new.csv')).labelSets!;
    assert.deepEqual(step.lastUnseen, ['foggy']);
    assert.equal(
      fresh.reduce((a, b) => a + b, 0),
      step.classes.includes('hot') ? 1 : 0,
    );
  });

  it('0/1 columns: labels are the columns; a cell that is no 0/1 names its row and column', () => {
    const frame = Frame.fromColumns({ text: ['a', 'b', 'c'], toxic: [1, 0, 1], insult: ['no', 'yes', 'no'] });
    const step = new LabelSets({ columns: ['toxic', 'insult'] }).fit(rawBatch(frame, 'train.csv'));
    assert.deepEqual(Array.from(step.transform(rawBatch(frame, 'train.csv')).labelSets!), [1, 0, 0, 1, 1, 0]);
    const bad = Frame.fromColumns({ text: ['a', 'b'], toxic: [1, -1], insult: [0, 0] });
    assert.throws(
      () => step.transform(rawBatch(bad, 'test.csv')),
      /test\.csv: label column 'toxic' holds -1 in data row 2; each label column of a multi-label model holds 0 or 1/,
    );
  });

  it('inverts sigmoid outputs to label sets at the threshold, and survives JSON', () => {
    const step = new LabelSets({ column: 'tags', classes: ['a', 'b', 'c'], threshold: 0.4 });
    const back = stepFromJSON(JSON.parse(JSON.stringify(step.toJSON()))) as LabelSets;
    const pred = back.invert({ values: Float64Array.of(0.9, 0.1, 0.45, 0.2, 0.3, 0.1), width: 3 });
    assert.deepEqual(pred.labels, ['a|c', '']);
    assert.deepEqual(Array.from(setsFromProbs([0.5, 0.49], 0.5)), [1, 0]);
    assert.deepEqual(back.describe().task, 'multilabel');
    assert.throws(
      () => new LabelSets({ column: 'tags' }).fit(rawBatch(new Frame({ tags: ['x', 'x|x'] }), 'one.csv')),
      /one\.csv: label column 'tags' names 1 label\(s\) in all; a multi-label model needs at least two/,
    );
  });
});

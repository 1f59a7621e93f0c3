/** The warnings about a run's classes: one-row classes and free-text labels, for texts as for tables. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Frame } from '../../src/data/frame.js';
import { classWarnings } from '../../src/experiments/class-warnings.js';
import { validateConfig } from '../../src/experiments/config.js';
import { prepareData } from '../../src/experiments/prepare.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();
const msg = `seed ${rng.seed}`;
const words = ['film', 'great', 'awful', 'plot', 'actor', 'boring', 'loved', 'scene', 'music', 'ending'];
const sentence = (): string => Array.from({ length: 6 }, () => words[rng.int(0, words.length)]!).join(' ');

/** A text run's config over a frame with columns text and label (no training: prepareData only). */
function textConfig(outputMode?: 'tfIdf') {
  return validateConfig({
    name: 'classes',
    data: { source: 'reviews.csv', type: 'text', text: 'text', label: 'label' },
    ...(outputMode ? { preprocessing: { text: { outputMode } } } : {}),
    model: { layers: [{ type: 'dense', units: 3, activation: 'softmax' }] },
  });
}

describe('class warnings', () => {
  it(`a text label's one-row class is named, as a table's is (${msg})`, () => {
    // 'rare' is one row of 120: the split puts it on one side only.
    const label = Array.from({ length: 120 }, (_, i) => (i === 57 ? 'rare' : i % 2 ? 'pos' : 'neg'));
    const frame = new Frame({ text: label.map(() => sentence()), label });
    for (const mode of ['tfIdf', undefined] as const) {
      const { warnings = [] } = prepareData({ frame, source: 'reviews.csv' }, textConfig(mode));
      assert.ok(
        warnings.some((w) =>
          /class\(es\) 'rare' have no (training rows|test rows \(1 in training\))/.test(w),
        ),
        `${mode ?? 'legacy tokenizer'}: ${warnings.join('; ')} (${msg})`,
      );
    }
  });

  it(`a free-text label (most classes one row) is said once, with what to do (${msg})`, () => {
    // The first word of 300 messages: 200 distinct, most of them once.
    const label = Array.from({ length: 300 }, (_, i) => (i < 100 ? ['fix', 'add'][i % 2]! : `w${i}`));
    const frame = new Frame({ text: label.map(() => sentence()), label });
    const { warnings = [] } = prepareData({ frame, source: 'reviews.csv' }, textConfig('tfIdf'));
    const free = warnings.filter((w) => /probably free text/.test(w));
    assert.equal(free.length, 1, `${warnings.join('; ')} (${msg})`);
    assert.match(
      free[0]!,
      /label 'label': 200 of its 202 classes have fewer than 2 training rows \(240 training rows; e\.g\. .*\).*--label.*--task regression/,
    );
    // Not also a list of the hundreds of untested one-row classes.
    assert.ok(!warnings.some((w) => /have no test rows/.test(w)), warnings.join('; '));
  });

  it(`windows: an activity only in the last part (the test windows) is named (${msg})`, () => {
    const activity = Array.from({ length: 100 }, (_, i) => (i < 50 ? 'walk' : i < 80 ? 'sit' : 'run'));
    const frame = new Frame({ acc: rng.doubles(100, -1, 1), activity });
    const config = validateConfig({
      name: 'har',
      data: { source: 'har.csv', type: 'windows', label: 'activity', features: ['acc'] },
      preprocessing: { windows: { windowSize: 5 } },
      model: { layers: [{ type: 'dense', units: 3, activation: 'softmax' }] },
    });
    const { warnings = [] } = prepareData({ frame, source: 'har.csv' }, config);
    assert.ok(
      warnings.some((w) => /class\(es\) 'run' have no training rows/.test(w)),
      warnings.join('; '),
    );
  });

  it('a few rare classes among many well-filled ones are named, not called free text', () => {
    const k = 30;
    const train = Int32Array.from({ length: 600 }, (_, i) => (i < 3 ? k - 1 : i % (k - 1)));
    const test = Int32Array.from({ length: 150 }, (_, i) => i % (k - 1));
    const labels = Array.from({ length: k }, (_, j) => `c${j}`);
    assert.deepEqual(classWarnings('y', labels, train, test), [
      "class(es) 'c29' have no test rows (3 in training): they are not scored",
    ]);
  });

  it('many look-alike pairs make one line, a few one line each', () => {
    const pairs = ['Simple', 'simple', 'Fast', 'fast', 'Web', 'web', 'Tool', 'tool'];
    const ids = Int32Array.from({ length: 80 }, (_, i) => i % pairs.length);
    const many = classWarnings('y', pairs, ids, ids);
    assert.equal(many.length, 1, many.join('; '));
    assert.match(
      many[0]!,
      /^4 groups of classes differ only in letter case or spaces \('Simple' and 'simple';/,
    );
    const few = classWarnings(
      'y',
      pairs.slice(0, 4),
      ids.map((v) => v % 4),
      ids.map((v) => v % 4),
    );
    assert.equal(few.length, 2, few.join('; '));
  });
});

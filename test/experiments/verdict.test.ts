import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classificationVerdict, regressionVerdict } from '../../src/experiments/evaluate-run.js';

/** Predictions for 100 test rows, of both classes (the verdicts' metrics are given, not computed). */
const TEST_100 = Int32Array.from({ length: 100 }, (_, i) => i % 2);
const ids = (counts: number[]): Int32Array => Int32Array.from(counts.flatMap((n, c) => Array(n).fill(c)));

describe('classification verdict', () => {
  it('compares on accuracy when the classes are balanced, naming the best baseline', () => {
    const v = classificationVerdict(
      { accuracy: 0.9, macroF1: 0.89 },
      { majorityClass: { accuracy: 0.5 }, logisticRegression: { accuracy: 0.95 } },
      ids([50, 50]),
      TEST_100,
      ['a', 'b'],
    );
    assert.equal(
      v.verdict,
      'the network is below logisticRegression on accuracy (0.9000 against 0.9500): it does not earn its cost here',
    );
    assert.deepEqual(v.warnings, []);
  });

  it('a win of one row on 11 test rows is said to be too few to tell; two rows in 1,000 too', () => {
    const small = classificationVerdict(
      { accuracy: 10 / 11, macroF1: 0.9 },
      { logisticRegression: { accuracy: 9 / 11 } },
      ids([20, 20]),
      Int32Array.of(0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0),
      ['no', 'yes'],
    );
    assert.equal(
      small.verdict,
      "the network beats every baseline on accuracy (0.9091 against logisticRegression's 0.8182) — on 11 test rows, a difference of 1 row: too few to tell them apart (more data, or training.cv to see the spread)",
    );
    // 1,000 test rows: the network's accuracy against a logistic regression's 0.9.
    const pred = Int32Array.from({ length: 1000 }, (_, i) => i % 2);
    const against = (accuracy: number): string =>
      classificationVerdict({ accuracy }, { logisticRegression: { accuracy: 0.9 } }, ids([50, 50]), pred, [
        'a',
        'b',
      ]).verdict!;
    assert.match(against(0.902), /on 1000 test rows, a difference of 2 rows: too few/);
    assert.doesNotMatch(against(0.95), /too few/);
  });

  it('compares on macro-F1 when a class has under half its even share of the training rows', () => {
    const v = classificationVerdict(
      { accuracy: 0.9, macroF1: 0.7 },
      { majorityClass: { accuracy: 0.95, macroF1: 0.49 } },
      ids([81, 19]),
      TEST_100,
      ['no', 'yes'],
    );
    assert.equal(
      v.verdict,
      "the network beats every baseline on macroF1 (0.7000 against majorityClass's 0.4900)",
    );
  });

  it('four even-ish classes (the smallest 20%) are compared on accuracy', () => {
    const v = classificationVerdict(
      { accuracy: 0.6, macroF1: 0.5 },
      { majorityClass: { accuracy: 0.3, macroF1: 0.1 } },
      ids([30, 25, 25, 20]),
      Int32Array.of(0, 1, 2, 3),
      ['a', 'b', 'c', 'd'],
    );
    assert.match(v.verdict!, /on accuracy/);
  });

  it('warns when every test row gets one class, with the minority share and the fixes', () => {
    // One row in 12,000 was "0.0% of the training rows": its count is said beside two digits of share.
    const rare = classificationVerdict(
      { accuracy: 0.99, macroF1: 0.5 },
      { majorityClass: { accuracy: 0.99, macroF1: 0.5 } },
      ids([11999, 1]),
      new Int32Array(30),
      ['common', 'rare'],
    );
    assert.match(rare.warnings.join('\n'), /'rare' is 1 of the 12,000 training rows \(0\.0083%\)/);
    const v = classificationVerdict(
      { accuracy: 0.96, macroF1: 0.49, auc: 0.84 },
      { majorityClass: { accuracy: 0.96, macroF1: 0.49 } },
      ids([96, 4]),
      new Int32Array(25),
      ['no', 'yes'],
    );
    assert.match(v.verdict!, /^the network ties majorityClass on macroF1 \(0\.4900\)/);
    assert.deepEqual(v.warnings, [
      "the model predicts 'no' for all 25 test rows. 'yes' is 4 of the 100 training rows (4%): set training.classWeight: balanced, or lower evaluation.threshold (AUC 0.8400: the scores still rank the rows)",
    ]);
  });

  it('says nothing without baselines', () => {
    assert.equal(
      classificationVerdict({ accuracy: 0.9 }, {}, ids([5, 5]), Int32Array.of(0, 1), ['a', 'b']).verdict,
      undefined,
    );
  });
});

describe('regression verdict', () => {
  it('compares test RMSE (lower is better) with the best baseline', () => {
    const baselines = { linearRegression: { rmse: 15272.92 }, mean: { rmse: 92534.49 } };
    assert.equal(
      regressionVerdict({ rmse: 19168.58 }, baselines),
      'the network trails linearRegression on rmse (19168.58 against 15272.92): it does not earn its cost here',
    );
    assert.equal(
      regressionVerdict({ rmse: 0.5 }, { mean: { rmse: 0.75 } }),
      "the network beats every baseline on rmse (0.5000 against mean's 0.7500)",
    );
    assert.equal(regressionVerdict({ rmse: 1 }, {}), undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  classificationReport,
  confusionMatrix,
  formatClassificationReport,
  formatFixed,
  multilabelReport,
  regressionMetrics,
  rocAucScore,
  rocCurve,
} from '../../src/metrics/index.js';
import { seededRng } from '../helpers/rng.js';

const near = (a: number, b: number, what = ''): void =>
  assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

describe('classificationReport (scikit-learn)', () => {
  // The example from scikit-learn's classification_report docstring.
  const yTrue = [0, 1, 2, 2, 2];
  const yPred = [0, 0, 2, 2, 1];
  const report = classificationReport(yTrue, yPred, { targetNames: ['class 0', 'class 1', 'class 2'] });

  it('reproduces the docstring text exactly', () => {
    const expected = [
      '              precision    recall  f1-score   support',
      '',
      '     class 0       0.50      1.00      0.67         1',
      '     class 1       0.00      0.00      0.00         1',
      '     class 2       1.00      0.67      0.80         3',
      '',
      '    accuracy                           0.60         5',
      '   macro avg       0.50      0.56      0.49         5',
      'weighted avg       0.70      0.60      0.61         5',
      '',
    ].join('\n');
    assert.equal(report.toString(), expected);
    assert.equal(formatClassificationReport(report), expected);
    assert.equal(`${report}`, expected);
  });

  it('returns the numbers as plain data', () => {
    assert.deepEqual(
      report.classes.map((c) => [c.label, c.support]),
      [
        [0, 1],
        [1, 1],
        [2, 3],
      ],
    );
    near(report.classes[0]!.f1, 2 / 3);
    near(report.accuracy!, 0.6);
    near(report.macroAvg.recall, (1 + 0 + 2 / 3) / 3);
    near(report.weightedAvg.precision, (0.5 + 0 + 3) / 5);
    assert.equal(report.microAvg, null);
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(report))).sort(), [
      'accuracy',
      'classes',
      'digits',
      'macroAvg',
      'microAvg',
      'weightedAvg',
    ]);
  });

  it('shows a micro avg row when only some labels are reported, and honours digits', () => {
    // sklearn: classification_report([0,1,2,2,2],[0,0,2,2,1], labels=[1,2], digits=3)
    const r = classificationReport(yTrue, yPred, { labels: [1, 2], digits: 3 });
    assert.equal(
      r.toString(),
      [
        '              precision    recall  f1-score   support',
        '',
        '           1      0.000     0.000     0.000         1',
        '           2      1.000     0.667     0.800         3',
        '',
        '   micro avg      0.667     0.500     0.571         4',
        '   macro avg      0.500     0.333     0.400         4',
        'weighted avg      0.750     0.500     0.600         4',
        '',
      ].join('\n'),
    );
  });

  it('widens the name column for long names; string labels work', () => {
    const r = classificationReport(['cat', 'dog', 'cat'], ['cat', 'cat', 'cat'], {
      targetNames: ['a rather long cat', 'dog'],
    });
    const lines = r.toString().split('\n');
    assert.equal(lines[2], 'a rather long cat       0.67      1.00      0.80         2');
    assert.equal(lines[0]!.length, 17 + 1 + 40);
  });

  it('formats like Python: ties round half to even on the binary value', () => {
    assert.equal(formatFixed(0.125, 2), '0.12'); // exact in binary: Python gives 0.12, toFixed 0.13
    assert.equal(formatFixed(0.375, 2), '0.38');
    assert.equal(formatFixed(2.5, 0), '2');
    assert.equal(formatFixed(0.665, 2), '0.67'); // 0.665 is stored slightly above the tie
    assert.equal(formatFixed(2 / 3, 2), '0.67');
  });
});

describe('confusionMatrix', () => {
  it('rows are true classes, columns predictions (sklearn docstring example)', () => {
    // sklearn: confusion_matrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])
    assert.deepEqual(confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]), [
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
    assert.deepEqual(confusionMatrix(new Int32Array([0, 1]), [1, 1], 3), [
      [0, 1, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
    assert.throws(() => confusionMatrix([0, 3], [0, 1], 3), /yTrue\[1\] = 3 is not a class id in \[0, 3\)/);
  });
});

describe('rocCurve and rocAucScore', () => {
  it('match scikit-learn’s documented examples', () => {
    // roc_auc_score docs / roc_curve docs: y = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8]
    const c = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    assert.deepEqual(c.fpr, [0, 0, 0.5, 0.5, 1]);
    assert.deepEqual(c.tpr, [0, 0.5, 0.5, 1, 1]);
    assert.deepEqual(c.thresholds, [Infinity, 0.8, 0.4, 0.35, 0.1]);
    near(c.auc, 0.75);
    near(rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75);
  });
  it('tied scores form one point (area counts ties as one half)', () => {
    near(rocAucScore([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]), (1 + 0.5 + 1 + 1) / 4);
    near(rocAucScore([1, 0], [0.3, 0.3]), 0.5);
  });
  it('refuses a single class', () => {
    assert.throws(() => rocAucScore([1, 1], [0.2, 0.4]), /only one class/);
  });
});

describe('regressionMetrics', () => {
  it('match scikit-learn’s docstring values', () => {
    // mean_squared_error / mean_absolute_error / r2_score docs: y = [3, -0.5, 2, 7], ŷ = [2.5, 0, 2, 8]
    const m = regressionMetrics([3, -0.5, 2, 7], [2.5, 0, 2, 8]);
    near(m.mse, 0.375);
    near(m.rmse, Math.sqrt(0.375));
    near(m.mae, 0.5);
    near(m.r2, 0.9486081370449679);
    // mean_absolute_percentage_error docs: 0.3273…
    near(m.mape, (0.5 / 3 + 0.5 / 0.5 + 0 + 1 / 7) / 4);
    assert.equal(regressionMetrics([1, 1], [1, 1]).r2, 1);
    assert.equal(regressionMetrics([1, 1], [1, 2]).r2, 0);
  });
});

describe('multilabelReport (scikit-learn on indicator rows)', () => {
  it("matches scikit-learn's documented figures", () => {
    // accuracy_score and hamming_loss docstrings: subset accuracy 0.5, Hamming loss 0.75.
    assert.equal(multilabelReport([0, 1, 1, 1], [1, 1, 1, 1], ['a', 'b']).subsetAccuracy, 0.5);
    assert.equal(multilabelReport([0, 1, 1, 1], [0, 0, 0, 0], ['a', 'b']).hammingLoss, 0.75);
    // f1_score's multilabel example: average=None → [0.667, 1, 0.667]; pooled: 4 TP, 1 FP, 1 FN → 0.80.
    const r = multilabelReport([0, 0, 0, 1, 1, 1, 0, 1, 1], [0, 0, 0, 1, 1, 1, 1, 1, 0], ['x', 'y', 'z']);
    r.classes.forEach((c, j) => near(c.f1, [2 / 3, 1, 2 / 3][j]!, c.name));
    assert.match(r.toString(), /micro avg {7}0\.80 {6}0\.80 {6}0\.80 {9}5\n/);
  });

  it('scores each label and the pooled decisions as the binary report does (random rows)', () => {
    const rng = seededRng();
    const n = 40 + rng.int(0, 60);
    const k = 2 + rng.int(0, 5);
    const truth = Uint8Array.from({ length: n * k }, () => (rng.uniform() < 0.35 ? 1 : 0));
    const pred = Uint8Array.from(truth, (t) => (rng.uniform() < 0.25 ? 1 - t : t));
    const names = Array.from({ length: k }, (_, j) => `l${j}`);
    const r = multilabelReport(truth, pred, names, 4);
    const column = (m: Uint8Array, j: number): number[] => Array.from({ length: n }, (_, i) => m[i * k + j]!);
    const msg = `seed ${rng.seed}`;
    names.forEach((_, j) => {
      const one = classificationReport(column(truth, j), column(pred, j), { labels: [0, 1] }).classes[1]!;
      near(r.classes[j]!.precision, one.precision, `precision ${j} ${msg}`);
      near(r.classes[j]!.recall, one.recall, `recall ${j} ${msg}`);
      near(r.classes[j]!.f1, one.f1, `f1 ${j} ${msg}`);
      assert.equal(r.classes[j]!.support, one.support, msg);
    });
    const pooled = classificationReport(Array.from(truth), Array.from(pred), { labels: [0, 1] }).classes[1]!;
    near(r.microAvg!.f1, pooled.f1, `micro ${msg}`);
    near(r.macroAvg.f1, r.classes.reduce((a, c) => a + c.f1, 0) / k, `macro ${msg}`);
    let exact = 0;
    for (let i = 0; i < n; i++) exact += names.every((_, j) => truth[i * k + j] === pred[i * k + j]) ? 1 : 0;
    near(r.subsetAccuracy, exact / n, `subset ${msg}`);
    near(
      r.hammingLoss,
      truth.reduce((a, t, c) => a + (t !== pred[c] ? 1 : 0), 0) / (n * k),
      `hamming ${msg}`,
    );
  });
});

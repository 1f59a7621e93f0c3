/** Metrics for metrics.json and the console: classification and regression, plus simple baselines. */
import { classificationReport, confusionMatrix, multilabelReport } from '../metrics/classification.js';
import { regressionMetrics } from '../metrics/regression.js';
import { rocAucScore } from '../metrics/roc.js';
import { fitSparseLogistic, predictSparseLogistic } from './sparse-logistic.js';
import { csrFromDense } from '../data/sparse.js';
import type { Arr } from './preprocess.js';
import { solveNormalEquations } from '../forecasting/least-squares.js';

/** Per-class probabilities (N × K) from model outputs; a sigmoid column becomes [1 − p, p]. */
export function classProbabilities(probs: Float32Array, width: number): number[][] {
  const n = probs.length / width;
  return Array.from({ length: n }, (_, i) =>
    width === 1 ? [1 - probs[i]!, probs[i]!] : Array.from(probs.subarray(i * width, (i + 1) * width)),
  );
}

/**
 * Accuracy, precision, recall, F1 (binary: of the positive class, index 1, as scikit-learn; multiclass:
 * macro), per-class scores, macro/weighted averages, confusion matrix, the sklearn-formatted report.
 * @example classificationScores(Int32Array.of(0, 1), Int32Array.of(0, 1), ['neg', 'pos'])
 */
export function classificationScores(
  yTrue: Int32Array,
  yPred: Int32Array,
  labels: string[],
  positiveScores?: ArrayLike<number>,
): Record<string, unknown> {
  // The classes the test rows hold or the model predicts (scikit-learn's default): a class with
  // neither is not scored (prepare.ts says so), where it counted as 0 in the macro averages.
  const binary = labels.length === 2;
  const seen = new Set([...yTrue, ...yPred]);
  const ids = labels.map((_, i) => i).filter((i) => binary || seen.has(i));
  const report = classificationReport(yTrue, yPred, {
    labels: ids,
    targetNames: ids.map((i) => labels[i]!),
    digits: 4,
  });
  const perClass = Object.fromEntries(
    report.classes.map((c) => [
      c.name,
      { precision: c.precision, recall: c.recall, f1: c.f1, support: c.support },
    ]),
  );
  const main = binary ? report.classes[1]! : report.macroAvg;
  const out: Record<string, unknown> = {
    accuracy: report.accuracy ?? 0,
    precision: main.precision,
    recall: main.recall,
    f1: main.f1,
    macroF1: report.macroAvg.f1,
    perClass,
    macroAvg: report.macroAvg,
    weightedAvg: report.weightedAvg,
    confusionMatrix: confusionMatrix(yTrue, yPred, labels.length),
    classificationReport: report.toString(),
    support: yTrue.length,
  };
  if (binary && positiveScores && new Set(yTrue).size === 2) out.auc = rocAucScore(yTrue, positiveScores);
  return out;
}

/**
 * Multi-label scores of multi-hot rows (samples × labels), as scikit-learn reports them: subset
 * accuracy (the whole label set right: scikit-learn's accuracy_score; Keras's `accuracy` in the
 * training log is per label, 1 − Hamming loss), precision, recall and microF1 are micro averages (every
 * (sample, label) decision pooled), with macro and weighted F1, Hamming loss, each label's scores,
 * and ROC AUC per label and its macro mean (over labels with both values among the rows) when the
 * probabilities are given.
 * @example multilabelScores(Uint8Array.of(1, 0, 1, 1), Uint8Array.of(1, 0, 0, 1), ['a', 'b']).microF1 // 0.8
 */
export function multilabelScores(
  yTrue: Uint8Array,
  yPred: Uint8Array,
  labels: string[],
  probs?: ArrayLike<number>,
): Record<string, unknown> {
  const report = multilabelReport(yTrue, yPred, labels, 4);
  const k = labels.length;
  const n = yTrue.length / k;
  const aucs = labels.map((_, j) => {
    if (!probs) return null;
    const t = Int32Array.from({ length: n }, (_, i) => yTrue[i * k + j]!);
    const both = t.some((v) => v === 1) && t.some((v) => v === 0);
    return both
      ? rocAucScore(
          t,
          Float64Array.from({ length: n }, (_, i) => probs[i * k + j]!),
        )
      : null;
  });
  const scored = aucs.filter((a): a is number => a !== null);
  const micro = report.microAvg!;
  return {
    subsetAccuracy: report.subsetAccuracy,
    hammingLoss: report.hammingLoss,
    precision: micro.precision,
    recall: micro.recall,
    microF1: micro.f1,
    macroF1: report.macroAvg.f1,
    weightedF1: report.weightedAvg.f1,
    ...(scored.length ? { auc: scored.reduce((a, b) => a + b, 0) / scored.length } : {}),
    perClass: Object.fromEntries(
      report.classes.map((c, j) => [
        c.name,
        {
          precision: c.precision,
          recall: c.recall,
          f1: c.f1,
          support: c.support,
          ...(aucs[j] !== null && aucs[j] !== undefined ? { auc: aucs[j] } : {}),
        },
      ]),
    ),
    microAvg: micro,
    macroAvg: report.macroAvg,
    weightedAvg: report.weightedAvg,
    classificationReport: report.toString(),
    support: n,
  };
}

/**
 * MSE, RMSE, MAE, MAPE, R² (in whatever units the values are given: the original ones). Where true
 * values are 0 (counts, sales with days of none) a percentage error is undefined, and scikit-learn's
 * floor of |y| at machine epsilon turns each such row into an error of about 1e15 that swamps the
 * rest: MAPE is then null and `zeroTargets` counts those rows (the run says so in a warning).
 * @example regressionScores([0, 2], [1, 2]) // { mse: 0.5, …, mape: null, zeroTargets: 1, support: 2 }
 */
export function regressionScores(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
): Record<string, unknown> {
  let zeros = 0;
  for (let i = 0; i < yTrue.length; i++) if (Math.abs(yTrue[i]!) < Number.EPSILON) zeros++;
  return {
    ...regressionMetrics(yTrue, yPred),
    ...(zeros > 0 ? { mape: null, zeroTargets: zeros } : {}),
    support: yTrue.length,
  };
}

/** The most frequent training class, predicted for every row. */
export function majorityClass(yTrain: Int32Array, n: number): Int32Array {
  const counts = new Map<number, number>();
  for (const c of yTrain) counts.set(c, (counts.get(c) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
  return new Int32Array(n).fill(best);
}

/**
 * Logistic regression (softmax regression for K > 2) with scikit-learn's default L2 strength (C = 1),
 * solved to convergence by the trust-region Newton solver of the text baseline (sparse-logistic.ts),
 * in float64. Inputs are flattened. Before, 150 epochs of Adam on seqlab's own Dense layer took 3.5
 * minutes on 800,000 rows, four times the network's own training.
 * @example const { predict } = logisticRegression(xTrain, yTrain, 2); predict(xTest)
 */
export function logisticRegression(
  xTrain: Arr,
  yTrain: Int32Array,
  numClasses: number,
): { predict: (x: Arr) => { classes: Int32Array; scores: Float32Array } } {
  const model = fitSparseLogistic(csrFromDense(xTrain), yTrain, numClasses, { c: 1 });
  return {
    predict(x: Arr) {
      const { classes, positive } = predictSparseLogistic(model, csrFromDense(x));
      return { classes, scores: positive ?? new Float32Array(0) };
    },
  };
}

/**
 * Each window summarised per feature by its mean, standard deviation, minimum, maximum and last value
 * (x: [n, steps, features] → [n, 5 × features]). Activity, machine or sensor classes often differ in
 * how much a signal moves rather than where it sits, which a linear model on the raw steps cannot
 * see (on windows whose classes differ only in variance it predicts one class for every window):
 * these are the hand-made features such a baseline is usually given.
 * @example windowStatistics({ data: Float32Array.of(1, 3), shape: [1, 2, 1] }).data // [2, 1, 1, 3, 3]
 */
export function windowStatistics(x: Arr): Arr {
  const [n, w, f] = x.shape as [number, number, number];
  const out = new Float32Array(n * 5 * f);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < f; j++) {
      let sum = 0;
      let min = Infinity;
      let max = -Infinity;
      for (let t = 0; t < w; t++) {
        const v = x.data[(i * w + t) * f + j]!;
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const mean = sum / w;
      let ss = 0;
      for (let t = 0; t < w; t++) ss += (x.data[(i * w + t) * f + j]! - mean) ** 2;
      const o = i * 5 * f + j * 5;
      out.set([mean, Math.sqrt(ss / w), min, max, x.data[(i * w + w - 1) * f + j]!], o);
    }
  return { data: out, shape: [n, 5 * f] };
}

/**
 * Ordinary least squares with an intercept (a tiny ridge, 1e-8 × the trace, keeps collinear one-hot
 * columns solvable), in float64 by the normal equations and Cholesky; inputs are flattened.
 * @example const { predict } = linearRegression(xTrain, yTrain); predict(xTest)
 */
export function linearRegression(
  xTrain: Arr,
  yTrain: ArrayLike<number>,
): { predict: (x: Arr) => Float64Array } {
  const n = xTrain.shape[0]!;
  const f = xTrain.data.length / Math.max(n, 1);
  const d = f + 1;
  // A = [X 1]ᵀ[X 1] (d × d), b = [X 1]ᵀ y.
  const a = new Float64Array(d * d);
  const b = new Float64Array(d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < f; j++) row[j] = xTrain.data[i * f + j]!;
    row[f] = 1;
    const y = yTrain[i]!;
    for (let j = 0; j < d; j++) {
      b[j]! += row[j]! * y;
      for (let k = 0; k <= j; k++) a[j * d + k]! += row[j]! * row[k]!;
    }
  }
  const w = solveNormalEquations(a, b, d);
  return {
    predict(x: Arr) {
      const m = x.shape[0]!;
      return Float64Array.from({ length: m }, (_, i) => {
        let v = w[f]!;
        for (let j = 0; j < f; j++) v += w[j]! * x.data[i * f + j]!;
        return v;
      });
    },
  };
}

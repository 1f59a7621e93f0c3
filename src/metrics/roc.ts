import { SeqlabError } from '../errors.js';

type Numbers = ArrayLike<number>;

/** The ROC curve with its area: one point per distinct score, highest first, after (0, 0) at +∞. */
export interface RocCurve {
  fpr: number[];
  tpr: number[];
  /** Decreasing; thresholds[0] is Infinity (sklearn ≥ 1.3). A score ≥ threshold counts as positive. */
  thresholds: number[];
  /** Trapezoidal area under the curve. */
  auc: number;
}

/**
 * The exact ROC curve, like scikit-learn's roc_curve(drop_intermediate=False), and its area.
 * yTrue holds 0/1 (anything equal to `posLabel` is positive); tied scores form one point.
 * @example
 * rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).auc; // 0.75
 */
export function rocCurve(
  yTrue: Numbers,
  scores: Numbers,
  options: { sampleWeight?: Numbers; posLabel?: number } = {},
): RocCurve {
  const { sampleWeight, posLabel = 1 } = options;
  const n = yTrue.length;
  if (scores.length !== n || (sampleWeight && sampleWeight.length !== n)) {
    throw new SeqlabError(
      `rocCurve: yTrue has ${n} values, scores ${scores.length}` +
        (sampleWeight ? `, sampleWeight ${sampleWeight.length}` : ''),
    );
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const fps = [0];
  const tps = [0];
  const thresholds = [Infinity];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const w = sampleWeight ? sampleWeight[i]! : 1;
    if (yTrue[i] === posLabel) tp += w;
    else fp += w;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[i]) {
      tps.push(tp);
      fps.push(fp);
      thresholds.push(scores[i]!);
    }
  }
  const fpr = fps.map((v) => (fp === 0 ? NaN : v / fp));
  const tpr = tps.map((v) => (tp === 0 ? NaN : v / tp));
  let area = 0;
  for (let k = 1; k < fpr.length; k++) area += ((fpr[k]! - fpr[k - 1]!) * (tpr[k]! + tpr[k - 1]!)) / 2;
  return { fpr, tpr, thresholds, auc: area };
}

/**
 * Area under the ROC curve of binary labels and scores (scikit-learn's roc_auc_score).
 * Needs both classes present.
 * @example
 * rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 */
export function rocAucScore(
  yTrue: Numbers,
  scores: Numbers,
  options: { sampleWeight?: Numbers } = {},
): number {
  const curve = rocCurve(yTrue, scores, options);
  if (Number.isNaN(curve.auc)) {
    throw new SeqlabError('rocAucScore: only one class is present in yTrue; the ROC AUC is not defined');
  }
  return curve.auc;
}

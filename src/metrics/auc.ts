import type { Tensor } from '../autograd/tensor.js';
import { requireSameSize, rowsOf, rowWeights, type Metric } from './metric.js';
import { rocCurve } from './roc.js';

export interface AucOptions {
  name?: string;
  /** Thresholds of the approximation (Keras default 200). */
  numThresholds?: number;
  /** Keep every score and compute the exact ROC AUC instead (memory grows with the data). */
  exact?: boolean;
}

const KERAS_EPSILON = 1e-7;

/** Keras's thresholds: −ε, 1/(n−1), …, (n−2)/(n−1), 1+ε. */
function kerasThresholds(n: number): Float64Array {
  const t = new Float64Array(n);
  t[0] = -KERAS_EPSILON;
  for (let i = 1; i < n - 1; i++) t[i] = i / (n - 1);
  t[n - 1] = 1 + KERAS_EPSILON;
  return t;
}

/**
 * Area under the ROC curve. By default Keras's `AUC`: confusion counts at 200 evenly spaced thresholds
 * (a prediction is positive above a threshold) and trapezoidal interpolation; `exact` gives the exact area.
 * @example
 * const m = auc(); m.update(tensor([0, 0, 1, 1]), tensor([0.1, 0.4, 0.35, 0.8])); m.result(); // 0.75
 */
export function auc(options: AucOptions = {}): Metric {
  const { name = 'auc', numThresholds = 200, exact = false } = options;
  const thresholds = kerasThresholds(Math.max(numThresholds, 3));
  const n = thresholds.length;
  // Weighted counts of positives/negatives by how many thresholds their score exceeds (0..n).
  const pos = new Float64Array(n + 1);
  const neg = new Float64Array(n + 1);
  let labels: number[] = [];
  let scores: number[] = [];
  let weights: number[] = [];
  return {
    name,
    update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
      requireSameSize(name, yTrue, yPred);
      const { rows, width } = rowsOf(yPred);
      const weight = rowWeights(name, rows, sampleWeight);
      for (let i = 0; i < yPred.size; i++) {
        const w = weight(Math.floor(i / width));
        const s = yPred.data[i]!;
        const y = yTrue.data[i]! !== 0 ? 1 : 0;
        if (exact) {
          labels.push(y);
          scores.push(s);
          weights.push(w);
          continue;
        }
        let lo = 0;
        let hi = n; // number of thresholds strictly below s
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (thresholds[mid]! < s) lo = mid + 1;
          else hi = mid;
        }
        (y ? pos : neg)[lo]! += w;
      }
    },
    result(): number {
      if (exact) return labels.length === 0 ? 0 : rocCurve(labels, scores, { sampleWeight: weights }).auc;
      const totalPos = pos.reduce((a, b) => a + b, 0);
      const totalNeg = neg.reduce((a, b) => a + b, 0);
      // tp[t] = weight of positives scoring above threshold t = those exceeding more than t thresholds.
      let tpAbove = totalPos - pos[0]!;
      let fpAbove = totalNeg - neg[0]!;
      let prevTpr = totalPos === 0 ? 0 : tpAbove / totalPos;
      let prevFpr = totalNeg === 0 ? 0 : fpAbove / totalNeg;
      let area = 0;
      for (let t = 1; t < n; t++) {
        tpAbove -= pos[t]!;
        fpAbove -= neg[t]!;
        const tpr = totalPos === 0 ? 0 : tpAbove / totalPos;
        const fpr = totalNeg === 0 ? 0 : fpAbove / totalNeg;
        area += (prevFpr - fpr) * ((prevTpr + tpr) / 2);
        prevTpr = tpr;
        prevFpr = fpr;
      }
      return area;
    },
    reset(): void {
      pos.fill(0);
      neg.fill(0);
      labels = [];
      scores = [];
      weights = [];
    },
  };
}

/**
 * Ridge regression on sparse rows (TF-IDF vectors): the text regression baseline, scikit-learn's
 * `Ridge(alpha, fit_intercept=True)`. Written here, as sparse-logistic.ts is, because the rows are
 * CSR (tens of thousands of columns, a few hundred entries a row): a dense solve would not fit.
 *
 * It minimises ‖y − Xw − b‖² + α‖w‖². The intercept is fitted as scikit-learn fits it for sparse X:
 * as if X's columns were centred (X̃ = X − 1μᵀ, μ the column means), without densifying X. The normal
 * equations (X̃ᵀX̃ + αI) w = X̃ᵀ(y − ȳ) are solved by conjugate gradients, each step one pass over the
 * rows (X̃ᵀX̃v = Xᵀ(Xv) − n μ (μ·v)); then b = ȳ − μ·w.
 */
import type { CsrMatrix } from '../data/sparse.js';

export interface SparseRidgeModel {
  weights: Float64Array;
  intercept: number;
  /** Conjugate-gradient steps taken. */
  iterations: number;
}

/** Xv for CSR X (rows × cols) and v (cols): (rows). */
function times(x: CsrMatrix, v: Float64Array): Float64Array {
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let s = 0;
    for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) s += x.values[p]! * v[x.indices[p]!]!;
    out[i] = s;
  }
  return out;
}

/** Xᵀu for CSR X (rows × cols) and u (rows): (cols). */
function timesTransposed(x: CsrMatrix, u: Float64Array): Float64Array {
  const out = new Float64Array(x.cols);
  for (let i = 0; i < x.rows; i++) {
    const ui = u[i]!;
    if (ui === 0) continue;
    for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) out[x.indices[p]!] += x.values[p]! * ui;
  }
  return out;
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/**
 * @example
 * const m = fitSparseRidge(xTrain, yTrain, 1); predictSparseRidge(m, xTest) // (rows)
 */
export function fitSparseRidge(
  x: CsrMatrix,
  y: ArrayLike<number>,
  alpha: number,
  opts: { tol?: number; maxIter?: number } = {},
): SparseRidgeModel {
  const n = x.rows;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += y[i]!;
  const ybar = n ? sum / n : 0;
  const mu = timesTransposed(x, new Float64Array(n).fill(n ? 1 / n : 0));
  const centred = Float64Array.from({ length: n }, (_, i) => y[i]! - ybar);
  // A v = X̃ᵀX̃ v + α v.
  const apply = (v: Float64Array): Float64Array => {
    const out = timesTransposed(x, times(x, v));
    const m = n * dot(mu, v);
    for (let j = 0; j < out.length; j++) out[j] += alpha * v[j]! - m * mu[j]!;
    return out;
  };
  const b = timesTransposed(x, centred);
  const w = new Float64Array(x.cols);
  const r = Float64Array.from(b);
  const p = Float64Array.from(b);
  let rr = dot(r, r);
  const stop = (opts.tol ?? 1e-8) ** 2 * Math.max(rr, Number.MIN_VALUE);
  const maxIter = opts.maxIter ?? 1000;
  let k = 0;
  for (; k < maxIter && rr > stop; k++) {
    const ap = apply(p);
    const step = rr / dot(p, ap);
    for (let j = 0; j < w.length; j++) {
      w[j] += step * p[j]!;
      r[j] -= step * ap[j]!;
    }
    const next = dot(r, r);
    const beta = next / rr;
    for (let j = 0; j < p.length; j++) p[j] = r[j]! + beta * p[j]!;
    rr = next;
  }
  return { weights: w, intercept: ybar - dot(mu, w), iterations: k };
}

/** Xw + b for each row. */
export function predictSparseRidge(m: SparseRidgeModel, x: CsrMatrix): Float64Array {
  const out = times(x, m.weights);
  for (let i = 0; i < out.length; i++) out[i] += m.intercept;
  return out;
}

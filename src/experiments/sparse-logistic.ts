/**
 * L2-regularised logistic regression on sparse rows, scikit-learn's objective
 *   f(θ) = ½‖W‖² + C · Σᵢ loss(xᵢ W + b, yᵢ)   (the intercept b is not penalised),
 * binary (one weight column, sigmoid) or multinomial (K columns, softmax), in float64.
 *
 * Minimised by a trust-region Newton method with conjugate-gradient steps (TRON: Lin, Weng & Keerthi,
 * "Trust region Newton method for large-scale logistic regression", JMLR 2008 — liblinear's primal
 * solver). Every pass over the data is O(nnz · K): one fused pass gives the loss and the gradient, one
 * fused pass a Hessian-vector product, and the Hessian is never formed. On IMDB's 25k reviews × 362k
 * n-grams it needs a few dozen passes where L-BFGS needed several hundred, and none of L-BFGS's
 * per-iteration vector work over its ten curvature pairs (bench/README.md, text).
 */
import type { CsrMatrix } from '../data/sparse.js';

export interface SparseLogisticModel {
  /** Weights (features × width), feature-major: W[j · width + k]. width is 1 for two classes. */
  weights: Float64Array;
  bias: Float64Array;
  width: number;
  /** Newton iterations taken. */
  iterations: number;
}

/** Scores (n × width): x W + b. */
function scores(x: CsrMatrix, w: Float64Array, b: Float64Array, width: number): Float64Array {
  const z = new Float64Array(x.rows * width);
  const { indptr, indices, values } = x;
  for (let i = 0; i < x.rows; i++) {
    const zi = i * width;
    for (let k = 0; k < width; k++) z[zi + k] = b[k]!;
    for (let p = indptr[i]!; p < indptr[i + 1]!; p++) {
      const v = values[p]!;
      const wj = indices[p]! * width;
      for (let k = 0; k < width; k++) z[zi + k]! += v * w[wj + k]!;
    }
  }
  return z;
}

/**
 * The problem at a point: f and ∇f, keeping each row's curvature (the sigmoid's σ(1−σ), or the softmax
 * probabilities) for the Hessian-vector products taken there.
 */
export class LogisticProblem {
  readonly width: number;
  readonly nw: number;
  readonly size: number;
  /** Binary: σ(zᵢ)(1 − σ(zᵢ)) per row; multinomial: softmax(zᵢ) (n × K). Set by `evaluate`. */
  private readonly curve: Float64Array;
  private readonly row: Float64Array;

  constructor(
    readonly x: CsrMatrix,
    readonly y: Int32Array,
    numClasses: number,
    readonly c: number,
  ) {
    this.width = numClasses === 2 ? 1 : numClasses;
    this.nw = x.cols * this.width;
    this.size = this.nw + this.width;
    this.curve = new Float64Array(x.rows * this.width);
    this.row = new Float64Array(this.width);
  }

  /** f(θ), writing ∇f into grad; the row loop reads each row once for the score and again (cached) to scatter. */
  evaluate(theta: Float64Array, grad: Float64Array): number {
    const { x, y, c, width, nw, curve, row } = this;
    const { indptr, indices, values } = x;
    let f = 0;
    for (let j = 0; j < nw; j++) {
      f += 0.5 * theta[j]! * theta[j]!;
      grad[j] = theta[j]!;
    }
    for (let k = 0; k < width; k++) grad[nw + k] = 0;
    for (let i = 0; i < x.rows; i++) {
      const start = indptr[i]!;
      const end = indptr[i + 1]!;
      if (width === 1) {
        let t = theta[nw]!;
        for (let p = start; p < end; p++) t += values[p]! * theta[indices[p]!]!;
        const yi = y[i]!;
        // loss = log(1 + eᵗ) − y t, stably; ∂/∂t = σ(t) − y; ∂²/∂t² = σ(1 − σ).
        const e = Math.exp(-Math.abs(t));
        f += c * ((t > 0 ? t : 0) + Math.log1p(e) - yi * t);
        const s = t >= 0 ? 1 / (1 + e) : e / (1 + e);
        curve[i] = s * (1 - s);
        const r = c * (s - yi);
        grad[nw]! += r;
        for (let p = start; p < end; p++) grad[indices[p]!]! += values[p]! * r;
        continue;
      }
      this.rowTimes(start, end, theta, row);
      let m = -Infinity;
      for (let k = 0; k < width; k++) m = Math.max(m, row[k]!);
      let sum = 0;
      for (let k = 0; k < width; k++) sum += Math.exp(row[k]! - m);
      const lse = m + Math.log(sum);
      f += c * (lse - row[y[i]!]!);
      const pi = i * width;
      for (let k = 0; k < width; k++) {
        const prob = Math.exp(row[k]! - lse);
        curve[pi + k] = prob;
        row[k] = c * (prob - (k === y[i] ? 1 : 0));
      }
      this.scatterRow(start, end, row, grad);
    }
    return f;
  }

  /** row := [xᵢ, 1] · V for the entries start..end of row i (V: features × width, then the bias row). */
  private rowTimes(start: number, end: number, v: Float64Array, row: Float64Array): void {
    const { width, nw } = this;
    const { indices, values } = this.x;
    for (let k = 0; k < width; k++) row[k] = v[nw + k]!;
    for (let p = start; p < end; p++) {
      const val = values[p]!;
      const vj = indices[p]! * width;
      for (let k = 0; k < width; k++) row[k]! += val * v[vj + k]!;
    }
  }

  /** out += [xᵢ, 1]ᵀ row for the entries start..end of row i. */
  private scatterRow(start: number, end: number, row: Float64Array, out: Float64Array): void {
    const { width, nw } = this;
    const { indices, values } = this.x;
    for (let k = 0; k < width; k++) out[nw + k]! += row[k]!;
    for (let p = start; p < end; p++) {
      const val = values[p]!;
      const oj = indices[p]! * width;
      for (let k = 0; k < width; k++) out[oj + k]! += val * row[k]!;
    }
  }

  /** out = the diagonal of ∇²f at the point last evaluated (the preconditioner's, see `preconditioner`). */
  hessianDiagonal(out: Float64Array): void {
    const { x, c, width, nw, curve } = this;
    const { indptr, indices, values } = x;
    out.fill(1, 0, nw);
    out.fill(0, nw);
    for (let i = 0; i < x.rows; i++) {
      const pi = i * width;
      for (let k = 0; k < width; k++) {
        const h = c * (width === 1 ? curve[i]! : curve[pi + k]! * (1 - curve[pi + k]!));
        out[nw + k]! += h;
        for (let p = indptr[i]!; p < indptr[i + 1]!; p++)
          out[indices[p]! * width + k]! += values[p]! * values[p]! * h;
      }
    }
  }

  /**
   * out = ∇²f v at the point last evaluated: v's weights (the penalty) plus C Σᵢ x̃ᵢᵀ Hᵢ (x̃ᵢ v), x̃ᵢ = [xᵢ, 1],
   * Hᵢ = σ(1 − σ) (binary) or diag(p) − p pᵀ (softmax).
   */
  hessianTimes(v: Float64Array, out: Float64Array): void {
    const { x, c, width, nw, curve, row } = this;
    const { indptr, indices, values } = x;
    for (let j = 0; j < nw; j++) out[j] = v[j]!;
    for (let k = 0; k < width; k++) out[nw + k] = 0;
    for (let i = 0; i < x.rows; i++) {
      const start = indptr[i]!;
      const end = indptr[i + 1]!;
      if (width === 1) {
        let t = v[nw]!;
        for (let p = start; p < end; p++) t += values[p]! * v[indices[p]!]!;
        const r = c * curve[i]! * t;
        out[nw]! += r;
        for (let p = start; p < end; p++) out[indices[p]!]! += values[p]! * r;
        continue;
      }
      this.rowTimes(start, end, v, row);
      const pi = i * width;
      let pu = 0;
      for (let k = 0; k < width; k++) pu += curve[pi + k]! * row[k]!;
      for (let k = 0; k < width; k++) row[k] = c * curve[pi + k]! * (row[k]! - pu);
      this.scatterRow(start, end, row, out);
    }
  }
}

/**
 * The diagonal preconditioner of the conjugate gradients at the point last evaluated: M = (1 − a)·I + a·diag(∇²f),
 * a = 0.01, as LIBLINEAR's TRON has it since 2.20 (Hsia, Chiang and Lin 2018). diag(∇²f) is 1 + C Σᵢ xᵢⱼ² hᵢₖ
 * for weight (j, k) and C Σᵢ hᵢₖ for bias k, hᵢₖ = σ(1 − σ) (binary) or pᵢₖ(1 − pᵢₖ) (softmax). Without it,
 * a column far wider than the others (a size standardised to 84 standard deviations beside a text's
 * tf-idf) took the Newton steps to their 250 conjugate-gradient iterations.
 */
function preconditioner(problem: LogisticProblem, m: Float64Array): void {
  problem.hessianDiagonal(m);
  for (let i = 0; i < m.length; i++) m[i] = 0.99 + 0.01 * m[i]!;
}

/** uᵀ diag(m) v */
function dotM(u: Float64Array, m: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i]! * m[i]! * v[i]!;
  return s;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** a += t · b */
function axpy(a: Float64Array, t: number, b: Float64Array): void {
  for (let i = 0; i < a.length; i++) a[i]! += t * b[i]!;
}

/**
 * Approximately minimises gᵀs + ½ sᵀHs within ‖s‖_M ≤ delta by conjugate gradients preconditioned by
 * diag(m) (LIBLINEAR's trpcg), stopping when the preconditioned residual is a tenth of the first one or
 * the step reaches the boundary. Writes the step into s and the residual −(g + Hs) into r.
 */
function truncatedCg(
  problem: LogisticProblem,
  g: Float64Array,
  m: Float64Array,
  delta: number,
  s: Float64Array,
  r: Float64Array,
  d: Float64Array,
  hd: Float64Array,
  z: Float64Array,
): void {
  s.fill(0);
  for (let i = 0; i < g.length; i++) {
    r[i] = -g[i]!;
    z[i] = r[i]! / m[i]!;
  }
  d.set(z);
  let zr = dot(z, r);
  const stop = 0.1 * Math.sqrt(zr);
  let it = 0;
  while (Math.sqrt(zr) > stop && it < 250) {
    it++;
    problem.hessianTimes(d, hd);
    const alpha = zr / dot(d, hd);
    axpy(s, alpha, d);
    if (Math.sqrt(dotM(s, m, s)) > delta) {
      // Back to the previous s and along d to the boundary: the τ ≥ 0 with ‖s + τd‖_M = delta.
      axpy(s, -alpha, d);
      const sd = dotM(s, m, d);
      const dd = dotM(d, m, d);
      const gap = delta * delta - dotM(s, m, s);
      const root = Math.sqrt(sd * sd + dd * gap);
      const tau = sd >= 0 ? gap / (sd + root) : (root - sd) / dd;
      axpy(s, tau, d);
      axpy(r, -tau, hd);
      break;
    }
    axpy(r, -alpha, hd);
    for (let i = 0; i < z.length; i++) z[i] = r[i]! / m[i]!;
    const zrNext = dot(z, r);
    const beta = zrNext / zr;
    for (let i = 0; i < d.length; i++) d[i] = z[i]! + beta * d[i]!;
    zr = zrNext;
  }
}

/**
 * Fits the model; `init` warm-starts from another fit (a path of increasing C converges faster).
 * Converged when ‖∇f‖ ≤ tol · ‖∇f(0)‖ (default 1e-4).
 * @example const m = fitSparseLogistic(xTrain, yTrain, 2, { c: 10 }); predictSparseLogistic(m, xTest)
 */
export function fitSparseLogistic(
  x: CsrMatrix,
  y: Int32Array,
  numClasses: number,
  opts: { c: number; maxIter?: number; tol?: number; init?: SparseLogisticModel },
): SparseLogisticModel {
  const problem = new LogisticProblem(x, y, numClasses, opts.c);
  const { width, nw, size } = problem;
  const maxIter = opts.maxIter ?? 100;
  const tol = opts.tol ?? 1e-4;
  const theta = new Float64Array(size);
  const g = new Float64Array(size);
  // The scale of the problem: the gradient at θ = 0, whatever the start.
  let f = problem.evaluate(theta, g);
  const g0 = Math.sqrt(dot(g, g));
  if (opts.init && opts.init.width === width && opts.init.weights.length === nw) {
    theta.set(opts.init.weights);
    theta.set(opts.init.bias, nw);
    f = problem.evaluate(theta, g);
  }
  const s = new Float64Array(size);
  const r = new Float64Array(size);
  const d = new Float64Array(size);
  const hd = new Float64Array(size);
  const next = new Float64Array(size);
  const gNext = new Float64Array(size);
  const z = new Float64Array(size);
  const m = new Float64Array(size);
  preconditioner(problem, m);
  // Trust-region radius updates as in TRON: shrink on poor agreement between the actual and the
  // quadratic model's predicted decrease, grow on good agreement.
  const [eta0, eta1, eta2] = [1e-4, 0.25, 0.75];
  const [sigma1, sigma2, sigma3] = [0.25, 0.5, 4];
  let delta = Math.sqrt(dotM(g, m, g));
  let it = 0;
  while (it < maxIter && Math.sqrt(dot(g, g)) > tol * g0) {
    it++;
    truncatedCg(problem, g, m, delta, s, r, d, hd, z);
    for (let i = 0; i < size; i++) next[i] = theta[i]! + s[i]!;
    const gs = dot(g, s);
    const predicted = -0.5 * (gs - dot(s, r));
    const fNext = problem.evaluate(next, gNext);
    const actual = f - fNext;
    const snorm = Math.sqrt(dotM(s, m, s));
    if (it === 1) delta = Math.min(delta, snorm);
    const curvature = fNext - f - gs;
    const alpha = curvature <= 0 ? sigma3 : Math.max(sigma1, -0.5 * (gs / curvature));
    if (actual < eta0 * predicted) delta = Math.min(Math.max(alpha, sigma1) * snorm, sigma2 * delta);
    else if (actual < eta1 * predicted)
      delta = Math.max(sigma1 * delta, Math.min(alpha * snorm, sigma2 * delta));
    else if (actual < eta2 * predicted)
      delta = Math.max(sigma1 * delta, Math.min(alpha * snorm, sigma3 * delta));
    else delta = Math.max(delta, Math.min(alpha * snorm, sigma3 * delta));
    if (actual > eta0 * predicted) {
      theta.set(next);
      g.set(gNext);
      f = fNext;
      preconditioner(problem, m); // the curvature of the new point
    } else {
      // Rejected: the curvature kept must be the current point's again.
      problem.evaluate(theta, g);
    }
    // No further progress is possible in float64.
    if (Math.abs(actual) <= 1e-12 * Math.abs(f) && Math.abs(predicted) <= 1e-12 * Math.abs(f)) break;
  }
  return { weights: theta.slice(0, nw), bias: theta.slice(nw), width, iterations: it };
}

/** Class ids and, for two classes, the positive class's probability. */
export function predictSparseLogistic(
  model: SparseLogisticModel,
  x: CsrMatrix,
): { classes: Int32Array; positive?: Float32Array } {
  const { width } = model;
  const z = scores(x, model.weights, model.bias, width);
  if (width === 1) {
    const positive = Float32Array.from(z, (t) => 1 / (1 + Math.exp(-t)));
    return { classes: Int32Array.from(z, (t) => (t > 0 ? 1 : 0)), positive };
  }
  const classes = new Int32Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let best = 0;
    for (let k = 1; k < width; k++) if (z[i * width + k]! > z[i * width + best]!) best = k;
    classes[i] = best;
  }
  return { classes };
}

/** One logistic regression per label, or the label's value where every training row has the same one. */
export type OneVsRest = (SparseLogisticModel | 0 | 1)[];

/**
 * scikit-learn's OneVsRestClassifier(LogisticRegression(C)): label j's 0/1 column from `labelColumn(j)`,
 * each fitted on its own (warm-started from `init(j)` when given).
 * @example const models = fitOneVsRest(x, (j) => column(j), 6, 1);
 */
export function fitOneVsRest(
  x: CsrMatrix,
  labelColumn: (j: number) => Int32Array,
  k: number,
  c: number,
  init?: (j: number) => SparseLogisticModel | 0 | 1 | undefined,
): OneVsRest {
  return Array.from({ length: k }, (_, j) => {
    const y = labelColumn(j);
    const on = y.reduce((a, b) => a + b, 0);
    if (on === 0 || on === y.length) return on === 0 ? 0 : 1;
    const prior = init?.(j);
    return fitSparseLogistic(x, y, 2, { c, ...(typeof prior === 'object' ? { init: prior } : {}) });
  });
}

/** One-vs-rest probabilities (samples × labels) and the label sets at 0.5. */
export function predictOneVsRest(
  models: OneVsRest,
  x: CsrMatrix,
  k: number,
): { sets: Uint8Array; probs: Float32Array } {
  const probs = new Float32Array(x.rows * k);
  models.forEach((m, j) => {
    const p = typeof m === 'number' ? null : predictSparseLogistic(m, x).positive!;
    for (let i = 0; i < x.rows; i++) probs[i * k + j] = p ? p[i]! : (m as number);
  });
  return { sets: Uint8Array.from(probs, (p) => (p >= 0.5 ? 1 : 0)), probs };
}

import type { FloatArray, ReduceOp } from '../interface.js';
import { broadcastStrides } from './strides.js';

/** Reduces x over `axes`; out has x's rank with those axes of size 1. */
export function reduce<F extends FloatArray>(
  op: ReduceOp,
  x: F,
  shape: readonly number[],
  axes: readonly number[],
  out: F,
): void {
  const outShape = shape.map((s, d) => (axes.includes(d) ? 1 : s));
  const outStrides = broadcastStrides(outShape, shape);
  const acc = new Float64Array(out.length).fill(op === 'sum' ? 0 : op === 'max' ? -Infinity : Infinity);
  const seenNaN = new Uint8Array(out.length);
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  let o = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (op === 'sum') acc[o]! += v;
    else if (Number.isNaN(v)) seenNaN[o] = 1;
    else if (op === 'max' ? v > acc[o]! : v < acc[o]!) acc[o] = v;
    for (let d = rank - 1; d >= 0; d--) {
      index[d]!++;
      o += outStrides[d]!;
      if (index[d]! < shape[d]!) break;
      o -= outStrides[d]! * shape[d]!;
      index[d] = 0;
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = seenNaN[i] ? NaN : acc[i]!;
}

/** Row-wise softmax or log-softmax of x (rows, cols), shifted by the row maximum for stability. */
export function softmax<F extends FloatArray>(x: F, rows: number, cols: number, out: F, log: boolean): void {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, x[base + j]!);
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += Math.exp(x[base + j]! - max);
    if (log) {
      const logSum = Math.log(sum) + max;
      for (let j = 0; j < cols; j++) out[base + j] = x[base + j]! - logSum;
    } else {
      for (let j = 0; j < cols; j++) out[base + j] = Math.exp(x[base + j]! - max) / sum;
    }
  }
}

/**
 * softmax: dx = y ⊙ (dy − Σ dy·y); log-softmax: dx = dy − exp(y) · Σ dy.
 */
export function softmaxBackward<F extends FloatArray>(
  y: F,
  dy: F,
  rows: number,
  cols: number,
  dx: F,
  log: boolean,
): void {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let dot = 0;
    for (let j = 0; j < cols; j++) dot += log ? dy[base + j]! : dy[base + j]! * y[base + j]!;
    for (let j = 0; j < cols; j++) {
      const i = base + j;
      dx[i] = log ? dy[i]! - Math.exp(y[i]!) * dot : y[i]! * (dy[i]! - dot);
    }
  }
}

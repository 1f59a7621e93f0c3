// Pieces shared by the reference LSTM, GRU and SimpleRNN sequence kernels (lstm.ts, gru.ts,
// simple-rnn.ts): step order, dropout of inputs and states, and the GEMMs after the backward loop.
// Shapes: x (T,B,I), states (T,B,H), gate blocks (T·B, G·H); time-major, row-major.
import {
  rnnSavedSizes,
  type FloatArray,
  type RecurrentKind,
  type RnnSaved,
  type RnnSequenceArgs,
} from '../interface.js';
import { gemm } from './gemm.js';

export function newLike<F extends FloatArray>(like: F, n: number): F {
  return (like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n)) as F;
}

/** `saved`, or (inference: null) scratch arrays of the sizes a kernel of this kind needs. */
export function savedOrScratch<F extends FloatArray>(
  kind: RecurrentKind,
  a: RnnSequenceArgs<F>,
  saved: RnnSaved<F> | null,
): RnnSaved<F> {
  if (saved) return saved;
  const n = rnnSavedSizes(kind, a.T, a.B, a.H);
  return {
    gates: newLike(a.x, n.gates),
    h: newLike(a.x, n.h),
    c: n.c ? newLike(a.x, n.c) : null,
    candidate: n.candidate ? newLike(a.x, n.candidate) : null,
  };
}

/** The time index processed at step s (reverse = goBackwards). */
export function timeAt(s: number, T: number, reverse: boolean): number {
  return reverse ? T - 1 - s : s;
}

/** The (B, H) state entering step s: the initial one, or the state after step s − 1. */
export function stateBefore<F extends FloatArray>(
  initial: F,
  states: F,
  s: number,
  T: number,
  B: number,
  H: number,
  reverse: boolean,
): F {
  if (s === 0) return initial;
  const t = timeAt(s - 1, T, reverse);
  return states.subarray(t * B * H, (t + 1) * B * H) as F;
}

/** True when row b is a real (not padded) step at time t. */
export function isValid(mask: Uint8Array | null, t: number, B: number, b: number): boolean {
  return mask === null || mask[t * B + b] !== 0;
}

/** hPrev ⊙ recurrent dropout mask into `into`, or hPrev itself without a mask. */
export function dropState<F extends FloatArray>(hPrev: F, mask: F | null, into: F): F {
  if (!mask) return hPrev;
  for (let i = 0; i < hPrev.length; i++) into[i] = hPrev[i]! * mask[i]!;
  return into;
}

/**
 * x ⊙ input dropout mask (the same (B, I) mask at every step), time-major (T·B, I): x itself when it
 * is time-major and there is no mask, else a copy (transposed from (B, T, I) with xBatchMajor, or
 * gathered from the table's rows with xIds).
 */
export function droppedInputs<F extends FloatArray>(a: RnnSequenceArgs<F>): F {
  const { x, inputDropoutMask: m, T, B, I } = a;
  const ids = a.xIds ?? null;
  if (!m && !a.xBatchMajor && !ids) return x;
  const out = newLike(x, T * B * I);
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      const from = (ids ? ids[b * T + t]! : a.xBatchMajor ? b * T + t : t * B + b) * I;
      const to = (t * B + b) * I;
      for (let i = 0; i < I; i++) out[to + i] = m ? x[from + i]! * m[b * I + i]! : x[from + i]!;
    }
  }
  return out;
}

/**
 * Phase 1: out (T·B, GH) = xd · kernel + bias, one GEMM for every step. `bias` (GH) may be null.
 */
export function projectInputs<F extends FloatArray>(
  a: RnnSequenceArgs<F>,
  xd: F,
  GH: number,
  bias: F | null,
  out: F,
): void {
  const rows = a.T * a.B;
  if (bias) for (let r = 0; r < rows; r++) out.set(bias.subarray(0, GH), r * GH);
  gemm(rows, GH, a.I, xd, a.kernel, out, { beta: bias ? 1 : 0 });
}

/** The recurrent-dropped state entering each step, stored at that step's t: (T, B, H). */
export function previousStates<F extends FloatArray>(a: RnnSequenceArgs<F>, states: F): F {
  const { T, B, H, reverse } = a;
  const out = newLike(states, T * B * H);
  for (let s = 0; s < T; s++) {
    const t = timeAt(s, T, reverse);
    const hPrev = stateBefore(a.h0, states, s, T, B, H, reverse);
    const dst = out.subarray(t * B * H, (t + 1) * B * H) as F;
    if (a.recurrentDropoutMask) dropState(hPrev, a.recurrentDropoutMask, dst);
    else dst.set(hPrev);
  }
  return out;
}

/**
 * After the backward loop: dKernel = xdᵀ · dGates, dX = (dGates · kernelᵀ) ⊙ input mask, both over
 * all T·B rows at once.
 */
export function inputGradients<F extends FloatArray>(
  a: RnnSequenceArgs<F>,
  xd: F,
  dGates: F,
  GH: number,
  dKernel: F,
  dX: F,
): void {
  const rows = a.T * a.B;
  gemm(a.I, GH, rows, xd, dGates, dKernel, { transA: true });
  gemm(rows, a.I, GH, dGates, a.kernel, dX, { transB: true });
  const m = a.inputDropoutMask;
  if (m) {
    const BI = a.B * a.I;
    for (let i = 0; i < dX.length; i++) dX[i]! *= m[i % BI]!;
  }
}

/** out[offset + j] = Σ_r g[r, j] for a (rows, cols) block. */
export function sumRows<F extends FloatArray>(g: F, rows: number, cols: number, out: F, offset = 0): void {
  for (let j = 0; j < cols; j++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += g[r * cols + j]!;
    out[offset + j] = s;
  }
}

/** dh (B, H) += (dRec (B, GH) · recurrentKernelᵀ) ⊙ recurrent dropout mask, only on valid rows. */
export function addRecurrentGradient<F extends FloatArray>(
  dRec: F,
  recurrentKernel: F,
  mask: F | null,
  B: number,
  H: number,
  GH: number,
  scratch: F,
  dh: F,
): void {
  gemm(B, H, GH, dRec, recurrentKernel, scratch, { transB: true });
  for (let i = 0; i < B * H; i++) dh[i]! += mask ? scratch[i]! * mask[i]! : scratch[i]!;
}

// GRU over a whole sequence: the executable specification of native/src/gru.cc.
//
// Shapes (time-major, row-major): x (T,B,I), kernel (I,3H), recurrentKernel (H,3H), h0 (B,H),
// mask (T,B), y/saved.h/saved.candidate (T,B,H), saved.gates (T,B,3H) pre-activations.
// Gate columns z, r, h (Keras). With a = act, σ = recurrentAct, xd = x_t ⊙ input mask,
// hd = h_{t−1} ⊙ recurrent mask:
//   z = σ(xd·W_z + hd·U_z + b_z),  r = σ(xd·W_r + hd·U_r + b_r)
//   resetAfter (bias (2,3H) = [b; rb]):  h̃ = a(xd·W_h + b_h + r ⊙ (hd·U_h + rb_h)), z and r also add rb
//   otherwise  (bias (3H)):              h̃ = a(xd·W_h + (r ⊙ hd)·U_h + b_h)
//   h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃   (Keras convention)
// saved.candidate holds hd·U_h + rb_h (resetAfter) or r ⊙ hd (otherwise). resetAfter false needs
// two recurrent GEMMs per step (the second waits for r).
import type {
  FloatArray,
  RnnGrads,
  RnnSaved,
  RnnSequenceArgs,
  RnnSequenceOutputs,
  RnnUpstream,
} from '../interface.js';
import { unaryDerivative as dAct, unaryScalar as act } from './elementwise.js';
import { gemm } from './gemm.js';
import {
  addRecurrentGradient,
  dropState,
  droppedInputs,
  inputGradients,
  isValid,
  newLike,
  previousStates,
  savedOrScratch,
  projectInputs,
  stateBefore,
  sumRows,
  timeAt,
} from './rnn-common.js';

/** Columns [from, from + n) of a (rows, cols) matrix, as a contiguous (rows, n) copy. */
function columns<F extends FloatArray>(m: F, rows: number, cols: number, from: number, n: number): F {
  const out = newLike(m, rows * n);
  for (let r = 0; r < rows; r++) out.set(m.subarray(r * cols + from, r * cols + from + n), r * n);
  return out;
}

function requireCandidate<F extends FloatArray>(saved: RnnSaved<F>): F {
  if (!saved.candidate) throw new TypeError('gruSequence: saved.candidate (T, B, H) is required for a GRU');
  return saved.candidate;
}

export function gruSequenceForward<F extends FloatArray>(
  a: RnnSequenceArgs<F>,
  out: RnnSequenceOutputs<F>,
  savedOrNull: RnnSaved<F> | null,
): void {
  const saved = savedOrScratch('gru', a, savedOrNull); // null: inference
  const { T, B, H, reverse, resetAfter, activation, recurrentActivation: gateAct } = a;
  const G = 3 * H;
  const cand = requireCandidate(saved);
  const inputBias = a.bias ? (a.bias.subarray(0, G) as F) : null;
  const recurrentBias = a.bias && resetAfter ? (a.bias.subarray(G, 2 * G) as F) : null;
  projectInputs(a, droppedInputs(a), G, inputBias, saved.gates); // 1. all input projections
  const hd = newLike(a.h0, B * H);
  const rec = newLike(a.h0, B * G);
  // resetAfter false: U_zr (H, 2H) and U_h (H, H) as contiguous blocks for the two GEMMs.
  const Uzr = resetAfter ? null : columns(a.recurrentKernel, H, G, 0, 2 * H);
  const Uh = resetAfter ? null : columns(a.recurrentKernel, H, G, 2 * H, H);
  const rhd = newLike(a.h0, B * H);
  const recH = newLike(a.h0, B * H);
  for (let s = 0; s < T; s++) {
    const t = timeAt(s, T, reverse);
    const hPrev = stateBefore(a.h0, saved.h, s, T, B, H, reverse);
    const hIn = dropState(hPrev, a.recurrentDropoutMask, hd);
    const z = saved.gates.subarray(t * B * G, (t + 1) * B * G) as F;
    if (resetAfter)
      gemm(B, G, H, hIn, a.recurrentKernel, rec); // 2. hd·U, all three blocks
    else gemm(B, 2 * H, H, hIn, Uzr!, rec); // 2. hd·U_zr; rec is (B, 2H) here
    const RG = resetAfter ? G : 2 * H;
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < H; j++) {
        const zr = b * G + j;
        z[zr] = z[zr]! + rec[b * RG + j]! + (recurrentBias ? recurrentBias[j]! : 0);
        z[zr + H] = z[zr + H]! + rec[b * RG + H + j]! + (recurrentBias ? recurrentBias[H + j]! : 0);
        const r = act(gateAct, z[zr + H]!);
        if (resetAfter)
          cand[(t * B + b) * H + j] =
            rec[b * G + 2 * H + j]! + (recurrentBias ? recurrentBias[2 * H + j]! : 0);
        else rhd[b * H + j] = r * hIn[b * H + j]!;
      }
    }
    if (!resetAfter) {
      gemm(B, H, H, rhd, Uh!, recH); // (r ⊙ hd)·U_h
      cand.set(rhd, t * B * H);
    }
    for (let b = 0; b < B; b++) {
      const valid = isValid(a.mask, t, B, b);
      for (let j = 0; j < H; j++) {
        const k = (t * B + b) * H + j;
        const hp = hPrev[b * H + j]!;
        if (!valid) {
          saved.h[k] = hp;
          if (out.y) out.y[k] = 0;
          continue;
        }
        const zr = b * G + j;
        const ah = resetAfter
          ? z[zr + 2 * H]! + act(gateAct, z[zr + H]!) * cand[k]!
          : z[zr + 2 * H]! + recH[b * H + j]!;
        z[zr + 2 * H] = ah;
        const u = act(gateAct, z[zr]!);
        saved.h[k] = u * hp + (1 - u) * act(activation, ah);
        if (out.y) out.y[k] = saved.h[k]!;
      }
    }
  }
  const last = timeAt(T - 1, T, reverse);
  out.hT.set(T > 0 ? saved.h.subarray(last * B * H, (last + 1) * B * H) : a.h0);
}

export function gruSequenceBackward<F extends FloatArray>(
  a: RnnSequenceArgs<F>,
  saved: RnnSaved<F>,
  up: RnnUpstream<F>,
  grads: RnnGrads<F>,
): void {
  const { T, B, H, reverse, resetAfter, activation, recurrentActivation: gateAct } = a;
  const G = 3 * H;
  const cand = requireCandidate(saved);
  const dh = newLike(a.h0, B * H);
  if (up.dHT) dh.set(up.dHT);
  const hdAll = previousStates(a, saved.h); // (T, B, H) recurrent-dropped h_{t−1}
  const dGx = newLike(a.x, T * B * G); // gradient of the input-side pre-activations
  // resetAfter: the recurrent side differs from dGx only in its h block (times r).
  // Otherwise: dGzr (T,B,2H) for U_zr and dAh (T,B,H) for U_h, each a contiguous GEMM operand.
  const dGr = resetAfter ? newLike(a.x, T * B * G) : null;
  const dGzr = resetAfter ? null : newLike(a.x, T * B * 2 * H);
  const dAh = resetAfter ? null : newLike(a.x, T * B * H);
  const Uzr = resetAfter ? null : columns(a.recurrentKernel, H, G, 0, 2 * H);
  const Uh = resetAfter ? null : columns(a.recurrentKernel, H, G, 2 * H, H);
  const scratch = newLike(a.h0, B * H);
  for (let s = T - 1; s >= 0; s--) {
    const t = timeAt(s, T, reverse);
    const hPrev = stateBefore(a.h0, saved.h, s, T, B, H, reverse);
    const z = saved.gates.subarray(t * B * G, (t + 1) * B * G);
    for (let b = 0; b < B; b++) {
      if (!isValid(a.mask, t, B, b)) continue; // h carried over: dh passes through
      for (let j = 0; j < H; j++) {
        const k = (t * B + b) * H + j;
        const zr = b * G + j;
        const row = (t * B + b) * G + j;
        const u = act(gateAct, z[zr]!);
        const r = act(gateAct, z[zr + H]!);
        const ah = z[zr + 2 * H]!;
        const hc = act(activation, ah);
        const dhv = dh[b * H + j]! + (up.dY ? up.dY[k]! : 0);
        const dah = dhv * (1 - u) * dAct(activation, ah, hc);
        const daz = dhv * (hPrev[b * H + j]! - hc) * dAct(gateAct, z[zr]!, u);
        dGx[row] = daz;
        dGx[row + 2 * H] = dah;
        if (resetAfter) {
          const dar = dah * cand[k]! * dAct(gateAct, z[zr + H]!, r);
          dGx[row + H] = dar;
          dGr![row] = daz;
          dGr![row + H] = dar;
          dGr![row + 2 * H] = dah * r;
        } else {
          dGzr![(t * B + b) * 2 * H + j] = daz;
          dAh![k] = dah;
        }
        dh[b * H + j] = dhv * u; // the direct path z ⊙ h_{t−1}
      }
    }
    if (resetAfter) {
      addRecurrentGradient(
        dGr!.subarray(t * B * G, (t + 1) * B * G) as F,
        a.recurrentKernel,
        a.recurrentDropoutMask,
        B,
        H,
        G,
        scratch,
        dh,
      );
      continue;
    }
    // d(r ⊙ hd) = dAh·U_hᵀ gives dr (through hd) and a part of dhd (through r).
    const dRhd = newLike(a.h0, B * H);
    gemm(B, H, H, dAh!.subarray(t * B * H, (t + 1) * B * H) as F, Uh!, dRhd, { transB: true });
    const hd = hdAll.subarray(t * B * H, (t + 1) * B * H);
    const m = a.recurrentDropoutMask;
    for (let b = 0; b < B; b++) {
      if (!isValid(a.mask, t, B, b)) continue;
      for (let j = 0; j < H; j++) {
        const zr = b * G + j;
        const r = act(gateAct, z[zr + H]!);
        const dar = dRhd[b * H + j]! * hd[b * H + j]! * dAct(gateAct, z[zr + H]!, r);
        dGx[(t * B + b) * G + H + j] = dar;
        dGzr![(t * B + b) * 2 * H + H + j] = dar;
        dh[b * H + j]! += dRhd[b * H + j]! * r * (m ? m[b * H + j]! : 1);
      }
    }
    addRecurrentGradient(
      dGzr!.subarray(t * B * 2 * H, (t + 1) * B * 2 * H) as F,
      Uzr!,
      m,
      B,
      H,
      2 * H,
      scratch,
      dh,
    );
  }
  grads.dH0.set(dh);
  if (resetAfter) {
    gemm(H, G, T * B, hdAll, dGr!, grads.dRecurrentKernel, { transA: true });
  } else {
    const dUzr = newLike(a.x, H * 2 * H);
    const dUh = newLike(a.x, H * H);
    gemm(H, 2 * H, T * B, hdAll, dGzr!, dUzr, { transA: true });
    gemm(H, H, T * B, cand, dAh!, dUh, { transA: true });
    for (let p = 0; p < H; p++) {
      grads.dRecurrentKernel.set(dUzr.subarray(p * 2 * H, (p + 1) * 2 * H), p * G);
      grads.dRecurrentKernel.set(dUh.subarray(p * H, (p + 1) * H), p * G + 2 * H);
    }
  }
  inputGradients(a, droppedInputs(a), dGx, G, grads.dKernel, grads.dX);
  if (grads.dBias) {
    sumRows(dGx, T * B, G, grads.dBias);
    if (resetAfter) sumRows(dGr!, T * B, G, grads.dBias, G);
  }
}

// LSTM over a whole sequence: the executable specification of native/src/lstm.cc.
//
// Shapes (time-major, row-major): x (T,B,I), kernel (I,4H), recurrentKernel (H,4H), bias (4H),
// h0/c0 (B,H), mask (T,B), y/saved.h/saved.c (T,B,H), saved.gates (T,B,4H) pre-activations.
// Gate columns i, f, c, o (Keras). With a = act, σ = recurrentAct, hd = h_{t−1} ⊙ recurrent mask:
//   z = (x_t ⊙ input mask)·W + hd·U + b;  i = σ(z_i), f = σ(z_f), g = a(z_c), o = σ(z_o)
//   c_t = f ⊙ c_{t−1} + i ⊙ g;  h_t = o ⊙ a(c_t)
// A padded step (mask 0) carries h and c over and outputs 0.
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

function requireCells<F extends FloatArray>(c: F | null, what: string): F {
  if (!c) throw new TypeError(`lstmSequence: ${what} is required for an LSTM`);
  return c;
}

export function lstmSequenceForward<F extends FloatArray>(
  a: RnnSequenceArgs<F>,
  out: RnnSequenceOutputs<F>,
  savedOrNull: RnnSaved<F> | null,
): void {
  const saved = savedOrScratch('lstm', a, savedOrNull); // null: inference
  const { T, B, H, reverse, activation, recurrentActivation: gateAct } = a;
  const G = 4 * H;
  const c0 = requireCells(a.c0, 'c0');
  const cs = requireCells(saved.c, 'saved.c');
  projectInputs(a, droppedInputs(a), G, a.bias, saved.gates); // 1. all input projections
  const hd = newLike(a.h0, B * H);
  for (let s = 0; s < T; s++) {
    const t = timeAt(s, T, reverse);
    const hPrev = stateBefore(a.h0, saved.h, s, T, B, H, reverse);
    const cPrev = stateBefore(c0, cs, s, T, B, H, reverse);
    const z = saved.gates.subarray(t * B * G, (t + 1) * B * G) as F;
    gemm(B, G, H, dropState(hPrev, a.recurrentDropoutMask, hd), a.recurrentKernel, z, { beta: 1 }); // 2.
    for (let b = 0; b < B; b++) {
      const valid = isValid(a.mask, t, B, b);
      for (let j = 0; j < H; j++) {
        const k = (t * B + b) * H + j;
        if (!valid) {
          cs[k] = cPrev[b * H + j]!;
          saved.h[k] = hPrev[b * H + j]!;
          if (out.y) out.y[k] = 0;
          continue;
        }
        const row = b * G;
        const i = act(gateAct, z[row + j]!);
        const f = act(gateAct, z[row + H + j]!);
        const g = act(activation, z[row + 2 * H + j]!);
        const o = act(gateAct, z[row + 3 * H + j]!);
        const c = f * cPrev[b * H + j]! + i * g;
        cs[k] = c;
        saved.h[k] = o * act(activation, c);
        if (out.y) out.y[k] = saved.h[k]!;
      }
    }
  }
  const last = timeAt(T - 1, T, reverse);
  out.hT.set(T > 0 ? saved.h.subarray(last * B * H, (last + 1) * B * H) : a.h0);
  requireCells(out.cT, 'out.cT').set(T > 0 ? cs.subarray(last * B * H, (last + 1) * B * H) : c0);
}

export function lstmSequenceBackward<F extends FloatArray>(
  a: RnnSequenceArgs<F>,
  saved: RnnSaved<F>,
  up: RnnUpstream<F>,
  grads: RnnGrads<F>,
): void {
  const { T, B, H, reverse, activation, recurrentActivation: gateAct } = a;
  const G = 4 * H;
  const c0 = requireCells(a.c0, 'c0');
  const cs = requireCells(saved.c, 'saved.c');
  const dh = newLike(a.h0, B * H);
  const dc = newLike(a.h0, B * H);
  if (up.dHT) dh.set(up.dHT);
  if (up.dCT) dc.set(up.dCT);
  const dGates = newLike(a.x, T * B * G);
  const scratch = newLike(a.h0, B * H);
  for (let s = T - 1; s >= 0; s--) {
    const t = timeAt(s, T, reverse);
    const cPrev = stateBefore(c0, cs, s, T, B, H, reverse);
    const z = saved.gates.subarray(t * B * G, (t + 1) * B * G);
    const dz = dGates.subarray(t * B * G, (t + 1) * B * G) as F;
    for (let b = 0; b < B; b++) {
      if (!isValid(a.mask, t, B, b)) continue; // h and c were carried over: dh, dc pass through
      for (let j = 0; j < H; j++) {
        const k = (t * B + b) * H + j;
        const row = b * G;
        const zi = z[row + j]!;
        const zf = z[row + H + j]!;
        const zg = z[row + 2 * H + j]!;
        const zo = z[row + 3 * H + j]!;
        const i = act(gateAct, zi);
        const f = act(gateAct, zf);
        const g = act(activation, zg);
        const o = act(gateAct, zo);
        const c = cs[k]!;
        const ac = act(activation, c);
        const dhv = dh[b * H + j]! + (up.dY ? up.dY[k]! : 0);
        const dcv = dc[b * H + j]! + dhv * o * dAct(activation, c, ac);
        dz[row + j] = dcv * g * dAct(gateAct, zi, i);
        dz[row + H + j] = dcv * cPrev[b * H + j]! * dAct(gateAct, zf, f);
        dz[row + 2 * H + j] = dcv * i * dAct(activation, zg, g);
        dz[row + 3 * H + j] = dhv * ac * dAct(gateAct, zo, o);
        dc[b * H + j] = dcv * f;
        dh[b * H + j] = 0; // h_{t−1} reaches h_t only through the gates: added by the GEMM below
      }
    }
    addRecurrentGradient(dz, a.recurrentKernel, a.recurrentDropoutMask, B, H, G, scratch, dh); // 3.
  }
  grads.dH0.set(dh);
  requireCells(grads.dC0, 'grads.dC0').set(dc);
  gemm(H, G, T * B, previousStates(a, saved.h), dGates, grads.dRecurrentKernel, { transA: true });
  inputGradients(a, droppedInputs(a), dGates, G, grads.dKernel, grads.dX);
  if (grads.dBias) sumRows(dGates, T * B, G, grads.dBias);
}

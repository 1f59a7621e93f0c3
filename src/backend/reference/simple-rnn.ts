// SimpleRNN over a whole sequence: the executable specification of native/src/simple_rnn.cc.
//
// Shapes (time-major, row-major): x (T,B,I), kernel (I,H), recurrentKernel (H,H), bias (H),
// h0 (B,H), mask (T,B), y/saved.h (T,B,H), saved.gates (T,B,H) pre-activations.
//   h_t = a((x_t ⊙ input mask)·W + (h_{t−1} ⊙ recurrent mask)·U + b)
// A padded step (mask 0) carries h over and outputs 0.
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

export function simpleRnnSequenceForward<F extends FloatArray>(
  a: RnnSequenceArgs<F>,
  out: RnnSequenceOutputs<F>,
  savedOrNull: RnnSaved<F> | null,
): void {
  const saved = savedOrScratch('simpleRnn', a, savedOrNull); // null: inference
  const { T, B, H, reverse, activation } = a;
  projectInputs(a, droppedInputs(a), H, a.bias, saved.gates); // 1. all input projections
  const hd = newLike(a.h0, B * H);
  for (let s = 0; s < T; s++) {
    const t = timeAt(s, T, reverse);
    const hPrev = stateBefore(a.h0, saved.h, s, T, B, H, reverse);
    const z = saved.gates.subarray(t * B * H, (t + 1) * B * H) as F;
    gemm(B, H, H, dropState(hPrev, a.recurrentDropoutMask, hd), a.recurrentKernel, z, { beta: 1 }); // 2.
    for (let b = 0; b < B; b++) {
      const valid = isValid(a.mask, t, B, b);
      for (let j = 0; j < H; j++) {
        const k = (t * B + b) * H + j;
        saved.h[k] = valid ? act(activation, z[b * H + j]!) : hPrev[b * H + j]!;
        if (out.y) out.y[k] = valid ? saved.h[k]! : 0;
      }
    }
  }
  const last = timeAt(T - 1, T, reverse);
  out.hT.set(T > 0 ? saved.h.subarray(last * B * H, (last + 1) * B * H) : a.h0);
}

export function simpleRnnSequenceBackward<F extends FloatArray>(
  a: RnnSequenceArgs<F>,
  saved: RnnSaved<F>,
  up: RnnUpstream<F>,
  grads: RnnGrads<F>,
): void {
  const { T, B, H, reverse, activation } = a;
  const dh = newLike(a.h0, B * H);
  if (up.dHT) dh.set(up.dHT);
  const dGates = newLike(a.x, T * B * H);
  const scratch = newLike(a.h0, B * H);
  for (let s = T - 1; s >= 0; s--) {
    const t = timeAt(s, T, reverse);
    const dz = dGates.subarray(t * B * H, (t + 1) * B * H) as F;
    for (let b = 0; b < B; b++) {
      if (!isValid(a.mask, t, B, b)) continue; // h carried over: dh passes through
      for (let j = 0; j < H; j++) {
        const k = (t * B + b) * H + j;
        const dhv = dh[b * H + j]! + (up.dY ? up.dY[k]! : 0);
        dz[b * H + j] = dhv * dAct(activation, saved.gates[k]!, saved.h[k]!);
        dh[b * H + j] = 0;
      }
    }
    addRecurrentGradient(dz, a.recurrentKernel, a.recurrentDropoutMask, B, H, H, scratch, dh); // 3.
  }
  grads.dH0.set(dh);
  gemm(H, H, T * B, previousStates(a, saved.h), dGates, grads.dRecurrentKernel, { transA: true });
  inputGradients(a, droppedInputs(a), dGates, H, grads.dKernel, grads.dX);
  if (grads.dBias) sumRows(dGates, T * B, H, grads.dBias);
}

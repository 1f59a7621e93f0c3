import type { Backend, FloatArray, RnnSequenceArgs, UnaryOp } from '../../backend/interface.js';
import { getBackend } from '../../backend/select.js';
import { isRecording, record } from '../tape.js';
import { assertShape, formatShape, requireFloat, requireSameDType, Tensor } from '../tensor.js';
import { newFloats } from './broadcast.js';
import { reshape, slice } from './shape.js';

/** Options of the whole-sequence recurrent ops (lstmSequence, gruSequence, simpleRnnSequence). */
export interface RecurrentSequenceOptions {
  /** Initial states, each (B, H): [h0] (GRU, SimpleRNN) or [h0, c0] (LSTM). Default zeros. */
  initialState?: readonly Tensor[] | null;
  /** (B, T) float mask, nonzero = real step, 0 = padded (state carried over, output 0). Default none. */
  mask?: Tensor | null;
  /** (B, I) constant multiplying x at every step (Keras `dropout`), or null. */
  inputDropoutMask?: Tensor | null;
  /** (B, H) constant multiplying h_{t−1} before the recurrent product (Keras `recurrent_dropout`), or null. */
  recurrentDropoutMask?: Tensor | null;
  /**
   * Process the steps from last to first. The output sequence keeps its original time order
   * (reverse it with `reverseSequence` for Keras' go_backwards order).
   */
  goBackwards?: boolean;
  /** Default 'tanh'. */
  activation?: UnaryOp;
  /** Default 'sigmoid' (unused by SimpleRNN). */
  recurrentActivation?: UnaryOp;
}

/** A whole-sequence op's results: output (B, T, H) and the final states [h] or [h, c], each (B, H). */
export interface SequenceResult {
  output: Tensor;
  states: Tensor[];
}

export type RecurrentKind = 'lstm' | 'gru' | 'simpleRnn';

const GATES: Record<RecurrentKind, number> = { lstm: 4, gru: 3, simpleRnn: 1 };
const OP_NAME: Record<RecurrentKind, string> = {
  lstm: 'lstmSequence',
  gru: 'gruSequence',
  simpleRnn: 'simpleRnnSequence',
};

function kernels(backend: Backend, kind: RecurrentKind) {
  const b = backend;
  if (kind === 'lstm')
    return { forward: b.lstmSequenceForward.bind(b), backward: b.lstmSequenceBackward.bind(b) };
  if (kind === 'gru')
    return { forward: b.gruSequenceForward.bind(b), backward: b.gruSequenceBackward.bind(b) };
  return { forward: b.simpleRnnSequenceForward.bind(b), backward: b.simpleRnnSequenceBackward.bind(b) };
}

/**
 * One recorded op for a whole sequence: batch-major in, time-major inside (the one transpose), one
 * backend forward kernel, and a backward that calls the backend's backward kernel. The op's own
 * output packs [y; h_T; c_T] as (B, T + S, H); the results are slices of it.
 */
export function recurrentSequence(
  kind: RecurrentKind,
  x: Tensor,
  kernel: Tensor,
  recurrentKernel: Tensor,
  bias: Tensor | null,
  options: RecurrentSequenceOptions & { resetAfter?: boolean },
): SequenceResult {
  const name = OP_NAME[kind];
  const X = requireFloat(name, x);
  assertShape(name, x.rank === 3, `expects x of shape (batch, steps, features), got ${formatShape(x.shape)}`);
  const [B, T, I] = x.shape as [number, number, number];
  const G = GATES[kind];
  const H = recurrentKernel.shape[0] ?? 0;
  const resetAfter = kind === 'gru' && (options.resetAfter ?? true);
  const expectShape = (what: string, t: Tensor, shape: number[]): void => {
    requireSameDType(name, x, t);
    assertShape(
      name,
      t.rank === shape.length && t.shape.every((d, i) => d === shape[i]),
      `${what} must have shape ${formatShape(shape)} (features ${I}, units ${H}), got ${formatShape(t.shape)}`,
    );
  };
  expectShape('kernel', kernel, [I, G * H]);
  expectShape('recurrentKernel', recurrentKernel, [H, G * H]);
  if (bias) expectShape('bias', bias, resetAfter ? [2, G * H] : [G * H]);
  const S = kind === 'lstm' ? 2 : 1;
  const init = options.initialState ?? [];
  assertShape(
    name,
    init.length === 0 || init.length === S,
    `expects ${S} initial state(s), got ${init.length}`,
  );
  init.forEach((s, i) => expectShape(`initialState[${i}]`, s, [B, H]));
  const { mask = null, inputDropoutMask = null, recurrentDropoutMask = null } = options;
  if (mask)
    assertShape(
      name,
      mask.size === B * T,
      `mask must have shape [${B}, ${T}], got ${formatShape(mask.shape)}`,
    );
  if (inputDropoutMask) expectShape('inputDropoutMask', inputDropoutMask, [B, I]);
  if (recurrentDropoutMask) expectShape('recurrentDropoutMask', recurrentDropoutMask, [B, H]);

  const backend = getBackend();
  const { forward, backward } = kernels(backend, kind);
  const xT = newFloats(X, T * B * I);
  backend.transpose(X, [B, T, I], [1, 0, 2], xT);
  let maskT: Uint8Array | null = null;
  if (mask) {
    maskT = new Uint8Array(T * B);
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++) maskT[t * B + b] = mask.data[b * T + t] !== 0 ? 1 : 0;
  }
  const args: RnnSequenceArgs<FloatArray> = {
    x: xT,
    kernel: kernel.data as FloatArray,
    recurrentKernel: recurrentKernel.data as FloatArray,
    bias: bias ? (bias.data as FloatArray) : null,
    h0: init[0] ? (init[0].data as FloatArray) : newFloats(X, B * H),
    c0: kind === 'lstm' ? (init[1] ? (init[1].data as FloatArray) : newFloats(X, B * H)) : null,
    mask: maskT,
    inputDropoutMask: inputDropoutMask ? (inputDropoutMask.data as FloatArray) : null,
    recurrentDropoutMask: recurrentDropoutMask ? (recurrentDropoutMask.data as FloatArray) : null,
    reverse: options.goBackwards ?? false,
    activation: options.activation ?? 'tanh',
    recurrentActivation: options.recurrentActivation ?? 'sigmoid',
    resetAfter,
    T,
    B,
    I,
    H,
  };
  const y = newFloats(X, T * B * H);
  const hT = newFloats(X, B * H);
  const cT = kind === 'lstm' ? newFloats(X, B * H) : null;
  const inputs = [x, kernel, recurrentKernel, ...(bias ? [bias] : []), ...init];
  // Inference (noGrad, or nothing needs a gradient): no backward follows, so nothing is saved.
  const needsBackward = isRecording() && inputs.some((t) => t.requiresGrad);
  const saved = needsBackward
    ? {
        gates: newFloats(X, T * B * G * H),
        h: newFloats(X, T * B * H),
        c: kind === 'lstm' ? newFloats(X, T * B * H) : null,
        candidate: kind === 'gru' ? newFloats(X, T * B * H) : null,
      }
    : null;
  forward(args, { y, hT, cT }, saved);

  // Pack [y (B,T,H); h_T; c_T] as (B, T + S, H).
  const packedShape = [B, T + S, H];
  const yB = newFloats(X, B * T * H);
  backend.transpose(y, [T, B, H], [1, 0, 2], yB);
  const packed = newFloats(X, B * (T + S) * H);
  backend.copyRegion(yB, [B, T, H], [0, 0, 0], packed, packedShape, [0, 0, 0], [B, T, H], false);
  backend.copyRegion(hT, [B, 1, H], [0, 0, 0], packed, packedShape, [0, T, 0], [B, 1, H], false);
  if (cT) backend.copyRegion(cT, [B, 1, H], [0, 0, 0], packed, packedShape, [0, T + 1, 0], [B, 1, H], false);

  const result = record(name, new Tensor(packed, packedShape), inputs, (dOut) => {
    const dYB = newFloats(dOut, B * T * H);
    backend.copyRegion(dOut, packedShape, [0, 0, 0], dYB, [B, T, H], [0, 0, 0], [B, T, H], false);
    const dY = newFloats(dOut, T * B * H);
    backend.transpose(dYB, [B, T, H], [1, 0, 2], dY);
    const state = (i: number): FloatArray => {
      const d = newFloats(dOut, B * H);
      backend.copyRegion(dOut, packedShape, [0, T + i, 0], d, [B, 1, H], [0, 0, 0], [B, 1, H], false);
      return d;
    };
    const grads = {
      dX: newFloats(dOut, T * B * I),
      dKernel: newFloats(dOut, kernel.size),
      dRecurrentKernel: newFloats(dOut, recurrentKernel.size),
      dBias: bias ? newFloats(dOut, bias.size) : null,
      dH0: newFloats(dOut, B * H),
      dC0: kind === 'lstm' ? newFloats(dOut, B * H) : null,
    };
    backward(args, saved!, { dY, dHT: state(0), dCT: kind === 'lstm' ? state(1) : null }, grads);
    const dX = newFloats(dOut, B * T * I);
    backend.transpose(grads.dX, [T, B, I], [1, 0, 2], dX);
    const initGrads = init.length === 0 ? [] : kind === 'lstm' ? [grads.dH0, grads.dC0] : [grads.dH0];
    return [dX, grads.dKernel, grads.dRecurrentKernel, ...(bias ? [grads.dBias] : []), ...initGrads];
  });
  const output = slice(result, [0, 0, 0], [B, T, H]);
  const states = Array.from({ length: S }, (_, i) =>
    reshape(slice(result, [0, T + i, 0], [B, 1, H]), [B, H]),
  );
  return { output, states };
}

/**
 * Reverses the time axis (axis 1) of a (B, T, …) tensor: Keras' go_backwards output order, and
 * how Bidirectional puts the backward layer's sequence back in time order.
 * @example reverseSequence(y) // y[:, T − 1 − t] at t
 */
export function reverseSequence(x: Tensor): Tensor {
  assertShape('reverseSequence', x.rank >= 2, `expects (batch, steps, …), got ${formatShape(x.shape)}`);
  const X = requireFloat('reverseSequence', x);
  const [B, T] = x.shape as [number, number];
  const inner = x.size / Math.max(1, B * T);
  const flip = (src: FloatArray): FloatArray => {
    const out = newFloats(src, src.length);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const from = (b * T + t) * inner;
        out.set(src.subarray(from, from + inner), (b * T + (T - 1 - t)) * inner);
      }
    }
    return out;
  };
  return record('reverseSequence', new Tensor(flip(X), x.shape), [x], (dOut) => [flip(dOut)]);
}

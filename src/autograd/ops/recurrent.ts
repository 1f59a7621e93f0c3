import {
  RNN_GATES,
  type FloatArray,
  type RecurrentKind,
  type RnnGrads,
  type RnnSaved,
  type RnnSequenceArgs,
  type RnnSequenceOutputs,
  type RnnUpstream,
  type UnaryOp,
} from '../../backend/interface.js';
import { getBackend } from '../../backend/select.js';
import { backwardOnce, isRecording, record } from '../tape.js';
import { assertShape, formatShape, requireFloat, requireSameDType, Tensor } from '../tensor.js';
import { newFloats, uninitializedFloats } from './broadcast.js';
import { recycle } from '../buffers.js';
import { checkIds } from '../../backend/reference/embedding.js';
import { gather } from './gather.js';

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
  /**
   * false: only the final states are wanted (a layer without returnSequences), so the output sequence
   * is never copied out of the kernel and the result's `output` is null. Default true.
   */
  returnSequences?: boolean;
  /**
   * (B, T) int32 ids, or null: x is then an embedding table (V, I) and the input sequence is
   * gather(x, ids), which the kernels read row by row where it lies instead of a (B, T, I) copy
   * (Sequential's inference after an Embedding). When a gradient is recorded the op gathers first.
   */
  ids?: Tensor | null;
}

/**
 * A whole-sequence op's results: output (B, T, H) (null with returnSequences: false) and the final
 * states [h] or [h, c], each (B, H).
 */
export interface SequenceResult {
  output: Tensor | null;
  states: Tensor[];
}

export { RNN_GATES, type RecurrentKind };

const OP_NAME: Record<RecurrentKind, string> = {
  lstm: 'lstmSequence',
  gru: 'gruSequence',
  simpleRnn: 'simpleRnnSequence',
};

/** The weights of one whole-sequence op. */
export interface SequenceWeights {
  kernel: Tensor;
  recurrentKernel: Tensor;
  bias: Tensor | null;
}

/** Everything one direction needs: validated shapes, the kernel arguments, the op inputs. */
interface Prepared {
  kind: RecurrentKind;
  args: RnnSequenceArgs<FloatArray>;
  inputs: Tensor[];
  /** Number of states (LSTM 2, else 1) and initial states given. */
  S: number;
  /** Output steps packed into the op's output: T, or 0 with returnSequences: false. */
  Tout: number;
  init: readonly Tensor[];
  sizes: { kernel: number; recurrentKernel: number; bias: number };
}

function prepare(
  kind: RecurrentKind,
  x: Tensor,
  w: SequenceWeights,
  options: RecurrentSequenceOptions & { resetAfter?: boolean },
): Prepared {
  const { kernel, recurrentKernel, bias } = w;
  const name = OP_NAME[kind];
  const X = requireFloat(name, x);
  const ids = options.ids ?? null;
  if (ids) {
    assertShape(
      name,
      x.rank === 2 && ids.rank === 2 && ids.dtype === 'int32',
      `with ids, expects a table (V, features) and int32 ids (batch, steps), got ${formatShape(x.shape)} and ` +
        `${ids.dtype} ${formatShape(ids.shape)}`,
    );
    checkIds(ids.data as Int32Array, x.shape[0]!);
  } else {
    assertShape(
      name,
      x.rank === 3,
      `expects x of shape (batch, steps, features), got ${formatShape(x.shape)}`,
    );
  }
  const [B, T, I] = (ids ? [...ids.shape, x.shape[1]] : x.shape) as [number, number, number];
  const G = RNN_GATES[kind];
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

  let maskT: Uint8Array | null = null;
  if (mask) {
    maskT = new Uint8Array(T * B);
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++) maskT[t * B + b] = mask.data[b * T + t] !== 0 ? 1 : 0;
  }
  const args: RnnSequenceArgs<FloatArray> = {
    x: X,
    xBatchMajor: !ids,
    xIds: ids ? (ids.data as Int32Array) : null,
    kernel: kernel.data as FloatArray,
    recurrentKernel: recurrentKernel.data as FloatArray,
    bias: bias ? (bias.data as FloatArray) : null,
    h0: init[0] ? (init[0].data as FloatArray) : zeroState(X, B * H),
    c0: kind === 'lstm' ? (init[1] ? (init[1].data as FloatArray) : zeroState(X, B * H)) : null,
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
  const inputs = [kernel, recurrentKernel, ...(bias ? [bias] : []), ...init];
  return {
    kind,
    args,
    inputs,
    S,
    Tout: options.returnSequences === false ? 0 : T,
    init,
    sizes: { kernel: kernel.size, recurrentKernel: recurrentKernel.size, bias: bias?.size ?? 0 },
  };
}

/**
 * Buffers of a recorded op that are dead once its backward has run (saved activations, the time-major
 * input, the time-major y once packed) go back to the one buffer pool (autograd/buffers.ts), and the
 * next forward of the same size takes them instead of allocating: a training loop then does not
 * allocate, and V8 does not garbage-collect, tens of MB per batch (A of the benchmark: one major GC per
 * batch before). Taken buffers are not cleared: the kernels write every element they later read.
 */
const take = uninitializedFloats;
/**
 * Zero initial states (none given), shared call after call: the kernels only read h0 and c0. One per
 * float type, grown when a larger batch comes.
 */
const zeros = new Map<'float32' | 'float64', FloatArray>();
function zeroState(like: FloatArray, size: number): FloatArray {
  const type = like instanceof Float64Array ? 'float64' : 'float32';
  let z = zeros.get(type);
  if (!z || z.length < size) zeros.set(type, (z = newFloats(like, size)));
  return z.subarray(0, size) as FloatArray;
}
function giveBack(...buffers: (FloatArray | null | undefined)[]): void {
  for (const b of buffers) if (b) recycle(b);
}
const savedBuffers = (s: RnnSaved<FloatArray> | null) => (s ? [s.gates, s.h, s.c, s.candidate] : []);
/**
 * When a backward will follow, the kernels get x time-major (T, B, I): the forward's input projection
 * and the backward's weight gradient are then single GEMMs over it. The transpose goes to a pooled buffer,
 * or is `shared` with the other direction of a pair. Inference reads the layer's x where it lies.
 */
function timeMajor(p: Prepared, shared: FloatArray | null): void {
  const { x, T, B, I } = p.args;
  let xT = shared;
  if (!xT) {
    xT = take(x, T * B * I);
    getBackend().transpose(x, [B, T, I], [1, 0, 2], xT);
  }
  p.args.x = xT;
  p.args.xBatchMajor = false;
}

/** Outputs and (when a backward will follow) saved activations for one direction. */
function allocate(p: Prepared, keep: boolean) {
  const { T, B, H, x } = p.args;
  const G = RNN_GATES[p.kind];
  const out: RnnSequenceOutputs<FloatArray> = {
    y: p.Tout > 0 ? take(x, T * B * H) : null, // dead once packed: pack() gives it back
    hT: take(x, B * H), // dead once packed, like y
    cT: p.kind === 'lstm' ? take(x, B * H) : null,
  };
  const saved: RnnSaved<FloatArray> | null = keep
    ? {
        gates: take(x, T * B * G * H),
        h: take(x, T * B * H),
        c: p.kind === 'lstm' ? take(x, T * B * H) : null,
        candidate: p.kind === 'gru' ? take(x, T * B * H) : null,
      }
    : null;
  return { out, saved };
}

/**
 * One direction's part of the op's flat output: y (B, Tout, H) (none when Tout is 0), then h_T and
 * c_T, each (B, H). Each piece is contiguous, so the results are views of it (see results).
 */
const packedSize = (p: Prepared): number => p.args.B * (p.Tout + p.S) * p.args.H;

function pack(p: Prepared, out: RnnSequenceOutputs<FloatArray>, packed: FloatArray, at: number): void {
  const { T, B, H } = p.args;
  const ny = p.Tout * B * H;
  if (out.y) {
    getBackend().transpose(out.y, [T, B, H], [1, 0, 2], packed.subarray(at, at + ny) as FloatArray);
  }
  packed.set(out.hT, at + ny);
  if (out.cT) packed.set(out.cT, at + ny + B * H);
  giveBack(out.y, out.hT, out.cT);
}

/** dY (T,B,H) (null when Tout is 0) and dHT, dCT from the flat upstream gradient of one direction. */
function unpack(p: Prepared, dOut: FloatArray, at: number): RnnUpstream<FloatArray> {
  const { T, B, H } = p.args;
  const ny = p.Tout * B * H;
  let dY: FloatArray | null = null;
  if (ny > 0) {
    dY = take(dOut, T * B * H); // dead after the backward kernel: given back
    getBackend().transpose(dOut.subarray(at, at + ny) as FloatArray, [B, T, H], [1, 0, 2], dY);
  }
  const state = (i: number): FloatArray =>
    dOut.subarray(at + ny + i * B * H, at + ny + (i + 1) * B * H) as FloatArray;
  return { dY, dHT: state(0), dCT: p.kind === 'lstm' ? state(1) : null };
}

/** The backward overwrites every gradient (the Backend contract): no zero fill. */
function gradsFor(p: Prepared, like: FloatArray): RnnGrads<FloatArray> {
  const { T, B, I, H } = p.args;
  return {
    dX: take(like, T * B * I), // time-major, dead once transposed: given back
    dKernel: uninitializedFloats(like, p.sizes.kernel),
    dRecurrentKernel: uninitializedFloats(like, p.sizes.recurrentKernel),
    dBias: p.sizes.bias ? uninitializedFloats(like, p.sizes.bias) : null,
    dH0: take(like, B * H), // dead unless initial states were given: see initGrads
    dC0: p.kind === 'lstm' ? take(like, B * H) : null,
  };
}

/** The initial-state gradients nobody asked for (no initial states given): given back. */
const unusedStateGrads = (p: Prepared, g: RnnGrads<FloatArray>) =>
  p.init.length === 0 ? [g.dH0, g.dC0] : [];

/** The gradients of one direction's inputs after x: weights, then given initial states. */
function weightGrads(p: Prepared, g: RnnGrads<FloatArray>): FloatArray[] {
  const initGrads = p.init.length === 0 ? [] : p.kind === 'lstm' ? [g.dH0, g.dC0!] : [g.dH0];
  return [g.dKernel, g.dRecurrentKernel, ...(g.dBias ? [g.dBias] : []), ...initGrads];
}

/**
 * `shape` elements of the flat op output from element `at`, without a copy: the tensor's data is a
 * view of the output's (op outputs are never written after they are made).
 */
function part(flat: Tensor, at: number, shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = flat.data.subarray(at, at + n) as FloatArray;
  return record('slice', new Tensor(data, shape), [flat], (dOut) => {
    const d = newFloats(dOut, flat.size);
    d.set(dOut, at);
    return [d];
  });
}

/** The (B, T, H) output and states of one direction: views of the op's flat output at element `at`. */
function results(p: Prepared, flat: Tensor, at: number): SequenceResult {
  const { B, H } = p.args;
  const { Tout, S } = p;
  const ny = Tout * B * H;
  const output = Tout > 0 ? part(flat, at, [B, Tout, H]) : null;
  const states = Array.from({ length: S }, (_, i) => part(flat, at + ny + i * B * H, [B, H]));
  return { output, states };
}

const needsBackward = (inputs: readonly Tensor[]): boolean =>
  isRecording() && inputs.some((t) => t.requiresGrad);

/**
 * One recorded op for a whole sequence: batch-major in, time-major inside when training (the one
 * transpose), one backend forward kernel, and a backward that calls the backend's backward kernel. The
 * op's own output is flat: y (B, T, H), h_T, c_T one after the other; the results are views of it. Under
 * noGrad (or when nothing needs a gradient) the kernel keeps no saved activations and reads x as it is.
 */
export function recurrentSequence(
  kind: RecurrentKind,
  x: Tensor,
  kernel: Tensor,
  recurrentKernel: Tensor,
  bias: Tensor | null,
  options: RecurrentSequenceOptions & { resetAfter?: boolean },
): SequenceResult {
  const p = prepare(kind, x, { kernel, recurrentKernel, bias }, options);
  const inputs = [x, ...p.inputs];
  const keep = needsBackward(inputs);
  if (keep && options.ids)
    // a gradient to record: the op runs on the gathered rows
    return recurrentSequence(kind, gather(x, options.ids), kernel, recurrentKernel, bias, {
      ...options,
      ids: null,
    });
  const backend = getBackend();
  if (keep) timeMajor(p, null);
  const { out, saved } = allocate(p, keep);
  backend.rnnSequenceForward(kind, [{ args: p.args, out, saved }]);
  const { T, B, I } = p.args;
  const packed = uninitializedFloats(p.args.x, packedSize(p)); // pack() writes every element
  pack(p, out, packed, 0);
  const result = record(
    OP_NAME[kind],
    new Tensor(packed, [packed.length]),
    inputs,
    backwardOnce(OP_NAME[kind], (dOut) => {
      const grads = gradsFor(p, dOut);
      const upstream = unpack(p, dOut, 0);
      backend.rnnSequenceBackward(kind, [{ args: p.args, saved: saved!, upstream, grads }]);
      giveBack(p.args.x, upstream.dY, ...savedBuffers(saved), ...unusedStateGrads(p, grads));
      const dX = uninitializedFloats(dOut, B * T * I); // the transpose writes every element
      backend.transpose(grads.dX, [T, B, I], [1, 0, 2], dX);
      giveBack(grads.dX);
      return [dX, ...weightGrads(p, grads)];
    }),
  );
  return results(p, result, 0);
}

/**
 * A whole-sequence op's inference forward one step at a time, its states carried in place between
 * calls: nothing recorded, nothing allocated after construction. For recursive forecasting, where each
 * step's input is the model's own last output (forecasting/forecast.ts), a step through the layer
 * (validation, outputs packed into a fresh tensor) cost as much again as the kernel.
 * `step` takes the (B, I) inputs (or T steps' (T, B, I)) and returns h (B, H), valid until the next call.
 * @example const s = new RecurrentStepper('lstm', weights, options, states, 1000); s.step(x)
 */
export class RecurrentStepper {
  private readonly args: RnnSequenceArgs<FloatArray>;
  private readonly out: RnnSequenceOutputs<FloatArray>;

  constructor(
    private readonly kind: RecurrentKind,
    weights: SequenceWeights,
    options: RecurrentSequenceOptions & { resetAfter?: boolean },
    states: readonly Tensor[],
    B: number,
  ) {
    const I = weights.kernel.shape[0]!;
    const like = weights.kernel.data as FloatArray;
    // prepare() validates the shapes; the states are copied, so the caller's tensors stay as they are.
    const p = prepare(kind, new Tensor(newFloats(like, B * I), [B, 1, I]), weights, {
      ...options,
      initialState: [...states],
    });
    this.args = { ...p.args, h0: p.args.h0.slice(), c0: p.args.c0?.slice() ?? null };
    const { H } = p.args;
    this.out = { y: null, hT: newFloats(like, B * H), cT: kind === 'lstm' ? newFloats(like, B * H) : null };
  }

  /**
   * One step on x (B, I), or T steps on time-major x (T, B, I) writing each step's h into y (T, B, H)
   * when given; returns the last h.
   */
  step(x: FloatArray, T = 1, y: FloatArray | null = null): FloatArray {
    const { args, out } = this;
    args.x = x;
    args.T = T;
    args.xBatchMajor = false;
    out.y = y;
    getBackend().rnnSequenceForward(this.kind, [{ args, out, saved: null }]);
    // The new states become the next step's initial ones: swap the buffers instead of copying.
    [args.h0, out.hT] = [out.hT, args.h0];
    if (out.cT) [args.c0, out.cT] = [out.cT, args.c0!];
    return args.h0;
  }
}

/**
 * Two whole-sequence ops of one kind on the same x as ONE recorded op, the two directions of a
 * Bidirectional layer: the backend runs both forward kernels at once (and both backward kernels),
 * on two threads in the native backend. Each result equals what recurrentSequence would give.
 * @example
 * const [f, b] = recurrentSequencePair('gru', x, [wF, wB], [{}, { goBackwards: true }]);
 */
export function recurrentSequencePair(
  kind: RecurrentKind,
  x: Tensor,
  weights: readonly [SequenceWeights, SequenceWeights],
  options: readonly [
    RecurrentSequenceOptions & { resetAfter?: boolean },
    RecurrentSequenceOptions & { resetAfter?: boolean },
  ],
): [SequenceResult, SequenceResult] {
  const ids = options[0].ids ?? null;
  assertShape(
    `${OP_NAME[kind]}Pair`,
    (options[1].ids ?? null) === ids,
    'both directions must read the same ids',
  );
  const p0 = prepare(kind, x, weights[0], options[0]);
  const p1 = prepare(kind, x, weights[1], options[1]);
  const inputs = [x, ...p0.inputs, ...p1.inputs];
  const keep = needsBackward(inputs);
  if (keep && ids) {
    // A gradient to record: the op runs on the gathered rows.
    return recurrentSequencePair(kind, gather(x, ids), weights, [
      { ...options[0], ids: null },
      { ...options[1], ids: null },
    ]);
  }
  const backend = getBackend();
  if (keep) {
    timeMajor(p0, null);
    timeMajor(p1, p0.args.x); // the same time-major x
  }
  const a0 = allocate(p0, keep);
  const a1 = allocate(p1, keep);
  backend.rnnSequenceForward(kind, [
    { args: p0.args, ...a0 },
    { args: p1.args, ...a1 },
  ]);
  const { T, B, I } = p0.args;
  const one = packedSize(p0);
  const packed = uninitializedFloats(p0.args.x, 2 * one); // pack() writes every element
  pack(p0, a0.out, packed, 0);
  pack(p1, a1.out, packed, one);
  const name = `${OP_NAME[kind]}Pair`;
  const result = record(
    name,
    new Tensor(packed, [packed.length]),
    inputs,
    backwardOnce(name, (dOut) => {
      const g0 = gradsFor(p0, dOut);
      const g1 = gradsFor(p1, dOut);
      const up0 = unpack(p0, dOut, 0);
      const up1 = unpack(p1, dOut, one);
      backend.rnnSequenceBackward(kind, [
        { args: p0.args, saved: a0.saved!, upstream: up0, grads: g0 },
        { args: p1.args, saved: a1.saved!, upstream: up1, grads: g1 },
      ]);
      giveBack(p0.args.x, up0.dY, up1.dY, ...savedBuffers(a0.saved), ...savedBuffers(a1.saved));
      giveBack(...unusedStateGrads(p0, g0), ...unusedStateGrads(p1, g1));
      for (let i = 0; i < g0.dX.length; i++) g0.dX[i]! += g1.dX[i]!;
      const dX = uninitializedFloats(dOut, B * T * I); // the transpose writes every element
      backend.transpose(g0.dX, [T, B, I], [1, 0, 2], dX);
      giveBack(g0.dX, g1.dX);
      return [dX, ...weightGrads(p0, g0), ...weightGrads(p1, g1)];
    }),
  );
  return [results(p0, result, 0), results(p1, result, one)];
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

/**
 * The whole numeric contract of seqlab. Only code behind this interface computes numbers;
 * autograd ops call it, layers call autograd ops. No Tensor crosses it: arguments are flat,
 * row-major typed arrays with explicit dimensions, and outputs are allocated by the caller.
 *
 * Shape letters used everywhere: T steps, B batch, I inputs, H units, G gates (RNN_GATES),
 * V vocabulary, E embedding width, N elements. Recurrent kernels are time-major (T, B, ·);
 * layers are batch-major (B, T, ·) and the transpose happens in the op (the kernels may also read
 * x batch-major: RnnSequenceArgs.xBatchMajor).
 * Gate column order is Keras's: LSTM i,f,c,o; GRU z,r,h.
 *
 * Float64Array is accepted by the reference backend (gradient checks run in float64); the
 * native backend computes in float32 and hands float64 calls to the reference backend.
 */

export type FloatArray = Float32Array | Float64Array;

/**
 * The op tables, stated once. The native addon has its own copy (native/src/op_tables.h, one table per
 * family in the same order) and test/backend/parity/op-tables.parity.test.ts checks that the two agree.
 */
/** Element-wise functions y = f(x). `unaryBackward` gets both x and y, whichever is cheaper. */
export const UNARY_OPS = [
  'linear',
  'relu',
  'sigmoid',
  'tanh',
  'hardSigmoid', // Keras 3: max(0, min(1, x/6 + 1/2))
  'exp',
  'log',
  'neg',
  'sqrt',
  'abs',
  'square',
  'softplus',
  'elu',
  'selu',
  'gelu', // tanh approximation, as Keras' gelu(approximate=True)
  'swish',
] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];

/** Element-wise z = f(a, b) with NumPy broadcasting. `equal`/`greater` give 1 or 0. */
export const BINARY_OPS = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'equal', 'greater'] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

export const REDUCE_OPS = ['sum', 'max', 'min'] as const;
export type ReduceOp = (typeof REDUCE_OPS)[number];

/**
 * The recurrent kernel families and their gate counts G (the columns of kernel and recurrentKernel are
 * G·H wide): LSTM i,f,c,o; GRU z,r,h; SimpleRNN one.
 */
export const RNN_GATES = { lstm: 4, gru: 3, simpleRnn: 1 } as const;
export type RecurrentKind = keyof typeof RNN_GATES;

export interface GemmOptions {
  /** a is stored (k, m) and used transposed. Default false. */
  transA?: boolean;
  /** b is stored (n, k) and used transposed. Default false. */
  transB?: boolean;
  /** Default 1. */
  alpha?: number;
  /** Default 0: c is overwritten (its old contents may be NaN and are ignored). */
  beta?: number;
}

/** Dense Adam / AdamW (Keras formulas, bias correction folded into the step size). */
export interface AdamHyper {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1-based step count after this update. */
  step: number;
  /** AdamW's decoupled decay: p -= lr·wd·p before the Adam step. 0 for Adam. */
  weightDecay: number;
  amsgrad: boolean;
}

export interface SgdHyper {
  learningRate: number;
  momentum: number;
  nesterov: boolean;
}

export interface RmspropHyper {
  learningRate: number;
  rho: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
}

export interface AdagradHyper {
  learningRate: number;
  epsilon: number;
}

/**
 * Arguments of the fused recurrent sequence kernels of every kind (G = RNN_GATES[kind]). Time-major and
 * row-major throughout.
 *
 * Bias layouts (Keras): LSTM and SimpleRNN (G·H); GRU with resetAfter (2, 3H) = [input bias; recurrent
 * bias]; GRU without resetAfter (3H). Dropout masks hold 0 or 1/(1 − rate) and are the same for every
 * step (Keras); one mask per input is shared by all gates, where Keras draws one per gate.
 */
export interface RnnSequenceArgs<F extends FloatArray = FloatArray> {
  /** (T, B, I) inputs, or (B, T, I) with xBatchMajor. */
  x: F;
  /**
   * x is batch-major (B, T, I), the layers' own layout, so the caller need not transpose it (default
   * false). Only how x is read changes: the backward's dX stays (T, B, I).
   */
  xBatchMajor?: boolean;
  /**
   * (B, T) row ids, or null (default): x is then a (V, I) table and the input at (b, t) is its row
   * xIds[b·T + t], each id in [0, V) — an embedding lookup fused into the read, so the (B, T, I) inputs
   * are never written out (inference after an Embedding). The backward's dX is per step, (T, B, I).
   */
  xIds?: Int32Array | null;
  /** (I, G·H). */
  kernel: F;
  /** (H, G·H). */
  recurrentKernel: F;
  /** See the layouts above, or null (useBias false). */
  bias: F | null;
  /** (B, H) initial hidden state. */
  h0: F;
  /** (B, H) initial cell state (LSTM only; null for GRU and SimpleRNN). */
  c0: F | null;
  /** (T, B): 0 = padded step: h (and c) carry over from the step before and the output y is 0. Null: all valid. */
  mask: Uint8Array | null;
  /** (B, I) multiplies x at every step, or null. */
  inputDropoutMask: F | null;
  /** (B, H) multiplies h_{t−1} before the recurrent GEMM (not the carried state), or null. */
  recurrentDropoutMask: F | null;
  /** Process t = T−1 … 0 (goBackwards); outputs stay at their original t. */
  reverse: boolean;
  /** Candidate / output activation (Keras `activation`, default tanh). */
  activation: UnaryOp;
  /** Gate activation (Keras `recurrent_activation`, default sigmoid; unused by SimpleRNN). */
  recurrentActivation: UnaryOp;
  /** GRU only: apply the reset gate after the recurrent product (Keras 3 default true). */
  resetAfter: boolean;
  T: number;
  B: number;
  I: number;
  H: number;
}

/** Forward results, allocated by the caller. */
export interface RnnSequenceOutputs<F extends FloatArray = FloatArray> {
  /**
   * (T, B, H) per-step output (zeros at padded steps); null when nobody reads it (a layer without
   * returnSequences), and the kernel then skips writing it.
   */
  y: F | null;
  /** (B, H) hidden state after the last processed step. */
  hT: F;
  /** (B, H) LSTM cell state after the last step; null for GRU and SimpleRNN. */
  cT: F | null;
}

/**
 * What forward keeps for backward, allocated by the caller. `gates` holds pre-activations (so any
 * UnaryOp's derivative can be taken; backward recomputes the activations).
 */
export interface RnnSaved<F extends FloatArray = FloatArray> {
  /** (T, B, G·H) gate pre-activations (input + recurrent projections + biases). */
  gates: F;
  /** (T, B, H) hidden state after step t (carried over at padded steps). */
  h: F;
  /** (T, B, H) LSTM cell state after step t; null otherwise. */
  c: F | null;
  /** (T, B, H) GRU only: resetAfter: h_{t−1}·W_rh + b_rh; otherwise r ⊙ h_{t−1} (dropped). Null otherwise. */
  candidate: F | null;
}

/** Upstream gradients given to backward; null where the output was not used. */
export interface RnnUpstream<F extends FloatArray = FloatArray> {
  /** (T, B, H). */
  dY: F | null;
  /** (B, H). */
  dHT: F | null;
  /** (B, H), LSTM only. */
  dCT: F | null;
}

/** Gradients written (overwritten) by backward, allocated by the caller with the arguments' shapes. */
export interface RnnGrads<F extends FloatArray = FloatArray> {
  dX: F;
  dKernel: F;
  dRecurrentKernel: F;
  /** Null when args.bias is null. */
  dBias: F | null;
  dH0: F;
  /** LSTM only; null otherwise. */
  dC0: F | null;
}

/** Sizes of the arrays RnnSaved needs for a kernel of this kind. */
export function rnnSavedSizes(kind: RecurrentKind, T: number, B: number, H: number) {
  return {
    gates: T * B * RNN_GATES[kind] * H,
    h: T * B * H,
    c: kind === 'lstm' ? T * B * H : 0,
    candidate: kind === 'gru' ? T * B * H : 0,
  };
}

/** One direction of a recurrent forward call: its arguments, its outputs and (training) what it keeps. */
export interface RnnForwardCall<F extends FloatArray = FloatArray> {
  args: RnnSequenceArgs<F>;
  out: RnnSequenceOutputs<F>;
  /** Null: inference, nothing kept for backward. */
  saved: RnnSaved<F> | null;
}

/** One direction of a recurrent backward call. */
export interface RnnBackwardCall<F extends FloatArray = FloatArray> {
  args: RnnSequenceArgs<F>;
  saved: RnnSaved<F>;
  upstream: RnnUpstream<F>;
  grads: RnnGrads<F>;
}

/** The three implementations: the TypeScript specification, the C++ addon, and the same C++ as WebAssembly. */
export type BackendName = 'reference' | 'native' | 'wasm';

export interface BackendInfo {
  name: BackendName;
  /** 'avx2+fma' or 'portable' for native; 'wasm-simd128' for wasm; 'javascript' for reference. */
  cpuFeatures: string;
  threads: number;
  /** Calls the native or wasm backend handed to the reference one (float64 or unsupported shapes). */
  fallbacks: number;
  /**
   * Why this backend runs instead of a faster one, when it was chosen as a fallback: e.g. the native
   * addon could not be loaded, so seqlab runs on wasm. Absent when it was the first choice or forced.
   */
  fallbackReason?: string;
  /**
   * Why the backend runs one thread on a host with more cores: e.g. a page that is not cross-origin
   * isolated has no SharedArrayBuffer, which the wasm threads need. Absent otherwise.
   */
  threadsReason?: string;
}

export interface Backend {
  readonly name: BackendName;
  info(): BackendInfo;

  /**
   * c (m, n) = alpha · op(a) · op(b) + beta · c, row-major, contiguous.
   * op(a) is (m, k): a is (m, k), or (k, m) with transA. op(b) is (k, n): b is (k, n), or (n, k) with transB.
   */
  gemm<F extends FloatArray>(m: number, n: number, k: number, a: F, b: F, c: F, options?: GemmOptions): void;

  /** out[i] = f(x[i]). out may be x. */
  unary<F extends FloatArray>(op: UnaryOp, x: F, out: F): void;
  /** dx[i] = dy[i] · f'(x[i]) (y = f(x) is given too). dx may alias dy. */
  unaryBackward<F extends FloatArray>(op: UnaryOp, x: F, y: F, dy: F, dx: F): void;

  /**
   * out = a ∘ b with broadcasting. Shapes are right-aligned; every dimension of a and b is 1 or
   * equal to outShape's. out is contiguous with outShape.
   */
  binary<F extends FloatArray>(
    op: BinaryOp,
    a: F,
    aShape: readonly number[],
    b: F,
    bShape: readonly number[],
    out: F,
    outShape: readonly number[],
  ): void;

  /**
   * Reduces x (shape) over `axes` into out, whose shape is `shape` with those axes set to 1
   * (so out has the same rank; its size is the product of the kept dimensions).
   */
  reduce<F extends FloatArray>(
    op: ReduceOp,
    x: F,
    shape: readonly number[],
    axes: readonly number[],
    out: F,
  ): void;

  /** out = x permuted: out.shape[i] = shape[perm[i]]. */
  transpose<F extends FloatArray | Int32Array>(
    x: F,
    shape: readonly number[],
    perm: readonly number[],
    out: F,
  ): void;

  /**
   * Copies a box of size `region` from src (srcShape, starting at srcBegin) into dst (dstShape, at dstBegin);
   * with accumulate, adds into dst instead. Slice, concat, stack, pad and their gradients are this one kernel.
   */
  copyRegion<F extends FloatArray | Int32Array>(
    src: F,
    srcShape: readonly number[],
    srcBegin: readonly number[],
    dst: F,
    dstShape: readonly number[],
    dstBegin: readonly number[],
    region: readonly number[],
    accumulate: boolean,
  ): void;

  /** Row-wise softmax (or log-softmax) of x (rows, cols). out may be x. */
  softmax<F extends FloatArray>(x: F, rows: number, cols: number, out: F, log: boolean): void;
  /** Gradient of the row-wise softmax (or log-softmax) given its output y and dy. */
  softmaxBackward<F extends FloatArray>(y: F, dy: F, rows: number, cols: number, dx: F, log: boolean): void;

  /**
   * Embedding lookup: out (N, E) row n = table (V, E) row ids[n]. Ids outside [0, V) throw,
   * naming the id and V.
   */
  embeddingForward<F extends FloatArray>(table: F, V: number, E: number, ids: Int32Array, out: F): void;
  /**
   * Sparse gradient of the lookup: dRows (U, E) is zeroed, then dRows[slot[n]] += dOut[n] for each n.
   * slot maps each of the N positions to one of U unique ids (computed by the caller), so the cost is
   * O(N·E) whatever V is.
   */
  embeddingBackward<F extends FloatArray>(dOut: F, slot: Int32Array, E: number, dRows: F): void;

  /**
   * Inverted-dropout mask: out[i] = 1/(1-rate) if the i-th uniform of the Philox4x32-10 stream
   * (key, counter offset) is ≥ rate, else 0. Bit-identical on both backends.
   */
  dropoutMask<F extends FloatArray>(
    key: readonly [number, number],
    offset: number,
    rate: number,
    out: F,
  ): void;

  /**
   * Fused recurrent kernels of one `kind` (DESIGN.md § Fused recurrent kernels): one GEMM for all input
   * projections, one recurrent GEMM per step with the gate arithmetic fused, and backward with one
   * GEMM per step for dh and the weight gradients as large GEMMs after the loop.
   *
   * `directions` holds one call, or two: the two directions of a Bidirectional layer (each with its own
   * `args.reverse`), which the native backend runs on two threads. Each direction's results are those of
   * a call with it alone, bit for bit.
   * A forward with `saved` null is inference: nothing is kept for backward (the native kernels then
   * use O(B·H) state memory instead of O(T·B·G·H)); the outputs are the same as with `saved`.
   */
  rnnSequenceForward<F extends FloatArray>(
    kind: RecurrentKind,
    directions: readonly RnnForwardCall<F>[],
  ): void;
  rnnSequenceBackward<F extends FloatArray>(
    kind: RecurrentKind,
    directions: readonly RnnBackwardCall<F>[],
  ): void;

  /** In-place optimizer updates of one parameter. Slot arrays have the parameter's size. */
  sgdStep<F extends FloatArray>(param: F, grad: F, velocity: F | null, h: SgdHyper): void;
  adamStep<F extends FloatArray>(param: F, grad: F, m: F, v: F, vMax: F | null, h: AdamHyper): void;
  rmspropStep<F extends FloatArray>(
    param: F,
    grad: F,
    meanSquare: F,
    momentum: F | null,
    meanGrad: F | null,
    h: RmspropHyper,
  ): void;
  adagradStep<F extends FloatArray>(param: F, grad: F, accumulator: F, h: AdagradHyper): void;
}

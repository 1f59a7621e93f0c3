/**
 * The native backend: the C++17 addon built from native/ (see native/src/*.cc), wrapped into a
 * `Backend`. This file does no arithmetic: it forwards float32 calls to the addon, which checks
 * every length, and hands float64 calls (gradient checks) to the reference backend, counting them
 * in `info().fallbacks` and logging the first one when SEQLAB_DEBUG is set.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type {
  Backend,
  BackendInfo,
  FloatArray,
  RnnGrads,
  RnnSaved,
  RnnSequenceArgs,
  RnnSequenceOutputs,
  RnnKind,
  RnnUpstream,
  UnaryOp,
} from '../interface.js';
import { checkIds } from '../reference/embedding.js';
import { referenceBackend } from '../reference/index.js';

type F32 = Float32Array;
type RnnCommon = [
  x: F32,
  kernel: F32,
  recurrentKernel: F32,
  bias: F32 | null,
  h0: F32,
  c0: F32 | null,
  mask: Uint8Array | null,
  inputDropoutMask: F32 | null,
  recurrentDropoutMask: F32 | null,
  T: number,
  B: number,
  I: number,
  H: number,
  reverse: boolean,
  activation: number,
  recurrentActivation: number,
  resetAfter: boolean,
  xBatchMajor: boolean,
  xIds: Int32Array | null,
];
type RnnSavedList = [gates: F32 | null, h: F32 | null, c: F32 | null, candidate: F32 | null];
/** Forward: the common arguments, then y, hT, cT and the saved arrays (all null: inference). */
type RnnForward = (...args: [...RnnCommon, y: F32, hT: F32, cT: F32 | null, ...RnnSavedList]) => void;
/** Backward: the common arguments, the saved arrays, the upstream gradients and the gradients to write. */
type RnnBackward = (
  ...args: [
    ...RnnCommon,
    ...RnnSavedList,
    dY: F32 | null,
    dHT: F32 | null,
    dCT: F32 | null,
    dX: F32,
    dKernel: F32,
    dRecurrentKernel: F32,
    dBias: F32 | null,
    dH0: F32,
    dC0: F32 | null,
  ]
) => void;

/** UnaryOp → the addon's activation index (native/src/addon.cc unary_op table order). */
const UNARY_INDEX: Record<UnaryOp, number> = {
  linear: 0,
  relu: 1,
  sigmoid: 2,
  tanh: 3,
  hardSigmoid: 4,
  exp: 5,
  log: 6,
  neg: 7,
  sqrt: 8,
  abs: 9,
  square: 10,
  softplus: 11,
  elu: 12,
  selu: 13,
  gelu: 14,
  swish: 15,
};

function rnnCommon(a: RnnSequenceArgs<F32>): RnnCommon {
  return [
    a.x,
    a.kernel,
    a.recurrentKernel,
    a.bias,
    a.h0,
    a.c0,
    a.mask,
    a.inputDropoutMask,
    a.recurrentDropoutMask,
    a.T,
    a.B,
    a.I,
    a.H,
    a.reverse,
    UNARY_INDEX[a.activation],
    UNARY_INDEX[a.recurrentActivation],
    a.resetAfter,
    a.xBatchMajor ?? false,
    a.xIds ?? null,
  ];
}

function isF64Rnn(a: RnnSequenceArgs): boolean {
  return isF64(
    a.x,
    a.kernel,
    a.recurrentKernel,
    a.bias,
    a.h0,
    a.c0,
    a.inputDropoutMask,
    a.recurrentDropoutMask,
  );
}

/** The addon's exports (native/src/addon.cc). Argument lists are flattened where the interface takes options. */
interface Addon {
  gemm(
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    transA: boolean,
    transB: boolean,
    alpha: number,
    beta: number,
  ): void;
  unary(op: string, x: Float32Array, out: Float32Array): void;
  unaryBackward(op: string, x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array): void;
  binary(
    op: string,
    a: Float32Array,
    aShape: readonly number[],
    b: Float32Array,
    bShape: readonly number[],
    out: Float32Array,
    outShape: readonly number[],
  ): void;
  reduce(
    op: string,
    x: Float32Array,
    shape: readonly number[],
    axes: readonly number[],
    out: Float32Array,
  ): void;
  transpose(
    x: Float32Array | Int32Array,
    shape: readonly number[],
    perm: readonly number[],
    out: Float32Array | Int32Array,
  ): void;
  copyRegion(
    src: Float32Array | Int32Array,
    srcShape: readonly number[],
    srcBegin: readonly number[],
    dst: Float32Array | Int32Array,
    dstShape: readonly number[],
    dstBegin: readonly number[],
    region: readonly number[],
    accumulate: boolean,
  ): void;
  softmax(x: Float32Array, rows: number, cols: number, out: Float32Array, log: boolean): void;
  softmaxBackward(
    y: Float32Array,
    dy: Float32Array,
    rows: number,
    cols: number,
    dx: Float32Array,
    log: boolean,
  ): void;
  /** Returns -1, or the position of the first id outside [0, V). */
  embeddingForward(table: Float32Array, V: number, E: number, ids: Int32Array, out: Float32Array): number;
  /** Returns -1, or the position of the first slot outside [0, U). */
  embeddingBackward(dOut: Float32Array, slot: Int32Array, E: number, dRows: Float32Array): number;
  dropoutMask(key0: number, key1: number, offset: number, rate: number, out: Float32Array): void;
  sgdStep(param: Float32Array, grad: Float32Array, velocity: Float32Array | null, h: object): void;
  adamStep(
    param: Float32Array,
    grad: Float32Array,
    m: Float32Array,
    v: Float32Array,
    vMax: Float32Array | null,
    h: object,
  ): void;
  rmspropStep(
    param: Float32Array,
    grad: Float32Array,
    meanSquare: Float32Array,
    momentum: Float32Array | null,
    meanGrad: Float32Array | null,
    h: object,
  ): void;
  adagradStep(param: Float32Array, grad: Float32Array, accumulator: Float32Array, h: object): void;
  lstmSequenceForward: RnnForward;
  lstmSequenceBackward: RnnBackward;
  gruSequenceForward: RnnForward;
  gruSequenceBackward: RnnBackward;
  simpleRnnSequenceForward: RnnForward;
  simpleRnnSequenceBackward: RnnBackward;
  rnnSequenceForwardPair(kind: number, ...args: unknown[]): void;
  rnnSequenceBackwardPair(kind: number, ...args: unknown[]): void;
  cpuFeatures(): string;
  numThreads(): number;
  setNumThreads(n: number): number;
  setCpuLimit(level: NativeCpuLevel): string;
  fmaCeiling(seconds: number): number;
}

/** The package root: two levels above src/backend/native (tsx) or dist/backend/native (after tsc). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'native'))) return dir;
    dir = dirname(dir);
  }
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

export const addonPath = join(packageRoot(), 'native', 'build', 'Release', 'seqlab_native.node');

let addon: Addon | null = null;
let loadResult: { backend: Backend } | { error: string } | null = null;
let fallbacks = 0;
let loggedFallback = false;

function isF64(...arrays: (FloatArray | Int32Array | null)[]): boolean {
  return arrays.some((a) => a instanceof Float64Array);
}

function fallback(kernel: string): Backend {
  fallbacks++;
  if (!loggedFallback && process.env.SEQLAB_DEBUG) {
    loggedFallback = true;
    console.error(
      `seqlab: native backend handed '${kernel}' (float64) to the reference backend; further fallbacks are counted, not logged`,
    );
  }
  return referenceBackend;
}

// The addon only ever sees Float32Array here; generics are narrowed by the isF64 checks above each call.

function rnnForward(
  fn: RnnForward,
  args: RnnSequenceArgs,
  out: RnnSequenceOutputs,
  saved: RnnSaved | null,
): void {
  (fn as (...a: unknown[]) => void)(...forwardList(args, out, saved));
}

function rnnBackward(
  fn: RnnBackward,
  args: RnnSequenceArgs,
  saved: RnnSaved,
  up: RnnUpstream,
  grads: RnnGrads,
): void {
  (fn as (...a: unknown[]) => void)(...backwardList(args, saved, up, grads));
}

const KIND_INDEX: Record<RnnKind, number> = { lstm: 0, gru: 1, simpleRnn: 2 };

function forwardList(args: RnnSequenceArgs, out: RnnSequenceOutputs, saved: RnnSaved | null): unknown[] {
  const o = out as RnnSequenceOutputs<F32>;
  const s = saved as RnnSaved<F32> | null;
  return [
    ...rnnCommon(args as RnnSequenceArgs<F32>),
    o.y,
    o.hT,
    o.cT,
    s?.gates ?? null,
    s?.h ?? null,
    s?.c ?? null,
    s?.candidate ?? null,
  ];
}

function backwardList(args: RnnSequenceArgs, saved: RnnSaved, up: RnnUpstream, grads: RnnGrads): unknown[] {
  const s = saved as RnnSaved<F32>;
  const u = up as RnnUpstream<F32>;
  const g = grads as RnnGrads<F32>;
  return [
    ...rnnCommon(args as RnnSequenceArgs<F32>),
    s.gates,
    s.h,
    s.c,
    s.candidate,
    u.dY,
    u.dHT,
    u.dCT,
    g.dX,
    g.dKernel,
    g.dRecurrentKernel,
    g.dBias,
    g.dH0,
    g.dC0,
  ];
}

function wrap(lib: Addon): Backend {
  return {
    name: 'native',
    info(): BackendInfo {
      return { name: 'native', cpuFeatures: lib.cpuFeatures(), threads: lib.numThreads(), fallbacks };
    },
    gemm(m, n, k, a, b, c, options = {}) {
      if (isF64(a, b, c)) return fallback('gemm').gemm(m, n, k, a, b, c, options);
      const { transA = false, transB = false, alpha = 1, beta = 0 } = options;
      lib.gemm(m, n, k, a as F32, b as F32, c as F32, transA, transB, alpha, beta);
    },
    unary(op, x, out) {
      if (isF64(x, out)) return fallback('unary').unary(op, x, out);
      lib.unary(op, x as F32, out as F32);
    },
    unaryBackward(op, x, y, dy, dx) {
      if (isF64(x, y, dy, dx)) return fallback('unaryBackward').unaryBackward(op, x, y, dy, dx);
      lib.unaryBackward(op, x as F32, y as F32, dy as F32, dx as F32);
    },
    binary(op, a, aShape, b, bShape, out, outShape) {
      if (isF64(a, b, out)) return fallback('binary').binary(op, a, aShape, b, bShape, out, outShape);
      lib.binary(op, a as F32, aShape, b as F32, bShape, out as F32, outShape);
    },
    reduce(op, x, shape, axes, out) {
      if (isF64(x, out)) return fallback('reduce').reduce(op, x, shape, axes, out);
      lib.reduce(op, x as F32, shape, axes, out as F32);
    },
    transpose(x, shape, perm, out) {
      if (isF64(x, out)) return fallback('transpose').transpose(x, shape, perm, out);
      lib.transpose(x as F32 | Int32Array, shape, perm, out as F32 | Int32Array);
    },
    copyRegion(src, srcShape, srcBegin, dst, dstShape, dstBegin, region, accumulate) {
      if (isF64(src, dst)) {
        return fallback('copyRegion').copyRegion(
          src,
          srcShape,
          srcBegin,
          dst,
          dstShape,
          dstBegin,
          region,
          accumulate,
        );
      }
      lib.copyRegion(
        src as F32 | Int32Array,
        srcShape,
        srcBegin,
        dst as F32 | Int32Array,
        dstShape,
        dstBegin,
        region,
        accumulate,
      );
    },
    softmax(x, rows, cols, out, log) {
      if (isF64(x, out)) return fallback('softmax').softmax(x, rows, cols, out, log);
      lib.softmax(x as F32, rows, cols, out as F32, log);
    },
    softmaxBackward(y, dy, rows, cols, dx, log) {
      if (isF64(y, dy, dx)) return fallback('softmaxBackward').softmaxBackward(y, dy, rows, cols, dx, log);
      lib.softmaxBackward(y as F32, dy as F32, rows, cols, dx as F32, log);
    },
    embeddingForward(table, V, E, ids, out) {
      if (isF64(table, out)) return fallback('embeddingForward').embeddingForward(table, V, E, ids, out);
      // A bad id: let the reference's check throw its SeqlabError, so both backends fail alike.
      if (lib.embeddingForward(table as F32, V, E, ids, out as F32) >= 0) checkIds(ids, V);
    },
    embeddingBackward(dOut, slot, E, dRows) {
      if (isF64(dOut, dRows)) return fallback('embeddingBackward').embeddingBackward(dOut, slot, E, dRows);
      const bad = lib.embeddingBackward(dOut as F32, slot, E, dRows as F32);
      if (bad >= 0) {
        throw new RangeError(
          `embeddingBackward: slot ${slot[bad]} at position ${bad} is outside [0, ${dRows.length / E})`,
        );
      }
    },
    dropoutMask(key, offset, rate, out) {
      if (isF64(out)) return fallback('dropoutMask').dropoutMask(key, offset, rate, out);
      lib.dropoutMask(key[0], key[1], offset, rate, out as F32);
    },
    sgdStep(param, grad, velocity, h) {
      if (isF64(param, grad, velocity)) return fallback('sgdStep').sgdStep(param, grad, velocity, h);
      lib.sgdStep(param as F32, grad as F32, velocity as F32 | null, h);
    },
    adamStep(param, grad, m, v, vMax, h) {
      if (isF64(param, grad, m, v, vMax)) return fallback('adamStep').adamStep(param, grad, m, v, vMax, h);
      lib.adamStep(param as F32, grad as F32, m as F32, v as F32, vMax as F32 | null, h);
    },
    rmspropStep(param, grad, meanSquare, momentum, meanGrad, h) {
      if (isF64(param, grad, meanSquare, momentum, meanGrad)) {
        return fallback('rmspropStep').rmspropStep(param, grad, meanSquare, momentum, meanGrad, h);
      }
      lib.rmspropStep(
        param as F32,
        grad as F32,
        meanSquare as F32,
        momentum as F32 | null,
        meanGrad as F32 | null,
        h,
      );
    },
    adagradStep(param, grad, accumulator, h) {
      if (isF64(param, grad, accumulator))
        return fallback('adagradStep').adagradStep(param, grad, accumulator, h);
      lib.adagradStep(param as F32, grad as F32, accumulator as F32, h);
    },
    lstmSequenceForward(args, out, saved) {
      if (isF64Rnn(args)) return fallback('lstmSequenceForward').lstmSequenceForward(args, out, saved);
      rnnForward(lib.lstmSequenceForward, args, out, saved);
    },
    lstmSequenceBackward(args, saved, up, grads) {
      if (isF64Rnn(args))
        return fallback('lstmSequenceBackward').lstmSequenceBackward(args, saved, up, grads);
      rnnBackward(lib.lstmSequenceBackward, args, saved, up, grads);
    },
    gruSequenceForward(args, out, saved) {
      if (isF64Rnn(args)) return fallback('gruSequenceForward').gruSequenceForward(args, out, saved);
      rnnForward(lib.gruSequenceForward, args, out, saved);
    },
    gruSequenceBackward(args, saved, up, grads) {
      if (isF64Rnn(args)) return fallback('gruSequenceBackward').gruSequenceBackward(args, saved, up, grads);
      rnnBackward(lib.gruSequenceBackward, args, saved, up, grads);
    },
    simpleRnnSequenceForward(args, out, saved) {
      if (isF64Rnn(args))
        return fallback('simpleRnnSequenceForward').simpleRnnSequenceForward(args, out, saved);
      rnnForward(lib.simpleRnnSequenceForward, args, out, saved);
    },
    rnnSequenceForwardPair(kind, args, out, saved) {
      if (isF64Rnn(args[0]) || isF64Rnn(args[1])) {
        return fallback('rnnSequenceForwardPair').rnnSequenceForwardPair(kind, args, out, saved);
      }
      lib.rnnSequenceForwardPair(
        KIND_INDEX[kind],
        ...forwardList(args[0], out[0], saved[0]),
        ...forwardList(args[1], out[1], saved[1]),
      );
    },
    rnnSequenceBackwardPair(kind, args, saved, up, grads) {
      if (isF64Rnn(args[0]) || isF64Rnn(args[1])) {
        return fallback('rnnSequenceBackwardPair').rnnSequenceBackwardPair(kind, args, saved, up, grads);
      }
      lib.rnnSequenceBackwardPair(
        KIND_INDEX[kind],
        ...backwardList(args[0], saved[0], up[0], grads[0]),
        ...backwardList(args[1], saved[1], up[1], grads[1]),
      );
    },
    simpleRnnSequenceBackward(args, saved, up, grads) {
      if (isF64Rnn(args)) {
        return fallback('simpleRnnSequenceBackward').simpleRnnSequenceBackward(args, saved, up, grads);
      }
      rnnBackward(lib.simpleRnnSequenceBackward, args, saved, up, grads);
    },
  };
}

/**
 * Loads the addon once and returns the native backend, or why it is unavailable. Never throws.
 * @example
 * const native = loadNativeBackend();
 * if ('backend' in native) native.backend.gemm(2, 2, 2, a, b, c);
 */
export function loadNativeBackend(): { backend: Backend } | { error: string } {
  if (loadResult) return loadResult;
  try {
    if (!existsSync(addonPath)) {
      loadResult = { error: `${addonPath} does not exist (the native build did not run or failed)` };
    } else {
      addon = createRequire(import.meta.url)(addonPath) as Addon;
      loadResult = { backend: wrap(addon) };
    }
  } catch (e) {
    loadResult = { error: `loading ${addonPath} failed: ${(e as Error).message}` };
  }
  return loadResult;
}

/**
 * Sets the native thread pool size (n ≤ 0: back to SEQLAB_NUM_THREADS or the core count) and
 * returns the new size; 1 when the addon is not loaded.
 * @example
 * setNativeThreads(1); // single-threaded timings
 */
export function setNativeThreads(n: number): number {
  loadNativeBackend();
  return addon ? addon.setNumThreads(n) : 1;
}

/** The instruction-set levels of the native kernels, lowest first. */
export type NativeCpuLevel = 'portable' | 'avx2' | 'avx512';

/**
 * Caps the instruction set the native kernels use (at start-up: SEQLAB_NO_AVX512=1 caps at 'avx2',
 * SEQLAB_NO_AVX2=1 at 'portable'); 'avx512' lifts the cap, so the best the CPU has runs. For tests
 * and benchmarks. Returns the CPU features now in use, or null without the addon.
 * @example
 * setNativeCpuLimit('portable'); // info().cpuFeatures === 'portable'
 * setNativeCpuLimit('avx512');   // back to the best: 'avx512f+avx2+fma' or 'avx2+fma'
 */
export function setNativeCpuLimit(level: NativeCpuLevel): string | null {
  loadNativeBackend();
  return addon ? addon.setCpuLimit(level) : null;
}

/**
 * One core's measured AVX2 FMA ceiling in GFLOP/s (a tight FMA loop for about `seconds`): the peak
 * the GEMM benchmark compares against. 0 on the portable path, null without the addon.
 * @example
 * console.log(`${nativeFmaCeiling(0.3)} GFLOP/s per core`);
 */
export function nativeFmaCeiling(seconds = 0.3): number | null {
  loadNativeBackend();
  return addon ? addon.fmaCeiling(seconds) : null;
}

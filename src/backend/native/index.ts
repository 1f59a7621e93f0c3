/**
 * The native backend: the C++17 addon built from native/ (see native/src/*.cc), wrapped into a
 * `Backend`. This file does no arithmetic: it forwards float32 calls to the addon, which checks
 * every length, and hands float64 calls (gradient checks) to the reference backend, counting them
 * in `info().fallbacks` and logging the first one when SEQLAB_DEBUG is set.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { packageRoot } from '../package-root.js';
import type { Backend, BackendInfo, RecurrentKind, RnnBackwardCall, RnnForwardCall } from '../interface.js';
import { checkIds } from '../reference/embedding.js';
import { referenceBackend } from '../reference/index.js';
import { isF64, isF64Rnn } from '../float64.js';

type F32 = Float32Array;

/**
 * The addon's exports (native/src/addon*.cc). Argument lists are flattened where the interface takes
 * options, except the recurrent kernels, whose direction objects the addon reads by property name.
 */
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
  rnnSequenceForward(kind: RecurrentKind, directions: readonly RnnForwardCall<F32>[]): void;
  rnnSequenceBackward(kind: RecurrentKind, directions: readonly RnnBackwardCall<F32>[]): void;
  /** The addon's op tables (native/src/op_tables.h), for the test that they match interface.ts. */
  opTables(): { unary: string[]; binary: string[]; reduce: string[]; rnnGates: Record<string, number> };
  cpuFeatures(): string;
  numThreads(): number;
  setNumThreads(n: number): number;
  setCpuLimit(level: NativeCpuLevel): string;
  fmaCeiling(seconds: number): number;
}

export const addonPath = join(packageRoot(), 'native', 'build', 'Release', 'seqlab_native.node');

let addon: Addon | null = null;
let loadResult: { backend: Backend } | { error: string } | null = null;
let fallbacks = 0;
let loggedFallback = false;

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
    rnnSequenceForward(kind, directions) {
      if (directions.some((d) => isF64Rnn(d.args))) {
        return fallback('rnnSequenceForward').rnnSequenceForward(kind, directions);
      }
      lib.rnnSequenceForward(kind, directions as readonly RnnForwardCall<F32>[]);
    },
    rnnSequenceBackward(kind, directions) {
      if (directions.some((d) => isF64Rnn(d.args))) {
        return fallback('rnnSequenceBackward').rnnSequenceBackward(kind, directions);
      }
      lib.rnnSequenceBackward(kind, directions as readonly RnnBackwardCall<F32>[]);
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

/**
 * The op tables compiled into the addon (native/src/op_tables.h): unary, binary and reduce op names in
 * the addon's order and the recurrent gate counts; null without the addon. For the test that they match
 * interface.ts's UNARY_OPS, BINARY_OPS, REDUCE_OPS and RNN_GATES.
 * @example
 * nativeOpTables()?.rnnGates.lstm; // 4
 */
export function nativeOpTables(): ReturnType<Addon['opTables']> | null {
  loadNativeBackend();
  return addon ? addon.opTables() : null;
}

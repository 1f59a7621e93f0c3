/**
 * The WebAssembly backend: native/wasm/seqlab.wasm or seqlab-mt.wasm (the native kernels of native/src
 * compiled with emscripten and wasm128 SIMD, one thread or threads on workers: ./threads.ts;
 * scripts/build-wasm.mjs) wrapped into a `Backend`. Like
 * src/backend/native/index.ts this file does no arithmetic: it checks every length (checks.ts), copies
 * the arrays into the module's memory, calls the C function (native/src/wasm_glue.cc), copies the
 * outputs back, and hands float64 calls (gradient checks) to the reference backend, counting them in
 * `info().fallbacks`. It imports nothing from Node, so the same file runs in browsers and Web Workers;
 * ./index.ts is the Node loader (reads the .wasm from the package).
 */
import { SeqlabError } from '../../errors.js';
import type {
  Backend,
  BackendInfo,
  BinaryOp,
  ReduceOp,
  RnnGrads,
  RecurrentKind,
  RnnSaved,
  RnnSequenceArgs,
  RnnSequenceOutputs,
  RnnUpstream,
  UnaryOp,
} from '../interface.js';
import { BINARY_OPS, REDUCE_OPS, UNARY_OPS } from '../interface.js';
import { checkIds } from '../reference/embedding.js';
import { isF64, isF64Rnn } from '../float64.js';
import { referenceBackend } from '../reference/index.js';
import {
  alignedShapes,
  checkLength,
  checkRnnBackward,
  checkRnnForward,
  checkShape,
  product,
} from './checks.js';
import { sharedMemory, WasmThreadPool, type ThreadExports, type WasmThreads } from './threads.js';

type Ptr = number;
type Fn = (...args: number[]) => number;

/** The .wasm's exports (native/src/wasm_glue.cc; all integers are i32, reals f64). */
interface Exports {
  /** Exported by the single-threaded module; the threaded one imports its (shared) memory. */
  memory?: WebAssembly.Memory;
  _initialize(): void;
  malloc(bytes: number): Ptr;
  free(p: Ptr): void;
  seqlab_cpu_features(): Ptr;
  seqlab_num_threads(): number;
  seqlab_gemm: Fn;
  seqlab_unary: Fn;
  seqlab_unary_backward: Fn;
  seqlab_binary: Fn;
  seqlab_reduce: Fn;
  seqlab_transpose32: Fn;
  seqlab_copy_region: Fn;
  seqlab_softmax: Fn;
  seqlab_softmax_backward: Fn;
  seqlab_embedding_forward: Fn;
  seqlab_embedding_backward: Fn;
  seqlab_dropout_mask: Fn;
  seqlab_sgd_step: Fn;
  seqlab_adam_step: Fn;
  seqlab_rmsprop_step: Fn;
  seqlab_adagrad_step: Fn;
  seqlab_rnn_forward: Fn;
  seqlab_rnn_backward: Fn;
}

/** UnaryOp → its index in native/src/op_tables.h, which lists the ops in UNARY_OPS's order (a parity test checks). */
const UNARY_INDEX = Object.fromEntries(UNARY_OPS.map((op, i) => [op, i])) as Record<UnaryOp, number>;
const BINARY_INDEX = Object.fromEntries(BINARY_OPS.map((op, i) => [op, i])) as Record<BinaryOp, number>;
const REDUCE_INDEX = Object.fromEntries(REDUCE_OPS.map((op, i) => [op, i])) as Record<ReduceOp, number>;
const KIND_INDEX: Record<RecurrentKind, number> = { lstm: 0, gru: 1, simpleRnn: 2 };

type Raw = Float32Array | Int32Array | Uint8Array;
/** One array of a call: copied in before (unless write-only), copied back after (if written). */
interface Slot {
  array: Raw | null;
  read: boolean;
  write: boolean;
}
const input = (array: Raw | null): Slot => ({ array, read: true, write: false });
const output = (array: Raw | null): Slot => ({ array, read: false, write: true });
const inout = (array: Raw | null): Slot => ({ array, read: true, write: true });

/**
 * The module's memory as one reused arena: each call lays its arrays out from the arena's start (16-byte
 * aligned), copies the inputs in, runs, and copies the outputs out. The arena only grows (by malloc, so
 * the kernels' own buffers live beside it).
 */
class Arena {
  private base: Ptr = 0;
  private capacity = 0;
  constructor(
    private readonly ex: Exports,
    private readonly memory: WebAssembly.Memory,
  ) {}

  /** Runs fn with a pointer for each slot (0 for a null array) and returns its result. */
  run(kernel: string, slots: Slot[], fn: (ptrs: Ptr[]) => number): number {
    const offsets: number[] = [];
    let total = 0;
    for (const s of slots) {
      offsets.push(total);
      total += s.array ? (s.array.byteLength + 15) & ~15 : 0;
    }
    this.reserve(kernel, total);
    let heap = new Uint8Array(this.memory.buffer);
    const ptrs = slots.map((s, i) => (s.array ? this.base + offsets[i]! : 0));
    slots.forEach((s, i) => {
      if (s.array && s.read) heap.set(bytes(s.array), ptrs[i]);
    });
    const result = fn(ptrs);
    heap = new Uint8Array(this.memory.buffer); // the kernel may have grown the memory
    slots.forEach((s, i) => {
      if (s.array && s.write) bytes(s.array).set(heap.subarray(ptrs[i]!, ptrs[i]! + s.array.byteLength));
    });
    return result;
  }

  /** At least bytesNeeded bytes at this.base (their contents are not kept). */
  private reserve(kernel: string, bytesNeeded: number): void {
    if (bytesNeeded <= this.capacity) return;
    if (this.base) this.ex.free(this.base);
    const want = Math.max(bytesNeeded, Math.ceil(this.capacity * 1.5), 1 << 20);
    this.base = this.ex.malloc(want);
    this.capacity = this.base ? want : 0;
    if (!this.base) {
      throw new SeqlabError(
        `${kernel}: the WebAssembly backend could not allocate ${(want / 2 ** 20).toFixed(1)} MiB ` +
          `(its memory is limited to 4 GiB, less in some browsers): use a smaller batch size or model`,
      );
    }
  }
}

function bytes(a: Raw): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

const i32 = (values: readonly number[]) => Int32Array.from(values);

type F32 = Float32Array;

/** The slots of a recurrent call's common arguments, in wasm_glue.cc's order. */
function rnnArgSlots(a: RnnSequenceArgs<F32>): Slot[] {
  return [
    input(a.x),
    input(a.kernel),
    input(a.recurrentKernel),
    input(a.bias),
    input(a.h0),
    input(a.c0),
    input(a.mask),
    input(a.inputDropoutMask),
    input(a.recurrentDropoutMask),
    input(a.xIds ?? null),
  ];
}

function rnnScalars(kind: RecurrentKind, a: RnnSequenceArgs): number[] {
  const flags = (a.reverse ? 1 : 0) | (kind === 'gru' && a.resetAfter ? 2 : 0) | (a.xBatchMajor ? 4 : 0);
  return [a.T, a.B, a.I, a.H, flags, UNARY_INDEX[a.activation], UNARY_INDEX[a.recurrentActivation]];
}

/** How a wasm backend is loaded. */
export interface WasmLoadOptions {
  /**
   * Workers for the threaded module (seqlab-mt.wasm, which then gets a shared memory and the workers
   * threads.spawn starts). Without: the single-threaded module (seqlab.wasm).
   */
  threads?: WasmThreads;
  /** Why the host cannot give threads (BackendInfo.threadsReason), when it has more than one core. */
  threadsReason?: string;
}

/**
 * Instantiates the compiled .wasm and wraps it into a Backend (synchronous: Node, or a Worker with a
 * small module). Browsers' main threads use `instantiateWasmBackend` instead.
 * @example
 * const backend = wasmBackendFromModule(new WebAssembly.Module(bytes));
 */
export function wasmBackendFromModule(module: WebAssembly.Module, options: WasmLoadOptions = {}): Backend {
  const io = imports(options.threads ? sharedMemory() : null);
  const exports = new WebAssembly.Instance(module, io.imports).exports as unknown as Exports;
  return wrap(exports, io.bind(exports), module, options);
}

/**
 * Compiles and instantiates the .wasm asynchronously (any page or worker) and returns the Backend.
 * Fails with a clear message where WebAssembly SIMD is missing.
 * @example
 * const backend = await instantiateWasmBackend(fetch(new URL('./seqlab.wasm', import.meta.url)));
 */
export async function instantiateWasmBackend(
  source: Response | PromiseLike<Response> | WebAssembly.BufferSource,
  options: WasmLoadOptions = {},
): Promise<Backend> {
  const buffer =
    source instanceof ArrayBuffer || ArrayBuffer.isView(source)
      ? source
      : await (await (source as PromiseLike<Response>)).arrayBuffer();
  if (!wasmSimdSupported()) {
    throw new SeqlabError(
      'this JavaScript engine has no WebAssembly SIMD (wasm128), which the seqlab .wasm needs: use a ' +
        'current Chrome, Edge, Firefox or Safari (16.4+), or Node ≥ 16.4',
    );
  }
  const io = imports(options.threads ? sharedMemory() : null);
  const { module, instance } = await WebAssembly.instantiate(buffer, io.imports);
  const exports = instance.exports as unknown as Exports;
  return wrap(exports, io.bind(exports), module, options);
}

/** Whether this engine validates a module with a wasm128 instruction (f32x4.splat). */
export function wasmSimdSupported(): boolean {
  // (module (func (result v128) f32.const 0 f32x4.splat))
  const probe = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 11, 1, 9, 0, 67, 0, 0, 0, 0, 253, 19,
    11,
  ]);
  return typeof WebAssembly === 'object' && WebAssembly.validate(probe);
}

/**
 * The few WASI functions the standalone module imports: an empty environment, and exit as an error; and
 * the threaded module's shared memory (`shared`). `bind` returns the instance's memory (the shared one,
 * or the one the module exports) and hands it to the imports.
 */
function imports(shared: WebAssembly.Memory | null): {
  imports: WebAssembly.Imports;
  bind(exports: Exports): WebAssembly.Memory;
} {
  let memory = shared;
  const view = () => new DataView(memory!.buffer);
  return {
    imports: {
      env: {
        emscripten_notify_memory_growth: () => undefined,
        ...(shared ? { memory: shared } : {}),
      },
      wasi_snapshot_preview1: {
        environ_sizes_get: (countPtr: number, sizePtr: number) => {
          view().setUint32(countPtr, 0, true);
          view().setUint32(sizePtr, 0, true);
          return 0;
        },
        environ_get: () => 0,
        proc_exit: (code: number) => {
          throw new SeqlabError(`the seqlab WebAssembly module stopped (exit code ${code})`);
        },
      },
    },
    bind: (exports) => (memory = shared ?? exports.memory!),
  };
}

let fallbacks = 0;

/** Each wasm backend's thread setter (the threaded module's pool; one thread otherwise). */
const threadSetters = new WeakMap<Backend, (n: number) => number>();

/**
 * Runs a wasm backend's kernels on n threads (the threaded module starts the workers it lacks); the
 * single-threaded module stays at 1. Returns the count in effect.
 * @example
 * setWasmThreads(backend, 1); // single-threaded timings
 */
export function setWasmThreads(backend: Backend, n: number): number {
  return threadSetters.get(backend)?.(n) ?? 1;
}

function fallback(): Backend {
  fallbacks++;
  return referenceBackend;
}

function wrap(
  ex: Exports,
  memory: WebAssembly.Memory,
  module: WebAssembly.Module,
  { threads, threadsReason }: WasmLoadOptions,
): Backend {
  ex._initialize();
  const pool = threads && new WasmThreadPool(ex as unknown as ThreadExports, module, memory, threads);
  const arena = new Arena(ex, memory);
  const featuresPtr = ex.seqlab_cpu_features();
  const heap = new Uint8Array(memory.buffer);
  // A copy: TextDecoder refuses a view of shared memory.
  const cpuFeatures = new TextDecoder().decode(heap.slice(featuresPtr, heap.indexOf(0, featuresPtr)));

  const rnnForward = (
    kind: RecurrentKind,
    args: RnnSequenceArgs,
    out: RnnSequenceOutputs,
    kept: RnnSaved | null,
  ) => {
    const K = `${kind}SequenceForward`;
    // Empty saved arrays (T·B·H = 0) keep nothing: inference, as the native glue reads them.
    const saved = kept && kept.gates.length > 0 ? kept : null;
    checkRnnForward(K, kind, args, out, saved);
    const a = args as RnnSequenceArgs<F32>;
    const o = out as RnnSequenceOutputs<F32>;
    const s = saved as RnnSaved<F32> | null;
    const lstm = kind === 'lstm';
    const gru = kind === 'gru';
    const slots = [
      ...rnnArgSlots(a),
      output(o.y),
      output(o.hT),
      output(lstm ? o.cT : null),
      output(s?.gates ?? null),
      output(s?.h ?? null),
      output(s && lstm ? s.c : null),
      output(s && gru ? s.candidate : null),
    ];
    arena.run(K, slots, (p) => {
      ex.seqlab_rnn_forward(KIND_INDEX[kind], ...p.slice(0, 10), ...rnnScalars(kind, a), ...p.slice(10));
      return 0;
    });
  };

  const rnnBackward = (
    kind: RecurrentKind,
    args: RnnSequenceArgs,
    saved: RnnSaved,
    up: RnnUpstream,
    grads: RnnGrads,
  ) => {
    const K = `${kind}SequenceBackward`;
    checkRnnBackward(K, kind, args, saved, up, grads);
    const a = args as RnnSequenceArgs<F32>;
    const s = saved as RnnSaved<F32>;
    const u = up as RnnUpstream<F32>;
    const g = grads as RnnGrads<F32>;
    const lstm = kind === 'lstm';
    const slots = [
      ...rnnArgSlots(a),
      input(s.gates),
      input(s.h),
      input(lstm ? s.c : null),
      input(kind === 'gru' ? s.candidate : null),
      input(u.dY),
      input(u.dHT),
      input(lstm ? u.dCT : null),
      output(g.dX),
      output(g.dKernel),
      output(g.dRecurrentKernel),
      output(a.bias ? g.dBias : null),
      output(g.dH0),
      output(lstm ? g.dC0 : null),
    ];
    arena.run(K, slots, (p) => {
      ex.seqlab_rnn_backward(KIND_INDEX[kind], ...p.slice(0, 10), ...rnnScalars(kind, a), ...p.slice(10));
      return 0;
    });
  };

  const backend: Backend = {
    name: 'wasm',
    info(): BackendInfo {
      const n = ex.seqlab_num_threads();
      return {
        name: 'wasm',
        cpuFeatures,
        threads: n,
        fallbacks,
        ...(n === 1 && threadsReason ? { threadsReason } : {}),
      };
    },
    gemm(m, n, k, a, b, c, options = {}) {
      if (isF64(a, b, c)) return fallback().gemm(m, n, k, a, b, c, options);
      const { transA = false, transB = false, alpha = 1, beta = 0 } = options;
      checkShape('gemm', '(m, n, k)', [m, n, k]);
      checkLength('gemm', 'a', a, m * k, `(m, k) = (${m}, ${k})${transA ? ' with transA' : ''}`);
      checkLength('gemm', 'b', b, k * n, `(k, n) = (${k}, ${n})${transB ? ' with transB' : ''}`);
      checkLength('gemm', 'c', c, m * n, `(m, n) = (${m}, ${n})`);
      const slots = [input(a as F32), input(b as F32), beta === 0 ? output(c as F32) : inout(c as F32)];
      arena.run('gemm', slots, ([pa, pb, pc]) =>
        ex.seqlab_gemm(m, n, k, pa!, pb!, pc!, +transA, +transB, alpha, beta),
      );
    },
    unary(op, x, out) {
      if (isF64(x, out)) return fallback().unary(op, x, out);
      checkLength('unary', 'out', out, x.length, 'x');
      arena.run('unary', [input(x as F32), output(out as F32)], ([px, po]) =>
        ex.seqlab_unary(UNARY_INDEX[op], px!, po!, x.length),
      );
    },
    unaryBackward(op, x, y, dy, dx) {
      if (isF64(x, y, dy, dx)) return fallback().unaryBackward(op, x, y, dy, dx);
      for (const [name, v] of [
        ['y', y],
        ['dy', dy],
        ['dx', dx],
      ] as const) {
        checkLength('unaryBackward', name, v, x.length, 'x');
      }
      arena.run(
        'unaryBackward',
        [input(x as F32), input(y as F32), input(dy as F32), output(dx as F32)],
        ([px, py, pdy, pdx]) => ex.seqlab_unary_backward(UNARY_INDEX[op], px!, py!, pdy!, pdx!, x.length),
      );
    },
    binary(op, a, aShape, b, bShape, out, outShape) {
      if (isF64(a, b, out)) return fallback().binary(op, a, aShape, b, bShape, out, outShape);
      for (const [name, s] of [
        ['aShape', aShape],
        ['bShape', bShape],
        ['outShape', outShape],
      ] as const) {
        checkShape('binary', name, s);
      }
      checkLength('binary', 'a', a, product(aShape), `aShape [${aShape.join(', ')}]`);
      checkLength('binary', 'b', b, product(bShape), `bShape [${bShape.join(', ')}]`);
      checkLength('binary', 'out', out, product(outShape), `outShape [${outShape.join(', ')}]`);
      const [as, bs] = alignedShapes(aShape, bShape, outShape);
      const slots = [input(a as F32), input(i32(as)), input(b as F32), input(i32(bs)), output(out as F32)];
      slots.push(input(i32(outShape)));
      arena.run('binary', slots, ([pa, pas, pb, pbs, po, pos]) =>
        ex.seqlab_binary(BINARY_INDEX[op], pa!, pas!, pb!, pbs!, po!, pos!, outShape.length),
      );
    },
    reduce(op, x, shape, axes, out) {
      if (isF64(x, out)) return fallback().reduce(op, x, shape, axes, out);
      checkShape('reduce', 'shape', shape);
      checkLength('reduce', 'x', x, product(shape), `shape [${shape.join(', ')}]`);
      const reduced = new Uint8Array(shape.length);
      for (const ax of axes) {
        if (!Number.isInteger(ax) || ax < 0 || ax >= shape.length) {
          throw new RangeError(`reduce: axis ${ax} is out of range for shape [${shape.join(', ')}]`);
        }
        reduced[ax] = 1;
      }
      const kept = shape.reduce((p, d, i) => (reduced[i] ? p : p * d), 1);
      checkLength(
        'reduce',
        'out',
        out,
        kept,
        `shape [${shape.join(', ')}] reduced over axes [${axes.join(', ')}]`,
      );
      arena.run(
        'reduce',
        [input(x as F32), input(i32(shape)), input(reduced), output(out as F32)],
        ([px, ps, pr, po]) => ex.seqlab_reduce(REDUCE_INDEX[op], px!, ps!, pr!, shape.length, po!),
      );
    },
    transpose(x, shape, perm, out) {
      if (isF64(x, out)) return fallback().transpose(x, shape, perm, out);
      checkShape('transpose', 'shape', shape);
      if (perm.length !== shape.length || [...perm].sort((p, q) => p - q).some((p, i) => p !== i)) {
        throw new RangeError(
          `transpose: perm [${perm.join(', ')}] is not a permutation of rank ${shape.length}`,
        );
      }
      if (x instanceof Int32Array !== out instanceof Int32Array) {
        throw new TypeError('transpose: x and out must both be Float32Array or both Int32Array');
      }
      checkLength('transpose', 'x', x, product(shape), `shape [${shape.join(', ')}]`);
      checkLength('transpose', 'out', out, product(shape), `shape [${shape.join(', ')}]`);
      const slots = [
        input(x as F32 | Int32Array),
        input(i32(shape)),
        input(i32(perm)),
        output(out as F32 | Int32Array),
      ];
      arena.run('transpose', slots, ([px, ps, pp, po]) =>
        ex.seqlab_transpose32(px!, ps!, pp!, shape.length, po!),
      );
    },
    copyRegion(src, srcShape, srcBegin, dst, dstShape, dstBegin, region, accumulate) {
      if (isF64(src, dst)) {
        return fallback().copyRegion(src, srcShape, srcBegin, dst, dstShape, dstBegin, region, accumulate);
      }
      const rank = region.length;
      const boxes = [srcShape, srcBegin, dstShape, dstBegin, region];
      if (boxes.some((b) => b.length !== rank)) {
        throw new ShapeRankError(boxes);
      }
      boxes.forEach((b, i) =>
        checkShape('copyRegion', ['srcShape', 'srcBegin', 'dstShape', 'dstBegin', 'region'][i]!, b),
      );
      if (product(region) !== 0) {
        for (let d = 0; d < rank; d++) {
          if (srcBegin[d]! + region[d]! > srcShape[d]! || dstBegin[d]! + region[d]! > dstShape[d]!) {
            throw new RangeError(
              `copyRegion: region [${region.join(', ')}] at srcBegin [${srcBegin.join(', ')}] / dstBegin ` +
                `[${dstBegin.join(', ')}] does not fit srcShape [${srcShape.join(', ')}] / dstShape [${dstShape.join(', ')}]`,
            );
          }
        }
      }
      const ints = src instanceof Int32Array;
      if (ints !== dst instanceof Int32Array) {
        throw new TypeError('copyRegion: src and dst must both be Float32Array or both Int32Array');
      }
      checkLength('copyRegion', 'src', src, product(srcShape), `srcShape [${srcShape.join(', ')}]`);
      checkLength('copyRegion', 'dst', dst, product(dstShape), `dstShape [${dstShape.join(', ')}]`);
      const slots = [
        input(src as F32 | Int32Array),
        inout(dst as F32 | Int32Array),
        input(i32(boxes.flat())),
      ];
      arena.run('copyRegion', slots, ([ps, pd, pb]) =>
        ex.seqlab_copy_region(+ints, ps!, pd!, pb!, rank, +accumulate),
      );
    },
    softmax(x, rows, cols, out, log) {
      if (isF64(x, out)) return fallback().softmax(x, rows, cols, out, log);
      const why = `(rows, cols) = (${rows}, ${cols})`;
      checkLength('softmax', 'x', x, rows * cols, why);
      checkLength('softmax', 'out', out, rows * cols, why);
      arena.run('softmax', [input(x as F32), output(out as F32)], ([px, po]) =>
        ex.seqlab_softmax(px!, rows, cols, po!, +log),
      );
    },
    softmaxBackward(y, dy, rows, cols, dx, log) {
      if (isF64(y, dy, dx)) return fallback().softmaxBackward(y, dy, rows, cols, dx, log);
      const why = `(rows, cols) = (${rows}, ${cols})`;
      checkLength('softmaxBackward', 'y', y, rows * cols, why);
      checkLength('softmaxBackward', 'dy', dy, rows * cols, why);
      checkLength('softmaxBackward', 'dx', dx, rows * cols, why);
      arena.run('softmaxBackward', [input(y as F32), input(dy as F32), output(dx as F32)], ([py, pdy, pdx]) =>
        ex.seqlab_softmax_backward(py!, pdy!, rows, cols, pdx!, +log),
      );
    },
    embeddingForward(table, V, E, ids, out) {
      if (isF64(table, out)) return fallback().embeddingForward(table, V, E, ids, out);
      checkLength('embeddingForward', 'table', table, V * E, `(V, E) = (${V}, ${E})`);
      checkLength('embeddingForward', 'out', out, ids.length * E, `(N, E) = (${ids.length}, ${E})`);
      const bad = arena.run(
        'embeddingForward',
        [input(table as F32), input(ids), output(out as F32)],
        ([pt, pi, po]) => ex.seqlab_embedding_forward(pt!, V, E, pi!, ids.length, po!),
      );
      // A bad id: the reference's check throws its SeqlabError, so every backend fails alike.
      if (bad >= 0) checkIds(ids, V);
    },
    embeddingBackward(dOut, slot, E, dRows) {
      if (isF64(dOut, dRows)) return fallback().embeddingBackward(dOut, slot, E, dRows);
      checkLength('embeddingBackward', 'dOut', dOut, slot.length * E, `(N, E) = (${slot.length}, ${E})`);
      if (E === 0 ? dRows.length !== 0 : dRows.length % E !== 0) {
        throw new RangeError(
          `embeddingBackward: dRows has length ${dRows.length}, not a multiple of E = ${E}`,
        );
      }
      const U = E === 0 ? 0 : dRows.length / E;
      const bad = arena.run(
        'embeddingBackward',
        [input(dOut as F32), input(slot), output(dRows as F32)],
        ([pd, ps, pr]) => ex.seqlab_embedding_backward(pd!, ps!, slot.length, E, pr!, U),
      );
      if (bad >= 0) {
        throw new RangeError(`embeddingBackward: slot ${slot[bad]} at position ${bad} is outside [0, ${U})`);
      }
    },
    dropoutMask(key, offset, rate, out) {
      if (isF64(out)) return fallback().dropoutMask(key, offset, rate, out);
      if (!Number.isInteger(offset) || offset < 0) {
        throw new RangeError(`dropoutMask: offset must be a non-negative integer, got ${offset}`);
      }
      arena.run('dropoutMask', [output(out as F32)], ([po]) =>
        ex.seqlab_dropout_mask(key[0] >>> 0, key[1] >>> 0, offset, rate, po!, out.length),
      );
    },
    sgdStep(param, grad, velocity, h) {
      if (isF64(param, grad, velocity)) return fallback().sgdStep(param, grad, velocity, h);
      checkLength('sgdStep', 'grad', grad, param.length, 'param');
      if (velocity) checkLength('sgdStep', 'velocity', velocity, param.length, 'param');
      arena.run(
        'sgdStep',
        [inout(param as F32), input(grad as F32), inout(velocity as F32 | null)],
        ([p, g, v]) => ex.seqlab_sgd_step(p!, g!, v!, param.length, h.learningRate, h.momentum, +h.nesterov),
      );
    },
    adamStep(param, grad, m, v, vMax, h) {
      if (isF64(param, grad, m, v, vMax)) return fallback().adamStep(param, grad, m, v, vMax, h);
      for (const [name, a] of [
        ['grad', grad],
        ['m', m],
        ['v', v],
      ] as const) {
        checkLength('adamStep', name, a, param.length, 'param');
      }
      if (vMax) checkLength('adamStep', 'vMax', vMax, param.length, 'param');
      const slots = [inout(param as F32), input(grad as F32), inout(m as F32), inout(v as F32)];
      slots.push(inout(vMax as F32 | null));
      arena.run('adamStep', slots, ([pp, pg, pm, pv, px]) =>
        ex.seqlab_adam_step(
          pp!,
          pg!,
          pm!,
          pv!,
          px!,
          param.length,
          h.learningRate,
          h.beta1,
          h.beta2,
          h.epsilon,
          h.step,
          h.weightDecay,
          +h.amsgrad,
        ),
      );
    },
    rmspropStep(param, grad, meanSquare, momentum, meanGrad, h) {
      if (isF64(param, grad, meanSquare, momentum, meanGrad)) {
        return fallback().rmspropStep(param, grad, meanSquare, momentum, meanGrad, h);
      }
      checkLength('rmspropStep', 'grad', grad, param.length, 'param');
      checkLength('rmspropStep', 'meanSquare', meanSquare, param.length, 'param');
      if (momentum) checkLength('rmspropStep', 'momentum', momentum, param.length, 'param');
      if (meanGrad) checkLength('rmspropStep', 'meanGrad', meanGrad, param.length, 'param');
      const slots = [inout(param as F32), input(grad as F32), inout(meanSquare as F32)];
      slots.push(inout(momentum as F32 | null), inout(meanGrad as F32 | null));
      arena.run('rmspropStep', slots, ([pp, pg, pms, pmo, pmg]) =>
        ex.seqlab_rmsprop_step(
          pp!,
          pg!,
          pms!,
          pmo!,
          pmg!,
          param.length,
          h.learningRate,
          h.rho,
          h.momentum,
          h.epsilon,
          +h.centered,
        ),
      );
    },
    adagradStep(param, grad, accumulator, h) {
      if (isF64(param, grad, accumulator)) return fallback().adagradStep(param, grad, accumulator, h);
      checkLength('adagradStep', 'grad', grad, param.length, 'param');
      checkLength('adagradStep', 'accumulator', accumulator, param.length, 'param');
      const slots = [inout(param as F32), input(grad as F32), inout(accumulator as F32)];
      arena.run('adagradStep', slots, ([pp, pg, pa]) =>
        ex.seqlab_adagrad_step(pp!, pg!, pa!, param.length, h.learningRate, h.epsilon),
      );
    },
    // The directions of a Bidirectional call run one after the other, each on all the module's threads.
    rnnSequenceForward(kind, directions) {
      if (directions.some((d) => isF64Rnn(d.args))) return fallback().rnnSequenceForward(kind, directions);
      for (const d of directions) rnnForward(kind, d.args, d.out, d.saved);
    },
    rnnSequenceBackward(kind, directions) {
      if (directions.some((d) => isF64Rnn(d.args))) return fallback().rnnSequenceBackward(kind, directions);
      for (const d of directions) rnnBackward(kind, d.args, d.saved, d.upstream, d.grads);
    },
  };
  threadSetters.set(backend, (n) => (pool ? pool.resize(n) : 1));
  return backend;
}

class ShapeRankError extends SeqlabError {
  constructor(boxes: readonly (readonly number[])[]) {
    super(
      `copyRegion: srcShape, srcBegin, dstShape, dstBegin and region must have the same rank, got ` +
        boxes.map((b) => `[${b.join(', ')}]`).join(', '),
    );
  }
}

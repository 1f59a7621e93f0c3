/**
 * Threads for the WebAssembly backend: native/wasm/seqlab-mt.wasm (the kernels compiled with atomics,
 * one shared memory) runs the native thread pool's parallel parts on workers seqlab starts itself.
 * Each worker instantiates the same compiled module on the same shared memory, gives itself a stack and a
 * thread-local block that the calling thread allocated in that memory, and calls `seqlab_thread_loop`,
 * which sleeps in `memory.atomic.wait32` until the pool publishes a job, claims parts, and never
 * returns (native/src/threadpool.cc). Results are bit-identical to one thread: parts are claimed, not
 * assigned, and a part's result does not depend on the thread that runs it.
 *
 * Imports nothing from Node: the Node loader (./index.ts) spawns `worker_threads`, a page Web Workers
 * (both run WASM_WORKER_SOURCE).
 */
import { SeqlabError } from '../../errors.js';

/** What a worker needs: the compiled module, the shared memory, and its stack top and thread-local block. */
export interface WasmWorkerData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  stackTop: number;
  tls: number;
}

/** How a host gives the threaded module its workers. */
export interface WasmThreads {
  /** Threads in all, the calling one included (≥ 2). */
  count: number;
  /** Whether the calling thread may block while it waits for the workers (not a page's main thread). */
  canWait: boolean;
  /** Starts one worker running WASM_WORKER_SOURCE with this data (workerData, or the first message). */
  spawn(data: WasmWorkerData): void;
}

/** A worker's stack: the main thread's is 1 MiB too (scripts/build-wasm.mjs, TOTAL_STACK). */
const STACK_BYTES = 1 << 20;

/**
 * The whole program of a worker, as source text so that every host can start it without a file: Node
 * runs it with `new Worker(source, { eval: true, workerData })`, a page from a Blob URL and one message.
 * The imports are the module's few (module.ts's imports()); a worker never calls them.
 */
export const WASM_WORKER_SOURCE = `'use strict';
const start = (d) => {
  const none = () => 0;
  const ex = new WebAssembly.Instance(d.module, {
    env: { memory: d.memory, emscripten_notify_memory_growth: none },
    wasi_snapshot_preview1: { proc_exit: none, environ_sizes_get: none, environ_get: none },
  }).exports;
  ex.stackRestore(d.stackTop);
  ex.__wasm_init_tls(d.tls);
  ex.seqlab_thread_loop();
};
if (typeof require === 'function') start(require('node:worker_threads').workerData);
else self.onmessage = (e) => start(e.data);
`;

/** BackendInfo.threadsReason when the threaded module could not start and the one-thread module runs. */
export const threadsFailed = (e: unknown): string =>
  `the threaded WebAssembly module could not start (${(e as Error).message})`;

/** The threaded module's extra exports (native/src/wasm_glue.cc and the linker's). */
export interface ThreadExports {
  malloc(bytes: number): number;
  __tls_size: { value: number };
  __tls_align: { value: number };
  __wasm_init_tls(block: number): void;
  seqlab_set_num_threads(n: number): number;
  seqlab_set_can_wait(canWait: number): void;
}

/**
 * The shared memory the threaded module imports: 16 MiB to start (its INITIAL_MEMORY), growing to 4 GiB.
 * Throws where the host has no shared WebAssembly memory (a page that is not cross-origin isolated).
 */
export function sharedMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 256, maximum: 65536, shared: true });
}

/**
 * The threaded module's pool as JavaScript sees it: the calling thread's thread-local block (given at
 * construction, after the module's _initialize and before any kernel) and the workers started so far.
 */
export class WasmThreadPool {
  private started = 1;
  private readonly tlsSize: number;
  private readonly tlsAlign: number;

  constructor(
    private readonly ex: ThreadExports,
    private readonly module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
    private readonly host: WasmThreads,
  ) {
    this.tlsSize = ex.__tls_size.value;
    this.tlsAlign = Math.max(ex.__tls_align.value, 16);
    ex.__wasm_init_tls(this.block(this.tlsSize, this.tlsAlign));
    ex.seqlab_set_can_wait(host.canWait ? 1 : 0);
    this.resize(host.count);
  }

  /** Runs the kernels on n threads (n ≥ 1), starting the workers that are missing; returns n. */
  resize(n: number): number {
    const count = Math.max(1, Math.min(256, Math.floor(n)));
    for (; this.started < count; this.started++) {
      const stackTop = this.block(STACK_BYTES, 16) + STACK_BYTES;
      const tls = this.block(this.tlsSize, this.tlsAlign);
      this.host.spawn({ module: this.module, memory: this.memory, stackTop, tls });
    }
    return this.ex.seqlab_set_num_threads(count);
  }

  /** bytes at an address aligned to align, in the module's memory, never freed. */
  private block(bytes: number, align: number): number {
    const p = this.ex.malloc(bytes + align);
    if (!p) throw new SeqlabError('the seqlab WebAssembly module could not allocate its threads’ stacks');
    return Math.ceil(p / align) * align;
  }
}

/**
 * Web Workers for the threaded module in a page or a worker, or why there can be none: browsers give
 * SharedArrayBuffer (and shared WebAssembly memory) only to cross-origin isolated pages, served with
 * `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`. A page's
 * main thread may not block, so there the caller spins while the workers finish.
 * @example
 * const host = browserThreads();
 * const backend = await instantiateWasmBackend(fetch('seqlab-mt.wasm'), { threads: host }); // unless 'reason' in host
 */
export function browserThreads(count?: number): WasmThreads | { reason: string } {
  const g = globalThis as unknown as {
    crossOriginIsolated?: boolean;
    SharedArrayBuffer?: unknown;
    navigator?: { hardwareConcurrency?: number };
    WorkerGlobalScope?: unknown;
    Worker?: new (url: string) => { postMessage(data: unknown): void };
    Blob?: new (parts: string[], options: { type: string }) => unknown;
    URL: { createObjectURL(blob: unknown): string };
  };
  const n = Math.min(count ?? g.navigator?.hardwareConcurrency ?? 1, 16);
  if (n <= 1) return { reason: 'this browser reports one core' };
  if (!g.crossOriginIsolated || g.SharedArrayBuffer === undefined)
    return {
      reason:
        'the page is not cross-origin isolated, so it has no SharedArrayBuffer for threads (serve it with ' +
        'Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)',
    };
  if (!g.Worker || !g.Blob) return { reason: 'this context cannot start Web Workers' };
  const Worker = g.Worker;
  const url = g.URL.createObjectURL(new g.Blob([WASM_WORKER_SOURCE], { type: 'text/javascript' }));
  return {
    count: n,
    canWait: g.WorkerGlobalScope !== undefined,
    spawn: (data) => new Worker(url).postMessage(data),
  };
}

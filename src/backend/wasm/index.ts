/**
 * The Node loader of the WebAssembly backend: reads native/wasm/seqlab-mt.wasm (threads on
 * worker_threads) or seqlab.wasm (one thread) from the package (checked in, so installing never needs a
 * compiler) and compiles it once. Browsers load the same modules through ./module.ts's
 * instantiateWasmBackend.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import { packageRoot } from '../package-root.js';
import type { Backend } from '../interface.js';
import { wasmBackendFromModule, wasmSimdSupported } from './module.js';
import { threadsFailed, WASM_WORKER_SOURCE, type WasmThreads } from './threads.js';

export {
  instantiateWasmBackend,
  setWasmThreads,
  wasmBackendFromModule,
  wasmSimdSupported,
  type WasmLoadOptions,
} from './module.js';

/** Where the checked-in modules live (scripts/build-wasm.mjs writes them). */
export const wasmPath = join(packageRoot(), 'native', 'wasm', 'seqlab.wasm');
export const wasmThreadsPath = join(packageRoot(), 'native', 'wasm', 'seqlab-mt.wasm');

/** SEQLAB_NUM_THREADS when set (as for the native addon), else the cores Node may use. */
function threadCount(): number {
  const n = Number(process.env.SEQLAB_NUM_THREADS);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 256) : availableParallelism();
}

/**
 * worker_threads for the threaded module, unref'd so that an idle pool never keeps Node running. A
 * worker that fails (an unhandled 'error' event would end the process) is reported as a warning: the
 * parts it would have claimed run on the other threads, with the same results.
 */
function nodeThreads(count: number): WasmThreads {
  return {
    count,
    canWait: true,
    spawn: (workerData) =>
      new Worker(WASM_WORKER_SOURCE, { eval: true, workerData })
        .on('error', (e) =>
          process.emitWarning(
            `seqlab: a WebAssembly worker thread failed (${e.message}); its share runs on the other threads`,
          ),
        )
        .unref(),
  };
}

let loadResult: { backend: Backend } | { error: string } | null = null;

/**
 * The threaded module on `count` threads when count > 1, else (or when it cannot start: a host that
 * refuses a 4 GiB shared memory reservation, or workers) the single-threaded one, saying why.
 */
function threadedOrSingle(count: number): Backend {
  let threadsReason: string | undefined;
  if (count > 1) {
    try {
      if (!existsSync(wasmThreadsPath)) throw new Error(`${wasmThreadsPath} does not exist`);
      return wasmBackendFromModule(new WebAssembly.Module(readFileSync(wasmThreadsPath)), {
        threads: nodeThreads(count),
      });
    } catch (e) {
      threadsReason = threadsFailed(e);
    }
  }
  const single = new WebAssembly.Module(readFileSync(wasmPath));
  return wasmBackendFromModule(single, threadsReason ? { threadsReason } : {});
}

/**
 * Loads and instantiates the .wasm once and returns the WebAssembly backend, or why it is unavailable.
 * Never throws.
 * @example
 * const wasm = loadWasmBackend();
 * if ('backend' in wasm) wasm.backend.gemm(2, 2, 2, a, b, c);
 */
export function loadWasmBackend(): { backend: Backend } | { error: string } {
  if (loadResult) return loadResult;
  try {
    if (!wasmSimdSupported()) {
      loadResult = { error: 'this Node has no WebAssembly SIMD (wasm128); Node ≥ 16.4 has it' };
    } else if (!existsSync(wasmPath)) {
      loadResult = { error: `${wasmPath} does not exist (the package is incomplete; reinstall seqlab)` };
    } else {
      loadResult = { backend: threadedOrSingle(threadCount()) };
    }
  } catch (e) {
    loadResult = { error: `loading ${wasmPath} failed: ${(e as Error).message}` };
  }
  return loadResult;
}

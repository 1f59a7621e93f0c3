/**
 * The WebAssembly backend in a page or Web Worker: the threaded module (Web Workers) where the page is
 * cross-origin isolated, else — or when it cannot start, e.g. on a device that refuses its 4 GiB
 * shared-memory reservation — the one-thread module, with BackendInfo.threadsReason saying why.
 * @example
 * const at = (f: string) => new URL(f, base);
 * const backend = await loadPageWasm(fetch, at('seqlab.wasm'), at('seqlab-mt.wasm'));
 */
import type { Backend } from '../../backend/interface.js';
import { instantiateWasmBackend } from '../../backend/wasm/module.js';
import { browserThreads, threadsFailed } from '../../backend/wasm/threads.js';

export async function loadPageWasm(
  fetchModule: (url: string | URL) => Promise<Response>,
  single: string | URL,
  threaded?: string | URL,
  threads?: number,
): Promise<Backend> {
  const host = threaded ? browserThreads(threads) : { reason: 'no threaded module was given' };
  let threadsReason = 'reason' in host ? host.reason : '';
  if (threaded && !('reason' in host)) {
    try {
      return await instantiateWasmBackend(fetchModule(threaded), { threads: host });
    } catch (e) {
      threadsReason = threadsFailed(e);
    }
  }
  return instantiateWasmBackend(fetchModule(single), { threadsReason });
}

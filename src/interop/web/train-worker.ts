/**
 * A module Web Worker that trains ./train-demo.ts's model on seqlab's WebAssembly backend. Post it
 * `{ wasmUrl, batches, vocabulary, epochs }`, and `wasmThreadsUrl` (seqlab-mt.wasm) to train on threads
 * where the page is cross-origin isolated; it answers `{ losses, backend }` or `{ error }`.
 * @example
 * const worker = new Worker('./seqlab-train-worker.js', { type: 'module' });
 * worker.postMessage({ wasmUrl: new URL('seqlab.wasm', location.href).href, batches, vocabulary: 1000, epochs: 3 });
 */
import { backendInfo, setBackend } from '../../backend/select.js';
import { loadPageWasm } from './wasm-loader.js';
import { trainDemoModel, type DemoBatch } from './train-demo.js';

interface Request {
  wasmUrl: string;
  wasmThreadsUrl?: string;
  /** Threads with wasmThreadsUrl (default: the browser's core count). */
  threads?: number;
  batches: DemoBatch[];
  vocabulary: number;
  epochs: number;
}

const scope = globalThis as unknown as {
  onmessage: ((e: { data: Request }) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = (e) => {
  void (async () => {
    try {
      const { wasmUrl, wasmThreadsUrl, threads } = e.data;
      setBackend(await loadPageWasm((url) => fetch(url), wasmUrl, wasmThreadsUrl, threads));
      const losses = trainDemoModel(e.data.batches, e.data.vocabulary, e.data.epochs);
      scope.postMessage({ losses, backend: backendInfo() });
    } catch (err) {
      scope.postMessage({ error: (err as Error).message });
    }
  })();
};

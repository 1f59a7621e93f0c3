/**
 * The Node loader of the WebAssembly backend: reads native/wasm/seqlab.wasm from the package (checked
 * in, so installing never needs a compiler) and compiles it once. Browsers load the same module through
 * ./module.ts's instantiateWasmBackend.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { packageRoot } from '../package-root.js';
import type { Backend } from '../interface.js';
import { wasmBackendFromModule, wasmSimdSupported } from './module.js';

export { instantiateWasmBackend, wasmBackendFromModule, wasmSimdSupported } from './module.js';

/** Where the checked-in module lives (scripts/build-wasm.mjs writes it). */
export const wasmPath = join(packageRoot(), 'native', 'wasm', 'seqlab.wasm');

let loadResult: { backend: Backend } | { error: string } | null = null;

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
      loadResult = { backend: wasmBackendFromModule(new WebAssembly.Module(readFileSync(wasmPath))) };
    }
  } catch (e) {
    loadResult = { error: `loading ${wasmPath} failed: ${(e as Error).message}` };
  }
  return loadResult;
}

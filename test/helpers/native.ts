import type { TestContext } from 'node:test';

import type { Backend } from '../../src/backend/interface.js';
import { loadNativeBackend, setNativeThreads } from '../../src/backend/native/index.js';
import { loadWasmBackend, setWasmThreads } from '../../src/backend/wasm/index.js';

/**
 * Which compiled backend the parity suite checks against the reference: 'native' (default) or, with
 * SEQLAB_PARITY_BACKEND=wasm, the WebAssembly build of the same kernels (test/backend/wasm/parity.test.ts
 * runs the suite that way in a child process).
 */
export const parityBackend: 'native' | 'wasm' =
  process.env.SEQLAB_PARITY_BACKEND === 'wasm' ? 'wasm' : 'native';

/**
 * The compiled backend under test (native, or wasm under SEQLAB_PARITY_BACKEND=wasm). If it cannot be
 * loaded: under CI=true this throws (a missing addon is a failure in CI, DESIGN.md), otherwise the test
 * is skipped with the reason and null is returned.
 * @example
 * test('gemm', (t) => { const native = requireNative(t); if (!native) return; … });
 */
export function requireNative(t: TestContext): Backend | null {
  const loaded = parityBackend === 'wasm' ? loadWasmBackend() : loadNativeBackend();
  if ('backend' in loaded) return loaded.backend;
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`${parityBackend} backend unavailable under CI: ${loaded.error}`);
  }
  const fix = parityBackend === 'wasm' ? "run 'npm run build:wasm'" : "run 'npm run build:native'";
  t.skip(`${parityBackend} backend unavailable: ${loaded.error} (${fix})`);
  return null;
}

/**
 * The native backend for a test of something only the addon has (instruction-set levels, the thread
 * pool): skipped, with the reason, when the suite runs on wasm; otherwise as requireNative.
 */
export function requireNativeOnly(t: TestContext): Backend | null {
  if (parityBackend === 'wasm') {
    t.skip("native-only: instruction-set levels and the addon's own thread settings");
    return null;
  }
  return requireNative(t);
}

/**
 * Runs the compiled backend under test on n threads (the addon's pool, or the threaded wasm module's
 * workers) and returns the count in effect.
 */
export function setThreads(backend: Backend, n: number): number {
  return parityBackend === 'wasm' ? setWasmThreads(backend, n) : setNativeThreads(n);
}

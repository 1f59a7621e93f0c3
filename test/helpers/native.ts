import type { TestContext } from 'node:test';

import type { Backend } from '../../src/backend/interface.js';
import { loadNativeBackend } from '../../src/backend/native/index.js';

/**
 * The native backend for a test. If the addon cannot be loaded: under CI=true this throws (a missing
 * addon is a failure in CI, DESIGN.md), otherwise the test is skipped with the reason and null is
 * returned.
 * @example
 * test('gemm', (t) => { const native = requireNative(t); if (!native) return; … });
 */
export function requireNative(t: TestContext): Backend | null {
  const loaded = loadNativeBackend();
  if ('backend' in loaded) return loaded.backend;
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`native addon unavailable under CI: ${loaded.error}`);
  }
  t.skip(`native addon unavailable: ${loaded.error} (run 'npm run build:native')`);
  return null;
}

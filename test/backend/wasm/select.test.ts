// Backend choice: native first, then wasm (not the reference) when the addon cannot be loaded, with
// backendInfo() saying why; SEQLAB_BACKEND=wasm forces the wasm backend (checked in a child process,
// since the variable is read once).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

import type { Backend } from '../../../src/backend/interface.js';
import { referenceBackend } from '../../../src/backend/reference/index.js';
import { chooseBackend } from '../../../src/backend/select.js';
import { loadWasmBackend } from '../../../src/backend/wasm/index.js';

const fakeNative = { name: 'native' } as Backend;
const missing = () => ({ error: 'seqlab_native.node does not exist' });

test('without the native addon, seqlab runs on wasm and says why', () => {
  const chosen = chooseBackend('auto', { native: missing, wasm: loadWasmBackend });
  assert.equal(chosen.backend.name, 'wasm');
  assert.equal(chosen.backend.info().cpuFeatures, 'wasm-simd128');
  assert.match(chosen.fallbackReason!, /native addon is not available \(seqlab_native.node does not exist\)/);
});

test('with the addon, native is chosen; without WebAssembly either, the reference, with both reasons', () => {
  assert.equal(
    chooseBackend('auto', { native: () => ({ backend: fakeNative }), wasm: missing }).backend,
    fakeNative,
  );
  const chosen = chooseBackend('auto', { native: missing, wasm: () => ({ error: 'no SIMD' }) });
  assert.equal(chosen.backend, referenceBackend);
  assert.match(chosen.fallbackReason!, /native addon .* nor WebAssembly \(no SIMD\)/);
});

test('SEQLAB_BACKEND=wasm forces wasm; a forced backend that fails to load is an error that says what to do', () => {
  assert.equal(
    chooseBackend('wasm', { native: () => ({ backend: fakeNative }), wasm: loadWasmBackend }).backend.name,
    'wasm',
  );
  assert.throws(
    () => chooseBackend('native', { native: missing, wasm: loadWasmBackend }),
    /npm run build:native/,
  );
  assert.throws(
    () => chooseBackend('gpu', { native: missing, wasm: missing }),
    /'reference', 'native' or 'wasm'/,
  );
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      "import('./src/backend/select.ts').then((m) => console.log(JSON.stringify(m.backendInfo())))",
    ],
    { env: { ...process.env, SEQLAB_BACKEND: 'wasm', SEQLAB_NUM_THREADS: '3' }, encoding: 'utf8' },
  );
  assert.equal(child.status, 0, child.stderr);
  const info = JSON.parse(child.stdout.trim().split('\n').pop()!) as { name: string; threads: number };
  assert.deepEqual(
    [info.name, info.threads],
    ['wasm', 3],
    'SEQLAB_NUM_THREADS threads (the threaded module)',
  );
});

// SEQLAB_NO_AVX2=1 at start-up selects the portable kernels (checked in a child process, since the
// variable is read once when the addon loads), and SEQLAB_NUM_THREADS sets the pool size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

import { requireNativeOnly } from '../../helpers/native.js';

const probe = `
import { loadNativeBackend } from './src/backend/native/index.ts';
const r = loadNativeBackend();
if (!('backend' in r)) throw new Error(r.error);
const c = new Float32Array(4);
r.backend.gemm(2, 2, 2, Float32Array.from([1, 2, 3, 4]), Float32Array.from([5, 6, 7, 8]), c);
console.log(JSON.stringify({ info: r.backend.info(), c: Array.from(c) }));
`;

test('SEQLAB_NO_AVX2=1 and SEQLAB_NUM_THREADS are honoured at load time', (t) => {
  if (!requireNativeOnly(t)) return;
  const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], {
    env: { ...process.env, SEQLAB_NO_AVX2: '1', SEQLAB_NUM_THREADS: '3' },
    encoding: 'utf8',
  });
  assert.equal(out.status, 0, out.stderr);
  const result = JSON.parse(out.stdout.trim().split('\n').pop()!) as {
    info: { cpuFeatures: string; threads: number };
    c: number[];
  };
  assert.equal(result.info.cpuFeatures, 'portable');
  assert.equal(result.info.threads, 3);
  assert.deepEqual(result.c, [19, 22, 43, 50]);
});

// The threaded WebAssembly module (native/wasm/seqlab-mt.wasm): workers on one shared memory run the
// thread pool's parts. Checked here: the thread count it reports and takes, results bit-identical to the
// single-threaded module on fresh random inputs (a GEMM and an LSTM forward and backward, whose parts
// grow thread-local buffers through the locked allocator on every worker at once), and that idle workers
// never keep Node from exiting.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { test } from 'node:test';

import type { Backend } from '../../../src/backend/interface.js';
import {
  setWasmThreads,
  wasmBackendFromModule,
  wasmPath,
  wasmThreadsPath,
} from '../../../src/backend/wasm/index.js';
import { WASM_WORKER_SOURCE } from '../../../src/backend/wasm/threads.js';
import { seededRng } from '../../helpers/rng.js';

const threaded = (count: number): Backend =>
  wasmBackendFromModule(new WebAssembly.Module(readFileSync(wasmThreadsPath)), {
    threads: {
      count,
      canWait: true,
      spawn: (workerData) => new Worker(WASM_WORKER_SOURCE, { eval: true, workerData }).unref(),
    },
  });
const single = wasmBackendFromModule(new WebAssembly.Module(readFileSync(wasmPath)));

test('the threaded module reports and takes its thread count', () => {
  const b = threaded(3);
  assert.equal(b.info().threads, 3);
  assert.equal(setWasmThreads(b, 1), 1);
  assert.equal(b.info().threads, 1);
  assert.equal(setWasmThreads(b, 4), 4, 'a fourth thread is started on demand');
  assert.equal(single.info().threads, 1);
  assert.equal(single.info().threadsReason, undefined);
  assert.equal(setWasmThreads(single, 4), 1, 'the single-threaded module stays at one thread');
  // A host without threads says why (a page that is not cross-origin isolated, a failed start).
  const why = 'the page is not cross-origin isolated';
  const plain = wasmBackendFromModule(new WebAssembly.Module(readFileSync(wasmPath)), { threadsReason: why });
  assert.equal(plain.info().threadsReason, why);
});

test('3 threads give the single-threaded module’s bits (gemm, LSTM forward and backward)', () => {
  const rng = seededRng();
  const b = threaded(3);
  const [m, n, k] = [301, 257, 129];
  const a = rng.floats(m * k);
  const w = rng.floats(k * n);
  const gemm = (be: Backend) => {
    const c = new Float32Array(m * n);
    be.gemm(m, n, k, a, w, c);
    return c;
  };
  assert.deepEqual(gemm(b), gemm(single), `gemm ${m}x${n}x${k}, seed ${rng.seed}`);

  const [T, B, I, H] = [7, 96, 5, 24];
  const args = {
    x: rng.floats(T * B * I),
    kernel: rng.floats(I * 4 * H),
    recurrentKernel: rng.floats(H * 4 * H),
    bias: rng.floats(4 * H),
    h0: new Float32Array(B * H),
    c0: new Float32Array(B * H),
    mask: null,
    inputDropoutMask: null,
    recurrentDropoutMask: null,
    T,
    B,
    I,
    H,
    reverse: false,
    resetAfter: false,
    activation: 'tanh' as const,
    recurrentActivation: 'sigmoid' as const,
  };
  const run = (be: Backend) => {
    const out = { y: new Float32Array(T * B * H), hT: new Float32Array(B * H), cT: new Float32Array(B * H) };
    const saved = {
      gates: new Float32Array(T * B * 4 * H),
      h: new Float32Array(T * B * H),
      c: new Float32Array(T * B * H),
      candidate: null,
    };
    be.rnnSequenceForward('lstm', [{ args, out, saved }]);
    const grads = {
      dX: new Float32Array(T * B * I),
      dKernel: new Float32Array(I * 4 * H),
      dRecurrentKernel: new Float32Array(H * 4 * H),
      dBias: new Float32Array(4 * H),
      dH0: new Float32Array(B * H),
      dC0: new Float32Array(B * H),
    };
    const upstream = { dY: out.y.map((v) => 0.5 * v), dHT: new Float32Array(B * H).fill(0.1), dCT: null };
    be.rnnSequenceBackward('lstm', [{ args, saved, upstream, grads }]);
    return { ...out, ...grads };
  };
  const [got, want] = [run(b), run(single)];
  for (const key of Object.keys(want) as (keyof typeof want)[]) {
    assert.deepEqual(got[key], want[key], `LSTM ${key}, seed ${rng.seed}`);
  }
});

test('idle workers never keep Node running', () => {
  const script = `
    import { loadWasmBackend } from './src/backend/wasm/index.ts';
    const r = loadWasmBackend();
    const b = r.backend;
    const c = new Float32Array(256 * 256);
    b.gemm(256, 256, 256, new Float32Array(256 * 256).fill(1), new Float32Array(256 * 256).fill(1), c);
    console.log(b.info().threads, c[0]);
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, SEQLAB_NUM_THREADS: '2' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), '2 256');
});

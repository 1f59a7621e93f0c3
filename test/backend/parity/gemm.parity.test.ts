// Native sgemm against the reference (float64-accumulated) gemm on fresh random inputs: every
// transpose combination, alpha/beta, edge sizes around the 6x16 and 8x32 register tiles and 256-deep K
// blocks, the RNN shapes, on every instruction-set level this CPU has, and determinism (same inputs
// twice → same bits, whatever the thread count; AVX2 and AVX-512 agree bit for bit).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { setNativeCpuLimit } from '../../../src/backend/native/index.js';
import { referenceBackend } from '../../../src/backend/reference/index.js';
import { assertClose, relativeError } from '../../helpers/assert-close.js';
import { parityBackend, requireNative, requireNativeOnly, setThreads } from '../../helpers/native.js';
import { seededRng } from '../../helpers/rng.js';

const edge = [1, 7, 63, 65, 257];
const shapes: [number, number, number][] = [
  [64, 400, 228], // fused [x, h] step of LSTM(100): (B, I+H) · (I+H, 4H)
  [64, 400, 100], // hidden step
  [1, 1, 1],
  [300, 17, 513], // K crosses two 256-deep blocks
];
for (const m of edge) for (const n of [1, 7, 65]) shapes.push([m, n, edge[(m + n) % edge.length]!]);

function check(native: ReturnType<typeof requireNative>, seedLabel: string): void {
  const rng = seededRng();
  for (const [m, n, k] of shapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const a = rng.floats(m * k);
        const b = rng.floats(k * n);
        const c0 = rng.floats(m * n);
        for (const [alpha, beta] of [
          [1, 0],
          [0.75, -0.5],
        ] as const) {
          const expected = c0.slice();
          const actual = c0.slice();
          if (beta === 0) actual.fill(NaN); // beta = 0 must ignore c's old contents
          referenceBackend.gemm(m, n, k, a, b, expected, { transA, transB, alpha, beta });
          native!.gemm(m, n, k, a, b, actual, { transA, transB, alpha, beta });
          const label = `${seedLabel} gemm ${m}x${n}x${k} transA=${transA} transB=${transB} alpha=${alpha} beta=${beta} seed=${rng.seed}`;
          const rtol = k > 2000 ? 1e-4 : 1e-5;
          // Norm-wise against the size of the terms, |α|·|A||B| + |β|·|C|: with beta ≠ 0 a tiny result can be
          // the difference of large terms (1x1x63 once gave 2e-5 relative to the result).
          const scale = c0.map(Math.abs);
          const abs = (x: Float32Array) => x.map(Math.abs);
          referenceBackend.gemm(m, n, k, abs(a), abs(b), scale, {
            transA,
            transB,
            alpha: Math.abs(alpha),
            beta: Math.abs(beta),
          });
          assertClose(actual, expected, { rtol: Infinity, label }); // NaN placement
          let diff = 0;
          let size = 0;
          for (let i = 0; i < expected.length; i++) {
            diff += (actual[i]! - expected[i]!) ** 2;
            size += scale[i]! ** 2;
          }
          assert.ok(
            Math.sqrt(diff) <= rtol * Math.sqrt(size),
            `${label}: error ${relativeError(actual, expected).toExponential(3)} relative to the result exceeds ${rtol} of the terms' size`,
          );
        }
      }
    }
  }
}

test('native gemm matches reference on every instruction-set level of this CPU', (t) => {
  const native = requireNative(t);
  if (!native) return;
  if (parityBackend === 'wasm') return check(native, native.info().cpuFeatures); // one level: wasm128
  const seen = new Set<string>();
  try {
    for (const level of ['avx512', 'avx2', 'portable'] as const) {
      const features = setNativeCpuLimit(level)!;
      assert.equal(native.info().cpuFeatures, features);
      if (level === 'portable') assert.equal(features, 'portable');
      if (seen.has(features)) continue; // the CPU lacks this level: the cap changed nothing
      seen.add(features);
      check(native, features);
    }
  } finally {
    setNativeCpuLimit('avx512');
  }
});

test('the AVX2 and AVX-512 gemm kernels give the same bits', (t) => {
  const native = requireNativeOnly(t);
  if (!native) return;
  if (setNativeCpuLimit('avx512') !== 'avx512f+avx2+fma') {
    t.skip(`this CPU has no AVX-512F (${native.info().cpuFeatures})`);
    return;
  }
  const rng = seededRng();
  try {
    for (const [m, n, k] of [
      [64, 400, 100],
      [37, 70, 513],
      [1, 33, 7],
    ] as const) {
      const a = rng.floats(m * k);
      const b = rng.floats(k * n);
      for (const transA of [false, true]) {
        const run = (level: 'avx2' | 'avx512'): Float32Array => {
          setNativeCpuLimit(level);
          const c = new Float32Array(m * n);
          native.gemm(m, n, k, a, b, c, { transA, transB: false, alpha: 1, beta: 0 });
          return c;
        };
        assert.deepEqual(run('avx512'), run('avx2'), `gemm ${m}x${n}x${k} transA=${transA} seed=${rng.seed}`);
      }
    }
  } finally {
    setNativeCpuLimit('avx512');
  }
});

test('native gemm is bit-identical run to run and across 1 and 2 threads', (t) => {
  const native = requireNative(t);
  if (!native) return;
  const rng = seededRng();
  const before = native.info().threads;
  try {
    for (const [m, n, k] of [
      [64, 400, 228],
      [300, 70, 513],
      [700, 40, 64],
    ] as const) {
      const a = rng.floats(m * k);
      const b = rng.floats(k * n);
      const run = (threads: number): Float32Array => {
        setThreads(native, threads);
        const c = new Float32Array(m * n);
        native.gemm(m, n, k, a, b, c, { transB: true });
        return c;
      };
      const first = run(2);
      const second = run(2);
      const single = run(1);
      assert.deepEqual(
        second,
        first,
        `gemm ${m}x${n}x${k} differs between two 2-thread runs, seed=${rng.seed}`,
      );
      assert.deepEqual(
        single,
        first,
        `gemm ${m}x${n}x${k} differs between 1 and 2 threads, seed=${rng.seed}`,
      );
    }
  } finally {
    setThreads(native, before);
  }
});

test('mostly-zero A (multi-hot input into a narrow layer): matches the reference and the dense kernel bit for bit', (t) => {
  const native = requireNative(t);
  if (!native) return;
  const rng = seededRng();
  for (const [m, k, n, transA, alpha, beta] of [
    [512, 2000, 16, false, 1, 0],
    [300, 1500, 7, false, 0.5, -0.25],
    [2000, 512, 16, true, 1, 0], // the weight gradient xᵀ·dY: A stored (k, m)
    [1500, 300, 1, true, 1, 1],
  ] as const) {
    // 2% ones, as a multi-hot text input, plus a few other values.
    const a = Float32Array.from({ length: m * k }, () =>
      rng.uniform() < 0.02 ? (rng.uniform() < 0.9 ? 1 : rng.uniform() - 0.5) : 0,
    );
    const b = rng.floats(k * n);
    const c0 = rng.floats(m * n);
    const label = `${m}x${n}x${k} transA=${transA} alpha=${alpha} beta=${beta} seed=${rng.seed}`;
    const actual = c0.slice();
    native.gemm(m, n, k, a, b, actual, { transA, transB: false, alpha, beta });
    const expected = c0.slice();
    referenceBackend.gemm(m, n, k, a, b, expected, { transA, transB: false, alpha, beta });
    assertClose(actual, expected, { rtol: 1e-5, label });
    // Row i alone is a GEMM too small for the sparse path: the dense kernel, same order of sums.
    for (const i of [0, 1, m - 1]) {
      const row = transA
        ? Float32Array.from({ length: k }, (_, p) => a[p * m + i]!)
        : a.subarray(i * k, (i + 1) * k);
      const ci = c0.slice(i * n, (i + 1) * n);
      native.gemm(1, n, k, row, b, ci, { transA, transB: false, alpha, beta });
      assert.deepEqual(actual.subarray(i * n, (i + 1) * n), ci, `row ${i} of ${label}`);
    }
  }
});

test('native gemm checks lengths and names the kernel', (t) => {
  const native = requireNative(t);
  if (!native) return;
  assert.throws(
    () => native.gemm(2, 3, 4, new Float32Array(7), new Float32Array(12), new Float32Array(6)),
    /gemm: a has length 7 but \(m, k\) = \(2, 4\) needs 8/,
  );
  assert.throws(
    () => native.gemm(2, 3, 4, new Float32Array(8), new Float32Array(12), new Float32Array(5)),
    /gemm: c/,
  );
});

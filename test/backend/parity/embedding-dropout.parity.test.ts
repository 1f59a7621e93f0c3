// Embedding lookup/gradient and dropout masks: native against reference. Both are exact
// (copies, fixed-order sums of the same float32 values, and the same Philox stream).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { SeqlabError } from '../../../src/errors.js';
import { referenceBackend as ref } from '../../../src/backend/reference/index.js';
import { assertClose } from '../../helpers/assert-close.js';
import { requireNative, setThreads } from '../../helpers/native.js';
import { seededRng } from '../../helpers/rng.js';

test('embeddingForward and embeddingBackward match reference', (t) => {
  const native = requireNative(t);
  if (!native) return;
  const rng = seededRng();
  const V = 500;
  const E = 33;
  const N = 64 * 10;
  const table = rng.floats(V * E);
  const ids = rng.ints(N, 0, V);
  const expected = new Float32Array(N * E);
  const actual = new Float32Array(N * E);
  ref.embeddingForward(table, V, E, ids, expected);
  native.embeddingForward(table, V, E, ids, actual);
  assert.deepEqual(actual, expected, `embeddingForward seed=${rng.seed}`);

  const U = 40;
  const slot = rng.ints(N, 0, U);
  const dOut = rng.floats(N * E);
  const dRef = rng.floats(U * E); // garbage: both must zero it first
  const dNat = rng.floats(U * E);
  ref.embeddingBackward(dOut, slot, E, dRef);
  native.embeddingBackward(dOut, slot, E, dNat);
  assertClose(dNat, dRef, { label: `embeddingBackward seed=${rng.seed}` });

  // Large enough for both kernels to split over the pool (by rows of their outputs): the same
  // as the reference, and bit-identical to one thread.
  {
    const [V2, E2, N2, U2] = [20000, 128, 6400, 3000];
    const table2 = rng.floats(V2 * E2);
    const ids2 = rng.ints(N2, 0, V2);
    const want = new Float32Array(N2 * E2);
    const got = new Float32Array(N2 * E2);
    ref.embeddingForward(table2, V2, E2, ids2, want);
    native.embeddingForward(table2, V2, E2, ids2, got);
    assert.deepEqual(got, want, `embeddingForward ${N2}x${E2} seed=${rng.seed}`);
    const slot2 = rng.ints(N2, 0, U2);
    const d2 = rng.floats(N2 * E2);
    const dWant = new Float32Array(U2 * E2);
    ref.embeddingBackward(d2, slot2, E2, dWant);
    const before = native.info().threads;
    const runs = [before, 1].map((threads) => {
      setThreads(native, threads);
      const out = rng.floats(U2 * E2);
      native.embeddingBackward(d2, slot2, E2, out);
      return out;
    });
    setThreads(native, before);
    assertClose(runs[0]!, dWant, { label: `embeddingBackward ${N2}x${E2} seed=${rng.seed}` });
    assert.deepEqual(runs[0], runs[1], `embeddingBackward: ${before} threads = 1 thread`);
  }

  ids[5] = V;
  assert.throws(
    () => native.embeddingForward(table, V, E, ids, actual),
    (e: unknown) => {
      return (
        e instanceof SeqlabError &&
        /id 500 at position 5 is outside the vocabulary \[0, 500\)/.test(e.message)
      );
    },
  );
});

test('dropoutMask is bit-identical to reference, whatever the thread count', (t) => {
  const native = requireNative(t);
  if (!native) return;
  const rng = seededRng();
  const before = native.info().threads;
  try {
    for (const [n, offset, rate] of [
      [1, 0, 0.5],
      [7, 3, 0.2],
      [100_003, 2 ** 33 + 1, 0.2], // counter past 32 bits, odd offset, parallel path
      [4096, 12345, 0],
    ] as const) {
      const key: [number, number] = [rng.int(0, 2 ** 31) * 2 + 1, rng.int(0, 2 ** 31)];
      const expected = new Float32Array(n);
      ref.dropoutMask(key, offset, rate, expected);
      for (const threads of [1, 2]) {
        setThreads(native, threads);
        const actual = new Float32Array(n).fill(NaN);
        native.dropoutMask(key, offset, rate, actual);
        assert.deepEqual(
          actual,
          expected,
          `dropoutMask n=${n} offset=${offset} rate=${rate} threads=${threads} seed=${rng.seed}`,
        );
      }
    }
  } finally {
    setThreads(native, before);
  }
});

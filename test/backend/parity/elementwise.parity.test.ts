// Native element-wise, reduction, layout and softmax kernels against the reference on fresh random
// inputs (seed in every label).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import type { BinaryOp } from '../../../src/backend/interface.js';
import { BINARY_OPS, REDUCE_OPS, UNARY_OPS } from '../../../src/backend/interface.js';
import { referenceBackend as ref } from '../../../src/backend/reference/index.js';
import { assertClose } from '../../helpers/assert-close.js';
import { requireNative } from '../../helpers/native.js';
import { seededRng } from '../../helpers/rng.js';

// Every op of the one table (interface.ts), so a new op cannot go untested.
const unaryOps = UNARY_OPS;

test('unary and unaryBackward match reference for every op', (t) => {
  const native = requireNative(t);
  if (!native) return;
  const rng = seededRng();
  for (const op of unaryOps) {
    // log and sqrt need positive inputs; the others get both signs, past hardSigmoid's ±3 kinks and softplus's 20.
    const x = op === 'log' || op === 'sqrt' ? rng.floats(70_000, 0.05, 5) : rng.floats(70_000, -25, 25);
    const yRef = new Float32Array(x.length);
    const yNat = new Float32Array(x.length);
    ref.unary(op, x, yRef);
    native.unary(op, x, yNat);
    assertClose(yNat, yRef, { label: `unary ${op} seed=${rng.seed}` });
    const dy = rng.floats(x.length);
    const dxRef = new Float32Array(x.length);
    const dxNat = new Float32Array(x.length);
    ref.unaryBackward(op, x, yRef, dy, dxRef);
    native.unaryBackward(op, x, yRef, dy, dxNat);
    assertClose(dxNat, dxRef, { label: `unaryBackward ${op} seed=${rng.seed}` });
  }
  // out may alias x
  const x = rng.floats(1000);
  const expected = new Float32Array(1000);
  ref.unary('tanh', x, expected);
  native.unary('tanh', x, x);
  assertClose(x, expected, { label: `unary in place seed=${rng.seed}` });
});

test('NaN propagates through unary, maximum and minimum exactly as in the reference', (t) => {
  const native = requireNative(t);
  if (!native) return;
  const x = Float32Array.from([NaN, -NaN, 0, -0, 1.5, -1.5, 4, -4, Infinity, -Infinity]);
  const dy = Float32Array.from(x, (_, i) => (i % 3) - 1.25);
  const same = (a: Float32Array, b: Float32Array, what: string) => {
    for (let i = 0; i < a.length; i++) {
      const ok = Number.isNaN(b[i]!)
        ? Number.isNaN(a[i]!)
        : a[i] === b[i] || Math.abs(a[i]! - b[i]!) <= 1e-6 * Math.abs(b[i]!) + 1e-7;
      assert.ok(ok, `${what} at ${i} (x=${x[i]}): native ${a[i]} vs reference ${b[i]}`);
    }
  };
  for (const op of unaryOps) {
    const yRef = new Float32Array(x.length);
    const yNat = new Float32Array(x.length);
    ref.unary(op, x, yRef);
    native.unary(op, x, yNat);
    same(yNat, yRef, `unary ${op}`);
    const dxRef = new Float32Array(x.length);
    const dxNat = new Float32Array(x.length);
    ref.unaryBackward(op, x, yRef, dy, dxRef);
    native.unaryBackward(op, x, yRef, dy, dxNat);
    same(dxNat, dxRef, `unaryBackward ${op}`);
  }
  const b = Float32Array.from([1, NaN, NaN, 0, NaN, 2, 3, -3, 0, NaN]);
  for (const op of ['maximum', 'minimum', 'add', 'greater', 'equal'] as BinaryOp[]) {
    const oRef = new Float32Array(x.length);
    const oNat = new Float32Array(x.length);
    ref.binary(op, x, [x.length], b, [b.length], oRef, [x.length]);
    native.binary(op, x, [x.length], b, [b.length], oNat, [x.length]);
    same(oNat, oRef, `binary ${op}`);
  }
});

const binaryOps = BINARY_OPS;
const patterns: [number[], number[], number[]][] = [
  [
    [4, 5, 6],
    [4, 5, 6],
    [4, 5, 6],
  ],
  [[4, 5, 6], [6], [4, 5, 6]],
  [
    [4, 5, 6],
    [5, 1],
    [4, 5, 6],
  ],
  [
    [4, 1, 6],
    [1, 5, 1],
    [4, 5, 6],
  ],
  [[1], [3, 7], [3, 7]],
  [[64, 400], [400], [64, 400]],
  [
    [2, 3, 1, 5],
    [3, 4, 1],
    [2, 3, 4, 5],
  ],
  [[], [], []],
];

test('binary with broadcasting matches reference', (t) => {
  const native = requireNative(t);
  if (!native) return;
  const rng = seededRng();
  const size = (s: number[]): number => s.reduce((p, d) => p * d, 1);
  for (const op of binaryOps) {
    for (const [as, bs, os] of patterns) {
      const a = rng.floats(size(as), 0.5, 2);
      const b = rng.floats(size(bs), 0.5, 2);
      if (op === 'equal' && b.length > 0) a[0] = b[0]!; // at least one equal pair
      const expected = new Float32Array(size(os));
      const actual = new Float32Array(size(os));
      ref.binary(op, a, as, b, bs, expected, os);
      native.binary(op, a, as, b, bs, actual, os);
      assertClose(actual, expected, {
        label: `binary ${op} ${JSON.stringify([as, bs, os])} seed=${rng.seed}`,
      });
    }
  }
  assert.throws(
    () =>
      native.binary(
        'add',
        new Float32Array(6),
        [2, 3],
        new Float32Array(4),
        [4],
        new Float32Array(6),
        [2, 3],
      ),
    /binary: operand shape \[4\] does not broadcast/,
  );
});

test('reduce over various axes matches reference', (t) => {
  const native = requireNative(t);
  if (!native) return;
  const rng = seededRng();
  const cases: [number[], number[]][] = [
    [[5, 7], [0]],
    [[5, 7], [1]],
    [
      [5, 7],
      [0, 1],
    ],
    [[3, 4, 5], [1]],
    [
      [3, 4, 5],
      [0, 2],
    ],
    [
      [2, 3, 4, 5],
      [1, 3],
    ],
    [[64, 400], [0]],
    [
      [100, 100],
      [0, 1],
    ], // 10 000 terms
    [[64, 100, 128], [0]], // large enough for the row loops to use the pool: reductions must not
    [[300, 257, 3], [1]],
    [[7], []],
  ];
  for (const op of REDUCE_OPS) {
    for (const [shape, axes] of cases) {
      const n = shape.reduce((p, d) => p * d, 1);
      const kept = shape.reduce((p, d, i) => (axes.includes(i) ? p : p * d), 1);
      const x = rng.floats(n);
      const expected = new Float32Array(kept);
      const actual = new Float32Array(kept);
      ref.reduce(op, x, shape, axes, expected);
      native.reduce(op, x, shape, axes, actual);
      const terms = n / kept;
      assertClose(actual, expected, {
        rtol: terms > 2000 ? 1e-4 : 1e-5,
        label: `reduce ${op} ${JSON.stringify(shape)} axes ${JSON.stringify(axes)} seed=${rng.seed}`,
      });
    }
  }
  const x = Float32Array.from([1, NaN, 3, 4]);
  const out = new Float32Array(2);
  native.reduce('max', x, [2, 2], [1], out);
  assert.ok(Number.isNaN(out[0]!) && out[1] === 4, 'max propagates NaN per row');
});

test('transpose matches reference (float32 and int32)', (t) => {
  const native = requireNative(t);
  if (!native) return;
  const rng = seededRng();
  const cases: [number[], number[]][] = [
    [
      [3, 4],
      [1, 0],
    ],
    [
      [2, 3, 4],
      [1, 0, 2],
    ],
    [
      [2, 3, 4],
      [2, 0, 1],
    ],
    [
      [100, 64, 7],
      [1, 0, 2],
    ],
    [
      [2, 3, 4, 5],
      [3, 1, 0, 2],
    ],
    [[9], [0]],
    // Large enough for the row loops to be split over the pool.
    [
      [64, 100, 128],
      [1, 0, 2],
    ],
    [
      [300, 257, 3],
      [2, 0, 1],
    ],
  ];
  for (const [shape, perm] of cases) {
    const n = shape.reduce((p, d) => p * d, 1);
    const x = rng.floats(n);
    const expected = new Float32Array(n);
    const actual = new Float32Array(n);
    ref.transpose(x, shape, perm, expected);
    native.transpose(x, shape, perm, actual);
    assert.deepEqual(actual, expected, `transpose ${JSON.stringify([shape, perm])} seed=${rng.seed}`);
    const xi = rng.ints(n, -1000, 1000);
    const ei = new Int32Array(n);
    const ai = new Int32Array(n);
    ref.transpose(xi, shape, perm, ei);
    native.transpose(xi, shape, perm, ai);
    assert.deepEqual(ai, ei, `transpose int32 ${JSON.stringify([shape, perm])} seed=${rng.seed}`);
  }
});

test('copyRegion matches reference, with and without accumulate', (t) => {
  const native = requireNative(t);
  if (!native) return;
  const rng = seededRng();
  const cases: [number[], number[], number[], number[], number[]][] = [
    // srcShape, srcBegin, dstShape, dstBegin, region
    [
      [4, 5],
      [1, 2],
      [6, 6],
      [0, 1],
      [3, 3],
    ],
    [
      [2, 3, 4],
      [0, 0, 0],
      [2, 6, 4],
      [0, 3, 0],
      [2, 3, 4],
    ], // concat along axis 1
    [
      [10, 8, 16],
      [2, 1, 4],
      [5, 5, 5],
      [1, 0, 0],
      [3, 4, 5],
    ],
    [[7], [2], [7], [0], [5]],
    [
      [3, 3],
      [0, 0],
      [3, 3],
      [0, 0],
      [0, 3],
    ], // empty region
    [
      [64, 100, 100],
      [0, 0, 0],
      [64, 102, 100],
      [0, 1, 0],
      [64, 100, 100],
    ], // large: rows split over the pool
  ];
  for (const accumulate of [false, true]) {
    for (const [ss, sb, ds, db, region] of cases) {
      const src = rng.floats(ss.reduce((p, d) => p * d, 1));
      const dst0 = rng.floats(ds.reduce((p, d) => p * d, 1));
      const expected = dst0.slice();
      const actual = dst0.slice();
      ref.copyRegion(src, ss, sb, expected, ds, db, region, accumulate);
      native.copyRegion(src, ss, sb, actual, ds, db, region, accumulate);
      assertClose(actual, expected, {
        label: `copyRegion ${JSON.stringify([ss, sb, ds, db, region])} acc=${accumulate} seed=${rng.seed}`,
      });
      const srcI = rng.ints(src.length, -50, 50);
      const dstI = rng.ints(dst0.length, -50, 50);
      const ei = dstI.slice();
      const ai = dstI.slice();
      ref.copyRegion(srcI, ss, sb, ei, ds, db, region, accumulate);
      native.copyRegion(srcI, ss, sb, ai, ds, db, region, accumulate);
      assert.deepEqual(ai, ei, `copyRegion int32 acc=${accumulate} seed=${rng.seed}`);
    }
  }
  assert.throws(
    () =>
      native.copyRegion(
        new Float32Array(4),
        [2, 2],
        [1, 0],
        new Float32Array(4),
        [2, 2],
        [0, 0],
        [2, 2],
        false,
      ),
    /copyRegion: region \[2, 2\] at srcBegin \[1, 0\]/,
  );
});

test('softmax and log-softmax, forward and backward, match reference', (t) => {
  const native = requireNative(t);
  if (!native) return;
  const rng = seededRng();
  for (const [rows, cols] of [
    [1, 1],
    [7, 13],
    [64, 400],
    [3, 5000],
  ] as const) {
    for (const log of [false, true]) {
      const x = rng.floats(rows * cols, -8, 8);
      const yRef = new Float32Array(x.length);
      const yNat = new Float32Array(x.length);
      ref.softmax(x, rows, cols, yRef, log);
      native.softmax(x, rows, cols, yNat, log);
      const rtol = cols > 2000 ? 1e-4 : 1e-5;
      assertClose(yNat, yRef, { rtol, label: `softmax ${rows}x${cols} log=${log} seed=${rng.seed}` });
      const dy = rng.floats(x.length);
      const dxRef = new Float32Array(x.length);
      const dxNat = new Float32Array(x.length);
      ref.softmaxBackward(yRef, dy, rows, cols, dxRef, log);
      native.softmaxBackward(yRef, dy, rows, cols, dxNat, log);
      assertClose(dxNat, dxRef, {
        rtol,
        label: `softmaxBackward ${rows}x${cols} log=${log} seed=${rng.seed}`,
      });
    }
  }
});

test('float64 calls are handed to the reference backend and counted', (t) => {
  const native = requireNative(t);
  if (!native) return;
  const before = native.info().fallbacks;
  const x = Float64Array.from([1, -2, 3]);
  const out = new Float64Array(3);
  native.unary('relu', x, out);
  assert.deepEqual(Array.from(out), [1, 0, 3]);
  assert.equal(native.info().fallbacks, before + 1);
});

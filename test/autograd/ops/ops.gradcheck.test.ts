import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { setBackend } from '../../../src/backend/select.js';
import { gradcheck } from '../../../src/autograd/gradcheck.js';
import * as ops from '../../../src/autograd/ops/index.js';
import { Tensor, tensor, variable } from '../../../src/autograd/tensor.js';
import { seededRng, type TestRng } from '../../helpers/rng.js';

// Every op's backward against central finite differences, in float64 on the reference backend.

const rng: TestRng = seededRng();
const label = (name: string): string => `${name} (seed ${rng.seed})`;

function v(shape: number[], lo = -1, hi = 1): Tensor {
  return variable(
    tensor(
      rng.doubles(
        shape.reduce((a, b) => a * b, 1),
        lo,
        hi,
      ),
      shape,
      'float64',
    ),
  );
}

function check(name: string, f: (...t: Tensor[]) => Tensor, inputs: Tensor[], tol = 1e-6): void {
  const { maxRelativeError } = gradcheck(f, inputs);
  assert.ok(maxRelativeError < tol, `${label(name)}: relative gradient error ${maxRelativeError}`);
}

describe('op gradients match finite differences (float64)', () => {
  before(() => setBackend('reference'));

  for (const [name, op] of [
    ['add', ops.add],
    ['sub', ops.sub],
    ['mul', ops.mul],
  ] as const) {
    it(`${name} with broadcasting`, () => {
      check(name, op, [v([2, 3, 4]), v([3, 1])]);
      check(name, op, [v([4]), v([2, 3, 4])]);
      check(name, op, [v([1, 5]), v([3, 1])]);
    });
  }
  it('div', () => check('div', ops.div, [v([3, 4]), v([4], 0.5, 2)]));
  it('maximum and minimum (no ties)', () => {
    check('maximum', ops.maximum, [v([3, 4]), v([3, 4])]);
    check('minimum', ops.minimum, [v([3, 4]), v([4])]);
  });
  for (const name of [
    'relu',
    'sigmoid',
    'tanh',
    'hardSigmoid',
    'exp',
    'neg',
    'abs',
    'square',
    'softplus',
  ] as const) {
    it(name, () => check(name, (x) => ops.unaryOp(name, x), [v([5, 7], -2.5, 2.5)]));
  }
  for (const name of ['elu', 'selu', 'gelu', 'swish'] as const) {
    it(name, () => check(name, (x) => ops.unaryOp(name, x), [v([4, 6], -2, 2)]));
  }
  it('log and sqrt on positive inputs', () => {
    check('log', ops.log, [v([3, 5], 0.2, 3)]);
    check('sqrt', ops.sqrt, [v([3, 5], 0.2, 3)]);
  });
  it('matmul, 2-D, all transposes', () => {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const a = v(transposeA ? [4, 3] : [3, 4]);
        const b = v(transposeB ? [5, 4] : [4, 5]);
        check(`matmul ${transposeA} ${transposeB}`, (x, y) => ops.matmul(x, y, { transposeA, transposeB }), [
          a,
          b,
        ]);
      }
    }
  });
  it('matmul of a sequence by a kernel, and batched with transposes', () => {
    check('matmul (B,T,I)·(I,H)', (x, y) => ops.matmul(x, y), [v([2, 3, 4]), v([4, 5])]);
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const a = v(transposeA ? [2, 4, 3] : [2, 3, 4]);
        const b = v(transposeB ? [2, 5, 4] : [2, 4, 5]);
        check(`bmm ${transposeA} ${transposeB}`, (x, y) => ops.matmul(x, y, { transposeA, transposeB }), [
          a,
          b,
        ]);
      }
    }
  });
  it('reshape, transpose, slice, concat, stack, expandDims, squeeze', () => {
    check('reshape', (x) => ops.reshape(x, [4, -1]), [v([2, 3, 4])]);
    check('transpose', (x) => ops.transpose(x, [2, 0, 1]), [v([2, 3, 4])]);
    check('slice', (x) => ops.slice(x, [1, 0, 2], [1, -1, 2]), [v([2, 3, 4])]);
    check('concat', (x, y) => ops.concat([x, y], 1), [v([2, 3, 4]), v([2, 2, 4])]);
    check('stack', (x, y) => ops.stack([x, y], 1), [v([2, 3]), v([2, 3])]);
    check('expandDims+squeeze', (x) => ops.squeeze(ops.expandDims(x, 1), 1), [v([2, 3])]);
  });
  it('sum, mean, max, min over axes', () => {
    check('sum all', (x) => ops.sum(x), [v([3, 4])]);
    check('sum axis', (x) => ops.sum(x, [0, 2], true), [v([2, 3, 4])]);
    check('mean', (x) => ops.mean(x, 1), [v([2, 3, 4])]);
    check('max', (x) => ops.max(x, -1), [v([3, 5])]);
    check('min', (x) => ops.min(x, 0), [v([3, 5])]);
  });
  it('softmax and logSoftmax', () => {
    check('softmax', (x) => ops.softmax(x), [v([3, 5], -3, 3)]);
    check('logSoftmax', (x) => ops.logSoftmax(x), [v([2, 3, 4], -3, 3)]);
  });
  it('gather (embedding lookup) with repeated ids', () => {
    const ids = tensor(new Int32Array([0, 3, 3, 1, 0, 4]), [2, 3]);
    check('gather', (t) => ops.gather(t, ids), [v([5, 4])]);
  });
  it('dropout with a broadcast (spatial) noise shape', () => {
    check('dropout', (x) => ops.dropout(x, 0.4, [rng.seed, 7], 0, [2, 1, 4]), [v([2, 3, 4])]);
  });
  it('clip has zero gradient outside the range', () => {
    check('clip', (x) => ops.clip(x, -0.5, 0.5), [v([4, 4], -0.45, 0.45)]);
    const x = variable(tensor([-2, 0.1, 3], [3], 'float64'));
    const { perInput } = gradcheck((t) => ops.clip(t, -0.5, 0.5), [x]);
    assert.deepEqual(
      [...perInput[0]!.analytic].map((g) => g === 0),
      [true, false, true],
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { add, matmul } from '../../src/autograd/ops/index.js';
import { tensor, zeros } from '../../src/autograd/tensor.js';
import { DTypeError, ShapeError } from '../../src/errors.js';

describe('tensor creation and errors', () => {
  it('builds from nested arrays, typed arrays and a flat array with a shape', () => {
    const a = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    assert.deepEqual(a.shape, [2, 3]);
    assert.equal(a.dtype, 'float32');
    assert.deepEqual(a.toArray(), [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = tensor(new Int32Array([1, 2, 3, 4]), [2, 2]);
    assert.equal(b.dtype, 'int32');
    assert.deepEqual(tensor([1, 2, 3, 4], [2, 2], 'float64').toArray(), [
      [1, 2],
      [3, 4],
    ]);
  });

  it('refuses ragged arrays and sizes that do not fit the shape', () => {
    assert.throws(() => tensor([[1, 2], [3]]), ShapeError);
    assert.throws(() => tensor([1, 2, 3], [2, 2]), /3 values cannot have shape \[2, 2\]/);
  });

  it('names the op and both shapes when shapes do not match', () => {
    assert.throws(() => add(zeros([2, 3]), zeros([4])), /add: shapes \[2, 3\] and \[4\] cannot be broadcast/);
    assert.throws(
      () => matmul(zeros([2, 3]), zeros([4, 5])),
      /matmul: inner dimensions differ \(3 vs 4\) in \[2, 3\] · \[4, 5\]/,
    );
  });

  it('refuses int32 where floats are needed and mixed float dtypes', () => {
    assert.throws(() => add(tensor(new Int32Array([1])), tensor([1])), DTypeError);
    assert.throws(() => add(tensor([1], [1], 'float64'), tensor([1])), /dtypes differ/);
  });

  it('lets NaN through and makes it easy to detect', () => {
    const x = add(tensor([1, NaN]), 1);
    assert.ok(Number.isNaN(x.data[1]));
    assert.equal(x.hasNaN(), true);
    assert.equal(x.isFinite(), false);
    assert.equal(tensor([1, 2]).hasNaN(), false);
  });
});

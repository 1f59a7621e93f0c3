import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { setBackend } from '../../src/backend/select.js';
import { add, gather, mul, sum } from '../../src/autograd/ops/index.js';
import { backward, noGrad } from '../../src/autograd/tape.js';
import { tensor, variable } from '../../src/autograd/tensor.js';
import { SeqlabError } from '../../src/errors.js';

describe('autograd tape', () => {
  before(() => setBackend('reference'));

  it('accumulates through shared subexpressions (d(x·x + x)/dx = 2x + 1)', () => {
    const x = variable(tensor([3, -1]));
    backward(sum(add(mul(x, x), x)));
    assert.deepEqual([...x.grad!.data], [7, -1]);
  });

  it('adds gradients over calls until cleared, like PyTorch', () => {
    const x = variable(tensor([2]));
    backward(mul(x, x));
    backward(mul(x, x));
    assert.equal(x.grad!.item(), 8);
  });

  it('records nothing inside noGrad', () => {
    const x = variable(tensor([2]));
    const y = noGrad(() => mul(x, x));
    assert.equal(y.requiresGrad, false);
    assert.equal(y.node, null);
    assert.throws(() => backward(y), SeqlabError);
  });

  it('asks for dOutput when the output is not a scalar', () => {
    const x = variable(tensor([1, 2]));
    assert.throws(() => backward(mul(x, x)), /pass dOutput/);
  });

  it('gives embedding tables a sparse gradient over the rows used only', () => {
    const table = variable(tensor(new Float32Array(1000 * 4).fill(0.5), [1000, 4]));
    const ids = tensor(new Int32Array([7, 7, 3]), [3]);
    backward(sum(gather(table, ids)));
    const g = table.gradData;
    assert.ok(g && 'kind' in g && g.kind === 'rows');
    assert.deepEqual([...g.rows], [7, 3]);
    assert.deepEqual([...g.values], [2, 2, 2, 2, 1, 1, 1, 1]);
    const dense = table.grad!.data;
    assert.equal(dense[7 * 4], 2);
    assert.equal(dense[3 * 4], 1);
    assert.equal(dense[0], 0);
  });

  it('handles a deep chain without overflowing the stack', () => {
    const x = variable(tensor([1]));
    let y = x;
    for (let i = 0; i < 20000; i++) y = add(y, 0.001);
    backward(y);
    assert.equal(x.grad!.item(), 1);
  });
});

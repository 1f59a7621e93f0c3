import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { setBackend } from '../../src/backend/select.js';
import { add, gather, mul, reshape, sum } from '../../src/autograd/ops/index.js';
import { recycleCounts } from '../../src/autograd/buffers.js';
import { backward, noGrad } from '../../src/autograd/tape.js';
import { tensor, variable } from '../../src/autograd/tensor.js';
import { SeqlabError } from '../../src/errors.js';
import { assertClose } from '../helpers/assert-close.js';
import { seededRng } from '../helpers/rng.js';

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

  it('recycles dead upstream gradients of large tensors, never one still in use (buffers.ts)', () => {
    // L = Σ (b·c + d)·c + Σ (a·b + a·c)·c. Each add passes its dOut to both inputs: to the product b·c
    // and the leaf d, which keeps it as its gradient before that product's backward runs; and to two
    // products still waiting for their backward. The reshapes pass dOut on as it is.
    // dL/da = c·(b + c), dL/db = c·(a + c), dL/dd = c. The tensors are 400 KB, so the tape recycles
    // their gradients; a second backward reuses them while the first pass's leaf gradients must stay
    // intact (they add up to twice the values).
    const rng = seededRng();
    const n = 100_000;
    const [a, b, d] = [0, 1, 2].map(() => variable(tensor(rng.floats(n, -1, 1), [n])));
    const c = tensor(rng.floats(n, -1, 1), [n]);
    const loss = () => {
      const shared = reshape(add(mul(a!, b!), mul(a!, c)), [n / 10, 10]);
      // The first sum is reached first: its leaf d then runs before the product b·c.
      return add(sum(mul(add(mul(b!, c), d!), c)), sum(mul(shared, reshape(c, [n / 10, 10]))));
    };
    backward(loss());
    const before = { ...recycleCounts };
    backward(loss());
    assert.ok(recycleCounts.recycled > before.recycled, 'dead gradients were recycled');
    assert.ok(recycleCounts.reused > before.reused, 'recycled buffers were reused');
    const [A, B, C] = [a!.data, b!.data, c.data];
    const want = {
      a: Float32Array.from(C, (ci, i) => 2 * ci * (B[i]! + ci)),
      b: Float32Array.from(C, (ci, i) => 2 * ci * (A[i]! + ci)),
      d: Float32Array.from(C, (ci) => 2 * ci),
    };
    for (const [name, t] of [
      ['a', a!],
      ['b', b!],
      ['d', d!],
    ] as const)
      assertClose(t.grad!.data as Float32Array, want[name], { label: `dL/d${name} (seed ${rng.seed})` });
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
    // One row of values per looked-up position (rows may repeat; readers sum them), none for unused rows.
    assert.deepEqual([...new Set(g.rows)].sort(), [3, 7]);
    assert.equal(g.values.length, g.rows.length * 4);
    (ids.data as Int32Array).fill(0); // the caller reusing its ids array does not move the gradient
    assert.deepEqual([...new Set(g.rows)].sort(), [3, 7]);
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

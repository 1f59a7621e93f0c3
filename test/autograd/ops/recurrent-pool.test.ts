// The recurrent ops reuse the buffers of an earlier batch (saved activations, the time-major input)
// without clearing them. Poison those buffers with NaN, then run masked batches of the same shapes:
// every output and gradient must still match the reference backend, i.e. no kernel reads an element
// it did not write in this call (masked steps in particular).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import * as ops from '../../../src/autograd/ops/index.js';
import { backward } from '../../../src/autograd/tape.js';
import { type Tensor, tensor, variable } from '../../../src/autograd/tensor.js';
import { backendInfo, setBackend } from '../../../src/backend/select.js';
import { assertClose } from '../../helpers/assert-close.js';
import { requireNative } from '../../helpers/native.js';
import { seededRng } from '../../helpers/rng.js';

const rng = seededRng();
const B = 8;
const T = 6;
const I = 5;
const H = 16;

type Kind = 'lstm' | 'gru' | 'simpleRnn';
const G: Record<Kind, number> = { lstm: 4, gru: 3, simpleRnn: 1 };

/** Row b has its first b % T steps padded (pre-padding), as maskZero gives for short reviews. */
const mask = (): Tensor =>
  tensor(
    Float32Array.from({ length: B * T }, (_, i) => (i % T < Math.floor(i / T) % T ? 0 : 1)),
    [B, T],
  );

function run(kind: Kind, x: Float32Array, weights: Float32Array[], returnSequences: boolean) {
  const [k, rk, b] = weights.map((w, i) =>
    variable(tensor(w.slice(), i === 0 ? [I, G[kind] * H] : i === 1 ? [H, G[kind] * H] : [G[kind] * H])),
  ) as [Tensor, Tensor, Tensor];
  const xs = variable(tensor(x.slice(), [B, T, I]));
  const options = { mask: mask(), returnSequences };
  const r =
    kind === 'lstm'
      ? ops.lstmSequence(xs, k, rk, b, options)
      : kind === 'gru'
        ? ops.gruSequence(xs, k, rk, b, { ...options, resetAfter: false })
        : ops.simpleRnnSequence(xs, k, rk, b, options);
  const y = returnSequences ? ops.reshape(r.output!, [B, T * H]) : r.states[0]!;
  backward(ops.sum(ops.mul(y, y)));
  return { y: y.data.slice(), grads: [xs, k, rk, b].map((t) => t.grad!.data.slice()) };
}

describe('recurrent ops on reused (NaN-poisoned) buffers match the reference', () => {
  const before = backendInfo().name as 'native' | 'reference';
  after(() => setBackend(before));
  for (const kind of ['lstm', 'gru', 'simpleRnn'] as const) {
    for (const returnSequences of [true, false]) {
      it(`${kind}, returnSequences ${returnSequences}`, (t) => {
        if (!requireNative(t)) return;
        const weights = [I * G[kind] * H, H * G[kind] * H, G[kind] * H].map((n) => rng.floats(n, -0.4, 0.4));
        const x = rng.floats(B * T * I);
        setBackend('reference');
        const expected = run(kind, x, weights, returnSequences);
        setBackend('native');
        run(kind, new Float32Array(B * T * I).fill(NaN), weights, returnSequences); // poisons the pool
        const actual = run(kind, x, weights, returnSequences);
        const label = `${kind} returnSequences=${returnSequences} (seed ${rng.seed})`;
        assertClose(actual.y, expected.y, { rtol: 1e-5, label: `${label} output` });
        actual.grads.forEach((g, i) => {
          assert.ok(g.every(Number.isFinite), `${label}: gradient ${i} has NaN from a reused buffer`);
          assertClose(g, expected.grads[i]!, { rtol: 1e-4, label: `${label} gradient ${i}` });
        });
      });
    }
  }
});

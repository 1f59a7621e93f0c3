import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { gradcheck } from '../../../src/autograd/gradcheck.js';
import { backward } from '../../../src/autograd/tape.js';
import * as ops from '../../../src/autograd/ops/index.js';
import type { RecurrentSequenceOptions } from '../../../src/autograd/ops/index.js';
import { Tensor, tensor, variable } from '../../../src/autograd/tensor.js';
import type { UnaryOp } from '../../../src/backend/interface.js';
import { setBackend } from '../../../src/backend/select.js';
import { seededRng } from '../../helpers/rng.js';

// lstmSequence, gruSequence (both reset modes) and simpleRnnSequence: every input's gradient
// (x, kernels, bias, initial states) against finite differences, in float64 on the reference backend.

const rng = seededRng();
const label = (name: string): string => `${name} (seed ${rng.seed})`;
const B = 3;
const T = 4;
const I = 3;
const H = 2;

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

function constant(values: number[], shape: number[]): Tensor {
  return tensor(Float64Array.from(values), shape, 'float64');
}

/** Row 0 full, row 1 post-padded, row 2 pre-padded. */
const mask = (): Tensor => constant([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1], [B, T]);
const dropMask = (n: number): Tensor =>
  constant(
    Array.from({ length: n }, (_, i) => (i % 3 === 1 ? 0 : 1.25)),
    [B, n / B],
  );

type Kind = 'lstm' | 'gru-after' | 'gru-before' | 'simpleRnn';
const G: Record<Kind, number> = { lstm: 4, 'gru-after': 3, 'gru-before': 3, simpleRnn: 1 };

function run(kind: Kind, inputs: Tensor[], options: RecurrentSequenceOptions, withState: boolean): Tensor {
  const [x, k, rk, bias, ...init] = inputs as [Tensor, Tensor, Tensor, Tensor, ...Tensor[]];
  const opts = { ...options, initialState: withState ? init : null };
  const r =
    kind === 'lstm'
      ? ops.lstmSequence(x, k, rk, bias, opts)
      : kind === 'simpleRnn'
        ? ops.simpleRnnSequence(x, k, rk, bias, opts)
        : ops.gruSequence(x, k, rk, bias, { ...opts, resetAfter: kind === 'gru-after' });
  // Use every result so each upstream gradient path (dY, dH_T, dC_T) is exercised.
  if (options.returnSequences === false) {
    assert.equal(r.output, null);
    return ops.concat(r.states, 1);
  }
  return ops.concat([ops.reshape(r.output!, [B, T * H]), ...r.states], 1);
}

function check(kind: Kind, options: RecurrentSequenceOptions, withState: boolean): void {
  const g = G[kind] * H;
  const inputs = [
    v([B, T, I]),
    v([I, g], -0.8, 0.8),
    v([H, g], -0.8, 0.8),
    v(kind === 'gru-after' ? [2, g] : [g], -0.5, 0.5),
    ...(withState ? Array.from({ length: kind === 'lstm' ? 2 : 1 }, () => v([B, H])) : []),
  ];
  const { maxRelativeError, perInput } = gradcheck((...t) => run(kind, t, options, withState), inputs);
  assert.ok(
    maxRelativeError < 1e-6,
    `${label(`${kind} ${JSON.stringify({ ...options, mask: !!options.mask })}`)}: relative errors ${perInput.map((p) => p.relativeError.toExponential(2)).join(', ')}`,
  );
}

describe('recurrent sequence ops: gradients match finite differences (float64)', () => {
  before(() => setBackend('reference'));
  for (const kind of ['lstm', 'gru-after', 'gru-before', 'simpleRnn'] as const) {
    it(`${kind}: plain, with initial states`, () => check(kind, {}, true));
    it(`${kind}: masked (post- and pre-padded rows), zero initial state`, () =>
      check(kind, { mask: mask() }, false));
    it(`${kind}: goBackwards with mask and initial states`, () =>
      check(kind, { mask: mask(), goBackwards: true }, true));
    it(`${kind}: dropout masks on inputs and states`, () =>
      check(
        kind,
        { inputDropoutMask: dropMask(B * I), recurrentDropoutMask: dropMask(B * H), mask: mask() },
        true,
      ));
    it(`${kind}: returnSequences false (final states only), masked`, () =>
      check(kind, { returnSequences: false, mask: mask() }, true));
    it(`${kind}: other activations`, () => {
      const activation: UnaryOp = 'softplus';
      const recurrentActivation: UnaryOp = 'swish';
      check(kind, { activation, recurrentActivation }, true);
    });
  }

  it('a second backward through the same sequence op fails with a clear message; a new forward works', () => {
    const inputs = [v([B, T, I]), v([I, 4 * H]), v([H, 4 * H]), v([4 * H])];
    const loss = () => ops.sum(run('lstm', inputs, {}, false));
    const first = loss();
    backward(first);
    assert.throws(
      () => backward(first),
      /backward through the same op a second time.*Run the forward pass again/,
    );
    const grads = inputs.map((t) => t.grad!.data.slice()); // the failed pass added nothing
    inputs.forEach((t) => (t.gradData = null));
    backward(loss()); // runs on the freed buffers, reused: the same gradients
    inputs.forEach((t, i) => assert.deepEqual(t.grad!.data, grads[i], `input ${i} (seed ${rng.seed})`));
  });

  it('reverseSequence', () => {
    const { maxRelativeError } = gradcheck((x) => ops.reverseSequence(x), [v([2, 3, 2])]);
    assert.ok(maxRelativeError < 1e-8, label('reverseSequence'));
  });
});

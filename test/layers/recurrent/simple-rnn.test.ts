import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { tensor } from '../../../src/autograd/tensor.js';
import { setBackend } from '../../../src/backend/select.js';
import { ShapeError } from '../../../src/errors.js';
import { SimpleRNN, simpleRnn } from '../../../src/layers/recurrent/index.js';
import { assertClose } from '../../helpers/assert-close.js';
import { seededRng } from '../../helpers/rng.js';
import {
  checkLayerGradients,
  checkPaddingInvariance,
  context,
  lengthMask,
  randomInput,
} from './layer-checks.js';

const rng = seededRng();
const label = (s: string): string => `${s} (seed ${rng.seed})`;

describe('SimpleRNN layer', () => {
  before(() => setBackend('reference'));

  it('matches h_t = tanh(x_t W + h_{t-1} U + b) written by hand', () => {
    const W = [
      [0.5, -0.2],
      [0.1, 0.3],
    ];
    const U = [
      [0.4, 0.1],
      [-0.3, 0.2],
    ];
    const b = [0.05, -0.1];
    const x = [
      [
        [1, -1],
        [0.5, 0.25],
        [-0.75, 1],
      ],
    ];
    const layer = simpleRnn({ units: 2, returnSequences: true, dtype: 'float64' });
    const xt = tensor(x, undefined, 'float64');
    layer.apply(xt, context(rng));
    layer.setWeights([
      tensor(W, undefined, 'float64'),
      tensor(U, undefined, 'float64'),
      tensor(b, undefined, 'float64'),
    ]);
    let h = [0, 0];
    const expected = x[0]!.map((xt) => {
      h = [0, 1].map((j) =>
        Math.tanh(b[j]! + xt[0]! * W[0]![j]! + xt[1]! * W[1]![j]! + h[0]! * U[0]![j]! + h[1]! * U[1]![j]!),
      );
      return h;
    });
    assertClose(layer.apply(xt, context(rng)).data, expected.flat(), {
      rtol: 1e-12,
      label: 'SimpleRNN vs hand-written',
    });
  });

  for (const [name, opts, masked] of [
    ['last output', {}, false],
    ['masked, returnSequences, goBackwards', { returnSequences: true, goBackwards: true }, true],
    ['softplus activation, dropout at inference', { activation: 'softplus', dropout: 0.3 }, false],
  ] as const) {
    it(`gradients match finite differences: ${name}`, () => {
      const mask = masked ? lengthMask(5, [0, 2, 0], [5, 3, 2]) : null;
      checkLayerGradients(
        simpleRnn({ units: 3, dtype: 'float64', ...opts }),
        randomInput(rng, [3, 5, 2]),
        context(rng, mask),
        label(`SimpleRNN ${name}`),
      );
    });
  }

  it('a pre-padded batch gives the unpadded outputs and gradients', () => {
    checkPaddingInvariance(simpleRnn({ units: 3, dtype: 'float64', returnSequences: true }), rng, {
      T: 5,
      F: 2,
      starts: [0, 3, 1],
      lengths: [5, 2, 3],
      returnSequences: true,
      label: label('SimpleRNN pre-padded'),
    });
  });

  it('shapes, names and errors', () => {
    const layer = simpleRnn({ units: 4 });
    layer.apply(tensor(new Float32Array(2 * 3 * 5), [2, 3, 5]), context(rng));
    assert.deepEqual(
      layer.weights.map((w) => w.shape),
      [[5, 4], [4, 4], [4]],
    );
    assert.equal(SimpleRNN.className, 'SimpleRNN');
    assert.throws(() => layer.apply(tensor(new Float32Array(4), [2, 2]), context(rng)), ShapeError);
  });
});

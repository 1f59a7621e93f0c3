import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { tensor } from '../../../src/autograd/tensor.js';
import { setBackend } from '../../../src/backend/select.js';
import { ShapeError } from '../../../src/errors.js';
import { AttentionPooling, attentionPooling } from '../../../src/layers/attention/index.js';
import { assertClose } from '../../helpers/assert-close.js';
import { seededRng } from '../../helpers/rng.js';
import {
  checkLayerGradients,
  checkPaddingInvariance,
  context,
  lengthMask,
  randomInput,
} from '../recurrent/layer-checks.js';

const rng = seededRng();
const label = (s: string): string => `${s} (seed ${rng.seed})`;

describe('AttentionPooling layer', () => {
  before(() => setBackend('reference'));

  it('gradients match finite differences, with and without a mask', () => {
    checkLayerGradients(
      attentionPooling({ dtype: 'float64' }),
      randomInput(rng, [2, 4, 3]),
      context(rng),
      label('pooling'),
    );
    checkLayerGradients(
      attentionPooling({ units: 5, dtype: 'float64' }),
      randomInput(rng, [3, 4, 3]),
      context(rng, lengthMask(4, [0, 1, 0], [4, 2, 3])),
      label('pooling masked'),
    );
  });

  it('matches vᵀ tanh(W h + b) and a softmax over unmasked steps written by hand', () => {
    const layer = attentionPooling({ units: 2, dtype: 'float64' });
    const x = tensor(
      [
        [
          [1, 0],
          [0, 1],
          [0.5, -0.5],
        ],
      ],
      undefined,
      'float64',
    );
    const ctx = context(rng, tensor([[1, 1, 0]], undefined, 'float64'));
    layer.apply(x, ctx);
    const W = [
      [0.3, -0.2],
      [0.1, 0.4],
    ];
    const b = [0.05, -0.05];
    const v = [0.7, -0.6];
    layer.setWeights([
      tensor(W, undefined, 'float64'),
      tensor(b, undefined, 'float64'),
      tensor(v, undefined, 'float64'),
    ]);
    const y = layer.apply(x, ctx);
    const rows = [
      [1, 0],
      [0, 1],
    ];
    const scores = rows.map((h) =>
      v.reduce((s, vj, j) => s + vj * Math.tanh(h[0]! * W[0]![j]! + h[1]! * W[1]![j]! + b[j]!), 0),
    );
    const e = scores.map(Math.exp);
    const alpha = e.map((ei) => ei / (e[0]! + e[1]!));
    assertClose(y.data, [alpha[0]! * 1, alpha[1]! * 1], { rtol: 1e-12, label: 'pooling vs hand-written' });
    assertClose(layer.lastAttention!.data, [...alpha, 0], { rtol: 1e-12, label: 'attention weights' });
  });

  it('a padded batch gives the unpadded outputs and gradients', () => {
    checkPaddingInvariance(attentionPooling({ dtype: 'float64' }), rng, {
      T: 5,
      F: 3,
      starts: [0, 2, 0],
      lengths: [5, 3, 2],
      returnSequences: false,
      label: label('pooling padded'),
    });
  });

  it('attentionWeights, shapes, names and errors', () => {
    const layer = attentionPooling({ name: 'att' });
    const x = tensor(
      Float32Array.from({ length: 2 * 4 * 3 }, (_, i) => Math.sin(i)),
      [2, 4, 3],
    );
    const alpha = layer.attentionWeights(x, context(rng));
    assert.deepEqual(alpha.shape, [2, 4]);
    assert.ok(Math.abs(alpha.data[0]! + alpha.data[1]! + alpha.data[2]! + alpha.data[3]! - 1) < 1e-6);
    assert.deepEqual(
      layer.weights.map((w) => w.shape),
      [[3, 3], [3], [3]],
    );
    assert.deepEqual(layer.weightNames(), ['kernel', 'bias', 'score_vector']);
    assert.equal(AttentionPooling.className, 'AttentionPooling');
    assert.deepEqual(layer.computeOutputShape([null, 4, 3]), [null, 3]);
    assert.throws(
      () => attentionPooling().apply(tensor(new Float32Array(4), [2, 2]), context(rng)),
      (e: Error) => e instanceof ShapeError && /returnSequences/.test(e.message),
    );
  });
});

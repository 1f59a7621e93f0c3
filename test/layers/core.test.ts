import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { setBackend } from '../../src/backend/select.js';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import { sum } from '../../src/autograd/ops/index.js';
import { tensor, Tensor, variable } from '../../src/autograd/tensor.js';
import { RandomGenerator } from '../../src/initializers/random.js';
import { coreLayers as layers } from '../../src/layers/core.js';
import type { CallContext, Layer } from '../../src/layers/layer.js';
import { ShapeError } from '../../src/errors.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();
const ctx = (training = false, mask: Tensor | null = null): CallContext => ({
  training,
  mask,
  rng: new RandomGenerator(rng.seed),
});

/** Builds `layer` for x, casts it to float64 and checks the gradients of input and weights. */
function checkLayer(layer: Layer, shape: number[], mask: Tensor | null = null): void {
  const x = variable(tensor(rng.doubles(shape.reduce((a, b) => a * b, 1)), shape, 'float64'));
  layer.ensureBuilt([null, ...shape.slice(1)], new RandomGenerator(rng.seed));
  layer.castWeights('float64');
  const { maxRelativeError } = gradcheck(
    (input, ..._w) => layer.apply(input, ctx(false, mask)),
    [x, ...layer.weights],
  );
  assert.ok(
    maxRelativeError < 1e-6,
    `${layer.className}: gradient error ${maxRelativeError} (seed ${rng.seed})`,
  );
}

describe(`core layers (seed ${rng.seed})`, () => {
  before(() => setBackend('reference'));

  it('Dense computes activation(x·W + b) on the last axis, for rows and sequences', () => {
    const d = layers.dense({ units: 2, activation: 'relu' });
    d.ensureBuilt([null, 3], new RandomGenerator(1));
    d.setWeights([
      tensor([
        [1, 0],
        [0, 1],
        [1, -1],
      ]),
      tensor([0.5, -0.5]),
    ]);
    const y = d.apply(tensor([[1, 2, 3]]), ctx());
    assert.deepEqual(y.toArray(), [[4.5, 0]]); // [1+3+0.5, 2−3−0.5 → relu 0]
    assert.deepEqual(d.computeOutputShape([null, 7, 3]), [null, 7, 2]);
    checkLayer(layers.dense({ units: 3, activation: 'tanh' }), [2, 4, 5]);
  });

  it('Embedding looks rows up, masks id 0 with maskZero, and refuses ids outside the vocabulary', () => {
    const e = layers.embedding({ inputDim: 5, outputDim: 2, maskZero: true });
    e.ensureBuilt([null, 3], new RandomGenerator(1));
    e.setWeights([
      tensor([
        [0, 0],
        [1, 1],
        [2, 2],
        [3, 3],
        [4, 4],
      ]),
    ]);
    const ids = tensor(new Int32Array([0, 2, 4, 1, 0, 0]), [2, 3]);
    assert.deepEqual(e.apply(ids, ctx()).toArray(), [
      [
        [0, 0],
        [2, 2],
        [4, 4],
      ],
      [
        [1, 1],
        [0, 0],
        [0, 0],
      ],
    ]);
    assert.deepEqual(e.computeMask(ids)!.toArray(), [
      [0, 1, 1],
      [1, 0, 0],
    ]);
    assert.throws(
      () => e.apply(tensor(new Int32Array([5]), [1, 1]), ctx()),
      /id 5 .* outside the vocabulary \[0, 5\)/,
    );
    assert.throws(() => e.apply(tensor([[1.5]]), ctx()), /expects integer ids, got 1.5/);
  });

  it('Dropout is the identity at inference and keeps the expected fraction in training', () => {
    const d = layers.dropout({ rate: 0.3 });
    const x = tensor(new Float32Array(20000).fill(1), [100, 200]);
    assert.equal(d.apply(x, ctx(false)), x);
    const y = d.apply(x, ctx(true));
    const kept = [...y.data].filter((v) => v !== 0);
    assert.ok(Math.abs(kept.length / 20000 - 0.7) < 0.02, `kept ${kept.length}`);
    assert.ok(kept.every((v) => Math.abs(v - 1 / 0.7) < 1e-6));
  });

  it('SpatialDropout1D drops whole channels for every step', () => {
    const y = layers
      .spatialDropout1d({ rate: 0.5 })
      .apply(tensor(new Float32Array(4 * 6 * 8).fill(1), [4, 6, 8]), ctx(true));
    for (let b = 0; b < 4; b++) {
      for (let f = 0; f < 8; f++) {
        const column = [0, 1, 2, 3, 4, 5].map((t) => y.data[(b * 6 + t) * 8 + f]);
        assert.ok(
          column.every((v) => v === column[0]),
          `sample ${b} channel ${f}: ${column}`,
        );
      }
    }
  });

  it('Flatten and Reshape', () => {
    const x = tensor(rng.floats(2 * 3 * 4), [2, 3, 4]);
    assert.deepEqual(layers.flatten().apply(x, ctx()).shape, [2, 12]);
    assert.deepEqual(layers.reshape({ targetShape: [4, -1] }).apply(x, ctx()).shape, [2, 4, 3]);
    assert.throws(
      () => layers.reshape({ targetShape: [5, 5] }).ensureBuilt([null, 3, 4], new RandomGenerator(1)),
      ShapeError,
    );
  });

  it('global pooling, with the masked average leaving padded steps out', () => {
    const x = tensor([
      [
        [1, 10],
        [3, 30],
        [100, 100],
      ],
    ]);
    const mask = tensor([[1, 1, 0]]);
    assert.deepEqual(layers.globalAveragePooling1d().apply(x, ctx(false, mask)).toArray(), [[2, 20]]);
    assert.deepEqual(layers.globalMaxPooling1d().apply(x, ctx()).toArray(), [[100, 100]]);
    checkLayer(
      layers.globalAveragePooling1d(),
      [2, 4, 3],
      tensor(
        [
          [1, 1, 0, 0],
          [1, 1, 1, 1],
        ],
        [2, 4],
        'float64',
      ),
    );
  });

  it('Conv1D matches a direct convolution, for valid and same padding and strides', () => {
    for (const [padding, strides] of [
      ['valid', 1],
      ['same', 1],
      ['same', 2],
      ['valid', 2],
    ] as const) {
      const conv = layers.conv1d({ filters: 3, kernelSize: 3, padding, strides });
      const [B, T, C] = [2, 7, 4];
      const x = tensor(rng.floats(B * T * C), [B, T, C]);
      const y = conv.apply(x, ctx());
      const k = conv.weight('kernel').data; // (K, C, F)
      const outT = padding === 'valid' ? Math.floor((T - 3) / strides) + 1 : Math.ceil(T / strides);
      const padLeft = padding === 'valid' ? 0 : Math.floor(Math.max(0, (outT - 1) * strides + 3 - T) / 2);
      assert.deepEqual(y.shape, [B, outT, 3]);
      for (let b = 0; b < B; b++) {
        for (let o = 0; o < outT; o++) {
          for (let f = 0; f < 3; f++) {
            let s = 0;
            for (let kk = 0; kk < 3; kk++) {
              const t = o * strides + kk - padLeft;
              if (t < 0 || t >= T) continue;
              for (let c = 0; c < C; c++) s += x.data[(b * T + t) * C + c]! * k[(kk * C + c) * 3 + f]!;
            }
            assert.ok(
              Math.abs(y.data[(b * outT + o) * 3 + f]! - s) < 1e-5,
              `${padding}/${strides} at ${b},${o},${f}`,
            );
          }
        }
      }
    }
    checkLayer(layers.conv1d({ filters: 2, kernelSize: 3, padding: 'same', activation: 'tanh' }), [2, 5, 3]);
  });

  it('names the layer and the shapes when the input does not fit', () => {
    const d = layers.dense({ units: 2, name: 'head' });
    d.apply(tensor(rng.floats(6), [2, 3]), ctx());
    assert.throws(
      () => d.apply(tensor(rng.floats(8), [2, 4]), ctx()),
      /layer 'head' \(Dense\) was built for inputs \(None, 3\) but got \[2, 4\]/,
    );
    assert.throws(
      () => layers.conv1d({ filters: 1, kernelSize: 3 }).apply(tensor(rng.floats(4), [2, 2]), ctx()),
      /needs \(batch, steps, channels\)/,
    );
  });

  it('kernel regularizers add their penalty', () => {
    const d = layers.dense({ units: 2, kernelRegularizer: { l2: 0.5 } });
    d.ensureBuilt([null, 2], new RandomGenerator(1));
    d.setWeights([
      tensor([
        [1, 2],
        [3, 4],
      ]),
      tensor([0, 0]),
    ]);
    const [term] = d.regularizationTerms();
    assert.equal(term!.item(), 0.5 * 30);
    assert.equal(sum(d.weight('kernel')).item(), 10);
  });
});

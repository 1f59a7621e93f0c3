import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { noGrad } from '../../../src/autograd/tape.js';
import { tensor } from '../../../src/autograd/tensor.js';
import { setBackend } from '../../../src/backend/select.js';
import { ShapeError } from '../../../src/errors.js';
import { LSTM, lstm } from '../../../src/layers/recurrent/index.js';
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
const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** Hand-written float64 LSTM step equations (Keras gate order i, f, c, o), independent of src/. */
function lstmByHand(x: number[][][], W: number[][], U: number[][], b: number[], H: number): number[][][] {
  return x.map((seq) => {
    let h = new Array<number>(H).fill(0);
    let c = new Array<number>(H).fill(0);
    return seq.map((xt) => {
      const z = Array.from({ length: 4 * H }, (_, k) => {
        let s = b[k]!;
        xt.forEach((v, i) => (s += v * W[i]![k]!));
        h.forEach((v, i) => (s += v * U[i]![k]!));
        return s;
      });
      const i = z.slice(0, H).map(sigmoid);
      const f = z.slice(H, 2 * H).map(sigmoid);
      const g = z.slice(2 * H, 3 * H).map(Math.tanh);
      const o = z.slice(3 * H).map(sigmoid);
      c = c.map((cp, j) => f[j]! * cp + i[j]! * g[j]!);
      h = c.map((cj, j) => o[j]! * Math.tanh(cj));
      return h;
    });
  });
}

describe('LSTM layer', () => {
  before(() => setBackend('reference'));

  it('matches hand-written float64 equations for fixed small weights', () => {
    const [I, H] = [2, 3];
    const W = Array.from({ length: I }, (_, i) =>
      Array.from({ length: 4 * H }, (_, k) => 0.1 * Math.sin(i * 7 + k)),
    );
    const U = Array.from({ length: H }, (_, i) =>
      Array.from({ length: 4 * H }, (_, k) => 0.2 * Math.cos(i * 5 + k)),
    );
    const b = Array.from({ length: 4 * H }, (_, k) => 0.05 * k - 0.2);
    const x = [
      [
        [0.5, -1],
        [0.25, 0.75],
        [-0.5, 0.1],
        [1, 1],
      ],
      [
        [-0.3, 0.2],
        [0.9, -0.4],
        [0, 0.6],
        [-1, 0.5],
      ],
    ];
    const layer = lstm({ units: H, returnSequences: true, dtype: 'float64' });
    const xt = tensor(x, undefined, 'float64');
    layer.apply(xt, context(rng));
    layer.setWeights([
      tensor(W, undefined, 'float64'),
      tensor(U, undefined, 'float64'),
      tensor(b, undefined, 'float64'),
    ]);
    const y = layer.apply(xt, context(rng));
    assertClose(y.data, lstmByHand(x, W, U, b, H).flat(2), { rtol: 1e-12, label: 'LSTM vs hand-written' });
  });

  for (const [name, opts, masked] of [
    ['last output', {}, false],
    ['returnSequences', { returnSequences: true }, false],
    ['masked, returnSequences', { returnSequences: true }, true],
    ['goBackwards, masked', { goBackwards: true }, true],
    ['goBackwards, returnSequences', { goBackwards: true, returnSequences: true }, false],
    [
      'dropout in inference mode, no bias, softplus/hardSigmoid',
      {
        dropout: 0.5,
        recurrentDropout: 0.5,
        useBias: false,
        activation: 'softplus',
        recurrentActivation: 'hardSigmoid',
      },
      false,
    ],
  ] as const) {
    it(`gradients match finite differences: ${name}`, () => {
      const layer = lstm({ units: 3, dtype: 'float64', ...opts });
      const mask = masked ? lengthMask(5, [0, 2, 0], [5, 3, 2]) : null;
      checkLayerGradients(layer, randomInput(rng, [3, 5, 2]), context(rng, mask), label(`LSTM ${name}`));
    });
  }

  it('dropout is the identity at inference and a fixed mask per call in training', () => {
    const x = randomInput(rng, [4, 6, 3]);
    const plain = lstm({ units: 4, dtype: 'float64', returnSequences: true });
    const dropped = lstm({
      units: 4,
      dtype: 'float64',
      returnSequences: true,
      dropout: 0.4,
      recurrentDropout: 0.3,
    });
    plain.apply(x, context(rng));
    dropped.apply(x, context(rng));
    dropped.setWeights(plain.getWeights());
    const a = noGrad(() => plain.apply(x, context(rng)));
    assertClose(noGrad(() => dropped.apply(x, context(rng))).data, a.data, {
      rtol: 0,
      label: label('inference'),
    });
    const t1 = noGrad(() => dropped.apply(x, context(rng, null, true)));
    const t2 = noGrad(() => dropped.apply(x, context(rng, null, true)));
    assert.ok(
      t1.data.some((v, i) => Math.abs(v - a.data[i]!) > 1e-6),
      label('training changes the output'),
    );
    assertClose(t2.data, t1.data, { rtol: 0, label: label('same seed, same masks') });
  });

  for (const [name, starts, lengths] of [
    ['post-padded', [0, 0, 0], [5, 2, 4]],
    ['pre-padded', [0, 3, 1], [5, 2, 4]],
  ] as const) {
    for (const opts of [
      { returnSequences: true },
      { returnSequences: false },
      { returnSequences: true, goBackwards: true },
      { goBackwards: true },
    ]) {
      it(`a ${name} batch gives the unpadded outputs and gradients ${JSON.stringify(opts)}`, () => {
        const layer = lstm({ units: 3, dtype: 'float64', ...opts });
        checkPaddingInvariance(layer, rng, {
          T: 5,
          F: 2,
          starts: [...starts],
          lengths: [...lengths],
          returnSequences: opts.returnSequences ?? false,
          goBackwards: opts.goBackwards ?? false,
          label: label(`LSTM ${name} ${JSON.stringify(opts)}`),
        });
      });
    }
  }

  it('weights have Keras names, shapes and unit forget bias', () => {
    const layer = lstm({ units: 4, name: 'enc' });
    const y = layer.apply(tensor(new Float32Array(2 * 3 * 5), [2, 3, 5]), context(rng));
    assert.deepEqual(y.shape, [2, 4]);
    assert.deepEqual(layer.weightNames(), ['kernel', 'recurrent_kernel', 'bias']);
    assert.deepEqual(
      layer.weights.map((w) => w.shape),
      [[5, 16], [4, 16], [16]],
    );
    assert.deepEqual(Array.from(layer.weight('bias').data), [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(layer.weights[0]!.name, 'enc/kernel');
    assert.equal(LSTM.className, 'LSTM');
    assert.deepEqual(layer.computeOutputShape([null, 3, 5]), [null, 4]);
    assert.deepEqual(lstm({ units: 4, returnSequences: true }).computeOutputShape([null, 3, 5]), [
      null,
      3,
      4,
    ]);
  });

  it('returnState gives [output, h, c]', () => {
    const layer = lstm({ units: 3, returnSequences: true, returnState: true, dtype: 'float64' });
    const out = layer.callWithState(randomInput(rng, [2, 4, 2]), context(rng));
    assert.deepEqual(
      out.map((t) => t.shape),
      [
        [2, 4, 3],
        [2, 3],
        [2, 3],
      ],
    );
    assertClose(
      out[1]!.data,
      out[0]!.data.filter((_, k) => Math.floor(k / 3) % 4 === 3),
      { rtol: 0, label: 'h is the last output' },
    );
  });

  it('getConfig is plain data with the options', () => {
    const config = lstm({ units: 8, dropout: 0.2, kernelRegularizer: { l2: 1e-4 }, name: 'l' }).getConfig();
    assert.deepEqual(JSON.parse(JSON.stringify(config)), config);
    assert.equal(config.units, 8);
    assert.equal(config.name, 'l');
  });

  it('a 2-D input is a ShapeError naming the layer and shapes', () => {
    const layer = lstm({ units: 4, name: 'my_lstm' });
    assert.throws(
      () => layer.apply(tensor(new Float32Array(6), [2, 3]), context(rng)),
      (e: Error) =>
        e instanceof ShapeError &&
        /my_lstm/.test(e.message) &&
        /LSTM/.test(e.message) &&
        /\(None, 3\)/.test(e.message),
    );
    assert.throws(() => lstm({ units: 0 }), /units must be a positive integer/);
    assert.throws(() => lstm({ units: 2, dropout: 1 }), /dropout must be in \[0, 1\)/);
  });
});

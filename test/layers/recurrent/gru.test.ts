import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { tensor } from '../../../src/autograd/tensor.js';
import { setBackend } from '../../../src/backend/select.js';
import { ShapeError } from '../../../src/errors.js';
import { GRU, gru } from '../../../src/layers/recurrent/index.js';
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

/**
 * Hand-written float64 GRU step equations (Keras gate order z, r, h; h = z·h_prev + (1 − z)·h̃),
 * independent of src/. bias: [input; recurrent] with resetAfter, one row otherwise.
 */
function gruByHand(
  x: number[][][],
  W: number[][],
  U: number[][],
  bias: number[][],
  H: number,
  resetAfter: boolean,
): number[][][] {
  const dot = (v: number[], M: number[][], k: number): number =>
    v.reduce((s, vi, i) => s + vi * M[i]![k]!, 0);
  const bIn = bias[0]!;
  const bRec = resetAfter ? bias[1]! : new Array<number>(3 * H).fill(0);
  return x.map((seq) => {
    let h = new Array<number>(H).fill(0);
    return seq.map((xt) => {
      const z = h.map((_, j) => sigmoid(dot(xt, W, j) + bIn[j]! + dot(h, U, j) + bRec[j]!));
      const r = h.map((_, j) => sigmoid(dot(xt, W, H + j) + bIn[H + j]! + dot(h, U, H + j) + bRec[H + j]!));
      const rh = h.map((hj, j) => r[j]! * hj);
      const hc = h.map((_, j) =>
        Math.tanh(
          resetAfter
            ? dot(xt, W, 2 * H + j) + bIn[2 * H + j]! + r[j]! * (dot(h, U, 2 * H + j) + bRec[2 * H + j]!)
            : dot(xt, W, 2 * H + j) + dot(rh, U, 2 * H + j) + bIn[2 * H + j]!,
        ),
      );
      h = h.map((hp, j) => z[j]! * hp + (1 - z[j]!) * hc[j]!);
      return h;
    });
  });
}

describe('GRU layer', () => {
  before(() => setBackend('reference'));

  for (const resetAfter of [true, false]) {
    it(`resetAfter ${resetAfter}: matches hand-written float64 equations for fixed small weights`, () => {
      const [I, H] = [2, 3];
      const W = Array.from({ length: I }, (_, i) =>
        Array.from({ length: 3 * H }, (_, k) => 0.3 * Math.sin(i * 7 + k)),
      );
      const U = Array.from({ length: H }, (_, i) =>
        Array.from({ length: 3 * H }, (_, k) => 0.4 * Math.cos(i * 5 + k)),
      );
      const bias = [
        Array.from({ length: 3 * H }, (_, k) => 0.05 * k - 0.2),
        Array.from({ length: 3 * H }, (_, k) => 0.1 - 0.03 * k),
      ];
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
      const layer = gru({ units: H, returnSequences: true, resetAfter, dtype: 'float64' });
      const xt = tensor(x, undefined, 'float64');
      layer.apply(xt, context(rng));
      layer.setWeights([
        tensor(W, undefined, 'float64'),
        tensor(U, undefined, 'float64'),
        tensor(resetAfter ? bias : bias[0]!, undefined, 'float64'),
      ]);
      const y = layer.apply(xt, context(rng));
      assertClose(y.data, gruByHand(x, W, U, bias, H, resetAfter).flat(2), {
        rtol: 1e-12,
        label: `GRU resetAfter ${resetAfter} vs hand-written`,
      });
    });

    for (const [name, opts, masked] of [
      ['last output', {}, false],
      ['masked, returnSequences', { returnSequences: true }, true],
      ['goBackwards, masked', { goBackwards: true }, true],
      ['dropout in inference mode, no bias', { dropout: 0.5, recurrentDropout: 0.5, useBias: false }, false],
    ] as const) {
      it(`resetAfter ${resetAfter}: gradients match finite differences: ${name}`, () => {
        const layer = gru({ units: 3, dtype: 'float64', resetAfter, ...opts });
        const mask = masked ? lengthMask(5, [0, 2, 0], [5, 3, 2]) : null;
        checkLayerGradients(
          layer,
          randomInput(rng, [3, 5, 2]),
          context(rng, mask),
          label(`GRU resetAfter ${resetAfter} ${name}`),
        );
      });
    }

    for (const [name, starts] of [
      ['post-padded', [0, 0, 0]],
      ['pre-padded', [0, 3, 1]],
    ] as const) {
      for (const opts of [{ returnSequences: true }, { returnSequences: false, goBackwards: true }]) {
        it(`resetAfter ${resetAfter}: a ${name} batch gives the unpadded outputs and gradients ${JSON.stringify(opts)}`, () => {
          checkPaddingInvariance(gru({ units: 3, dtype: 'float64', resetAfter, ...opts }), rng, {
            T: 5,
            F: 2,
            starts: [...starts],
            lengths: [5, 2, 4],
            returnSequences: opts.returnSequences,
            goBackwards: opts.goBackwards ?? false,
            label: label(`GRU ${resetAfter} ${name} ${JSON.stringify(opts)}`),
          });
        });
      }
    }
  }

  it('weights: Keras names and shapes for both reset modes', () => {
    const x = tensor(new Float32Array(2 * 3 * 5), [2, 3, 5]);
    const after = gru({ units: 4 });
    after.apply(x, context(rng));
    assert.deepEqual(
      after.weights.map((w) => w.shape),
      [
        [5, 12],
        [4, 12],
        [2, 12],
      ],
    );
    const before = gru({ units: 4, resetAfter: false });
    before.apply(x, context(rng));
    assert.deepEqual(
      before.weights.map((w) => w.shape),
      [[5, 12], [4, 12], [12]],
    );
    assert.deepEqual(before.weightNames(), ['kernel', 'recurrent_kernel', 'bias']);
    assert.equal(GRU.className, 'GRU');
  });

  it('returnState gives [output, h]; a 2-D input is a ShapeError', () => {
    const out = gru({ units: 3, returnState: true, dtype: 'float64' }).callWithState(
      randomInput(rng, [2, 4, 2]),
      context(rng),
    );
    assert.deepEqual(
      out.map((t) => t.shape),
      [
        [2, 3],
        [2, 3],
      ],
    );
    assert.throws(
      () => gru({ units: 2, name: 'g' }).apply(tensor(new Float32Array(4), [2, 2]), context(rng)),
      ShapeError,
    );
  });
});

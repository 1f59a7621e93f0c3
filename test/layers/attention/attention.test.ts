import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { gradcheck } from '../../../src/autograd/gradcheck.js';
import { tensor } from '../../../src/autograd/tensor.js';
import { setBackend } from '../../../src/backend/select.js';
import { ShapeError } from '../../../src/errors.js';
import { Attention, attention } from '../../../src/layers/attention/index.js';
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

describe('Attention layer', () => {
  before(() => setBackend('reference'));

  for (const useScale of [false, true]) {
    it(`self-attention gradients match finite differences (useScale ${useScale}, masked)`, () => {
      checkLayerGradients(
        attention({ useScale, dtype: 'float64' }),
        randomInput(rng, [2, 4, 3]),
        context(rng, lengthMask(4, [0, 1], [4, 2])),
        label(`attention ${useScale}`),
      );
    });
  }

  it('callQV gradients for query, value and key', () => {
    const layer = attention({ useScale: true, dtype: 'float64' });
    const [q, v, k] = [randomInput(rng, [2, 3, 4]), randomInput(rng, [2, 5, 2]), randomInput(rng, [2, 5, 4])];
    const ctx = context(rng);
    const masks = { queryMask: lengthMask(3, [0, 0], [3, 2]), valueMask: lengthMask(5, [0, 1], [5, 3]) };
    layer.callQV(q, v, ctx, masks, k);
    const { maxRelativeError } = gradcheck(
      (a, b, c) => layer.callQV(a, b, ctx, masks, c),
      [q, v, k, ...layer.weights],
    );
    assert.ok(maxRelativeError < 1e-6, label(`callQV ${maxRelativeError}`));
  });

  it('matches softmax(q kᵀ) v written by hand, with masked values and queries', () => {
    const q = [
      [
        [1, 0],
        [0, 1],
      ],
    ];
    const v = [
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
    ];
    const layer = attention({ dtype: 'float64' });
    const y = layer.callQV(tensor(q, undefined, 'float64'), tensor(v, undefined, 'float64'), context(rng), {
      queryMask: tensor([[1, 0]], undefined, 'float64'),
      valueMask: tensor([[1, 1, 0]], undefined, 'float64'),
    });
    const s = [v[0]![0]![0]!, v[0]![1]![0]!]; // q0 · k_j = first feature of the first two values
    const e = s.map(Math.exp);
    const a = e.map((x) => x / (e[0]! + e[1]!));
    assertClose(y.data, [a[0]! * 1 + a[1]! * 3, a[0]! * 2 + a[1]! * 4, 0, 0], {
      rtol: 1e-12,
      label: 'attention vs hand-written',
    });
  });

  it('a padded batch gives the unpadded outputs and gradients (self-attention)', () => {
    checkPaddingInvariance(attention({ useScale: true, dtype: 'float64' }), rng, {
      T: 5,
      F: 3,
      starts: [0, 0, 2],
      lengths: [5, 3, 2],
      returnSequences: true,
      label: label('attention padded'),
    });
  });

  it('useCausalMask, shapes and errors', () => {
    const layer = attention({ useCausalMask: true, dtype: 'float64' });
    const x = randomInput(rng, [1, 3, 2]);
    layer.apply(x, context(rng));
    const w = layer.lastAttention!.data;
    assert.equal(w[1], 0);
    assert.equal(w[2], 0);
    assert.equal(w[5], 0);
    assert.equal(Attention.className, 'Attention');
    assert.deepEqual(attention({ useScale: true }).getConfig().useScale, true);
    assert.throws(
      () => attention().callQV(randomInput(rng, [2, 3, 4]), randomInput(rng, [2, 5, 3]), context(rng)),
      ShapeError,
    );
    assert.throws(() => attention({ scoreMode: 'concat' as never }), /scoreMode/);
  });
});

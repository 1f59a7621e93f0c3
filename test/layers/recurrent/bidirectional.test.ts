import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { reverseSequence } from '../../../src/autograd/ops/index.js';
import { tensor } from '../../../src/autograd/tensor.js';
import { setBackend } from '../../../src/backend/select.js';
import { Bidirectional, bidirectional, gru, lstm, simpleRnn } from '../../../src/layers/recurrent/index.js';
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

describe('Bidirectional layer', () => {
  before(() => setBackend('reference'));

  for (const mergeMode of ['concat', 'sum', 'mul', 'ave'] as const) {
    it(`gradients match finite differences: mergeMode ${mergeMode}, masked, returnSequences`, () => {
      const layer = bidirectional({
        layer: gru({ units: 2, returnSequences: true, dtype: 'float64' }),
        mergeMode,
      });
      checkLayerGradients(
        layer,
        randomInput(rng, [2, 4, 2]),
        context(rng, lengthMask(4, [0, 1], [4, 2])),
        label(`Bidirectional ${mergeMode}`),
      );
    });
  }
  it('gradients match finite differences: LSTM, last output', () => {
    const layer = bidirectional({ layer: lstm({ units: 2, dtype: 'float64' }) });
    checkLayerGradients(layer, randomInput(rng, [2, 4, 2]), context(rng), label('Bidirectional LSTM'));
  });

  for (const goBackwards of [false, true]) {
    it(`concat = [forward layer output, backward layer output reversed], states of both (inner goBackwards ${goBackwards})`, () => {
      const inner = simpleRnn({
        units: 3,
        returnSequences: true,
        returnState: true,
        goBackwards,
        dtype: 'float64',
      });
      const layer = bidirectional({ layer: inner });
      const x = randomInput(rng, [2, 5, 2]);
      const ctx = context(rng);
      const [y, ...states] = layer.callWithState(x, ctx);
      assert.deepEqual(y!.shape, [2, 5, 6]);
      const [yf, hf] = layer.forwardLayer.callWithState(x, ctx);
      const [yb0, hb] = layer.backwardLayer.callWithState(x, ctx);
      const yb = reverseSequence(yb0!);
      const expected = Array.from({ length: 10 }, (_, r) => [
        ...yf!.data.slice(r * 3, r * 3 + 3),
        ...yb.data.slice(r * 3, r * 3 + 3),
      ]).flat();
      assertClose(y!.data, expected, { rtol: 0, label: 'concat order' });
      assert.equal(states.length, 2);
      assertClose(states[0]!.data, hf!.data, { rtol: 0, label: 'forward state' });
      assertClose(states[1]!.data, hb!.data, { rtol: 0, label: 'backward state' });
    });
  }

  it('a padded batch gives the unpadded outputs and gradients', () => {
    checkPaddingInvariance(
      bidirectional({ layer: lstm({ units: 2, returnSequences: true, dtype: 'float64' }) }),
      rng,
      {
        T: 5,
        F: 2,
        starts: [0, 2, 0],
        lengths: [5, 3, 2],
        returnSequences: true,
        label: label('Bidirectional padded'),
      },
    );
  });

  it('Keras weight names, config and shapes', () => {
    const layer = bidirectional({ layer: lstm({ units: 4, name: 'lstm' }), mergeMode: 'sum' });
    const y = layer.apply(tensor(new Float32Array(2 * 3 * 5), [2, 3, 5]), context(rng));
    assert.deepEqual(y.shape, [2, 4]);
    assert.deepEqual(layer.weightNames(), [
      'forward_lstm/kernel',
      'forward_lstm/recurrent_kernel',
      'forward_lstm/bias',
      'backward_lstm/kernel',
      'backward_lstm/recurrent_kernel',
      'backward_lstm/bias',
    ]);
    assert.equal(layer.weights[3]!.name, 'backward_lstm/kernel');
    assert.equal(layer.countParams(), 2 * (5 * 16 + 4 * 16 + 16));
    assert.equal(layer.backwardLayer.config.goBackwards, true);
    const config = layer.getConfig();
    assert.deepEqual(JSON.parse(JSON.stringify(config)), config);
    assert.equal((config.layer as { className: string }).className, 'LSTM');
    const again = new Bidirectional(config);
    again.apply(tensor(new Float32Array(2 * 3 * 5), [2, 3, 5]), context(rng));
    again.setWeights(layer.getWeights());
    assert.equal(Bidirectional.className, 'Bidirectional');
    assert.deepEqual(
      bidirectional({ layer: gru({ units: 3, returnSequences: true }) }).computeOutputShape([null, 7, 2]),
      [null, 7, 6],
    );
    assert.throws(() => bidirectional({ layer: gru({ units: 3 }), mergeMode: 'max' as never }), /mergeMode/);
  });
});

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { setBackend } from '../../src/backend/select.js';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import { tensor } from '../../src/autograd/tensor.js';
import { layers } from '../../src/layers/index.js';
import { sequential } from '../../src/model/sequential.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();

describe(`embedding with maskZero feeding a recurrent layer (seed ${rng.seed})`, () => {
  before(() => setBackend('reference'));

  for (const kind of ['lstm', 'gru', 'simpleRnn'] as const) {
    it(`${kind}: gradients of the whole stack (table included) match finite differences with padded ids`, () => {
      const model = sequential(
        [
          layers.embedding({ inputDim: 6, outputDim: 3, maskZero: true }),
          layers[kind]({ units: 4 }),
          layers.dense({ units: 1 }),
        ],
        { seed: rng.seed },
      );
      // Row 0 post-padded, row 1 pre-padded, row 2 full.
      const ids = tensor(new Int32Array([3, 1, 0, 0, 0, 5, 2, 4, 1, 2, 3, 5]), [3, 4]);
      model.build([null, 4]);
      for (const layer of model.layers) layer.castWeights('float64');
      const { maxRelativeError } = gradcheck(() => model.call(ids), model.weights);
      assert.ok(maxRelativeError < 1e-6, `${kind}: ${maxRelativeError} (seed ${rng.seed})`);
    });

    it(`${kind}: a padded row gives the output of its unpadded sequence`, () => {
      const model = sequential(
        [
          layers.embedding({ inputDim: 6, outputDim: 3, maskZero: true }),
          layers[kind]({ units: 4 }),
          layers.dense({ units: 1 }),
        ],
        { seed: rng.seed },
      );
      const padded = model.predict(tensor(new Int32Array([0, 0, 4, 2, 5, 0]), [2, 3])).data;
      const alone = model.predict(tensor(new Int32Array([4]), [1, 1])).data;
      const alone2 = model.predict(tensor(new Int32Array([2, 5]), [1, 2])).data;
      assert.ok(
        Math.abs(padded[0]! - alone[0]!) < 1e-6 && Math.abs(padded[1]! - alone2[0]!) < 1e-6,
        `${[...padded]} vs ${alone[0]}, ${alone2[0]}`,
      );
    });
  }
});

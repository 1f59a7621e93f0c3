// trainOnBatch hands the memory of the layers' outputs back to the buffer pool after each step
// (model/trainer.ts trainingStep): the steps must give exactly the weights that the same steps give
// when run by hand (call, backward, optimizer.apply), where nothing is handed back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { recycleCounts } from '../../src/autograd/buffers.js';
import { backward } from '../../src/autograd/tape.js';
import { tensor, type Tensor } from '../../src/autograd/tensor.js';
import { layers } from '../../src/layers/index.js';
import { sequential, type Sequential } from '../../src/model/sequential.js';
import { requireCompiled, totalLoss } from '../../src/model/trainable.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();
const V = 500;
const [B, T, E] = [32, 40, 64]; // the embedding and dropout outputs: 32·40·64 floats, 320 KiB, kept by the pool

// The LSTM copies its input for the backward; the Dense reads its (B, T, E) input again in the backward.
// `handedBack`: what trainOnBatch hands back a step beyond what the tape and the optimizer do, counted
// by hand from the pool's 4 KiB minimum (buffers.ts): the embedding and dropout outputs (320 KiB each),
// and either the LSTM's kernel gradient (E, 4·12): 12 KiB (its own output, (B, 12), is 1.5 KiB), or
// the Dense's (B, T, 8) output: 40 KiB (its kernel gradient, (E, 8), is 2 KiB).
const stacks = {
  lstm: { layers: () => [layers.lstm({ units: 12 })], handedBack: 3 },
  'dense over steps': {
    layers: () => [layers.dense({ units: 8, activation: 'relu' }), layers.globalAveragePooling1d()],
    handedBack: 3,
  },
};

function build(seed: number, stack: keyof typeof stacks): Sequential {
  const model = sequential(
    [
      layers.embedding({ inputDim: V, outputDim: E, inputShape: [T] }),
      layers.spatialDropout1d({ rate: 0.2 }),
      ...stacks[stack].layers(),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
    { seed },
  );
  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

function batch(): { x: Tensor; y: Tensor } {
  const x = tensor(
    Int32Array.from({ length: B * T }, () => rng.int(0, V)),
    [B, T],
  );
  const y = tensor(
    Float32Array.from({ length: B }, () => (rng.uniform() < 0.5 ? 0 : 1)),
    [B, 1],
  );
  return { x, y };
}

describe('trainOnBatch', () => {
  for (const stack of Object.keys(stacks) as (keyof typeof stacks)[])
    it(`${stack}: gives the weights of the same steps run by hand, while reusing its outputs' memory (seed ${rng.seed})`, () => {
      const seed = rng.int(1, 1 << 30);
      const auto = build(seed, stack);
      const byHand = build(seed, stack);
      const batches = Array.from({ length: 4 }, batch);
      // Buffers handed back to the pool by each: the tape and the optimizer hand back the same in both, so
      // the difference is what trainOnBatch adds (layer outputs and the weights' dense gradients).
      let [autoBack, handBack] = [0, 0];
      for (const { x, y } of batches) {
        let before = recycleCounts.recycled;
        const logs = auto.trainOnBatch(x, y);
        autoBack += recycleCounts.recycled - before;
        before = recycleCounts.recycled;
        const pred = byHand.call(x, true);
        const loss = totalLoss(byHand, y, pred, null);
        assert.equal(logs.loss, loss.item(), `loss (seed ${rng.seed})`);
        for (const p of byHand.trainableWeights) p.gradData = null;
        backward(loss);
        requireCompiled(byHand, 'test').optimizer.apply(byHand.trainableWeights);
        handBack += recycleCounts.recycled - before;
      }
      const [a, b] = [auto.trainableWeights, byHand.trainableWeights];
      assert.equal(a.length, b.length);
      a.forEach((w, i) => assert.deepEqual(w.data, b[i]!.data, `${w.name} (seed ${rng.seed})`));
      assert.equal(
        autoBack - handBack,
        stacks[stack].handedBack * batches.length,
        `handed back: trainOnBatch ${autoBack}, by hand ${handBack}`,
      );
    });
});

describe('trainOnBatch with a loss that is not finite', () => {
  it(`returns it and leaves the weights as they were (seed ${rng.seed})`, () => {
    const model = build(rng.int(1, 1 << 30), 'lstm');
    const { x, y } = batch();
    (y.data as Float32Array)[3] = Number.NaN;
    const before = model.trainableWeights.map((w) => Float32Array.from(w.data as Float32Array));
    const logs = model.trainOnBatch(x, y);
    assert.ok(Number.isNaN(logs.loss));
    model.trainableWeights.forEach((w, i) => assert.deepEqual(w.data, before[i], w.name));
  });
});

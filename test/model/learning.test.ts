import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Tensor } from '../../src/autograd/tensor.js';
import { layers } from '../../src/layers/index.js';
import { sequential } from '../../src/model/sequential.js';
import { seededRng } from '../helpers/rng.js';

// Small generated tasks that a working recurrent layer must learn (and a broken one cannot).
const rng = seededRng();

/** The adding problem (Hochreiter & Schmidhuber 1997): sum the two values marked in channel 2. */
function addingProblem(n: number, T: number): { x: Tensor; y: Tensor } {
  const x = new Float32Array(n * T * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.int(0, T / 2);
    const b = rng.int(T / 2, T);
    for (let t = 0; t < T; t++) {
      const v = rng.uniform();
      x[(i * T + t) * 2] = v;
      if (t === a || t === b) {
        x[(i * T + t) * 2 + 1] = 1;
        y[i]! += v;
      }
    }
  }
  return { x: new Tensor(x, [n, T, 2]), y: new Tensor(y, [n, 1]) };
}

describe(`learning checks (seed ${rng.seed})`, () => {
  for (const kind of ['lstm', 'gru'] as const) {
    it(`${kind} solves the adding problem (T = 12): test MSE < 0.02, predicting the mean gives ≈ 0.17`, async () => {
      const train = addingProblem(1536, 12);
      const test = addingProblem(256, 12);
      const model = sequential([layers[kind]({ units: 24 }), layers.dense({ units: 1 })], { seed: rng.seed });
      model.compile({ optimizer: { name: 'adam', learningRate: 0.01 }, loss: 'mse' });
      await model.fit(train.x, train.y, { epochs: 12, batchSize: 32, verbose: 0 });
      const { loss } = model.evaluate(test.x, test.y);
      assert.ok(loss! < 0.02, `${kind} test MSE ${loss}`);
    });
  }

  it('a stacked LSTM forecasts a noisy sine one step ahead with MSE below 0.01', async () => {
    const series = Array.from({ length: 600 }, (_, t) => Math.sin(0.25 * t) + 0.05 * (rng.uniform() - 0.5));
    const W = 10;
    const n = series.length - W;
    const x = new Float32Array(n * W);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < W; t++) x[i * W + t] = series[i + t]!;
      y[i] = series[i + W]!;
    }
    const split = Math.floor(n * 0.8);
    const xAll = new Tensor(x, [n, W, 1]);
    const yAll = new Tensor(y, [n, 1]);
    const model = sequential(
      [
        layers.lstm({ units: 16, returnSequences: true }),
        layers.lstm({ units: 16 }),
        layers.dense({ units: 1 }),
      ],
      { seed: rng.seed },
    );
    model.compile({ optimizer: { name: 'adam', learningRate: 0.01 }, loss: 'meanSquaredError' });
    await model.fit(
      new Tensor(x.slice(0, split * W), [split, W, 1]),
      new Tensor(y.slice(0, split), [split, 1]),
      {
        epochs: 15,
        batchSize: 32,
        verbose: 0,
      },
    );
    const test = model.evaluate(
      new Tensor(xAll.data.slice(split * W), [n - split, W, 1]),
      new Tensor(yAll.data.slice(split), [n - split, 1]),
    );
    assert.ok(test.loss! < 0.01, `test MSE ${test.loss}`);
  });
});

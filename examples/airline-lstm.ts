/**
 * airline-lstm through the library API: MinMax (fitted on the 96 training months), windows of 10,
 * LSTM(50) → LSTM(50) → Dense(25) → Dense(1), batch 1, 100 epochs; RMSE beside naive forecasts.
 * Set TUNED=1 for the tuned recipe (log + seasonal difference, windows of 12), as airline-lstm-tuned.yaml.
 * Run: node --import tsx examples/airline-lstm.ts
 */
import { loadConfig, runExperiment } from '../src/experiments/index.js';
import { layers, MinMaxScaler, readCsv, sequential, metrics } from '../src/index.js';

if (process.env.TUNED) {
  // The tuned recipe uses the runner's series preprocessing (log, seasonal difference, inversion).
  const config = await loadConfig(new URL('./airline-lstm-tuned.yaml', import.meta.url).pathname);
  const { metrics: m } = await runExperiment(config, { out: 'runs/airline-lstm-tuned' });
  console.log(`tuned LSTM test RMSE ${Number(m.test.rmse).toFixed(2)}; baselines`, m.baselines);
} else {
  const df = await readCsv(`${process.env.SEQLAB_DATA ?? '../shared/data'}/airline-passengers.csv`);
  const y = df.numeric('Passengers');
  const nTrain = Math.floor(y.length * 0.67);
  const scaler = new MinMaxScaler().fit({
    data: Float32Array.from(y.subarray(0, nTrain)),
    shape: [nTrain, 1],
  });
  const z = scaler.transform({ data: Float32Array.from(y), shape: [y.length, 1] }).data;
  const w = 10;
  const windows = (from: number, to: number) => {
    const t = Array.from({ length: to - from }, (_, i) => from + i);
    return {
      x: {
        data: Float32Array.from(t.flatMap((s) => Array.from(z.subarray(s - w, s)))),
        shape: [t.length, w, 1],
      },
      y: { data: Float32Array.from(t, (s) => z[s]!), shape: [t.length, 1] },
      t,
    };
  };
  const train = windows(w, nTrain);
  const test = windows(nTrain, y.length);
  const model = sequential(
    [
      layers.lstm({ units: 50, returnSequences: true }),
      layers.lstm({ units: 50 }),
      layers.dense({ units: 25 }),
      layers.dense({ units: 1 }),
    ],
    { seed: 0 },
  );
  model.compile({ optimizer: 'adam', loss: 'mse' });
  await model.fit(train.x, train.y, { epochs: 100, batchSize: 1, verbose: 0, seed: 0 });
  const pred = scaler.inverseTransform({
    data: model.predict(test.x).data as Float32Array,
    shape: [test.t.length, 1],
  }).data;
  const truth = test.t.map((t) => y[t]!);
  const rmse = (p: ArrayLike<number>) => metrics.regressionMetrics(truth, p).rmse.toFixed(2);
  console.log(
    `test RMSE: LSTM ${rmse(pred)}, naive ${rmse(test.t.map((t) => y[t - 1]!))}, seasonal naive ${rmse(test.t.map((t) => y[t - 12]!))}`,
  );
}

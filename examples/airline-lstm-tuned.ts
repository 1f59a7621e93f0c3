/**
 * airline-lstm-tuned through the library: the same experiment object the CLI runs, built in code
 * (log transform, seasonal difference 12, MinMax fitted on the training months, windows of 12).
 * Run: node --import tsx examples/airline-lstm-tuned.ts
 */
import { runExperiment, validateConfig } from '../src/experiments/index.js';

const config = validateConfig({
  name: 'airline-lstm-tuned',
  data: {
    source: `${process.env.SEQLAB_DATA ?? '../shared/data'}/airline-passengers.csv`,
    type: 'series',
    time: 'Month',
    value: 'Passengers',
    split: { testSize: 0.33 },
  },
  preprocessing: { scaler: 'minmax', series: { windowSize: 12, log: true, seasonalDifference: 12 } },
  model: {
    layers: [
      { type: 'lstm', units: 32 },
      { type: 'dense', units: 1 },
    ],
  },
  compile: { optimizer: 'adam', loss: 'mse' },
  training: { epochs: 100, batchSize: 4 },
  evaluation: { baselines: ['naive', 'seasonalNaive'], seasonPeriod: 12 },
});
const { metrics, report } = await runExperiment(config, { out: 'runs/airline-lstm-tuned' });
console.log(
  `test RMSE ${Number(metrics.test.rmse).toFixed(2)} · naive ${Number(metrics.baselines!.naive!.rmse).toFixed(2)} · seasonal naive ${Number(metrics.baselines!.seasonalNaive!.rmse).toFixed(2)}`,
);
console.log(`report: ${report}`);

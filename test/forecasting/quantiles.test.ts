/**
 * Quantile forecasts (forecast.quantiles; the pinball loss itself is tested in test/losses): quantile
 * tracks through the inverse transforms, sorted and paired into intervals, against hand-computed
 * values; and a network trained on a series with noise of known distribution
 * whose 80% interval covers about 80% of the backtest's held-out steps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Frame } from '../../src/data/frame.js';
import { rawBatch, type RowBatch } from '../../src/data/preprocessing/batch.js';
import { Pipeline } from '../../src/data/preprocessing/pipeline.js';
import { SeriesValues, SeriesWindows } from '../../src/data/preprocessing/series-steps.js';
import { ForecastIntervals } from '../../src/data/preprocessing/intervals.js';
import { forecastFrom, medianTrack } from '../../src/forecasting/forecast.js';
import { seededRng } from '../helpers/rng.js';
import { makeFixtures, seqlab } from '../e2e/helpers.js';

test('quantile tracks: each inverted on its own, sorted per step, the median the point and pairs the intervals', () => {
  // A differenced line: each track's forecast differences are added to the last known value.
  const y = Float64Array.from({ length: 30 }, (_, t) => 2 * t);
  const quantiles = [0.1, 0.5, 0.9];
  const pipeline = new Pipeline([
    ['values', new SeriesValues({ valueColumn: 'v', log: false, difference: 1, seasonalDifference: 0 })],
    ['windows', new SeriesWindows({ windowSize: 4, horizon: 2, quantiles })],
  ]);
  const batch = pipeline.fitTransform(rawBatch(new Frame({ v: y }), 'test')) as RowBatch;
  // Per origin: quantile 0.1 says differences [1, 1], 0.5 says [2, 2], 0.9 says [3, 0] (its second
  // step crosses below the median's: sorting puts the values back in order).
  const out = [1, 1, 2, 2, 3, 0];
  const model = {
    predict: (x: { shape: number[] }) => ({
      data: Float32Array.from({ length: x.shape[0]! * 6 }, (_, i) => out[i % 6]!),
    }),
  };
  const pred = forecastFrom(model as never, pipeline, batch, [10, 20], 2);
  // From origin 10 the last value is y[9] = 18: tracks 19, 20 / 20, 22 / 21, 21.
  assert.deepEqual(Array.from(pred.values), [20, 21, 40, 41]);
  assert.equal(pred.intervals!.length, 1);
  assert.equal(pred.intervals![0]!.coverage, 0.8);
  assert.deepEqual(Array.from(pred.intervals![0]!.lower), [19, 20, 39, 40]);
  assert.deepEqual(Array.from(pred.intervals![0]!.upper), [21, 22, 41, 42]);
  // The one-step views read the median's columns.
  assert.deepEqual(Array.from(medianTrack(Float32Array.from([...out, ...out]), 2, quantiles)), [2, 2, 2, 2]);
  // Saved and restored with the model.
  const restored = Pipeline.fromJSON(JSON.parse(JSON.stringify(pipeline.toJSON())));
  assert.deepEqual(restored.get<SeriesWindows>('windows').quantiles, quantiles);
});

test('seqlab train with forecast.quantiles: the 80% interval of a series with Gaussian noise covers about 80% of the backtest', () => {
  const rng = seededRng();
  const dir = makeFixtures();
  const n = 1200;
  const lines = ['t,v'];
  for (let t = 0; t < n; t++) {
    const g = Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
    lines.push(`${t},${(10 * Math.sin((2 * Math.PI * t) / 12) + g).toFixed(5)}`);
  }
  writeFileSync(join(dir, 'noisy.csv'), lines.join('\n') + '\n');
  writeFileSync(
    join(dir, 'quantiles.yaml'),
    `
name: e2e-quantiles
seed: 0
data: { source: noisy.csv, type: series, value: v, split: { testSize: 0.3 } }
preprocessing: { scaler: standard, series: { windowSize: 12 } }
forecast: { horizon: 2, quantiles: [0.1, 0.5, 0.9] }
model: { layers: [{ type: lstm, units: 16 }, { type: dense, units: 6 }] }
compile: { optimizer: { name: adam, learningRate: 0.01 } }
training: { epochs: 30, batchSize: 64 }
evaluation: { seasonPeriod: 12, backtest: { origins: 300 } }
`,
  );
  const out = join(dir, 'run-quantiles');
  const r = seqlab(['train', join(dir, 'quantiles.yaml'), '--out', out, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
  const [row] = metrics.backtest.coverage;
  // 600 held-out (origin, step) pairs: the binomial sd of the share is 1.6 points, and the network's
  // quantiles are themselves estimates from about 800 windows. Over 12 data seeds the share ranged
  // 74.8–83.7%, and CI drew one at 69.7% (seed 1107989869; the same before and after that stop's
  // changes); 10 more seeds stayed within ±10. What the test is for, a swapped or mispaired track,
  // lands near 0%, 50% or 100%: ±15 points tells those apart without failing on the spread.
  assert.equal(row.nominal, 0.8);
  assert.ok(Math.abs(row.empirical - 0.8) < 0.15, `seed ${rng.seed}: 80% interval covers ${row.empirical}`);
  const f = seqlab(['forecast', out]);
  assert.equal(f.status, 0, f.stderr);
  assert.equal(f.stdout.split('\n')[0], 'time,forecast,lower_80,upper_80');
  const [, lo, hi] = f.stdout.split('\n')[1]!.split(',').slice(1).map(Number);
  assert.ok(hi! - lo! > 1.5 && hi! - lo! < 4.5, `the 80% width of N(0, 1) noise is 2.56; got ${hi! - lo!}`);
});

test('a count never below 0 (preprocessing.series.nonNegative): forecasts and interval bounds raised to 0, each step building on the raised one', () => {
  // Differenced units sold: the model says the next two differences are -3 and +1 from the last value 2.
  const y = Float64Array.from({ length: 30 }, (_, t) => (t % 2 ? 2 : 1));
  const pipeline = (nonNegative: boolean) =>
    new Pipeline([
      ['intervals', new ForecastIntervals({ coverage: [0.8], halfWidths: [[1.5, 2]] })],
      [
        'values',
        new SeriesValues({ valueColumn: 'v', log: false, difference: 1, seasonalDifference: 0, nonNegative }),
      ],
      ['windows', new SeriesWindows({ windowSize: 4, horizon: 2 })],
    ]);
  const model = {
    predict: (x: { shape: number[] }) => ({
      data: Float32Array.from({ length: x.shape[0]! * 2 }, (_, i) => [-3, 1][i % 2]!),
    }),
  };
  const forecast = (p: Pipeline) =>
    forecastFrom(
      model as never,
      p,
      p.fitTransform(rawBatch(new Frame({ v: y }), 'test')) as RowBatch,
      [10],
      2,
    );
  // From origin 10 the last value is y[9] = 2. Unclipped: 2 − 3 = −1, then −1 + 1 = 0; bounds ± 1.5, ± 2.
  const free = forecast(pipeline(false));
  assert.deepEqual(Array.from(free.values), [-1, 0]);
  assert.deepEqual(Array.from(free.intervals![0]!.lower), [-2.5, -2]);
  // Clipped: the first step is 0, the second builds on it (0 + 1 = 1); lower bounds at least 0.
  const counts = pipeline(true);
  const clipped = forecast(counts);
  assert.deepEqual(Array.from(clipped.values), [0, 1]);
  assert.deepEqual(Array.from(clipped.intervals![0]!.lower), [0, 0]);
  assert.deepEqual(Array.from(clipped.intervals![0]!.upper), [1.5, 3]);
  const restored = Pipeline.fromJSON(JSON.parse(JSON.stringify(counts.toJSON())));
  assert.equal(restored.get<SeriesValues>('values').nonNegative, true, 'saved with the model');
});

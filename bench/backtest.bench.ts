/**
 * `npm run bench -- backtest`: what a backtest costs beside the fit it evaluates (issue 22's targets:
 * a 12-origin backtest without retraining ≤ 1.5× one fit; recursive forecasting of 48 steps for
 * 1,000 series ≤ 2× the direct strategy; retraining before every one of 12 origins ≤ 12.5× one fit).
 * Medians of several runs on a synthetic seasonal series.
 */
import { Frame } from '../src/data/frame.js';
import { denseX, rawBatch, type RowBatch } from '../src/data/preprocessing/batch.js';
import { Pipeline } from '../src/data/preprocessing/pipeline.js';
import { Scale } from '../src/data/preprocessing/frame-steps.js';
import { MinMaxScaler } from '../src/data/preprocessing/scalers.js';
import { SeriesValues, SeriesWindows } from '../src/data/preprocessing/series-steps.js';
import { backtest } from '../src/forecasting/backtest.js';
import { modelForecasts } from '../src/forecasting/forecast.js';
import { layers } from '../src/layers/index.js';
import { sequential } from '../src/model/sequential.js';
import { validateConfig } from '../src/experiments/config.js';
import { loadExperimentData } from '../src/experiments/data.js';
import { prepareData } from '../src/experiments/prepare.js';
import { buildModel } from '../src/experiments/model-build.js';
import { backtestOrigins } from '../src/forecasting/backtest.js';
import { retrainedForecasts } from '../src/experiments/forecast-run.js';
import { rowCount } from '../src/data/split.js';

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

function model(outputs: number, w: number) {
  const m = sequential([layers.lstm({ units: 32 }), layers.dense({ units: outputs })], { seed: 1 });
  m.build([null, w, 1]);
  m.compile({ optimizer: 'adam', loss: 'mse' });
  return m;
}

async function fitVersusBacktest(runs: number): Promise<string> {
  const n = 600;
  const y = Float64Array.from(
    { length: n },
    (_, t) => 100 + t / 5 + 10 * Math.sin((2 * Math.PI * t) / 12) + 3 * Math.sin(t * 1.7),
  );
  const H = 12;
  const pipeline = new Pipeline([
    ['values', new SeriesValues({ valueColumn: 'v', log: false, difference: 0, seasonalDifference: 12 })],
    ['scale', new Scale({ scaler: new MinMaxScaler(), on: 'series' })],
    ['windows', new SeriesWindows({ windowSize: 24, horizon: H })],
  ]);
  const trainEnd = n - 60;
  const batch = pipeline.fitTransform(
    rawBatch(new Frame({ v: y }), 'bench', { fitEnd: trainEnd }),
  ) as RowBatch;
  const train = batch.rows.flatMap((t, i) => (t + H <= trainEnd ? [i] : []));
  const w = 24;
  const x = {
    data: denseX(batch, 'test').data.slice(0, train.length * w) as Float32Array,
    shape: [train.length, w, 1],
  };
  const yT = { data: batch.targets!.slice(0, train.length * H), shape: [train.length, H] };
  const fits: number[] = [];
  const tests: Record<string, number[]> = {
    'model only': [],
    'model + naive, seasonal naive, drift': [],
    'model + all baselines (MSTL too)': [],
  };
  for (let r = 0; r < runs; r++) {
    const m = model(H, w);
    let t0 = performance.now();
    await m.fit(x, yT, { epochs: 10, batchSize: 32, verbose: 0, seed: r });
    fits.push(performance.now() - t0);
    for (const [name, baselines] of [
      ['model only', []],
      ['model + naive, seasonal naive, drift', ['naive', 'seasonalNaive', 'drift']],
      ['model + all baselines (MSTL too)', ['naive', 'seasonalNaive', 'drift', 'mstl']],
    ] as const) {
      t0 = performance.now();
      backtest(m, pipeline, batch, {
        origins: 12,
        stride: 4,
        horizon: H,
        season: 12,
        trainEnd,
        baselines,
        coverage: [0.8, 0.95],
      });
      tests[name]!.push(performance.now() - t0);
    }
  }
  const fit = median(fits);
  const rows = Object.entries(tests).map(
    ([name, t]) =>
      `| 12-origin backtest, ${name} | ${median(t).toFixed(1)} ms | ${((fit + median(t)) / fit).toFixed(3)}× |`,
  );
  return [
    `One fit (LSTM(32) → Dense(12), 10 epochs, ${train.length} windows): median ${fit.toFixed(0)} ms over ${runs} runs.`,
    '',
    '| | median | (fit + backtest) / fit (target ≤ 1.5×) |',
    '|---|---:|---:|',
    ...rows,
  ].join('\n');
}

/**
 * Recursive against direct forecasting of H = 48 steps for 1,000 series, LSTM(32), at two window
 * lengths: w = H and w = 2H (NeuralForecast's usual input_size). Carrying the state runs w + H − 1
 * recurrent steps where the direct model runs w: (w + H − 1) / w, 1.98× at w = H and 1.49× at w = 2H,
 * would be the ratio if the recurrent steps were all of both; the direct forecast's `predict` also
 * pays per-batch costs (four batches of 256) that the state recursion's one call does not.
 */
function recursiveVersusDirect(runs: number): string {
  const series = 1000;
  const H = 48;
  const rounds = Math.max(runs, 9);
  const ms = (f: () => void): number => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  };
  return [48, 96]
    .map((w) => {
      const x = {
        data: Float32Array.from({ length: series * w }, (_, i) => Math.sin(i / 7)),
        shape: [series, w, 1],
      };
      const direct = model(H, w);
      const oneStep = model(1, w);
      // Interleaved rounds, so that a change in the machine's load hits both sides of a ratio: (direct,
      // state) pairs, then (direct, window) pairs apart, so that the window variant's 50 MB of
      // allocation per forecast does not land in the state variant's timings.
      const d: number[] = [];
      const s: number[] = [];
      const dr: number[] = [];
      const r: number[] = [];
      // Warm-up, untimed: both forecasts ran ~4 ms slower for their first ~18 calls (V8 had not yet
      // optimised code they share), which put a first-run offset into the ratio.
      for (let i = 0; i < 25; i++) {
        modelForecasts(direct, x, H, 'direct');
        modelForecasts(oneStep, x, H, 'recursive', 'state');
      }
      for (let i = 0; i < 2 * rounds; i++) {
        d.push(ms(() => modelForecasts(direct, x, H, 'direct')));
        s.push(ms(() => modelForecasts(oneStep, x, H, 'recursive', 'state')));
      }
      for (let i = 0; i < Math.ceil(rounds / 3); i++) {
        dr.push(ms(() => modelForecasts(direct, x, H, 'direct')));
        r.push(ms(() => modelForecasts(oneStep, x, H, 'recursive')));
      }
      const ratio = (v: number[], base = d) => median(v.map((t, i) => t / base[i]!)).toFixed(2);
      return `${series} series, window ${w}, H = ${H}, LSTM(32): direct ${median(d).toFixed(1)} ms, recursive ${median(r).toFixed(1)} ms re-reading each window, ${median(s).toFixed(1)} ms carrying the state (medians of ${2 * rounds} interleaved rounds, ${Math.ceil(rounds / 3)} for the window); recursive / direct = ${ratio(r, dr)}× (window), ${ratio(s)}× (state, running ${((w + H - 1) / w).toFixed(2)}× the direct model's recurrent steps; target ≤ 2×), medians of the per-round ratios.`;
    })
    .join('\n');
}

/**
 * The runner's own retraining path (evaluation.backtest.retrain: 1): before each of 12 origins the
 * preprocessing is fitted again and a fresh model trains on the windows before it; against one fit
 * of the same recipe on the training part.
 */
async function retrainVersusFit(runs: number): Promise<string> {
  const config = validateConfig({
    name: 'bench-retrain',
    data: { source: 'demo:timeseries', type: 'series', split: { testSize: 0.2 } },
    preprocessing: { scaler: 'minmax', series: { windowSize: 12 } },
    model: {
      layers: [
        { type: 'lstm', units: 32 },
        { type: 'dense', units: 6 },
      ],
    },
    training: { epochs: 40, batchSize: 32 },
    forecast: { horizon: 6 },
    evaluation: { seasonPeriod: 12, backtest: { origins: 12, retrain: 1 } },
  });
  const prepared = prepareData(await loadExperimentData(config), config);
  const origins = backtestOrigins(prepared.series!.length, 6, 12, 1, prepared.trainEnd!);
  // Darts' train_length: each refit on the last trainEnd steps, as many as the one fit trains on.
  const sliding = {
    ...config,
    evaluation: {
      ...config.evaluation,
      backtest: { ...config.evaluation.backtest!, trainLength: prepared.trainEnd! },
    },
  };
  const fits: number[] = [];
  const retrains: number[] = [];
  const slides: number[] = [];
  for (let r = 0; r < runs; r++) {
    const m = buildModel(config, prepared);
    let t0 = performance.now();
    await m.fit(prepared.xTrain, prepared.yTrain, { epochs: 40, batchSize: 32, verbose: 0, seed: 0 });
    fits.push(performance.now() - t0);
    t0 = performance.now();
    await retrainedForecasts(prepared, config, [origins], 1);
    retrains.push(performance.now() - t0);
    t0 = performance.now();
    await retrainedForecasts(prepared, sliding, [origins], 1);
    slides.push(performance.now() - t0);
  }
  const fit = median(fits);
  const all = median(retrains);
  const slide = median(slides);
  // The floor: training cost grows with the windows each refit sees (those whose targets end before its origin).
  const W = 6;
  const windows = (end: number): number => prepared.seriesBatch!.rows.filter((t) => t + W <= end).length;
  const floor = origins.reduce((a, o) => a + windows(o), 0) / rowCount(prepared.xTrain);
  return `Retraining before each of 12 origins (${prepared.series!.length}-step demo series, LSTM(32) → Dense(6), 40 epochs): one fit ${fit.toFixed(0)} ms, 12 retrained fits + forecasts ${all.toFixed(0)} ms (medians of ${runs}); ratio ${(all / fit).toFixed(2)}× (target ≤ 12.5×). The floor, 12 fits each on the windows before its origin, is ${floor.toFixed(2)}× one fit on the training part; the rest (${(all / fit / floor).toFixed(2)}× the floor) is per-origin setup and forecasting. With a sliding window as long as the training part (evaluation.backtest.trainLength: ${prepared.trainEnd}, Darts' train_length), every refit sees as many windows as the one fit: ${slide.toFixed(0)} ms, ratio ${(slide / fit).toFixed(2)}× (floor 12×).`;
}

/** The backtest benchmark's Markdown. */
export async function backtestBenchMain(runs = 5): Promise<string> {
  return `${await fitVersusBacktest(runs)}\n\n${await retrainVersusFit(runs)}\n\n${recursiveVersusDirect(runs)}`;
}

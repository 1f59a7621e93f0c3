/**
 * Forecasting pieces against hand-computed values: baselines, metrics, the multi-step inverse of the
 * series transforms, the recursive strategy, conformal coverage on noise of known distribution, and
 * the time column's frequency.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Frame } from '../../src/data/frame.js';
import { denseX, rawBatch, type RowBatch } from '../../src/data/preprocessing/batch.js';
import { Pipeline } from '../../src/data/preprocessing/pipeline.js';
import { SeriesValues, SeriesWindows } from '../../src/data/preprocessing/series-steps.js';
import { fillGaps, inferFrequency, mergeDuplicateTimes, nextTimes, formatTime } from '../../src/data/time.js';
import { autoregression, baselineForecast, mstlPeriods } from '../../src/forecasting/baselines.js';
import { backtestOrigins, scoreBacktest, verdict, versus } from '../../src/forecasting/backtest.js';
import { forecastFrom, modelForecasts } from '../../src/forecasting/forecast.js';
import {
  conformalQuantile,
  coverageExcess,
  coverageShortfall,
  halfWidths,
  intervalShortfall,
  measureCoverage,
} from '../../src/forecasting/intervals.js';
import { horizonScores, maseScale } from '../../src/forecasting/metrics.js';
import { seededRng } from '../helpers/rng.js';
import { layers } from '../../src/layers/index.js';
import { sequential } from '../../src/model/sequential.js';
import { timeAxis } from '../../src/report/charts/forecast.js';

const close = (a: number, b: number, tol = 1e-9): void =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test('baselines from the values before the origin', () => {
  const y = [10, 12, 11, 13, 15, 14, 16, 18];
  assert.deepEqual(Array.from(baselineForecast('naive', y, 6, 3, 4)), [14, 14, 14]);
  // Season 4: the values one season before steps 6, 7, 8 are y[2], y[3], then y[4] (= step 8 − 4).
  assert.deepEqual(Array.from(baselineForecast('seasonalNaive', y, 6, 3, 4)), [11, 13, 15]);
  // Drift: slope (y[5] − y[0]) / 5 = 0.8 per step.
  const d = baselineForecast('drift', y, 6, 2, 4);
  close(d[0]!, 14.8);
  close(d[1]!, 15.6);
  assert.throws(() => baselineForecast('seasonalNaive', y, 3, 2, 4), /full season/);
});

test('MSTL (augurs) forecasts a clean seasonal series closely', () => {
  const y = Array.from({ length: 96 }, (_, t) => 100 + t + 10 * Math.sin((2 * Math.PI * t) / 12));
  const f = baselineForecast('mstl', y, 84, 12, 12);
  for (let k = 0; k < 12; k++)
    assert.ok(Math.abs(f[k]! - y[84 + k]!) < 3, `step ${k}: ${f[k]} vs ${y[84 + k]}`);
});

test('MSTL on hourly data takes the week too: a day whose peak hour moves with the weekday is forecast', () => {
  // Eight weeks of hours; the peak is at 6 on day 0 of the week, 8 on day 1 … 18 on day 6. One period
  // of 24 averages the seven days into a flat profile and misses every peak.
  const rng = seededRng();
  const phase = rng.int(0, 7);
  const y = Array.from({ length: 24 * 7 * 8 }, (_, t) => {
    const day = (Math.floor(t / 24) + phase) % 7;
    return 100 + 50 * Math.exp(-((((t % 24) - 6 - 2 * day) / 1.5) ** 2));
  });
  assert.deepEqual(mstlPeriods(24, y), [24, 168]);
  assert.deepEqual(mstlPeriods(24, y.slice(0, 300)), [24], 'two weeks of history are needed for the week');
  // The same day every day: no weekly cycle to add.
  const daily = Array.from({ length: 24 * 7 * 8 }, (_, t) => 100 + 50 * Math.sin((2 * Math.PI * t) / 24));
  assert.deepEqual(mstlPeriods(24, daily), [24]);
  assert.deepEqual(mstlPeriods(12, daily.slice(0, 100)), [12]);
  assert.deepEqual(mstlPeriods(1, daily.slice(0, 100)), []);
  const origin = 24 * 7 * 7 + 24 * rng.int(0, 6);
  const f = baselineForecast('mstl', y, origin, 24, 24);
  const mae = f.reduce((a, v, k) => a + Math.abs(v - y[origin + k]!), 0) / 24;
  assert.ok(mae < 2, `seed ${rng.seed}: MAE ${mae.toFixed(2)} over the day after hour ${origin}`);
});

test('MSTL without a usable season (period 1, or under two seasons) is AutoETS: a line stays a line', () => {
  const y = Array.from({ length: 40 }, (_, t) => 50 + 2 * t);
  for (const [origin, season] of [
    [30, 1],
    [30, 24],
  ] as const) {
    const f = baselineForecast('mstl', y, origin, 5, season);
    for (let k = 0; k < 5; k++)
      assert.ok(
        Math.abs(f[k]! - y[origin + k]!) < 0.5,
        `season ${season}, step ${k}: ${f[k]} vs ${y[origin + k]}`,
      );
  }
});

test('MAE, RMSE, sMAPE and MASE overall and per step', () => {
  // Two origins × two steps: errors 1, 2 | 0, 4.
  const actual = [10, 20, 30, 40];
  const forecast = [11, 18, 30, 44];
  const scale = maseScale([1, 3, 6, 10], 1); // mean of 2, 3, 4 = 3
  close(scale, 3);
  const s = horizonScores(actual, forecast, 2, scale);
  close(s.overall.mae, 7 / 4);
  close(s.overall.rmse, Math.sqrt((1 + 4 + 0 + 16) / 4));
  close(s.overall.mase, 7 / 4 / 3);
  close(s.overall.smape, ((200 * 1) / 21 + (200 * 2) / 38 + 0 + (200 * 4) / 84) / 4);
  close(s.byStep[0]!.mae, 0.5);
  close(s.byStep[1]!.mae, 3);
});

test('multi-step inverse of log + seasonal difference + difference uses the forecasts of the steps between', () => {
  const rng = seededRng();
  const n = 30;
  const y = Array.from({ length: n }, (_, t) => 50 + t + 5 * Math.sin(t) + rng.uniform());
  const s = { log: true, difference: 1, seasonalDifference: 4 };
  const step = new SeriesValues({ valueColumn: 'v', ...s });
  const batch = step.transform(rawBatch(new Frame({ v: Float64Array.from(y) }), 'test'));
  const origin = 20;
  const zHat = [0.01, -0.02, 0.03];
  const out = step.invert({ values: Float64Array.from(zHat), width: 3 }, { ...batch, rows: [origin] }).values;
  // By hand: l = log y; z[t] = (l[t] − l[t−4]) − (l[t−1] − l[t−5]), so l̂[t] = z + l[t−1] + l[t−4] − l[t−5],
  // with the forecasts standing in for the values at or after the origin.
  const l = y.map(Math.log);
  const lh: number[] = [];
  const L = (i: number): number => (i < origin ? l[i]! : lh[i - origin]!);
  for (let k = 0; k < 3; k++) lh.push(zHat[k]! + L(origin + k - 1) + L(origin + k - 4) - L(origin + k - 5));
  lh.forEach((v, k) => close(out[k]!, Math.exp(v), 1e-12));
  assert.ok(rng.seed >= 0);
});

test('recursion: state equals the network run over the window followed by its own forecasts (seeded)', () => {
  const rng = seededRng();
  const model = sequential(
    [
      layers.lstm({ units: 5, returnSequences: true }),
      layers.dropout({ rate: 0.3 }),
      layers.gru({ units: 4 }),
      layers.dense({ units: 3, activation: 'tanh' }),
      layers.dense({ units: 1 }),
    ],
    { seed: rng.int(0, 1e6) },
  );
  const [n, w, H] = [3, 6, 5];
  model.build([null, w, 1]);
  const x = { data: rng.floats(n * w, -1, 1), shape: [n, w, 1] };
  const f = modelForecasts(model, x, H, 'recursive', 'state');
  // The reference: predict on the growing sequence (window, then the forecasts so far), from zero state.
  for (let i = 0; i < n; i++) {
    const seq = Array.from(x.data.subarray(i * w, (i + 1) * w));
    for (let k = 0; k < H; k++) {
      const p = model.predict({ data: Float32Array.from(seq), shape: [1, seq.length, 1] }).data[0]!;
      assert.ok(
        Math.abs(f[i * H + k]! - p) < 1e-5,
        `seed ${rng.seed}, series ${i}, step ${k}: ${f[i * H + k]} vs ${p}`,
      );
      seq.push(f[i * H + k]!);
    }
  }
  // One step ahead, both recursions read the same window.
  assert.deepEqual(
    Array.from(modelForecasts(model, x, 1, 'recursive', 'state')),
    Array.from(modelForecasts(model, x, 1, 'recursive')),
  );
  assert.throws(
    () =>
      modelForecasts(
        sequential([layers.bidirectional({ layer: layers.gru({ units: 2 }) }), layers.dense({ units: 1 })], {
          seed: 1,
        }),
        x,
        2,
        'recursive',
        'state',
      ),
    /recursion: state needs recurrent layers .* this model is Bidirectional → Dense: use recursion: window/,
  );
});

test('recursion: state through one LSTM or SimpleRNN under a linear head (run as one folded kernel call) equals the network run on its own forecasts (seeded)', () => {
  const rng = seededRng();
  const models = [
    [
      layers.lstm({ units: 6 }),
      layers.dropout({ rate: 0.2 }),
      layers.dense({ units: 3 }),
      layers.dense({ units: 1 }),
    ],
    [
      layers.lstm({ units: 4, useBias: false, activation: 'relu' }),
      layers.dense({ units: 1, useBias: false }),
    ],
    [layers.simpleRnn({ units: 5 }), layers.dense({ units: 1 })],
  ];
  const [n, w, H] = [4, 5, 7];
  for (const stack of models) {
    const model = sequential(stack, { seed: rng.int(0, 1e6) });
    model.build([null, w, 1]);
    // Weights well away from zero, so that a wrong fold would show.
    for (const l of model.layers) for (const v of l.weights) v.data.set(rng.floats(v.size, -0.6, 0.6));
    const x = { data: rng.floats(n * w, -1, 1), shape: [n, w, 1] };
    const f = modelForecasts(model, x, H, 'recursive', 'state');
    for (let i = 0; i < n; i++) {
      const seq = Array.from(x.data.subarray(i * w, (i + 1) * w));
      for (let k = 0; k < H; k++) {
        const p = model.predict({ data: Float32Array.from(seq), shape: [1, seq.length, 1] }).data[0]!;
        assert.ok(
          Math.abs(f[i * H + k]! - p) < 1e-5 * Math.max(1, Math.abs(p)),
          `seed ${rng.seed}, ${model.layers.map((l) => l.className).join(' → ')}, series ${i}, step ${k}: ${f[i * H + k]} vs ${p}`,
        );
        seq.push(f[i * H + k]!);
      }
    }
  }
});

test('recursive strategy: each step feeds the last forecast back into the window', () => {
  // A "model" that predicts the mean of its window.
  const model = {
    predict: (x: { data: Float32Array; shape: number[] }) => {
      const [n, w] = x.shape as [number, number];
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) for (let k = 0; k < w; k++) out[i]! += x.data[i * w + k]! / w;
      return { data: out };
    },
  };
  const x = { data: Float32Array.of(1, 2, 3, 10, 20, 30), shape: [2, 3, 1] };
  const f = modelForecasts(model as never, x, 3, 'recursive');
  const expect = (w: number[]): number[] => {
    const out: number[] = [];
    const win = [...w];
    for (let k = 0; k < 3; k++) {
      const m = win.reduce((a, b) => Math.fround(a + b / 3), 0);
      out.push(m);
      win.shift();
      win.push(m);
    }
    return out;
  };
  assert.deepEqual(Array.from(f), [...expect([1, 2, 3]), ...expect([10, 20, 30])]);
});

test('direct forecasts through a pipeline: origins select their windows; too few origins is a clear error', () => {
  const y = Float64Array.from({ length: 40 }, (_, t) => t);
  const pipeline = new Pipeline([
    ['values', new SeriesValues({ valueColumn: 'v', log: false, difference: 1, seasonalDifference: 0 })],
    ['windows', new SeriesWindows({ windowSize: 5, horizon: 2 })],
  ]);
  const batch = pipeline.fitTransform(rawBatch(new Frame({ v: y }), 'test')) as RowBatch;
  assert.deepEqual(denseX(batch, 'test').shape, [40 - 1 - 5 - 2 + 1, 5, 1]);
  // A model that forecasts a difference of 1 per step gives the line back.
  const model = {
    predict: (x: { shape: number[] }) => ({ data: new Float32Array(x.shape[0]! * 2).fill(1) }),
  };
  const pred = forecastFrom(model as never, pipeline, batch, [20, 30], 2);
  assert.deepEqual(Array.from(pred.values), [20, 21, 30, 31]);
  assert.deepEqual(backtestOrigins(40, 2, 3, 5, 20), [28, 33, 38]);
  assert.throws(() => backtestOrigins(40, 2, 5, 5, 20), /at most 4 origins/);
});

test('conformal intervals cover the nominal share of held-out residuals of known noise (±3 points)', () => {
  const rng = seededRng();
  const H = 4;
  const origins = 3000;
  // Residuals grow with the step (σ = 1 + k), Gaussian by Box–Muller.
  const res = new Float64Array(origins * H);
  for (let i = 0; i < res.length; i++) {
    const g = Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
    res[i] = g * (1 + (i % H));
  }
  for (const row of measureCoverage(res, H, [0.8, 0.95])) {
    assert.ok(
      Math.abs(row.empirical - row.nominal) < 0.03,
      `seed ${rng.seed}: nominal ${row.nominal}, empirical ${row.empirical}`,
    );
  }
  assert.deepEqual(conformalQuantile([4, 1, 3, 2], 0.5), { value: 3, exact: true });
  assert.equal(conformalQuantile([1, 2, 3], 0.95).exact, false);
});

test('intervals that cover far less than asked on the held-out origins are said; ones that hold are not', () => {
  const rng = seededRng();
  const H = 6;
  const origins = 200;
  const gauss = (): number =>
    Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
  // The same noise throughout: within sampling error of nominal (100 calibration origins: the 80%
  // level's coverage has a standard deviation of about 0.02 here), nothing said.
  const steady = Float64Array.from({ length: origins * H }, gauss);
  assert.equal(coverageShortfall(measureCoverage(steady, H, [0.8, 0.95])), undefined, `seed ${rng.seed}`);
  // Errors three times as wide after the calibration origins (a crash in the test part): a normal
  // 80% interval then holds P(|z| < 1.28 / 3) ≈ 33%, the 95% one P(|z| < 1.96 / 3) ≈ 49%.
  const grown = Float64Array.from(
    { length: origins * H },
    (_, i) => gauss() * (i < (origins / 2) * H ? 1 : 3),
  );
  const rows = measureCoverage(grown, H, [0.8, 0.95]);
  const note = coverageShortfall(rows);
  assert.ok(
    rows.every((r) => r.empirical < r.nominal - 0.2),
    `seed ${rng.seed}: ${JSON.stringify(rows)}`,
  );
  assert.match(
    note ?? '',
    /^the 80% interval covered [\d.]+% and the 95% interval covered [\d.]+% of the steps of the last 100 origins \(calibrated on the 100 before them\): the later origins erred more/,
  );
  // The other way (sunspots' 80% interval held 98.3%): errors a third as wide after calibration. The
  // 80% interval then holds P(|z| < 3 × 1.28) ≈ 100%; the 95% one cannot go 10 points over.
  assert.equal(coverageExcess(measureCoverage(steady, H, [0.8, 0.95])), undefined, `seed ${rng.seed}`);
  const shrunk = Float64Array.from(
    { length: origins * H },
    (_, i) => gauss() * (i < (origins / 2) * H ? 1 : 1 / 3),
  );
  assert.match(
    coverageExcess(measureCoverage(shrunk, H, [0.8, 0.95])) ?? '',
    /^the 80% interval covered (99|100)(\.\d)?% of the steps of the last 100 origins: the later origins erred less than the earlier ones, so the intervals may be wider/,
    `seed ${rng.seed}`,
  );
  assert.equal(coverageShortfall(measureCoverage(shrunk, H, [0.8, 0.95])), undefined);
});

test('too few origins for a coverage: said, with the count that gives each level its own quantile', () => {
  const rng = seededRng();
  const levels = [0.8, 0.95];
  // The first origin count at which halfWidths is exact for every level, found by halfWidths itself.
  let enough = 0;
  for (let n = 1; n <= 30; n++) {
    const res = Float64Array.from({ length: n }, () => rng.uniform() + 0.1);
    const { widths, exact } = halfWidths(res, 1, levels, [...Array(n).keys()]);
    if (exact && !enough) enough = n;
    const note = intervalShortfall(n, levels, (needed) => `use ${needed}`);
    assert.equal(note === undefined, exact, `seed ${rng.seed}, ${n} origins: ${note}`);
    if (!note) continue;
    // The 80% and 95% bounds are called the same exactly when halfWidths gives them one width.
    assert.equal(note.includes('are the same'), widths[0]![0] === widths[1]![0], `${n} origins: ${note}`);
    assert.match(note, new RegExp(`^${n} backtest origins are too few .*; use \\d+$`));
  }
  assert.equal(enough, 19); // ⌈20 × 0.95⌉ = 19 ≤ 19
  assert.match(
    intervalShortfall(6, levels, (k) => `use ${k}`)!,
    /; use 19$/,
  );
});

test('rows that repeat a timestamp merge into one: mean (NaN skipped), sum, first, last', () => {
  const frame = new Frame({
    t: ['2024-10-27 01:00', '2024-10-27 02:00', '2024-10-27 02:00', '2024-10-27 02:00', '2024-10-27 03:00'],
    load: Float64Array.of(1, 2, NaN, 6, 5),
    site: ['a', 'b', 'c', 'd', 'e'],
  });
  const load = (how: 'mean' | 'sum' | 'first' | 'last'): number[] =>
    Array.from(mergeDuplicateTimes(frame, 't', how).frame.column('load') as Float64Array);
  assert.deepEqual(load('mean'), [1, 4, 5]);
  assert.deepEqual(load('sum'), [1, 8, 5]);
  assert.deepEqual(load('first'), [1, 2, 5]);
  assert.deepEqual(load('last'), [1, 6, 5]);
  const merged = mergeDuplicateTimes(frame, 't', 'mean');
  assert.equal(merged.merged, 2);
  assert.deepEqual(merged.frame.column('site'), ['a', 'b', 'e']);
  assert.equal(mergeDuplicateTimes(frame, 't', 'error').frame, frame);
  assert.throws(() => inferFrequency(frame.column('t') as string[]), /data\.duplicates: mean \| sum/);
  assert.equal(inferFrequency(merged.frame.column('t') as string[]).name, 'hourly');
});

test("business days: a market's weekdays are one step apart across weekends; forecasts skip Saturdays and Sundays", () => {
  const rng = seededRng();
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  // Weekdays from a random Monday in 2001–2030, weekends left out, as a closing-price export has them.
  const monday = new Date(Date.UTC(2001, 0, 1) + 7 * rng.int(0, 1500) * 86_400_000);
  const days: string[] = [];
  for (let k = 0; days.length < 30; k++) {
    const d = new Date(monday.getTime() + k * 86_400_000);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.push(iso(d));
  }
  const msg = `seed ${rng.seed}, from ${days[0]}`;
  const freq = inferFrequency(days);
  assert.equal(freq.name, 'business-daily', msg);
  // The 30th weekday from a Monday is a Friday: next come Monday and Tuesday.
  const next = nextTimes(new Date(days.at(-1)!), freq, 3).map((d) => formatTime(d, freq));
  assert.deepEqual(
    next.map((d) => new Date(d).getUTCDay()),
    [1, 2, 3],
    msg,
  );
  assert.equal((new Date(next[0]!).getTime() - new Date(days.at(-1)!).getTime()) / 86_400_000, 3, msg);
  // A holiday (one weekday missing) is a gap of one business day; filling adds that day only.
  const holiday = days.filter((_, i) => i !== 12);
  assert.throws(
    () => inferFrequency(holiday),
    /a gap \(1 missing step\(s\)\).*the other steps are 1 business day/,
  );
  const frame = Frame.fromColumns({ t: holiday, v: holiday.map((_, i) => i) });
  const filled = fillGaps(frame, 't', 'interpolate');
  assert.equal(filled.filled, 1, msg);
  assert.deepEqual((filled.frame.column('t') as Date[]).map(iso), days, msg);
  // Mondays a week apart are weekly, and days that include weekends are daily.
  assert.equal(inferFrequency(days.filter((d) => new Date(d).getUTCDay() === 1)).name, 'weekly');
  assert.equal(inferFrequency(['2024-01-05', '2024-01-06', '2024-01-07', '2024-01-08']).name, 'daily');
});

test('readings 10 or 20 ms apart (100 Hz, 50 Hz) are every 10 or 20 ms, even within the first minute of a month', () => {
  // A phone's accelerometer from midnight on 1 January: every timestamp is on the 1st at 00:00, which
  // made a monthly axis ("every 0 months", a forecast dated 2024-01-01).
  const rng = seededRng();
  for (const ms of [10, 20]) {
    const t0 = Date.UTC(2024, rng.int(0, 12), 1);
    const times = Array.from({ length: 2000 }, (_, i) =>
      new Date(t0 + i * ms).toISOString().replace('T', ' ').slice(0, 23),
    );
    const freq = inferFrequency(times);
    assert.equal(freq.name, `every ${ms} ms`, `seed ${rng.seed}`);
    assert.equal(
      formatTime(nextTimes(new Date(`${times.at(-1)!.replace(' ', 'T')}Z`), freq, 1)[0]!, freq),
      new Date(t0 + 2000 * ms).toISOString().replace('.000Z', 'Z'),
    );
  }
});

test("month, quarter and year ends (pandas' ME, economic series) are monthly, quarterly, yearly; a gap in them is a gap; the next stamps are month ends", () => {
  const rng = seededRng();
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  // The last day of month m counted from January 1990: day 0 of the month after (independent of time.ts).
  const end = (m: number): string => iso(new Date(Date.UTC(1990, m + 1, 0)));
  const start = rng.int(0, 400);
  const msg = `seed ${rng.seed}, from ${end(start)}`;
  const months = Array.from({ length: 30 }, (_, k) => end(start + k));
  const freq = inferFrequency(months);
  assert.equal(freq.name, 'monthly', msg);
  assert.deepEqual(
    nextTimes(new Date(months.at(-1)!), freq, 3).map((d) => formatTime(d, freq)),
    [end(start + 30), end(start + 31), end(start + 32)],
    msg,
  );
  assert.deepEqual(nextTimes(new Date('2024-01-31'), freq, 1).map(iso), ['2024-02-29'], 'leap year');
  const quarters = Array.from({ length: 12 }, (_, k) => end(3 * k + 2));
  assert.equal(inferFrequency(quarters).name, 'quarterly');
  assert.equal(inferFrequency(Array.from({ length: 5 }, (_, k) => end(12 * k + 11))).name, 'yearly');
  assert.throws(
    () => inferFrequency(months.filter((_, k) => k !== 7)),
    /a gap \(1 missing step\(s\)\).*the other steps are 1 month/,
    msg,
  );
  const filled = fillGaps(
    Frame.fromColumns({ t: months.filter((_, k) => k !== 7), v: Array.from({ length: 29 }, (_, k) => k) }),
    't',
    'interpolate',
  );
  assert.deepEqual((filled.frame.column('t') as Date[]).map(iso), months, msg);
  // The 30th of each month is no month end (nor are days that merely include one).
  assert.notEqual(inferFrequency(['2021-01-30', '2021-01-31', '2021-02-01']).name, 'monthly');
});

test('frequency of a time column, the timestamps after it, and where it breaks', () => {
  assert.equal(inferFrequency(['1949-01', '1949-02', '1949-03']).name, 'monthly');
  assert.equal(inferFrequency(['2010-01-01 00:00', '2010-01-01 01:00', '2010-01-01 02:00']).name, 'hourly');
  const daily = inferFrequency([new Date('1981-01-01'), new Date('1981-01-02'), new Date('1981-01-03')]);
  assert.equal(daily.name, 'daily');
  const monthly = inferFrequency(['1960-10', '1960-11', '1960-12']);
  assert.deepEqual(
    nextTimes(new Date('1960-12-01'), monthly, 2).map((d) => formatTime(d, monthly)),
    ['1961-01-01', '1961-02-01'],
  );
  assert.deepEqual(
    nextTimes(new Date('1990-12-31'), daily, 1).map((d) => formatTime(d, daily)),
    ['1991-01-01'],
  );
  assert.throws(
    () => inferFrequency(['1981-01-01', '1981-01-02', '1981-01-04', '1981-01-05']),
    /a gap \(1 missing step\(s\)\) between rows 2 and 3 .*1981-01-02.*1981-01-04/,
  );
  assert.throws(
    () => inferFrequency(['1981-01-01', '1981-01-02', '1981-01-02']),
    /rows 2 and 3 have the same timestamp/,
  );
  assert.throws(
    () => inferFrequency(['1981-01-01', 'soon', '1981-01-03']),
    /row 2 has "soon", which is not a timestamp/,
  );
});

test('the backtest verdict is against seasonal naive, or naive when the season is 1 (the same forecast, named so)', () => {
  // Noise of at most 0.5 and a level that moves by 1 every other year: every seasonal-naive error
  // is at least 0.5, so the model's 0.1 wins on every origin whatever the draw (the old uniform
  // noise of up to 1 let seasonal naive win one origin now and then).
  const rng = seededRng();
  const y = Float64Array.from(
    { length: 120 },
    (_, t) => 10 + 3 * Math.sin((2 * Math.PI * t) / 12) + 0.5 * rng.uniform() + (Math.floor(t / 12) % 2),
  );
  const origins = [96, 100, 104, 108];
  const forecast = Float64Array.from(
    { length: origins.length * 6 },
    (_, i) => y[origins[Math.floor(i / 6)]! + (i % 6)]! + 0.1,
  );
  const run = (season: number) =>
    scoreBacktest(y, origins, forecast, {
      horizon: 6,
      season,
      trainEnd: 96,
      baselines: ['naive', 'seasonalNaive'],
    });
  const seasonal = run(12);
  assert.equal(seasonal.wins.against, 'seasonalNaive');
  assert.match(verdict(seasonal), /^beats seasonal naive on 4 of 4 origins/, `seed ${rng.seed}`);
  const plain = run(1);
  assert.equal(plain.wins.against, 'naive');
  assert.match(verdict(plain), /^beats naive on 4 of 4 origins/, `seed ${rng.seed}`);
  assert.doesNotMatch(verdict(plain), /does better/);
});

test('a verdict never prints a tie between different scores (co2: "MASE 0.26 vs 0.26")', () => {
  assert.equal(versus(0.258, 0.2597), '0.258 vs 0.260');
  assert.equal(versus(0.83, 1), '0.83 vs 1.00');
  assert.equal(versus(1.25, 1.25), '1.25 vs 1.25');
  assert.equal(versus(0.70001, 0.70002), '0.7000 vs 0.7000', 'at most 4 decimals');
});

test('the verdict names another baseline that forecasts better than the model', () => {
  // A straight line: drift extrapolates it exactly; the model follows half the slope, naive none.
  const slope = 1 + seededRng().uniform();
  const y = Float64Array.from({ length: 60 }, (_, t) => 5 + slope * t);
  const origins = [40, 44, 48];
  const H = 4;
  const forecast = Float64Array.from({ length: origins.length * H }, (_, i) => {
    const t = origins[Math.floor(i / H)]!;
    return y[t - 1]! + 0.5 * slope * ((i % H) + 1);
  });
  const options = { horizon: H, season: 1, trainEnd: 40, baselines: ['naive', 'drift'] as const };
  const bt = scoreBacktest(y, origins, forecast, options);
  // MASE is scaled by the in-sample naive error (slope): model 0.5·mean(1..4) = 1.25, naive 2.5, drift 0.
  assert.equal(
    verdict(bt),
    'drift does better than the model (MASE 0.00 vs 1.25); it beats naive on 3 of 3 origins (MASE 1.25 vs 2.50, better overall)',
  );
  // Constant over its training part (a job nobody held until the census of 1950): no in-sample
  // error to scale by, so MAE compares them. By hand: from origin 40 the series is 3 for 4 steps;
  // naive and drift say 0, the model 1: MAE 2 against 3.
  const flat = Float64Array.from({ length: 44 }, (_, t) => (t < 40 ? 0 : 3));
  const closed = scoreBacktest(flat, [40], new Float64Array(H).fill(1), options);
  assert.equal(
    verdict(closed),
    'beats naive on 1 of 1 origins (MAE 2.00 vs 3.00, better overall; no MASE: the series is constant over its training part)',
  );
});

test('a series keyed by integer years forecasts years (2024, not 2024-01-01), and its charts label them so', () => {
  const years = Float64Array.from({ length: 40 }, (_, i) => 1980 + i);
  const step = new SeriesValues({
    valueColumn: 'v',
    timeColumn: 'year',
    log: false,
    difference: 0,
    seasonalDifference: 0,
  });
  step.fit(rawBatch(new Frame({ year: years, v: Float64Array.from(years, (y) => y / 100) }), 't'));
  const freq = step.frequency!;
  assert.deepEqual([freq.name, freq.written], ['yearly', 'year']);
  assert.deepEqual(
    nextTimes(new Date(Date.UTC(2019, 0, 1)), freq, 2).map((d) => formatTime(d, freq)),
    ['2020', '2021'],
  );
  // Dates written as dates stay dates; the saved step keeps how the years were written.
  const dated = new SeriesValues({
    valueColumn: 'v',
    timeColumn: 't',
    log: false,
    difference: 0,
    seasonalDifference: 0,
  });
  dated.fit(rawBatch(new Frame({ t: Array.from(years, (y) => new Date(Date.UTC(y, 0, 1))), v: years }), 't'));
  assert.equal(formatTime(new Date(Date.UTC(2020, 0, 1)), dated.frequency!), '2020-01-01');
  assert.equal((SeriesValues.fromJSON(step.toJSON()) as SeriesValues).frequency?.written, 'year');
  const axis = timeAxis(['1880', '1881', '2023']);
  assert.deepEqual(axis.x, {
    field: 'time',
    type: 'quantitative',
    title: 'Time',
    scale: { zero: false },
    axis: { format: 'd' },
  });
});

test('the AR baseline: a cycle that is no calendar season is continued; an AR(2) process is forecast by its own recursion (seeded)', () => {
  const rng = seededRng();
  // An undamped 11-step cycle about a level (sunspots' shape, season 1): y[t] = 2cos(ω) y[t−1] − y[t−2] + c.
  const w = (2 * Math.PI) / 11;
  const phase = rng.uniform() * 6;
  const cycle = Float64Array.from({ length: 200 }, (_, t) => 50 + 40 * Math.sin(w * t + phase));
  const f = autoregression(cycle, 180, 11);
  f.forEach((v, h) =>
    assert.ok(Math.abs(v - cycle[180 + h]!) < 1e-4, `seed ${rng.seed}, step ${h}: ${v} vs ${cycle[180 + h]}`),
  );
  // A noisy AR(2): the first step is the true recursion's give or take the estimation error.
  const gauss = (): number =>
    Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
  const y = new Float64Array(3000);
  for (let t = 2; t < y.length; t++) y[t] = 2 + 0.6 * y[t - 1]! - 0.3 * y[t - 2]! + gauss();
  const one = autoregression(y, y.length, 1)[0]!;
  const truth = 2 + 0.6 * y[y.length - 1]! - 0.3 * y[y.length - 2]!;
  assert.ok(Math.abs(one - truth) < 0.25, `seed ${rng.seed}: ${one} vs ${truth}`);
  // Too short for one lag: the last value.
  assert.deepEqual(Array.from(autoregression([1, 2, 3], 3, 2)), [3, 3]);
});

/**
 * data.resample: rows at irregular times (transactions, events) gathered into regular periods, against
 * hand-computed totals and means; init proposes it for an event log; a saved model resamples new rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Frame } from '../../src/data/frame.js';
import {
  fillInOrder,
  frequencyName,
  nearestMarks,
  newestFirst,
  regularTimes,
  resampleTimes,
} from '../../src/data/time.js';
import { SeriesValues } from '../../src/data/preprocessing/series-steps.js';
import { stepFromJSON } from '../../src/data/preprocessing/step.js';
import { inferRoles } from '../../src/experiments/infer.js';
import { validateConfig } from '../../src/experiments/config.js';
import { initConfig } from '../../src/experiments/init-config.js';
import { prepareData } from '../../src/experiments/prepare.js';
import { Predictor } from '../../src/serve/predictor.js';
import { seqlab } from '../e2e/helpers.js';
import { seededRng } from '../helpers/rng.js';

const at = (iso: string): Date => new Date(`${iso}Z`);
const iso = (f: Frame, c = 't'): string[] =>
  (f.column(c) as Date[]).map((d) => d.toISOString().replace('T00:00:00.000Z', ''));

test('totals and counts per day (an empty day is 0), means per day (an empty day left for the gap fill)', () => {
  const f = Frame.fromColumns({
    t: [at('2024-01-01T09:00'), at('2024-01-01T17:30'), at('2024-01-03T08:00'), at('2024-01-04T23:59')],
    amount: [10, 5, 7, 1],
    shop: ['a', 'b', 'a', 'c'],
  });
  const sum = resampleTimes(f, 't', { every: 'day', how: 'sum' }, 'x.csv');
  assert.deepEqual(iso(sum), ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04']);
  assert.deepEqual(Array.from(sum.numeric('amount')), [15, 0, 7, 1]);
  assert.deepEqual(
    sum.column('shop'),
    ['a', 'a', 'a', 'c'],
    "a text column: the period's first value, or the one before",
  );
  const count = resampleTimes(f, 't', { every: 'day', how: 'count' }, 'x.csv');
  assert.deepEqual(Array.from(count.numeric('amount')), [2, 0, 1, 1]);
  assert.deepEqual(
    Array.from(count.numeric('count')),
    [2, 0, 1, 1],
    'the rows per day, in a column of its own',
  );
  // Counts the input already holds (one row a day, as POST /forecast sends them) add up.
  const counted = resampleTimes(count, 't', { every: 'day', how: 'count' }, 'x.csv');
  assert.deepEqual(Array.from(counted.numeric('count')), [2, 0, 1, 1]);
  const max = resampleTimes(f, 't', { every: 'day', how: 'max' }, 'x.csv');
  assert.deepEqual(Array.from(max.numeric('amount')), [10, 7, 1]);
  assert.deepEqual(
    Array.from(resampleTimes(f, 't', { every: 'day', how: 'min' }, 'x').numeric('amount')),
    [5, 7, 1],
  );
  // Only a series has periods: on a table the keys are refused, not ignored.
  assert.throws(
    () =>
      validateConfig({
        data: { source: 'x.csv', type: 'table', label: 'y', resample: { every: 'day', how: 'sum' } },
      }),
    /data.resample: resample and trainPartOnly apply to a series/,
  );
  const mean = resampleTimes(f, 't', { every: 'day', how: 'mean' }, 'x.csv');
  assert.deepEqual(iso(mean), ['2024-01-01', '2024-01-03', '2024-01-04']);
  assert.deepEqual(Array.from(mean.numeric('amount')), [7.5, 7, 1]);
  // The gap fill then interpolates the empty day.
  const notes: string[] = [];
  const filled = regularTimes(
    f,
    't',
    { fill: 'interpolate', duplicates: 'error', resample: { every: 'day', how: 'mean' } },
    'x',
    notes,
  );
  assert.deepEqual(Array.from(filled.numeric('amount')), [7.5, 7.25, 7, 1]);
  // Made-up values are said (the report's row count includes them).
  assert.deepEqual(notes, ['x: 1 missing step(s) filled (data.fill: interpolate), 25.0% of the 4 steps']);
  // Weeks start on Monday (2024-01-01 is one), months on the first, in UTC.
  const weeks = resampleTimes(f, 't', { every: 'week', how: 'sum' }, 'x.csv');
  assert.deepEqual(iso(weeks), ['2024-01-01']);
  const g = Frame.fromColumns({ t: [at('2023-12-31T23:00'), at('2024-02-10T00:00')], v: [1, 2] });
  assert.deepEqual(iso(resampleTimes(g, 't', { every: 'week', how: 'sum' }, 'x')).slice(0, 2), [
    '2023-12-25',
    '2024-01-01',
  ]);
  assert.deepEqual(iso(resampleTimes(g, 't', { every: 'month', how: 'sum' }, 'x')), [
    '2023-12-01',
    '2024-01-01',
    '2024-02-01',
  ]);
  assert.throws(
    () =>
      resampleTimes(Frame.fromColumns({ t: ['soon'], v: [1] }), 't', { every: 'day', how: 'sum' }, 'x.csv'),
    /x.csv: row 1: "soon" is not a timestamp/,
  );
});

test('a last period cut short by the export is left out of totals, and said; a mean keeps it', () => {
  const rng = seededRng();
  const times: Date[] = [];
  for (let d = 0; d < 10; d++)
    for (let k = 0; k < 8; k++) times.push(new Date(Date.UTC(2024, 0, 1 + d, 8 + k, rng.int(0, 60))));
  times.push(new Date(Date.UTC(2024, 0, 11, 0, 5))); // one sale of the 11th, then the export
  const f = Frame.fromColumns({ t: times, amount: times.map(() => 1 + rng.int(0, 9)) });
  const notes: string[] = [];
  const days = resampleTimes(f, 't', { every: 'day', how: 'sum' }, 'x', notes);
  assert.equal(days.nRows, 10, `seed ${rng.seed}`);
  assert.deepEqual(notes, [
    'the last day (from 2024-01-11) holds 1 row(s) against a median of 8: an incomplete period, left out',
  ]);
  assert.equal(resampleTimes(f, 't', { every: 'day', how: 'mean' }, 'x').nRows, 11);
});

test('init reads an event log as a daily series (sum for amounts, mean for measurements); the model keeps the rule', () => {
  const rng = seededRng();
  const times: Date[] = [];
  let t = Date.UTC(2024, 0, 1);
  while (t < Date.UTC(2024, 4, 1)) {
    t += Math.round(rng.uniform() * 6 * 3_600_000) + 60_000;
    times.push(new Date(t));
  }
  const amounts = times.map(() => Math.round(rng.uniform() * 5000) / 100);
  for (const [name, how] of [
    ['amount', 'sum'],
    ['temperature', 'mean'],
  ] as const) {
    const inf = inferRoles(Frame.fromColumns({ ts: times, [name]: amounts }));
    assert.equal(inf.task, 'forecasting', `seed ${rng.seed}`);
    assert.deepEqual(inf.resample, { every: 'day', how });
    assert.equal(inf.frequency?.name, 'daily');
  }
  // Rows at a few dates far apart (vega's cars.json: 406 cars at 13 model years, dated 1 January)
  // are a table with a date column: gathered into weeks, 614 of 627 were empty.
  const years = Array.from({ length: 400 }, (_, i) => new Date(Date.UTC(1970 + Math.floor(i / 31), 0, 1)));
  const cars = inferRoles(
    Frame.fromColumns({
      Year: years,
      weight: years.map(() => 1500 + rng.int(0, 3000)),
      mpg: amounts.slice(0, 400),
    }),
    { label: 'mpg' },
  );
  assert.equal(cars.dataType, 'table', `seed ${rng.seed}`);
  assert.equal(cars.resample, undefined);
  assert.equal(cars.task, 'regression');
  // A class per transaction (fraud) stays a table: the log is not gathered into periods.
  const fraud = inferRoles(
    Frame.fromColumns({ ts: times, amount: amounts, fraud: amounts.map((a) => (a > 45 ? 'yes' : 'no')) }),
  );
  assert.equal(fraud.dataType, 'table');
  assert.equal(fraud.resample, undefined);
  // Said as a table (the note said the log would be gathered into periods), its time of day read too.
  assert.match(fraud.notes.join('\n'), /'fraud' a class for each: a table, the time read as date features/);
  assert.doesNotMatch(fraud.notes.join('\n'), /gathered into/);
  const fraudFrame = Frame.fromColumns({
    ts: times,
    amount: amounts,
    fraud: amounts.map((a) => (a > 45 ? 'yes' : 'no')),
  });
  const fraudCfg = validateConfig(initConfig(fraud, fraudFrame, { source: 'a.csv', read: {} }).config);
  assert.deepEqual(fraudCfg.data.dateFeatures, ['month', 'dayOfWeek', 'hour']);
  const step = new SeriesValues({
    valueColumn: 'amount',
    timeColumn: 'ts',
    log: false,
    difference: 0,
    seasonalDifference: 0,
    resample: { every: 'day', how: 'sum' },
  });
  assert.deepEqual((stepFromJSON(step.toJSON()) as SeriesValues).timePolicy.resample, {
    every: 'day',
    how: 'sum',
  });

  // From the command line: train on the log, forecast daily totals from it.
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-resample-'));
  const csv = times.map((d, i) => `${d.toISOString().slice(0, 19).replace('T', ' ')},${amounts[i]}`);
  writeFileSync(join(dir, 'sales.csv'), `time,amount\n${csv.join('\n')}\n`);
  const run = join(dir, 'run');
  const r = seqlab(['train', join(dir, 'sales.csv'), '--out', run, '--epochs', '1', '-q']);
  assert.equal(r.status, 0, r.stderr);
  const f = seqlab(['forecast', run]);
  assert.equal(f.status, 0, f.stderr);
  const lines = f.stdout.trim().split('\n');
  assert.equal(lines[0], 'time,forecast,lower_80,upper_80,lower_95,upper_95'); // init asks for intervals
  assert.match(lines[1]!, /^2024-0[45]-\d\d,/, 'daily timestamps after the last day of the log');
});

test('an event log without a column of numbers: init forecasts the rows per day; forecasts from the log and from the counts agree', async () => {
  const rng = seededRng();
  const days = 70;
  const start = Date.UTC(2024, 2, 4); // a Monday
  // Orders a day: more on weekends, a few days without any; the last day a full one.
  const perDay = Array.from({ length: days }, (_, d) =>
    rng.uniform() < 0.05 && d < days - 1 ? 0 : 3 + Math.floor(rng.uniform() * 6) + ((d % 7) + 1 >= 6 ? 5 : 0),
  );
  const rows: string[] = [];
  perDay.forEach((n, d) => {
    const stamps = Array.from(
      { length: n },
      () => start + d * 86_400_000 + Math.floor(rng.uniform() * 86_399_000),
    );
    for (const t of stamps.sort((a, b) => a - b))
      rows.push(
        `${1000 + rows.length},${new Date(t).toISOString().slice(0, 19).replace('T', ' ')},${rng.uniform() < 0.5 ? 'web' : 'app'}`,
      );
  });
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-events-'));
  const log = join(dir, 'orders.csv');
  writeFileSync(log, `order_id,created_at,channel\n${rows.join('\n')}\n`);
  const cfg = join(dir, 'orders.yaml');
  const init = seqlab(['init', log, '--out', cfg]);
  assert.equal(init.status, 0, init.stderr);
  assert.match(init.stderr + init.stdout, /forecasting the number of rows in each day \('count'\)/);
  const run = join(dir, 'run');
  const r = seqlab(['train', cfg, '--out', run, '--epochs', '1', '-q']);
  assert.equal(r.status, 0, `seed ${rng.seed}: ${r.stderr}`);
  const f = seqlab(['forecast', run, '--format', 'jsonl']);
  assert.equal(f.status, 0, f.stderr);
  const fromLog = f.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { time: string; forecast: number });
  assert.equal(fromLog[0]!.time, new Date(start + days * 86_400_000).toISOString().slice(0, 10));
  // The counts per day, made here by hand, sent as POST /forecast sends a series: the same forecast.
  const predictor = await Predictor.load(run);
  const times = perDay.map((_, d) => new Date(start + d * 86_400_000).toISOString().slice(0, 10));
  const served = predictor.forecast(perDay, { times });
  served.forecast.forEach((v, k) =>
    assert.ok(
      Math.abs(v - fromLog[k]!.forecast) < 1e-6 * Math.max(1, Math.abs(v)),
      `step ${k + 1}: ${v} vs ${fromLog[k]!.forecast}`,
    ),
  );
  // predict on the log: one-step forecasts of each day's orders, the truth counted as training did.
  const p = seqlab(['predict', run, log]);
  assert.equal(p.status, 0, p.stderr);
  const known = p.stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
    .filter((r) => r[2] !== ''); // the last row forecasts the day after the log
  assert.ok(known.length > 20);
  for (const [, day, truth] of known) assert.equal(Number(truth), perDay[times.indexOf(day!)], day);
  // A file of counts per day with a column of its own named count reads the same.
  writeFileSync(
    join(dir, 'counts.csv'),
    `created_at,count\n${times.map((t, d) => `${t},${perDay[d]}`).join('\n')}\n`,
  );
  const fromCounts = seqlab(['forecast', run, '--data', join(dir, 'counts.csv'), '--format', 'jsonl']);
  assert.equal(fromCounts.status, 0, fromCounts.stderr);
  assert.deepEqual(fromCounts.stdout, f.stdout);
});

test("data.trainPartOnly (the tuner's backtest objective) ends every series where its test part starts, counted in steps", () => {
  // A log of 3 to 5 sales a day over 40 days, two shops: file rows are not steps, and a panel's rows
  // are several series (before, the tuner cut the file at trainEnd rows: 4 days of one shop here).
  const rng = seededRng();
  const rows: { ts: Date; shop: string; amount: number }[] = [];
  for (const shop of ['a', 'b'])
    for (let d = 0; d < 40; d++)
      for (let k = 0; k < 3 + rng.int(0, 3); k++)
        rows.push({ ts: new Date(Date.UTC(2024, 0, 1 + d, 9 + 2 * k)), shop, amount: 1 + rng.int(0, 20) });
  const config = (extra: Record<string, unknown>) =>
    validateConfig({
      data: {
        source: 'log.csv',
        type: 'series',
        time: 'ts',
        value: 'amount',
        resample: { every: 'day', how: 'sum' },
        split: { testSize: 0.25 },
        ...extra,
      },
      preprocessing: { series: { windowSize: 3 } },
      model: { layers: [{ type: 'dense', units: 1 }] },
      compile: { optimizer: 'adam', loss: 'mse' },
    });
  const one = Frame.fromColumns({
    ts: rows.filter((r) => r.shop === 'a').map((r) => r.ts),
    amount: rows.filter((r) => r.shop === 'a').map((r) => r.amount),
  });
  const full = prepareData({ frame: one, source: 'log.csv' }, config({}));
  const part = prepareData({ frame: one, source: 'log.csv' }, config({ trainPartOnly: true }));
  assert.equal(full.series!.length, 40, `seed ${rng.seed}`);
  assert.equal(part.series!.length, 30, 'the 30 days before the test part');
  assert.deepEqual(Array.from(part.series!), Array.from(full.series!.subarray(0, 30)));
  const panel = Frame.fromColumns({
    ts: rows.map((r) => r.ts),
    shop: rows.map((r) => r.shop),
    amount: rows.map((r) => r.amount),
  });
  const cut = prepareData(
    { frame: panel, source: 'log.csv' },
    config({ seriesId: 'shop', trainPartOnly: true }),
  );
  assert.deepEqual(
    cut.panel!.map((s) => s.part.batch.series!.y.length),
    [30, 30],
  );
});

test('rows newest first (finance sites) are read oldest first; rows merely out of order are not sorted', () => {
  const rng = seededRng();
  const n = 10 + rng.int(0, 40);
  const days = Array.from({ length: n }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000));
  const values = Array.from(rng.doubles(n, 0, 100));
  const f = Frame.fromColumns({ Date: [...days].reverse(), Price: [...values].reverse() });
  assert.equal(newestFirst(f.column('Date') as Date[]), true);
  const notes: string[] = [];
  const read = regularTimes(f, 'Date', { fill: 'error', duplicates: 'error' }, 'x.csv', notes);
  assert.deepEqual(Array.from(read.numeric('Price')), values, `seed ${rng.seed}`);
  assert.deepEqual(
    (read.column('Date') as Date[]).map((d) => d.getTime()),
    days.map((d) => d.getTime()),
  );
  assert.deepEqual(notes, ['x.csv: the rows are newest first: read oldest first']);
  // Oldest first, one date repeated at the top, a swap in the middle, a constant: not newest first.
  assert.equal(newestFirst(days), false);
  assert.equal(newestFirst([days[1], days[1], days[1]]), false);
  const swapped = [...days].reverse();
  [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
  assert.equal(newestFirst(swapped), false);
  assert.equal(newestFirst(['Dec 31, 2023', 'Dec 30, 2023', 'Dec 29, 2023']), true);
  assert.equal(newestFirst(['Dec 31, 2023', 'n/a', 'Dec 29, 2023']), false);
});

test('a series in row order keeps every row: missing values filled in place, never dropped', () => {
  const rng = seededRng();
  const y = Array.from(rng.doubles(60, 10, 20));
  const holes = [5, 6, 30];
  const given = y.map((v, i) => (holes.includes(i) ? NaN : v));
  const f = Frame.fromColumns({ col0: given });
  const lin = fillInOrder(f, ['col0'], 'interpolate', 'x.txt').numeric('col0');
  // Hand-computed: rows 5 and 6 a third and two thirds of the way from row 4 to row 7.
  assert.ok(Math.abs(lin[5]! - (y[4]! + (y[7]! - y[4]!) / 3)) < 1e-12, `seed ${rng.seed}`);
  assert.ok(Math.abs(lin[6]! - (y[4]! + (2 * (y[7]! - y[4]!)) / 3)) < 1e-12, `seed ${rng.seed}`);
  assert.ok(Math.abs(lin[30]! - (y[29]! + y[31]!) / 2) < 1e-12, `seed ${rng.seed}`);
  assert.equal(fillInOrder(f, ['col0'], 'forwardFill').numeric('col0')[6], y[4]);
  assert.throws(
    () => fillInOrder(f, ['col0'], 'error', 'x.txt'),
    /x\.txt: column 'col0' has no value in data row 6; a series read in row order has no time column .* set data\.fill: interpolate/,
  );
  // The ends stay missing (data.missing decides: dropping them shifts nothing).
  const ends = fillInOrder(Frame.fromColumns({ col0: [NaN, 1, NaN, 3, NaN] }), ['col0'], 'interpolate');
  assert.deepEqual(Array.from(ends.numeric('col0')), [NaN, 1, 2, 3, NaN]);
  // A run reads every row: 60 steps, the holes interpolated (before, they were dropped and every
  // later step moved up one).
  const config = validateConfig({
    data: {
      source: 'x.txt',
      type: 'series',
      missing: 'drop',
      fill: 'interpolate',
      split: { testSize: 0.25 },
    },
    preprocessing: { series: { windowSize: 3 } },
    model: { layers: [{ type: 'dense', units: 1 }] },
    compile: { optimizer: 'adam', loss: 'mse' },
  });
  const prepared = prepareData({ frame: f, source: 'x.txt' }, config);
  assert.equal(prepared.series!.length, 60);
  assert.deepEqual(Array.from(prepared.series!), Array.from(lin));
});

test('readings every 10 minutes whose timestamps wander: each on its nearest mark, not split across periods', () => {
  // Hand-computed: the offsets from the first reading's 10-minute grid are 0, -21, -9, -14, -5, -17
  // and +8 s; their median, -9 s, puts the grid at 00:00:03, rounded to the minute: 00:00.
  const t = ['00:00:12', '00:09:51', '00:20:03', '00:29:58', '00:50:07', '00:59:55', '01:00:20'].map((c) =>
    at(`2024-03-01T${c}`),
  );
  const f = Frame.fromColumns({ t, v: [1, 2, 3, 4, 5, 6, 7] });
  const minutes = (x: Frame): string[] => (x.column('t') as Date[]).map((d) => d.toISOString().slice(11, 16));
  assert.deepEqual(
    nearestMarks(
      t.map((d) => d.getTime()),
      600_000,
    ).map((m) => new Date(m).toISOString().slice(11, 19)),
    ['00:00:00', '00:10:00', '00:20:00', '00:30:00', '00:50:00', '01:00:00', '01:00:00'],
  );
  const near = resampleTimes(f, 't', { every: '10min', how: 'mean', align: 'nearest' }, 'x');
  assert.deepEqual(minutes(near), ['00:00', '00:10', '00:20', '00:30', '00:50', '01:00']);
  assert.deepEqual(Array.from(near.numeric('v')), [1, 2, 3, 4, 5, 6.5], 'two readings on 01:00 averaged');
  const filled = regularTimes(
    f,
    't',
    { fill: 'interpolate', duplicates: 'error', resample: { every: '10min', how: 'mean', align: 'nearest' } },
    'x',
  );
  assert.deepEqual(Array.from(filled.numeric('v')), [1, 2, 3, 4, 4.5, 5, 6.5], '00:40 had no reading');
  // Periods cut every 10 minutes (pandas' resample('10min')) put 00:09:51 with 00:00:12: half the
  // periods empty, neighbouring readings averaged.
  const cut = resampleTimes(f, 't', { every: '10min', how: 'mean' }, 'x');
  assert.deepEqual(minutes(cut), ['00:00', '00:20', '00:50', '01:00']);
  assert.deepEqual(Array.from(cut.numeric('v')), [1.5, 3.5, 5.5, 7]);
  // Multiples of hours and days start at the epoch's marks, as pandas' default origin.
  const two = resampleTimes(f, 't', { every: '2h', how: 'sum' }, 'x');
  assert.deepEqual(minutes(two), ['00:00']);
  assert.deepEqual(Array.from(two.numeric('v')), [28]);
  assert.equal(frequencyName('ms', 600_000), 'every 10 minutes');
  assert.equal(frequencyName('ms', 90_000), 'every 90 seconds');
  // The config: multiples as pandas writes them; nearest only on a fixed grid.
  const cfg = (resample: unknown) =>
    validateConfig({
      data: { source: 'x.csv', type: 'series', time: 't', value: 'v', resample },
      model: { layers: [{ type: 'dense', units: 1 }] },
      compile: { optimizer: 'adam', loss: 'mse' },
    });
  assert.deepEqual(cfg({ every: '15min', how: 'mean', align: 'nearest' }).data.resample, {
    every: '15min',
    how: 'mean',
    align: 'nearest',
  });
  assert.throws(() => cfg({ every: '10 minutes', how: 'mean' }), /a multiple such as '10min', '2h', '7d'/);
  assert.throws(() => cfg({ every: '0h', how: 'mean' }), /a multiple such as/);
  assert.throws(
    () => cfg({ every: 'month', how: 'mean', align: 'nearest' }),
    /align: nearest needs a fixed period/,
  );
});

test('init reads wandering readings as a regular series at their step; a 10-minute series gets a day-ahead recipe', () => {
  const rng = seededRng();
  const reading = (step: number, wander: number, n: number, drift = 0): Date[] => {
    const out: Date[] = [];
    for (let i = 0; i < n; i++) {
      if (rng.uniform() < 0.02) continue; // a missed reading
      out.push(
        new Date(Date.UTC(2024, 4, 1, 6) + i * (step + drift) + Math.round((rng.uniform() * 2 - 1) * wander)),
      );
    }
    return out;
  };
  const temps = (n: number): number[] =>
    Array.from({ length: n }, (_, i) => 20 + 3 * Math.sin(i / 20) + rng.uniform() - 0.5);
  const tenMin = reading(600_000, 30_000, 1000);
  const inf = inferRoles(Frame.fromColumns({ timestamp: tenMin, temp: temps(tenMin.length) }));
  assert.equal(inf.task, 'forecasting', `seed ${rng.seed}`);
  assert.deepEqual(inf.resample, { every: '10min', how: 'mean', align: 'nearest' }, `seed ${rng.seed}`);
  assert.equal(inf.frequency?.name, 'every 10 minutes');
  assert.match(inf.notes.join('\n'), /readings 10 minutes apart whose timestamps wander \(95% within \d+ s/);
  // An amount logged about once a day at varying hours: the day's total, not the mean of two sales.
  const sales = reading(86_400_000, 3 * 3_600_000, 120);
  const amounts = inferRoles(Frame.fromColumns({ ts: sales, amount: sales.map(() => rng.int(1, 50)) }));
  assert.deepEqual(amounts.resample, { every: '1d', how: 'sum', align: 'nearest' }, `seed ${rng.seed}`);
  const hourly = reading(3_600_000, 120_000, 400);
  const h = inferRoles(Frame.fromColumns({ timestamp: hourly, load: temps(hourly.length) }));
  assert.deepEqual(h.resample, { every: '1h', how: 'mean', align: 'nearest' }, `seed ${rng.seed}`);
  assert.equal(h.frequency?.name, 'hourly');
  // A clock that gains 40 s a reading leaves the grid within the hour: not readings on a grid, so
  // gathered into periods as events are.
  const drifting = reading(600_000, 0, 1000, 40_000);
  const d = inferRoles(Frame.fromColumns({ timestamp: drifting, temp: temps(drifting.length) }));
  assert.notEqual(d.resample?.align, 'nearest', `seed ${rng.seed}`);
  // The exact 10-minute series: a day-ahead recipe (96 steps from 192), the day as the season,
  // where it fell to the generic one (one step ahead, no season) when its step had no name.
  const exact = Array.from({ length: 2000 }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * 600_000));
  const e = Frame.fromColumns({ time: exact, temp: temps(2000) });
  const cfg = validateConfig(initConfig(inferRoles(e), e, { source: 'x.csv', read: {} }).config);
  assert.equal(cfg.forecast?.horizon, 96);
  assert.equal(cfg.preprocessing.series?.windowSize, 192);
  assert.equal(cfg.evaluation.seasonPeriod, 144);
  assert.deepEqual(cfg.data.covariates?.calendar, ['hour', 'dayOfWeek']);
  // And the wandering one is sized on its marks, with its resample kept in the config.
  const w = Frame.fromColumns({ timestamp: tenMin, temp: temps(tenMin.length) });
  const wCfg = validateConfig(initConfig(inf, w, { source: 'x.csv', read: {} }).config);
  assert.deepEqual(wCfg.data.resample, { every: '10min', how: 'mean', align: 'nearest' });
  assert.equal(wCfg.data.fill, 'interpolate');
  assert.equal(wCfg.forecast?.horizon, 96);
});

test('sensors that each log every 10 minutes give or take seconds: a panel, each reading on its nearest mark', () => {
  const rng = seededRng();
  const rows: { ts: Date; sensor: string; temp: number }[] = [];
  for (const sensor of ['north', 'south', 'east'])
    for (let i = 0; i < 600; i++)
      rows.push({
        ts: new Date(Date.UTC(2024, 4, 1) + i * 600_000 + rng.int(-40_000, 40_000)),
        sensor,
        temp: 15 + 5 * Math.sin((2 * Math.PI * i) / 144) + rng.uniform(),
      });
  rows.sort((a, b) => a.ts.getTime() - b.ts.getTime());
  const f = Frame.fromColumns({
    ts: rows.map((r) => r.ts),
    sensor: rows.map((r) => r.sensor),
    temp: rows.map((r) => r.temp),
  });
  const inf = inferRoles(f);
  assert.equal(inf.seriesId, 'sensor', `seed ${rng.seed}`);
  assert.deepEqual(inf.resample, { every: '10min', how: 'mean', align: 'nearest' });
  assert.equal(inf.frequency?.name, 'every 10 minutes');
  assert.match(
    inf.notes.join('\n'),
    /readings 10 minutes apart within each 'sensor' \(3 series of 600–600 readings\)/,
  );
  const cfg = validateConfig(initConfig(inf, f, { source: 's.csv', read: {} }).config);
  assert.equal(cfg.data.seriesId, 'sensor');
  assert.equal(cfg.forecast?.horizon, 96);
  assert.equal(
    cfg.evaluation.seasonPeriod,
    144,
    'sized on each series read on its marks (600), not the 1,800 rows',
  );
  // The run reads each sensor on its own grid: 600 marks each, the readings in file order.
  const prepared = prepareData({ frame: f, source: 's.csv' }, cfg);
  assert.deepEqual(
    prepared.panel!.map((s) => s.part.batch.frame.nRows),
    [600, 600, 600],
  );
});

test('sparse rows gathered into weeks: the empty weeks are the gaps, filled or named (not a 4-week step)', () => {
  const rng = seededRng();
  // Monthly readings on the 1st: most weeks hold none.
  const months = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2001, i, 1)));
  const v = Array.from(rng.doubles(30, 10, 20));
  const frame = new Frame({ t: months, v: Float64Array.from(v) });
  const weekly = regularTimes(
    frame,
    't',
    { fill: 'interpolate', duplicates: 'error', resample: { every: 'week', how: 'mean' } },
    'x.csv',
  );
  const times = weekly.column('t') as Date[];
  const week = 7 * 86_400_000;
  // Every Monday from the first month's week to the last's.
  times.slice(1).forEach((d, i) => assert.equal(d.getTime() - times[i]!.getTime(), week, `seed ${rng.seed}`));
  const monday = (d: Date): number =>
    Math.floor((d.getTime() / 86_400_000 + 3) / 7) * 7 * 86_400_000 - 3 * 86_400_000;
  assert.equal(times[0]!.getTime(), monday(months[0]!));
  assert.equal(times.at(-1)!.getTime(), monday(months.at(-1)!));
  // Each month's value on its week, and linear in between by week.
  const y = weekly.numeric('v');
  const at = months.map((m) => (monday(m) - times[0]!.getTime()) / week);
  at.forEach((k, i) => assert.equal(y[k], v[i]));
  const [k0, k1] = [at[0]!, at[1]!];
  for (let k = k0 + 1; k < k1; k++)
    assert.ok(
      Math.abs(y[k]! - (v[0]! + ((k - k0) / (k1 - k0)) * (v[1]! - v[0]!))) < 1e-9,
      `seed ${rng.seed}`,
    );
  assert.throws(
    () =>
      regularTimes(
        frame,
        't',
        { fill: 'error', duplicates: 'error', resample: { every: 'week', how: 'mean' } },
        'x.csv',
      ),
    /x\.csv: \d+ period\(s\) without rows between rows 1 and 2 \(2001-01-01 → 2001-01-29\); set data\.fill: interpolate \| forwardFill/,
  );
});

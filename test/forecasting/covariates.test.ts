/** Covariates and time parts against hand-computed values: standardisation, calendar encodings, the window layout. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Frame } from '../../src/data/frame.js';
import { denseX, rawBatch, type RowBatch } from '../../src/data/preprocessing/batch.js';
import { Covariates } from '../../src/data/preprocessing/covariates.js';
import { Pipeline } from '../../src/data/preprocessing/pipeline.js';
import { SeriesValues, SeriesWindows } from '../../src/data/preprocessing/series-steps.js';
import { TimeFromParts } from '../../src/data/preprocessing/time-parts.js';
import { stepFromJSON } from '../../src/data/preprocessing/step.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seqlab } from '../e2e/helpers.js';
import { seededRng } from '../helpers/rng.js';

test('TimeFromParts builds UTC dates from year, month, day, hour and names a bad part', () => {
  const f = new Frame({
    year: Float64Array.of(2010, 2010),
    month: Float64Array.of(12, 1),
    day: Float64Array.of(31, 1),
    hour: Float64Array.of(23, 0),
  });
  const b = new TimeFromParts({ parts: ['year', 'month', 'day', 'hour'] }).transform(rawBatch(f, 'p.csv'));
  assert.deepEqual(
    (b.frame.column('time') as Date[]).map((d) => d.toISOString()),
    ['2010-12-31T23:00:00.000Z', '2010-01-01T00:00:00.000Z'],
  );
  const bad = new Frame({ year: Float64Array.of(2010), month: Float64Array.of(1.5) });
  assert.throws(
    () => new TimeFromParts({ parts: ['year', 'month'] }).transform(rawBatch(bad, 'p.csv')),
    /row 1: time part 'month' is 1.5/,
  );
});

test('TimeFromParts joins a date column and a time-of-day column; a bad time names its row', () => {
  const f = Frame.fromColumns({
    Date: [
      new Date(Date.UTC(2006, 11, 16)),
      new Date(Date.UTC(2006, 11, 16)),
      new Date(Date.UTC(2006, 11, 17)),
    ],
    Time: ['17:24:00', '5:30 PM', '00:00:01.5'],
  });
  const b = new TimeFromParts({ parts: ['Date', 'Time'], name: 'when' }).transform(rawBatch(f, 'power.txt'));
  assert.deepEqual(
    (b.frame.column('when') as Date[]).map((d) => d.toISOString()),
    ['2006-12-16T17:24:00.000Z', '2006-12-16T17:30:00.000Z', '2006-12-17T00:00:01.500Z'],
  );
  const bad = Frame.fromColumns({ Date: [new Date(Date.UTC(2006, 11, 16))], Time: ['25:00'] });
  assert.throws(
    () => new TimeFromParts({ parts: ['Date', 'Time'] }).transform(rawBatch(bad, 'power.txt')),
    /power.txt: row 1: time of day 'Time' is "25:00", not hh:mm\[:ss\]/,
  );
});

test('covariates: past standardised on the training rows, calendar as sin/cos, laid out beside the series in each window', () => {
  const rng = seededRng();
  const n = 30;
  const v = Float64Array.from({ length: n }, () => rng.uniform() * 10);
  const temp = Float64Array.from({ length: n }, () => rng.uniform() * 5);
  const time = Array.from({ length: n }, (_, i) => new Date(Date.UTC(2020, 0, 1, i)));
  const frame = new Frame({ v, temp, time });
  const cov = new Covariates({ past: ['temp'], calendar: ['hour'], timeColumn: 'time', steps: 2 });
  const pipeline = new Pipeline([
    [
      'values',
      new SeriesValues({
        valueColumn: 'v',
        timeColumn: 'time',
        log: false,
        difference: 0,
        seasonalDifference: 0,
      }),
    ],
    ['covariates', cov],
    ['windows', new SeriesWindows({ windowSize: 3, horizon: 2 })],
  ]);
  const fitEnd = 20;
  const b = pipeline.fitTransform(rawBatch(frame, 'test', { fitEnd })) as RowBatch;
  const mean = temp.subarray(0, fitEnd).reduce((a, c) => a + c, 0) / fitEnd;
  const std = Math.sqrt(temp.subarray(0, fitEnd).reduce((a, c) => a + (c - mean) ** 2, 0) / fitEnd);
  // Channels: z, temp, sin(hour), cos(hour), future flag; 3 past steps + 2 future steps.
  assert.deepEqual(denseX(b, 'test').shape, [n - 3 - 2 + 1, 5, 5], `seed ${rng.seed}`);
  const t = b.rows[4]!;
  const at = (k: number, c: number): number => denseX(b, 'test').data[(4 * 5 + k) * 5 + c]!;
  for (let k = 0; k < 5; k++) {
    const step = t - 3 + k;
    const a = (2 * Math.PI * (step % 24)) / 24;
    assert.ok(
      Math.abs(at(k, 2) - Math.sin(a)) < 1e-6 && Math.abs(at(k, 3) - Math.cos(a)) < 1e-6,
      `calendar at step ${k}`,
    );
    if (k < 3) {
      assert.ok(Math.abs(at(k, 0) - v[step]!) < 1e-5, 'series value');
      assert.ok(Math.abs(at(k, 1) - (temp[step]! - mean) / std) < 1e-5, 'standardised past covariate');
      assert.equal(at(k, 4), 0);
    } else {
      assert.equal(at(k, 0), 0, 'no value after the origin');
      assert.equal(at(k, 1), 0, 'no past covariate after the origin');
      assert.equal(at(k, 4), 1);
    }
  }
  // Saved and restored, the step gives the same matrices; forecasting makes the calendar of the hours ahead.
  const again = stepFromJSON(JSON.parse(JSON.stringify(cov.toJSON()))) as Covariates;
  const ahead = again.transform({
    ...(pipeline.steps[0]![1].transform(rawBatch(frame, 'test', { forecastNext: true })) as RowBatch),
  });
  assert.equal(ahead.covariates!.futureRows, n + 2);
  const a = (2 * Math.PI * ((n + 1) % 24)) / 24;
  assert.ok(Math.abs(ahead.covariates!.future[(n + 1) * 2]! - Math.sin(a)) < 1e-6);
});

test('future covariates must be given for every step ahead, named in the error', () => {
  const n = 12;
  const frame = new Frame({
    v: Float64Array.from({ length: n }, (_, i) => i),
    promo: Float64Array.from({ length: n }, (_, i) => i % 2),
  });
  const values = new SeriesValues({ valueColumn: 'v', log: false, difference: 0, seasonalDifference: 0 });
  const cov = new Covariates({ future: ['promo'], steps: 3 }).fit(
    values.transform(rawBatch(frame, 'sales.csv')),
  );
  const ahead = values.transform(rawBatch(frame, 'sales.csv', { forecastNext: true }));
  assert.throws(
    () => cov.transform(ahead),
    /future covariate promo must be known for the 3 steps after the last value; add 3 row\(s\)/,
  );
  const withFuture = new Frame({
    v: Float64Array.from({ length: n + 3 }, (_, i) => (i < n ? i : NaN)),
    promo: Float64Array.from({ length: n + 3 }, (_, i) => i % 2),
  });
  const ok = cov.transform(values.transform(rawBatch(withFuture, 'sales.csv', { forecastNext: true })));
  assert.equal(ok.covariates!.futureRows, n + 3);
  assert.equal(ok.series!.y.length, n, 'rows after the last value are not values');
});

test('a run with known-future covariates and no rows ahead completes, says why there is no forecast past the data; forecast --data gives it', () => {
  // Two shops × 60 days with a promotion flag: training files seldom hold the promotions to come.
  // Before, the run failed after training ("no series to forecast" for a panel).
  const rng = seededRng();
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-future-'));
  const day = (d: number): string => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10);
  const rows = (days: number, known: number): string[] =>
    ['a', 'b'].flatMap((shop) =>
      Array.from({ length: days }, (_, d) => {
        const promo = d % 5 === 0 ? 1 : 0;
        const sales = d < known ? String(Math.round(100 + 30 * promo + 10 * rng.uniform())) : '';
        return `${shop},${day(d)},${sales},${promo}`;
      }),
    );
  writeFileSync(join(dir, 'sales.csv'), ['shop,day,sales,promo', ...rows(60, 60)].join('\n') + '\n');
  writeFileSync(
    join(dir, 'sales.yaml'),
    [
      'data: { source: sales.csv, type: series, value: sales, time: day, seriesId: shop, shortSeries: skip, covariates: { future: [promo] }, split: { testSize: 0.3 } }',
      'preprocessing: { scaler: standard, series: { windowSize: 7 } }',
      'model: { layers: [{ type: gru, units: 4 }, { type: dense, units: 4 }] }',
      'compile: { optimizer: adam, loss: mse }',
      'training: { epochs: 1, batchSize: 16 }',
      'forecast: { horizon: 4 }',
      'evaluation: { seasonPeriod: 7, backtest: { origins: 3 } }',
    ].join('\n') + '\n',
  );
  const run = join(dir, 'run');
  const r = seqlab(['train', join(dir, 'sales.yaml'), '--out', run]);
  assert.equal(r.status, 0, `seed ${rng.seed}: ${r.stderr}`);
  const note =
    /no forecast past the data: .*series 'a': the future covariate promo must be known for the 4 steps after the last value; add 4 row\(s\).*seqlab forecast RUN --data FILE/;
  assert.match(r.stderr, note);
  const file = JSON.parse(readFileSync(join(run, 'forecast.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(file.future, undefined);
  assert.match(String(file.futureNote), note);
  assert.match(readFileSync(join(run, 'report.html'), 'utf8'), /no forecast past the data/);
  // The promotions to come as rows after the data, the value empty: the forecast past the data.
  writeFileSync(join(dir, 'ahead.csv'), ['shop,day,sales,promo', ...rows(64, 60)].join('\n') + '\n');
  const f = seqlab(['forecast', run, '--data', join(dir, 'ahead.csv')]);
  assert.equal(f.status, 0, f.stderr);
  assert.match(f.stdout, /^shop,time,forecast\na,2024-03-01,-?\d/);
});

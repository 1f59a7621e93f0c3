/**
 * Panel data (data.seriesId): each series fitted on its own training steps and windowed on its own,
 * checked against values computed here by hand; predictions inverted per series; the saved form
 * restores; bad ids and short series named. Then the CLI: train a panel, forecast every series.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Frame } from '../../src/data/frame.js';
import { denseX, invertPredictions, rawBatch } from '../../src/data/preprocessing/batch.js';
import { Pipeline } from '../../src/data/preprocessing/pipeline.js';
import { Scale } from '../../src/data/preprocessing/frame-steps.js';
import { StandardScaler } from '../../src/data/preprocessing/scalers.js';
import { SeriesPanel } from '../../src/data/preprocessing/series-panel.js';
import { SeriesValues, SeriesWindows } from '../../src/data/preprocessing/series-steps.js';
import { stepFromJSON } from '../../src/data/preprocessing/step.js';
import { seededRng } from '../helpers/rng.js';
import { Predictor } from '../../src/serve/predictor.js';
import { buildServer } from '../../src/serve/server.js';
import { makeFixtures, seqlab } from '../e2e/helpers.js';

const panelSteps = (w: number, H: number): Pipeline =>
  new Pipeline([
    ['values', new SeriesValues({ valueColumn: 'v', log: false, difference: 0, seasonalDifference: 0 })],
    ['scale', new Scale({ scaler: new StandardScaler(), on: 'series' })],
    ['windows', new SeriesWindows({ windowSize: w, horizon: H, strategy: 'direct' })],
  ]);

/** Series a, b, c of lengths 20, 26, 23 at scales 1, 100, 10 000, rows interleaved as a panel CSV would have them. */
function panelFrame(rng: ReturnType<typeof seededRng>): {
  frame: Frame;
  values: Record<string, Float64Array>;
} {
  const spec = { a: [20, 1], b: [26, 100], c: [23, 10000] } as const;
  const values: Record<string, Float64Array> = {};
  for (const [id, [n, scale]] of Object.entries(spec)) values[id] = rng.doubles(n, scale, 3 * scale);
  const ids: string[] = [];
  const v: number[] = [];
  const next: Record<string, number> = { a: 0, b: 0, c: 0 };
  while (ids.length < 69) {
    for (const id of ['a', 'b', 'c'])
      if (next[id]! < values[id]!.length) {
        ids.push(id);
        v.push(values[id]![next[id]!++]!);
      }
  }
  return { frame: Frame.fromColumns({ store: ids, v }), values };
}

/** A panel.csv (store, month, sales) config: LSTM(8) → Dense(3), 3 months ahead, a 30% test part. */
const panelYaml = (name: string, { epochs, origins }: { epochs: number; origins: number }): string => `
name: ${name}
seed: 1
data: { source: panel.csv, type: series, time: month, value: sales, seriesId: store, split: { testSize: 0.3 } }
preprocessing: { scaler: standard, series: { windowSize: 12 } }
forecast: { horizon: 3 }
model: { layers: [{ type: lstm, units: 8 }, { type: dense, units: 3 }] }
training: { epochs: ${epochs}, batchSize: 16 }
evaluation: { seasonPeriod: 12, backtest: { origins: ${origins} } }
`;

const meanStd = (x: Float64Array): [number, number] => {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return [m, Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / x.length)];
};

test('SeriesPanel: each series scaled on its own training steps and windowed on its own; inverted per series', () => {
  const rng = seededRng();
  const msg = `seed ${rng.seed}`;
  const { frame, values } = panelFrame(rng);
  const w = 4;
  const H = 2;
  const fitEnds = { a: 14, b: 18, c: 16 };
  const panel = new SeriesPanel({ idColumn: 'store', steps: panelSteps(w, H) });
  panel.fit(rawBatch(frame, 'panel.csv', { fitEnds }));
  const batch = panel.transform(rawBatch(frame, 'panel.csv'));
  assert.deepEqual(
    batch.panel!.map((p) => p.id),
    ['a', 'b', 'c'],
  );
  let sample = 0;
  for (const p of batch.panel!) {
    const y = values[p.id]!;
    const [m, s] = meanStd(y.subarray(0, fitEnds[p.id as 'a']));
    // Origins w … n − H, each window the scaled values before it, the targets the H after.
    const origins = Array.from({ length: y.length - H - w + 1 }, (_, i) => w + i);
    assert.deepEqual(p.batch.rows, origins, msg);
    assert.equal(p.first, sample, msg);
    origins.forEach((t, i) => {
      for (let k = 0; k < w; k++) {
        const got = denseX(batch, 'test').data[(sample + i) * w + k]!;
        assert.ok(Math.abs(got - (y[t - w + k]! - m) / s) < 1e-5, `${msg}: ${p.id} window ${t} step ${k}`);
      }
      for (let k = 0; k < H; k++) {
        const got = batch.targets![(sample + i) * H + k]!;
        assert.ok(Math.abs(got - (y[t + k]! - m) / s) < 1e-5, `${msg}: ${p.id} target ${t}+${k}`);
      }
    });
    sample += origins.length;
  }
  assert.equal(denseX(batch, 'test').shape[0], sample);
  // The targets inverted through the panel are each series' own values.
  const pipeline = new Pipeline([['panel', panel]]);
  const back = invertPredictions(pipeline, batch.targets!, batch).values;
  for (const p of batch.panel!)
    p.batch.rows.forEach((t, i) => {
      for (let k = 0; k < H; k++) {
        const want = values[p.id]![t + k]!;
        const got = back[(p.first + i) * H + k]!;
        assert.ok(
          Math.abs(got - want) <= 1e-5 * Math.abs(want),
          `${msg}: ${p.id} ${t}+${k}: ${got} vs ${want}`,
        );
      }
    });
  // The saved form transforms the same way.
  const again = stepFromJSON(JSON.parse(JSON.stringify(panel.toJSON()))) as SeriesPanel;
  assert.deepEqual(
    Array.from(denseX(again.transform(rawBatch(frame, 'panel.csv')), 'test').data),
    Array.from(denseX(batch, 'test').data),
  );
});

test('SeriesPanel: an unknown series id and a series too short are named; shortSeries: skip leaves it out', () => {
  const rng = seededRng();
  const { frame } = panelFrame(rng);
  const short = Frame.fromColumns({
    store: [...(frame.column('store') as string[]), 'd', 'd', 'd'],
    v: [...frame.numeric('v'), 1, 2, 3],
  });
  assert.throws(
    () => new SeriesPanel({ idColumn: 'store', steps: panelSteps(4, 2) }).fit(rawBatch(short, 'p.csv')),
    /series 'd'.*3 values are too few for windows of 4/,
  );
  const skip = new SeriesPanel({ idColumn: 'store', steps: panelSteps(4, 2), shortSeries: 'skip' });
  skip.fit(rawBatch(short, 'p.csv'));
  assert.deepEqual(skip.ids, ['a', 'b', 'c']);
  assert.deepEqual(
    skip.skipped.map((s) => s.id),
    ['d'],
  );
  const other = Frame.fromColumns({ store: ['a', 'zz'], v: [1, 2] });
  assert.throws(
    () => skip.transform(rawBatch(other, 'new.csv')),
    /series 'zz' of 'store' were not in the training data/,
  );
  const noId = Frame.fromColumns({ v: [1, 2] });
  assert.throws(() => skip.transform(rawBatch(noId, 'new.csv')), /no series id column 'store'/);
});

test('seqlab train with data.seriesId: pooled and per-series backtest; seqlab forecast and POST /forecast write every series, in its own units', async () => {
  const rng = seededRng();
  const dir = makeFixtures();
  const lines = ['store,month,sales'];
  const scales: Record<string, number> = { north: 10, south: 1000, tiny: 5 };
  for (const [id, n] of [
    ['north', 60],
    ['south', 60],
    ['tiny', 10],
  ] as const)
    for (let t = 0; t < n; t++) {
      const y = scales[id]! * (3 + Math.sin((2 * Math.PI * t) / 12) + 0.2 * rng.uniform());
      lines.push(
        `${id},${2015 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')},${y.toFixed(4)}`,
      );
    }
  writeFileSync(join(dir, 'panel.csv'), lines.join('\n') + '\n');
  const config = (shortSeries: string): string => `
name: e2e-panel
seed: 1
data: { source: panel.csv, type: series, time: month, value: sales, seriesId: store, shortSeries: ${shortSeries}, split: { testSize: 0.3 } }
preprocessing: { scaler: standard, series: { windowSize: 12 } }
forecast: { horizon: 3, intervals: { coverage: [0.8] } }
model: { layers: [{ type: lstm, units: 8 }, { type: dense, units: 3 }] }
training: { epochs: 2, batchSize: 16 }
evaluation: { seasonPeriod: 12, backtest: { origins: 4 } }
`;
  writeFileSync(join(dir, 'error.yaml'), config('error'));
  const bad = seqlab(['train', join(dir, 'error.yaml'), '--out', join(dir, 'run-bad'), '--quiet']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /series 'tiny' \(10 steps\) of 'store' are too short.*data.shortSeries: skip/);
  writeFileSync(join(dir, 'skip.yaml'), config('skip'));
  const out = join(dir, 'run-panel');
  const r = seqlab(['train', join(dir, 'skip.yaml'), '--out', out, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
  assert.match(metrics.backtest.verdict, /seasonal naive on (only )?\d of 2 series \(mean MASE/);
  assert.deepEqual(Object.keys(metrics.backtest.series), ['north', 'south']);
  const mean = (metrics.backtest.series.north.mase + metrics.backtest.series.south.mase) / 2;
  assert.ok(
    Math.abs(metrics.backtest.overall.model.mase - mean) < 1e-9,
    'pooled MASE is the mean over series',
  );
  assert.match(metrics.warnings[0], /'tiny'.*skipped/);
  const f = seqlab(['forecast', out]);
  assert.equal(f.status, 0, f.stderr);
  assert.match(f.stderr, /not forecast: series tiny/);
  const rows = f.stdout.trim().split('\n');
  assert.equal(rows[0], 'store,time,forecast,lower_80,upper_80');
  assert.deepEqual(
    rows.slice(1).map((l) => l.split(',').slice(0, 2).join(',')),
    [
      'north,2020-01-01',
      'north,2020-02-01',
      'north,2020-03-01',
      'south,2020-01-01',
      'south,2020-02-01',
      'south,2020-03-01',
    ],
  );
  // Each series is forecast in its own units: south's forecasts are about 100× north's.
  const level = (id: string): number =>
    rows
      .slice(1)
      .filter((l) => l.startsWith(id))
      .reduce((a, l) => a + Number(l.split(',')[2]), 0) / 3;
  const ratio = level('south') / level('north');
  assert.ok(ratio > 30 && ratio < 300, `south/north forecast level ${ratio}`);
  // Newer rows are read as training read them, series by series: the run's data given again gives the
  // same forecast, and a repeated month in one series is refused (data.duplicates: error) by name.
  const again = seqlab(['forecast', out, '--data', join(dir, 'panel.csv')]);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(again.stdout, f.stdout);
  const lastNorth = lines.filter((l) => l.startsWith('north,')).at(-1)!;
  writeFileSync(join(dir, 'dup.csv'), [...lines, lastNorth].join('\n') + '\n');
  const dup = seqlab(['forecast', out, '--data', join(dir, 'dup.csv')]);
  assert.notEqual(dup.status, 0);
  assert.match(dup.stderr, /series 'north'.*2019-12/);
  // POST /forecast with the south series gives the CLI's south rows.
  const app = buildServer(await Predictor.load(out));
  const south = lines.slice(1).filter((l) => l.startsWith('south,'));
  const res = await app.inject({
    method: 'POST',
    url: '/forecast',
    payload: {
      seriesId: 'south',
      series: south.map((l) => Number(l.split(',')[2])),
      times: south.map((l) => l.split(',')[1]),
    },
  });
  assert.equal(res.statusCode, 200, res.body);
  const body = JSON.parse(res.body);
  const cli = rows.slice(1).filter((l) => l.startsWith('south,'));
  assert.deepEqual(body.times, ['2020-01-01', '2020-02-01', '2020-03-01']);
  body.forecast.forEach((v: number, k: number) =>
    assert.ok(Math.abs(v - Number(cli[k]!.split(',')[2])) < 1e-3 * Math.abs(v), `step ${k}`),
  );
  const missing = await app.inject({ method: 'POST', url: '/forecast', payload: { series: [1, 2, 3] } });
  assert.equal(missing.statusCode, 400);
  assert.match(JSON.parse(missing.body).message, /give seriesId, one of north, south/);
  const report = readFileSync(join(out, 'report.html'), 'utf8');
  assert.ok(report.includes('By series (MASE)'), 'the report has the per-series table');
});

test('a series constant over its training part has no MASE: the pooled MASE and the wins are over the others, and said', () => {
  // vega's jobs.json: 510 job × sex series, some at 0 in every census of their training part.
  const rng = seededRng();
  const dir = makeFixtures();
  const lines = ['store,month,sales'];
  for (const id of ['north', 'south', 'closed'])
    for (let t = 0; t < 60; t++) {
      const y =
        id === 'closed' ? (t < 50 ? 0 : 2) : 30 + 10 * Math.sin((2 * Math.PI * t) / 12) + 2 * rng.uniform();
      lines.push(
        `${id},${2015 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')},${y.toFixed(4)}`,
      );
    }
  writeFileSync(join(dir, 'panel.csv'), lines.join('\n') + '\n');
  writeFileSync(join(dir, 'flat.yaml'), panelYaml('e2e-flat', { epochs: 2, origins: 4 }));
  const out = join(dir, 'run-flat');
  const r = seqlab(['train', join(dir, 'flat.yaml'), '--out', out, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
  assert.match(
    metrics.backtest.verdict,
    /seasonal naive on (only )?\d of 2 series \(mean MASE \d+\.\d\d vs \d+\.\d\d; 1 series constant in their training part have no MASE and are left out\)/,
    `seed ${rng.seed}: ${metrics.backtest.verdict}`,
  );
  const mean = (metrics.backtest.series.north.mase + metrics.backtest.series.south.mase) / 2;
  assert.ok(
    Math.abs(metrics.backtest.overall.model.mase - mean) < 1e-9,
    'pooled MASE is the mean over the scaled series',
  );
});

test('panel backtest with retraining: one global model per block of origins, each series trained up to its own origin', () => {
  const rng = seededRng();
  const dir = makeFixtures();
  const lines = ['store,month,sales'];
  // Series of different lengths, so their origins (counted from each series' end) differ.
  for (const [id, n, scale] of [
    ['north', 60, 10],
    ['south', 59, 1000],
  ] as const)
    for (let t = 0; t < n; t++) {
      const y = scale * (3 + Math.sin((2 * Math.PI * t) / 12) + 0.2 * rng.uniform());
      lines.push(`${id},${2015 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')},${y}`);
    }
  writeFileSync(join(dir, 'panel.csv'), lines.join('\n') + '\n');
  writeFileSync(join(dir, 'retrain.yaml'), panelYaml('e2e-panel-retrain', { epochs: 1, origins: 16 }));
  const run = (retrain: string) => {
    const out = join(dir, `run-${retrain}`);
    const r = seqlab([
      'train',
      join(dir, 'retrain.yaml'),
      '--out',
      out,
      '--quiet',
      '--set',
      `evaluation.backtest.retrain=${retrain}`,
    ]);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).backtest;
  };
  // north: 42 training steps, origins 42 … 57; south: 41, origins 41 … 56. Retraining once, before
  // each series' first origin, refits every series' scaling on its own 42 / 41 steps and trains on the
  // windows the run's own model trained on: the same seed gives the same forecasts, to the bit.
  const never = run('never');
  const once = run('16');
  const often = run('4');
  assert.equal(never.retrain, 'never');
  assert.equal(once.retrain, 16);
  assert.deepEqual(once.series, never.series);
  assert.deepEqual(once.overall, never.overall);
  // Every 4th origin: origins 5-16 come from models that saw later windows.
  assert.equal(often.retrain, 4);
  assert.deepEqual(Object.keys(often.series), ['north', 'south']);
  assert.notDeepEqual(often.series, once.series);
  // seqlab compare puts the two backtests side by side.
  const page = join(dir, 'compare.html');
  const c = seqlab(['compare', join(dir, 'run-never'), join(dir, 'run-4'), '--out', page]);
  assert.equal(c.status, 0, c.stderr);
  const html = readFileSync(page, 'utf8');
  const row = html.slice(html.indexOf('backtest MASE'), html.indexOf('backtest sMAPE'));
  for (const mase of [never.overall.model.mase, often.overall.model.mase])
    assert.ok(row.includes(mase.toFixed(4)), `compare shows MASE ${mase.toFixed(4)}: ${row}`);
});

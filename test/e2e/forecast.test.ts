/**
 * The forecasting workflow from the command line, as a new user runs it: train a 6-step series model
 * with a backtest and intervals, read the report's verdict, forecast the next steps with `seqlab
 * forecast` and `POST /forecast`, and get clear errors for bad input with no half-written run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvColumn, makeFixtures, seqlab } from './helpers.js';
import { Predictor } from '../../src/serve/predictor.js';
import { buildServer } from '../../src/serve/server.js';

const dir = makeFixtures();
const out = join(dir, 'run-forecast');
const config = (extra: string): string => `
name: e2e-forecast
data: { source: series.csv, type: series, time: month, value: passengers, split: { testSize: 0.3 } }
preprocessing: { scaler: minmax, series: { windowSize: 12, log: true, seasonalDifference: 12 } }
model:
  layers:
    - { type: lstm, units: 8 }
    - { type: dense, units: 6 }
compile: { optimizer: adam, loss: mse }
training: { epochs: 3, batchSize: 8 }
evaluation: { seasonPeriod: 12, backtest: { origins: 10, stride: 2 } }
${extra}`;

test('train a direct 6-step model: backtest against every baseline, intervals, forecast.json and the report section', () => {
  writeFileSync(
    join(dir, 'forecast.yaml'),
    config('forecast: { horizon: 6, intervals: { coverage: [0.8, 0.95] } }'),
  );
  const r = seqlab(['train', join(dir, 'forecast.yaml'), '--out', out, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
  assert.equal(metrics.backtest.horizon, 6);
  assert.equal(metrics.backtest.origins, 10);
  for (const name of ['model', 'naive', 'seasonalNaive', 'drift', 'mstl', 'ar'])
    assert.ok(Number.isFinite(metrics.backtest.overall[name].mase), name);
  // Led by a baseline that does better overall, when one does.
  assert.match(
    metrics.backtest.verdict,
    /^([a-zA-Z ]+ does better than the model \(MASE [\d.]+ vs [\d.]+\); it )?beats seasonal naive on (only )?\d+ of 10 origins \(MASE/,
  );
  assert.equal(metrics.backtest.coverage.length, 2);
  const f = JSON.parse(readFileSync(join(out, 'forecast.json'), 'utf8'));
  assert.deepEqual(f.future.times, [
    '1961-01-01',
    '1961-02-01',
    '1961-03-01',
    '1961-04-01',
    '1961-05-01',
    '1961-06-01',
  ]);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.ok(html.includes(metrics.backtest.verdict.replace(/\(/g, '(')), 'the verdict is in the report');
  for (const chart of ['forecast-fan', 'backtest', 'error-by-step'])
    assert.ok(existsSync(join(out, `${chart}.png`)), chart);
});

test('a season of 1: seasonal naive is the naive forecast, listed once', () => {
  const plain = join(dir, 'season1.yaml');
  writeFileSync(
    plain,
    config('forecast: { horizon: 6 }')
      .replace('seasonPeriod: 12', 'seasonPeriod: 1')
      .replace(', seasonalDifference: 12', ''),
  );
  const run = join(dir, 'run-season1');
  const r = seqlab(['train', plain, '--out', run, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  const metrics = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8'));
  assert.deepEqual(Object.keys(metrics.baselines), ['naive']);
  assert.deepEqual(Object.keys(metrics.backtest.overall).sort(), ['ar', 'drift', 'model', 'mstl', 'naive']);
  assert.match(metrics.backtest.verdict, /^([a-zA-Z ]+ does better than the model .*; it )?beats naive on /);
  rmSync(run, { recursive: true });
});

test('seqlab forecast: ISO timestamps, forecasts and interval bounds; the same numbers as forecast.json and POST /forecast', async () => {
  const r = seqlab(['forecast', out]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines[0], 'time,forecast,lower_80,upper_80,lower_95,upper_95');
  assert.equal(lines.length, 7);
  const f = JSON.parse(readFileSync(join(out, 'forecast.json'), 'utf8'));
  lines.slice(1).forEach((line, k) => {
    const [time, value, lo80, hi80, lo95, hi95] = line.split(',');
    assert.equal(time, f.future.times[k]);
    assert.ok(Math.abs(Number(value) - f.future.forecast[k]) < 1e-5 * Math.abs(f.future.forecast[k]));
    assert.ok(
      Number(lo95) <= Number(lo80) &&
        Number(lo80) <= Number(value) &&
        Number(value) <= Number(hi80) &&
        Number(hi80) <= Number(hi95),
    );
  });
  // seqlab predict keeps its one-step use: each origin's first step. From the origin after the last
  // row that is the future forecast's first value; from the backtest's first origin, its first step.
  const p = seqlab(['predict', out, join(dir, 'series.csv')]);
  assert.equal(p.status, 0, p.stderr);
  const rows = p.stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const last = rows[rows.length - 1]!;
  assert.equal(last[0], String(f.series.length));
  assert.ok(Math.abs(Number(last[3]) - f.future.forecast[0]) < 1e-5 * f.future.forecast[0], `${last}`);
  const first = f.origins[0] as { origin: number; forecast: number[] };
  const at = rows.find((r) => r[0] === String(first.origin))!;
  assert.ok(Math.abs(Number(at[3]) - first.forecast[0]!) < 1e-5 * first.forecast[0]!, `${at}`);
  const shorter = seqlab([
    'forecast',
    join(out, 'model'),
    '--data',
    join(dir, 'series.csv'),
    '--horizon',
    '2',
    '--format',
    'jsonl',
  ]);
  assert.equal(shorter.status, 0, shorter.stderr);
  assert.equal(shorter.stdout.trim().split('\n').length, 2);
  assert.equal(JSON.parse(shorter.stdout.split('\n')[0]!).time, '1961-01-01');

  const series = readFileSync(join(dir, 'series.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const app = buildServer(await Predictor.load(out));
  const res = await app.inject({
    method: 'POST',
    url: '/forecast',
    payload: { series: series.map((s) => Number(s[1])), times: series.map((s) => s[0]) },
  });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json() as { times: string[]; forecast: number[]; intervals: unknown[] };
  assert.deepEqual(body.times, f.future.times);
  body.forecast.forEach((v, k) => assert.ok(Math.abs(v - f.future.forecast[k]) < 1e-6 * Math.abs(v)));
  assert.equal(body.intervals.length, 2);
  // The same months written as a German spreadsheet does (01.02.1949): read day first on all of them
  // (cell by cell, month first, 01.02.1949 was 2 January).
  const dotted = series.map((s) => `01.${s[0]!.slice(5, 7)}.${s[0]!.slice(0, 4)}`);
  const german = await app.inject({
    method: 'POST',
    url: '/forecast',
    payload: { series: series.map((s) => Number(s[1])), times: dotted },
  });
  assert.equal(german.statusCode, 200, german.body);
  assert.deepEqual((german.json() as { times: string[] }).times, f.future.times);
  const bad = await app.inject({ method: 'POST', url: '/forecast', payload: { series: [1, 2, 3] } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /too few/);
  // Two dated values: the number of values a window needs, not the three a frequency needs.
  const two = await app.inject({
    method: 'POST',
    url: '/forecast',
    payload: { series: [1, 2], times: series.slice(0, 2).map((s) => s[0]) },
  });
  assert.equal(two.statusCode, 400);
  assert.match(two.json().message, /2 values are too few for windows of \d+: give at least \d+/);
  // Two months missing from the times: the error says which field fills them; with it, the forecast
  // is the one from the series with those months interpolated as training's data.fill would.
  const holed = series.filter((_, i) => i !== 40 && i !== 41);
  const gapBody = { series: holed.map((s) => Number(s[1])), times: holed.map((s) => s[0]) };
  const gapped = await app.inject({ method: 'POST', url: '/forecast', payload: gapBody });
  assert.equal(gapped.statusCode, 400);
  assert.match(
    gapped.json().message,
    /a gap \(2 missing step\(s\)\).*; send "fill": "interpolate" \(or forwardFill\)/,
  );
  const filled = await app.inject({
    method: 'POST',
    url: '/forecast',
    payload: { ...gapBody, fill: 'interpolate' },
  });
  assert.equal(filled.statusCode, 200, filled.body);
  const [a, b] = [39, 42].map((i) => Number(series[i]![1]));
  const byHand = series.map((s, i) =>
    i === 40 || i === 41 ? a! + (b! - a!) * ((i - 39) / 3) : Number(s[1]),
  );
  const hand = await app.inject({
    method: 'POST',
    url: '/forecast',
    payload: { series: byHand, times: series.map((s) => s[0]) },
  });
  (filled.json() as { forecast: number[] }).forecast.forEach((v, k) => {
    const want = (hand.json() as { forecast: number[] }).forecast[k]!;
    assert.ok(Math.abs(v - want) <= 1e-6 * Math.abs(want), `${v} vs ${want}`);
  });
  // Without times the forecasts are not dated (their step numbers were sent as times).
  const undated = await app.inject({
    method: 'POST',
    url: '/forecast',
    payload: { series: series.map((s) => Number(s[1])) },
  });
  assert.equal(undated.statusCode, 200, undated.body);
  assert.equal((undated.json() as { times?: string[] }).times, undefined);
  // A misnamed field is answered with /forecast's own body, not /predict's.
  const misnamed = await app.inject({
    method: 'POST',
    url: '/forecast',
    payload: { series: [1, 2], timestamps: ['1949-01', '1949-02'] },
  });
  assert.equal(misnamed.statusCode, 400);
  assert.match(
    misnamed.json().message,
    /additional properties.*Expected \{ "series": \[numbers, oldest first\], "times"/,
  );
  assert.doesNotMatch(misnamed.json().message, /"inputs"/);
  // POST /predict takes the series its description asks for: a window of values (it asked one more).
  const model = (await app.inject({ method: 'GET', url: '/model' })).json() as {
    input: { description: string; schema: { minItems: number } };
  };
  const least = Number(/at least (\d+) numbers/.exec(model.input.description)![1]);
  assert.equal(model.input.schema.minItems, least);
  const window = await app.inject({
    method: 'POST',
    url: '/predict',
    payload: { input: series.slice(-least).map((s) => Number(s[1])) },
  });
  assert.equal(window.statusCode, 200, window.body);
  const text = await app.inject({
    method: 'POST',
    url: '/forecast',
    payload: 'x',
    headers: { 'content-type': 'text/plain' },
  });
  assert.deepEqual([text.statusCode, text.json().error], [415, 'Unsupported Media Type']);
  // The ONNX graph is the network alone, and the export says what its input is made from.
  const onnx = seqlab(['export', out, '--format', 'onnx', '--out', join(dir, 'forecast.onnx')]);
  assert.equal(onnx.status, 0, onnx.stderr);
  assert.match(onnx.stderr, /the ONNX graph is the network alone: its input 'input' .* makes of a series/);
  const long = await app.inject({
    method: 'POST',
    url: '/forecast',
    payload: { series: series.map((s) => Number(s[1])), horizon: 7 },
  });
  assert.equal(long.statusCode, 400);
  assert.match(long.json().message, /longer than the 6 steps/);
  await app.close();
});

test('backtest with retraining: a fresh model before every 5th origin', () => {
  const r = seqlab([
    'train',
    join(dir, 'forecast.yaml'),
    '--out',
    join(dir, 'run-retrain'),
    '--quiet',
    '--set',
    'evaluation.backtest.retrain=5',
    '--set',
    'training.epochs=1',
  ]);
  assert.equal(r.status, 0, r.stderr);
  const metrics = JSON.parse(readFileSync(join(dir, 'run-retrain', 'metrics.json'), 'utf8'));
  assert.equal(metrics.backtest.retrain, 5);
  assert.equal(metrics.backtest.origins, 10);
  assert.match(
    readFileSync(join(dir, 'run-retrain', 'report.html'), 'utf8'),
    /a fresh model trained on all the steps before every 5th origin/,
  );
  const bad = seqlab([
    'train',
    join(dir, 'forecast.yaml'),
    '--out',
    join(dir, 'run-bad'),
    '--quiet',
    '--set',
    'evaluation.backtest.retrain=sometimes',
  ]);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /retrain.*expected 'never' or a positive integer K/);

  // trainLength: a sliding training window. One that covers every step is the expanding window itself.
  const run = (name: string, ...sets: string[]) => {
    const res = seqlab([
      'train',
      join(dir, 'forecast.yaml'),
      '--out',
      join(dir, name),
      '--quiet',
      ...['evaluation.backtest.retrain=5', 'training.epochs=1', ...sets].flatMap((v) => ['--set', v]),
    ]);
    return {
      res,
      metrics: res.status === 0 ? JSON.parse(readFileSync(join(dir, name, 'metrics.json'), 'utf8')) : null,
    };
  };
  const all = run('run-train-all', 'evaluation.backtest.trainLength=10000');
  assert.equal(all.res.status, 0, all.res.stderr);
  assert.deepEqual(
    all.metrics.backtest.overall,
    metrics.backtest.overall,
    'a window longer than the data = expanding',
  );
  const last = run('run-train-30', 'evaluation.backtest.trainLength=30');
  assert.equal(last.res.status, 0, last.res.stderr);
  assert.equal(last.metrics.backtest.trainLength, 30);
  assert.notDeepEqual(last.metrics.backtest.overall, metrics.backtest.overall);
  assert.match(
    readFileSync(join(dir, 'run-train-30', 'report.html'), 'utf8'),
    /trained on the last 30 steps before every 5th origin/,
  );
  const short = run('run-train-5', 'evaluation.backtest.trainLength=5');
  assert.notEqual(short.res.status, 0);
  assert.match(
    short.res.stderr,
    /trainLength 5 leaves no training window: it must be at least the window \(12\) plus the horizon \(6\)/,
  );
  assert.ok(!existsSync(join(dir, 'run-train-5')), 'no run folder is left');

  // recursion: state is refused before training where it cannot apply.
  const direct = run('run-state-direct', 'forecast.recursion=state');
  assert.match(direct.res.stderr, /forecast.recursion: state applies to strategy: recursive/);
  const bidi = run(
    'run-state-bidi',
    'forecast.recursion=state',
    'forecast.strategy=recursive',
    'model.layers[0]={type: bidirectional, layer: {type: lstm, units: 4}}',
    'model.layers[1].units=1',
  );
  assert.match(bidi.res.stderr, /this model is Bidirectional → Dense: use recursion: window/);
  for (const name of ['run-state-direct', 'run-state-bidi']) assert.ok(!existsSync(join(dir, name)), name);
});

test('bad forecasting input: a horizon past the data, gaps and duplicates in the time column, a forecast longer than trained', () => {
  writeFileSync(
    join(dir, 'long.yaml'),
    config('forecast: { horizon: 60 }').replace('units: 6 }', 'units: 60 }'),
  );
  const long = seqlab(['train', join(dir, 'long.yaml'), '--out', join(dir, 'run-long'), '--quiet']);
  assert.notEqual(long.status, 0);
  assert.match(
    long.stderr,
    /the test part \(44 steps\) has no origin with all 60 targets; lower forecast.horizon or raise data.split.testSize/,
  );
  assert.ok(!existsSync(join(dir, 'run-long')), 'no run folder is left');

  const rows = readFileSync(join(dir, 'series.csv'), 'utf8').trim().split('\n');
  writeFileSync(join(dir, 'gappy.csv'), [...rows.slice(0, 40), ...rows.slice(42)].join('\n'));
  writeFileSync(
    join(dir, 'gappy.yaml'),
    config('forecast: { horizon: 6 }').replace('series.csv', 'gappy.csv'),
  );
  const gap = seqlab(['train', join(dir, 'gappy.yaml'), '--out', join(dir, 'run-gap'), '--quiet']);
  assert.notEqual(gap.status, 0);
  assert.match(
    gap.stderr,
    /a gap \(2 missing step\(s\)\) between rows 39 and 40 \(1952-03-01.*1952-06-01.*data\.fill: interpolate \| forwardFill/,
  );
  const filled = seqlab([
    'train',
    join(dir, 'gappy.yaml'),
    '--out',
    join(dir, 'run-gap'),
    '--quiet',
    '--set',
    'data.fill=interpolate',
  ]);
  assert.equal(filled.status, 0, filled.stderr);
  const gapMetrics = JSON.parse(readFileSync(join(dir, 'run-gap', 'metrics.json'), 'utf8')) as {
    warnings?: string[];
  };
  assert.ok(
    gapMetrics.warnings?.some((w) => /2 missing step\(s\) filled \(data\.fill: interpolate\)/.test(w)),
    String(gapMetrics.warnings),
  );

  writeFileSync(join(dir, 'dup.csv'), [...rows.slice(0, 40), rows[39], ...rows.slice(40)].join('\n'));
  writeFileSync(join(dir, 'dup.yaml'), config('forecast: { horizon: 6 }').replace('series.csv', 'dup.csv'));
  const dup = seqlab(['train', join(dir, 'dup.yaml'), '--out', join(dir, 'run-dup'), '--quiet']);
  assert.notEqual(dup.status, 0);
  assert.match(
    dup.stderr,
    /rows 39 and 40 have the same timestamp 1952-03-01.*set data\.duplicates: mean \| sum \| first \| last/,
  );
  const merged = seqlab([
    'train',
    join(dir, 'dup.yaml'),
    '--out',
    join(dir, 'run-dup'),
    '--quiet',
    '--set',
    'data.duplicates=mean',
  ]);
  assert.equal(merged.status, 0, merged.stderr);
  const dupRun = JSON.parse(readFileSync(join(dir, 'run-dup', 'metrics.json'), 'utf8'));
  const gapRun = JSON.parse(readFileSync(join(dir, 'run-gap', 'metrics.json'), 'utf8'));
  // The repeated month merges back into one row: the same number of samples as the original series.
  assert.equal(dupRun.samples.train + dupRun.samples.test, gapRun.samples.train + gapRun.samples.test);
  rmSync(join(dir, 'run-dup'), { recursive: true, force: true });
  // The last row exported twice: `seqlab forecast` merges it as training did, so the forecast from the
  // run's own data is the one from the series without the repeat.
  writeFileSync(join(dir, 'dup-end.csv'), [...rows, rows[rows.length - 1]].join('\n'));
  writeFileSync(
    join(dir, 'dup-end.yaml'),
    config('forecast: { horizon: 6 }').replace('series.csv', 'dup-end.csv') + '\n',
  );
  const endRun = join(dir, 'run-dup-end');
  const endTrained = seqlab([
    'train',
    join(dir, 'dup-end.yaml'),
    '--out',
    endRun,
    '--quiet',
    '--set',
    'data.duplicates=last',
  ]);
  assert.equal(endTrained.status, 0, endTrained.stderr);
  const own = seqlab(['forecast', endRun, '--out', join(dir, 'f-own.csv')]);
  const clean = seqlab([
    'forecast',
    endRun,
    '--data',
    join(dir, 'series.csv'),
    '--out',
    join(dir, 'f-clean.csv'),
  ]);
  assert.equal(own.status, 0, own.stderr);
  assert.equal(clean.status, 0, clean.stderr);
  assert.equal(readFileSync(join(dir, 'f-own.csv'), 'utf8'), readFileSync(join(dir, 'f-clean.csv'), 'utf8'));
  // The model folder alone remembers the policy (saved in its SeriesValues step) for newer rows.
  const folder = seqlab([
    'forecast',
    join(endRun, 'model'),
    '--data',
    join(dir, 'dup-end.csv'),
    '--out',
    join(dir, 'f-folder.csv'),
  ]);
  assert.equal(folder.status, 0, folder.stderr);
  assert.equal(
    readFileSync(join(dir, 'f-folder.csv'), 'utf8'),
    readFileSync(join(dir, 'f-clean.csv'), 'utf8'),
  );
  rmSync(endRun, { recursive: true, force: true });

  // The same gap in newer rows for a model trained without data.fill: the error names forecast's own
  // option (the training config's cannot be set there), and --fill interpolate forecasts as the file
  // with the two missing months interpolated by hand does.
  const vi = rows[0]!.split(',').indexOf('passengers');
  const [a, b] = [39, 42].map((i) => Number(rows[i]!.split(',')[vi]));
  const byHand = rows.map((r, i) => {
    if (i !== 40 && i !== 41) return r;
    const cells = r.split(',');
    cells[vi] = String(a! + (b! - a!) * ((i - 39) / 3));
    return cells.join(',');
  });
  writeFileSync(join(dir, 'by-hand.csv'), byHand.join('\n'));
  const noFill = seqlab(['forecast', out, '--data', join(dir, 'gappy.csv')]);
  assert.notEqual(noFill.status, 0);
  assert.match(
    noFill.stderr,
    /a gap \(2 missing step\(s\)\).*; add --fill interpolate \(or forwardFill\) to fill gaps/,
  );
  const filledF = seqlab(['forecast', out, '--data', join(dir, 'gappy.csv'), '--fill', 'interpolate']);
  const handF = seqlab(['forecast', out, '--data', join(dir, 'by-hand.csv')]);
  assert.equal(filledF.status, 0, filledF.stderr);
  assert.equal(handF.status, 0, handF.stderr);
  // The made-up steps are said (they were filled without a word), and none for the whole file.
  assert.match(
    filledF.stderr,
    /gappy\.csv: time column '\w+': 2 missing step\(s\) filled \(data.fill: interpolate\), [\d.]+% of the \d+ steps, in one gap: \d{4}-\d{2}-01 → \d{4}-\d{2}-01/,
  );
  assert.doesNotMatch(handF.stderr, /filled/);
  const numbers = (csv: string): number[] =>
    csv
      .trim()
      .split('\n')
      .slice(1)
      .flatMap((l) => l.split(',').slice(1).map(Number));
  const [got, want] = [numbers(filledF.stdout), numbers(handF.stdout)];
  assert.equal(got.length, want.length);
  got.forEach((v, i) => assert.ok(Math.abs(v - want[i]!) <= 1e-6 * Math.abs(want[i]!), `${v} vs ${want[i]}`));
  assert.match(
    seqlab(['forecast', out, '--fill', 'linear']).stderr,
    /--fill linear: expected one of interpolate, forwardFill, error/,
  );

  // A run whose backtest the model lost: forecast says so beside the forecasts; a won one does not.
  for (const [verdict, said] of [
    [
      'drift does better than the model (MASE 1.21 vs 1.36); it beats naive on only 11 of 24 origins (MASE 1.36 vs 1.28, worse overall)',
      true,
    ],
    ['beats seasonal naive on 9 of 10 origins (MASE 0.60 vs 1.00, better overall)', false],
  ] as const) {
    const copy = join(dir, 'run-verdict');
    rmSync(copy, { recursive: true, force: true });
    cpSync(out, copy, { recursive: true });
    const m = JSON.parse(readFileSync(join(copy, 'metrics.json'), 'utf8'));
    writeFileSync(join(copy, 'metrics.json'), JSON.stringify({ ...m, backtest: { ...m.backtest, verdict } }));
    const r = seqlab(['forecast', copy, '--horizon', '2']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr.includes(`warning: in the run's backtest, ${verdict}`), said, r.stderr);
  }
  // What the backtest measured of the intervals (the same 80% and 95% bounds) is repeated too.
  const copy = join(dir, 'run-verdict');
  const fj = JSON.parse(readFileSync(join(copy, 'forecast.json'), 'utf8'));
  const intervalNote = '5 backtest origins are too few for an interval of 95%: …';
  writeFileSync(join(copy, 'forecast.json'), JSON.stringify({ ...fj, intervalNote }));
  assert.match(
    seqlab(['forecast', copy, '--horizon', '2']).stderr,
    /warning: the run's intervals: 5 backtest origins are too few/,
  );

  const longer = seqlab(['forecast', out, '--horizon', '9']);
  assert.notEqual(longer.status, 0);
  assert.match(longer.stderr, /horizon 9 is longer than the 6 steps this direct model was trained for/);
  const text = seqlab(['forecast', join(dir, 'nope')]);
  assert.notEqual(text.status, 0);
  rmSync(join(dir, 'run-gap'), { recursive: true, force: true });
});

test("newer data whose dates fit both orders is read in the training file's order (forecast --data, POST /forecast)", async () => {
  // A British hourly file (dd/mm/yyyy): its days above 12 say day first. The last 48 hours, 1–2
  // December, fit both orders, and read alone they were month first: 12 January and 12 February, a
  // "gap of 744 steps" the error told the user to fill.
  const p = (n: number): string => String(n).padStart(2, '0');
  const uk = (d: Date): string =>
    `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:00`;
  const hours = Array.from({ length: 24 * 16 }, (_, i) => new Date(Date.UTC(2026, 10, 17, i)));
  const rows = hours.map((d, i) => `${uk(d)},${(100 + 10 * Math.sin((2 * Math.PI * i) / 24)).toFixed(2)}`);
  writeFileSync(join(dir, 'uk-hourly.csv'), `time,load\n${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'uk-last2days.csv'), `time,load\n${rows.slice(-48).join('\n')}\n`);
  assert.equal(rows.at(-48)!.slice(0, 16), '01/12/2026 00:00');
  const run = join(dir, 'run-uk');
  const r = seqlab([
    'train',
    join(dir, 'uk-hourly.csv'),
    '--out',
    run,
    '--quiet',
    '--set',
    'training.epochs=1',
  ]);
  assert.equal(r.status, 0, r.stderr);
  const f = seqlab(['forecast', run, '--data', join(dir, 'uk-last2days.csv'), '--horizon', '2']);
  assert.equal(f.status, 0, f.stderr);
  assert.deepEqual(csvColumn(f.stdout, 0), ['2026-12-03T00:00:00Z', '2026-12-03T01:00:00Z']);
  const app = buildServer(await Predictor.load(run));
  const res = await app.inject({
    method: 'POST',
    url: '/forecast',
    payload: {
      series: rows.slice(-48).map((l) => Number(l.split(',')[1])),
      times: rows.slice(-48).map((l) => l.split(',')[0]),
      horizon: 1,
    },
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual((res.json() as { times: string[] }).times, ['2026-12-03T00:00:00Z']);
  await app.close();
  rmSync(run, { recursive: true, force: true });
});

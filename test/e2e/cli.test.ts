/** End-to-end runs of the seqlab CLI on small data: every command, and bad input. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { makeFixtures, seqlab, seqlabAsync, TABLE_CONFIG } from './helpers.js';

let dir = '';
before(() => {
  dir = makeFixtures();
});

const expectFailure = (r: { status: number; stderr: string }, pattern: RegExp): void => {
  assert.notEqual(r.status, 0, 'expected a non-zero exit');
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace without SEQLAB_DEBUG');
};

test('--help on every command shows examples', () => {
  for (const cmd of [[], ['describe'], ['train'], ['evaluate'], ['predict'], ['report'], ['demo']]) {
    const r = seqlab([...cmd, '--help']);
    assert.equal(r.status, 0, cmd.join(' '));
    assert.match(r.stdout, /Examples:/);
  }
});

test('describe prints head, info, describe and label counts', () => {
  const r = seqlab(['describe', join(dir, 'table.csv'), '--label', 'y', '--out', join(dir, 'eda.html')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /300 rows × 11 columns/);
  assert.match(r.stdout, /Non-Null Count/);
  assert.match(r.stdout, /label counts \(y\)/);
});

test('describe --sheet reads the named or numbered worksheet of a workbook', async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('first').addRow(['a', 'b']);
  const second = wb.addWorksheet('orders');
  second.addRow(['order_id', 'units', 'label']);
  for (let i = 0; i < 30; i++) second.addRow([1000 + i, i % 7, i % 2 ? 'yes' : 'no']);
  const file = join(dir, 'book.xlsx');
  await wb.xlsx.writeFile(file);
  for (const sheet of ['orders', '2']) {
    const r = seqlab(['describe', file, '--sheet', sheet, '--out', join(dir, 'eda-book.html')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /30 rows × 3 columns/);
    assert.match(r.stdout, /order_id\s+id\s+named like a key/);
  }
});

test('train (table) writes a complete run folder; predict, evaluate and report use it', () => {
  const out = join(dir, 'run-table');
  const r = seqlab(['train', join(dir, 'table.yaml'), '--out', out, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  for (const f of [
    'config.yaml',
    'metrics.json',
    'history.csv',
    'predictions.csv',
    'data.json',
    'attention.json',
    'model/model.json',
    'model/weights.safetensors',
  ]) {
    assert.ok(existsSync(join(out, f)), `${f} is missing`);
  }
  assert.ok(!readdirSync(out).some((f) => f.includes('.tmp-')), 'no temp files left');
  const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
  assert.equal(m.task, 'binary');
  assert.equal(m.epochs, 2);
  assert.ok(m.test.accuracy >= 0 && m.test.confusionMatrix.length === 2);
  assert.ok(m.baselines.logisticRegression.accuracy > 0.5);
  assert.equal(readFileSync(join(out, 'history.csv'), 'utf8').trim().split('\n').length, 3);

  const p = seqlab(['predict', out, join(dir, 'rows.csv')]);
  assert.equal(p.status, 0, p.stderr);
  const lines = p.stdout.trim().split('\n');
  assert.equal(lines[0], 'index,label,p_0,p_1');
  assert.equal(lines.length, 21);

  const j = seqlab(['predict', join(out, 'model'), join(dir, 'rows.csv'), '--out', join(dir, 'pred.jsonl')]);
  assert.equal(j.status, 0, j.stderr);
  const first = JSON.parse(readFileSync(join(dir, 'pred.jsonl'), 'utf8').split('\n')[0]!);
  assert.ok(['0', '1'].includes(first.label) && typeof first.p_1 === 'number');

  const e = seqlab(['evaluate', out, join(dir, 'table.csv')]);
  assert.equal(e.status, 0, e.stderr);
  assert.match(e.stdout, /300 rows · accuracy/);
  assert.match(e.stdout, /weighted avg/);

  const rep = seqlab(['report', out]);
  assert.equal(rep.status, 0, rep.stderr);
});

test('train (text) with --json events; predict from stdin lines', () => {
  const out = join(dir, 'run-text');
  const r = seqlab(['train', join(dir, 'text.yaml'), '--out', out, '--json', '--set', 'training.epochs=1']);
  assert.equal(r.status, 0, r.stderr);
  const events = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { event: string });
  assert.deepEqual(
    events.map((e) => e.event),
    ['start', 'data', 'epoch', 'done'],
  );
  const p = seqlab(['predict', out, '-'], {
    input: 'The film was brilliant and the cast was superb!\nThe plot was dull.\n',
  });
  assert.equal(p.status, 0, p.stderr);
  assert.equal(p.stdout.trim().split('\n').length, 3);
});

test('train (series) reports RMSE beside naive baselines; predict forecasts the next step', () => {
  const out = join(dir, 'run-series');
  const r = seqlab(['train', join(dir, 'series.yaml'), '--out', out, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
  assert.equal(m.task, 'regression');
  assert.ok(m.test.rmse > 0 && m.baselines.naive.rmse > 0 && m.baselines.seasonalNaive.rmse > 0);
  assert.ok(existsSync(join(out, 'series.json')));
  const p = seqlab(['predict', out, join(dir, 'series.csv')]);
  assert.equal(p.status, 0, p.stderr);
  const rows = p.stdout.trim().split('\n');
  assert.equal(rows[0], 'index,time,y_true,y_pred');
  assert.match(rows.at(-1)!, /^144,1961-01-01,,/); // the forecast for the month after the data (1960-12)
});

test('--horizon (or --set forecast.horizon) sizes the recipe made from a series file; a config is told where to set it', () => {
  const cfg = join(dir, 'h24.yaml');
  const i = seqlab(['init', join(dir, 'series.csv'), '--horizon', '24', '--out', cfg]);
  assert.equal(i.status, 0, i.stderr);
  assert.match(
    readFileSync(cfg, 'utf8'),
    /units: 24\n[^]*horizon: 24 # a direct 24-step forecast \(--horizon\)/,
  );
  const out = join(dir, 'run-h18');
  const r = seqlab([
    'train',
    join(dir, 'series.csv'),
    '--set',
    'forecast.horizon=18',
    '--epochs',
    '1',
    '--out',
    out,
    '-q',
  ]);
  assert.equal(r.status, 0, r.stderr);
  const f = seqlab(['forecast', out]);
  assert.equal(f.status, 0, f.stderr);
  assert.equal(f.stdout.trim().split('\n').length, 1 + 18, '18 forecasts and the header');
  expectFailure(
    seqlab(['train', join(dir, 'series.yaml'), '--horizon', '6', '--out', join(dir, 'run-no')]),
    /--horizon sizes the recipe made from a data file; .*series\.yaml is a config: set forecast\.horizon: 6 there/,
  );
  assert.ok(!existsSync(join(dir, 'run-no')));
  expectFailure(
    seqlab(['init', join(dir, 'series.csv'), '--horizon', 'soon']),
    /--horizon: expected a positive integer, got 'soon'/,
  );
});

test('tune takes a data file as train does: the recipe init makes, searched around its values', () => {
  const study = join(dir, 'study-series');
  const r = seqlab([
    'tune',
    join(dir, 'series.csv'),
    '--out',
    study,
    '--set',
    'tune.budget.trials=2',
    '--set',
    'training.epochs=2',
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stderr,
    /Decided: forecasting 'passengers'[^]*has no tune\.search: searching around the recipe's own values/,
  );
  assert.match(r.stdout, /^best: trial \d, backtest:mase = /);
  assert.match(
    readFileSync(join(study, 'best.yaml'), 'utf8'),
    new RegExp(`source: ${join(dir, 'series.csv')}`),
  );
});

test('bad input: clear one-line errors, non-zero exit, no run folder', () => {
  const cases: [string, string, RegExp][] = [
    [
      'missing-label',
      TABLE_CONFIG.replace('label: y', 'label: nope'),
      /label column 'nope' not found; the columns are: x1, x2/,
    ],
    [
      'typo',
      TABLE_CONFIG.replace('training: {', 'trainig: {'),
      /trainig: unknown key 'trainig' \(a typo\?\)/,
    ],
    [
      'wrong-type',
      TABLE_CONFIG.replace('units: 8, returnSequences', "units: 'abc', returnSequences"),
      /model\.layers\[0\]\.layer\.units: expected a positive integer, got 'abc'\. Example: \{ type: gru/,
    ],
    [
      'bad-layer',
      TABLE_CONFIG.replace('type: attentionPooling', 'type: atention'),
      /model\.layers\[1\]\.type: unknown type, got 'atention'/,
    ],
    [
      'non-numeric',
      TABLE_CONFIG.replace('table.csv', 'bad-feature.csv').replace(', maxRows: 300', ''),
      /feature column 'x2' is not numeric \(string, e\.g\. "abc" in row 2\)/,
    ],
    ['empty', TABLE_CONFIG.replace('table.csv', 'empty.csv'), /empty/],
    ['no-file', TABLE_CONFIG.replace('table.csv', 'nothere.csv'), /nothere\.csv: no such file/],
  ];
  for (const [name, text, pattern] of cases) {
    writeFileSync(join(dir, `${name}.yaml`), text);
    const out = join(dir, `run-${name}`);
    const r = seqlab(['train', join(dir, `${name}.yaml`), '--out', out]);
    expectFailure(r, pattern);
    assert.ok(!existsSync(out), `${name}: no run folder may be left`);
  }
  expectFailure(seqlab(['train', join(dir, 'missing.yaml')]), /missing\.yaml: no such config/);
  expectFailure(
    seqlab(['train', join(dir, 'table.yaml'), '--set', 'training.epochs=abc']),
    /training\.epochs: expected a positive integer, got 'abc'/,
  );
  expectFailure(seqlab(['describe', join(dir, 'empty.csv')]), /the file is empty/);
  expectFailure(
    seqlab(['describe', join(dir, 'table.csv'), '--label', 'nope']),
    /label column 'nope' not found/,
  );
  expectFailure(seqlab(['report', join(dir, 'nothing')]), /not a complete run folder/);
  const unknown = seqlab(['trian']);
  assert.notEqual(unknown.status, 0);
  assert.match(unknown.stderr, /unknown command 'trian'/);
});

test('a model folder from a newer format version is refused with a clear message', () => {
  const src = join(dir, 'run-table', 'model');
  if (!existsSync(src)) return; // the train test failed already
  const newer = join(dir, 'newer-model');
  cpSync(src, newer, { recursive: true });
  const json = JSON.parse(readFileSync(join(newer, 'model.json'), 'utf8'));
  json.formatVersion = 99;
  writeFileSync(join(newer, 'model.json'), JSON.stringify(json));
  expectFailure(seqlab(['predict', newer, join(dir, 'rows.csv')]), /model format 99.*upgrade seqlab/);
  expectFailure(seqlab(['predict', join(dir, 'nothing'), join(dir, 'rows.csv')]), /no model\.json here/);
  expectFailure(
    seqlab(['predict', src, join(dir, 'bad-feature.csv')]),
    // Every missing column at once (it named x3, then x4 on the next try …).
    /8 feature columns not found: 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9', 'x10'; the columns are: x1, x2, y/,
  );
});

test('Ctrl-C stops after the current batch and still writes a valid run', async () => {
  const out = join(dir, 'run-sigint');
  const child = seqlabAsync([
    'train',
    join(dir, 'table.yaml'),
    '--out',
    out,
    '--json',
    '--set',
    'training.epochs=500',
  ]);
  let stdout = '';
  let sent = false;
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (!sent && stdout.includes('"event":"epoch"')) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  // A valid run, but not the one asked for: exit 130 (as a shell reports Ctrl-C) and say so.
  assert.equal(code, 130, stdout);
  assert.match(stderr, /interrupted/);
  assert.match(stdout, /"event":"interrupted"/);
  const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
  assert.equal(m.interrupted, true);
  assert.ok(m.epochs < 500);
  assert.ok(existsSync(join(out, 'model', 'model.json')));
});

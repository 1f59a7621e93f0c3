// training.refit: the validation run chooses the epochs, then a fresh model learns from every training row.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { validateConfig } from '../../src/experiments/config.js';
import { runExperiment } from '../../src/experiments/runner.js';

const raw = (refit: boolean) => ({
  seed: 1,
  data: { source: 'demo:tabular', type: 'table', label: 'y' },
  model: {
    layers: [
      { type: 'dense', units: 8, activation: 'relu' },
      { type: 'dense', units: 1, activation: 'sigmoid' },
    ],
  },
  compile: { optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] },
  training: { epochs: 4, batchSize: 32, validationSplit: 0.25, earlyStopping: { patience: 1 }, refit },
});

test('refit trains a fresh model on all training rows for the best epoch count, and the report says so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-refit-'));
  const quiet = { verbose: 0, log: () => {}, handleSigint: false } as const;
  const refit = await runExperiment(validateConfig(raw(true)), { out: join(dir, 'refit'), ...quiet });
  const plain = await runExperiment(validateConfig(raw(false)), { out: join(dir, 'plain'), ...quiet });
  const m = refit.metrics as { refit?: { epochs: number }; bestEpoch?: number };
  assert.equal(m.refit?.epochs, m.bestEpoch! + 1);
  assert.equal((plain.metrics as { refit?: unknown }).refit, undefined);
  assert.equal(plain.metrics.bestEpoch, m.bestEpoch, 'the same validation run chose the epochs');
  assert.notDeepEqual(refit.model.getWeights(), plain.model.getWeights(), 'the kept model is the refit one');
  assert.match(
    readFileSync(join(dir, 'refit', 'report.html'), 'utf8'),
    /refit: a fresh model trained on all training rows/,
  );
});

test('refit without a validation split is refused, naming the key', () => {
  const bad = raw(true);
  bad.training.validationSplit = 0;
  assert.throws(() => validateConfig(bad), /training\.refit: refit needs validationSplit > 0/);
});

test('an optimizer with useEma validates and keeps the weight averages', async () => {
  // emaMomentum 1 freezes the average at the weights after the first step: every validation pass, and the
  // model kept, must see those and not the weights being trained.
  const config = raw(false);
  config.compile.optimizer = { name: 'adam', useEma: true, emaMomentum: 1 } as never;
  config.training.earlyStopping.patience = 5;
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-ema-'));
  const run = await runExperiment(validateConfig(config), {
    out: join(dir, 'ema'),
    verbose: 0,
    log: () => {},
    handleSigint: false,
  });
  const rows = readFileSync(join(dir, 'ema', 'history.csv'), 'utf8')
    .trim()
    .split('\n');
  const column = (name: string) => rows.slice(1).map((r) => r.split(',')[rows[0]!.split(',').indexOf(name)]);
  assert.equal(new Set(column('val_loss')).size, 1, rows.join('\n'));
  assert.equal(new Set(column('loss')).size, 4, 'the trained weights moved on');
  assert.equal(run.metrics.bestEpoch, 0);
});

test('a run stopped by training.epochs while val_loss still fell says it may be under-trained', async () => {
  // Two epochs of Adam on the demo table: the second epoch's val_loss is below the first one's.
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-capped-'));
  const quiet = { verbose: 0, log: () => {}, handleSigint: false } as const;
  const config = raw(false);
  config.training.epochs = 2;
  const run = await runExperiment(validateConfig(config), { out: join(dir, 'capped'), ...quiet });
  const history = readFileSync(join(dir, 'capped', 'history.csv'), 'utf8')
    .trim()
    .split('\n');
  const col = history[0]!.split(',').indexOf('val_loss');
  const [v1, v2] = history.slice(1).map((l) => Number(l.split(',')[col]));
  assert.ok(v2! < v1!, `val_loss ${v1} then ${v2}`);
  assert.match(
    (run.metrics.warnings ?? []).join('\n'),
    /val_loss was still improving at the last epoch \(2, training.epochs\): the model may be under-trained; raise training.epochs \(e.g. --set training.epochs=4\)$/m,
  );
  // One epoch has no trend to read: nothing said.
  config.training.epochs = 1;
  const one = await runExperiment(validateConfig(config), { out: join(dir, 'one'), ...quiet });
  assert.doesNotMatch((one.metrics.warnings ?? []).join('\n'), /still improving/);
});

test('a test part of fewer than 10 samples is said to be too few to read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-few-'));
  const quiet = { verbose: 0, log: () => {}, handleSigint: false } as const;
  const config = raw(false) as ReturnType<typeof raw> & { data: Record<string, unknown> };
  config.training.epochs = 1;
  config.data = { ...config.data, maxRows: 40, split: { testSize: 0.2 } };
  const run = await runExperiment(validateConfig(config), { out: join(dir, 'few'), ...quiet });
  assert.equal((run.metrics as { samples?: { test: number } }).samples?.test, 8);
  assert.match(
    (run.metrics.warnings ?? []).join('\n'),
    /the test part holds 8 samples: its metrics rest on too few to read; add rows or raise data.split.testSize/,
  );
});

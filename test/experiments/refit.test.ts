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

// training.refit: the validation run chooses the epochs, then a fresh model learns from every training row.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { validateConfig } from '../../src/pipelines/config.js';
import { runExperiment } from '../../src/pipelines/runner.js';

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

// training.cv in `seqlab train`: K folds of the training rows reported beside the kept model, which the
// cross-validation must leave exactly as a run without it; series are refused (the backtest is theirs).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { validateConfig } from '../../src/experiments/config.js';
import { runExperiment } from '../../src/experiments/runner.js';
import { crossValidate } from '../../src/experiments/cross-validate.js';
import { loadExperimentData } from '../../src/experiments/data.js';
import { prepareData } from '../../src/experiments/prepare.js';

const raw = (cv: boolean) => ({
  seed: 3,
  data: { source: 'demo:tabular', type: 'table', label: 'y', maxRows: 300 },
  model: {
    layers: [
      { type: 'dense', units: 8, activation: 'relu' },
      { type: 'dense', units: 1, activation: 'sigmoid' },
    ],
  },
  compile: { optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] },
  training: {
    epochs: 5,
    batchSize: 32,
    validationSplit: 0.2,
    earlyStopping: { patience: 2 },
    ...(cv ? { cv: { folds: 3 } } : {}),
  },
});
const quiet = { verbose: 0, log: () => {}, handleSigint: false } as const;

test('training.cv: every metric over 3 folds with its mean and sd; the kept model is the same as without', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-cv-'));
  const withCv = await runExperiment(validateConfig(raw(true)), { out: join(dir, 'cv'), ...quiet });
  const plain = await runExperiment(validateConfig(raw(false)), { out: join(dir, 'plain'), ...quiet });
  const cv = (withCv.metrics as { cv?: Record<string, { mean: number; sd: number; folds: number[] }> }).cv!;
  assert.deepEqual(Object.keys(cv).sort(), ['accuracy', 'loss']);
  for (const [name, { mean, sd, folds }] of Object.entries(cv)) {
    assert.equal(folds.length, 3, name);
    assert.ok(folds.every(Number.isFinite), name);
    const m = (folds[0]! + folds[1]! + folds[2]!) / 3;
    assert.ok(Math.abs(mean - m) < 1e-12, `${name} mean`);
    const s = Math.sqrt(folds.reduce((a, f) => a + (f - m) ** 2, 0) / 2);
    assert.ok(Math.abs(sd - s) < 1e-12, `${name} sd`);
  }
  assert.ok(cv.accuracy!.folds.every((a) => a >= 0 && a <= 1));
  const values = (r: typeof plain) => r.model.getWeights().map((w) => Array.from(w.data));
  assert.deepEqual(values(withCv), values(plain), 'cross-validation left the kept model alone');
  assert.deepEqual(withCv.metrics.test, plain.metrics.test);
  assert.match(
    readFileSync(join(dir, 'cv', 'report.html'), 'utf8'),
    /Cross-validation \(3 folds of the training rows\)/,
  );
});

test('training.cv on a series is refused and points to the backtest', async () => {
  const config = validateConfig({
    data: { source: 'demo:timeseries', type: 'series' },
    preprocessing: { series: { windowSize: 8 } },
    model: {
      layers: [
        { type: 'lstm', units: 4 },
        { type: 'dense', units: 1 },
      ],
    },
    compile: { optimizer: 'adam', loss: 'mse' },
    training: { epochs: 1, cv: { folds: 3 } },
  });
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-cv-series-'));
  await assert.rejects(
    runExperiment(config, { out: join(dir, 'run'), ...quiet }),
    /training\.cv: .*backtest/,
  );
});

test('training.cv with fewer than 2 or more folds than training rows is refused before training, writing nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-cv-bad-'));
  for (const folds of [1, 10_000]) {
    const config = raw(true);
    config.training.cv = { folds };
    const out = join(dir, `run-${folds}`);
    await assert.rejects(
      runExperiment(validateConfig(config), { out, ...quiet }),
      /training\.cv\.folds: expected 2 ≤ folds ≤ \d+ \(training rows\), got/,
    );
    assert.ok(!existsSync(out), `${out} was written`);
  }
});

/** The demo table's 0/1 label read as a number: a table regression with training.cv. */
const regression = (maxRows: number) => ({
  ...raw(true),
  data: { source: 'demo:tabular', type: 'table', label: 'y', maxRows, task: 'regression' },
  model: {
    layers: [
      { type: 'dense', units: 8, activation: 'relu' },
      { type: 'dense', units: 1 },
    ],
  },
  compile: { optimizer: 'adam', loss: 'mse' },
});

test('training.cv on a table regression also scores every fold in the label units (rmse_units, mae_units)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-cv-'));
  const config = validateConfig({
    ...regression(300),
    compile: { optimizer: { name: 'adam', learningRate: 0.05 }, loss: 'mse', metrics: ['mae'] },
    // No early stopping, a fast learner: the last epoch is not the best, the scores in units are the best's.
    training: { ...raw(true).training, epochs: 25, earlyStopping: undefined },
  });
  const run = await runExperiment(config, { out: join(dir, 'reg'), ...quiet });
  const cv = (run.metrics as { cv?: Record<string, { folds: number[] }> }).cv!;
  assert.deepEqual(Object.keys(cv).sort(), ['loss', 'mae', 'mae_units', 'rmse_units']);
  // The network learns (y − mean) / std: its val_mae times the training std is the MAE in units.
  const target = run.model.preprocessing!.steps.find(
    ([, s]) => s.kind === 'RegressionTarget',
  )![1] as unknown as {
    std: number;
  };
  cv.mae!.folds.forEach((m, k) =>
    assert.ok(Math.abs(cv.mae_units!.folds[k]! - m * target.std) < 1e-4 * target.std, `fold ${k + 1}`),
  );
  cv.rmse_units!.folds.forEach((r, k) =>
    assert.ok(r >= cv.mae_units!.folds[k]! - 1e-9, `fold ${k + 1}: RMSE ≥ MAE`),
  );
});

test('cv:rmse_units as an objective: each fold at its best val_loss epoch, the mean RMSE in units; refused off table regressions', async () => {
  const reg = validateConfig(regression(200));
  const prepared = prepareData(await loadExperimentData(reg), reg);
  const { value, summary } = await crossValidate(reg, prepared, 'val_rmse_units');
  const folds = summary.rmse_units!.folds;
  assert.equal(folds.length, 3);
  assert.ok(Math.abs(value - folds.reduce((a, b) => a + b, 0) / 3) < 1e-12);
  const cls = validateConfig(raw(true));
  await assert.rejects(
    crossValidate(cls, prepareData(await loadExperimentData(cls), cls), 'val_rmse_units'),
    /scored for table regressions only/,
  );
});

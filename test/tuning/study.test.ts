/** Studies through the CLI: determinism, resume after kill -9, the lock, the report and best.yaml. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, seqlab } from '../e2e/helpers.js';
import { readStudy, type StudyFile } from '../../src/tuning/study.js';
import { runTrial, VersionMismatchError } from '../../src/tuning/trial.js';
import { loadConfig } from '../../src/experiments/config.js';

const seed = (Math.random() * 1e6) | 0;

function config(dir: string, trials: number, epochs: number, extra = ''): string {
  const path = join(dir, 'tune.yaml');
  writeFileSync(
    path,
    `name: tab
seed: ${seed}
data: { source: demo:tabular, type: table, label: y, maxRows: 300 }
preprocessing: { scaler: standard }
model:
  layers:
    - { type: dense, units: 16, activation: relu }
    - { type: dense, units: 1, activation: sigmoid }
compile: { optimizer: adam, metrics: [accuracy] }
training: { epochs: ${epochs}, batchSize: 32, validationSplit: 0.25 }
tune:
  search:
    model.layers[0].units: { int: [2, 64], log: true }
    compile.optimizer.learningRate: { loguniform: [1e-4, 1e-1] }
  objective: { metric: val_loss }
  budget: { trials: ${trials} }
  sampler: tpe
  startupTrials: 3
  pruner: median
${extra}`,
  );
  return path;
}

const summary = (s: StudyFile): string[] =>
  s.trials.map((t) => `${t.number} ${t.state} ${JSON.stringify(t.params)} ${t.value ?? ''}`);

test('a study resumes after kill -9 with no finished trial lost or repeated, and matches an uninterrupted run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-tune-'));
  // Enough trials, each long enough, that the kill lands mid-study even on an idle machine.
  const cfg = config(dir, 12, 30);
  const full = seqlab(['tune', cfg, '--out', join(dir, 'full'), '-q']);
  assert.equal(full.status, 0, full.stderr);
  const reference = readStudy(join(dir, 'full'));
  assert.equal(reference.trials.length, 12);

  const killed = join(dir, 'killed');
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'tune', cfg, '--out', killed, '-q'], {
    env: { ...process.env, SEQLAB_NUM_THREADS: '1' },
    stdio: 'ignore',
  });
  // Kill -9 once two trials have finished.
  for (let i = 0; i < 3000; i++) {
    await new Promise((r) => setTimeout(r, 20));
    if (
      existsSync(join(killed, 'study.json')) &&
      readStudy(killed).trials.filter((t) => t.state !== 'running').length >= 2
    )
      break;
  }
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const before = readStudy(killed);
  const doneBefore = before.trials.filter((t) => t.state !== 'running');
  assert.ok(
    doneBefore.length >= 2 && before.trials.length < 12,
    `seed ${seed}: ${before.trials.length} trials when killed`,
  );

  const resumed = seqlab(['tune', '--resume', killed]);
  assert.equal(resumed.status, 0, resumed.stderr);
  const after = readStudy(killed);
  assert.deepEqual(
    after.trials.map((t) => t.number),
    Array.from({ length: 12 }, (_, i) => i),
  );
  for (const t of doneBefore)
    assert.deepEqual(after.trials[t.number], t, `seed ${seed}: trial ${t.number} changed on resume`);
  // Same seed and worker count → the same trials, values included (training is deterministic).
  assert.deepEqual(summary(after), summary(reference), `seed ${seed}`);
  assert.ok(existsSync(join(killed, 'report.html')) && existsSync(join(killed, 'objective.png')));
  const best = readFileSync(join(killed, 'best.yaml'), 'utf8');
  assert.match(best, /# Train it: seqlab train best.yaml/);
  assert.doesNotMatch(best, /^tune:/m);
  const trainable = await loadConfig(join(killed, 'best.yaml'));
  assert.equal(trainable.name, 'tab');
});

test('two workers give the same trials as each other run to run; a second tune on the folder refuses', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-tune-'));
  const cfg = config(dir, 4, 3);
  const a = seqlab(['tune', cfg, '--out', join(dir, 'a'), '--workers', '2', '-q']);
  const b = seqlab(['tune', cfg, '--out', join(dir, 'b'), '--workers', '2', '-q']);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(b.status, 0, b.stderr);
  assert.deepEqual(summary(readStudy(join(dir, 'a'))), summary(readStudy(join(dir, 'b'))), `seed ${seed}`);
  // A live process holds the lock: the second tune refuses and names it.
  writeFileSync(join(dir, 'a', 'study.lock'), String(process.pid));
  const second = seqlab(['tune', '--resume', join(dir, 'a')]);
  assert.equal(second.status, 1);
  assert.match(second.stderr, new RegExp(`another seqlab tune \\(process ${process.pid} on `));
  // An existing study is not overwritten by a new one.
  const again = seqlab(['tune', cfg, '--out', join(dir, 'b')]);
  assert.match(again.stderr, /already holds a study; resume it/);
});

test('a trial that crashes is recorded as failed with its message and the study goes on', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-tune-'));
  const cfg = config(dir, 4, 2);
  writeFileSync(
    cfg,
    readFileSync(cfg, 'utf8').replace(
      'compile.optimizer.learningRate: { loguniform: [1e-4, 1e-1] }',
      'compile.loss: { choice: [binaryCrossentropy, noSuchLoss] }',
    ),
  );
  const r = seqlab(['tune', cfg, '--out', join(dir, 's'), '-q']);
  assert.equal(r.status, 0, r.stderr);
  const s = readStudy(join(dir, 's'));
  assert.equal(s.trials.length, 4);
  for (const t of s.trials) {
    const bad = t.params['compile.loss'] === 'noSuchLoss';
    assert.equal(t.state === 'failed', bad, `seed ${seed}: trial ${t.number} ${t.state} ${t.error ?? ''}`);
    if (bad) assert.match(t.error!, /noSuchLoss/);
  }
});

test('a job from another seqlab version is refused, naming both versions', async () => {
  await assert.rejects(
    runTrial({
      study: 's',
      number: 0,
      params: {},
      config: {},
      objective: { metric: 'val_loss', direction: 'minimize' },
      pruner: 'none',
      history: [],
      version: '0.0.1-other',
    }),
    (e: Error) =>
      e instanceof VersionMismatchError &&
      /seqlab 0\.0\.1-other/.test(e.message) &&
      /this worker runs seqlab/.test(e.message),
  );
});

test('a config without a tune block gets the default search; best.yaml trains on all the data the backtest search cut', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-tune-'));
  const cfg = join(dir, 'series.yaml');
  writeFileSync(
    cfg,
    `name: ts
seed: ${seed}
data: { source: demo:timeseries, type: series, split: { testSize: 0.3 } }
preprocessing: { series: { windowSize: 8 } }
model:
  layers:
    - { type: lstm, units: 8 }
    - { type: dropout, rate: 0.1 }
    - { type: dense, units: 4 }
compile: { optimizer: { name: adam, learningRate: 0.002 }, loss: mse }
training: { epochs: 4, batchSize: 16 }
forecast: { horizon: 4 }
evaluation: { backtest: { origins: 3 } }
`,
  );
  const r = seqlab([
    'tune',
    cfg,
    '--out',
    join(dir, 'study'),
    '--set',
    'tune.budget.trials=2',
    '--set',
    'tune.budget.maxEpochs=2',
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /has no tune\.search: searching around the recipe's own values/);
  assert.match(r.stderr, /model\.layers\[0\]\.units: \{"int":\[2,32\],"log":true\}/);
  assert.match(r.stderr, /model\.layers\[1\]\.rate: \{"float":\[0,0\.5\]\}/);
  assert.match(r.stderr, /compile\.optimizer\.learningRate: \{"loguniform":\[0\.0002,0\.02\]\}/);
  assert.match(r.stderr, /objective: \{"metric":"backtest:mase"\}/);
  const study = readStudy(join(dir, 'study'));
  assert.equal(study.trials.length, 2);
  // The trials saw the training part only, for 2 epochs; best.yaml gets the config's data and epochs back.
  const trialData = study.config.data as Record<string, unknown>;
  assert.equal(trialData.trainPartOnly, true);
  assert.equal((study.config.training as Record<string, unknown>).epochs, 2);
  const best = readFileSync(join(dir, 'study', 'best.yaml'), 'utf8');
  assert.doesNotMatch(best, /maxRows|trainPartOnly/);
  assert.match(best, /epochs: 4/);
});

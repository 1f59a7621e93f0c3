/** Runner pieces: series transforms and their inversion, run-folder atomicity, scores, baselines. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seriesInvert, seriesTransform } from '../../src/data/preprocessing/series-steps.js';
import { classesFromProbs } from '../../src/data/preprocessing/labels.js';
import { RunFolder } from '../../src/experiments/run-folder.js';
import { toCsv } from '../../src/data/io/write-csv.js';
import { classificationScores, majorityClass, regressionScores } from '../../src/experiments/scoring.js';
import { validateConfig } from '../../src/experiments/config.js';
import { runExperiment } from '../../src/experiments/runner.js';
import { seededRandom } from '../../src/data/random.js';
import { historyCsv } from '../../src/experiments/outputs.js';

test('series transform (log, seasonal and ordinary differences) inverts exactly with the true values', () => {
  const y = Array.from({ length: 40 }, (_, t) => 100 + 3 * t + 10 * Math.sin(t / 2));
  for (const s of [
    { windowSize: 3, log: false, difference: 0, seasonalDifference: 0 },
    { windowSize: 3, log: true, difference: 0, seasonalDifference: 12 },
    { windowSize: 3, log: true, difference: 1, seasonalDifference: 12 },
  ]) {
    const { z, start } = seriesTransform(y, s);
    assert.equal(start, s.seasonalDifference + s.difference);
    for (let t = start; t < y.length; t++) assert.ok(Math.abs(seriesInvert(z[t]!, t, y, s) - y[t]!) < 1e-9);
  }
});

test('RunFolder writes atomically and abort removes a folder it created', async () => {
  const root = mkdtempSync(join(tmpdir(), 'seqlab-run-'));
  const run = new RunFolder(join(root, 'r'));
  await run.open();
  await run.writeJson('metrics.json', { a: NaN, b: Float32Array.of(1, 2) });
  assert.deepEqual(readdirSync(join(root, 'r')), ['metrics.json']);
  run.abort();
  assert.ok(!existsSync(join(root, 'r')));
  // In a folder that already had files, abort removes only what this run wrote.
  writeFileSync(join(root, 'keep.txt'), 'x');
  const run2 = new RunFolder(root);
  await run2.write('new.csv', toCsv(['a'], [[1]]));
  run2.abort();
  assert.deepEqual(readdirSync(root).sort(), ['keep.txt']);
});

test('scores: sigmoid and softmax outputs, per-class report, majority class', () => {
  assert.deepEqual(Array.from(classesFromProbs(Float32Array.of(0.2, 0.7), 1)), [0, 1]);
  assert.deepEqual(Array.from(classesFromProbs(Float32Array.of(0.1, 0.6, 0.3, 0.5, 0.2, 0.3), 3)), [1, 0]);
  const s = classificationScores(
    Int32Array.of(0, 1, 1, 1),
    Int32Array.of(0, 1, 0, 1),
    ['neg', 'pos'],
    [0.1, 0.9, 0.4, 0.8],
  );
  assert.equal(s.accuracy, 0.75);
  assert.equal(s.precision, 1);
  assert.deepEqual(s.confusionMatrix, [
    [1, 0],
    [1, 2],
  ]);
  assert.match(String(s.classificationReport), /weighted avg/);
  // A class neither in the test rows nor predicted ('c', one training row) is not scored, as
  // scikit-learn's classification_report leaves it out: by hand, a: P 1/2 R 1, b: P 1 R 1/2, so the
  // macro F1 is the mean of 2/3 and 2/3 (it was divided by 3, with c's 0).
  const three = classificationScores(Int32Array.of(0, 1, 1), Int32Array.of(0, 0, 1), ['a', 'b', 'c']);
  assert.deepEqual(Object.keys(three.perClass as object), ['a', 'b']);
  assert.ok(Math.abs((three.macroF1 as number) - 2 / 3) < 1e-12, String(three.macroF1));
  assert.equal((three.confusionMatrix as number[][]).length, 3);
  assert.deepEqual(Array.from(majorityClass(Int32Array.of(2, 2, 1), 3)), [2, 2, 2]);
  assert.equal(
    historyCsv({ loss: [0.5], val_loss: [0.6], accuracy: [0.7] }),
    'epoch,loss,accuracy,val_loss\n1,0.5,0.7,0.6\n',
  );
});

test('MAPE is null where true values are 0 (counts), and the run says why', async () => {
  // Without zeros: scikit-learn's mean |e| / |y|, computed by hand.
  const plain = regressionScores([2, -4, 5], [1, -4, 6]);
  assert.ok(Math.abs((plain.mape as number) - (1 / 2 + 0 + 1 / 5) / 3) < 1e-12);
  assert.equal(plain.zeroTargets, undefined);
  // One zero: the epsilon floor would give ~1.5e15; the other metrics stay.
  const zero = regressionScores([0, 2, 4], [1, 2, 3]);
  assert.equal(zero.mape, null);
  assert.equal(zero.zeroTargets, 1);
  assert.equal(zero.mae, 2 / 3);

  // A table regression on daily counts, most of them 0.
  const seed = Date.now() % 100000;
  console.log(`# seed ${seed}`);
  const rnd = seededRandom(seed);
  const rows = Array.from({ length: 120 }, () => {
    const x = rnd.uniform();
    return `${x.toFixed(4)},${x > 0.7 ? Math.round(10 * x) : 0}`;
  });
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-zero-'));
  writeFileSync(join(dir, 'counts.csv'), `x,units\n${rows.join('\n')}\n`);
  const run = await runExperiment(
    validateConfig({
      data: { source: join(dir, 'counts.csv'), type: 'table', label: 'units', task: 'regression' },
      model: { layers: [{ type: 'dense', units: 1 }] },
      compile: { optimizer: 'adam', loss: 'mse' },
      training: { epochs: 1, batchSize: 32 },
    }),
    { out: join(dir, 'run'), verbose: 0, log: () => {}, handleSigint: false },
  );
  const m = run.metrics as { test: Record<string, unknown>; warnings?: string[] };
  assert.equal(m.test.mape, null);
  assert.ok((m.test.zeroTargets as number) > 0);
  assert.match(
    m.warnings?.join('\n') ?? '',
    /MAPE is left out: \d+ of the 96 training values and \d+ of the 24 test values are 0/,
  );
});

test('rows without a label are left out and said; a missing feature still names its row in the file', async () => {
  const seed = Date.now() % 100000;
  console.log(`# seed ${seed}`);
  const rnd = seededRandom(seed);
  const rows = Array.from({ length: 100 }, (_, i) => {
    const x = rnd.uniform();
    return `${x.toFixed(4)},${i % 10 === 3 ? '' : x > 0.5 ? 'yes' : 'no'}`; // 10 rows unlabelled
  });
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-unlabelled-'));
  const config = (file: string) =>
    validateConfig({
      data: { source: join(dir, file), type: 'table', label: 'bought' },
      model: { layers: [{ type: 'dense', units: 1, activation: 'sigmoid' }] },
      compile: { optimizer: 'adam', loss: 'binaryCrossentropy' },
      training: { epochs: 1, batchSize: 32 },
    });
  const quiet = { verbose: 0, log: () => {}, handleSigint: false } as const;
  writeFileSync(join(dir, 'a.csv'), `x,bought\n${rows.join('\n')}\n`);
  const run = await runExperiment(config('a.csv'), { out: join(dir, 'run'), ...quiet });
  const m = run.metrics as unknown as { samples: { train: number; test: number }; warnings?: string[] };
  assert.equal(m.samples.train + m.samples.test, 90);
  assert.match(
    m.warnings?.join('\n') ?? '',
    /10 of 100 rows have no 'bought': left out of training and testing/,
  );
  // Text the same (before: "LabelEncoder.fit: label at row 0 is missing").
  const texts = rows.map((r, i) => `${i % 2 ? 'good' : 'bad'} review ${i},${r.split(',')[1]}`);
  writeFileSync(join(dir, 't.csv'), `review,bought\n${texts.join('\n')}\n`);
  const text = await runExperiment(
    validateConfig({
      data: { source: join(dir, 't.csv'), type: 'text', text: 'review', label: 'bought' },
      preprocessing: { text: { outputMode: 'multiHot', maxTokens: 50 } },
      model: { layers: [{ type: 'dense', units: 1, activation: 'sigmoid' }] },
      compile: { optimizer: 'adam', loss: 'binaryCrossentropy' },
      training: { epochs: 1, batchSize: 32 },
    }),
    { out: join(dir, 'run-t'), ...quiet },
  );
  assert.match((text.metrics.warnings ?? []).join('\n'), /10 of 100 rows have no 'bought'/);
  // Data row 60 lacks x (data.missing: error): named as the file's row, not the row among labelled ones.
  rows[59] = `,yes`;
  writeFileSync(join(dir, 'b.csv'), `x,bought\n${rows.join('\n')}\n`);
  await assert.rejects(
    runExperiment(config('b.csv'), { out: join(dir, 'run-b'), ...quiet }),
    /column 'x' has a missing value in data row 60/,
  );
});

test('windowed classification: a baseline on window statistics sees classes that differ in how a signal moves', async () => {
  // Three activities of 100 rows at a time, readings around 0 whose spread is the class (0.1, 0.7, 1.4):
  // a linear model on the raw steps sees no difference in level and stays near chance; one on each
  // feature's standard deviation over the window separates them.
  const seed = Date.now() % 100000;
  console.log(`# seed ${seed}`);
  const rnd = seededRandom(seed);
  const spread: Record<string, number> = { sit: 0.1, walk: 0.7, run: 1.4 };
  const names = Object.keys(spread);
  const rows: string[] = [];
  for (let block = 0; block < 30; block++) {
    const activity = names[block % 3]!;
    for (let i = 0; i < 100; i++) {
      const t = block * 100 + i;
      const g = () => spread[activity]! * (rnd.uniform() * 2 - 1) * Math.sqrt(3);
      rows.push(
        `${new Date(Date.UTC(2024, 0, 1) + t * 20).toISOString()},${g().toFixed(4)},${g().toFixed(4)},${activity}`,
      );
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-har-'));
  writeFileSync(join(dir, 'har.csv'), `timestamp,acc_x,acc_y,activity\n${rows.join('\n')}\n`);
  const run = await runExperiment(
    validateConfig({
      data: {
        source: join(dir, 'har.csv'),
        type: 'windows',
        label: 'activity',
        features: ['acc_x', 'acc_y'],
        time: 'timestamp',
        split: { testSize: 0.2, chronological: true },
      },
      preprocessing: { windows: { windowSize: 12 } },
      model: {
        layers: [
          { type: 'lstm', units: 4 },
          { type: 'dense', units: 3, activation: 'softmax' },
        ],
      },
      compile: { optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] },
      training: { epochs: 1, batchSize: 64 },
    }),
    { out: join(dir, 'run'), verbose: 0, log: () => {}, handleSigint: false },
  );
  const b = (run.metrics as unknown as { baselines: Record<string, { accuracy: number; about?: string }> })
    .baselines;
  // Windows that straddle two activities (11 of every 100) are the statistics' errors.
  assert.ok(b.windowStatistics!.accuracy > 0.8, `seed ${seed}: ${JSON.stringify(b)}`);
  assert.ok(b.logisticRegression!.accuracy < 0.6, `seed ${seed}: ${JSON.stringify(b)}`);
  assert.match(b.windowStatistics!.about!, /standard deviation/);
  // A number asked of windows was read as one class per distinct value; it now names the way to do it.
  await assert.rejects(
    runExperiment(
      validateConfig({
        data: {
          source: join(dir, 'har.csv'),
          type: 'windows',
          label: 'acc_x',
          features: ['acc_y'],
          task: 'regression',
        },
        preprocessing: { windows: { windowSize: 12 } },
        model: { layers: [{ type: 'dense', units: 1 }] },
        compile: { optimizer: 'adam', loss: 'mse' },
      }),
      { out: join(dir, 'run2'), verbose: 0, log: () => {}, handleSigint: false },
    ),
    /use data\.type series with data\.value: acc_x and data\.covariates: \{ past: \[acc_y\] \}/,
  );
});

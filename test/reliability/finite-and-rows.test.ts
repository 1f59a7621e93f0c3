/**
 * Issue 25, defects 2, 5 and 7: Infinity in the data is named as such; non-finite weights are never
 * saved or loaded (and training stops at the update that made them); `predict` gives one row per input
 * line, empty lines included; a model.json whose weights cannot all be placed never predicts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { loadDemo } from '../../src/data/datasets/demo.js';
import { frameToCsv } from '../../src/data/io/write-csv.js';
import { SeqlabError } from '../../src/errors.js';
import { loadConfig } from '../../src/experiments/config.js';
import { loadTrainedModel, predictFrame, readPredictInput } from '../../src/experiments/predict.js';
import { runExperiment } from '../../src/experiments/runner.js';
import { layers } from '../../src/layers/index.js';
import { NonFiniteError } from '../../src/model/finite.js';
import { sequential } from '../../src/model/sequential.js';
import { loadModel } from '../../src/model/serialization.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();
const quiet = { verbose: 0 as const, log: () => {}, handleSigint: false };

test('Infinity and values beyond float32 in a table are named, with the column and row', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-inf-'));
  const n = 40;
  const bad = rng.int(5, n);
  for (const value of ['Infinity', '-Infinity', '1e308', '-1e308']) {
    const rows = Array.from({ length: n }, (_, i) => {
      const x1 = i === bad ? value : (rng.uniform() * 2 - 1).toFixed(4);
      return `${x1},${(rng.uniform() * 2 - 1).toFixed(4)},${i % 2}`;
    });
    // Data row 1 has a missing cell (dropped by the policy); the row named is the one in the file.
    writeFileSync(join(dir, 't.csv'), `x1,x2,y\n,0.5,1\n${rows.join('\n')}\n`);
    writeFileSync(
      join(dir, 'c.yaml'),
      `name: inf\ndata: { source: t.csv, type: table, label: y, missing: drop }\npreprocessing: { scaler: none }\n` +
        `model: { layers: [ { type: dense, units: 1, activation: sigmoid } ] }\ntraining: { epochs: 1 }\n`,
    );
    const config = await loadConfig(join(dir, 'c.yaml'));
    await assert.rejects(
      runExperiment(config, { ...quiet, out: join(dir, `run-${value}`) }),
      (e: unknown) => {
        assert.ok(e instanceof SeqlabError, String(e));
        assert.match(e.message, /column 'x1'/);
        // The missing row is data row 1, so row i of the list is data row i + 2.
        assert.match(
          e.message,
          new RegExp(`data row ${bad + 2}\\b`),
          `${value}: ${e.message} (seed ${rng.seed})`,
        );
        assert.match(e.message, /Infinity|beyond what float32 holds/);
        assert.match(e.message, /not a missing value/);
        return true;
      },
    );
  }
});

test('non-finite weights: never saved, never loaded, and training stops at the update that made them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-nanw-'));
  const model = sequential([layers.dense({ units: 2 }), layers.dense({ units: 1 })], {
    seed: rng.int(1, 1e6),
  });
  model.build([null, 3]);
  await model.save(join(dir, 'ok'));
  const w = model.getWeights();
  const k = rng.int(0, w[2]!.size);
  w[2]!.data[k] = Number.NaN;
  model.setWeights(w);
  await assert.rejects(model.save(join(dir, 'nan')), (e: unknown) => {
    assert.ok(e instanceof NonFiniteError);
    assert.match(e.message, new RegExp(`dense_\\d+/kernel\\[${k}\\] is NaN`));
    return true;
  });
  // A weights file damaged on disk: its float32 bits replaced by +Infinity.
  const file = join(dir, 'ok', 'weights.safetensors');
  const bytes = readFileSync(file);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  bytes.writeFloatLE(Infinity, 8 + headerLength + 4 * rng.int(0, 8));
  writeFileSync(file, bytes);
  await assert.rejects(loadModel(join(dir, 'ok')), /weights\.safetensors: weight .* is Infinity/);

  // A learning rate so large that one update overflows float32 although the loss was finite.
  const x = sequential([layers.dense({ units: 1 })], { seed: 1 });
  x.build([null, 2]);
  x.compile({ optimizer: { name: 'sgd', learningRate: 1e38 }, loss: 'mse' });
  await assert.rejects(
    x.fit([[1e3, -1e3]], [[1e3]], { epochs: 1, batchSize: 1, verbose: 0 }),
    (e: unknown) => e instanceof NonFiniteError && /after the update of epoch 1, batch 1/.test(e.message),
  );
});

test('a model.json without inputShape, or with weights no layer takes, is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-shape-'));
  const model = sequential([layers.dense({ units: 2 })], { seed: rng.int(1, 1e6) });
  model.build([null, 3]);
  await model.save(join(dir, 'm'));
  const jsonPath = join(dir, 'm', 'model.json');
  const original = JSON.parse(readFileSync(jsonPath, 'utf8')) as { config: Record<string, unknown> };
  for (const shape of [null, 'x', [null], [null, -3]]) {
    writeFileSync(
      jsonPath,
      JSON.stringify({ ...original, config: { ...original.config, inputShape: shape } }),
    );
    await assert.rejects(loadModel(join(dir, 'm')), /config\.inputShape must be a list/);
  }
  // Claims of 3,000,000 units fail before anything that size is allocated.
  const big = structuredClone(original) as { config: { layers: { config: { units: number } }[] } };
  big.config.layers[0]!.config.units = 3_000_000;
  writeFileSync(jsonPath, JSON.stringify(big));
  const t0 = performance.now();
  await assert.rejects(
    loadModel(join(dir, 'm')),
    /the architecture has 12000000 parameters .* holds only 8 values/,
  );
  assert.ok(performance.now() - t0 < 5000);
});

test('predict keeps one output row per input line, empty lines included, in order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-lines-'));
  writeFileSync(join(dir, 'text.csv'), frameToCsv(loadDemo('text')));
  writeFileSync(
    join(dir, 'c.yaml'),
    `name: lines\nseed: ${rng.int(1, 1e6)}\ndata: { source: text.csv, type: text, text: text, label: label }\n` +
      `preprocessing: { text: { mode: sequence, numWords: 100, maxlen: 12 } }\n` +
      `model: { layers: [ { type: embedding, outputDim: 4, maskZero: true }, { type: lstm, units: 4 }, ` +
      `{ type: dense, units: 1, activation: sigmoid } ] }\ntraining: { epochs: 1 }\n`,
  );
  await runExperiment(await loadConfig(join(dir, 'c.yaml')), { ...quiet, out: join(dir, 'run') });
  const trained = await loadTrainedModel(join(dir, 'run'));
  const lines = ['a wonderful film', '', 'dull and boring', '   ', 'great story'];
  writeFileSync(join(dir, 'in.txt'), lines.join('\n') + '\n');
  const all = predictFrame(trained, await readPredictInput(join(dir, 'in.txt'), trained.info));
  assert.equal(all.rows.length, lines.length);
  assert.deepEqual(
    all.rows.map((r) => r[0]),
    lines.map((_, i) => i),
  );
  // Each row is the prediction of its own line, predicted alone.
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    writeFileSync(join(dir, 'one.txt'), `${line}\n`);
    const one = predictFrame(trained, await readPredictInput(join(dir, 'one.txt'), trained.info));
    assert.deepEqual(all.rows[i]!.slice(1), one.rows[0]!.slice(1), `line ${i}`);
  }
});

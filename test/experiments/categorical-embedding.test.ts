// A categorical feature with many levels: learned embeddings (ColumnEmbedding, added before the configured
// layers) against one-hot columns for its most frequent levels only. The label is a function of the
// level, so a model that can tell every level apart is near 1 and one that lumps most into "other" is not.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { validateConfig } from '../../src/experiments/config.js';
import { runExperiment } from '../../src/experiments/runner.js';
import { Frame } from '../../src/data/frame.js';
import { loadTrainedModel, predictFrame } from '../../src/experiments/predict.js';
import { seededRng } from '../helpers/rng.js';

const quiet = { verbose: 0, log: () => {}, handleSigint: false } as const;

test('80 levels: embedded ids learn the level, one-hot of the top 32 cannot; the saved model predicts unseen levels', async () => {
  const rng = seededRng();
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-embed-'));
  const levels = 80;
  const sign = Array.from({ length: levels }, () => rng.uniform() < 0.5);
  const lines = ['noise,shop,y'];
  for (let i = 0; i < 1600; i++) {
    const shop = rng.int(0, levels);
    lines.push(`${rng.uniform().toFixed(3)},s${shop},${sign[shop] ? 'up' : 'down'}`);
  }
  const path = join(dir, 'shops.csv');
  writeFileSync(path, lines.join('\n'));
  const config = (embed: boolean) =>
    validateConfig({
      seed: 1,
      data: { source: path, type: 'table', label: 'y', categorical: ['shop'] },
      preprocessing: { scaler: 'standard', embedCategorical: embed },
      model: {
        layers: [
          { type: 'dense', units: 16, activation: 'relu' },
          { type: 'dense', units: 1, activation: 'sigmoid' },
        ],
      },
      compile: { optimizer: { name: 'adam', learningRate: 0.01 }, loss: 'binaryCrossentropy' },
      training: { epochs: 25, batchSize: 32 },
      evaluation: { baselines: ['logisticRegression'] },
    });
  const misplaced = config(true);
  misplaced.model.layers.splice(1, 0, { type: 'columnEmbedding' });
  await assert.rejects(
    runExperiment(misplaced, { out: join(dir, 'misplaced'), ...quiet }),
    /model.layers\[1\]: columnEmbedding reads the table's id columns, so it must be the first layer/,
  );
  const embedded = await runExperiment(config(true), { out: join(dir, 'embedded'), ...quiet });
  const oneHot = await runExperiment(config(false), { out: join(dir, 'one-hot'), ...quiet });
  const acc = (r: typeof embedded) => (r.metrics.test as { accuracy: number }).accuracy;
  assert.equal(embedded.model.layers[0]!.className, 'ColumnEmbedding');
  assert.ok(acc(embedded) >= 0.95, `embedded ${acc(embedded)} (seed ${rng.seed})`);
  assert.ok(
    acc(oneHot) < acc(embedded) - 0.1,
    `one-hot ${acc(oneHot)} vs ${acc(embedded)} (seed ${rng.seed})`,
  );
  // The linear baseline reads the ids one-hot (every level here), so it can learn them too.
  const baseline = (embedded.metrics.baselines as Record<string, { accuracy: number }>).logisticRegression!;
  assert.ok(baseline.accuracy >= 0.95, `baseline ${baseline.accuracy} (seed ${rng.seed})`);

  const trained = await loadTrainedModel(join(dir, 'embedded'));
  const up = sign.findIndex((s) => s);
  const down = sign.findIndex((s) => !s);
  const out = predictFrame(
    trained,
    Frame.fromColumns({ noise: [0.5, 0.5, 0.5], shop: [`s${up}`, `s${down}`, 'a shop never seen'] }),
  );
  const label = out.header.indexOf('label');
  assert.deepEqual(
    out.rows.slice(0, 2).map((r) => r[label]),
    ['up', 'down'],
  );
  assert.equal(out.rows.length, 3, 'an unseen level is predicted (as "other"), not refused');
});

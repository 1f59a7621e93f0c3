/** A text run end to end through the library: two text columns, Chinese and English, tf-idf bigrams, sparse loss, pretrained vectors, a numeric label. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Frame } from '../../src/data/frame.js';
import { validateConfig } from '../../src/experiments/config.js';
import { readTable } from '../../src/experiments/data.js';
import { inferRoles } from '../../src/experiments/infer.js';
import { initConfig } from '../../src/experiments/init-config.js';
import { loadTrainedModel, predictFrame } from '../../src/experiments/predict.js';
import { runExperiment } from '../../src/experiments/runner.js';
import { seededRng } from '../helpers/rng.js';

const dir = mkdtempSync(join(tmpdir(), 'seqlab-text-run-'));
const rng = seededRng();
const good = ['非常好看', '很喜欢', 'great', 'loved'];
const bad = ['很差', '不喜欢', 'awful', 'boring'];
const rows = ['title,body,label'];
for (let i = 0; i < 160; i++) {
  const cls = i % 3; // 0 bad, 1 good, 2 mixed-neutral
  const words = cls === 0 ? bad : cls === 1 ? good : ['一般', 'okay'];
  const pick = (): string => words[rng.int(0, words.length)]!;
  rows.push(`${pick()} 电影,${pick()}${pick()} film ${rng.int(0, 50)},${['neg', 'pos', 'mid'][cls]}`);
}
const csv = join(dir, 'reviews.csv');
writeFileSync(csv, rows.join('\n') + '\n');

test(`text run: tf-idf bigrams over two columns with a sparse loss beat chance and report the TF-IDF baseline (seed ${rng.seed})`, async () => {
  const config = validateConfig({
    name: 'text-run',
    seed: 1,
    data: { source: csv, type: 'text', text: ['title', 'body'], label: 'label' },
    preprocessing: {
      text: { outputMode: 'tfIdf', ngrams: 2, idfFormula: 'sklearn', sublinearTf: true, norm: 'l2' },
    },
    model: { layers: [{ type: 'dense', units: 3, activation: 'softmax' }] },
    compile: {
      optimizer: { name: 'adam', learningRate: 0.1 },
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    },
    training: { epochs: 15, batchSize: 16 },
  });
  const out = join(dir, 'run');
  const r = await runExperiment(config, { out, verbose: 0, handleSigint: false });
  const base = r.metrics.baselines!.tfidfLogisticRegression!;
  assert.ok((base.accuracy as number) > 0.9, `baseline accuracy ${base.accuracy}`);
  assert.ok((r.metrics.test.accuracy as number) > 0.9, `model accuracy ${r.metrics.test.accuracy}`);
  assert.match(String(base.about), /word 1–2-grams/);
  const trained = await loadTrainedModel(join(out, 'model'));
  const pred = predictFrame(trained, new Frame({ title: ['很喜欢 电影'], body: ['great film'] }));
  assert.equal(pred.rows[0]![pred.header.indexOf('label')], 'pos');
});

test('text run: an embedding with pretrained vectors is initialised from the file', async () => {
  const vec = join(dir, 'vectors.vec');
  writeFileSync(vec, '3 2\n电影 0.5 -0.25\nfilm 0.125 0.75\nnothere 1 1\n');
  const config = validateConfig({
    name: 'text-vectors',
    seed: 1,
    data: { source: csv, type: 'text', text: ['title', 'body'], label: 'label' },
    preprocessing: { text: { outputMode: 'int', outputSequenceLength: 8 } },
    model: {
      layers: [
        { type: 'embedding', outputDim: 2, pretrained: vec, trainable: false },
        { type: 'globalAveragePooling1d' },
        { type: 'dense', units: 3, activation: 'softmax' },
      ],
    },
    training: { epochs: 1, batchSize: 32 },
  });
  const r = await runExperiment(config, { out: join(dir, 'run-vec'), verbose: 0, handleSigint: false });
  const vocab = r.prepared.info.decode!(
    Int32Array.from({ length: r.prepared.info.vocabulary! }, (_, i) => i),
  );
  const table = r.model.layers[0]!.weights[0]!.data;
  for (const [w, v] of [
    ['电影', [0.5, -0.25]],
    ['film', [0.125, 0.75]],
  ] as const) {
    const i = vocab.indexOf(w);
    assert.ok(i > 1, `${w} in the vocabulary`);
    assert.deepEqual(Array.from(table.subarray(i * 2, i * 2 + 2)), v, `${w} frozen at its pretrained vector`);
  }
  assert.equal(r.prepared.pretrained!.found, 2);
});

test('text regression: a number predicted from the text (Dense(1), mse), scored against its mean and TF-IDF ridge', async () => {
  // A readability-like score: the share of hard words, plus noise. Before, the label was read as
  // classes (one per distinct score) although init said "task regression".
  const easy = ['the', 'cat', 'sat', 'on', 'a', 'mat', 'sun'];
  const hard = ['notwithstanding', 'epistemological', 'juxtaposition', 'ramifications'];
  const lines = ['excerpt,target'];
  for (let i = 0; i < 300; i++) {
    const h = rng.uniform();
    const words = Array.from({ length: 12 + rng.int(0, 12) }, () =>
      rng.uniform() < h ? hard[rng.int(0, hard.length)]! : easy[rng.int(0, easy.length)]!,
    );
    lines.push(`${words.join(' ')},${(-3 * h + 0.5 + (rng.uniform() - 0.5) * 0.4).toFixed(4)}`);
  }
  const file = join(dir, 'readability.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  const frame = await readTable(file);
  const inf = inferRoles(frame);
  assert.deepEqual([inf.dataType, inf.task], ['text', 'regression'], `seed ${rng.seed}`);
  const config = validateConfig(initConfig(inf, frame, { source: file, read: {} }).config);
  assert.equal(config.data.task, 'regression');
  assert.deepEqual(config.evaluation.baselines, ['mean', 'tfidfRidge']);
  const out = join(dir, 'run-regression');
  const r = await runExperiment(config, { out, verbose: 0, handleSigint: false });
  const test = r.metrics.test as Record<string, number>;
  const ridge = r.metrics.baselines!.tfidfRidge! as Record<string, number>;
  const mean = r.metrics.baselines!.mean! as Record<string, number>;
  assert.ok(ridge.r2! > 0.5 && test.r2! > 0.5, `seed ${rng.seed}: r2 model ${test.r2}, ridge ${ridge.r2}`);
  assert.ok(Math.abs(mean.r2!) < 0.1, `the training mean explains nothing: r2 ${mean.r2}`);
  assert.match(
    String(ridge.about),
    /^TF-IDF word 1–2-grams \(\d+ features.*\) \+ ridge regression, alpha = [\d.]+ chosen/,
  );
  const trained = await loadTrainedModel(join(out, 'model'));
  const pred = predictFrame(
    trained,
    new Frame({ excerpt: ['the cat sat on a mat', 'notwithstanding epistemological ramifications'] }),
  );
  assert.deepEqual(pred.header, ['index', 'y_pred']);
  assert.ok(Number(pred.rows[0]![1]) > Number(pred.rows[1]![1]), 'easy text scores higher than hard');
});

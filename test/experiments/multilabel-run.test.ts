/**
 * Multi-label runs end to end through the library: 0/1 label columns beside a text (Jigsaw's layout),
 * a table whose column lists tags; predict, serve and the report read the saved label sets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Frame } from '../../src/data/frame.js';
import { validateConfig } from '../../src/experiments/config.js';
import { loadTrainedModel, predictFrame } from '../../src/experiments/predict.js';
import { runExperiment } from '../../src/experiments/runner.js';
import { Predictor } from '../../src/serve/predictor.js';
import { tfidfOneVsRestBaseline } from '../../src/experiments/text-baseline.js';
import { labelCounts } from '../../src/data/preprocessing/label-sets.js';
import { seededRng } from '../helpers/rng.js';

const dir = mkdtempSync(join(tmpdir(), 'seqlab-multilabel-'));
const rng = seededRng();
const msg = `seed ${rng.seed}`;
const cue: Record<string, string[]> = {
  toxic: ['idiot', 'stupid', 'moron'],
  threat: ['kill', 'hurt', 'burn'],
  insult: ['ugly', 'loser', 'clown'],
};
const filler = 'the this page edit wiki source please thanks talk section added removed why what'.split(' ');
const labels = Object.keys(cue);
const lines = ['id,comment_text,toxic,threat,insult'];
for (let i = 0; i < 400; i++) {
  const on = labels.map(() => (rng.uniform() < 0.3 ? 1 : 0));
  const words = Array.from({ length: 6 + rng.int(0, 8) }, () => filler[rng.int(0, filler.length)]!);
  on.forEach((v, j) => v && words.splice(rng.int(0, words.length), 0, cue[labels[j]!]![rng.int(0, 3)]!));
  lines.push(`c${i},${words.join(' ')},${on.join(',')}`);
}
const csv = join(dir, 'comments.csv');
writeFileSync(csv, lines.join('\n') + '\n');

const textConfig = (extra: Record<string, unknown> = {}) =>
  validateConfig({
    name: 'comments',
    seed: 1,
    data: { source: csv, type: 'text', text: 'comment_text', label: labels },
    preprocessing: { text: { mode: 'multiHot', numWords: 200 } },
    model: { layers: [{ type: 'dense', units: 3, activation: 'sigmoid' }] },
    compile: { optimizer: { name: 'adam', learningRate: 0.05 }, metrics: ['accuracy'] },
    training: { epochs: 30, batchSize: 32 },
    ...extra,
  });

test(`multi-label text: a sigmoid per label learns each label, beside the one-vs-rest TF-IDF baseline (${msg})`, async () => {
  const out = join(dir, 'run');
  const r = await runExperiment(textConfig(), { out, verbose: 0, handleSigint: false });
  assert.equal(r.metrics.task, 'multilabel');
  assert.deepEqual(r.metrics.labels, labels);
  const test = r.metrics.test;
  assert.ok((test.microF1 as number) > 0.9, `network micro-F1 ${test.microF1} ${msg}`);
  for (const l of labels)
    assert.ok((test.perClass as Record<string, { f1: number }>)[l]!.f1 > 0.8, `${l} ${msg}`);
  const base = r.metrics.baselines!.tfidfLogisticRegression!;
  assert.ok((base.microF1 as number) > 0.8, `baseline micro-F1 ${base.microF1} ${msg}`);
  assert.match(String(base.about), /one L2 logistic regression per label/);
  assert.equal(r.metrics.baselines!.majorityClass!.microF1, 0, msg); // each label is on in under half the rows
  assert.match(String(r.metrics.verdict), /microF1/);
  // predictions.csv: the label sets joined by |, one probability column per label.
  const csvOut = readFileSync(join(out, 'predictions.csv'), 'utf8').split('\n');
  assert.equal(csvOut[0], 'index,split,y_true,y_pred,p_toxic,p_threat,p_insult');
  // The report scores each label; the data section counts rows per label.
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /Scores per label/);
  assert.match(html, /Subset accuracy/);
  assert.match(html, /share of rows/);
  const data = JSON.parse(readFileSync(join(out, 'data.json'), 'utf8')) as { label: { counts: object } };
  assert.deepEqual(Object.keys(data.label.counts), labels);

  // The saved model predicts label sets from raw text, and scores them where the labels are given.
  const trained = await loadTrainedModel(join(out, 'model'));
  const texts = ['you stupid clown', 'thanks for the edit', 'i will hurt you'];
  const pred = predictFrame(trained, new Frame({ comment_text: texts }));
  assert.deepEqual(pred.header, ['index', 'label', 'p_toxic', 'p_threat', 'p_insult']);
  assert.deepEqual(
    pred.rows.map((row) => row[1]),
    ['toxic|insult', '', 'threat'],
    msg,
  );
  const scored = predictFrame(
    trained,
    Frame.fromColumns({ comment_text: texts, toxic: [1, 0, 0], threat: [0, 0, 1], insult: [1, 0, 0] }),
  );
  assert.equal(scored.metrics!.subsetAccuracy, 1, msg);
  // seqlab serve answers with the list of labels.
  const served = await (await Predictor.load(join(out, 'model'))).predict(texts);
  assert.deepEqual(served[0], {
    labels: ['toxic', 'insult'],
    probabilities: Object.fromEntries(labels.map((l, j) => [l, pred.rows[0]![2 + j]])),
  });
});

test(`multi-label table: a column listing tags, a blank cell a row without any (${msg})`, async () => {
  const rows = ['x1,x2,x3,tags'];
  let blank = 0;
  for (let i = 0; i < 300; i++) {
    const x = Array.from(rng.doubles(3));
    const tags = [x[0]! > 0.2 && 'hot', x[1]! + x[2]! > 0.3 && 'wet', x[2]! < -0.5 && 'windy'].filter(
      Boolean,
    );
    if (tags.length === 0) blank++;
    rows.push(`${x.map((v) => v.toFixed(4)).join(',')},${tags.join('|')}`);
  }
  const source = join(dir, 'weather.csv');
  writeFileSync(source, rows.join('\n') + '\n');
  assert.ok(blank > 0, msg);
  const config = validateConfig({
    name: 'weather',
    seed: 1,
    data: { source, type: 'table', label: 'tags', task: 'multilabel' },
    model: {
      layers: [
        { type: 'dense', units: 16, activation: 'relu' },
        { type: 'dense', units: 3, activation: 'sigmoid' },
      ],
    },
    compile: { optimizer: { name: 'adam', learningRate: 0.02 } },
    training: { epochs: 40, batchSize: 32 },
  });
  const r = await runExperiment(config, { out: join(dir, 'table'), verbose: 0, handleSigint: false });
  assert.equal(r.prepared.trainRows.length + r.prepared.testRows.length, 300, 'no row left out');
  assert.deepEqual(r.metrics.labels, ['hot', 'wet', 'windy']);
  assert.ok((r.metrics.test.microF1 as number) > 0.85, `network micro-F1 ${r.metrics.test.microF1} ${msg}`);
  assert.ok((r.metrics.baselines!.logisticRegression!.microF1 as number) > 0.85, msg);
});

test(`multi-label classWeight: balanced weighs each label's positives by its negatives / positives (${msg})`, async () => {
  const out = join(dir, 'weighted');
  const r = await runExperiment(
    textConfig({ training: { epochs: 2, batchSize: 32, classWeight: 'balanced' } }),
    {
      out,
      verbose: 0,
      handleSigint: false,
    },
  );
  // Each label's training rows counted from the CSV lines the run trained on.
  const rows = r.prepared.trainRows.map((i) => lines[i + 1]!.split(',').slice(2).map(Number));
  const expected = labels.map((_, j) => {
    const on = rows.filter((row) => row[j] === 1).length;
    return (rows.length - on) / on;
  });
  const saved = JSON.parse(readFileSync(join(out, 'model', 'model.json'), 'utf8')) as {
    compileConfig: { loss: { name: string; posWeight: number[] } };
  };
  const loss = saved.compileConfig.loss;
  assert.equal(loss.name, 'binaryCrossentropy');
  loss.posWeight.forEach((w, j) =>
    assert.ok(Math.abs(w - expected[j]!) < 1e-12, `${labels[j]}: ${w} vs ${expected[j]} ${msg}`),
  );
});

test('multi-label mistakes are named: a softmax output, class weights, several labels of a series', async () => {
  const run = (cfg: ReturnType<typeof textConfig>, name: string) =>
    runExperiment(cfg, { out: join(dir, name), verbose: 0, handleSigint: false });
  await assert.rejects(
    run(textConfig({ model: { layers: [{ type: 'dense', units: 3, activation: 'softmax' }] } }), 'softmax'),
    /a multi-label model ends with one sigmoid per label, not softmax.*\{ type: dense, units: 3, activation: sigmoid \}/,
  );
  await assert.rejects(
    run(textConfig({ model: { layers: [{ type: 'dense', units: 1, activation: 'sigmoid' }] } }), 'width'),
    /output shape is \[batch, 1\] but a multilabel task needs \[batch, 3\]/,
  );
  await assert.rejects(
    run(textConfig({ compile: { optimizer: 'adam', loss: 'categorical_crossentropy' } }), 'loss'),
    /compile\.loss: categorical_crossentropy scores one class per row; a multi-label model is trained with binaryCrossentropy/,
  );
  await assert.rejects(
    run(textConfig({ training: { epochs: 1, classWeight: { toxic: 2, nope: 1 } } }), 'weights'),
    /training\.classWeight: 'nope' is not a label of this model/,
  );
  assert.throws(
    () => validateConfig({ name: 's', data: { source: csv, type: 'series', label: ['toxic', 'threat'] } }),
    /several label columns and task multilabel apply to a table or text/,
  );
  assert.throws(
    () =>
      validateConfig({
        name: 's',
        data: { source: csv, type: 'text', label: ['toxic', 'threat'], task: 'regression' },
      }),
    /several label columns make a multi-label model/,
  );
});

test(`the one-vs-rest TF-IDF baseline fits the 100 most frequent labels with 5 rows or more (${msg})`, () => {
  // 120 labels: 110 on 6 rows each (each row names its labels' cue words), 10 on 2 rows each.
  const k = 120;
  const n = 330;
  const sets = new Uint8Array(n * k);
  const texts = Array.from({ length: n }, () => [] as string[]);
  for (let j = 0; j < k; j++)
    for (let m = 0; m < (j < 110 ? 6 : 2); m++) {
      const i = (j * 6 + m * 55 + rng.int(0, 5)) % n;
      sets[i * k + j] = 1;
      texts[i]!.push(`cue${j}`);
    }
  const docs = texts.map((w, i) => `${w.join(' ')} filler text ${i % 7}`);
  const train = Array.from({ length: 300 }, (_, i) => i);
  const b = tfidfOneVsRestBaseline(
    train.map((i) => docs[i]!),
    sets.subarray(0, 300 * k),
    k,
    docs.slice(300),
    { seed: 1 },
  );
  const counts = labelCounts(sets.subarray(0, 300 * k), k);
  const eligible = Array.from(counts).filter((c) => c >= 5).length;
  assert.equal(b.absent, k - Math.min(100, eligible), msg);
  assert.equal(b.probs.length, 30 * k);
  // A label beyond the fitted ones is predicted absent (probability 0).
  // Labels 110 … 119 sit on rows under 115, all training rows: 2 each, too few to fit.
  const rare = Array.from(counts).findIndex((c, j) => j >= 110 && c === 2);
  assert.equal(rare, 110, msg);
  for (let i = 0; i < 30; i++) assert.equal(b.probs[i * k + rare], 0, msg);
});

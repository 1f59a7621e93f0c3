/**
 * tabular-bigru-attention through the library API: makeClassification rows as (10, 1) sequences →
 * Bidirectional GRU(64) → attention pooling → Dense(1, sigmoid), beside a logistic regression.
 * Run: node --import tsx examples/tabular-bigru-attention.ts
 */
import {
  callbacks,
  layers,
  makeClassification,
  sequential,
  splitIndices,
  StandardScaler,
  takeRows,
  metrics,
} from '../src/index.js';
import { logisticRegression } from '../src/experiments/index.js';

const { x, y } = makeClassification({
  nSamples: 2000,
  nFeatures: 10,
  nInformative: 5,
  nRedundant: 2,
  nClustersPerClass: 2,
  seed: 42,
});
const { train, test } = splitIndices(2000, { testSize: 0.2, stratify: y, seed: 42 });
const scaler = new StandardScaler().fit(takeRows(x, train));
const seqs = (idx: Int32Array) => ({
  data: scaler.transform(takeRows(x, idx)).data,
  shape: [idx.length, 10, 1],
});
const labels = (idx: Int32Array) => ({ data: Float32Array.from(idx, (i) => y[i]!), shape: [idx.length, 1] });

const model = sequential(
  [
    layers.bidirectional({ layer: layers.gru({ units: 64, returnSequences: true }) }),
    layers.attentionPooling({ units: 64 }),
    layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
  { seed: 0 },
);
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
await model.fit(seqs(train), labels(train), {
  epochs: 60,
  batchSize: 32,
  validationSplit: 0.1,
  seed: 0,
  callbacks: [callbacks.earlyStopping({ monitor: 'val_loss', patience: 10, restoreBestWeights: true })],
});
const yTest = Int32Array.from(test, (i) => y[i]!);
const pred = Int32Array.from(model.predict(seqs(test)).data, (p) => (p >= 0.5 ? 1 : 0));
console.log(metrics.classificationReport(yTest, pred, { digits: 4 }).toString());
const lr = await logisticRegression(
  seqs(train),
  Int32Array.from(train, (i) => y[i]!),
  2,
);
const lrPred = lr.predict(seqs(test)).classes;
const acc = (p: Int32Array) => p.reduce((s, v, i) => s + Number(v === yTest[i]), 0) / p.length;
console.log(
  `BiGRU+attention accuracy ${acc(pred).toFixed(4)} vs logistic regression ${acc(lrPred).toFixed(4)}`,
);
console.log(
  'mean attention per feature:',
  Array.from(model.explain(seqs(test.slice(0, 200))).weights.data.slice(0, 10), (v) => v.toFixed(3)).join(
    ' ',
  ),
);

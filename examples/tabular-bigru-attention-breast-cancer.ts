/**
 * The BiGRU + attention model on the breast cancer data (scikit-learn's CSV with a count line),
 * standardised on the training rows, with dropout, L2 and early stopping.
 * Run: node --import tsx examples/tabular-bigru-attention-breast-cancer.ts
 */
import {
  callbacks,
  layers,
  loadBreastCancer,
  metrics,
  sequential,
  splitIndices,
  StandardScaler,
  takeRows,
} from '../src/index.js';

const { x, y } = await loadBreastCancer({ path: process.env.SEQLAB_DATA ?? '../shared/data' });
const n = y.length;
const { train, test } = splitIndices(n, { testSize: 0.2, stratify: y, seed: 42 });
const scaler = new StandardScaler().fit(takeRows(x, train));
const seqs = (idx: Int32Array) => ({
  data: scaler.transform(takeRows(x, idx)).data,
  shape: [idx.length, 30, 1],
});
const model = sequential(
  [
    layers.bidirectional({ layer: layers.gru({ units: 64, returnSequences: true }) }),
    layers.attentionPooling({ units: 64 }),
    layers.dropout({ rate: 0.3 }),
    layers.dense({ units: 1, activation: 'sigmoid', kernelRegularizer: { l2: 0.001 } }),
  ],
  { seed: 0 },
);
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
await model.fit(
  seqs(train),
  { data: Float32Array.from(train, (i) => y[i]!), shape: [train.length, 1] },
  {
    epochs: 60,
    batchSize: 32,
    validationSplit: 0.1,
    seed: 0,
    callbacks: [callbacks.earlyStopping({ monitor: 'val_loss', patience: 15, restoreBestWeights: true })],
  },
);
const pred = Int32Array.from(model.predict(seqs(test)).data, (p) => (p >= 0.5 ? 1 : 0));
console.log(
  metrics
    .classificationReport(
      Int32Array.from(test, (i) => y[i]!),
      pred,
      { targetNames: ['malignant', 'benign'], digits: 4 },
    )
    .toString(),
);

/**
 * imdb-dense through the library API: Keras-style Tokenizer over the training reviews, the 10 000
 * most frequent words as multi-hot vectors, Dense 16-16-1, RMSprop, batch 512, 4 epochs.
 * Run: node --import tsx examples/imdb-dense.ts
 */
import { layers, loadImdbRaw, metrics, sequential, Tokenizer } from '../src/index.js';

const { train, test } = await loadImdbRaw({ path: process.env.SEQLAB_DATA ?? '../shared/data' });
const clean = (t: string[]) => t.map((s) => s.replace(/<br\s*\/?>/gi, ' '));
const tok = new Tokenizer({ numWords: 10000 }).fitOnTexts(clean(train.texts));
const xTrain = tok.textsToMatrix(clean(train.texts), 'binary');
const xTest = tok.textsToMatrix(clean(test.texts), 'binary');
const model = sequential(
  [
    layers.dense({ units: 16, activation: 'relu' }),
    layers.dense({ units: 16, activation: 'relu' }),
    layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
  { seed: 0 },
);
model.compile({ optimizer: 'rmsprop', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
await model.fit(
  xTrain,
  { data: Float32Array.from(train.labels), shape: [train.labels.length, 1] },
  { epochs: 4, batchSize: 512, seed: 0 },
);
const pred = Int32Array.from(model.predict(xTest, { batchSize: 1024 }).data, (p) => (p >= 0.5 ? 1 : 0));
console.log(
  metrics
    .classificationReport(test.labels, pred, { targetNames: ['negative', 'positive'], digits: 4 })
    .toString(),
);

/**
 * imdb-bigru-attention through the library API, with the attention weights of one test review.
 * Run: node --import tsx examples/imdb-bigru-attention.ts
 */
import { callbacks, layers, metrics, sequential } from '../src/index.js';
import { imdbSequences } from './imdb-common.js';

const { xTrain, yTrain, xTest, yTest, tokenizer } = await imdbSequences(20000, 200);
const model = sequential([
  layers.embedding({ inputDim: 20000, outputDim: 128, maskZero: true }),
  layers.bidirectional({ layer: layers.gru({ units: 64, returnSequences: true }) }),
  layers.attentionPooling({ units: 64 }),
  layers.dense({ units: 1, activation: 'sigmoid' }),
], { seed: 0 });
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
await model.fit(xTrain, yTrain, {
  epochs: 4, batchSize: 64, validationSplit: 0.2, seed: 0,
  callbacks: [callbacks.earlyStopping({ monitor: 'val_loss', patience: 3, restoreBestWeights: true })],
});
const pred = Int32Array.from(model.predict(xTest, { batchSize: 256 }).data, (p) => (p >= 0.5 ? 1 : 0));
console.log(metrics.classificationReport(yTest, pred, { targetNames: ['negative', 'positive'], digits: 4 }).toString());
const first = { data: xTest.data.slice(0, 200), shape: [1, 200] };
const weights = model.explain(first).weights.data;
const top = Array.from(first.data, (id, t) => ({ word: tokenizer.indexWord.get(id) ?? '', w: weights[t]! }))
  .filter((e) => e.word).sort((a, b) => b.w - a.w).slice(0, 10);
console.log('most attended words of test review 0:', top.map((e) => `${e.word} (${e.w.toFixed(3)})`).join(', '));

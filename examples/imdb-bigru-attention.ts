/**
 * imdb-bigru-attention through the library API, with the attention weights of one test review: the recipe
 * of imdb-bigru-attention.yaml (dropout, Adam 2.5e-4 with the weights' moving average, then a refit on all
 * training reviews for the epochs the validation run chose).
 * Run: node --import tsx examples/imdb-bigru-attention.ts
 */
import { callbacks, layers, metrics, sequential } from '../src/index.js';
import { imdbSequences } from './imdb-common.js';

const { xTrain, yTrain, xTest, yTest, tokenizer } = await imdbSequences(20000, 200);
const build = () => {
  const model = sequential(
    [
      layers.embedding({ inputDim: 20000, outputDim: 64, maskZero: true }),
      layers.spatialDropout1d({ rate: 0.4 }),
      layers.bidirectional({ layer: layers.gru({ units: 64, returnSequences: true, dropout: 0.2 }) }),
      layers.attentionPooling({ units: 64 }),
      layers.dropout({ rate: 0.5 }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
    { seed: 0 },
  );
  model.compile({
    optimizer: { name: 'adam', learningRate: 0.00025, useEma: true, emaMomentum: 0.99 },
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
};
// Validation run: the averaged weights are validated (SwapEMAWeights before EarlyStopping) to choose the epochs.
const early = callbacks.earlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
await build().fit(xTrain, yTrain, {
  epochs: 6,
  batchSize: 64,
  validationSplit: 0.2,
  seed: 0,
  callbacks: [callbacks.swapEmaWeights({ swapOnEpoch: true }), early],
});
// Refit: a fresh model on all training reviews; fit ends by giving it the averaged weights.
const model = build();
await model.fit(xTrain, yTrain, { epochs: early.bestEpoch + 1, batchSize: 64, seed: 0 });
const pred = Int32Array.from(model.predict(xTest, { batchSize: 256 }).data, (p) => (p >= 0.5 ? 1 : 0));
console.log(
  metrics.classificationReport(yTest, pred, { targetNames: ['negative', 'positive'], digits: 4 }).toString(),
);
const first = { data: xTest.data.slice(0, 200), shape: [1, 200] };
const weights = model.explain(first).weights.data;
const top = Array.from(first.data, (id, t) => ({ word: tokenizer.indexWord.get(id) ?? '', w: weights[t]! }))
  .filter((e) => e.word)
  .sort((a, b) => b.w - a.w)
  .slice(0, 10);
console.log(
  'most attended words of test review 0:',
  top.map((e) => `${e.word} (${e.w.toFixed(3)})`).join(', '),
);

/**
 * imdb-lstm through the library API: Embedding(20000, 128) → SpatialDropout1D(0.2) →
 * LSTM(100, dropout 0.2, recurrentDropout 0.2) → Dense(1, sigmoid), EarlyStopping on val_loss.
 * Run: node --import tsx examples/imdb-lstm.ts
 */
import { callbacks, layers, metrics, sequential } from '../src/index.js';
import { imdbSequences } from './imdb-common.js';

const { xTrain, yTrain, xTest, yTest } = await imdbSequences(20000, 100);
const model = sequential(
  [
    layers.embedding({ inputDim: 20000, outputDim: 128, maskZero: true }),
    layers.spatialDropout1d({ rate: 0.2 }),
    layers.lstm({ units: 100, dropout: 0.2, recurrentDropout: 0.2 }),
    layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
  { seed: 0 },
);
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
await model.fit(xTrain, yTrain, {
  epochs: 5,
  batchSize: 64,
  validationSplit: 0.2,
  seed: 0,
  callbacks: [callbacks.earlyStopping({ monitor: 'val_loss', patience: 3, restoreBestWeights: true })],
});
const pred = Int32Array.from(model.predict(xTest, { batchSize: 256 }).data, (p) => (p >= 0.5 ? 1 : 0));
console.log(
  metrics.classificationReport(yTest, pred, { targetNames: ['negative', 'positive'], digits: 4 }).toString(),
);

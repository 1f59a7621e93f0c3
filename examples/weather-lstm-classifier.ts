/**
 * weather-lstm-classifier through the library API: windows of 24 hourly rows of the Beijing
 * weather → wind direction at the last hour; LabelEncoder + one-hot, stacked LSTM, softmax.
 * Run: node --import tsx examples/weather-lstm-classifier.ts
 */
import {
  callbacks,
  LabelEncoder,
  layers,
  metrics,
  readCsv,
  sequential,
  StandardScaler,
  toCategorical,
  windowedClassification,
} from '../src/index.js';

const df = await readCsv(`${process.env.SEQLAB_DATA ?? '../shared/data'}/pollution.csv.gz`);
const features = ['DEWP', 'TEMP', 'PRES', 'Iws', 'Is', 'Ir'];
const enc = new LabelEncoder().fit(df.column('cbwd') as string[]);
const ids = enc.transform(df.column('cbwd') as string[]);
const nTrain = Math.floor(df.nRows * 0.8);
const x = df.toMatrix(features);
const scaler = new StandardScaler().fit({ data: x.data.subarray(0, nTrain * 6), shape: [nTrain, 6] });
const scaled = scaler.transform(x);
const part = (from: number, to: number) =>
  windowedClassification(
    { data: scaled.data.subarray(from * 6, to * 6), shape: [to - from, 6] },
    ids.subarray(from, to),
    { windowSize: 24, stride: 3 },
  );
const train = part(0, nTrain);
const test = part(nTrain, df.nRows);
const model = sequential(
  [
    layers.lstm({ units: 32, returnSequences: true }),
    layers.lstm({ units: 32 }),
    layers.dense({ units: 4, activation: 'softmax' }),
  ],
  { seed: 0 },
);
model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
await model.fit(train.x, toCategorical(train.y, 4), {
  epochs: 10,
  batchSize: 64,
  validationSplit: 0.1,
  seed: 0,
  callbacks: [callbacks.earlyStopping({ monitor: 'val_loss', patience: 3, restoreBestWeights: true })],
});
const probs = model.predict(test.x, { batchSize: 512 }).data;
const pred = Int32Array.from({ length: test.y.length }, (_, i) => {
  let best = 0;
  for (let k = 1; k < 4; k++) if (probs[i * 4 + k]! > probs[i * 4 + best]!) best = k;
  return best;
});
console.log(
  metrics.classificationReport(test.y, pred, { targetNames: enc.classes!.map(String), digits: 4 }).toString(),
);

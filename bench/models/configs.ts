/**
 * The benchmark configurations A–F of the performance issue, built with seqlab's public API. They
 * mirror ../shared/reference-bench/train_bench.py exactly (same layers, batch, steps, optimizer,
 * batches per epoch and the pool of 8 pre-generated random batches), so samples/s compare 1:1.
 */
// Not '../../src/index.js': that also loads the Keras importer, whose h5wasm module alone adds ~600 MiB RSS.
import { layers } from '../../src/layers/index.js';
import { sequential, type Sequential } from '../../src/model/sequential.js';

export interface BenchData {
  x: { data: Int32Array | Float32Array; shape: number[] };
  y: { data: Float32Array; shape: number[] };
}

export interface ModelConfig {
  key: string;
  name: string;
  batch: number;
  /** Batches per timed epoch (train_bench.py's nb). */
  batchesPerEpoch: number;
  build(): Sequential;
  data(batch: number, rand: () => number): BenchData;
  /** Forward FLOPs per sample of the recurrent layers: 2·G·(I+H)·H per step per direction. */
  forwardFlops: number;
}

const rnnFlops = (G: number, I: number, H: number, T: number, dirs = 1): number =>
  2 * G * (I + H) * H * T * dirs;

function tokens(V: number, T: number) {
  return (B: number, rand: () => number): BenchData => ({
    x: { data: Int32Array.from({ length: B * T }, () => Math.floor(rand() * V)), shape: [B, T] },
    y: { data: Float32Array.from({ length: B }, () => (rand() < 0.5 ? 0 : 1)), shape: [B, 1] },
  });
}

function series(T: number, regression: boolean) {
  return (B: number, rand: () => number): BenchData => ({
    x: { data: Float32Array.from({ length: B * T }, () => 2 * rand() - 1), shape: [B, T, 1] },
    y: {
      data: Float32Array.from({ length: B }, () => (regression ? 2 * rand() - 1 : rand() < 0.5 ? 0 : 1)),
      shape: [B, 1],
    },
  });
}

function lstmClassifier(V: number, E: number, H: number, T: number, spatialDropout: number): Sequential {
  const model = sequential(
    [
      layers.embedding({ inputDim: V, outputDim: E, inputShape: [T] }),
      ...(spatialDropout > 0 ? [layers.spatialDropout1d({ rate: spatialDropout })] : []),
      layers.lstm({ units: H }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
    { seed: 1 },
  );
  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
  return model;
}

export const CONFIGS: ModelConfig[] = [
  {
    key: 'A',
    name: 'IMDB LSTM: Emb(20000,128)-SpDrop(.2)-LSTM(100)-D(1), T=100',
    batch: 64,
    batchesPerEpoch: 30,
    build: () => lstmClassifier(20000, 128, 100, 100, 0.2),
    data: tokens(20000, 100),
    forwardFlops: rnnFlops(4, 128, 100, 100),
  },
  {
    key: 'B',
    name: 'Text LSTM: Emb(10000,128)-LSTM(64)-D(1), T=200',
    batch: 32,
    batchesPerEpoch: 40,
    build: () => lstmClassifier(10000, 128, 64, 200, 0),
    data: tokens(10000, 200),
    forwardFlops: rnnFlops(4, 128, 64, 200),
  },
  {
    key: 'C',
    name: 'BiGRU(64)+attention pooling, (B,10,1)',
    batch: 32,
    batchesPerEpoch: 400,
    build: () => {
      const model = sequential(
        [
          layers.bidirectional({
            layer: layers.gru({ units: 64, returnSequences: true }),
            inputShape: [10, 1],
          }),
          layers.attentionPooling({ units: 64 }),
          layers.dense({ units: 1, activation: 'sigmoid' }),
        ],
        { seed: 1 },
      );
      model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
      return model;
    },
    data: series(10, false),
    forwardFlops: rnnFlops(3, 1, 64, 10, 2),
  },
  ...[32, 1].map((batch): ModelConfig => ({
    key: batch === 1 ? 'D1' : 'D',
    name: 'Stacked LSTM(50)x2-D(25)-D(1), (B,10,1), MSE',
    batch,
    batchesPerEpoch: batch === 1 ? 600 : 400,
    build: () => {
      const model = sequential(
        [
          layers.lstm({ units: 50, returnSequences: true, inputShape: [10, 1] }),
          layers.lstm({ units: 50 }),
          layers.dense({ units: 25 }),
          layers.dense({ units: 1 }),
        ],
        { seed: 1 },
      );
      model.compile({ optimizer: 'adam', loss: 'mse' });
      return model;
    },
    data: series(10, true),
    forwardFlops: rnnFlops(4, 1, 50, 10) + rnnFlops(4, 50, 50, 10),
  })),
  {
    key: 'E',
    name: 'Dense multi-hot 10000-16-16-1, RMSprop',
    batch: 512,
    batchesPerEpoch: 400,
    build: () => {
      const model = sequential(
        [
          layers.dense({ units: 16, activation: 'relu', inputShape: [10000] }),
          layers.dense({ units: 16, activation: 'relu' }),
          layers.dense({ units: 1, activation: 'sigmoid' }),
        ],
        { seed: 1 },
      );
      model.compile({ optimizer: 'rmsprop', loss: 'binaryCrossentropy' });
      return model;
    },
    data: (B, rand) => ({
      x: { data: Float32Array.from({ length: B * 10000 }, () => (rand() < 0.02 ? 1 : 0)), shape: [B, 10000] },
      y: { data: Float32Array.from({ length: B }, () => (rand() < 0.5 ? 0 : 1)), shape: [B, 1] },
    }),
    forwardFlops: 2 * (10000 * 16 + 16 * 16 + 16),
  },
  {
    key: 'F',
    name: 'Stress: Emb(20000,256)-LSTM(256)-D(1), T=200',
    batch: 128,
    batchesPerEpoch: 8,
    build: () => lstmClassifier(20000, 256, 256, 200, 0),
    data: tokens(20000, 200),
    forwardFlops: rnnFlops(4, 256, 256, 200),
  },
];

/** Inference configurations: A and C at batch 256 (train_bench.py's infA, infC). */
export const INFER: { key: string; base: string; batch: number; batchesPerEpoch: number }[] = [
  { key: 'infA', base: 'A', batch: 256, batchesPerEpoch: 30 },
  { key: 'infC', base: 'C', batch: 256, batchesPerEpoch: 400 },
];

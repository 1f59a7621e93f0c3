/**
 * TensorFlow.js on one benchmark configuration, in its own process, on its pure-JavaScript CPU backend
 * (no native binding) or with `--backend wasm` on @tensorflow/tfjs-backend-wasm at one thread (its SIMD
 * build where the engine has SIMD); prints one JSON line like run-config.ts. It is slow, so it times a few batches:
 * `warmup` batches (default 1), then `runs` timed epochs of `batches` batches. On the long sequences
 * (A, B, F) one batch takes minutes and gigabytes: the harness runs one batch without warm-up there.
 * C uses GlobalAveragePooling1D where seqlab and PyTorch use attention pooling (TF.js has no such
 * layer); the bidirectional GRU dominates its cost either way.
 *
 * Usage: node --import tsx bench/models/tfjs-config.ts <key> [--runs 2] [--batches 1] [--warmup 1] [--backend cpu|wasm]
 */
import * as tf from '@tensorflow/tfjs';

import { CONFIGS } from './configs.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const key = process.argv[2] ?? 'A';
const runs = arg('runs', 2);
const nb = arg('batches', 1);
const warmup = arg('warmup', 1);
const config = CONFIGS.find((c) => c.key === key);
if (!config) throw new Error(`unknown configuration '${key}'`);

function build(): tf.LayersModel {
  const L = tf.layers;
  const m = tf.sequential();
  const lstmClassifier = (V: number, E: number, H: number, T: number, drop: number) => {
    m.add(L.embedding({ inputDim: V, outputDim: E, inputLength: T }));
    if (drop > 0) m.add(L.spatialDropout1d({ rate: drop }));
    m.add(L.lstm({ units: H }));
    m.add(L.dense({ units: 1, activation: 'sigmoid' }));
  };
  if (key === 'A') lstmClassifier(20000, 128, 100, 100, 0.2);
  else if (key === 'B') lstmClassifier(10000, 128, 64, 200, 0);
  else if (key === 'F') lstmClassifier(20000, 256, 256, 200, 0);
  else if (key === 'C') {
    m.add(
      L.bidirectional({ layer: L.gru({ units: 64, returnSequences: true }) as tf.RNN, inputShape: [10, 1] }),
    );
    m.add(L.globalAveragePooling1d());
    m.add(L.dense({ units: 1, activation: 'sigmoid' }));
  } else if (key === 'D' || key === 'D1') {
    m.add(L.lstm({ units: 50, returnSequences: true, inputShape: [10, 1] }));
    m.add(L.lstm({ units: 50 }));
    m.add(L.dense({ units: 25 }));
    m.add(L.dense({ units: 1 }));
  } else {
    m.add(L.dense({ units: 16, activation: 'relu', inputShape: [10000] }));
    m.add(L.dense({ units: 16, activation: 'relu' }));
    m.add(L.dense({ units: 1, activation: 'sigmoid' }));
  }
  const loss = key.startsWith('D') ? 'meanSquaredError' : 'binaryCrossentropy';
  m.compile({ optimizer: key === 'E' ? tf.train.rmsprop(1e-3, 0.9, 0, 1e-7) : tf.train.adam(1e-3), loss });
  return m;
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--backend');
  const backend = i >= 0 ? process.argv[i + 1]! : 'cpu';
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setThreadsCount(1);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend '${backend}' did not initialise`);
  let seed = 99;
  const rand = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const d = config!.data(config!.batch, rand);
  const x =
    d.x.data instanceof Int32Array ? tf.tensor(d.x.data, d.x.shape, 'int32') : tf.tensor(d.x.data, d.x.shape);
  const y = tf.tensor(d.y.data, d.y.shape);
  const model = build();
  for (let i = 0; i < warmup; i++) await model.trainOnBatch(x, y);
  const samplesPerSecond: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (let i = 0; i < nb; i++) await model.trainOnBatch(x, y);
    samplesPerSecond.push((nb * config!.batch) / ((performance.now() - t0) / 1000));
  }
  console.log(
    JSON.stringify({
      key,
      backend: tf.getBackend(),
      batch: config!.batch,
      batchesPerEpoch: nb,
      samplesPerSecond,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

void main();

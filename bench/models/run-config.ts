/**
 * Runs one benchmark configuration in its own process (so its peak RSS is its own) and prints one
 * JSON line: samples/s of each timed epoch and the process's max RSS. The protocol is
 * train_bench.py's: a pool of 8 pre-generated batches cycled through, 1 warm-up epoch, `runs` timed
 * epochs of `batchesPerEpoch · scale` batches; training = trainOnBatch (forward, loss, backward,
 * optimizer step), inference = predict under noGrad.
 *
 * Usage: node --import tsx bench/models/run-config.ts <key|infA|infC> [--threads N] [--runs 3] [--scale 1]
 */
import { setNativeThreads } from '../../src/backend/native/index.js';
import { backendInfo, getBackend } from '../../src/backend/select.js';
import { setWasmThreads } from '../../src/backend/wasm/index.js';
import { CONFIGS, INFER } from './configs.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const key = process.argv[2] ?? 'A';
const threads = arg('threads', 2);
const runs = arg('runs', 3);
const scale = arg('scale', 1);
if (getBackend().name === 'wasm') setWasmThreads(getBackend(), threads);
else setNativeThreads(threads);

const infer = INFER.find((c) => c.key === key);
const config = CONFIGS.find((c) => c.key === (infer ? infer.base : key));
if (!config) throw new Error(`unknown configuration '${key}'`);
const batch = infer ? infer.batch : config.batch;
const nb = Math.max(2, Math.round((infer ? infer.batchesPerEpoch : config.batchesPerEpoch) * scale));

let seed = 1234;
const rand = (): number => {
  // xorshift32: fast, seeded, good enough for random token ids and labels
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const pool = Array.from({ length: Math.min(nb, 8) }, () => config.data(batch, rand));
const model = config.build();

const epoch = (): void => {
  for (let i = 0; i < nb; i++) {
    const { x, y } = pool[i % pool.length]!;
    if (infer) model.predict(x, { batchSize: batch });
    else model.trainOnBatch(x, y);
  }
};

epoch(); // warm-up
const samplesPerSecond: number[] = [];
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  epoch();
  samplesPerSecond.push((nb * batch) / ((performance.now() - t0) / 1000));
}
const info = backendInfo();
console.log(
  JSON.stringify({
    key,
    batch,
    batchesPerEpoch: nb,
    threads: info.threads,
    backend: info.name,
    cpuFeatures: info.cpuFeatures,
    fallbacks: info.fallbacks,
    samplesPerSecond,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);

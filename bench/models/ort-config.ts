/**
 * ONNX Runtime (onnxruntime-node, CPU) inference of infA / infC: the seqlab model of the same
 * configuration exported with toOnnx, run at batch 256 with intraOpNumThreads = N, timed like
 * run-config.ts (pool of batches, 1 warm-up epoch, `runs` timed epochs). Prints one JSON line.
 *
 * Usage: node --import tsx bench/models/ort-config.ts <infA|infC> [--threads N] [--runs 3] [--scale 1]
 */
import * as ort from 'onnxruntime-node';

import { toOnnx } from '../../src/interop/onnx/export.js';
import { CONFIGS, INFER } from './configs.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const key = process.argv[2] ?? 'infA';
  const threads = arg('threads', 2);
  const runs = arg('runs', 3);
  const scale = arg('scale', 1);
  const inf = INFER.find((c) => c.key === key);
  const config = CONFIGS.find((c) => c.key === inf?.base);
  if (!inf || !config) throw new Error(`unknown inference configuration '${key}'`);
  const nb = Math.max(2, Math.round(inf.batchesPerEpoch * scale));
  let seed = 1234;
  const rand = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const pool = Array.from({ length: Math.min(nb, 8) }, () => config.data(inf.batch, rand));
  const model = config.build();
  model.predict(pool[0]!.x, { batchSize: inf.batch }); // builds the model
  const session = await ort.InferenceSession.create(toOnnx(model), {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const feeds = pool.map(({ x }) => ({
    input:
      x.data instanceof Int32Array
        ? new ort.Tensor(
            'int64',
            BigInt64Array.from(x.data, (v) => BigInt(v)),
            x.shape,
          )
        : new ort.Tensor('float32', x.data, x.shape),
  }));
  const epoch = async (): Promise<void> => {
    for (let i = 0; i < nb; i++) await session.run(feeds[i % feeds.length]!);
  };
  await epoch();
  const samplesPerSecond: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await epoch();
    samplesPerSecond.push((nb * inf.batch) / ((performance.now() - t0) / 1000));
  }
  console.log(
    JSON.stringify({
      key,
      batch: inf.batch,
      batchesPerEpoch: nb,
      threads,
      samplesPerSecond,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

void main();

/**
 * Load test of `seqlab serve` (not part of npm test): 50 connections for 30 s on loopback, POST
 * /predict with one real IMDB review per request, against an imdb-lstm model.
 *
 *   npm run load-test [-- MODEL_DIR]
 *
 * Without MODEL_DIR it trains examples/imdb-lstm.yaml's architecture (Embedding(20000,128) →
 * SpatialDropout1D → LSTM(100) → Dense(1, sigmoid), maxlen 100) for one epoch on 2000 reviews of
 * ../shared/data (cached in runs/load-test-imdb-lstm): the inference cost is the full model's.
 * Prints p50/p99 latency, requests/s, errors and the server's RSS before and after.
 * Settings: LOAD_SECONDS (30), LOAD_CONNECTIONS (50).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { loadImdbRaw } from '../../src/data/datasets/imdb.js';
import { loadConfig } from '../../src/experiments/config.js';
import { runExperiment } from '../../src/experiments/runner.js';

const seconds = Number(process.env.LOAD_SECONDS ?? 30);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 50);
const port = 18000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}`;

async function modelDir(): Promise<string> {
  if (process.argv[2]) return process.argv[2];
  const out = 'runs/load-test-imdb-lstm';
  if (existsSync(join(out, 'model', 'model.json'))) return out;
  const config = await loadConfig('examples/imdb-lstm.yaml');
  config.data.maxRows = 2000;
  config.training.epochs = 1;
  config.training.earlyStopping = undefined;
  console.log('training a small imdb-lstm model (2000 reviews, 1 epoch) for the load test …');
  await runExperiment(config, { out, verbose: 0, log: () => {} });
  return out;
}

async function health(): Promise<{ rssBytes: number; requestsServed: number; requestsFailed: number }> {
  return (await (await fetch(`${base}/health`)).json()) as never;
}

const dir = await modelDir();
const reviews = (await loadImdbRaw({ path: process.env.SEQLAB_DATA ?? '../shared/data' })).test.texts.slice(
  0,
  200,
);
const server = spawn(process.execPath, ['--import', 'tsx', 'test/serve/load-server.ts', dir, String(port)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  server.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
  server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
});
try {
  // Warm up (JIT, buffers), then measure.
  for (const r of reviews.slice(0, 20))
    await fetch(`${base}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: r }),
    });
  const before = await health();
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: reviews.map((r) => ({
      method: 'POST',
      path: '/predict',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: r }),
    })),
  });
  const after = await health();
  const mb = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;
  console.log(
    `model: ${dir}; ${connections} connections, ${seconds} s, loopback, POST /predict with one IMDB test review each`,
  );
  console.log(`requests: ${result.requests.total} (${result.requests.average.toFixed(1)} req/s average)`);
  console.log(
    `latency: p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
  );
  console.log(
    `errors: ${result.errors}, timeouts: ${result.timeouts}, non-2xx: ${result.non2xx}; server counted ${after.requestsServed - before.requestsServed} served, ${after.requestsFailed} failed`,
  );
  console.log(`server RSS: ${mb(before.rssBytes)} before, ${mb(after.rssBytes)} after`);
  if (result.errors || result.non2xx || result.timeouts) process.exitCode = 1;
} finally {
  server.kill('SIGTERM');
}

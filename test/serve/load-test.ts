/**
 * Load test of `seqlab serve` (not part of npm test): 50 connections for 30 s on loopback, POST
 * /predict with one real IMDB review per request, against an imdb-lstm model.
 *
 *   npm run load-test [-- MODEL_DIR]
 *
 * Without MODEL_DIR it trains examples/imdb-lstm.yaml's architecture (Embedding(20000,128) →
 * SpatialDropout1D → LSTM(100) → Dense(1, sigmoid), maxlen 100) for one epoch on 2000 reviews of
 * ../shared/data (cached in runs/load-test-imdb-lstm): the inference cost is the full model's.
 * Prints p50/p99 latency, requests/s, errors and the server's RSS before, during and after.
 * Mixed in: LOAD_STALLED clients (default 6) that misbehave for the whole run, each reconnecting as soon as
 * the server drops it — half send part of their headers and stall (slowloris), half promise a body and
 * never send it. The run fails unless every stalled socket is closed within the server's limit (plus the
 * checking interval) and the normal clients see no error.
 * Settings: LOAD_SECONDS (30), LOAD_CONNECTIONS (50), LOAD_STALLED (6), LOAD_HEADERS_TIMEOUT_MS (2000),
 * LOAD_REQUEST_TIMEOUT_MS (4000).
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { loadImdbRaw } from '../../src/data/datasets/imdb.js';
import { loadConfig } from '../../src/experiments/config.js';
import { runExperiment } from '../../src/experiments/runner.js';

const seconds = Number(process.env.LOAD_SECONDS ?? 30);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 50);
const stalledClients = Number(process.env.LOAD_STALLED ?? 6);
const headersMs = Number(process.env.LOAD_HEADERS_TIMEOUT_MS ?? 2000);
const requestMs = Number(process.env.LOAD_REQUEST_TIMEOUT_MS ?? 4000);
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
  env: {
    ...process.env,
    SEQLAB_HEADERS_TIMEOUT_MS: String(headersMs),
    SEQLAB_REQUEST_TIMEOUT_MS: String(requestMs),
  },
});

/** A misbehaving client: stalls, and reconnects each time the server drops it; records how long each socket lived. */
function stalledClient(
  kind: 'headers' | 'body',
  lifetimes: number[],
  stop: { now: boolean; sockets: import('node:net').Socket[] },
): void {
  const t0 = performance.now();
  const socket = connect(port, '127.0.0.1', () =>
    socket.write(
      kind === 'headers'
        ? 'POST /predict HTTP/1.1\r\nHost: x\r\nX-Slow: '
        : 'POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"in',
    ),
  );
  socket.on('error', () => {});
  socket.resume();
  socket.on('close', () => {
    if (stop.now) return;
    lifetimes.push(performance.now() - t0);
    stalledClient(kind, lifetimes, stop);
  });
  stop.sockets.push(socket);
}
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
  const stop = { now: false, sockets: [] as import('node:net').Socket[] };
  const lifetimes = { headers: [] as number[], body: [] as number[] };
  for (let i = 0; i < stalledClients; i++) {
    const kind = i % 2 === 0 ? 'headers' : 'body';
    stalledClient(kind, lifetimes[kind], stop);
  }
  const rss: number[] = [];
  const sampler = setInterval(() => void health().then((h) => rss.push(h.rssBytes)), 5000);
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
  clearInterval(sampler);
  stop.now = true;
  for (const s of stop.sockets) s.destroy();
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
  console.log(
    `server RSS: ${mb(before.rssBytes)} before, ${mb(after.rssBytes)} after; every 5 s: ${rss.map(mb).join(', ')}`,
  );
  const worst = (xs: number[]): number => Math.round(Math.max(0, ...xs));
  const median = (xs: number[]): number =>
    Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0);
  // Node checks the deadlines every twentieth of the shortest limit (see buildServer).
  const slack = Math.min(headersMs, requestMs) / 20 + 500;
  console.log(
    `stalled clients: ${stalledClients}; partial headers: ${lifetimes.headers.length} sockets closed, median ${median(lifetimes.headers)} ms, longest ${worst(lifetimes.headers)} ms ` +
      `(limit ${headersMs} ms); unsent body: ${lifetimes.body.length} closed, median ${median(lifetimes.body)} ms, longest ${worst(lifetimes.body)} ms (limit ${requestMs} ms)`,
  );
  const stalledOk =
    stalledClients === 0 ||
    (lifetimes.headers.length > 0 &&
      worst(lifetimes.headers) <= headersMs + slack &&
      (stalledClients < 2 || (lifetimes.body.length > 0 && worst(lifetimes.body) <= requestMs + slack)));
  if (result.errors || result.non2xx || result.timeouts || !stalledOk) process.exitCode = 1;
} finally {
  server.kill('SIGTERM');
}

/**
 * Distributed tuning on a real Redis: three `seqlab worker` processes, one killed (SIGKILL) in the
 * middle of a trial; every trial must complete exactly once. Redis comes from SEQLAB_TEST_REDIS
 * (a redis:// URL, as .ci/run sets), or a redis-server started here on a free loopback port with no
 * persistence; without either the test is skipped — except under CI, where it fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, seqlab } from '../e2e/helpers.js';
import { readStudy } from '../../src/tuning/study.js';
import { QueueUnreachableError, startQueueWorker } from '../../src/tuning/queue.js';

const hasServer = spawnSync('redis-server', ['--version']).status === 0;
const given = process.env.SEQLAB_TEST_REDIS;
const skip =
  !given && !hasServer && !process.env.CI
    ? 'no Redis: set SEQLAB_TEST_REDIS=redis://127.0.0.1:PORT or install redis-server'
    : false;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startRedis(): Promise<{ url: string; stop: () => void }> {
  if (given) {
    // A fresh database per run so earlier jobs do not interfere.
    return { url: given, stop: () => {} };
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-redis-'));
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    if (spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.includes('PONG'))
      break;
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => server.kill('SIGTERM') };
}

function worker(url: string): ChildProcess & { log: string } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, 'worker', '--queue', url, '--lock-ms', '1500'],
    {
      env: { ...process.env, SEQLAB_NUM_THREADS: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  ) as ChildProcess & { log: string };
  child.log = '';
  child.stderr!.on('data', (d: Buffer) => (child.log += d.toString()));
  return child;
}

test(
  'three workers on a real Redis, one killed mid-trial: every trial completes exactly once',
  { skip, timeout: 240_000 },
  async () => {
    const redis = await startRedis();
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-queue-'));
    const seed = (Math.random() * 1e6) | 0;
    writeFileSync(
      join(dir, 'tune.yaml'),
      `name: q${seed}
seed: ${seed}
data: { source: demo:tabular, type: table, label: y, maxRows: 300 }
model: { layers: [ { type: dense, units: 8, activation: relu }, { type: dense, units: 1, activation: sigmoid } ] }
compile: { optimizer: adam }
training: { epochs: 25, batchSize: 16, validationSplit: 0.25 }
tune:
  search: { compile.optimizer.learningRate: { loguniform: [1e-3, 1e-1] } }
  budget: { trials: 6 }
  sampler: random
  pruner: none
`,
    );
    const workers = [worker(redis.url), worker(redis.url), worker(redis.url)];
    try {
      for (let i = 0; i < 100 && !workers.every((w) => w.log.includes('worker ready')); i++)
        await new Promise((r) => setTimeout(r, 200));
      const tune = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          CLI,
          'tune',
          join(dir, 'tune.yaml'),
          '--out',
          join(dir, 's'),
          '--queue',
          redis.url,
          '--workers',
          '3',
          '-q',
        ],
        {
          env: { ...process.env, SEQLAB_NUM_THREADS: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const exited = new Promise<number | null>((r) => tune.once('exit', r));
      let err = '';
      tune.stderr.on('data', (d: Buffer) => (err += d.toString()));
      // Kill the first worker that starts a trial, in the middle of it.
      let victim: (typeof workers)[number] | undefined;
      for (let i = 0; i < 600 && !victim; i++) {
        await new Promise((r) => setTimeout(r, 50));
        victim = workers.find((w) => /^trial \d+/m.test(w.log));
      }
      assert.ok(victim, 'no worker started a trial');
      await new Promise((r) => setTimeout(r, 150));
      const killedTrial = Number(/^trial (\d+)/m.exec(victim.log)?.[1]);
      victim.kill('SIGKILL');
      const code = await exited;
      assert.equal(code, 0, err);
      const study = readStudy(join(dir, 's'));
      assert.deepEqual(
        study.trials.map((t) => [t.number, t.state]),
        [0, 1, 2, 3, 4, 5].map((n) => [n, 'complete']),
        `seed ${seed}`,
      );
      // The killed worker's trial was rerun by another worker and recorded once.
      const rerun = study.trials[killedTrial]!;
      assert.ok(
        rerun.worker && !rerun.worker.endsWith(`:${victim.pid}`),
        `seed ${seed}: trial ${killedTrial} by ${rerun.worker}`,
      );
      const total = workers
        .filter((w) => w !== victim)
        .reduce((a, w) => a + (w.log.match(/^trial \d+/gm)?.length ?? 0), 0);
      assert.ok(total >= 6 - 1, `seed ${seed}: the surviving workers ran ${total} trial(s)`);
    } finally {
      for (const w of workers) w.kill('SIGTERM');
      redis.stop();
    }
  },
);

test('an unreachable Redis is a clear error within a few seconds', async () => {
  const port = await freePort();
  // The library call is timed (the CLI's own start-up through tsx is slow on a loaded machine).
  const started = Date.now();
  await assert.rejects(
    startQueueWorker(`redis://127.0.0.1:${port}`),
    (e: Error) =>
      e instanceof QueueUnreachableError &&
      e.message.includes(`cannot reach Redis at redis://127.0.0.1:${port}`),
  );
  assert.ok(Date.now() - started < 8_000, `took ${Date.now() - started} ms`);
  const r = seqlab(['tune', '--resume', '/nonexistent', '--queue', 'http://x']);
  assert.equal(r.status, 1);
  const bad = seqlab(['worker', '--queue', 'localhost:6379']);
  assert.match(bad.stderr, /expected a Redis URL like redis:\/\/HOST:6379/);
});

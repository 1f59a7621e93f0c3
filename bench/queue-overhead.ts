/**
 * Queue overhead per trial on loopback (enqueue → start → result) with BullMQ on a real Redis: a
 * worker in this process runs jobs whose config is rejected at once, so the time measured is the
 * queue's round trip. Usage: node --import tsx bench/queue-overhead.ts redis://127.0.0.1:6379 [N]
 */
import { BullmqExecutor, startQueueWorker } from '../src/tuning/queue.js';
import { VERSION } from '../src/version.js';

const url = process.argv[2] ?? 'redis://127.0.0.1:6379';
const n = Number(process.argv[3] ?? 30);
const worker = await startQueueWorker(url);
const ex = await BullmqExecutor.open(url, 1);
const times: number[] = [];
for (let i = 0; i < n; i++) {
  const t = performance.now();
  const r = await ex.run({
    study: 'overhead',
    number: i,
    params: {},
    config: {},
    objective: { metric: 'val_loss', direction: 'minimize' },
    pruner: 'none',
    history: [],
    version: VERSION,
  });
  if (r.state !== 'failed') throw new Error('expected the empty config to be rejected');
  times.push(performance.now() - t);
}
await ex.close();
await worker.stop();
times.sort((a, b) => a - b);
console.log(
  `${n} jobs: median ${times[n >> 1]!.toFixed(1)} ms, p90 ${times[Math.floor(n * 0.9)]!.toFixed(1)} ms, max ${times[n - 1]!.toFixed(1)} ms`,
);

/**
 * Trials across machines on BullMQ (Redis): the study enqueues each trial as a job on the queue
 * `seqlab-trials` and waits for its result; `seqlab worker --queue redis://…` on any machine takes
 * jobs one at a time. A worker that dies mid-trial stops renewing its job's lock, BullMQ moves the
 * job back to waiting (stalled-job handling) and another worker runs it; the study records each
 * trial number once, so a retried trial is never counted twice. Data is read by the worker at the
 * path in the config (shared storage), checked against the coordinator's sha256.
 */
import { hostname } from 'node:os';
import { Queue, QueueEvents, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { SeqlabError } from '../errors.js';
import { runTrial, VersionMismatchError, type TrialJob, type TrialResult } from './trial.js';
import type { Executor } from './executor.js';

export const QUEUE_NAME = 'seqlab-trials';

/** Redis could not be reached. */
export class QueueUnreachableError extends SeqlabError {}

/** Lock settings: a dead worker's trial goes back to the queue after about `lockMs`. */
export interface LockOptions {
  lockMs?: number;
  stalledIntervalMs?: number;
}

function connection(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    lazyConnect: true,
    connectTimeout: 3000,
    retryStrategy: () => null,
  });
}

/** Connects or throws a clear error within a few seconds. */
async function connect(url: string): Promise<Redis> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QueueUnreachableError(`--queue ${url}: expected a Redis URL like redis://HOST:6379`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new QueueUnreachableError(`--queue ${url}: expected a Redis URL like redis://HOST:6379`);
  const r = connection(url);
  r.on('error', () => {}); // reported by connect() below
  try {
    await Promise.race([
      r.connect().then(() => r.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer in 5 s')), 5000)),
    ]);
  } catch (e) {
    r.disconnect();
    throw new QueueUnreachableError(
      `cannot reach Redis at ${url} (${(e as Error).message}); start redis-server there or check the host and port`,
    );
  }
  // Reconnect on later blips (BullMQ needs a connection that keeps trying).
  const keep = new Redis(url, { maxRetriesPerRequest: null });
  r.disconnect();
  return keep;
}

/**
 * The study side: enqueues trials and waits for their results.
 * @example const ex = await BullmqExecutor.open('redis://127.0.0.1:6379', 4);
 */
export class BullmqExecutor implements Executor {
  private constructor(
    readonly capacity: number,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly conns: Redis[],
  ) {}

  static async open(
    url: string,
    capacity: number,
    options: { prefix?: string } = {},
  ): Promise<BullmqExecutor> {
    const a = await connect(url);
    const b = await connect(url);
    const prefix = options.prefix ?? 'seqlab';
    const queue = new Queue(QUEUE_NAME, { connection: a, prefix });
    const events = new QueueEvents(QUEUE_NAME, { connection: b, prefix });
    await events.waitUntilReady();
    return new BullmqExecutor(capacity, queue, events, [a, b]);
  }

  async run(job: TrialJob, onValue?: (step: number, value: number) => void): Promise<TrialResult> {
    const id = `${job.study}-${job.number}-${Date.now()}`;
    const onProgress = ({ jobId, data }: { jobId: string; data: unknown }): void => {
      const d = data as { step?: number; value?: number };
      if (jobId === id && typeof d.step === 'number' && typeof d.value === 'number')
        onValue?.(d.step, d.value);
    };
    this.events.on('progress', onProgress);
    try {
      const added = await this.queue.add('trial', job, {
        jobId: id,
        attempts: 1,
        removeOnComplete: { age: 3600 },
        removeOnFail: { age: 24 * 3600 },
      });
      return (await added.waitUntilFinished(this.events)) as TrialResult;
    } catch (e) {
      throw new SeqlabError(`trial ${job.number}: ${(e as Error).message}`);
    } finally {
      this.events.off('progress', onProgress);
    }
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
    for (const c of this.conns) c.disconnect();
  }
}

/**
 * The worker side (`seqlab worker`): runs trials from the queue until `stop()`.
 * @example const w = await startQueueWorker('redis://127.0.0.1:6379'); … await w.stop();
 */
export async function startQueueWorker(
  url: string,
  options: LockOptions & { name?: string; prefix?: string; log?: (line: string) => void } = {},
): Promise<{ stop: () => Promise<void>; worker: Worker }> {
  const conn = await connect(url);
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const log = options.log ?? (() => {});
  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job<TrialJob>) => {
      log(`trial ${job.data.number} of ${job.data.study} (attempt ${job.attemptsStarted})`);
      try {
        return await runTrial(job.data, {
          worker: name,
          onValue: (step, value) => void job.updateProgress({ step, value }).catch(() => {}),
        });
      } catch (e) {
        if (e instanceof VersionMismatchError) throw new UnrecoverableError(e.message);
        throw e;
      }
    },
    {
      connection: conn,
      prefix: options.prefix ?? 'seqlab',
      concurrency: 1,
      lockDuration: options.lockMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: 5,
    },
  );
  worker.on('error', (e) => log(`worker error: ${e.message}`));
  await worker.waitUntilReady();
  return {
    worker,
    stop: async () => {
      await worker.close();
      conn.disconnect();
    },
  };
}

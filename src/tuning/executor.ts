/**
 * Where trials run. `LocalPool` (the default) keeps N worker processes on this machine, each with
 * ⌊cores / N⌋ native threads, and needs no server; `BullmqExecutor` (queue.ts) sends trials through
 * Redis to `seqlab worker` processes on any machine.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SeqlabError } from '../errors.js';
import type { TrialJob, TrialResult } from './trial.js';

export interface Executor {
  /** How many trials may run at once. */
  readonly capacity: number;
  /** Runs a trial; `onValue` receives its intermediate values as they come. */
  run(job: TrialJob, onValue?: (step: number, value: number) => void): Promise<TrialResult>;
  /** Stops the workers (trials still running are abandoned: the study reruns them on resume). */
  close(): Promise<void>;
}

/** Messages between the pool and a worker process. */
export type ToWorker = { type: 'run'; job: TrialJob };
export type FromWorker =
  | { type: 'value'; number: number; step: number; value: number }
  | { type: 'result'; result: TrialResult }
  | { type: 'error'; number: number; message: string };

/** The worker entry file next to this one (.ts from sources through tsx, .js from dist). */
function entry(): { path: string; execArgv: string[] } {
  const here = import.meta.url;
  const ts = here.endsWith('.ts');
  return {
    path: fileURLToPath(new URL(ts ? './worker-entry.ts' : './worker-entry.js', here)),
    // From sources the child needs tsx too, resolved here so it works from any working folder.
    execArgv: ts ? ['--import', import.meta.resolve('tsx')] : [],
  };
}

/** Native threads per worker so that workers × threads ≤ cores. */
export function threadsPerWorker(workers: number, cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / workers));
}

/**
 * N local worker processes.
 * @example const pool = new LocalPool(2); const r = await pool.run(job); await pool.close();
 */
export class LocalPool implements Executor {
  private readonly idle: ChildProcess[] = [];
  private readonly all: ChildProcess[] = [];
  private readonly waiting: ((c: ChildProcess) => void)[] = [];
  private closed = false;
  readonly threads: number;

  constructor(
    readonly capacity: number,
    options: { threads?: number } = {},
  ) {
    this.threads = options.threads ?? threadsPerWorker(capacity);
    const { path, execArgv } = entry();
    for (let i = 0; i < capacity; i++) {
      const child = fork(path, [], {
        execArgv,
        env: {
          ...process.env,
          SEQLAB_NUM_THREADS: String(this.threads),
          SEQLAB_WORKER_NAME: `local-${i + 1}`,
        },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      this.all.push(child);
      this.idle.push(child);
    }
  }

  private async take(): Promise<ChildProcess> {
    const c = this.idle.pop();
    if (c) return c;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private give(c: ChildProcess): void {
    const w = this.waiting.shift();
    if (w) w(c);
    else this.idle.push(c);
  }

  async run(job: TrialJob, onValue?: (step: number, value: number) => void): Promise<TrialResult> {
    if (this.closed) throw new SeqlabError('the worker pool is closed');
    const child = await this.take();
    return new Promise<TrialResult>((resolve, reject) => {
      const done = (): void => {
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      const onMessage = (m: FromWorker): void => {
        if (m.type === 'value') onValue?.(m.step, m.value);
        else if (m.type === 'result') {
          done();
          this.give(child);
          resolve(m.result);
        } else {
          done();
          this.give(child);
          reject(new SeqlabError(m.message));
        }
      };
      const onExit = (code: number | null, signal: string | null): void => {
        done();
        reject(
          new SeqlabError(`worker process for trial ${job.number} exited (${signal ?? `code ${code}`})`),
        );
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send({ type: 'run', job } satisfies ToWorker);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.all.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          }),
      ),
    );
  }
}

/**
 * Runs trials in this process, one at a time (tests, and `--workers 0`).
 * @example await new InProcess().run(job)
 */
export class InProcess implements Executor {
  readonly capacity = 1;
  async run(job: TrialJob, onValue?: (step: number, value: number) => void): Promise<TrialResult> {
    const { runTrial } = await import('./trial.js');
    return runTrial(job, { ...(onValue ? { onValue } : {}), worker: 'in-process' });
  }
  async close(): Promise<void> {}
}

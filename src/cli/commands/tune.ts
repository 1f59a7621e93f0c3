/** `seqlab tune CONFIG`: a search over the config's tune block; `seqlab worker`: runs queued trials. */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { applyOverrides, parseConfigText, readConfigText, resolveSource } from '../../experiments/config.js';
import { LocalPool, threadsPerWorker, type Executor } from '../../tuning/executor.js';
import { defaultTuneBlock } from '../../tuning/default-search.js';
import { BullmqExecutor, startQueueWorker } from '../../tuning/queue.js';
import { bestTrial, readStudy, runStudy } from '../../tuning/study.js';
import { writeStudyReport } from '../../tuning/report.js';
import { action, CliError } from '../errors.js';
import { dataFlags, inferredConfig, isConfigFile, parsePositive, type DataFlags } from './init.js';

interface TuneOptions extends DataFlags {
  out?: string;
  resume?: string;
  workers: number;
  threads?: number;
  queue?: string;
  set: string[];
  quiet?: boolean;
}

/** The config file with overrides applied and data paths made absolute (workers may run elsewhere). */
async function rawConfig(path: string, sets: string[]): Promise<Record<string, unknown>> {
  const raw = applyOverrides(parseConfigText(await readConfigText(path), path), sets);
  const base = dirname(resolve(path));
  const data = raw.data as Record<string, unknown> | undefined;
  if (data && typeof data.source === 'string') data.source = resolveSource(data.source, base);
  const opts = data?.options as Record<string, unknown> | undefined;
  if (opts && typeof opts.path === 'string') opts.path = resolveSource(opts.path, base);
  return raw;
}

/** Registers `tune` and `worker`. */
export function tuneCommand(program: Command): void {
  dataFlags(
    program
      .command('tune')
      .description(
        "search the config's tune block, or around its values (TPE or random, median/ASHA pruning), or the recipe seqlab init makes of a data file; writes a study folder with study.json, best.yaml and report.html",
      )
      .argument(
        '[config]',
        'experiment config (its tune: block, or a search around its values), or a data file (the config seqlab init would write)',
      ),
  )
    .option('-o, --out <dir>', 'study folder (default: studies/<config name>)')
    .option('--resume <dir>', 'continue a stopped or killed study')
    .option(
      '-w, --workers <n>',
      'local worker processes (threads split so workers × threads ≤ cores)',
      (v) => parsePositive(v, '--workers'),
      1,
    )
    .option('--threads <n>', 'native threads per local worker (default: cores / workers)', (v) =>
      parsePositive(v, '--threads'),
    )
    .option(
      '--queue <url>',
      'run trials on `seqlab worker` processes through BullMQ on this Redis, e.g. redis://HOST:6379',
    )
    .option(
      '-s, --set <key=value>',
      'override a config value (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option('-q, --quiet', 'only the final line')
    .addHelpText(
      'after',
      `
Examples:
  $ seqlab tune examples/tune-imdb-lstm.yaml --workers 2
  $ seqlab tune sales.csv --set tune.budget.trials=20         # the recipe seqlab init writes, searched around
  $ seqlab tune --resume studies/imdb-lstm
  $ seqlab tune examples/tune-airline.yaml --queue redis://10.0.0.5:6379 --workers 8   # then on each machine:
  $ seqlab worker --queue redis://10.0.0.5:6379

Ctrl-C stops cleanly: finished trials are kept and running ones rerun on --resume.`,
    )
    .action(
      action(async (configPath: string | undefined, opts: TuneOptions) => {
        if (!configPath === !opts.resume)
          throw new CliError('give a config to start a study, or --resume STUDY to continue one');
        const log = opts.quiet ? () => {} : (line: string) => process.stderr.write(`${line}\n`);
        let raw: Record<string, unknown> | undefined;
        let dir: string;
        if (configPath) {
          raw = isConfigFile(configPath, opts.horizon)
            ? await rawConfig(configPath, opts.set)
            : await inferredConfig(configPath, opts, opts.set, opts.quiet === true);
          const given = raw.tune as Record<string, unknown> | undefined;
          if (given?.search === undefined) {
            // No search space (--set tune.budget.trials=… alone makes a block without one): the default.
            const { tune: _t, ...rest } = raw;
            const block = { ...defaultTuneBlock(rest, configPath), ...given };
            raw.tune = block;
            log(
              `${configPath} has no tune.search: searching around the recipe's own values (saved in the study, so --resume searches the same space):\n${Object.entries(
                block.search as Record<string, unknown>,
              )
                .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)
                .join(
                  '\n',
                )}\n  objective: ${JSON.stringify(block.objective)}, budget: ${JSON.stringify(block.budget)}`,
            );
          }
          const name = typeof raw.name === 'string' ? raw.name : 'study';
          dir = resolve(opts.out ?? `studies/${name}`);
        } else {
          dir = resolve(opts.resume!);
          readStudy(dir); // fails early with a clear message
        }
        const workers = opts.workers;
        if (opts.threads && opts.queue)
          throw new CliError(
            "--threads sets local workers' threads; with --queue give it to each `seqlab worker`",
          );
        const threads = opts.threads ?? threadsPerWorker(workers);
        const executor: Executor = opts.queue
          ? await BullmqExecutor.open(opts.queue, workers)
          : new LocalPool(workers, { threads });
        log(
          opts.queue
            ? `study ${dir}: up to ${workers} trial(s) at once on ${opts.queue} (start workers with: seqlab worker --queue ${opts.queue})`
            : `study ${dir}: ${workers} local worker(s), ${threads} thread(s) each`,
        );
        let stop: () => void = () => {};
        const stopped = new Promise<void>((r) => (stop = r));
        let interrupts = 0;
        const onSigint = (): void => {
          if (++interrupts > 1) process.exit(130);
          log('\nCtrl-C: stopping; finished trials are saved (press again to quit at once)');
          stop();
        };
        process.on('SIGINT', onSigint);
        let study;
        try {
          study = await runStudy({ dir, executor, ...(raw ? { config: raw } : {}), log, stop: stopped });
        } finally {
          process.off('SIGINT', onSigint);
          await executor.close();
        }
        const report = await writeStudyReport(dir, study);
        const best = bestTrial(study);
        process.stdout.write(
          best
            ? `best: trial ${best.number}, ${study.spec.objective.metric} = ${best.value} ${JSON.stringify(best.params)}\nreport: ${report}\nbest config: ${resolve(dir, 'best.yaml')}\n`
            : `no trial completed; report: ${report}\n`,
        );
      }),
    );

  program
    .command('worker')
    .description('run tuning trials from a BullMQ queue on Redis (started by seqlab tune --queue)')
    .requiredOption('--queue <url>', 'Redis URL, e.g. redis://HOST:6379')
    .option('--threads <n>', 'native threads for this worker (default: all cores)', (v) =>
      parsePositive(v, '--threads'),
    )
    .option(
      '--lock-ms <ms>',
      "a dead worker's trial goes back to the queue after about this long (default 30000)",
      (v) => parsePositive(v, '--lock-ms'),
    )
    .action(
      action(async (opts: { queue: string; threads?: number; lockMs?: number }) => {
        if (opts.threads) process.env.SEQLAB_NUM_THREADS = String(opts.threads);
        const log = (line: string): void => void process.stderr.write(`${line}\n`);
        const w = await startQueueWorker(opts.queue, {
          log,
          ...(opts.lockMs ? { lockMs: opts.lockMs, stalledIntervalMs: opts.lockMs } : {}),
        });
        log(`worker ready on ${opts.queue}; Ctrl-C to stop (a running trial goes back to the queue)`);
        await new Promise<void>((resolveStop) => {
          process.once('SIGINT', resolveStop);
          process.once('SIGTERM', resolveStop);
        });
        await w.stop();
      }),
    );
}

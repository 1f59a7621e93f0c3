/** `seqlab train CONFIG`: runs one experiment and writes its run folder and report. */
import { join, resolve } from 'node:path';
import { CHECKPOINT_DIR, findCheckpoint } from '../../experiments/checkpoint.js';
import type { Command } from 'commander';
import { loadConfig, validateConfig } from '../../experiments/config.js';
import { dataFlags, inferredConfig, isConfigFile, parsePositive, type DataFlags } from './init.js';
import { runExperiment, type RunEvent } from '../../experiments/runner.js';
import { action, CliError } from '../errors.js';
import { printRunSummary } from '../format.js';

interface TrainOptions extends DataFlags {
  out?: string;
  force?: boolean;
  resume?: string;
  set: string[];
  quiet?: boolean;
  json?: boolean;
  epochs?: number;
}

/** Registers the command. */
export function trainCommand(program: Command): void {
  dataFlags(
    program
      .command('train')
      .description(
        'train a model from a YAML/JSON experiment config, or straight from a data file (roles inferred as by seqlab init); writes a run folder with the model, metrics and report.html',
      )
      .argument(
        '[config]',
        'experiment config (.yaml, .yml or .json), or a data file (CSV, XLSX, Parquet, JSON, JSONL); not needed with --resume',
      ),
  )
    .option('-o, --out <dir>', 'run folder (default: runs/<config name>)')
    .option(
      '--force',
      'replace a run folder that already holds a run (the old one stays until the new one is complete)',
    )
    .option('--resume <run>', 'continue the interrupted run in this folder from its last checkpoint')
    .option(
      '-s, --set <key=value>',
      'override a config value (repeatable), e.g. --set training.epochs=2',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option('--epochs <n>', 'shorthand for --set training.epochs=N', (v) => parsePositive(v, '--epochs'))
    .option('-q, --quiet', 'no progress bar or summaries; only errors and the final line')
    .option('--json', 'print one JSON event per line on stdout (start, data, epoch, done)')
    .addHelpText(
      'after',
      `
Examples:
  $ seqlab train examples/imdb-dense.yaml
  $ seqlab train examples/airline-lstm.yaml --out runs/airline --set training.epochs=20
  $ seqlab train my.yaml --set data.maxRows=500 --epochs 2 --json > events.jsonl
  $ seqlab train --resume runs/airline     # after a crash or kill: continues from the last epoch saved
  $ seqlab train ../shared/data/iris.csv                # zero-config: roles and task inferred
  $ seqlab train houses.csv --label price --task regression
  $ seqlab train RUN/config.yaml                        # rerun a zero-config run from its saved config

Ctrl-C stops after the current batch and still writes a valid run with the best weights so far.`,
    )
    .action(
      action(async (configArg: string | undefined, opts: TrainOptions) => {
        const sets = [...opts.set, ...(opts.epochs ? [`training.epochs=${opts.epochs}`] : [])];
        if (opts.resume && opts.force)
          throw new CliError('--resume and --force exclude each other: continue the run, or replace it');
        if (opts.resume && opts.out && resolve(opts.out) !== resolve(opts.resume))
          throw new CliError(`--resume ${opts.resume} continues that folder; leave out --out`);
        const configPath =
          configArg ?? (opts.resume ? await checkpointConfig(resolve(opts.resume)) : undefined);
        if (!configPath) throw new CliError('train needs a config file (or --resume RUN to continue a run)');
        const config = isConfigFile(configPath, opts.horizon)
          ? await loadConfig(configPath, sets)
          : validateConfig(
              await inferredConfig(configPath, opts, sets, opts.quiet === true || opts.json === true),
              `${configPath} (inferred config)`,
            );
        const out = resolve(opts.resume ?? opts.out ?? `runs/${config.name}`);
        const json = opts.json === true;
        const onEvent = json ? (e: RunEvent) => process.stdout.write(`${JSON.stringify(e)}\n`) : undefined;
        const result = await runExperiment(config, {
          out,
          force: opts.force === true,
          resume: opts.resume !== undefined,
          verbose: json || opts.quiet ? 0 : 1,
          ...(onEvent ? { onEvent } : {}),
          ...(json || opts.quiet ? { log: () => {} } : {}),
        });
        if (!json) printRunSummary(result, opts.quiet === true);
        if (result.interrupted) {
          // Stopped by Ctrl-C: the run folder is valid, but the exit status says it is not what was asked.
          process.stderr.write(`interrupted: the run in ${out} holds the best weights up to the stop\n`);
          process.exitCode = 130;
        }
      }),
    );
}

/** The config saved with a run's checkpoint (in RUN or, for a --force replacement, RUN.new). */
async function checkpointConfig(run: string): Promise<string> {
  for (const dir of [run, `${run}.new`]) {
    const found = await findCheckpoint(dir);
    if (found) return join(found.dir, 'config.yaml');
  }
  throw new CliError(`${run} has no checkpoint to resume (a run saves one in ${join(run, CHECKPOINT_DIR)})`);
}

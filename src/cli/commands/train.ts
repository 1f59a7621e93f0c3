/** `seqlab train CONFIG`: runs one experiment and writes its run folder and report. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../experiments/config.js';
import { runExperiment, type RunEvent } from '../../experiments/runner.js';
import { action } from '../errors.js';
import { parsePositive } from './describe.js';
import { printRunSummary } from '../format.js';

interface TrainOptions {
  out?: string;
  set: string[];
  quiet?: boolean;
  json?: boolean;
  epochs?: number;
}

/** Registers the command. */
export function trainCommand(program: Command): void {
  program
    .command('train')
    .description(
      'train a model from a YAML/JSON experiment config; writes a run folder with the model, metrics and report.html',
    )
    .argument('<config>', 'experiment config (.yaml, .yml or .json)')
    .option('-o, --out <dir>', 'run folder (default: runs/<config name>)')
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

Ctrl-C stops after the current batch and still writes a valid run with the best weights so far.`,
    )
    .action(
      action(async (configPath: string, opts: TrainOptions) => {
        const sets = [...opts.set, ...(opts.epochs ? [`training.epochs=${opts.epochs}`] : [])];
        const config = await loadConfig(configPath, sets);
        const out = resolve(opts.out ?? `runs/${config.name}`);
        const json = opts.json === true;
        const onEvent = json ? (e: RunEvent) => process.stdout.write(`${JSON.stringify(e)}\n`) : undefined;
        const result = await runExperiment(config, {
          out,
          verbose: json || opts.quiet ? 0 : 1,
          ...(onEvent ? { onEvent } : {}),
          ...(json || opts.quiet ? { log: () => {} } : {}),
        });
        if (!json) printRunSummary(result, opts.quiet === true);
      }),
    );
}

/** `seqlab train CONFIG`: runs one experiment and writes its run folder and report. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { applyOverrides, loadConfig, validateConfig } from '../../experiments/config.js';
import { configFromData } from '../../experiments/from-data.js';
import type { ExperimentConfig } from '../../experiments/config-schema.js';
import { dataFlags, fromDataOptions, type DataFlags } from './init.js';
import { runExperiment, type RunEvent } from '../../experiments/runner.js';
import { action } from '../errors.js';
import { parsePositive } from './describe.js';
import { printRunSummary } from '../format.js';

interface TrainOptions extends DataFlags {
  out?: string;
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
        '<config>',
        'experiment config (.yaml, .yml or .json), or a data file (CSV, XLSX, Parquet, JSONL)',
      ),
  )
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
  $ seqlab train ../shared/data/iris.csv                # zero-config: roles and task inferred
  $ seqlab train houses.csv --label price --task regression
  $ seqlab train RUN/config.yaml                        # rerun a zero-config run from its saved config

Ctrl-C stops after the current batch and still writes a valid run with the best weights so far.`,
    )
    .action(
      action(async (configPath: string, opts: TrainOptions) => {
        const sets = [...opts.set, ...(opts.epochs ? [`training.epochs=${opts.epochs}`] : [])];
        const config = /\.(ya?ml|json)$/i.test(configPath)
          ? await loadConfig(configPath, sets)
          : await configFromFile(configPath, opts, sets);
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

/** A data file given to `train`: the config `seqlab init` would write, with the --set overrides. */
async function configFromFile(path: string, opts: TrainOptions, sets: string[]): Promise<ExperimentConfig> {
  const { init } = await configFromData(path, fromDataOptions(opts));
  if (opts.quiet !== true && opts.json !== true)
    process.stderr.write(
      `${init.header
        .slice(0, -1)
        .map((l) => `  ${l}`)
        .join('\n')}\n`,
    );
  const raw = applyOverrides(structuredClone(init.config) as Record<string, unknown>, sets);
  return validateConfig(raw, `${path} (inferred config)`);
}

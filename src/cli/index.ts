#!/usr/bin/env node
/**
 * The `seqlab` command: describe, train, evaluate, predict, report, demo. Each command lives in
 * commands/; errors print one line (stack with SEQLAB_DEBUG=1) and exit non-zero.
 */
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { describeCommand } from './commands/describe.js';
import { trainCommand } from './commands/train.js';
import { initCommand } from './commands/init.js';
import { evaluateCommand } from './commands/evaluate.js';
import { predictCommand } from './commands/predict.js';
import { reportCommand } from './commands/report.js';
import { demoCommand } from './commands/demo.js';
import { serveCommand } from './commands/serve.js';
import { exportCommand } from './commands/export.js';
import { forecastCommand } from './commands/forecast.js';
import { tuneCommand } from './commands/tune.js';
import { compareCommand } from './commands/compare.js';
import { reportError } from './errors.js';

/**
 * The commander program (exported for tests and embedding).
 * @example await buildProgram().parseAsync(['node', 'seqlab', 'describe', 'data.csv']);
 */
export function buildProgram(): Command {
  const program = new Command('seqlab')
    .description(
      'recurrent neural networks for text, tables and time series: train, evaluate, predict, report',
    )
    .version(VERSION)
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  $ seqlab demo
  $ seqlab init ../shared/data/iris.csv && seqlab train iris.yaml
  $ seqlab train ../shared/data/pima-indians-diabetes.csv
  $ seqlab describe ../shared/data/airline-passengers.csv
  $ seqlab train examples/imdb-dense.yaml --out runs/imdb-dense
  $ seqlab predict runs/imdb-dense reviews.txt --out predictions.csv
  $ seqlab forecast runs/airline-forecast --out next-year.csv
  $ seqlab report runs/imdb-dense`,
    );
  for (const add of [
    initCommand,
    describeCommand,
    trainCommand,
    evaluateCommand,
    predictCommand,
    forecastCommand,
    reportCommand,
    demoCommand,
    serveCommand,
    exportCommand,
    tuneCommand,
    compareCommand,
  ])
    add(program);
  program.commands.forEach((c) => c.showHelpAfterError('(add --help for usage)'));
  return program;
}

/** Runs the CLI with process arguments. */
export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().exitOverride().parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode;
      return;
    }
    process.exitCode = reportError(e);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

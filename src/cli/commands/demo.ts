/** `seqlab demo`: a small BiGRU-attention model on bundled tabular data, in well under a minute. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { validateConfig } from '../../experiments/config.js';
import { runExperiment } from '../../experiments/runner.js';
import { action } from '../errors.js';
import { printRunSummary } from '../format.js';

/** The demo's config: the bundled 2000-row tabular data and a small BiGRU with attention (a few seconds). */
export const DEMO_CONFIG = {
  name: 'demo',
  seed: 0,
  data: { source: 'demo:tabular', type: 'table', label: 'y' },
  preprocessing: { scaler: 'standard', rowsAsSequences: true },
  model: {
    layers: [
      { type: 'bidirectional', layer: { type: 'gru', units: 32, returnSequences: true } },
      { type: 'attentionPooling', units: 32 },
      { type: 'dense', units: 1, activation: 'sigmoid' },
    ],
  },
  compile: {
    optimizer: { name: 'adam', learningRate: 0.003 },
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  },
  training: { epochs: 20, batchSize: 32, validationSplit: 0.1 },
};

/** Registers the command. */
export function demoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'train a small BiGRU + attention model on bundled data (under a minute) and write its report',
    )
    .option('-o, --out <dir>', 'run folder', 'runs/demo')
    .option('-q, --quiet', 'no progress bar')
    .addHelpText(
      'after',
      `
Examples:
  $ seqlab demo
  $ seqlab demo --out /tmp/seqlab-demo`,
    )
    .action(
      action(async (opts: { out: string; quiet?: boolean }) => {
        const config = validateConfig(DEMO_CONFIG, 'demo');
        const result = await runExperiment(config, {
          out: resolve(opts.out),
          verbose: opts.quiet ? 0 : 1,
          ...(opts.quiet ? { log: () => {} } : {}),
        });
        printRunSummary(result, opts.quiet === true);
        process.stdout.write(
          `Open ${result.report ?? `${result.out}/metrics.json`} in a browser; train your own with: seqlab train examples/tabular-bigru-attention.yaml\n`,
        );
      }),
    );
}

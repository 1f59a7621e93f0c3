/** `seqlab compare RUN RUN…`: one page comparing finished runs. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { writeComparison } from '../../report/compare.js';
import { action } from '../errors.js';

/** Registers the command. */
export function compareCommand(program: Command): void {
  program
    .command('compare')
    .description(
      'compare run folders: metrics table, overlaid training curves, config diff, confusion matrices / forecasts side by side',
    )
    .argument('<runs...>', 'two or more run folders written by seqlab train')
    .option('-o, --out <file>', 'the HTML page to write', 'compare.html')
    .addHelpText('after', '\nExample:\n  $ seqlab compare runs/a runs/b --out compare.html')
    .action(
      action(async (runs: string[], opts: { out: string }) => {
        const out = await writeComparison(
          runs.map((r) => resolve(r)),
          resolve(opts.out),
        );
        process.stdout.write(`${out}\n`);
      }),
    );
}

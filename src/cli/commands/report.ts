/** `seqlab report RUN_DIR`: rebuilds report.html from a run folder's files. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { renderRunReport } from '../../experiments/report-hook.js';
import { CliError, action } from '../errors.js';

/** Registers the command. */
export function reportCommand(program: Command): void {
  program
    .command('report')
    .description('regenerate report.html (and the charts) of a run folder')
    .argument('<runDir>', 'a folder written by seqlab train')
    .addHelpText(
      'after',
      `
Examples:
  $ seqlab report runs/imdb-dense
  $ xdg-open runs/imdb-dense/report.html`,
    )
    .action(
      action(async (runDir: string) => {
        if (!existsSync(join(runDir, 'metrics.json')))
          throw new CliError(
            `${runDir}: not a complete run folder (no metrics.json); run 'seqlab train' first`,
          );
        const out = await renderRunReport(runDir);
        if (!out) throw new CliError('the report module is not available in this build');
        process.stdout.write(`report: ${out}\n`);
      }),
    );
}

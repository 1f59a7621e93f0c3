/** `seqlab describe DATA [--label COL]`: head, info, describe, label counts; writes eda.html. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readTable } from '../../experiments/data.js';
import { describeText, summarizeFrame } from '../../experiments/eda.js';
import { renderEdaReport } from '../../experiments/report-hook.js';
import { requireColumn } from '../../data/preprocessing/frame-steps.js';
import { action } from '../errors.js';
import { parsePositive, sheetOption } from './init.js';
import { inferRoles, InferenceError } from '../../experiments/infer.js';
import type { Frame } from '../../data/frame.js';

/** The roles `seqlab init` would give the columns, and the task, or the question it would ask. */
function rolesText(
  frame: Frame,
  notes: string[],
  opts: { label?: string; text?: string },
  where: string,
): string {
  const lines = [
    'Inferred roles (what seqlab init / seqlab train DATA would use):',
    ...notes.map((n) => `  file: ${n}`),
  ];
  try {
    const inf = inferRoles(frame, {
      ...(opts.label ? { label: opts.label } : {}),
      ...(opts.text ? { text: opts.text } : {}),
      where,
    });
    const w = Math.max(...inf.columns.map((c) => c.name.length));
    lines.push(
      ...inf.columns.map(
        (c) =>
          `  ${c.name.padEnd(w)}  ${c.role.padEnd(11)} ${c.role === 'label' ? 'the column to predict' : c.evidence}`,
      ),
    );
    lines.push(...inf.notes.map((n) => `  ${n}`), `Task: ${inf.task} (data.type ${inf.dataType})`);
  } catch (e) {
    if (!(e instanceof InferenceError)) throw e;
    lines.push(`  ${e.message}`);
  }
  return lines.join('\n');
}

/** Registers the command. */
export function describeCommand(program: Command): void {
  program
    .command('describe')
    .description(
      'inspect a data file: head, info (dtypes, missing values), describe, label counts; writes eda.html',
    )
    .argument(
      '<data>',
      'a CSV, TSV, XLSX or JSONL file (.gz/.xz/.bz2 compressed too; a .zip of one, or archive.zip/file.csv)',
    )
    .option('--label <column>', 'the label column: class counts and per-class histograms')
    .option('--text <column>', 'a text column: sample documents and lengths')
    .option('--out <file>', 'where to write the HTML report', 'eda.html')
    .option('--max-rows <n>', 'read only the first N rows', (v) => parsePositive(v, '--max-rows'))
    .option('--sheet <name>', 'XLSX: the worksheet (name or 1-based number)')
    .addHelpText(
      'after',
      `
Examples:
  $ seqlab describe ../shared/data/pima-indians-diabetes.csv --label Outcome
  $ seqlab describe data.csv.gz --label y --out runs/eda.html`,
    )
    .action(
      action(
        async (
          data: string,
          opts: { label?: string; text?: string; out: string; maxRows?: number; sheet?: string },
        ) => {
          const notes: string[] = [];
          const sheet = sheetOption(opts.sheet);
          const frame = await readTable(data, {
            notes,
            ...(sheet !== undefined ? { sheet } : {}),
            ...(opts.maxRows ? { maxRows: opts.maxRows } : {}),
          });
          if (opts.label) requireColumn(frame, opts.label, 'label', data);
          if (opts.text) requireColumn(frame, opts.text, 'text', data);
          process.stdout.write(`${describeText(frame, opts.label)}\n`);
          process.stdout.write(`\n${rolesText(frame, notes, opts, data)}\n`);
          const summary = summarizeFrame(frame, {
            ...(opts.label ? { label: opts.label } : {}),
            ...(opts.text ? { text: opts.text } : {}),
          });
          const written = await renderEdaReport(resolve(opts.out), summary);
          process.stdout.write(
            written ? `\nEDA report: ${written}\n` : '\n(the HTML report is not available in this build)\n',
          );
        },
      ),
    );
}

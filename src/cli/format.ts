/** Console summaries of runs and metrics, and the tables predict and forecast write. */
import { writeFileAtomic } from '../data/io/atomic-write.js';
import { toCsv } from '../data/io/write-csv.js';
import type { RunResult } from '../experiments/runner.js';
import { CliError } from './errors.js';

const fmt = (v: unknown): string =>
  typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(2) : v.toFixed(4)) : String(v);

/** "accuracy 0.8812 · f1 0.8790 · …" from the scalar metrics that matter for the task. */
export function metricLine(m: Record<string, unknown>, task: string): string {
  const keys =
    task === 'regression'
      ? ['rmse', 'mae', 'mape', 'r2']
      : task === 'multilabel'
        ? ['microF1', 'macroF1', 'subsetAccuracy', 'hammingLoss', 'auc']
        : ['accuracy', 'precision', 'recall', 'f1', 'macroF1', 'auc'];
  return keys
    .filter((k) => typeof m[k] === 'number')
    .map((k) => `${k} ${fmt(m[k])}`)
    .join(' · ');
}

/** Prints the end-of-run summary: test metrics, baselines, the classification report, where things are. */
export function printRunSummary(result: RunResult, quiet: boolean): void {
  const { metrics, out, report } = result;
  const lines: string[] = [];
  if (!quiet) {
    lines.push(
      '',
      `test  ${metricLine(metrics.test, metrics.task)}`,
      `train ${metricLine(metrics.train, metrics.task)}`,
    );
    for (const [name, b] of Object.entries(metrics.baselines ?? {}))
      lines.push(`baseline ${name}: ${metricLine(b, metrics.task)}`);
    if (metrics.verdict) lines.push(`verdict: ${metrics.verdict}`);
    if (typeof metrics.test.classificationReport === 'string')
      lines.push('', metrics.test.classificationReport);
    if (result.interrupted) lines.push('(interrupted: the run holds the best weights reached before Ctrl-C)');
  }
  lines.push(`run folder: ${out}${report ? `\nreport: ${report}` : ''}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * Rows as `--format` says (csv or jsonl; left out, from --out's extension, else csv), to --out
 * (written whole or not at all) or to stdout; a file written is said on stderr with `what`.
 * @example await writeRows(['index', 'label'], rows, { out: 'preds.csv' }, `${rows.length} predictions`)
 */
export async function writeRows(
  header: string[],
  rows: unknown[][],
  opts: { out?: string; format?: string },
  what: string,
): Promise<void> {
  const format = opts.format ?? (opts.out?.endsWith('.jsonl') ? 'jsonl' : 'csv');
  if (format !== 'csv' && format !== 'jsonl') throw new CliError(`--format ${format}: expected csv or jsonl`);
  const text =
    format === 'jsonl'
      ? rows.map((r) => JSON.stringify(Object.fromEntries(header.map((h, i) => [h, r[i]])))).join('\n') + '\n'
      : toCsv(header, rows);
  if (!opts.out) {
    process.stdout.write(text);
    return;
  }
  await writeFileAtomic(opts.out, text);
  process.stderr.write(`${what} written to ${opts.out}\n`);
}

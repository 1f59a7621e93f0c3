/** Console summaries of runs and metrics. */
import type { RunResult } from '../experiments/runner.js';

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

/** The data section of a run (data.json): head, info, describe, label counts, histograms, correlation. */
import type { Frame } from '../data/frame.js';
import { formatCell } from '../data/table.js';
import { splitText } from '../data/preprocessing/text-tokens.js';
import type { DataSummary } from '../report/run-files.js';
import { labelCounts, setName } from '../data/preprocessing/label-sets.js';

const MAX_PER_CLASS = 2000;
const MAX_FEATURES_FOR_HISTOGRAMS = 12;

/**
 * The EDA of a frame as the report's DataSummary.
 * @example const summary = summarizeFrame(frame, { label: 'y' });
 */
export function summarizeFrame(frame: Frame, opts: { label?: string; text?: string } = {}): DataSummary {
  const info = frame.info();
  const head = frame.head(5);
  const numeric = frame.columns.filter((c) => frame.dtype(c) === 'number');
  const desc = frame.describe();
  const stat = (row: string, col: string): number => Number(desc.get(row, col) ?? NaN);
  const summary: DataSummary = {
    rows: frame.nRows,
    columns: [...frame.columns],
    head: head.toRecords().map((r) => frame.columns.map((c) => truncate(formatCell(r[c] ?? null), 120))),
    info: info.columns.map((c) => ({
      column: c.name,
      dtype: c.dtype,
      nonNull: c.nonNull,
      missing: info.rows - c.nonNull,
    })),
    describe: numeric.map((c) => ({
      column: c,
      count: stat('count', c),
      mean: stat('mean', c),
      std: stat('std', c),
      min: stat('min', c),
      q25: stat('25%', c),
      q50: stat('50%', c),
      q75: stat('75%', c),
      max: stat('max', c),
    })),
  };
  const label = opts.label && frame.columns.includes(opts.label) ? opts.label : undefined;
  const features = numeric.filter((c) => c !== label);
  // A label of many numbers (a regression's) has a distribution (describe), not class counts.
  if (label && isClassLabel(frame, label)) {
    const counts = frame.valueCounts(label);
    summary.label = { column: label, counts: counts.toObject() };
    const labels = frame.column(label);
    const classes = counts.index;
    if (classes.length <= 20) {
      summary.featureByClass = features.slice(0, MAX_FEATURES_FOR_HISTOGRAMS).map((feature) => {
        const values = frame.numeric(feature);
        const byClass: Record<string, number[]> = Object.fromEntries(classes.map((k) => [k, [] as number[]]));
        for (let i = 0; i < frame.nRows; i++) {
          const k = formatCell((labels[i] ?? null) as never);
          const bucket = byClass[k];
          if (bucket && bucket.length < MAX_PER_CLASS && Number.isFinite(values[i]!)) bucket.push(values[i]!);
        }
        return { feature, byClass };
      });
    }
  }
  const corrCols = numeric.slice(0, 40);
  if (corrCols.length >= 2) {
    const corr = frame.select(corrCols).corr();
    summary.correlation = {
      columns: corrCols,
      matrix: corr.values.map((r) => r.map((v) => round(Number(v)))),
    };
  }
  if (opts.text && frame.columns.includes(opts.text)) {
    const texts = frame.column(opts.text) as (string | null)[];
    const labels = label ? frame.column(label) : null;
    summary.textSamples = texts.slice(0, 5).map((t, i) => ({
      text: truncate(t ?? '', 1200),
      label: labels ? formatCell((labels[i] ?? null) as never) : '',
    }));
    // Words as the text's script has them: segmented where it has no spaces (Chinese, Japanese, Thai),
    // split at whitespace otherwise (a whitespace count gave every Chinese review one word).
    summary.lengths = texts.slice(0, 5000).map((t) => (t ? splitText(t, 'auto').length : 0));
    // The full texts would make data.json huge; head keeps them short already.
  }
  return summary;
}

/**
 * A multi-label run's EDA: rows per label (a row counts once for each of its labels) and each sample
 * document's label set, from the training rows' multi-hot sets (samples × labels, in the frame's order).
 */
export function withLabelSets(summary: DataSummary, labels: string[], sets: Uint8Array): DataSummary {
  const counts = labelCounts(sets, labels.length);
  return {
    ...summary,
    label: {
      column: 'labels',
      counts: Object.fromEntries(labels.map((l, j) => [l, counts[j]!])),
      perRow: true,
    },
    ...(summary.textSamples
      ? {
          textSamples: summary.textSamples.map((s, i) => ({
            ...s,
            label: setName(labels, sets, i),
          })),
        }
      : {}),
  };
}

/** Text, booleans, or numbers with at most 20 distinct values: classes worth counting. */
function isClassLabel(frame: Frame, label: string): boolean {
  if (frame.dtype(label) !== 'number') return true;
  return new Set(frame.numeric(label)).size <= 20;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function round(v: number): number {
  return Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : 0;
}

/** The EDA as text, like the tutorials print it: head, info, describe, label counts. */
export function describeText(frame: Frame, label?: string): string {
  const parts = [
    `${frame.nRows} rows × ${frame.columns.length} columns`,
    '',
    'head:',
    frame.head(5).toString(),
    '',
    'info:',
    frame.info().toString(),
    '',
    'describe:',
    frame.describe().toString(),
  ];
  if (label && isClassLabel(frame, label))
    parts.push('', `label counts (${label}):`, frame.valueCounts(label).toString());
  return parts.join('\n');
}

import type { Frame } from '../data/frame.js';
import { formatCell, type Cell } from '../data/table.js';
import type { DataSummary } from './run-files.js';

const PANDAS_DTYPE: Record<string, string> = {
  number: 'float64',
  string: 'object',
  boolean: 'bool',
  date: 'datetime64',
};

/**
 * The EDA summary of a Frame (what data.json holds and the Data section draws): head, info,
 * describe, label counts, per-class values of each numeric feature (a sample of at most
 * `maxPerClass` per class, evenly strided) and the Pearson correlation of the numeric columns.
 * @example
 * const frame = await readCsv('data.csv');
 * await writeEdaReport('eda.html', dataSummaryFromFrame(frame, 'y'));
 */
export function dataSummaryFromFrame(
  frame: Frame,
  labelColumn?: string,
  options: { headRows?: number; maxPerClass?: number; maxClasses?: number } = {},
): DataSummary {
  const { headRows = 5, maxPerClass = 2000, maxClasses = 20 } = options;
  const head = frame.head(headRows);
  const headRowsText = Array.from({ length: head.nRows }, (_, i) => [
    String(i),
    ...head.columns.map((c) => formatCell((head.column(c)[i] ?? null) as Cell)),
  ]);
  const info = frame.info().columns.map((c) => ({
    column: c.name,
    dtype: PANDAS_DTYPE[c.dtype] ?? c.dtype,
    nonNull: c.nonNull,
    missing: frame.nRows - c.nonNull,
  }));
  const desc = frame.describe();
  const stat = (row: string, column: string): number => {
    const v = desc.get(row, column);
    return typeof v === 'number' ? v : NaN;
  };
  const describe = desc.columns.map((column) => ({
    column,
    count: stat('count', column),
    mean: stat('mean', column),
    std: stat('std', column),
    min: stat('min', column),
    q25: stat('25%', column),
    q50: stat('50%', column),
    q75: stat('75%', column),
    max: stat('max', column),
  }));
  const summary: DataSummary = {
    rows: frame.nRows,
    columns: [...frame.columns],
    head: headRowsText,
    info,
    describe,
  };

  const numeric = frame.columns.filter((c) => frame.dtype(c) === 'number');
  const features = numeric.filter((c) => c !== labelColumn);
  if (labelColumn !== undefined && frame.columns.includes(labelColumn)) {
    const counts = frame.valueCounts(labelColumn);
    summary.label = { column: labelColumn, counts: counts.toObject() };
    if (counts.index.length <= maxClasses) {
      const labelCol = frame.column(labelColumn);
      const rowsOf = new Map<string, number[]>(counts.index.map((k) => [k, []]));
      for (let i = 0; i < frame.nRows; i++) {
        const v = (labelCol[i] ?? null) as Cell;
        if (v === null || (typeof v === 'number' && Number.isNaN(v))) continue;
        rowsOf.get(formatCell(v))?.push(i);
      }
      const sample = (rows: number[]): number[] => {
        const step = Math.max(1, rows.length / maxPerClass);
        return Array.from(
          { length: Math.min(rows.length, maxPerClass) },
          (_, k) => rows[Math.floor(k * step)]!,
        );
      };
      const sampled = [...rowsOf].map(([k, rows]) => [k, sample(rows)] as const);
      summary.featureByClass = features.map((feature) => {
        const col = frame.numeric(feature);
        return {
          feature,
          byClass: Object.fromEntries(
            sampled.map(([k, rows]) => [k, rows.map((i) => col[i]!).filter(Number.isFinite)]),
          ),
        };
      });
    }
  }
  if (numeric.length > 1) {
    const corr = frame.select(numeric).corr();
    summary.correlation = {
      columns: corr.columns,
      matrix: corr.values.map((row) => row.map((v) => (typeof v === 'number' ? v : NaN))),
    };
  }
  return summary;
}

/** The one CSV writer: run outputs, predictions and Frames (RFC 4180 quoting, missing values empty). */
import type { Frame } from '../frame.js';
import { writeFileAtomic } from './atomic-write.js';

/**
 * One CSV field, quoted when needed. Numbers are rounded to 6 decimals unless `exact`; NaN, ±Infinity,
 * null and undefined are empty; dates are ISO 8601.
 * @example csvField('a, b') // '"a, b"'
 */
export function csvField(v: unknown, exact = false): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(exact ? v : Math.round(v * 1e6) / 1e6) : '';
  const s = v instanceof Date ? v.toISOString() : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV text from a header and rows.
 * @example toCsv(['a', 'b'], [[1, 'x']]) // 'a,b\n1,x\n'
 */
export function toCsv(
  header: readonly string[],
  rows: Iterable<readonly unknown[]>,
  { exact = false } = {},
): string {
  const lines = [header.map((h) => csvField(h)).join(',')];
  for (const r of rows) lines.push(r.map((v) => csvField(v, exact)).join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * A Frame as CSV text, numbers exactly as stored.
 * @example frameToCsv(Frame.fromColumns({ a: [1, 2] })) // 'a\n1\n2\n'
 */
export function frameToCsv(frame: Frame): string {
  const cols = frame.columns.map((c) => frame.column(c));
  const rows = Array.from({ length: frame.nRows }, (_, i) => cols.map((col) => col[i]));
  return toCsv(frame.columns, rows, { exact: true });
}

/**
 * Writes a Frame as a CSV file (atomically).
 * @example await writeCsv(frame, 'out.csv');
 */
export async function writeCsv(frame: Frame, path: string): Promise<void> {
  await writeFileAtomic(path, frameToCsv(frame));
}

/** Writing Frames as CSV. */
import { writeFile } from 'node:fs/promises';
import type { Frame } from '../frame.js';

/**
 * A Frame as CSV text (RFC 4180 quoting, missing values empty).
 * @example frameToCsv(Frame.fromColumns({ a: [1, 2] })) // 'a\n1\n2\n'
 */
export function frameToCsv(frame: Frame): string {
  const q = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [frame.columns.map(q).join(',')];
  for (let i = 0; i < frame.nRows; i++) {
    lines.push(frame.columns.map((c) => {
      const v = frame.column(c)[i];
      if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
      return q(v instanceof Date ? v.toISOString() : String(v));
    }).join(','));
  }
  return lines.join('\n') + '\n';
}

/**
 * Writes a Frame as a CSV file.
 * @example await writeCsv(frame, 'out.csv');
 */
export async function writeCsv(frame: Frame, path: string): Promise<void> {
  await writeFile(path, frameToCsv(frame));
}

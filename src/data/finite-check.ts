/**
 * ±Infinity, and magnitudes float32 cannot hold (|x| > 3.4e38, which become Infinity when the table
 * turns into a tensor), in numeric columns: named with the column and the data row of the source,
 * before any row is dropped, split or shuffled. They are not "missing": no missing-value policy applies.
 */
import { DataError } from './errors.js';
import type { Frame } from './frame.js';

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Throws a DataError at the first numeric value of these columns that float32 cannot hold.
 * @example requireFloat32Range(frame, ['x1', 'x2'], 'data/train.csv');
 */
export function requireFloat32Range(frame: Frame, columns: readonly string[], source: string): void {
  for (const c of columns) {
    if (!frame.columns.includes(c)) continue;
    const col = frame.column(c);
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (typeof v !== 'number' || !(Math.abs(v) > FLOAT32_MAX)) continue;
      throw new DataError(
        `${source}: column '${c}' has ${Number.isFinite(v) ? `${v}, beyond what float32 holds (|x| ≤ 3.4e38),` : v} ` +
          `in data row ${i + 1} (the header not counted); it is not a missing value, so data.missing does not ` +
          `apply: remove or replace it`,
      );
    }
  }
}

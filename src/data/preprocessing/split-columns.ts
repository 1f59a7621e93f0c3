/**
 * Codes made of parts (`data.splitColumns`, pandas' `df['Cabin'].str.split('/', expand=True)`):
 * Kaggle's Spaceship Titanic writes a cabin as deck/number/side (`B/0/P`), so the column has about as
 * many values as rows and, as one category, says nothing; its deck (8 values) and side (2) do. The
 * column is replaced by one column per part, `Cabin_1`, `Cabin_2`, `Cabin_3`, numbers where the part
 * is a number. The step splits every frame the saved model reads later (predict, evaluate, serve),
 * with the parts' kinds fixed in training; `seqlab init` proposes the split (compositeColumnsOf).
 */
import { DataError } from '../errors.js';
import { Frame, type Column } from '../frame.js';
import { parseNumber } from '../io/column-types.js';
import { parseTime } from '../time.js';
import { BatchStep, type RowBatch } from './batch.js';
import { field, registerStep, type StepJSON } from './step.js';

/** How one column is split: the separator, and for each part whether it is a number. */
export interface SplitSpec {
  separator: string;
  numeric: boolean[];
}

/** The separators codes are written with (not `:`, which writes times, nor spaces, which write names). */
const SEPARATORS = ['/', '|', '-', '_'];

/** The columns a column's parts become. */
export const partNames = (column: string, parts: number): string[] =>
  Array.from({ length: parts }, (_, i) => `${column}_${i + 1}`);

/**
 * The frame with `column` replaced by its parts (`Cabin_1` …), each a number column where `numeric`
 * says so (left out: where every filled part reads as a number). A value with fewer parts leaves the
 * rest missing; a frame without the column (split already, or a prediction input without it) comes
 * back as it is.
 * @example splitParts(frame, 'Cabin', '/').columns // [… 'Cabin_1', 'Cabin_2', 'Cabin_3' …]
 */
export function splitParts(frame: Frame, column: string, separator: string, numeric?: boolean[]): Frame {
  if (!frame.columns.includes(column)) return frame;
  const values = Array.from(frame.column(column) as ArrayLike<unknown>, (v) =>
    v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : String(v).trim(),
  );
  const split = values.map((v) => (v === null || v === '' ? null : v.split(separator).map((p) => p.trim())));
  const k = numeric?.length ?? modalParts(split);
  const parts = Array.from({ length: k }, (_, i) => split.map((p) => (p && p[i] ? p[i] : null)));
  const isNumeric =
    numeric ??
    parts.map((p) => p.some((v) => v !== null) && p.every((v) => v === null || parseNumber(v) !== undefined));
  const cols: Record<string, Column> = {};
  for (const c of frame.columns) {
    if (c !== column) {
      cols[c] = frame.column(c);
      continue;
    }
    partNames(column, k).forEach((name, i) => {
      if (frame.columns.includes(name))
        throw new DataError(
          `data.splitColumns: splitting '${column}' makes '${name}', which the file already has; rename one of them`,
        );
      cols[name] = isNumeric[i]
        ? Float64Array.from(parts[i]!, (v) => (v === null ? NaN : (parseNumber(v) ?? NaN)))
        : parts[i]!;
    });
  }
  return new Frame(cols);
}

/** The number of parts most values have. */
function modalParts(split: (string[] | null)[]): number {
  const counts = new Map<number, number>();
  for (const p of split) if (p) counts.set(p.length, (counts.get(p.length) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 1;
}

/**
 * Text columns of codes made of 2–4 parts (`B/0/P`, `EU-DE-0042`): at least 95% of the filled
 * values have that many non-empty parts around one separator, the column has more than 32 values
 * (as a category it would be a learned embedding of rare levels) and none of them on half the rows,
 * and some part has from 2 to 32 values (a deck, a side, a region). Columns in `skip` (ids, the label, texts) are left out.
 * @example compositeColumnsOf(spaceship, ['PassengerId', 'Name']) // [{ column: 'Cabin', separator: '/', parts: 3 }]
 */
export function compositeColumnsOf(
  frame: Frame,
  skip: readonly string[],
): { column: string; separator: string; parts: number }[] {
  const found: { column: string; separator: string; parts: number }[] = [];
  for (const c of frame.columns) {
    if (skip.includes(c) || frame.dtype(c) !== 'string') continue;
    const values = (frame.column(c) as (string | null)[]).filter(
      (v): v is string => v !== null && v.trim() !== '',
    );
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    // Codes vary: a column where one value is half the rows is names (`United-States`), not codes.
    if (counts.size <= 32 || Math.max(...counts.values()) >= values.length / 2) continue;
    // Timestamps as text (`2000-01-01T08:00:00.000Z` in a JSON file) are a time index, not codes.
    if (values.slice(0, 200).every((v) => parseTime(v) !== null)) continue;
    for (const separator of SEPARATORS) {
      const split = values.map((v) => v.trim().split(separator));
      const k = modalParts(split);
      const full = split.filter((p) => p.length === k && p.every((x) => x.trim() !== '')).length;
      if (k < 2 || k > 4 || full < 0.95 * values.length) continue;
      const few = Array.from({ length: k }, (_, i) => new Set(split.map((p) => p[i])).size).some(
        (n) => n >= 2 && n <= 32,
      );
      if (few) {
        found.push({ column: c, separator, parts: k });
        break;
      }
    }
  }
  return found;
}

/** data.splitColumns as a step of the model's preprocessing (see the file's comment). */
export class SplitColumns extends BatchStep {
  readonly kind = 'SplitColumns';

  constructor(readonly columns: Record<string, SplitSpec>) {
    super();
  }

  transform(batch: RowBatch): RowBatch {
    let frame = batch.frame;
    for (const [c, s] of Object.entries(this.columns)) frame = splitParts(frame, c, s.separator, s.numeric);
    return { ...batch, frame };
  }

  toJSON(): StepJSON {
    return { kind: this.kind, columns: this.columns };
  }

  static fromJSON(json: StepJSON): SplitColumns {
    return new SplitColumns(field<Record<string, SplitSpec>>(json, 'columns'));
  }
}

registerStep('SplitColumns', SplitColumns.fromJSON);

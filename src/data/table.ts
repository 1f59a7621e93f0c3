/**
 * Labelled results that print like pandas: `Series` (1-D, e.g. valueCounts, isNull().sum()) and
 * `Table` (2-D, e.g. describe, corr). Both are plain data with a `toString()` that aligns columns.
 */

export type Cell = number | string | boolean | Date | null;

/** Formats one cell: numbers with up to 6 significant digits, null as NaN like pandas. */
export function formatCell(v: Cell): string {
  if (v === null || (typeof v === 'number' && Number.isNaN(v))) return 'NaN';
  if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
    const a = Math.abs(v);
    if (a !== 0 && (a >= 1e6 || a < 1e-4)) return v.toExponential(4);
    return String(Number(v.toPrecision(6)));
  }
  if (v instanceof Date)
    return Number.isNaN(v.getTime()) ? 'NaT' : v.toISOString().replace('T00:00:00.000Z', '');
  return String(v);
}

/**
 * Aligns a grid of strings: the first column (row labels) left-aligned, the others right-aligned.
 * @example formatGrid(['', 'a'], [['x', '1']]) // "   a\nx  1"
 */
export function formatGrid(header: string[], rows: string[][], rightAlign: boolean[] = []): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const pad = (s: string, j: number): string =>
    j === 0 && !rightAlign[0] ? s.padEnd(widths[j]!) : s.padStart(widths[j]!);
  const lines = [
    header
      .map((h, j) => pad(h, j))
      .join('  ')
      .trimEnd(),
  ];
  for (const r of rows)
    lines.push(
      r
        .map((c, j) => pad(c, j))
        .join('  ')
        .trimEnd(),
    );
  return lines.join('\n');
}

/** A labelled 1-D result. */
export class Series {
  constructor(
    readonly index: string[],
    readonly values: number[],
    readonly name = '',
  ) {}

  /**
   * The value at a label (undefined when absent).
   * @example frame.isNull().sum().get('age') // 3
   */
  get(label: string): number | undefined {
    const i = this.index.indexOf(label);
    return i < 0 ? undefined : this.values[i];
  }

  /** `{ label: value }`. */
  toObject(): Record<string, number> {
    return Object.fromEntries(this.index.map((k, i) => [k, this.values[i]!]));
  }

  toJSON(): { name: string; index: string[]; values: number[] } {
    return { name: this.name, index: this.index, values: this.values };
  }

  toString(): string {
    const rows = this.index.map((k, i) => [k, formatCell(this.values[i]!)]);
    const body = formatGrid(['', ''], rows).split('\n').slice(1).join('\n');
    return this.name ? `${body}\nName: ${this.name}` : body;
  }
}

/** A labelled 2-D result: rows named by `index`, columns by `columns`. */
export class Table {
  constructor(
    readonly index: string[],
    readonly columns: string[],
    /** values[row][column] */
    readonly values: Cell[][],
  ) {}

  /**
   * One cell by labels.
   * @example frame.describe().get('mean', 'age')
   */
  get(row: string, column: string): Cell | undefined {
    const i = this.index.indexOf(row);
    const j = this.columns.indexOf(column);
    return i < 0 || j < 0 ? undefined : this.values[i]![j];
  }

  /** `{ column: { row: value } }`, like pandas' `to_dict()`. */
  toObject(): Record<string, Record<string, Cell>> {
    return Object.fromEntries(
      this.columns.map((c, j) => [c, Object.fromEntries(this.index.map((r, i) => [r, this.values[i]![j]!]))]),
    );
  }

  toJSON(): { index: string[]; columns: string[]; values: Cell[][] } {
    return { index: this.index, columns: this.columns, values: this.values };
  }

  toString(): string {
    const rows = this.index.map((r, i) => [r, ...this.values[i]!.map(formatCell)]);
    return formatGrid(['', ...this.columns], rows);
  }
}

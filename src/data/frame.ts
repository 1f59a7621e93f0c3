import { DataError } from './errors.js';
import { Series, Table, formatCell, formatGrid, type Cell } from './table.js';
import { columnCorr, describeColumn, quantileLabels } from './frame-stats.js';
import type { FloatMatrix } from './types.js';

export type ColumnDType = 'number' | 'string' | 'boolean' | 'date';
/** A column: Float64Array for numbers (NaN = missing), arrays with null for the rest. */
export type Column = Float64Array | (string | null)[] | (boolean | null)[] | (Date | null)[];
export type MissingPolicy = 'error' | 'drop' | 'fillMean' | { fillValue: number | string };

/**
 * The mean of the values that are not NaN (0 when there are none): the fill of `fillMean`.
 * @example nanMean([1, NaN, 3]) // 2
 */
export function nanMean(values: ArrayLike<number>): number {
  let sum = 0;
  let k = 0;
  for (let i = 0; i < values.length; i++)
    if (!Number.isNaN(values[i])) {
      sum += values[i]!;
      k++;
    }
  return k ? sum / k : 0;
}

/** The column's dtype, from its container and first non-null value. */
export function dtypeOf(col: Column): ColumnDType {
  if (col instanceof Float64Array) return 'number';
  for (const v of col) {
    if (v === null) continue;
    return typeof v === 'boolean' ? 'boolean' : v instanceof Date ? 'date' : 'string';
  }
  return 'string';
}

function isMissing(col: Column, i: number): boolean {
  const v = col[i];
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

function take(col: Column, idx: ArrayLike<number>): Column {
  if (col instanceof Float64Array) {
    const out = new Float64Array(idx.length);
    for (let i = 0; i < idx.length; i++) out[i] = col[idx[i]!]!;
    return out;
  }
  return Array.from(idx, (i) => col[i]!) as Column;
}

/** pandas' dtype names, for info(). */
const PANDAS_DTYPE: Record<ColumnDType, string> = {
  number: 'float64',
  string: 'object',
  boolean: 'bool',
  date: 'datetime64',
};

type JsonCell = number | string | boolean | null;

/** A parsed JSON value as one cell: objects and arrays as JSON text, undefined as null. */
export const jsonCell = (v: unknown): JsonCell =>
  v === undefined ? null : typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as JsonCell);

/**
 * A parsed JSON row as cells, as pandas' `json_normalize` reads it: nested objects become dotted
 * columns (`{"user": {"age": 30}}` → `user.age`), arrays and empty objects stay JSON text.
 * @example flattenJsonRecord({ id: 1, user: { age: 30, tags: ['a'] } }) // { id: 1, 'user.age': 30, 'user.tags': '["a"]' }
 */
export function flattenJsonRecord(
  value: Record<string, unknown>,
  into: Record<string, JsonCell> = {},
  prefix = '',
): Record<string, JsonCell> {
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0)
      flattenJsonRecord(v as Record<string, unknown>, into, `${prefix}${k}.`);
    else into[prefix + k] = jsonCell(v);
  }
  return into;
}

/**
 * A column store: a table of named, typed columns, like a pandas DataFrame. Immutable: every
 * method returns a new Frame (columns are copied when they change, shared when they do not).
 * @example
 * const f = Frame.fromColumns({ x: [1, 2, 3], y: ['a', 'b', 'a'] });
 * console.log(f.describe().toString());
 */
export class Frame {
  readonly columns: string[];
  readonly nRows: number;
  private readonly data: Map<string, Column>;

  constructor(columns: Record<string, Column> | Map<string, Column>) {
    this.data = new Map(columns instanceof Map ? columns : Object.entries(columns));
    this.columns = [...this.data.keys()];
    const lengths = [...this.data.values()].map((c) => c.length);
    this.nRows = lengths[0] ?? 0;
    const bad = this.columns.find((_, j) => lengths[j] !== this.nRows);
    if (bad !== undefined)
      throw new DataError(
        `column "${bad}" has ${this.data.get(bad)!.length} values, expected ${this.nRows} like "${this.columns[0]}"`,
      );
  }

  /**
   * A Frame from plain arrays; number arrays become Float64Array columns (null/undefined → NaN).
   * @example Frame.fromColumns({ a: [1, 2], b: ['x', null] })
   */
  static fromColumns(
    cols: Record<string, ArrayLike<number | string | boolean | Date | null | undefined>>,
  ): Frame {
    const out = new Map<string, Column>();
    for (const [name, values] of Object.entries(cols)) {
      const arr = Array.from(values, (v) => (v === undefined ? null : v));
      // Numbers only: a column that mixes numbers with text (a JSON `Title` of 1776 among names) is
      // kept as given, where a number-first one had its text turned into NaN. Readers type it (jsonl.ts).
      if (ArrayBuffer.isView(values) || arr.every((v) => v === null || typeof v === 'number')) {
        out.set(
          name,
          Float64Array.from(arr, (v) => (v === null ? NaN : Number(v))),
        );
      } else out.set(name, arr as Column);
    }
    return new Frame(out);
  }

  /**
   * Frames with the same columns, one after another (numeric columns stay Float64Array).
   * @example Frame.concat([a, b]).nRows === a.nRows + b.nRows
   */
  static concat(frames: readonly Frame[]): Frame {
    const first = frames[0];
    if (!first) return new Frame(new Map());
    const out = new Map<string, Column>();
    for (const name of first.columns) {
      const parts = frames.map((f) => f.column(name));
      if (parts.every((c) => c instanceof Float64Array)) {
        const col = new Float64Array(parts.reduce((n, c) => n + c.length, 0));
        let at = 0;
        for (const c of parts as Float64Array[]) {
          col.set(c, at);
          at += c.length;
        }
        out.set(name, col);
      } else out.set(name, parts.flatMap((c) => Array.from(c as ArrayLike<Cell>)) as Column);
    }
    return new Frame(out);
  }

  /**
   * A Frame from row objects (`[{ a: 1, b: 'x' }, …]`), columns in first-seen key order.
   * @example Frame.fromRecords([{ a: 1 }, { a: 2 }]).nRows // 2
   */
  static fromRecords(
    records: ReadonlyArray<Record<string, number | string | boolean | Date | null | undefined>>,
  ): Frame {
    const names: string[] = [];
    const seen = new Set<string>();
    for (const r of records) {
      for (const k of Object.keys(r)) {
        if (!seen.has(k)) {
          seen.add(k);
          names.push(k);
        }
      }
    }
    return Frame.fromColumns(Object.fromEntries(names.map((n) => [n, records.map((r) => r[n] ?? null)])));
  }

  /** [rows, columns] */
  get shape(): [number, number] {
    return [this.nRows, this.columns.length];
  }

  /**
   * The column's values (the Frame's own storage: do not modify).
   * @example frame.column('age')
   */
  column(name: string): Column {
    const c = this.data.get(name);
    if (!c)
      throw new DataError(
        `no column "${name}"; the columns are ${this.columns.map((x) => `"${x}"`).join(', ')}`,
      );
    return c;
  }

  /**
   * A numeric column as Float64Array; names the column and value when it is not numeric.
   * @example frame.numeric('price')
   */
  numeric(name: string): Float64Array {
    const c = this.column(name);
    if (c instanceof Float64Array) return c;
    const i = c.findIndex((v) => v !== null);
    throw new DataError(
      `column "${name}" is ${dtypeOf(c)}, not numeric (row ${i}: ${JSON.stringify(c[i])}); encode it (LabelEncoder, OneHotEncoder) or drop it`,
    );
  }

  /** The column's dtype. */
  dtype(name: string): ColumnDType {
    return dtypeOf(this.column(name));
  }

  /** Rows at the given positions, in that order. @example frame.take([0, 2]) */
  take(indices: ArrayLike<number>): Frame {
    return new Frame(new Map([...this.data].map(([k, c]) => [k, take(c, indices)])));
  }

  /** The first n rows. @example console.log(frame.head().toString()) */
  head(n = 5): Frame {
    return this.take(range(0, Math.min(n, this.nRows)));
  }

  /** The last n rows. */
  tail(n = 5): Frame {
    return this.take(range(Math.max(0, this.nRows - n), this.nRows));
  }

  /** Only the named columns, in that order. @example frame.select(['x1', 'x2']) */
  select(names: string[]): Frame {
    return new Frame(new Map(names.map((n) => [n, this.column(n)])));
  }

  /** All columns but the named ones. @example frame.drop(['id']) */
  drop(names: string[]): Frame {
    for (const n of names) this.column(n);
    return this.select(this.columns.filter((c) => !names.includes(c)));
  }

  /** A copy with a column added or replaced. @example frame.withColumn('z', [1, 2, 3]) */
  withColumn(name: string, values: Column | ArrayLike<number>): Frame {
    const col =
      values instanceof Float64Array || Array.isArray(values)
        ? (values as Column)
        : Float64Array.from(values as ArrayLike<number>);
    const m = new Map(this.data);
    m.set(name, col);
    return new Frame(m);
  }

  /** Row i as an object. @example frame.row(0) // { a: 1, b: 'x' } */
  row(i: number): Record<string, Cell> {
    return Object.fromEntries(this.columns.map((c) => [c, cellAt(this.data.get(c)!, i)]));
  }

  /** All rows as objects. */
  toRecords(): Record<string, Cell>[] {
    return range(0, this.nRows).map((i) => this.row(i));
  }

  /**
   * Numeric columns as a (rows, columns) float32 matrix; errors name a non-numeric column or a
   * missing value (apply `handleMissing` first).
   * @example const x = frame.toMatrix(['x1', 'x2']); // { data: Float32Array, shape: [n, 2] }
   */
  toMatrix(names: string[] = this.columns): FloatMatrix {
    const cols = names.map((n) => this.numeric(n));
    const out = new Float32Array(this.nRows * names.length);
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j]!;
      for (let i = 0; i < this.nRows; i++) {
        const v = c[i]!;
        if (Number.isNaN(v))
          throw new DataError(
            `column "${names[j]}" has a missing value at row ${i}; choose a policy with frame.handleMissing('drop' | 'fillMean' | { fillValue })`,
          );
        // float32 holds magnitudes up to 3.4e38: larger values (and ±Infinity) would train a NaN model.
        if (!(Math.abs(v) <= 3.4028234663852886e38))
          throw new DataError(
            `column "${names[j]}" has ${Number.isFinite(v) ? `the value ${v}, too large for float32 (|x| ≤ 3.4e38),` : `the value ${v}`} ` +
              `at row ${i} (data row ${i + 1}, header not counted, after any dropped rows); remove or replace it ` +
              `(e.g. as an empty cell with data.missing: drop)`,
          );
        out[i * names.length + j] = v;
      }
    }
    return { data: out, shape: [this.nRows, names.length] };
  }

  /** A Frame of booleans, true where a value is missing; `.sum()` counts them per column. */
  isNull(): Frame {
    return new Frame(
      new Map(
        this.columns.map((c) => {
          const col = this.data.get(c)!;
          return [c, range(0, this.nRows).map((i) => isMissing(col, i))];
        }),
      ),
    );
  }

  /** Per-column sums of numeric and boolean columns. @example frame.isNull().sum().get('age') */
  sum(): Series {
    const names = this.columns.filter((c) => ['number', 'boolean'].includes(this.dtype(c)));
    return new Series(
      names,
      names.map((n) => {
        let s = 0;
        for (const v of this.data.get(n)!) if (v !== null && !Number.isNaN(Number(v))) s += Number(v);
        return s;
      }),
    );
  }

  /**
   * Applies a missing-value policy to the given columns (all by default): 'error' (the default
   * elsewhere) names the first missing value; 'drop' removes rows; 'fillMean' (numeric columns);
   * { fillValue }.
   * @example frame.handleMissing('fillMean', ['pm2.5'])
   */
  handleMissing(policy: MissingPolicy, names: string[] = this.columns): Frame {
    if (policy === 'drop') {
      const keep = range(0, this.nRows).filter((i) => names.every((n) => !isMissing(this.column(n), i)));
      return this.take(keep);
    }
    let out = new Frame(this.data);
    for (const n of names) {
      const col = this.column(n);
      const firstMissing = range(0, this.nRows).find((i) => isMissing(col, i));
      if (firstMissing === undefined) continue;
      if (policy === 'error')
        throw new DataError(
          `column "${n}" has a missing value at row ${firstMissing}; choose a missing-value policy: 'drop', 'fillMean' or { fillValue }`,
        );
      if (policy === 'fillMean') {
        const c = this.numeric(n);
        const mean = nanMean(c);
        out = out.withColumn(
          n,
          c.map((v) => (Number.isNaN(v) ? mean : v)),
        );
      } else {
        const fill = policy.fillValue;
        if (col instanceof Float64Array) {
          if (typeof fill !== 'number')
            throw new DataError(
              `fillValue ${JSON.stringify(fill)} is not a number but column "${n}" is numeric`,
            );
          out = out.withColumn(
            n,
            col.map((v) => (Number.isNaN(v) ? fill : v)),
          );
        } else out = out.withColumn(n, (col as Cell[]).map((v) => (v === null ? fill : v)) as Column);
      }
    }
    return out;
  }

  /** dtypes, non-null counts and memory, like pandas' `info()`. */
  info(): FrameInfo {
    const cols = this.columns.map((name) => {
      const c = this.data.get(name)!;
      let nonNull = 0;
      for (let i = 0; i < this.nRows; i++) if (!isMissing(c, i)) nonNull++;
      return { name, dtype: dtypeOf(c), nonNull };
    });
    let memoryBytes = 0;
    for (const c of this.data.values()) {
      if (c instanceof Float64Array) memoryBytes += c.byteLength;
      else for (const v of c) memoryBytes += 8 + (typeof v === 'string' ? 2 * v.length : 8);
    }
    return new FrameInfo(this.nRows, cols, memoryBytes);
  }

  /** count, mean, std, min, 25%, 50%, 75%, max of the numeric columns, like pandas. */
  describe(percentiles: number[] = [0.25, 0.5, 0.75]): Table {
    const names = this.columns.filter((c) => this.data.get(c) instanceof Float64Array);
    const stats = names.map((n) => describeColumn(this.data.get(n) as Float64Array, percentiles));
    const index = ['count', 'mean', 'std', 'min', ...quantileLabels(percentiles), 'max'];
    return new Table(
      index,
      names,
      index.map((_, i) => stats.map((s) => s[i]!)),
    );
  }

  /** Counts of each distinct value, most frequent first (missing values left out). */
  valueCounts(name: string): Series {
    const counts = new Map<string, number>();
    const col = this.column(name);
    for (let i = 0; i < this.nRows; i++) {
      if (isMissing(col, i)) continue;
      const k = formatCell(cellAt(col, i));
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const entries = [...counts].sort((a, b) => b[1] - a[1]);
    return new Series(
      entries.map((e) => e[0]),
      entries.map((e) => e[1]),
      'count',
    );
  }

  /** Pairwise correlation of the numeric columns (rows with a missing value skipped pairwise). */
  corr(method: 'pearson' | 'spearman' = 'pearson'): Table {
    const names = this.columns.filter((c) => this.data.get(c) instanceof Float64Array);
    const cols = names.map((n) => this.data.get(n) as Float64Array);
    // Symmetric: each pair once.
    const r = cols.map(() => new Array<number>(cols.length).fill(NaN));
    cols.forEach((a, i) => {
      for (let j = i; j < cols.length; j++) r[i]![j] = r[j]![i] = columnCorr(a, cols[j]!, method);
    });
    return new Table(names, names, r);
  }

  /** An aligned table of up to `maxRows` rows (head and tail around an ellipsis). */
  toString(maxRows = 20): string {
    const show =
      this.nRows <= maxRows
        ? range(0, this.nRows)
        : [...range(0, maxRows >> 1), -1, ...range(this.nRows - (maxRows >> 1), this.nRows)];
    const rows = show.map((i) =>
      i < 0
        ? ['...', ...this.columns.map(() => '...')]
        : [String(i), ...this.columns.map((c) => formatCell(cellAt(this.data.get(c)!, i)))],
    );
    const text = formatGrid(['', ...this.columns], rows);
    return this.nRows > maxRows ? `${text}\n\n[${this.nRows} rows x ${this.columns.length} columns]` : text;
  }
}

/** What `frame.info()` returns. */
export class FrameInfo {
  constructor(
    readonly rows: number,
    readonly columns: { name: string; dtype: ColumnDType; nonNull: number }[],
    readonly memoryBytes: number,
  ) {}

  toString(): string {
    const grid = formatGrid(
      ['#', 'Column', 'Non-Null Count', 'Dtype'],
      this.columns.map((c, i) => [String(i), c.name, `${c.nonNull} non-null`, PANDAS_DTYPE[c.dtype]]),
      [true],
    );
    const counts = new Map<string, number>();
    for (const c of this.columns)
      counts.set(PANDAS_DTYPE[c.dtype], (counts.get(PANDAS_DTYPE[c.dtype]) ?? 0) + 1);
    return [
      `RangeIndex: ${this.rows} entries, 0 to ${Math.max(0, this.rows - 1)}`,
      `Data columns (total ${this.columns.length} columns):`,
      grid,
      `dtypes: ${[...counts].map(([k, v]) => `${k}(${v})`).join(', ')}`,
      `memory usage: ${formatBytes(this.memoryBytes)}`,
    ].join('\n');
  }
}

function cellAt(col: Column, i: number): Cell {
  return (col[i] ?? null) as Cell;
}

function range(a: number, b: number): number[] {
  return Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);
}

function formatBytes(n: number): string {
  return n < 1024
    ? `${n} bytes`
    : n < 1024 ** 2
      ? `${(n / 1024).toFixed(1)} KB`
      : `${(n / 1024 ** 2).toFixed(1)} MB`;
}

/**
 * The columns of a table as model inputs when they are not all numbers: numeric columns as they are,
 * booleans as 0/1, categorical columns one-hot (the most frequent levels of the training rows, the rest
 * and levels never seen in training in one "other" column, counted), and date columns as the year plus
 * calendar features (sin/cos, the same encoding as a series model's calendar covariates).
 *
 * With `embed`, a categorical column with more training levels than maxLevels becomes one column of
 * category ids instead (1, 2, … by frequency for the levels seen in at least two training rows; 0 for
 * "other": rarer and unseen levels), for a ColumnEmbedding layer to look up. Id columns come last, after
 * every other input column, and the batch says how many (`idColumns`) so scaling leaves them alone.
 */
import { DataError } from '../errors.js';
import type { Frame } from '../frame.js';
import { parseAmount, parseNumber, parseWithUnit } from '../io/column-types.js';
import { parseTime } from '../time.js';
import { BatchStep, type PipelineInfo, type RowBatch } from './batch.js';
import { calendarSinCos, CALENDAR_FEATURES, type CalendarFeature } from './covariates.js';
import { requireColumn, requireColumns } from './frame-steps.js';
import { field, registerStep, type StepJSON } from './step.js';

export type ColumnKind = 'numeric' | 'boolean' | 'categorical' | 'date';

/** One input column and how it becomes model inputs. */
export interface TableColumn {
  name: string;
  kind: ColumnKind;
}

const MISSING = '(missing)';

function levelOf(v: unknown): string {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return MISSING;
  return v instanceof Date ? v.toISOString() : String(v);
}

/**
 * The fitted index of a value's level. A number written as text ("02139", "7.50" in a JSON request)
 * also finds the level of its value when the training file stored the column as numbers (2139, 7.5).
 */
function levelIndex<T>(index: Map<string, T>, v: unknown): T | undefined {
  const hit = index.get(levelOf(v));
  if (hit !== undefined || typeof v !== 'string' || !/^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(v)) return hit;
  return index.get(String(Number(v)));
}

/**
 * @example
 * const step = new TableColumns({ columns: [{ name: 'age', kind: 'numeric' }, { name: 'workclass', kind: 'categorical' }] });
 * step.fit(rawBatch(train, 'adult.csv')).outputNames // ['age', 'workclass=Private', …, 'workclass=other']
 */
export class TableColumns extends BatchStep {
  readonly kind = 'TableColumns';
  readonly columns: TableColumn[];
  /** One-hot keeps at most this many levels per categorical column (the most frequent in training). */
  readonly maxLevels: number;
  readonly calendar: CalendarFeature[];
  /** Categorical columns with more levels than maxLevels become category ids for an embedding. */
  readonly embed: boolean;
  /** Fitted: the kept levels of each categorical column, by column name. */
  levels: Record<string, string[]> | null;
  /** Fitted: the categorical columns written as ids (embedded), in output order. */
  embedded: string[] = [];
  /** Rows of the last transform whose level was not kept (rare in training or never seen), by column. */
  lastUnseen: Record<string, number> = {};
  /** A missing number, boolean or date becomes the training mean of its inputs (data.missing: fillMean). */
  readonly fillMissing: boolean;
  /** Fitted with fillMissing: each non-categorical column's input means over the training rows. */
  means: Record<string, number[]> | null;
  /** Rows of the last transform whose missing value was filled with the training mean, by column. */
  lastFilled: Record<string, number> = {};

  constructor(opts: {
    columns: TableColumn[];
    maxLevels?: number;
    calendar?: CalendarFeature[];
    levels?: Record<string, string[]> | null;
    embed?: boolean;
    embedded?: string[];
    fillMissing?: boolean;
    means?: Record<string, number[]> | null;
  }) {
    super();
    this.fillMissing = opts.fillMissing ?? false;
    this.means = opts.means ?? null;
    this.columns = opts.columns;
    this.maxLevels = opts.maxLevels ?? 32;
    this.embed = opts.embed ?? false;
    this.embedded = opts.embedded ?? [];
    this.calendar = opts.calendar ?? ['month', 'dayOfWeek'];
    this.levels = opts.levels ?? null;
    for (const c of this.calendar)
      if (!CALENDAR_FEATURES.includes(c))
        throw new DataError(`calendar feature '${c}': expected one of ${CALENDAR_FEATURES.join(', ')}`);
  }

  override fit(batch: RowBatch): this {
    const end = batch.fitEnd ?? batch.frame.nRows;
    const levels: Record<string, string[]> = {};
    const embedded: string[] = [];
    for (const c of this.columns) {
      if (c.kind !== 'categorical') continue;
      requireColumn(batch.frame, c.name, 'categorical', batch.where);
      const col = batch.frame.column(c.name);
      const counts = new Map<string, number>();
      for (let i = 0; i < end; i++) {
        const v = levelOf(col[i]);
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      // Most frequent first, ties by name, so the same rows always give the same columns.
      const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      if (this.embed && sorted.length > this.maxLevels) {
        // A level seen once would get a vector trained on one row: it shares "other"'s, which is trained.
        levels[c.name] = sorted.filter(([, k]) => k >= 2).map(([v]) => v);
        embedded.push(c.name);
      } else levels[c.name] = sorted.slice(0, this.maxLevels).map(([v]) => v);
    }
    this.levels = levels;
    this.embedded = embedded;
    if (this.fillMissing) this.means = this.fitMeans(batch, end);
    return this;
  }

  private fitMeans(batch: RowBatch, end: number): Record<string, number[]> {
    const means: Record<string, number[]> = {};
    for (const c of this.columns) {
      if (c.kind === 'categorical') continue;
      requireColumn(batch.frame, c.name, c.kind === 'numeric' ? 'feature' : c.kind, batch.where);
      const col = batch.frame.column(c.name);
      const sum = new Float64Array(this.widthOf(c));
      const row = new Float64Array(sum.length);
      let k = 0;
      for (let i = 0; i < end; i++) {
        if (!this.encode(c, col[i], row, 0, batch.where, i)) continue;
        for (let j = 0; j < sum.length; j++) sum[j]! += row[j]!;
        k++;
      }
      means[c.name] = Array.from(sum, (v) => (k ? v / k : 0));
    }
    return means;
  }

  /** How many inputs a non-categorical column becomes. */
  private widthOf(c: TableColumn): number {
    return c.kind === 'date' ? 1 + 2 * this.calendar.length : 1;
  }

  /**
   * Writes a number, boolean or date column's inputs for value v at out[at…]; false when v is missing.
   * A value of the wrong kind is an error naming the row.
   */
  private encode(
    c: TableColumn,
    v: unknown,
    out: Float32Array | Float64Array,
    at: number,
    where: string,
    i: number,
  ): boolean {
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return false;
    if (c.kind === 'date') {
      const d = parseTime(v);
      if (!d)
        throw new DataError(
          `${where}: date column '${c.name}', row ${i + 1}: ${JSON.stringify(levelOf(v))} is not a date (formats read: YYYY-MM-DD, YYYY-MM, YYYY-MM-DD hh:mm[:ss], ISO 8601)`,
        );
      let j = at;
      out[j++] = d.getUTCFullYear() + d.getUTCMonth() / 12;
      for (const feat of this.calendar) {
        const [s, co] = calendarSinCos(feat, d);
        out[j++] = s;
        out[j++] = co;
      }
      return true;
    }
    // A file whose column also holds text arrives as strings, and a request's cells may be text: their
    // numbers still count as numbers, written as the reader reads them (`$1,234`, `1248 CC`).
    const x =
      typeof v === 'boolean'
        ? Number(v)
        : typeof v === 'number'
          ? v
          : typeof v === 'string'
            ? (parseNumber(v) ?? parseAmount(v) ?? parseWithUnit(v)?.value ?? NaN)
            : NaN;
    if (!Number.isFinite(x))
      throw new DataError(
        `${where}: ${c.kind} column '${c.name}', row ${i + 1}: ${JSON.stringify(levelOf(v))} is not a number; fix the value (to read the column as categories instead, list it in data.categorical and train again)`,
      );
    out[at] = x;
    return true;
  }

  /** Each embedded column and its table size (kept levels + "other"), in output order. */
  get embeddedLevels(): { column: string; levels: number }[] {
    const levels = this.fitted();
    return this.embedded.map((column) => ({ column, levels: levels[column]!.length + 1 }));
  }

  /**
   * The names of the model's input columns, in order (`col=level` for one-hot, `col.month_sin` for
   * dates, `col#id` for the embedded columns' ids at the end).
   */
  get outputNames(): string[] {
    const levels = this.fitted();
    const names = this.columns.flatMap((c) => {
      if (this.embedded.includes(c.name)) return [];
      if (c.kind === 'categorical')
        return [...levels[c.name]!.map((l) => `${c.name}=${l}`), `${c.name}=other`];
      if (c.kind === 'date')
        return [
          `${c.name}.year`,
          ...this.calendar.flatMap((f) => [`${c.name}.${f}_sin`, `${c.name}.${f}_cos`]),
        ];
      return [c.name];
    });
    return [...names, ...this.embedded.map((c) => `${c}#id`)];
  }

  private fitted(): Record<string, string[]> {
    if (!this.levels) throw new DataError('TableColumns: not fitted; call fit() on the training rows first');
    return this.levels;
  }

  transform(batch: RowBatch): RowBatch {
    const levels = this.fitted();
    const f: Frame = batch.frame;
    const n = f.nRows;
    const width = this.outputNames.length;
    const out = new Float32Array(n * width);
    this.lastUnseen = {};
    this.lastFilled = {};
    let offset = 0;
    requireColumns(
      f,
      this.columns.map((c) => c.name),
      'input',
      batch.where,
    );
    for (const c of this.columns) {
      requireColumn(f, c.name, c.kind === 'numeric' ? 'feature' : c.kind, batch.where);
      const col = f.column(c.name);
      const idAt = this.embedded.indexOf(c.name);
      if (idAt >= 0) {
        // Ids at the end of the row: 1 + the level's rank, 0 for "other".
        const index = new Map(levels[c.name]!.map((l, k) => [l, k + 1]));
        const j = width - this.embedded.length + idAt;
        let unseen = 0;
        for (let i = 0; i < n; i++) {
          const k = levelIndex(index, col[i]) ?? 0;
          if (k === 0) unseen++;
          out[i * width + j] = k;
        }
        if (unseen) this.lastUnseen[c.name] = unseen;
      } else if (c.kind === 'categorical') {
        const kept = levels[c.name]!;
        const index = new Map(kept.map((l, k) => [l, k]));
        let unseen = 0;
        for (let i = 0; i < n; i++) {
          const k = levelIndex(index, col[i]);
          if (k === undefined) unseen++;
          out[i * width + offset + (k ?? kept.length)] = 1;
        }
        if (unseen) this.lastUnseen[c.name] = unseen;
        offset += kept.length + 1;
      } else {
        const fill = this.means?.[c.name];
        for (let i = 0; i < n; i++) {
          if (this.encode(c, col[i], out, i * width + offset, batch.where, i)) continue;
          if (!fill)
            throw new DataError(
              `${batch.where}: ${c.kind} column '${c.name}', row ${i + 1} is missing; fill it, or train with data.missing: fillMean (missing values become the training mean) or drop`,
            );
          out.set(fill, i * width + offset);
          this.lastFilled[c.name] = (this.lastFilled[c.name] ?? 0) + 1;
        }
        offset += this.widthOf(c);
      }
    }
    const idColumns = this.embedded.length;
    return { ...batch, x: { data: out, shape: [n, width] }, ...(idColumns ? { idColumns } : {}) };
  }

  override describe(): Partial<PipelineInfo> {
    return {
      input: 'table',
      features: this.columns.map((c) => c.name),
      columnKinds: Object.fromEntries(this.columns.map((c) => [c.name, c.kind])),
      ...(this.embedded.length ? { embedded: this.embeddedLevels } : {}),
      ...(this.fillMissing ? { fillsMissing: true } : {}),
    };
  }

  toJSON(): StepJSON {
    return {
      kind: this.kind,
      columns: this.columns,
      maxLevels: this.maxLevels,
      calendar: this.calendar,
      levels: this.fitted(),
      embed: this.embed,
      embedded: this.embedded,
      ...(this.fillMissing ? { fillMissing: true, means: this.means } : {}),
    };
  }

  static fromJSON(json: StepJSON): TableColumns {
    return new TableColumns({
      columns: field<TableColumn[]>(json, 'columns'),
      maxLevels: field<number>(json, 'maxLevels'),
      calendar: field<CalendarFeature[]>(json, 'calendar'),
      levels: field<Record<string, string[]>>(json, 'levels'),
      // Models saved before embeddings existed one-hot every categorical column.
      embed: (json.embed as boolean | undefined) ?? false,
      embedded: (json.embedded as string[] | undefined) ?? [],
      // Models saved before fillMissing refused missing values at predict time.
      fillMissing: (json.fillMissing as boolean | undefined) ?? false,
      means: (json.means as Record<string, number[]> | undefined) ?? null,
    });
  }
}

registerStep('TableColumns', TableColumns.fromJSON);

/**
 * Rows whose last columns are category ids with those ids one-hot instead (the most frequent `cap` ids
 * of each column, the others with id 0, "other"): the inputs of a linear baseline, which cannot learn an
 * embedding.
 * @example idsOneHot({ data: Float32Array.of(0.5, 2), shape: [1, 2] }, [3]).data // [0.5, 0, 0, 1]
 */
export function idsOneHot(
  x: { data: ArrayLike<number>; shape: readonly number[] },
  levels: readonly number[],
  cap = 256,
): { data: Float32Array; shape: number[] } {
  const [n, width] = x.shape as [number, number];
  const rest = width - levels.length;
  const widths = levels.map((l) => Math.min(l, cap + 1));
  const out = widths.reduce((a, b) => a + b, rest);
  const data = new Float32Array(n * out);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < rest; j++) data[i * out + j] = x.data[i * width + j]!;
    let at = rest;
    widths.forEach((w, c) => {
      const id = x.data[i * width + rest + c]!;
      data[i * out + at + (id < w ? id : 0)] = 1;
      at += w;
    });
  }
  return { data, shape: [n, out] };
}

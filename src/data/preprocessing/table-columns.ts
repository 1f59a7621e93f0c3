/**
 * The columns of a table as model inputs when they are not all numbers: numeric columns as they are,
 * booleans as 0/1, categorical columns one-hot (the most frequent levels of the training rows, the rest
 * and levels never seen in training in one "other" column, counted), and date columns as the year plus
 * calendar features (sin/cos, the same encoding as a series model's calendar covariates).
 */
import { DataError } from '../errors.js';
import type { Frame } from '../frame.js';
import { parseTime } from '../time.js';
import { BatchStep, type PipelineInfo, type RowBatch } from './batch.js';
import { calendarSinCos, CALENDAR_FEATURES, type CalendarFeature } from './covariates.js';
import { requireColumn } from './frame-steps.js';
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
  /** Fitted: the kept levels of each categorical column, by column name. */
  levels: Record<string, string[]> | null;
  /** Rows of the last transform whose level was not kept (rare in training or never seen), by column. */
  lastUnseen: Record<string, number> = {};

  constructor(opts: {
    columns: TableColumn[];
    maxLevels?: number;
    calendar?: CalendarFeature[];
    levels?: Record<string, string[]> | null;
  }) {
    super();
    this.columns = opts.columns;
    this.maxLevels = opts.maxLevels ?? 32;
    this.calendar = opts.calendar ?? ['month', 'dayOfWeek'];
    this.levels = opts.levels ?? null;
    for (const c of this.calendar)
      if (!CALENDAR_FEATURES.includes(c))
        throw new DataError(`calendar feature '${c}': expected one of ${CALENDAR_FEATURES.join(', ')}`);
  }

  override fit(batch: RowBatch): this {
    const end = batch.fitEnd ?? batch.frame.nRows;
    const levels: Record<string, string[]> = {};
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
      levels[c.name] = [...counts]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
        .slice(0, this.maxLevels)
        .map(([v]) => v);
    }
    this.levels = levels;
    return this;
  }

  /** The names of the model's input columns, in order (`col=level` for one-hot, `col.month_sin` for dates). */
  get outputNames(): string[] {
    const levels = this.fitted();
    return this.columns.flatMap((c) => {
      if (c.kind === 'categorical')
        return [...levels[c.name]!.map((l) => `${c.name}=${l}`), `${c.name}=other`];
      if (c.kind === 'date')
        return [
          `${c.name}.year`,
          ...this.calendar.flatMap((f) => [`${c.name}.${f}_sin`, `${c.name}.${f}_cos`]),
        ];
      return [c.name];
    });
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
    let offset = 0;
    for (const c of this.columns) {
      requireColumn(f, c.name, c.kind === 'numeric' ? 'feature' : c.kind, batch.where);
      const col = f.column(c.name);
      if (c.kind === 'categorical') {
        const kept = levels[c.name]!;
        const index = new Map(kept.map((l, k) => [l, k]));
        let unseen = 0;
        for (let i = 0; i < n; i++) {
          const k = index.get(levelOf(col[i]));
          if (k === undefined) unseen++;
          out[i * width + offset + (k ?? kept.length)] = 1;
        }
        if (unseen) this.lastUnseen[c.name] = unseen;
        offset += kept.length + 1;
      } else if (c.kind === 'date') {
        for (let i = 0; i < n; i++) {
          const d = parseTime(col[i]);
          if (!d)
            throw new DataError(
              `${batch.where}: date column '${c.name}', row ${i + 1}: ${JSON.stringify(levelOf(col[i]))} is not a date (formats read: YYYY-MM-DD, YYYY-MM, YYYY-MM-DD hh:mm[:ss], ISO 8601)`,
            );
          let j = offset;
          out[i * width + j++] = d.getUTCFullYear() + d.getUTCMonth() / 12;
          for (const feat of this.calendar) {
            const [s, co] = calendarSinCos(feat, d);
            out[i * width + j++] = s;
            out[i * width + j++] = co;
          }
        }
        offset += 1 + 2 * this.calendar.length;
      } else {
        for (let i = 0; i < n; i++) {
          const v = col[i];
          const x = typeof v === 'boolean' ? Number(v) : typeof v === 'number' ? v : NaN;
          if (!Number.isFinite(x))
            throw new DataError(
              `${batch.where}: ${c.kind} column '${c.name}', row ${i + 1}: ${JSON.stringify(levelOf(v))} is ${v === null || Number.isNaN(v) ? 'missing' : 'not a number'}; fill it (data.missing: fillMean or drop) or declare the column categorical`,
            );
          out[i * width + offset] = x;
        }
        offset += 1;
      }
    }
    return { ...batch, x: { data: out, shape: [n, width] } };
  }

  override describe(): Partial<PipelineInfo> {
    return { input: 'table', features: this.columns.map((c) => c.name) };
  }

  toJSON(): StepJSON {
    return {
      kind: this.kind,
      columns: this.columns,
      maxLevels: this.maxLevels,
      calendar: this.calendar,
      levels: this.fitted(),
    };
  }

  static fromJSON(json: StepJSON): TableColumns {
    return new TableColumns({
      columns: field<TableColumn[]>(json, 'columns'),
      maxLevels: field<number>(json, 'maxLevels'),
      calendar: field<CalendarFeature[]>(json, 'calendar'),
      levels: field<Record<string, string[]>>(json, 'levels'),
    });
  }
}

registerStep('TableColumns', TableColumns.fromJSON);

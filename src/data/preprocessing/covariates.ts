/**
 * Covariates of a series model: columns observed up to each origin (past), columns known in advance
 * such as promotions or holidays (future), and calendar features computed from the time column
 * (future by nature). They are standardised on the training rows; SeriesWindows feeds them to the
 * model beside the series.
 */
import { DataError } from '../errors.js';
import { inferFrequency, nextTimes, parseTime, type Frequency } from '../time.js';
import { BatchStep, type RowBatch, type PipelineInfo } from './batch.js';
import { requireNumeric } from './frame-steps.js';
import { field, registerStep, type StepJSON } from './step.js';

/** Calendar features, each encoded as sin and cos of its position in its cycle. */
export type CalendarFeature = 'month' | 'dayOfWeek' | 'dayOfYear' | 'hour';
export const CALENDAR_FEATURES: readonly CalendarFeature[] = ['month', 'dayOfWeek', 'dayOfYear', 'hour'];

const CYCLE: Record<CalendarFeature, [(d: Date) => number, number]> = {
  month: [(d) => d.getUTCMonth(), 12],
  dayOfWeek: [(d) => d.getUTCDay(), 7],
  dayOfYear: [(d) => (d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000, 365.25],
  hour: [(d) => d.getUTCHours(), 24],
};

/**
 * A calendar feature of a timestamp as sin and cos of its position in the cycle (shared by the table
 * step that expands date columns, TableColumns).
 * @example calendarSinCos('month', new Date('2020-04-01')) // [1, ~0]: April is a quarter of the way round
 */
export function calendarSinCos(feature: CalendarFeature, d: Date): [number, number] {
  const [pos, period] = CYCLE[feature];
  const a = (2 * Math.PI * pos(d)) / period;
  return [Math.sin(a), Math.cos(a)];
}

/** The covariate matrices a Covariates step adds to the batch: (rows, past) and (rows + future rows, future + calendar). */
export interface CovariateValues {
  past: Float32Array;
  pastWidth: number;
  future: Float32Array;
  futureWidth: number;
  /** Rows of `future` (the observed rows plus the known-future rows after them). */
  futureRows: number;
}

/**
 * @example new Covariates({ past: ['DEWP', 'TEMP'], future: [], calendar: ['hour', 'dayOfWeek'], timeColumn: 'date' })
 */
export class Covariates extends BatchStep {
  readonly kind = 'Covariates';
  readonly past: string[];
  readonly future: string[];
  readonly calendar: CalendarFeature[];
  readonly timeColumn: string | null;
  /** Known-future steps each forecast reads after its origin (the direct model's horizon). */
  readonly steps: number;
  /** Mean and standard deviation of each past and future column, from the training rows. */
  stats: { mean: number[]; std: number[] } | null;
  /** The time column's step, for calendar features after the data. */
  frequency: Frequency | null;

  constructor(opts: {
    past?: string[];
    future?: string[];
    calendar?: CalendarFeature[];
    timeColumn?: string | null;
    steps: number;
    stats?: { mean: number[]; std: number[] } | null;
    frequency?: Frequency | null;
  }) {
    super();
    this.past = opts.past ?? [];
    this.future = opts.future ?? [];
    this.calendar = opts.calendar ?? [];
    this.timeColumn = opts.timeColumn ?? null;
    this.steps = opts.steps;
    this.stats = opts.stats ?? null;
    this.frequency = opts.frequency ?? null;
    if (this.calendar.length && !this.timeColumn)
      throw new DataError('data.covariates.calendar needs the time column (data.time)');
  }

  private columns(batch: RowBatch, rows: number): Float64Array[] {
    const names = [...this.past, ...this.future];
    requireNumeric(batch.frame, names, batch.where);
    return names.map((c) => {
      const col = batch.frame.numeric(c);
      for (let i = 0; i < rows; i++) {
        if (!Number.isFinite(col[i]!))
          throw new DataError(
            `${batch.where}: covariate column '${c}' is ${Number.isNaN(col[i]!) ? 'missing' : col[i]} in row ${i + 1}; fill it (data.missing: fillMean) or drop the column`,
          );
      }
      return col;
    });
  }

  override fit(batch: RowBatch): this {
    const n = batch.series?.y.length ?? batch.frame.nRows;
    const end = batch.fitEnd ?? n;
    const cols = this.columns(batch, n);
    const mean = cols.map((c) => c.subarray(0, end).reduce((a, b) => a + b, 0) / end);
    const std = cols.map(
      (c, j) => Math.sqrt(c.subarray(0, end).reduce((a, b) => a + (b - mean[j]!) ** 2, 0) / end) || 1,
    );
    this.stats = { mean, std };
    if (this.calendar.length)
      this.frequency = inferFrequency(
        batch.frame.column(this.timeColumn!).slice(0, n),
        `${batch.where}: time column '${this.timeColumn}'`,
      );
    return this;
  }

  transform(batch: RowBatch): RowBatch {
    if (!this.stats) throw new DataError('Covariates: not fitted; call fit() on the training rows first');
    const n = batch.series?.y.length ?? batch.frame.nRows;
    const extra = batch.frame.nRows - n;
    const cols = this.columns(batch, n);
    const P = this.past.length;
    const past = new Float32Array(n * P);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < P; j++) past[i * P + j] = (cols[j]![i]! - this.stats.mean[j]!) / this.stats.std[j]!;
    // Known-future rows: given in the frame after the last observed value, or (calendar only) made from the frequency.
    const horizon = batch.forecastNext ? this.steps : 0;
    if (this.future.length && horizon > extra) {
      const missing = this.future.join(', ');
      throw new DataError(
        `${batch.where}: the future covariate${this.future.length > 1 ? 's' : ''} ${missing} must be known for the ${horizon} steps after the last value; add ${horizon - extra} row(s) with ${missing} (and the time) after the data, leaving the value empty`,
      );
    }
    const rows = n + horizon;
    this.future.forEach((c, f) => {
      for (let i = n; i < rows; i++)
        if (!Number.isFinite(cols[P + f]![i]!))
          throw new DataError(
            `${batch.where}: future covariate '${c}' is missing in row ${i + 1}, one of the ${horizon} steps to forecast; give its value for every step ahead`,
          );
    });
    const times = this.calendar.length ? this.timesFor(batch, n, rows) : [];
    const F = this.future.length + 2 * this.calendar.length;
    const future = new Float32Array(rows * F);
    for (let i = 0; i < rows; i++) {
      let j = 0;
      for (let f = 0; f < this.future.length; f++, j++)
        future[i * F + j] = (cols[P + f]![i]! - this.stats.mean[P + f]!) / this.stats.std[P + f]!;
      for (const c of this.calendar) {
        const [pos, period] = CYCLE[c];
        const a = (2 * Math.PI * pos(times[i]!)) / period;
        future[i * F + j++] = Math.sin(a);
        future[i * F + j++] = Math.cos(a);
      }
    }
    return { ...batch, covariates: { past, pastWidth: P, future, futureWidth: F, futureRows: rows } };
  }

  private timesFor(batch: RowBatch, n: number, rows: number): Date[] {
    const col = batch.frame.column(this.timeColumn!);
    const times = Array.from({ length: Math.min(rows, col.length) }, (_, i) => {
      const d = parseTime(col[i]);
      if (!d)
        throw new DataError(
          `${batch.where}: time column '${this.timeColumn}', row ${i + 1}: ${JSON.stringify(String(col[i]))} is not a timestamp`,
        );
      return d;
    });
    if (times.length < rows) {
      times.push(...nextTimes(times[n - 1]!, this.frequency!, rows - times.length));
    }
    return times;
  }

  override describe(): Partial<PipelineInfo> {
    return { covariates: { past: this.past, future: this.future, calendar: this.calendar } };
  }

  toJSON(): StepJSON {
    return {
      kind: this.kind,
      past: this.past,
      future: this.future,
      calendar: this.calendar,
      timeColumn: this.timeColumn,
      steps: this.steps,
      stats: this.stats,
      frequency: this.frequency,
    };
  }

  static fromJSON(json: StepJSON): Covariates {
    return new Covariates({
      past: field<string[]>(json, 'past'),
      future: field<string[]>(json, 'future'),
      calendar: field<CalendarFeature[]>(json, 'calendar'),
      timeColumn: field<string | null>(json, 'timeColumn'),
      steps: field<number>(json, 'steps'),
      stats: field<{ mean: number[]; std: number[] } | null>(json, 'stats'),
      frequency: field<Frequency | null>(json, 'frequency'),
    });
  }
}

registerStep('Covariates', Covariates.fromJSON);

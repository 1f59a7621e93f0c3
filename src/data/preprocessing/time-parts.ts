/**
 * A time column built from separate parts: year, month, day, hour … as files like Beijing PM2.5 have
 * them, or a date column and a time-of-day column (`16/12/2006;17:24:00`, as UCI's household power
 * data and most loggers write them; pandas' `parse_dates=[['Date', 'Time']]`).
 */
import { DataError } from '../errors.js';
import type { Frame } from '../frame.js';
import { parseTime } from '../time.js';
import { BatchStep, type PipelineInfo, type RowBatch } from './batch.js';
import { requireNumeric } from './frame-steps.js';
import { field, registerStep, type StepJSON } from './step.js';

/** A time of day: `17:24`, `17:24:00`, `17:24:00.125`, `5:24 PM` (and `17.24.00`: DOTTED). */
const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*([AaPp][Mm])?$/;

/** Hours, minutes and seconds between dots, as Italian loggers write them (`18.00.00`, UCI's Air Quality). */
const DOTTED = /^\d{1,2}\.\d{2}\.\d{2}$/;

/** A part named like the quarter of a year (macrodata's `year, quarter`): its values 1–4 or Q1–Q4. */
export const QUARTER_PART = /^(quarter|qtr|quarter_of_year)$/i;

/** The quarter (1–4) a cell names: 1 … 4, or Q1 … Q4 as spreadsheets write it; else undefined. */
export const quarterOf = (v: unknown): number | undefined => {
  const m = /^[Qq]?([1-4])$/.exec(typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '');
  return m ? Number(m[1]) : undefined;
};

/** Milliseconds since midnight of a time of day, or undefined. */
export function clockMs(v: unknown): number | undefined {
  const t = typeof v === 'string' ? v.trim() : undefined;
  const m = t === undefined ? null : CLOCK.exec(DOTTED.test(t) ? t.replaceAll('.', ':') : t);
  if (!m) return undefined;
  let h = Number(m[1]);
  const [mi, sec, frac] = [Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)];
  if (m[5]) {
    if (h < 1 || h > 12) return undefined;
    h = (h % 12) + (/p/i.test(m[5]) ? 12 : 0);
  }
  if (h > 23 || mi > 59 || sec > 59) return undefined;
  return ((h * 60 + mi) * 60 + sec + frac) * 1000;
}

/**
 * The timestamps of each row from `parts`: numeric columns in the order year, month (1–12), day,
 * hour, minute, second (missing trailing parts start the period), a year and a quarter (named like
 * one, QUARTER_PART: the quarter's first day), or a date column then a time-of-day column
 * (hh:mm[:ss], or the hour as a whole number 0–23).
 * @example timesFromParts(frame, ['Date', 'Time'], 'power.txt')[0] // 2006-12-16T17:24:00Z
 * @example timesFromParts(frame, ['year', 'quarter'], 'macrodata.csv')[0] // 1959-01-01 (1959, 1)
 */
export function timesFromParts(frame: Frame, parts: readonly string[], where: string): Date[] {
  if (parts.length === 2 && QUARTER_PART.test(parts[1]!)) {
    requireNumeric(frame, [parts[0]!], where);
    const years = frame.numeric(parts[0]!);
    const quarters = frame.column(parts[1]!) as ArrayLike<unknown>;
    return Array.from({ length: frame.nRows }, (_, i) => {
      const [y, q] = [years[i]!, quarterOf(quarters[i])];
      if (!Number.isInteger(y) || q === undefined)
        throw new DataError(
          `${where}: row ${i + 1}: ${Number.isInteger(y) ? `quarter '${parts[1]}' is ${JSON.stringify(String(quarters[i]))}, not 1–4 or Q1–Q4` : `year '${parts[0]}' is ${y}, not a whole number`}`,
        );
      return new Date(Date.UTC(y, (q - 1) * 3, 1));
    });
  }
  if (parts.length === 2 && frame.dtype(parts[0]!) !== 'number') {
    const [dates, clocks] = parts.map((c) => frame.column(c) as ArrayLike<unknown>);
    // The second part is a time of day (17:24) or the hour as a number (0–23, as bike-sharing data).
    const hours = frame.dtype(parts[1]!) === 'number';
    return Array.from({ length: frame.nRows }, (_, i) => {
      const day = parseTime(dates![i]);
      const h = clocks![i];
      const ms = hours
        ? typeof h === 'number' && Number.isInteger(h) && h >= 0 && h <= 23
          ? h * 3_600_000
          : undefined
        : clockMs(h);
      if (!day || ms === undefined)
        throw new DataError(
          `${where}: row ${i + 1}: ${day ? `${hours ? 'hour' : 'time of day'} '${parts[1]}' is ${JSON.stringify(String(h))}, not ${hours ? 'a whole number from 0 to 23' : 'hh:mm[:ss]'}` : `date '${parts[0]}' is ${JSON.stringify(String(dates![i]))}, not a date`}`,
        );
      return new Date(day.getTime() + ms);
    });
  }
  requireNumeric(frame, [...parts], where);
  const cols = parts.map((c) => frame.numeric(c));
  return Array.from({ length: frame.nRows }, (_, i) => {
    const v = cols.map((c) => c[i]!);
    const bad = v.findIndex((x) => !Number.isInteger(x));
    if (bad >= 0)
      throw new DataError(
        `${where}: row ${i + 1}: time part '${parts[bad]}' is ${v[bad]}, not a whole number`,
      );
    const [y, mo = 1, d = 1, h = 0, mi = 0, sec = 0] = v;
    return new Date(Date.UTC(y!, mo - 1, d, h, mi, sec));
  });
}

/**
 * Adds the column `name` (UTC dates) from the parts (timesFromParts). A frame that already has `name`
 * keeps it (the runner builds it before filling gaps).
 * @example new TimeFromParts({ parts: ['year', 'month', 'day', 'hour'] }).transform(batch).frame.column('time')
 */
export class TimeFromParts extends BatchStep {
  readonly kind = 'TimeFromParts';
  readonly parts: string[];
  readonly name: string;

  constructor(opts: { parts: string[]; name?: string }) {
    super();
    if (opts.parts.length < 1 || opts.parts.length > 6)
      throw new DataError(
        `data.time: give 1 to 6 columns in the order year, month, day, hour, minute, second, or a date column and a time-of-day column; got ${opts.parts.length}`,
      );
    const quarter = opts.parts.findIndex((p) => QUARTER_PART.test(p));
    if (quarter >= 0 && (quarter !== 1 || opts.parts.length !== 2))
      throw new DataError(
        `data.time: a quarter ('${opts.parts[quarter]}') goes after the year and nothing after it: data.time: [year, ${opts.parts[quarter]}]; got [${opts.parts.join(', ')}]`,
      );
    this.parts = opts.parts;
    this.name = opts.name ?? 'time';
  }

  transform(batch: RowBatch): RowBatch {
    const f = batch.frame;
    if (f.columns.includes(this.name)) return batch;
    return { ...batch, frame: f.withColumn(this.name, timesFromParts(f, this.parts, batch.where)) };
  }

  override describe(): Partial<PipelineInfo> {
    return { timeParts: this.parts };
  }

  toJSON(): StepJSON {
    return { kind: this.kind, parts: this.parts, name: this.name };
  }

  static fromJSON(json: StepJSON): TimeFromParts {
    return new TimeFromParts({ parts: field<string[]>(json, 'parts'), name: field<string>(json, 'name') });
  }
}

registerStep('TimeFromParts', TimeFromParts.fromJSON);

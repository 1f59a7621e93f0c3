/**
 * The frequency of a time column, inferred from its timestamps, and the timestamps that follow the
 * last one: what `seqlab forecast` writes beside each forecast.
 */
import { DataError } from './errors.js';
import { Frame, type Column } from './frame.js';
import { parseQuarter } from './io/column-types.js';
import { withOffset } from './time-zone.js';

/**
 * A regular step between timestamps: a number of months (monthly, quarterly, yearly), of business
 * days (Monday to Friday: a market's or an office's days), or of milliseconds.
 */
export interface Frequency {
  /** 'month' steps follow the calendar (month ends, leap years); 'weekday' steps skip weekends; 'ms' steps are fixed. */
  unit: TimeAxis;
  step: number;
  /** A name for people: monthly, daily, hourly, … */
  name: string;
  /** The training file wrote its times as integer years (1880, 1881 …): forecasts are written so. */
  written?: 'year';
}

const MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const FIXED: [number, string][] = [
  [MS.minute, 'minutely'],
  [15 * MS.minute, 'quarter-hourly'],
  [30 * MS.minute, 'half-hourly'],
  [MS.hour, 'hourly'],
  [MS.day, 'daily'],
  [7 * MS.day, 'weekly'],
];
const MONTHLY: [number, string][] = [
  [1, 'monthly'],
  [3, 'quarterly'],
  [12, 'yearly'],
];

function monthIndex(d: Date): number {
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

function fromMonthIndex(m: number): Date {
  return new Date(Date.UTC(Math.floor(m / 12), m % 12, 1));
}

/** The last day of month m (day 0 of the month after). */
function monthEndOf(m: number): Date {
  return new Date(Date.UTC(Math.floor(m / 12), (m % 12) + 1, 0));
}

/** Midnight on the last day of its month (2021-02-28, 2024-02-29): pandas' month-end `ME` stamps. */
const isMonthEnd = (d: Date): boolean =>
  d.getTime() % MS.day === 0 && new Date(d.getTime() + MS.day).getUTCDate() === 1;

/** Days since 1970-01-01 shifted so that a week starts on Monday (1970-01-01 was a Thursday). */
const mondayDays = (d: Date): number => Math.floor(d.getTime() / MS.day) + 3;

/** A weekday's place among weekdays: Monday 1970-01-05 is 5; Saturday and Sunday have none. */
function weekdayIndex(d: Date): number {
  const days = mondayDays(d);
  return Math.floor(days / 7) * 5 + Math.min(days % 7, 4);
}

function fromWeekdayIndex(k: number): Date {
  return new Date((Math.floor(k / 5) * 7 + (k % 5) - 3) * MS.day);
}

/**
 * How a series' timestamps are counted: calendar months (stamped on their first day, or on their
 * last: monthEnd), business days, or milliseconds.
 */
export type TimeAxis = 'month' | 'monthEnd' | 'weekday' | 'ms';

const AXES: Record<TimeAxis, { pos: (d: Date) => number; at: (p: number) => Date }> = {
  month: { pos: monthIndex, at: fromMonthIndex },
  monthEnd: { pos: monthIndex, at: monthEndOf },
  weekday: { pos: weekdayIndex, at: fromWeekdayIndex },
  ms: { pos: (d) => d.getTime(), at: (p) => new Date(p) },
};

/**
 * The axis of sorted timestamps: months when every one is a month's first day, or every one its last
 * (month, quarter and year ends, as economic series and pandas' `ME` write them); business days when
 * they are days (midnight) that are never a Saturday or a Sunday, mostly one day apart and at least
 * once across a weekend (a market's closes, an office's daily figures); else milliseconds.
 * @example timeAxis(['2024-01-05', '2024-01-08', '2024-01-09'].map((s) => new Date(s))) // 'weekday'
 */
export function timeAxis(dates: readonly Date[]): TimeAxis {
  // First days of months at midnight (seconds too: 100 Hz readings within one minute of 1 January
  // were a monthly axis, "every 0 months").
  if (dates.every((d) => d.getUTCDate() === 1 && d.getTime() % MS.day === 0)) return 'month';
  if (dates.length > 1 && dates.every(isMonthEnd)) return 'monthEnd';
  if (!dates.every((d) => d.getTime() % MS.day === 0 && mondayDays(d) % 7 < 5)) return 'ms';
  const days = dates.slice(1).map((d, i) => (d.getTime() - dates[i]!.getTime()) / MS.day);
  const ones = days.filter((n) => n === 1).length;
  return ones > days.length / 2 && days.some((n, i) => n >= 3 && mondayDays(dates[i + 1]!) % 7 < n)
    ? 'weekday'
    : 'ms';
}

/** A timestamp's position on an axis (month number, weekday number, or milliseconds). */
export const timePosition = (axis: TimeAxis, d: Date): number => AXES[axis].pos(d);

/** A date when the fields make one (month 1–12, a day the month has), else null. */
function yearMonthDay(y: number, mo: number, d: number): Date | null {
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return null;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCDate() === d ? t : null;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL_MONTHS =
  'january february march april may june july august september october november december'.split(' ');

/**
 * Months and weeks as statistics offices and spreadsheets write them, which JavaScript's Date misreads
 * or refuses: `2020M01` (Eurostat, IMF), `01/2020`, Excel's `mmm-yy` (`Jan-20` is January 2020, where
 * Date reads the 20th of January 2001; two-digit years as Excel reads them, 00–29 → 2000s, 30–99 →
 * 1900s, so `Jan-49` is 1949), and ISO weeks `2020-W05` / `2020W05` (that week's Monday). Else undefined.
 */
function monthOf(s: string): Date | null | undefined {
  let m = /^(\d{4})-?M(\d{1,2})$/i.exec(s);
  if (m) return yearMonthDay(Number(m[1]), Number(m[2]), 1);
  m = /^(\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return yearMonthDay(Number(m[2]), Number(m[1]), 1);
  // With a dash, an apostrophe or a slash: `Mar 15` may be the 15th of March, and stays Date's.
  m = /^(\p{L}{3,9})\.?[-'/](\d{2})$/u.exec(s);
  if (m) {
    const word = m[1]!.toLowerCase();
    const k = MONTH_NAMES.indexOf(word.slice(0, 3));
    if (k < 0 || !FULL_MONTHS[k]!.startsWith(word.replace(/^sept$/, 'sep'))) return undefined;
    const yy = Number(m[2]);
    return yearMonthDay(yy < 30 ? 2000 + yy : 1900 + yy, k + 1, 1);
  }
  m = /^(\d{4})-?W(\d{1,2})$/i.exec(s);
  if (m) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    if (week < 1 || week > 53) return null;
    // ISO 8601: week 1 holds 4 January; weeks start on Monday.
    const jan4 = Date.UTC(year, 0, 4);
    const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * MS.day;
    const d = new Date(monday + (week - 1) * 7 * MS.day);
    // A week is its Thursday's year's: 2021-W53 does not exist, 2020-W53 does.
    return new Date(d.getTime() + 3 * MS.day).getUTCFullYear() === year ? d : null;
  }
  return undefined;
}

/**
 * Dates as Chinese, Japanese and Korean spreadsheets write them: `2022年1月1日` (also `1号`),
 * `2019年1月` (a month), `2022년 1월 1일`, with an optional time `10:30` or `10:30:15`.
 */
const CJK_DATE =
  /^(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월](?:\s*(\d{1,2})\s*[日号일])?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/u;

/** Month and weekday names, and the zone names JavaScript's Date reads (Twitter's `PDT`, US EST … PDT). */
const DATE_WORDS =
  /^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?|mon(day)?|tue(sday)?|wed(nesday)?|thu(rsday)?|fri(day)?|sat(urday)?|sun(day)?|t|z|gmt|utc|ut|[ecmp][sd]t|am|pm)$/i;

/**
 * Parses a time cell: a Date, an ISO-like string ('1949-01', '2010-01-01 05:00'), a month or week as
 * offices write them (monthOf), a year number, a spreadsheet day number, Unix time in seconds or
 * milliseconds, or YYYYMM / YYYYMMDD integers.
 * @example parseTime('1949-03') // Date 1949-03-01T00:00:00Z
 */
export function parseTime(v: unknown): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'number' && Number.isInteger(v)) {
    // A year (1000–9999), a spreadsheet day number (days since 1899-12-30, as Excel and LibreOffice
    // count them: 1954–2064), or Unix time in seconds or milliseconds (2001–2286).
    if (v >= 1000 && v < 10000) return new Date(Date.UTC(v, 0, 1));
    if (v >= 20000 && v < 60000) return new Date(Date.UTC(1899, 11, 30) + v * MS.day);
    if (v >= 1e9 && v < 1e10) return new Date(v * 1000);
    if (v >= 1e12 && v < 1e13) return new Date(v);
    // YYYYMM and YYYYMMDD written as integers (BLS, FRED, NOAA's GHCN, stock exports).
    if (v >= 100001 && v < 1000000) return yearMonthDay(Math.floor(v / 100), v % 100, 1);
    if (v >= 10000101 && v < 100000000)
      return yearMonthDay(Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100);
    return null;
  }
  if (typeof v !== 'string') return null;
  const s = v.trim();
  const m = /^(\d{4})-(\d{1,2})$/.exec(s);
  if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  if (/^\d{4}$/.test(s)) return new Date(Date.UTC(Number(s), 0, 1));
  const month = monthOf(s);
  if (month !== undefined) return month;
  const cjk = CJK_DATE.exec(s);
  if (cjk) {
    const [, y, mo, d, h, mi, sec] = cjk.map(Number) as number[];
    const day = yearMonthDay(y!, mo!, Number.isNaN(d) ? 1 : d!);
    if (!day || h! > 23 || mi! > 59 || sec! > 59) return null;
    return new Date(day.getTime() + ((h || 0) * 3600 + (mi || 0) * 60 + (sec || 0)) * 1000);
  }
  // Any other number written as text ("1", "12", "1.5": labels and codes in JSON) is not a date,
  // though JavaScript's Date reads "1" as January 2001 and "1.5" as 5 January 2001.
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  const quarter = parseQuarter(s);
  if (quarter) return quarter;
  // JavaScript's Date reads any text ending in a number ("Store 5" is May 2001, "Line 7" July):
  // words other than month and weekday names (and T, Z, GMT, UTC, AM, PM) mean it is not a date.
  const words = s.match(/\p{L}+/gu) ?? [];
  if (words.some((w) => !DATE_WORDS.test(w))) return null;
  const iso =
    /^\d{4}-\d{2}-\d{2}[ T]\d/.test(s) && !/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? `${s.replace(' ', 'T')}Z` : s;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A step in words: '3 months', '1 business day', '10 minutes'. */
export function stepText(step: number, axis: TimeAxis): string {
  if (axis === 'month' || axis === 'monthEnd') return `${step} month${step === 1 ? '' : 's'}`;
  if (axis === 'weekday') return `${step} business day${step === 1 ? '' : 's'}`;
  for (const [ms, unit] of [
    [MS.day, 'day'],
    [MS.hour, 'hour'],
    [MS.minute, 'minute'],
    [1000, 'second'],
  ] as const) {
    if (step % ms === 0) return `${step / ms} ${unit}${step === ms ? '' : 's'}`;
  }
  return `${step} ms`;
}

/**
 * What the errors on a gap or a repeated time tell the user to set. A command that reads new rows
 * for a trained model (`seqlab forecast`, POST /forecast) says its own way (restateTimeHints).
 */
const FILL_HINT = 'set data.fill: interpolate | forwardFill to fill gaps';
const DUPLICATES_HINT = 'set data.duplicates: mean | sum | first | last to merge such rows';

/**
 * An error on a gap or a repeated time, re-said for a caller that sets the policy its own way (a
 * command's option, a request's field); other errors as they are.
 * @example throw restateTimeHints(e, (key) => `add --${key}`)
 */
export function restateTimeHints(
  e: unknown,
  set: (key: 'fill' | 'duplicates', example: string) => string,
): unknown {
  if (e instanceof DataError)
    e.message = e.message
      .replace(FILL_HINT, `${set('fill', 'interpolate')} (or forwardFill) to fill gaps`)
      .replace(DUPLICATES_HINT, `${set('duplicates', 'mean')} (or sum, first, last) to merge such rows`);
  return e;
}

/**
 * The regular step of a time column, or an error that says where it breaks: the first duplicate,
 * gap or irregular step, with the row and both timestamps.
 * @example inferFrequency(['1949-01', '1949-02', '1949-03']) // { unit: 'month', step: 1, name: 'monthly' }
 */
export function inferFrequency(times: ArrayLike<unknown>, where = 'time column'): Frequency {
  const dates: Date[] = [];
  for (let i = 0; i < times.length; i++) {
    const d = parseTime(times[i]);
    if (!d)
      throw new DataError(
        `${where}: row ${i + 1} has ${JSON.stringify(String(times[i]))}, which is not a timestamp (tried Date, YYYY, YYYY-MM, ISO 8601)`,
      );
    dates.push(d);
  }
  if (dates.length < 3)
    throw new DataError(`${where}: ${dates.length} timestamps are too few to infer a frequency (need 3)`);
  // A time as the file wrote it ('1951-04'); parsed dates (spreadsheet cells) in ISO 8601, a
  // midnight as its date.
  const name = (i: number): string => {
    const v = times[i];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    const iso = dates[i]!.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  };
  for (let i = 1; i < dates.length; i++) {
    if (dates[i]!.getTime() === dates[i - 1]!.getTime())
      throw new DataError(
        `${where}: rows ${i} and ${i + 1} have the same timestamp ${name(i)}; ${DUPLICATES_HINT}, or remove them`,
      );
    if (dates[i]! < dates[i - 1]!)
      throw new DataError(
        `${where}: timestamps go back in time at row ${i + 1} (${name(i - 1)} then ${name(i)}); sort the rows by time`,
      );
  }
  const axis = timeAxis(dates);
  const pos = AXES[axis].pos;
  const candidates = dates.slice(1).map((d, i) => pos(d) - pos(dates[i]!));
  const step = Math.min(...candidates);
  const bad = candidates.findIndex((s) => s !== step);
  if (bad >= 0) {
    const gap =
      candidates[bad]! % step === 0
        ? `a gap (${candidates[bad]! / step - 1} missing step(s))`
        : 'an irregular step';
    throw new DataError(
      `${where}: ${gap} between rows ${bad + 1} and ${bad + 2} (${name(bad)} → ${name(bad + 1)}) where the other steps are ${stepText(step, axis)}; ${FILL_HINT}, or fix the data`,
    );
  }
  return { unit: axis, step, name: frequencyName(axis, step) };
}

/**
 * The name of a step: months (monthly, quarterly, yearly), business days, or milliseconds (minutely …
 * weekly).
 * @example frequencyName('ms', 1_800_000) // 'half-hourly'
 */
export function frequencyName(axis: TimeAxis, step: number): string {
  if (axis === 'weekday') return step === 1 ? 'business-daily' : `every ${step} business days`;
  const months = axis === 'month' || axis === 'monthEnd';
  const known = (months ? MONTHLY : FIXED).find(([s]) => s === step);
  return known ? known[1] : `every ${stepText(step, axis)}`;
}

/** Steps a day of a fixed step under an hour that divides the day (10 minutes: 144), else undefined. */
export function stepsPerDay(freq: { unit: TimeAxis; step: number }): number | undefined {
  return freq.unit === 'ms' && freq.step < MS.hour && MS.day % freq.step === 0
    ? MS.day / freq.step
    : undefined;
}

/**
 * The `count` timestamps after `last`.
 * @example nextTimes(new Date('1960-12-01'), { unit: 'month', step: 1, name: 'monthly' }, 2) // 1961-01-01, 1961-02-01
 */
export function nextTimes(last: Date, freq: Frequency, count: number): Date[] {
  const { pos, at } = AXES[freq.unit];
  return Array.from({ length: count }, (_, k) => at(pos(last) + (k + 1) * freq.step));
}

/**
 * A timestamp in ISO 8601 as short as its frequency allows: the date for daily and coarser steps
 * ('1961-01-01'), date and time otherwise ('2015-01-01T05:00:00Z'; a wall-clock time in a zone
 * (data.timeZone) with the zone's offset then: '2015-01-01T05:00:00-05:00'); the year alone when the
 * training file wrote integer years.
 * @example formatTime(new Date('1961-01-01'), { unit: 'month', step: 1, name: 'monthly' }) // '1961-01-01'
 */
export function formatTime(d: Date, freq: Frequency, timeZone?: string): string {
  if (freq.written === 'year') return String(d.getUTCFullYear());
  const iso = d.toISOString();
  if (freq.unit !== 'ms' || freq.step % MS.day === 0) return iso.slice(0, 10);
  return timeZone ? withOffset(d, timeZone) : iso.replace('.000Z', 'Z');
}

/** How missing timestamps of a series are filled: linear interpolation, the last value carried forward, or an error. */
export type GapFill = 'error' | 'interpolate' | 'forwardFill';

/** What to do with rows that share a timestamp: an error, or one row from their mean, sum, first or last. */
export type DuplicateTimes = 'error' | 'mean' | 'sum' | 'first' | 'last';

/**
 * Merges consecutive rows that share a timestamp (the hour a clock goes back at the end of daylight
 * saving, a day exported twice) into one row: numeric columns by their mean (NaN skipped), sum, first
 * or last value; other columns keep the first row's. With 'error' the frame comes back unchanged and
 * inferFrequency names the rows. pandas users write `df.groupby('time').mean()`.
 * @example mergeDuplicateTimes(frame, 'timestamp', 'mean').merged // 1: one repeated hour
 */
export function mergeDuplicateTimes(
  frame: Frame,
  timeColumn: string,
  how: DuplicateTimes,
): { frame: Frame; merged: number } {
  if (how === 'error') return { frame, merged: 0 };
  const times = Array.from(frame.column(timeColumn) as ArrayLike<unknown>, (v) => parseTime(v)?.getTime());
  const starts: number[] = [];
  times.forEach((t, i) => {
    if (i === 0 || t === undefined || t !== times[i - 1]) starts.push(i);
  });
  if (starts.length === times.length) return { frame, merged: 0 };
  const ends = starts.map((_, g) => starts[g + 1] ?? times.length);
  const columns: Record<string, Column> = {};
  for (const c of frame.columns) {
    const col = frame.column(c);
    if (c === timeColumn || !(col instanceof Float64Array)) {
      columns[c] = starts.map((s) => col[s]!) as Column;
      continue;
    }
    columns[c] = Float64Array.from(starts, (s, g) => {
      const e = ends[g]!;
      if (how === 'first') return col[s]!;
      if (how === 'last') return col[e - 1]!;
      let sum = 0;
      let k = 0;
      for (let i = s; i < e; i++)
        if (!Number.isNaN(col[i]!)) {
          sum += col[i]!;
          k++;
        }
      return how === 'sum' ? sum : k ? sum / k : NaN;
    });
  }
  return { frame: new Frame(columns), merged: times.length - starts.length };
}

/** The rows in reverse order (newest first → oldest first). */
export const reversedRows = (frame: Frame): Frame =>
  frame.take(Int32Array.from({ length: frame.nRows }, (_, i) => frame.nRows - 1 - i));

/**
 * Whether timestamps run newest first, as finance sites (investing.com, Nasdaq) and many exports list
 * them: every one a time, none after the one above it, the last before the first. Such rows are read
 * in reverse (regularTimes); rows merely out of order are not sorted, but named by the error.
 * @example newestFirst(['2024-03-01', '2024-02-01', '2024-01-01']) // true
 */
export function newestFirst(values: ArrayLike<unknown>): boolean {
  if (values.length < 3) return false;
  let prev = parseTime(values[0])?.getTime();
  const first = prev;
  for (let i = 1; i < values.length; i++) {
    const t = parseTime(values[i])?.getTime();
    if (t === undefined || prev === undefined || t > prev) return false;
    prev = t;
  }
  return prev! < first!;
}

/**
 * Inserts a row for every missing timestamp of a series with a regular step (the smallest step
 * between rows), filling numeric columns by `fill`; other columns carry the previous value.
 * Duplicates, rows out of order and steps that are not a whole number of the smallest one are
 * errors naming the rows. Returns the frame unchanged when nothing is missing.
 * @example fillGaps(frame, 'Date', 'interpolate').frame.nRows // 3652 for daily-min-temperatures
 */
export function fillGaps(
  frame: Frame,
  timeColumn: string,
  fill: GapFill,
  where = 'data',
  grid?: { axis: TimeAxis; step: number },
): { frame: Frame; filled: number; longest?: { steps: number; after: Date; before: Date } } {
  const raw = frame.column(timeColumn);
  const dates = Array.from(raw as ArrayLike<unknown>, (v, i) => {
    const d = parseTime(v);
    if (!d)
      throw new DataError(
        `${where}: time column '${timeColumn}', row ${i + 1}: ${JSON.stringify(String(v))} is not a timestamp (tried Date, YYYY, YYYY-MM, ISO 8601 date and time)`,
      );
    return d;
  });
  if (grid) {
    // Periods of a known length (data.resample): the gaps are counted in them, not in the shortest
    // step found, which sparse periods (monthly rows gathered into weeks) made 4 weeks long.
    const { pos } = AXES[grid.axis];
    const first = dates.findIndex((d, i) => i > 0 && pos(d) - pos(dates[i - 1]!) !== grid.step);
    if (first < 0) return { frame, filled: 0 };
    if (fill === 'error') {
      const missing = (pos(dates[first]!) - pos(dates[first - 1]!)) / grid.step - 1;
      throw new DataError(
        `${where}: ${missing} period(s) without rows between rows ${first} and ${first + 1} (${dates[first - 1]!.toISOString().slice(0, 10)} → ${dates[first]!.toISOString().slice(0, 10)}); ${FILL_HINT}, or fix the data`,
      );
    }
  } else
    try {
      // The cells as read, so that an error shows them as the file has them.
      inferFrequency(raw as ArrayLike<unknown>, where);
      return { frame, filled: 0 };
    } catch (e) {
      if (!/a gap/.test((e as Error).message)) throw e;
      if (fill === 'error') throw e;
    }
  const { pos, at: atPos } = AXES[grid?.axis ?? timeAxis(dates)];
  const steps = dates.slice(1).map((d, i) => pos(d) - pos(dates[i]!));
  const step = grid?.step ?? Math.min(...steps);
  const at: number[] = [];
  const weight: number[] = [];
  dates.forEach((_, i) => {
    const gap = i + 1 < dates.length ? steps[i]! / step : 1;
    for (let k = 0; k < gap; k++) {
      at.push(i);
      weight.push(k / gap);
    }
  });
  const time = at.map((i, r) =>
    weight[r] === 0 ? dates[i]! : atPos(pos(dates[i]!) + Math.round(weight[r]! * steps[i]!)),
  );
  const columns: Record<string, Column> = {};
  for (const c of frame.columns) {
    if (c === timeColumn) {
      columns[c] = time;
      continue;
    }
    const col = frame.column(c);
    if (col instanceof Float64Array) {
      columns[c] = Float64Array.from(at, (i, r) => {
        const w = weight[r]!;
        if (w === 0 || fill === 'forwardFill') return col[i]!;
        return col[i]! + w * (col[i + 1]! - col[i]!);
      });
    } else columns[c] = at.map((i) => col[i]!) as Column;
  }
  // The longest run of made-up steps, for the note (a year-long hole bridged by a straight line).
  let longest: { steps: number; after: Date; before: Date } | undefined;
  steps.forEach((d, i) => {
    const missing = d / step - 1;
    if (missing > (longest?.steps ?? 0))
      longest = { steps: missing, after: dates[i]!, before: dates[i + 1]! };
  });
  return { frame: new Frame(columns), filled: at.length - dates.length, ...(longest ? { longest } : {}) };
}

/**
 * A series read in row order (no time column): its missing values filled in place by `fill`
 * (linearly between the nearest values, or the last value), so that no row is dropped. A dropped row
 * would shift every later step, since nothing but the row order tells the steps apart. Values before
 * the first and after the last known one stay missing (data.missing handles them, at the ends where
 * dropping shifts nothing). With `fill: error` a missing value inside is an error naming its row.
 * @example fillInOrder(new Frame({ y: [1, NaN, 3] }), ['y'], 'interpolate', 'x.txt').numeric('y') // [1, 2, 3]
 */
export function fillInOrder(frame: Frame, columns: string[], fill: GapFill, where = 'data'): Frame {
  let out = frame;
  for (const c of columns) {
    if (!frame.columns.includes(c) || frame.dtype(c) !== 'number') continue;
    const y = Float64Array.from(frame.numeric(c));
    const known = Array.from(y.keys()).filter((i) => !Number.isNaN(y[i]!));
    let filled = 0;
    for (let k = 1; k < known.length; k++) {
      const [a, b] = [known[k - 1]!, known[k]!];
      if (b - a === 1) continue;
      if (fill === 'error')
        throw new DataError(
          `${where}: column '${c}' has no value in data row ${a + 2}; a series read in row order has no time column to show where a dropped row was, so dropping it would shift every later step: set data.fill: interpolate (or forwardFill), or write the value`,
        );
      for (let i = a + 1; i < b; i++, filled++)
        y[i] = fill === 'forwardFill' ? y[a]! : y[a]! + ((i - a) / (b - a)) * (y[b]! - y[a]!);
    }
    if (filled) out = out.withColumn(c, y);
  }
  return out;
}

/** The calendar unit events at irregular times are gathered into (weeks start on Monday, in UTC). */
export type ResampleUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';
/** A unit, or a fixed multiple written as pandas writes it: '10min', '2h', '7d'. */
export type ResampleEvery = ResampleUnit | `${number}min` | `${number}h` | `${number}d`;
/** How a period's rows make its value: pandas' resample aggregations. */
export type ResampleHow = 'sum' | 'count' | 'mean' | 'min' | 'max' | 'first' | 'last';
export interface Resample {
  every: ResampleEvery;
  how: ResampleHow;
  /**
   * 'start' (the default): a row belongs to the period it falls in, periods counted from the epoch
   * (pandas' `resample`). 'nearest': to the nearest mark of a grid `every` apart through the rows'
   * typical phase (pandas' `index.round`): readings taken every 10 minutes give or take a few seconds
   * land one per mark, where periods cut at 00:10 would split 00:09:58 and 00:10:03 apart.
   */
  align?: 'start' | 'nearest';
}

/**
 * The column data.resample with how: count adds: the rows in each period. Where the input already
 * has it (counts per period), its values are added up instead.
 */
export const ROW_COUNT = 'count';

/** The length in ms of a fixed period ('minute', '10min', '2h', 'day', '7d'); undefined for week, month, quarter and year. */
function fixedPeriod(every: ResampleEvery): number | undefined {
  const units: Record<string, number> = {
    minute: MS.minute,
    hour: MS.hour,
    day: MS.day,
    min: MS.minute,
    h: MS.hour,
    d: MS.day,
  };
  const m = /^([1-9]\d*)(min|h|d)$/.exec(every);
  return m ? Number(m[1]) * units[m[2]!]! : units[every];
}

/** The start (ms, UTC) of the period that holds t, and of the next one. */
function period(t: number, every: ResampleEvery): [number, number] {
  const d = new Date(t);
  const [y, m] = [d.getUTCFullYear(), d.getUTCMonth()];
  const fixed = fixedPeriod(every);
  if (fixed) {
    const start = Math.floor(t / fixed) * fixed;
    return [start, start + fixed];
  }
  if (every === 'week') {
    const day = Math.floor(t / MS.day) * MS.day;
    const start = day - ((d.getUTCDay() + 6) % 7) * MS.day;
    return [start, start + 7 * MS.day];
  }
  const months = every === 'month' ? 1 : every === 'quarter' ? 3 : 12;
  const first = every === 'year' ? 0 : m - (m % months);
  return [Date.UTC(y, first, 1), Date.UTC(y, first + months, 1)];
}

/**
 * The marks of a grid `step` ms apart nearest to each time: the grid passes through the times'
 * median offset from the first one's grid (so a few late or early readings do not move it), rounded
 * to the minute.
 * @example nearestMarks([0, 599_000, 1_201_000], 600_000) // [0, 600000, 1200000]
 */
export function nearestMarks(times: readonly number[], step: number): number[] {
  if (times.length === 0) return [];
  const t0 = times[0]!;
  const wrap = (x: number): number => x - Math.round(x / step) * step; // in [-step/2, step/2]
  const offsets = times.map((t) => wrap(t - t0)).sort((a, b) => a - b);
  const origin = Math.round((t0 + offsets[Math.floor(offsets.length / 2)]!) / MS.minute) * MS.minute;
  return times.map((t) => origin + Math.round((t - origin) / step) * step);
}

/**
 * Rows at irregular times (transactions, events, log lines) gathered into regular periods, as
 * pandas' `df.resample('D', on='time').sum()`: numeric columns by `how` (NaN skipped), other
 * columns keep the period's first value. With sum and count a period without rows is 0 (no sales
 * that day, other columns as the period before); with the others it is left out, for the gap fill.
 * @example resampleTimes(frame, 'ts', { every: 'day', how: 'sum' }, 'sales.csv').nRows // days from first to last
 */
export function resampleTimes(
  frame: Frame,
  timeColumn: string,
  r: Resample,
  where: string,
  notes?: string[],
): Frame {
  const raw = frame.column(timeColumn) as ArrayLike<unknown>;
  const times = Array.from(raw, (v, i) => {
    const d = parseTime(v);
    if (!d)
      throw new DataError(
        `${where}: row ${i + 1}: ${JSON.stringify(String(v))} is not a timestamp (data.resample needs one on every row)`,
      );
    return d.getTime();
  });
  const step = fixedPeriod(r.every);
  const nearest = r.align === 'nearest';
  if (nearest && !step)
    throw new DataError(
      `${where}: data.resample.align: nearest needs a fixed period (minutes, hours, days: '10min', '2h'), not '${r.every}'`,
    );
  const marks = nearest ? nearestMarks(times, step!) : times.map((t) => period(t, r.every)[0]);
  const next = (t: number): number => (nearest ? t + step! : period(t, r.every)[1]);
  const groups = new Map<number, number[]>();
  marks.forEach((start, i) => {
    const rows = groups.get(start);
    if (rows) rows.push(i);
    else groups.set(start, [i]);
  });
  const additive = r.how === 'sum' || r.how === 'count';
  const starts = [...groups.keys()].sort((a, b) => a - b);
  // An export cut in the middle of its last period (a day's first sale at 00:08): a total of that
  // part would read as a collapse. With sum and count, a last period of under a quarter of the
  // median rows per period is left out, and said.
  if (additive && starts.length >= 8) {
    const sizes = starts.map((t) => groups.get(t)!.length).sort((a, b) => a - b);
    const median = sizes[Math.floor(sizes.length / 2)]!;
    const last = starts[starts.length - 1]!;
    const size = groups.get(last)!.length;
    if (size < median / 4) {
      starts.pop();
      notes?.push(
        `the last ${r.every} (from ${new Date(last).toISOString().replace('T00:00:00.000Z', '').replace('.000Z', 'Z')}) holds ${size} row(s) against a median of ${median}: an incomplete period, left out`,
      );
    }
  }
  const periods: number[] = [];
  if (additive && starts.length)
    for (let t = starts[0]!; t <= starts[starts.length - 1]!; t = next(t)) periods.push(t);
  else periods.push(...starts);
  const columns: Record<string, Column> = {};
  for (const c of frame.columns) {
    if (c === timeColumn) {
      columns[c] = periods.map((t) => new Date(t));
      continue;
    }
    const col = frame.column(c);
    if (!(col instanceof Float64Array)) {
      // The period's first value; an empty period carries the one before (a panel's series id).
      let last: unknown = null;
      columns[c] = periods.map((t) => {
        const first = groups.get(t)?.[0];
        if (first !== undefined) last = col[first] ?? null;
        return last;
      }) as Column;
      continue;
    }
    columns[c] = Float64Array.from(periods, (t) => {
      const values = (groups.get(t) ?? []).map((i) => col[i]!).filter((v) => !Number.isNaN(v));
      // Counts the input already holds (POST /forecast's series of a count model) add up.
      if (r.how === 'count' && c !== ROW_COUNT) return values.length;
      if (r.how === 'sum' || r.how === 'count') return values.reduce((a, b) => a + b, 0);
      if (values.length === 0) return NaN;
      if (r.how === 'first') return values[0]!;
      if (r.how === 'last') return values[values.length - 1]!;
      // Loops, not Math.min(...values): a busy day of a big log exceeds the argument limit.
      if (r.how === 'min') return values.reduce((a, b) => (b < a ? b : a));
      if (r.how === 'max') return values.reduce((a, b) => (b > a ? b : a));
      return values.reduce((a, b) => a + b, 0) / values.length;
    });
  }
  // With how: count, the number of rows in each period (pandas' `resample(...).size()`): an event
  // log with no column of numbers (orders, visits, log lines) becomes a series of counts.
  if (r.how === 'count' && !frame.columns.includes(ROW_COUNT))
    columns[ROW_COUNT] = Float64Array.from(periods, (t) => groups.get(t)?.length ?? 0);
  return new Frame(columns);
}

/** The axis and step of the periods a resample makes (weeks: 7 days on the millisecond axis). */
function resampleGrid(r: Resample): { axis: TimeAxis; step: number } {
  const fixed = fixedPeriod(r.every);
  if (fixed) return { axis: 'ms', step: fixed };
  if (r.every === 'week') return { axis: 'ms', step: 7 * MS.day };
  return { axis: 'month', step: r.every === 'month' ? 1 : r.every === 'quarter' ? 3 : 12 };
}

/**
 * A series' rows as a model reads them: rows at irregular times gathered into periods (`resample`),
 * or repeated timestamps merged (`duplicates`), then its gaps filled (`fill`). Training applies the
 * config's policy; a saved model applies the one it recorded.
 * @example regularTimes(frame, 'Date', { fill: 'interpolate', duplicates: 'mean' }, 'data.csv')
 */
export function regularTimes(
  frame: Frame,
  time: string,
  policy: { fill: GapFill; duplicates: DuplicateTimes; resample?: Resample | undefined },
  where: string,
  notes?: string[],
): Frame {
  if (newestFirst(frame.column(time) as ArrayLike<unknown>)) {
    frame = reversedRows(frame);
    notes?.push(`${where}: the rows are newest first: read oldest first`);
  }
  const merged = policy.resample
    ? resampleTimes(frame, time, policy.resample, where, notes)
    : mergeDuplicateTimes(frame, time, policy.duplicates).frame;
  const {
    frame: filled,
    filled: count,
    longest,
  } = fillGaps(merged, time, policy.fill, where, policy.resample ? resampleGrid(policy.resample) : undefined);
  // Made-up rows are said, with how they were made (the report's row count includes them) and the
  // longest run of them when it is more than one step.
  const day = (d: Date): string => d.toISOString().slice(0, 10);
  const gap =
    longest && longest.steps > 1
      ? `${longest.steps < count ? `; the longest gap ${longest.steps} steps,` : ', in one gap:'} ${day(longest.after)} → ${day(longest.before)}`
      : '';
  if (count && notes)
    notes.push(
      `${where}: ${count} missing step(s) filled (data.fill: ${policy.fill}), ${((100 * count) / filled.nRows).toFixed(1)}% of the ${filled.nRows} steps${gap}`,
    );
  return filled;
}

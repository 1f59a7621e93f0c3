/**
 * Inferring what each column of a user's table is (numeric or categorical feature, text, time,
 * label, id to ignore, constant to drop) and which task the data poses, with the evidence for every
 * decision. `seqlab init` writes the result as a config, `seqlab train DATA --label y` runs it, and
 * `seqlab describe` shows it. Where two answers are equally likely it asks for a flag instead of guessing.
 */
import { SeqlabError } from '../errors.js';
import type { Frame } from '../data/frame.js';
import {
  frequencyName,
  nearestMarks,
  parseTime,
  ROW_COUNT,
  stepsPerDay,
  stepText,
  timeAxis,
  timePosition,
  type Resample,
  type ResampleEvery,
  type ResampleUnit,
  type ResampleHow,
} from '../data/time.js';
import { clockMs, quarterOf, timesFromParts } from '../data/preprocessing/time-parts.js';
import { DURATION_NAMES, parseNumber } from '../data/io/column-types.js';
import { countLabels, labelsInCell, LABEL_JOIN } from '../data/preprocessing/label-sets.js';
import { seriesIdValues } from '../data/preprocessing/series-panel.js';

export type Role =
  | 'numeric'
  | 'boolean'
  | 'categorical'
  | 'text'
  | 'time'
  | 'timePart'
  | 'date'
  | 'id'
  | 'constant'
  | 'label'
  | 'seriesId';

/** What one column is, and why. */
export interface ColumnRole {
  name: string;
  role: Role;
  /** One sentence: "87 distinct strings in 4,000 rows → categorical". */
  evidence: string;
  distinct: number;
  missing: number;
}

export type InferredTask = 'binary' | 'multiclass' | 'multilabel' | 'regression' | 'forecasting' | 'windows';

/** The inferred reading of a table: roles, label, task, and what the model reads. */
export interface Inference {
  nRows: number;
  columns: ColumnRole[];
  task: InferredTask;
  /** The config's data.type. */
  dataType: 'table' | 'text' | 'series' | 'windows';
  label?: string;
  /** Multi-label: the label names (several 0/1 columns: theirs; a column of label lists: the labels it names). */
  labelNames?: string[];
  /** Multi-label from several 0/1 columns: those columns (data.label lists them). */
  labelColumns?: string[];
  /** Multi-label: how many rows carry each label. */
  labelCounts?: Record<string, number>;
  /** Table: columns whose values alone give the label, left out of the features (likely derived from it). */
  derived?: string[];
  /** Text: the columns beside it read with its bag of n-grams (data.features, data.categorical). */
  side?: { features: string[]; categorical: string[] };
  /** Series: the column to forecast. */
  value?: string;
  /** The text a text model reads (the longest, when several are joined). */
  text?: string;
  /** Several text columns joined into one input (a title beside a review), in file order. */
  texts?: string[];
  /** A time column, or the columns its parts are in (year, month, day, hour …). */
  time?: string | string[];
  /** Time steps: the usual step's name (monthly, daily, hourly …), gaps and repeated timestamps counted. */
  frequency?: Steps;
  /** Panel data: the column that names each series (the time index is regular within each), or the two whose pairs of values do. */
  seriesId?: string | [string, string];
  /** Rows at irregular times (transactions, events) gathered into regular periods (data.resample). */
  resample?: Resample;
  /** Panel data: each series' row numbers, in file order. */
  seriesRows?: number[][];
  /** Sentences for the label and task decisions. */
  notes: string[];
}

export interface InferOptions {
  label?: string;
  time?: string;
  text?: string;
  /** classification | binary | multiclass | multilabel | regression | forecasting | windows */
  task?: string;
  /** Where the data came from, for messages. */
  where?: string;
}

/** The data rows were given a role but the choice is not clear; the message says which flag settles it. */
export class InferenceError extends SeqlabError {}

const LABEL_NAMES = [
  'label',
  'labels',
  'target',
  'class',
  'y',
  'outcome',
  'species',
  'diagnosis',
  'sentiment',
  'income',
  'category',
  'survived',
  'churn',
  'churned',
  'exited',
  'fraud',
  'is_fraud',
  'quality',
  'rating',
  'stars',
  // Review scores: Amazon's fine food reviews (Score), its product reviews (overall), polarity files.
  'score',
  'overall',
  'polarity',
];
/** The names that say "label" and nothing else: they win over a quantity's name (rating, quality). */
const GENERIC_LABELS = LABEL_NAMES.slice(0, 6);
const TIME_PARTS = ['year', 'quarter', 'month', 'day', 'hour', 'minute', 'second'];
/**
 * Other names of the parts: the CDC's births use `date_of_month` (beside `day_of_week`, no part).
 * Not `min`, `sec` or `hr`: a weather table's minimum, a heart rate.
 */
const PART_ALIASES: Record<string, string> = {
  yr: 'year',
  yyyy: 'year',
  date_of_month: 'day',
  day_of_month: 'day',
  dayofmonth: 'day',
  mday: 'day',
  qtr: 'quarter',
  quarter_of_year: 'quarter',
};
/** A flag's value as a shell takes it: quoted when it holds spaces or shell characters (`'Art and Performance'`). */
const shellWord = (v: string): string => (/^[\w.,:/@+-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);

/** The time part a column's name says (year, month, day …), or undefined. */
const timePartOf = (name: string): string | undefined => {
  const n = name.toLowerCase();
  return TIME_PARTS.includes(n) ? n : PART_ALIASES[n];
};
/** What a table does with a category of over 32 levels (a text's side columns one-hot it instead: said there). */
const EMBEDDED = ' (over 32 levels: a learned embedding, not one-hot)';
const ID_NAMES = /^(id|no|index|row|rowid|row_id|unnamed: 0|_id|record)$/i;
/** customer_id, order key, user-uuid, CustomerID, customerId: a key into another table, not a measurement. */
const KEY_NAMES = /(^|[_\s-])(id|key|uuid|guid)$/i;
const CAMEL_ID = /[a-z0-9](Id|ID)$/;
/** A column named like a row's id or a key (id, PassengerId, customer_id, order key). */
export const namedLikeId = (name: string): boolean =>
  ID_NAMES.test(name) || KEY_NAMES.test(name) || CAMEL_ID.test(name);
/** Postal codes are written as numbers but name places (and lose their leading zeros when read as numbers). */
const CODE_NAMES =
  /^(zip|zip_?code|zipcode|postal_?code|postcode|post_code|plz|postleitzahl|code_?postal|c[oó]digo_?postal|cep|npa)$/i;
/**
 * Scripts whose texts have few spaces, so that a review is one or two "words" (a table's category
 * otherwise): written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar,
 * Tibetan; text-tokens' UNSPACED), or short in characters (Korean's syllable blocks). Their names for
 * the evidence, in that order.
 */
const SCRIPTS: [string, RegExp][] = [
  ['CJK', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu],
  ['Thai', /\p{Script=Thai}/gu],
  ['Lao', /\p{Script=Lao}/gu],
  ['Khmer', /\p{Script=Khmer}/gu],
  ['Myanmar', /\p{Script=Myanmar}/gu],
  ['Tibetan', /\p{Script=Tibetan}/gu],
];

/** The script (SCRIPTS' name) of over 30% of the characters of these texts, if one is. */
function unspacedScript(texts: readonly string[]): string | undefined {
  const chars = texts.reduce((a, s) => a + s.length, 0);
  for (const [name, re] of SCRIPTS)
    if (texts.reduce((a, s) => a + (s.match(re)?.length ?? 0), 0) > 0.3 * chars) return name;
  return undefined;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/**
 * Levenshtein distance, for "did you mean" when a named column is not there.
 * @example editDistance('lable', 'label') // 2
 */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The error for a column that is not there: the columns, and the closest name. */
export function missingColumnError(frame: Frame, name: string, what: string, where: string): InferenceError {
  const lower = name.toLowerCase();
  const best = [...frame.columns].sort(
    (a, b) => editDistance(lower, a.toLowerCase()) - editDistance(lower, b.toLowerCase()),
  )[0];
  const close = best !== undefined && editDistance(lower, best.toLowerCase()) <= Math.max(2, name.length / 3);
  return new InferenceError(
    `${where}: ${what} column '${name}' not found${close ? ` (did you mean '${best}'?)` : ''}; the columns are: ${frame.columns.join(', ')}`,
  );
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

/** The role of one column from its values alone (the label is decided afterwards). */
export function columnRole(frame: Frame, name: string): ColumnRole {
  const col = frame.column(name) as ArrayLike<unknown>;
  const n = col.length;
  const present: unknown[] = [];
  for (let i = 0; i < n; i++) if (!isMissing(col[i])) present.push(col[i]);
  const missing = n - present.length;
  const distinctSet = new Set(present.map((v) => (v instanceof Date ? v.getTime() : v)));
  const distinct = distinctSet.size;
  const base = { name, distinct, missing };
  const dtype = frame.dtype(name);
  // A time part may be constant (one year of hourly data): it still builds the timestamp.
  if (timePartOf(name) && dtype === 'number' && present.every((v) => Number.isInteger(v)))
    return { ...base, role: 'timePart', evidence: `integers named '${name}' → part of a timestamp` };
  // One value where the others are blank: the blank is the other level. House Prices' PoolQC, Fence
  // and Alley are "NA" for no pool, no fence, no alley; exports write a flag as 1 or nothing.
  if (distinct === 1 && Math.min(missing, present.length) >= Math.max(2, 0.01 * n))
    return {
      ...base,
      role: 'categorical',
      evidence: `one value (${String(present[0])}) in ${fmt(present.length)} rows, blank in ${fmt(missing)} → categorical: whether it is there`,
    };
  if (distinct <= 1)
    return {
      ...base,
      role: 'constant',
      evidence:
        distinct === 1 && missing
          ? `one value (${String(present[0])}) in ${fmt(present.length)} row${present.length === 1 ? '' : 's'}, blank in ${fmt(missing)} → too ${missing > present.length ? 'rare' : 'few blanks'} to learn from, dropped`
          : `${distinct === 0 ? 'no values' : `one value (${String(present[0])})`} in ${fmt(n)} rows → constant, dropped`,
    };
  if (dtype === 'date') return { ...base, role: 'date', evidence: `${fmt(distinct)} dates → datetime` };
  if (timePartOf(name) === 'quarter' && present.every((v) => quarterOf(v) !== undefined))
    return {
      ...base,
      role: 'timePart',
      evidence: `quarters (1–4) named '${name}' → with the year, the timestamp`,
    };
  if (dtype === 'string' && present.every((v) => clockMs(v) !== undefined))
    return {
      ...base,
      role: 'timePart',
      evidence: `${fmt(distinct)} times of day (${String(present[0])}) → with a date column, the timestamp`,
    };
  if (dtype === 'boolean')
    return { ...base, role: 'boolean', evidence: 'true/false values → boolean feature' };
  if (dtype === 'number') {
    const nums = present as number[];
    const integers = nums.every((v) => Number.isInteger(v));
    if (timePartOf(name) && integers)
      return { ...base, role: 'timePart', evidence: `integers named '${name}' → part of a timestamp` };
    const epoch = epochUnit(name, nums);
    if (epoch) {
      const [lo, hi] = [Math.min(...nums), Math.max(...nums)].map((v) =>
        parseTime(v)!.toISOString().slice(0, 10),
      );
      return {
        ...base,
        role: 'date',
        evidence: `integers named '${name}' in the range of ${epoch} → datetime (${lo} … ${hi})`,
      };
    }
    const keyName = KEY_NAMES.test(name) || CAMEL_ID.test(name);
    if (integers && keyName && distinct > n / 2)
      return {
        ...base,
        role: 'id',
        evidence: `named like a key, ${fmt(distinct)} distinct integers in ${fmt(n)} rows → id, ignored`,
      };
    if (integers && (CODE_NAMES.test(name) || keyName))
      return {
        ...base,
        role: 'categorical',
        evidence: `${keyName ? 'keys' : 'postal codes'} (${fmt(distinct)} distinct) → categorical, not a quantity${distinct > 32 ? EMBEDDED : ''}`,
      };
    if (
      integers &&
      distinct === n &&
      (ID_NAMES.test(name) || nums.every((v, i) => i === 0 || v === nums[i - 1]! + 1))
    )
      return {
        ...base,
        role: 'id',
        evidence: ID_NAMES.test(name)
          ? `named like an id, ${fmt(distinct)} distinct values in ${fmt(n)} rows → id, ignored`
          : `consecutive integers ${nums[0]}…${nums[n - 1]} → a row number, ignored`,
      };
    return {
      ...base,
      role: 'numeric',
      evidence: `numbers${integers ? ` (integers, ${fmt(distinct)} distinct)` : ` (${fmt(distinct)} distinct)`} → numeric feature`,
    };
  }
  const strs = present.map(String);
  // Timestamps written as text that the time parser reads (YYYY-MM, ISO 8601 …).
  const sample = strs.slice(0, 200);
  if (sample.length && sample.every((s) => parseTime(s) !== null))
    return {
      ...base,
      role: 'date',
      evidence: `text that parses as timestamps (e.g. "${sample[0]}") → datetime`,
    };
  // Ids written as text (`00042`, `spam_0042`, hashes): a row's name, not a measurement, even when
  // they repeat (a corpus of several folders numbered alike). As a learned embedding they fitted the
  // training rows, and predict then asked new rows for an id.
  if (
    (ID_NAMES.test(name) && distinct > present.length / 4) ||
    ((KEY_NAMES.test(name) || CAMEL_ID.test(name)) && distinct > present.length / 2)
  )
    return {
      ...base,
      role: 'id',
      evidence: `named like an id, ${fmt(distinct)} distinct strings in ${fmt(present.length)} rows → id, ignored`,
    };
  const meanLength = strs.reduce((a, s) => a + s.length, 0) / strs.length;
  const meanWords = strs.reduce((a, s) => a + s.split(/\s+/).filter(Boolean).length, 0) / strs.length;
  const script = distinct > present.length / 2 ? unspacedScript(strs.slice(0, 500)) : undefined;
  if ((meanWords >= 6 && distinct > present.length / 2) || script)
    return {
      ...base,
      role: 'text',
      evidence: `${fmt(distinct)} distinct strings, ${Math.round(meanLength)} characters${script ? ` of ${script} script` : `, ${meanWords.toFixed(1)} words`} on average → text`,
    };
  if (distinct === present.length && present.length > 20)
    return {
      ...base,
      role: 'id',
      evidence: `every one of the ${fmt(distinct)} short strings is different → an id, ignored`,
    };
  return {
    ...base,
    role: 'categorical',
    evidence: `${fmt(distinct)} distinct strings in ${fmt(n)} rows → categorical${distinct > 32 ? EMBEDDED : ''}`,
  };
}

/** The usual step between sorted timestamps, how many steps are missing and how many rows repeat one. */
/** A time index's steps: the usual step's name (monthly, daily, hourly …), gaps and repeated timestamps counted; steps a day when a step under an hour divides the day. */
interface Steps {
  name: string;
  gaps: number;
  duplicates?: number;
  perDay?: number;
}

function timeSteps(dates: Date[]): (Required<Omit<Steps, 'perDay'>> & Steps) | null {
  for (let i = 1; i < dates.length; i++) if (dates[i]! < dates[i - 1]!) return null;
  // Repeats of the row before (a clock set back, a day exported twice) are counted, not fatal: at
  // most 1% of the rows, so that a table of many rows per day is not read as a series.
  const all = dates.length;
  dates = dates.filter((d, i) => i === 0 || d.getTime() !== dates[i - 1]!.getTime());
  const duplicates = all - dates.length;
  if (dates.length < 3 || duplicates > all / 100) return null;
  const axis = timeAxis(dates);
  const diffs = dates.slice(1).map((d, i) => timePosition(axis, d) - timePosition(axis, dates[i]!));
  const counts = new Map<number, number>();
  for (const s of diffs) counts.set(s, (counts.get(s) ?? 0) + 1);
  const step = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  if (counts.get(step)! < diffs.length * 0.9) return null;
  const gaps = diffs.reduce((a, s) => a + (s % step === 0 ? s / step - 1 : 1), 0);
  const perDay = stepsPerDay({ unit: axis, step });
  return { name: frequencyName(axis, step), gaps, duplicates, ...(perDay ? { perDay } : {}) };
}

/** 'an hourly time index', 'a time index every 10 minutes'. */
const timeIndex = (name: string): string =>
  name.startsWith('every ')
    ? `a time index ${name}`
    : `${/^(hourly|half|[aeiou])/.test(name) ? 'an' : 'a'} ${name} time index`;

/** Why sorted-looking dates are no time index: the first repeated or backward step, with its rows. */
function whyIrregular(dates: Date[]): string {
  const iso = (d: Date): string => d.toISOString().replace(':00.000Z', '').replace('T00:00', '');
  const repeats = dates.filter((d, i) => i > 0 && d.getTime() === dates[i - 1]!.getTime()).length;
  const back = dates.findIndex((d, i) => i > 0 && d < dates[i - 1]!);
  const first = dates.findIndex((d, i) => i > 0 && d.getTime() === dates[i - 1]!.getTime());
  if (back > 0 && (first < 0 || back < first))
    return ` (rows ${back} and ${back + 1} go back in time, ${iso(dates[back - 1]!)} then ${iso(dates[back]!)}; sort the rows by time to forecast it)`;
  if (first > 0)
    return ` (rows ${first} and ${first + 1} both hold ${iso(dates[first]!)}, ${repeats} repeated time(s) in all; remove or aggregate them to forecast it)`;
  return ' (its steps vary too much to name a frequency)';
}

const PERIOD_NAMES: Record<ResampleUnit, string> = {
  minute: 'minutely',
  hour: 'hourly',
  day: 'daily',
  week: 'weekly',
  month: 'monthly',
  quarter: 'quarterly',
  year: 'yearly',
};

/**
 * The period to gather rows at irregular times into: a day when there are at least 8 weeks of them
 * and one every other day on average, an hour for a few days of busier rows, a week over two
 * years; none for rows out of order (a table, not a log), or when fewer than a quarter of the periods
 * would hold a row: vega's cars.json has 406 cars at 13 model years, which made 627 weeks, 614 empty
 * (a table with a year column, as the Keras fuel-efficiency tutorial reads it).
 */
function eventPeriod(dates: Date[]): ResampleUnit | undefined {
  for (let i = 1; i < dates.length; i++) if (dates[i]! < dates[i - 1]!) return undefined;
  const days = (dates[dates.length - 1]!.getTime() - dates[0]!.getTime()) / 86_400_000;
  const n = dates.length;
  const unit: ResampleUnit | undefined =
    days >= 56 && n / days >= 0.5
      ? 'day'
      : days >= 3 && n / (days * 24) >= 0.5
        ? 'hour'
        : days >= 2 * 365
          ? 'week'
          : undefined;
  if (!unit) return undefined;
  const ms = { day: 86_400_000, hour: 3_600_000, week: 7 * 86_400_000 }[unit as 'day' | 'hour' | 'week'];
  const t0 = dates[0]!.getTime();
  const filled = new Set(dates.map((d) => Math.floor((d.getTime() - t0) / ms))).size;
  return filled >= 0.25 * (Math.floor((dates[n - 1]!.getTime() - t0) / ms) + 1) ? unit : undefined;
}

/**
 * Series with a row only for the periods something happened (deaths per year and kind of disaster in
 * Our World in Data's table, which vega's disasters.csv is: Drought has 39 of its 116 years): the
 * period, when every series is in time order, their closest rows are a whole year, quarter, month,
 * week, day or hour apart, and at least a quarter of the periods from each series' first row to its
 * last hold one. Undefined otherwise.
 */
function sparseUnit(series: readonly Date[][]): ResampleUnit | undefined {
  if (series.filter((d) => d.length >= 3).length < 2) return undefined;
  if (series.some((d) => d.some((t, i) => i > 0 && t <= d[i - 1]!))) return undefined;
  const axis = timeAxis(series.flat());
  const gaps = series.flatMap((d) =>
    d.slice(1).map((t, i) => timePosition(axis, t) - timePosition(axis, d[i]!)),
  );
  const step = Math.min(...gaps);
  const months = axis === 'month' || axis === 'monthEnd';
  const unit: ResampleUnit | undefined = months
    ? ({ 12: 'year', 3: 'quarter', 1: 'month' } as Record<number, ResampleUnit>)[step]
    : axis === 'ms'
      ? ({ [7 * 86_400_000]: 'week', 86_400_000: 'day', 3_600_000: 'hour' } as Record<number, ResampleUnit>)[
          step
        ]
      : undefined;
  if (!unit) return undefined;
  const periods = series.reduce(
    (a, d) => a + (timePosition(axis, d[d.length - 1]!) - timePosition(axis, d[0]!)) / step + 1,
    0,
  );
  return series.reduce((a, d) => a + d.length, 0) >= 0.25 * periods ? unit : undefined;
}

/** The fixed steps loggers and sensors are set to, in minutes: 1–30 minutes, 1–12 hours, a day, a week. */
const GRID_MINUTES = [1, 2, 3, 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440, 10080];

/**
 * Readings meant to be a fixed step apart whose timestamps wander (a logger's clock, a cron job's
 * start time): the step, when the median gap is within 10% of one of GRID_MINUTES, 95% of the rows
 * lie within a quarter step of the grid through them (nearestMarks), and at most 5% of the marks are
 * taken twice. Rows out of order, a timestamp repeated, or fewer than 24 rows: not one series' readings.
 */
/** Readings off a regular grid: the step (as data.resample writes it, and in ms), how far 95% of them wander (ms), marks without one. */
interface Jitter {
  every: ResampleEvery;
  ms: number;
  wander: number;
  empty: number;
}

function jitteredStep(dates: Date[]): Jitter | undefined {
  if (dates.length < 24) return undefined;
  const times = dates.map((d) => d.getTime());
  for (let i = 1; i < times.length; i++) if (times[i]! < times[i - 1]!) return undefined;
  const gaps = times
    .slice(1)
    .map((t, i) => t - times[i]!)
    .sort((a, b) => a - b);
  // A repeated timestamp is a table's rows or a period exported twice, not a reading off its mark.
  if (gaps[0] === 0) return undefined;
  const median = gaps[Math.floor(gaps.length / 2)]!;
  const minutes = GRID_MINUTES.find((m) => Math.abs(median - m * 60_000) <= 0.1 * m * 60_000);
  if (!minutes) return undefined;
  const ms = minutes * 60_000;
  const marks = nearestMarks(times, ms);
  const off = times.map((t, i) => Math.abs(t - marks[i]!)).sort((a, b) => a - b);
  const repeats = marks.filter((m, i) => i > 0 && m === marks[i - 1]).length;
  if (off[Math.ceil(0.95 * off.length) - 1]! > ms / 4 || repeats > 0.05 * times.length) return undefined;
  const every: ResampleEvery =
    minutes % 1440 === 0 ? `${minutes / 1440}d` : minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}min`;
  const span = (marks[marks.length - 1]! - marks[0]!) / ms + 1;
  return { every, ms, wander: off[Math.ceil(0.95 * off.length) - 1]!, empty: span - new Set(marks).size };
}

/** The steps of readings taken at their nearest marks: a mark without one is a gap to fill. */
function jitterSteps(j: Jitter): Steps {
  const perDay = stepsPerDay({ unit: 'ms', step: j.ms });
  return { name: frequencyName('ms', j.ms), gaps: j.empty, ...(perDay ? { perDay } : {}) };
}

/** What init says of readings that wander (within each series of a panel, when given). */
function jitterNote(time: string, j: Jitter, panel?: { id: string; lengths: number[] }): string {
  const wander =
    j.wander >= 60_000 ? `${Math.round(j.wander / 60_000)} min` : `${Math.round(j.wander / 1000)} s`;
  return `column '${time}' holds readings ${stepText(j.ms, 'ms')} apart${panel ? ` within each '${panel.id}' (${panel.lengths.length} series of ${Math.min(...panel.lengths)}–${Math.max(...panel.lengths)} readings)` : ''} whose timestamps wander (95% within ${wander} of a regular grid): each taken at its nearest mark (data.resample: { every: ${j.every}, align: nearest }), ${panel ? 'panel data' : 'a regular series'}${j.empty ? ` with ${j.empty} mark(s) without a reading to fill` : ''}`;
}

/** Names of amounts and counts: sums over a period, never below 0 when their values are not. */
export const AMOUNT_NAMES =
  /amount|sales|revenue|qty|quantity|units|count|total|spend|volume|orders|visits|clicks|sold|turnover|umsatz|montant|deaths|fatalities|casualties|injuries|cases|births|accidents|incidents|crimes|arrivals|bookings|downloads|rentals|rides|trips/i;

/** Totals for amounts and counts (never negative, named so), the mean for measurements. */
function aggregation(frame: Frame, value: string): ResampleHow {
  const v = frame.numeric(value);
  return AMOUNT_NAMES.test(value) && v.every((x) => Number.isNaN(x) || x >= 0) ? 'sum' : 'mean';
}

export function datesOf(frame: Frame, time: string | string[]): Date[] | null {
  if (Array.isArray(time)) return timesFromParts(frame, time, 'data.time');
  const col = frame.column(time) as ArrayLike<unknown>;
  const out: Date[] = [];
  for (let i = 0; i < col.length; i++) {
    const d = parseTime(col[i]);
    if (!d) return null;
    out.push(d);
  }
  return out;
}

/**
 * Panel data in long form (`store, date, sales`): a categorical column whose every level has a regular
 * time index of one frequency. The first such column (fewest levels first) names the series.
 */
function panelOf(
  frame: Frame,
  columns: ColumnRole[],
  dates: Date[],
):
  | {
      id: string;
      /** An id joined from two columns: the columns. */
      parts?: [string, string];
      rows: number[][];
      frequency: Steps;
      /** Each series' readings wander off one grid: the step, as jitteredStep gives it for the whole panel. */
      jitter?: Jitter;
      /** A row only for the periods that have one (sparseUnit): the period to gather each series into. */
      every?: ResampleUnit;
    }
  | undefined {
  const candidates = columns
    .filter((c) => c.role === 'categorical' || (c.role === 'numeric' && c.distinct <= 1000))
    .filter((c) => c.distinct >= 2 && c.distinct <= frame.nRows / 3 && c.missing === 0)
    .sort((a, b) => a.distinct - b.distinct);
  for (const c of candidates) {
    const col = frame.column(c.name) as ArrayLike<unknown>;
    const groups = new Map<string, number[]>();
    for (let i = 0; i < frame.nRows; i++) {
      const k = String(col[i]);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = []));
      g.push(i);
    }
    const rows = [...groups.values()];
    const steps = rows.map((r) => timeSteps(r.map((i) => dates[i]!)));
    const name = steps[0]?.name;
    if (name && steps.every((st) => st?.name === name)) {
      const sum = (k: 'gaps' | 'duplicates'): number => steps.reduce((a, st) => a + st![k], 0);
      const perDay = steps[0]!.perDay;
      return {
        id: c.name,
        rows,
        frequency: { name, gaps: sum('gaps'), duplicates: sum('duplicates'), ...(perDay ? { perDay } : {}) },
      };
    }
    // Sensors that each log every 10 minutes, give or take seconds: one step for all, each reading
    // taken at its nearest mark (per series).
    const jitters = rows.map((r) => jitteredStep(r.map((i) => dates[i]!)));
    const first = jitters[0];
    if (first && jitters.every((j) => j?.every === first.every)) {
      const jitter: Jitter = {
        ...first,
        wander: Math.max(...jitters.map((j) => j!.wander)),
        empty: jitters.reduce((a, j) => a + j!.empty, 0),
      };
      return { id: c.name, rows, frequency: jitterSteps(jitter), jitter };
    }
    // Blocks of series (the file goes back in time between them) with rows only for some periods.
    const inOrder = dates.every((d, i) => i === 0 || d >= dates[i - 1]!);
    const every = inOrder ? undefined : sparseUnit(rows.map((r) => r.map((i) => dates[i]!)));
    if (every)
      return { id: c.name, rows, frequency: { name: PERIOD_NAMES[every], gaps: 0, duplicates: 0 }, every };
  }
  // No one column names the series, but a pair does (a store and a product family): the id joined
  // from both (data.seriesId: [store_nbr, family]).
  const pair = keyPair(frame, columns, dates, new Set(dates.map((d) => d.getTime())).size);
  if (pair) {
    const ids = seriesIdValues(frame, pair.join('/'))!;
    const groups = new Map<unknown, number[]>();
    for (let i = 0; i < frame.nRows; i++) {
      const g = groups.get(ids[i]);
      if (g) g.push(i);
      else groups.set(ids[i], [i]);
    }
    const rows = [...groups.values()];
    const st = timeSteps(rows[0]!.map((i) => dates[i]!));
    if (st)
      return { id: pair.join('/'), parts: pair, rows, frequency: { ...st, gaps: st.gaps * rows.length } };
  }
  return undefined;
}

/**
 * Two columns whose pairs of values each come once at every timestamp (a store and a product family:
 * rows = timestamps × pairs), or undefined. Candidates as panelOf's.
 */
function keyPair(
  frame: Frame,
  columns: ColumnRole[],
  dates: Date[],
  stamps: number,
): [string, string] | undefined {
  // Every timestamp k times, once per pair: k pairs, more than either column has values alone.
  const k = frame.nRows / stamps;
  if (!Number.isInteger(k) || k < 4) return undefined;
  const cands = columns.filter(
    (c) =>
      (c.role === 'categorical' || (c.role === 'numeric' && c.distinct <= 1000)) &&
      c.distinct >= 2 &&
      c.distinct < k &&
      c.missing === 0,
  );
  for (let a = 0; a < cands.length; a++)
    for (let b = a + 1; b < cands.length; b++) {
      if (cands[a]!.distinct * cands[b]!.distinct < k) continue;
      const [x, y] = [frame.column(cands[a]!.name), frame.column(cands[b]!.name)] as ArrayLike<unknown>[];
      const seen = new Set<string>();
      const pairs = new Set<string>();
      let fits = true;
      for (let i = 0; i < frame.nRows && fits; i++) {
        const pair = `${String(x![i])}\u0000${String(y![i])}`;
        pairs.add(pair);
        const key = `${dates[i]!.getTime()}\u0000${pair}`;
        fits = !seen.has(key) && pairs.size <= k;
        seen.add(key);
      }
      if (fits && pairs.size === k) return [cands[a]!.name, cands[b]!.name];
    }
  return undefined;
}

/** The mean number of whitespace-separated words of a column's values. */
/**
 * Short texts beside the label alone (`"works great", 1`; `"do not buy!", 0`): a column of a few words a
 * row, at least 50 distinct strings, 60% of whose words recur in other strings, where every other
 * column is an id, a constant or the label. Read as a category, a string seen once in training is "other" in the test
 * part; as text, its words carry over. Beside other features the column stays a category (a name
 * beside a passenger's class and fare is not a review).
 */
function textAlone(
  frame: Frame,
  columns: ColumnRole[],
  label: string | undefined,
): { column: ColumnRole; evidence: string } | undefined {
  const inputs = columns.filter((c) => c.role !== 'id' && c.role !== 'constant');
  if (inputs.length !== 2 || columns.some((c) => c.role === 'text')) return undefined;
  if (label && !inputs.some((c) => c.name === label)) return undefined;
  // Texts without spaces (Japanese, Chinese, Thai): their character pairs stand for words.
  const unspaced = (c: ColumnRole): boolean =>
    unspacedScript(Array.from(frame.column(c.name) as ArrayLike<unknown>, String).slice(0, 500)) !==
    undefined;
  const wordsOf = (t: string, pairs: boolean): string[] => {
    if (!pairs) return t.split(/\s+/).filter(Boolean);
    const chars = [...t];
    return chars.slice(1).map((c, i) => chars[i]! + c);
  };
  // Either of the two may be the text (ham/spam first in SMS files, the label last elsewhere).
  const column = inputs.find(
    (c) =>
      c.role === 'categorical' &&
      c.name !== label &&
      c.distinct >= 50 &&
      (meanWords(frame, c.name) >= 2 || unspaced(c)),
  );
  if (!column) return undefined;
  const words = meanWords(frame, column.name);
  const pairs = words < 2;
  // Words shared by several of the distinct strings carry over to new rows; a place's own name does not.
  const strings = new Set<string>();
  const col = frame.column(column.name) as ArrayLike<unknown>;
  for (let i = 0; i < col.length; i++) if (!isMissing(col[i])) strings.add(String(col[i]).toLowerCase());
  const inStrings = new Map<string, number>();
  const tokens = [...strings].map((t) => [...new Set(wordsOf(t, pairs))]);
  for (const ws of tokens) for (const w of ws) inStrings.set(w, (inStrings.get(w) ?? 0) + 1);
  const all = tokens.reduce((a, ws) => a + ws.length, 0);
  const shared = tokens.reduce((a, ws) => a + ws.filter((w) => inStrings.get(w)! >= 2).length, 0);
  if (shared < 0.6 * all) return undefined;
  return {
    column,
    evidence: pairs
      ? `${fmt(column.distinct)} distinct strings without spaces, ${Math.round((100 * shared) / all)}% of their character pairs shared with other strings, beside the label alone → text`
      : `${fmt(column.distinct)} distinct strings of ${words.toFixed(1)} words on average, ${Math.round((100 * shared) / all)}% of their words shared with other strings, beside the label alone → text`,
  };
}

function meanWords(frame: Frame, name: string): number {
  const col = frame.column(name) as ArrayLike<unknown>;
  let words = 0;
  let n = 0;
  for (let i = 0; i < col.length; i++) {
    if (isMissing(col[i])) continue;
    words += String(col[i]).split(/\s+/).filter(Boolean).length;
    n++;
  }
  return n ? words / n : 0;
}

/** String columns of short free text beside the text: 2.5 words or more on average, 80% distinct. */
function shortTexts(frame: Frame, columns: ColumnRole[], text: string): ColumnRole[] {
  return columns.filter(
    (c) =>
      c.name !== text &&
      (c.role === 'text' || c.role === 'id' || c.role === 'categorical') &&
      frame.dtype(c.name) === 'string' &&
      c.distinct > 0.8 * (frame.nRows - c.missing) &&
      meanWords(frame, c.name) >= 2.5,
  );
}

/**
 * Rows that read as steps of series in file order, though no column holds the time: at least 50
 * rows, every numeric column smooth from row to row (lag-1 autocorrelation ≥ 0.9, as exchange rates,
 * loads and sensor readings saved without their timestamps are; the rows of a table of cases, even
 * one sorted by a column, are not all so).
 */
function inRowOrder(frame: Frame, numeric: readonly ColumnRole[]): boolean {
  if (frame.nRows < 50 || numeric.length === 0) return false;
  return numeric.every((c) => {
    const v = Array.from(frame.numeric(c.name)).filter((x) => !Number.isNaN(x));
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    let c0 = 0;
    let c1 = 0;
    for (let t = 0; t < v.length; t++) {
      c0 += (v[t]! - m) ** 2;
      if (t > 0) c1 += (v[t]! - m) * (v[t - 1]! - m);
    }
    return c0 > 0 && c1 / c0 >= 0.9;
  });
}

/**
 * A label column whose cells are lists of labels: Python or JSON lists (`['cs.LG', 'cs.AI']`) or
 * labels joined by `|` (`Adventure|Comedy`): bracketed lists in at least 90% of the filled cells, or a
 * `|` in a fifth of them; a list of two or more in some. The number of distinct labels, and a cell as an example; else undefined.
 */
function labelLists(col: ArrayLike<unknown>): { items: number; combos: number; example: string } | undefined {
  const cells = Array.from(col).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  if (cells.length === 0) return undefined;
  const bracketed = cells.filter((v) => /^\s*\[.*\]\s*$/.test(v)).length >= 0.9 * cells.length;
  // Joined by |: a label alone has none, so some cells suffice (a fifth of them).
  if (!bracketed && cells.filter((v) => v.includes('|')).length < 0.2 * cells.length) return undefined;
  const lists = cells.map((v) => labelsInCell(v, LABEL_JOIN));
  const several = lists.findIndex((l) => l.length > 1);
  if (several < 0) return undefined;
  // Combinations as sets: 'Comedy|Drama' and 'Drama|Comedy' are one.
  const combos = new Set(lists.map((l) => [...new Set(l)].sort().join('\u0000'))).size;
  return { items: new Set(lists.flat()).size, combos, example: cells[several]! };
}

/** The options without --task: the first of several label columns is inferred as a label of its own. */
function withoutTask({ task: _task, ...rest }: InferOptions): InferOptions {
  return rest;
}

/**
 * The inference for several 0/1 label columns: `base` (inferred with the first as the label) with
 * every one of them a label, none a feature.
 */
function multiLabelColumns(
  base: Inference,
  frame: Frame,
  labels: string[],
  where: string,
  notes: string[],
): Inference {
  if (base.dataType !== 'table' && base.dataType !== 'text')
    throw new InferenceError(
      `${where}: several label columns make a multi-label model of a table or a text; this file reads as ${base.dataType === 'series' ? 'a series' : 'windows of a series'}`,
    );
  const labelCounts: Record<string, number> = {};
  for (const c of base.columns)
    if (labels.includes(c.name)) {
      c.role = 'label';
      const col = frame.column(c.name);
      let on = 0;
      for (let i = 0; i < col.length; i++) on += col[i] === 1 || col[i] === true ? 1 : 0;
      labelCounts[c.name] = on;
      c.evidence = `a label: on in ${fmt(on)} of ${fmt(frame.nRows)} rows`;
    }
  // The other label columns were beside the text when the first was the label: none is a feature.
  const side = base.side && {
    features: base.side.features.filter((c) => !labels.includes(c)),
    categorical: base.side.categorical.filter((c) => !labels.includes(c)),
  };
  return {
    ...base,
    side: side && (side.features.length || side.categorical.length) ? side : undefined,
    derived: base.derived?.filter((c) => !labels.includes(c)),
    task: 'multilabel',
    labelNames: labels,
    labelColumns: labels,
    labelCounts,
    notes: [...notes, ...base.notes.filter((n) => !n.startsWith('label ') && !n.startsWith('task '))],
  };
}

/**
 * How often a column's missing cells alone give the label, when that is nearly always (at least 99% of
 * rows, and more than the majority class does by 5 points): a column filled for one class only, as
 * Twitter's airline-sentiment file fills `negativereason` for negative tweets alone, or a churn table
 * its `reason` for churners. Such a column was written once the label was known; read as a feature it
 * would score what no new row can. (Values that decide the label are not looked at: a column that
 * truly decides it is a feature.)
 */
function givesLabel(frame: Frame, column: string, label: string): number | undefined {
  const col = frame.column(column) as ArrayLike<unknown>;
  const missing = (v: unknown): boolean =>
    v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
  return labelPurity(frame, label, (i) => missing(col[i]));
}

/**
 * How often a category's most common class is a row's class, when that is nearly always (99.5% of
 * the rows) and the column has few levels for its rows (20 rows a level or more): the column may name
 * the label by its values (a spam corpus' source folder, `spam` / `easy_ham` / `hard_ham`, beside
 * the label spam / ham), and the test figures then measure the column, not the model. It may also be
 * a rule the data follow (a ship's side deciding a passenger's fate), so it is said, not left out.
 */
function levelsGiveLabel(frame: Frame, column: string, label: string, levels: number): number | undefined {
  if (levels < 2 || levels > frame.nRows / 20) return undefined;
  const col = frame.column(column) as ArrayLike<unknown>;
  const rate = labelPurity(frame, label, (i) => String(col[i]));
  return rate !== undefined && rate >= 0.995 ? rate : undefined;
}

/**
 * The share of labelled rows whose class is the most common one of their group (`key`), when it is
 * at least 99% and 5 points above the majority class's share; undefined otherwise or for one group.
 */
function labelPurity(frame: Frame, label: string, key: (row: number) => unknown): number | undefined {
  const y = frame.column(label) as ArrayLike<unknown>;
  const groups = new Map<unknown, Map<string, number>>();
  const classes = new Map<string, number>();
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === null || y[i] === undefined) continue;
    const k = key(i);
    const c = String(y[i]);
    const m = groups.get(k) ?? new Map<string, number>();
    m.set(c, (m.get(c) ?? 0) + 1);
    groups.set(k, m);
    classes.set(c, (classes.get(c) ?? 0) + 1);
    n++;
  }
  if (n === 0 || groups.size < 2) return undefined;
  let hit = 0;
  for (const m of groups.values()) hit += Math.max(...m.values());
  const rate = hit / n;
  const majority = Math.max(...classes.values()) / n;
  return rate >= 0.99 && rate > majority + 0.05 ? rate : undefined;
}

/** Whether a column's name holds a label's word (airline_sentiment, yield_class, targetLabel). */
const labelWordIn = (name: string): boolean =>
  name
    .split(/[^\p{L}\p{N}]+|(?<=\p{Ll})(?=\p{Lu})/u)
    .some((w) => w.length > 1 && LABEL_NAMES.includes(w.toLowerCase()));

/** A numeric label that looks like class codes: few distinct integers. */
function looksLikeClasses(frame: Frame, r: ColumnRole): boolean {
  if (r.role === 'categorical' || r.role === 'boolean') return true;
  if (r.role !== 'numeric') return false;
  const col = frame.numeric(r.name);
  // More distinct integers than half the rows (17 of 20 jump counts) are a quantity: training refuses
  // them as classes (checkClassCount), so init must not write them as such.
  return (
    r.distinct <= 20 &&
    (r.distinct <= 2 || r.distinct <= frame.nRows / 2) &&
    col.every((v) => Number.isNaN(v) || Number.isInteger(v))
  );
}

/**
 * The cells that keep a mostly numeric column from being numbers (over 1% of them, so the reader kept
 * it text), with the first rows, for an error that asked for a number; undefined when most are not numbers.
 */
function notNumbers(col: ArrayLike<unknown>): string | undefined {
  const bad: [number, string][] = [];
  let filled = 0;
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) continue;
    filled++;
    if (typeof v === 'string' && parseNumber(v) === undefined) bad.push([i, v]);
  }
  if (!bad.length || bad.length > filled / 2) return undefined;
  return `${bad.length} of its ${filled} cells are no number (${bad
    .slice(0, 3)
    .map(([i, v]) => `data row ${i + 1}: ${JSON.stringify(v)}`)
    .join(
      ', ',
    )}${bad.length > 3 ? ', …' : ''}): correct them in the file, or blank them to leave those rows out`;
}

/** Names a Unix timestamp column goes by (`timestamp`, `ts`, `created_at`, `event_time`, …). */
const EPOCH_NAMES = /^(timestamp|time|ts|epoch|unix_?time|datetime|date)$|(_|\b)(ts|time|timestamp|at)$/i;
/** Names a date column goes by (`date`, `Date`, `order_date`, `day`). */
const DATE_NAMES = /^(date|day)$|(_|\b)(date|day)$/i;
/** Names a YYYYMM or YYYYMMDD column goes by besides those (`period`, `yyyymm`, `yearmonth`). */
const YYYYMM_NAMES = /^(period|yyyymm(dd)?|yearmonth|year_month|ym|ymd)$/i;

/**
 * How integers named like a timestamp or a date are time, when they all lie where parseTime reads
 * them: Unix time in seconds or milliseconds (2001–2286), spreadsheet day numbers (a CSV saved
 * from Excel with dates in the General format: 1954–2064), or dates and months written as YYYYMMDD
 * and YYYYMM (also under the names `period`, `yyyymm`, `yearmonth`). Else undefined.
 */
function epochUnit(name: string, nums: readonly number[]): string | undefined {
  if (nums.length === 0 || !nums.every(Number.isInteger)) return undefined;
  if (EPOCH_NAMES.test(name) && nums.every((v) => v >= 1e9 && v < 1e10)) return 'Unix time in seconds';
  if (EPOCH_NAMES.test(name) && nums.every((v) => v >= 1e12 && v < 1e13)) return 'Unix time in milliseconds';
  if (DATE_NAMES.test(name) && nums.every((v) => v >= 20000 && v < 60000)) return 'spreadsheet day numbers';
  const dateName = DATE_NAMES.test(name) || EPOCH_NAMES.test(name) || YYYYMM_NAMES.test(name);
  if (dateName && nums.every((v) => v >= 10000101 && v < 100000000 && parseTime(v)))
    return 'dates written YYYYMMDD';
  if (dateName && nums.every((v) => v >= 100001 && v < 1000000 && parseTime(v)))
    return 'months written YYYYMM';
  return undefined;
}

const TASKS = [
  'classification',
  'binary',
  'multiclass',
  'multilabel',
  'regression',
  'forecasting',
  'windows',
];

/** A 0/1 column: numbers 0 and 1 only, or booleans (blank cells aside). */
function onOffColumn(frame: Frame, c: ColumnRole): boolean {
  if (c.role === 'boolean') return true;
  if (c.role !== 'numeric' || c.distinct !== 2) return false;
  return frame.numeric(c.name).every((v) => Number.isNaN(v) || v === 0 || v === 1);
}

/**
 * Infers column roles, the label and the task.
 * @example
 * const inf = inferRoles(await readTable('iris.csv'), {});
 * inf.label // 'target'; inf.task // 'multiclass'
 */
export function inferRoles(frame: Frame, opts: InferOptions = {}): Inference {
  const where = opts.where ?? 'data';
  if (opts.task && !TASKS.includes(opts.task))
    throw new InferenceError(`--task ${opts.task}: expected one of ${TASKS.join(', ')}`);
  // --label toxic,obscene,insult: several 0/1 columns, one per label of a multi-label model.
  const several =
    opts.label?.includes(',') && !frame.columns.includes(opts.label)
      ? opts.label.split(',').map((c) => c.trim())
      : null;
  if (several) {
    for (const c of several)
      if (!frame.columns.includes(c)) throw missingColumnError(frame, c, 'label', where);
    return multiLabelColumns(
      inferRoles(frame, { ...withoutTask(opts), label: several[0]! }),
      frame,
      several,
      where,
      [`labels ${several.join(', ')}: a multi-label model (a sigmoid per label), as --label lists them`],
    );
  }
  // --time year,month,day: the columns a timestamp is built from, in that order.
  const timeParts =
    opts.time?.includes(',') && !frame.columns.includes(opts.time)
      ? opts.time.split(',').map((p) => p.trim())
      : undefined;
  for (const [flag, name] of [
    ['label', opts.label],
    ...(timeParts ?? [opts.time]).map((t) => ['time', t] as const),
    ['text', opts.text],
  ] as const)
    if (name !== undefined && !frame.columns.includes(name))
      throw missingColumnError(frame, name, flag, where);
  const columns = frame.columns.map((c) => columnRole(frame, c));
  const byName = new Map(columns.map((c) => [c.name, c]));
  const notes: string[] = [];

  // Text: the flag, else the one column that reads as text.
  let text = opts.text;
  const short = opts.text ? undefined : textAlone(frame, columns, opts.label);
  if (short) {
    short.column.role = 'text';
    short.column.evidence = short.evidence;
  }
  const texts = columns.filter((c) => c.role === 'text');
  if (!text && texts.length > 1 && opts.task !== 'regression')
    text = texts.reduce((a, b) => (meanWords(frame, b.name) > meanWords(frame, a.name) ? b : a)).name;
  text ??= texts[0]?.name;
  if (text) byName.get(text)!.role = 'text';
  // Short free texts beside the text (a title, a summary: several words, nearly all different) are
  // read with it. Alone they do not make a text task: a passenger's name is not a review.
  const joined =
    text && !opts.text ? shortTexts(frame, columns, text).filter((c) => c.name !== opts.label) : [];
  for (const c of joined) {
    c.role = 'text';
    c.evidence = `${fmt(c.distinct)} distinct short texts, ${meanWords(frame, c.name).toFixed(1)} words on average → text, joined with '${text}'`;
  }
  const textColumns = text ? columns.filter((c) => c.role === 'text').map((c) => c.name) : [];
  if (textColumns.length > 1)
    notes.push(
      `text columns ${textColumns.join(', ')}: joined into one input, a separator token between them (data.text: [${textColumns.join(', ')}])`,
    );

  // Time: the flag (it must parse), else a datetime column, else year/month/day… parts.
  let time: string | string[] | undefined = timeParts ?? opts.time;
  if (timeParts) {
    for (const p of timeParts) {
      const c = byName.get(p)!;
      if (frame.dtype(p) !== 'number' && timeParts.length !== 2)
        throw new InferenceError(
          `${where}: --time ${opts.time}: '${p}' holds ${c.role} values; the parts of a timestamp are whole numbers (year, month, day, hour, minute, second, in that order) or a date and a time of day`,
        );
      c.role = 'timePart';
      c.evidence = `named in --time → part of the timestamp`;
    }
  } else if (opts.time) {
    const col = frame.column(opts.time) as ArrayLike<unknown>;
    for (let i = 0; i < col.length; i++)
      if (parseTime(col[i]) === null)
        throw new InferenceError(
          `${where}: time column '${opts.time}', row ${i + 1}: ${JSON.stringify(String(col[i]))} is not a timestamp (formats tried: a date, YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DD hh:mm[:ss], ISO 8601, DD.MM.YYYY, MM/DD/YYYY, DD/MM/YYYY, YYYY/MM/DD)`,
        );
    byName.get(opts.time)!.role = 'time';
  } else {
    const dates = columns.filter((c) => c.role === 'date');
    const named = TIME_PARTS.filter((p) =>
      columns.some((c) => c.role === 'timePart' && timePartOf(c.name) === p),
    );
    // A quarter beside the month says nothing more (year, quarter, month): the month builds the date.
    // Without one, the year and the quarter are the timestamp (macrodata's quarterly rows).
    const parts = !named.includes('quarter')
      ? named
      : named.includes('month')
        ? named.filter((p) => p !== 'quarter')
        : named.filter((p) => p === 'year' || p === 'quarter');
    // Named like a time of day, not a duration (a run's "Moving Time" 1:02:33 is one).
    const clocks = columns.filter(
      (c) =>
        c.role === 'timePart' &&
        frame.dtype(c.name) === 'string' &&
        /time|hour|heure|zeit|hora|clock/i.test(c.name) &&
        !DURATION_NAMES.test(c.name),
    );
    // The hour of the day as a number beside a date (bike sharing's dteday and hr).
    const hours = columns.filter(
      (c) =>
        /^(hr|hour|hours|hour_of_day|hourofday|stunde|heure|hora)$/i.test(c.name) &&
        frame.dtype(c.name) === 'number' &&
        frame.numeric(c.name).every((h) => Number.isNaN(h) || (Number.isInteger(h) && h >= 0 && h <= 23)),
    );
    const clock =
      clocks.length === 1 ? clocks[0] : clocks.length === 0 && hours.length === 1 ? hours[0] : undefined;
    if (dates.length === 1 && clock) {
      // A date and a time of day in two columns (16/12/2006;17:24:00, or 2011-01-01 and hour 5): one
      // timestamp. Read apart, the time of day named 24 hourly "series" of a daily panel.
      time = [dates[0]!.name, clock.name];
      dates[0]!.role = 'timePart';
      dates[0]!.evidence = `${fmt(dates[0]!.distinct)} dates → with '${clock.name}', the timestamp`;
      if (clock.role !== 'timePart') {
        clock.role = 'timePart';
        clock.evidence = `hours of the day (0–23) named '${clock.name}' → with '${dates[0]!.name}', the timestamp`;
      }
    } else if (dates.length === 1) time = dates[0]!.name;
    else if (parts[0] === 'year' && parts.length >= 2)
      time = parts.map((p) => columns.find((c) => c.role === 'timePart' && timePartOf(c.name) === p)!.name);
    else if (parts.length === 1 && parts[0] === 'year' && !dates.length) {
      // A lone integer year (global temperatures, deaths per country and year): a yearly index when
      // the rows are in order, checked below like any time column.
      const year = columns.find((c) => c.name.toLowerCase() === 'year')!.name;
      if (frame.numeric(year).every((y) => y >= 1000 && y < 3000)) {
        time = year;
        byName.get(year)!.evidence =
          `${fmt(byName.get(year)!.distinct)} years named '${year}' → the time index`;
      }
    }
  }
  let frequency: Inference['frequency'];
  let panel: ReturnType<typeof panelOf>;
  let every: ResampleUnit | undefined;
  let jitter: Jitter | undefined;
  let timeNote: string | undefined;
  if (time) {
    const dates = datesOf(frame, time);
    const steps = dates ? timeSteps(dates) : null;
    if (steps) {
      frequency = steps;
      if (typeof time === 'string') byName.get(time)!.role = 'time';
      notes.push(
        `${Array.isArray(time) ? `columns ${time.join(', ')} form` : `column '${time}' is`} ${timeIndex(steps.name)} (rows in time order${steps.gaps ? `, ${steps.gaps} missing step(s) to fill` : ', no gaps'}${steps.duplicates ? `, ${steps.duplicates} repeated timestamp(s) to merge` : ''})`,
      );
    } else if (dates && typeof time === 'string' && (panel = panelOf(frame, columns, dates))) {
      frequency = panel.frequency;
      byName.get(time)!.role = 'time';
      for (const id of panel.parts ?? [panel.id]) {
        byName.get(id)!.role = 'seriesId';
        byName.get(id)!.evidence = panel.parts
          ? `with '${panel.parts.find((p) => p !== id)}', names ${panel.rows.length} series (every pair of their values is one) → one global model over all of them`
          : `names ${panel.rows.length} series → one global model over all of them`;
      }
      const lengths = panel.rows.map((r) => r.length);
      jitter = panel.jitter;
      every = panel.every;
      notes.push(
        jitter
          ? jitterNote(time, jitter, { id: panel.id, lengths })
          : every
            ? `column '${time}' runs in time order within each '${panel.id}' (${panel.rows.length} series of ${Math.min(...lengths)}–${Math.max(...lengths)} rows), with a row only for the ${every}s that have one: each series gathered into ${PERIOD_NAMES[every]} periods (data.resample), panel data`
            : `column '${time}' is ${timeIndex(panel.frequency.name)} within each '${panel.id}' (${panel.rows.length} series of ${Math.min(...lengths)}–${Math.max(...lengths)} steps${panel.frequency.gaps ? `, ${panel.frequency.gaps} missing step(s) to fill` : ''}${panel.frequency.duplicates ? `, ${panel.frequency.duplicates} repeated timestamp(s) to merge` : ''}): panel data`,
      );
    } else if (dates && typeof time === 'string' && !text && (jitter = jitteredStep(dates))) {
      // Readings a fixed step apart give or take some seconds: each on its nearest mark (gathered into
      // periods cut at 00:10, 00:09:58 and 00:10:03 would fall apart and leave a period empty).
      frequency = jitterSteps(jitter);
      byName.get(time)!.role = 'time';
      notes.push(jitterNote(time, jitter));
    } else if (dates && typeof time === 'string' && !text && (every = eventPeriod(dates))) {
      frequency = { name: PERIOD_NAMES[every], gaps: 0 };
      byName.get(time)!.role = 'time';
      const days = (dates[dates.length - 1]!.getTime() - dates[0]!.getTime()) / 86_400_000;
      // A column that could name series (a store, a product): summed over here, said so.
      const groups = columns.filter((c) => c.role === 'categorical' && c.distinct <= 50).map((c) => c.name);
      // Each timestamp repeated once per combination of two columns (Kaggle's store sales: a store and a
      // product family): series named by the pair, which data.seriesId (one column) cannot name.
      const stamps = new Set(dates.map((d) => d.getTime())).size;
      const pair = keyPair(frame, columns, dates, stamps);
      notes.push(
        `column '${time}' holds ${fmt(dates.length)} rows at irregular times over ${fmt(Math.round(days))} days (events, transactions): gathered into ${PERIOD_NAMES[every]} periods (data.resample), a regular series to forecast` +
          (pair
            ? `; but each timestamp comes once for every pair of '${pair[0]}' and '${pair[1]}' (${fmt(dates.length / stamps)} rows a time): one series per pair, summed here, as each pair's times have no regular step. To forecast each pair, set data.seriesId: [${pair[0]}, ${pair[1]}] with data.resample`
            : groups.length
              ? `; the periods gather every ${groups.map((g) => `'${g}'`).join(' and ')} together (set data.seriesId: ${groups[0]} to forecast each ${groups[0]} on its own)`
              : ''),
      );
    } else if (opts.time) {
      throw new InferenceError(
        `${where}: time column '${opts.time}' is not in time order with a regular step; sort the rows by time, or leave --time out to treat the rows as a table`,
      );
    } else {
      if (typeof time === 'string') {
        timeNote = `column '${time}' holds dates but not a regular time index${dates ? whyIrregular(dates) : ''}: treated as a table column`;
        notes.push(timeNote);
      }
      time = undefined;
    }
  }
  // How the rows become a regular series: readings on their nearest marks, or events gathered into
  // periods; totals for amounts (a sale a day at varying hours), means for measurements.
  const resampleOf = (value: string): { resample?: Resample } =>
    jitter
      ? { resample: { every: jitter.every, how: aggregation(frame, value), align: 'nearest' } }
      : every
        ? { resample: { every, how: aggregation(frame, value) } }
        : {};
  // Time parts not used as a time index are ordinary numbers.
  for (const c of columns)
    if (c.role === 'timePart' && !(Array.isArray(time) && time.includes(c.name))) {
      if (frame.dtype(c.name) === 'string') {
        c.role = 'categorical'; // a time of day (or a duration) not joined to a date
        c.evidence = `${fmt(c.distinct)} times of day, not joined to a date column → categorical`;
        continue;
      }
      if (frame.dtype(c.name) === 'date') {
        c.role = 'date'; // its time of day did not make a time index with it
        c.evidence = `${fmt(c.distinct)} dates → datetime`;
        continue;
      }
      c.role = c.distinct <= 1 ? 'constant' : 'numeric';
      c.evidence =
        c.distinct <= 1
          ? `one value in ${fmt(frame.nRows)} rows → constant, dropped`
          : `integers (${fmt(c.distinct)} distinct) → numeric feature`;
    }

  // The label: the flag, a conventional name, the one class-like column beside a text, the last column of a header-less file.
  let label = opts.label;
  if (!label) {
    const named = columns.filter((c) => LABEL_NAMES.includes(c.name.toLowerCase()) && c.role !== 'constant');
    const headerless = frame.columns.every(
      (c, j) => c === `col${j}` || (c === 'target' && j === frame.columns.length - 1),
    );
    // Several label names (churned beside income): the one that holds classes when the others hold
    // measurements — a user asking for a regression on the other says --label.
    const classLike = named.filter((c) => looksLikeClasses(frame, c));
    if (named.length === 1) {
      label = named[0]!.name;
      notes.push(`label '${label}': the one column named like a label`);
    } else if (named.length > 1 && classLike.length === 1) {
      label = classLike[0]!.name;
      const others = named.filter((c) => c !== classLike[0]);
      notes.push(
        `label '${label}': named like a label and holds classes; ${others.map((c) => `'${c.name}' (${fmt(c.distinct)} distinct values)`).join(', ')} ${others.length === 1 ? "also has a label's name but is read as a feature" : "also have a label's name but are read as features"} (--label ${shellWord(others[0]!.name)} to predict it instead)`,
      );
    } else if (
      named.length > 1 &&
      named.filter((c) => GENERIC_LABELS.includes(c.name.toLowerCase())).length === 1
    ) {
      // IMDB's label beside its rating: the column named label (target, class …) itself.
      const chosen = named.find((c) => GENERIC_LABELS.includes(c.name.toLowerCase()))!;
      label = chosen.name;
      const others = named.filter((c) => c !== chosen).map((c) => `'${c.name}'`);
      notes.push(
        `label '${label}': of the columns named like a label (${named.map((c) => c.name).join(', ')}), the one named as labels are; ${others.join(', ')} ${text ? 'not read (it may be derived from the label; list it in data.features to read it beside the text)' : 'read as a feature: if it is derived from the label (a rating beside a sentiment), leave it out with data.features'} (--label ${shellWord(others[0]!.slice(1, -1))} to predict it instead)`,
      );
    } else if (named.length > 1) {
      throw new InferenceError(
        `${where}: ${named.length} columns could be the label (${named.map((c) => c.name).join(', ')}); say which with --label`,
      );
    } else if (text) {
      // A label is there in (nearly) every row: not spam.csv's trailing column, blank in 99% of them.
      const cands = columns.filter(
        (c) => c.role !== 'text' && looksLikeClasses(frame, c) && c.missing < frame.nRows / 2,
      );
      // A user name or a timestamp string beside a tweet is categorical too, with hundreds of levels:
      // when one candidate alone has a label's handful of classes, it is the label.
      const few = cands.filter((c) => c.distinct <= 20);
      // airline_sentiment beside airline (Twitter US Airline Sentiment), review_label, news_category.
      const wordNamed = cands.filter((c) => labelWordIn(c.name));
      // Jigsaw's toxic, severe_toxic, obscene … beside the comment: a 0/1 column per label.
      const onOff = cands.filter((c) => onOffColumn(frame, c));
      if (
        cands.length > 1 &&
        onOff.length === cands.length &&
        wordNamed.length !== 1 &&
        opts.task !== 'multiclass'
      )
        return multiLabelColumns(
          inferRoles(frame, { ...withoutTask(opts), text, label: onOff[0]!.name }),
          frame,
          onOff.map((c) => c.name),
          where,
          [
            `labels ${onOff.map((c) => c.name).join(', ')}: the 0/1 columns beside the text '${text}', each a label of its own (multi-label: a sigmoid per label; --label NAME to learn one of them alone)`,
          ],
        );
      if (cands.length === 1) {
        label = cands[0]!.name;
        notes.push(`label '${label}': the only class-like column beside the text '${text}'`);
      } else if (wordNamed.length === 1) {
        label = wordNamed[0]!.name;
        notes.push(
          `label '${label}': of the class-like columns beside the text '${text}' (${cands.map((c) => c.name).join(', ')}), the one with a label's word in its name (say --label otherwise)`,
        );
      } else if (few.length === 1) {
        label = few[0]!.name;
        const others = cands.filter((c) => c !== few[0]);
        notes.push(
          `label '${label}': the only column beside the text '${text}' with a few classes (${few[0]!.distinct}); ${others.map((c) => `'${c.name}' (${fmt(c.distinct)} values)`).join(', ')} too many to be the label (say --label otherwise)`,
        );
      } else
        throw new InferenceError(
          `${where}: which column is the label for the text '${text}'? ${cands.length ? `Candidates: ${cands.map((c) => c.name).join(', ')}` : 'No column looks like classes'}; say which with --label`,
        );
    } else if (headerless) {
      const last = columns[columns.length - 1]!;
      if (looksLikeClasses(frame, last)) {
        label = last.name;
        notes.push(
          `label '${label}': the last column of a file without a header row, ${last.distinct} distinct ${last.role === 'numeric' ? 'integers' : 'values'} (say --label otherwise)`,
        );
      }
    } else {
      // yield_class, target_label, fraudFlag… : the one class-like column with a label's word in its name.
      const wordNamed = columns.filter((c) => looksLikeClasses(frame, c) && labelWordIn(c.name));
      // tags, genres: the one column whose cells list labels (Action|Comedy, ['cs.LG', 'cs.AI']).
      const listed = columns.filter(
        (c) => (c.role === 'categorical' || c.role === 'text') && labelLists(frame.column(c.name)),
      );
      if (wordNamed.length === 1) {
        label = wordNamed[0]!.name;
        notes.push(
          `label '${label}': the one class-like column with a label's word in its name (say --label otherwise)`,
        );
      } else if (listed.length === 1 && opts.task !== 'regression') {
        label = listed[0]!.name;
        notes.push(`label '${label}': the one column that lists labels in its cells (say --label otherwise)`);
      }
    }
  }
  const nums = columns.filter((c) => c.role === 'numeric');
  // An event log (orders, visits, log lines) without a column of numbers: the rows in each period
  // are the series (pandas' `resample('D').size()`).
  if (!label && every && !panel && nums.length === 0 && !frame.columns.includes(ROW_COUNT)) {
    notes.push(
      `forecasting the number of rows in each ${every} ('${ROW_COUNT}'): no column holds numbers to forecast (data.resample how: count)`,
    );
    return {
      nRows: frame.nRows,
      columns,
      task: 'forecasting',
      dataType: 'series',
      value: ROW_COUNT,
      time: time as string,
      resample: { every, how: 'count' },
      frequency: frequency!,
      notes,
    };
  }
  if (!label && time && nums.length === 0)
    throw new InferenceError(
      `${where}: a time index but no column of numbers to forecast (${frame.columns.map((c) => `${c}: ${byName.get(c)!.role}`).join(', ')}); to classify each step by a category, say which with --label. (A column of numbers with over 1% of its cells no number is read as text: correct those cells.)`,
    );
  if (!label && time) {
    if (nums.length === 1) {
      const value = nums[0]!.name;
      byName.get(value)!.role = 'label';
      notes.push(`forecasting '${value}': the only numeric column beside the time index`);
      return {
        nRows: frame.nRows,
        columns,
        task: 'forecasting',
        dataType: 'series',
        value,
        time,
        ...resampleOf(value),
        ...(frequency ? { frequency } : {}),
        ...(panel ? { seriesId: panel.parts ?? panel.id, seriesRows: panel.rows } : {}),
        notes,
      };
    }
    // Prices as markets publish them (Open, High, Low beside Close, Adj Close or Price): the close.
    const names = nums.map((c) => c.name);
    const lower = names.map((c) => c.toLowerCase());
    const close = ['close', 'close/last', 'price', 'adj close', 'adj_close', 'last'].find((c) =>
      lower.includes(c),
    );
    if (close && ['open', 'high', 'low'].every((c) => lower.includes(c))) {
      label = names[lower.indexOf(close)]!;
      notes.push(
        `label '${label}': prices (${names.filter((c) => /^(open|high|low)$/i.test(c)).join(', ')} beside it), the closing one is forecast (say --label otherwise; the others can be its past covariates)`,
      );
    }
    // One amount among measurements and flags (Walmart's Weekly_Sales beside Holiday_Flag,
    // Temperature, CPI): the amount is what is forecast.
    const amounts = names.filter((c) => AMOUNT_NAMES.test(c));
    if (!label && amounts.length === 1) {
      label = amounts[0]!;
      notes.push(
        `label '${label}': the one numeric column named like an amount (sales, units, orders, visits …) beside ${names.filter((c) => c !== label).join(', ')}, which can be its covariates (say --label otherwise)`,
      );
    }
  }
  if (!label && time) {
    const names = nums.map((c) => c.name);
    // Categories beside the readings (an activity per accelerometer row, a wind direction) could be
    // the label of a windowed classification: named in the question.
    const classes = columns
      .filter((c) => (c.role === 'categorical' || c.role === 'boolean') && c.distinct <= 20)
      .map((c) => c.name);
    // store_A, store_B, AAPL, MSFT: one column per series of one kind (a "wide" table).
    const wide = `. To forecast several of them with one global model (a column per store, sensor or ticker), list them: --label ${shellWord(names.slice(0, 3).join(','))}`;
    throw new InferenceError(
      `${where}: a time index and ${nums.length} numeric columns (${names.join(', ')}): which one is to be predicted? Say which with --label (a number → forecasting, a category${classes.length ? ` such as ${classes.map((c) => `'${c}'`).join(', ')}` : ''} → windowed classification; for a forecast the config then lists the others as covariates to try, data.covariates.past)${wide}`,
    );
  }
  // No time column, but numbers in file order: a series saved without its dates (one value a line,
  // or LSTNet's exchange_rate.txt, a column per currency). The row number is the step.
  const rowOrder = !time && !text && inRowOrder(frame, nums);
  if (!label && !time && !text && (opts.task === 'forecasting' || !opts.task)) {
    const rest = columns.filter((c) => !['numeric', 'constant', 'id'].includes(c.role));
    if (nums.length === 1 && !rest.length && frame.nRows >= 20) {
      const value = nums[0]!.name;
      byName.get(value)!.role = 'label';
      notes.push(
        `forecasting '${value}': the one column of numbers, no time column: the rows in file order are the steps (say --task regression with --label to read them as a table)`,
      );
      return { nRows: frame.nRows, columns, task: 'forecasting', dataType: 'series', value, notes };
    }
  }
  // A column named like the label that holds one value (a sample of a file sorted by its label).
  const single = columns.find((c) => c.role === 'constant' && LABEL_NAMES.includes(c.name.toLowerCase()));
  if (!label && single)
    throw new InferenceError(
      `${where}: '${single.name}' is named like the label but holds ${single.distinct === 0 ? 'no values' : `one value (${JSON.stringify(String(Array.from(frame.column(single.name) as ArrayLike<unknown>).find((v) => v !== null && !Number.isNaN(v)) ?? ''))}) in all ${frame.nRows.toLocaleString('en-US')} rows`}: there is nothing to learn. Give rows of at least two classes (a file sorted by its label, cut at the top, holds one), or say which column to predict with --label`,
    );
  if (!label) {
    const cands = columns.filter((c) => looksLikeClasses(frame, c) && c.role !== 'id');
    const last = frame.columns[frame.columns.length - 1]!;
    const lastClassLike = cands.some((c) => c.name === last) ? last : undefined;
    // The last column holding numbers (Boston's medv, a price): where the target of a regression sits.
    const lastNumber =
      !lastClassLike && !rowOrder && byName.get(last)?.role === 'numeric'
        ? ` (the last column, where most exports keep the target, holds numbers: --label ${shellWord(last)} for a regression)`
        : '';
    const series =
      rowOrder || opts.task === 'forecasting'
        ? `. ${rowOrder ? `The rows read as series in file order (every numeric column moves smoothly from row to row)` : 'Forecasting without a time column reads the rows in file order'}: to forecast one of them, --label ${shellWord(nums[nums.length - 1]?.name ?? 'COLUMN')} (--task forecasting); the others can be its covariates`
        : '';
    throw new InferenceError(
      `${where}: no column is named like a label (${LABEL_NAMES.slice(0, 6).join(', ')} …); say which column to predict with --label${cands.length ? `. Class-like columns: ${cands.map((c) => c.name).join(', ')}` : ''}${lastClassLike ? ` (the last column, where Kaggle's and most exports keep the label: --label ${shellWord(lastClassLike)})` : lastNumber}. The columns are: ${frame.columns.join(', ')}${timeNote ? ` (${timeNote})` : ''}${series}`,
    );
  }
  const lab = byName.get(label)!;
  if (lab.role === 'constant' || lab.distinct < 2)
    throw new InferenceError(
      `${where}: label column '${label}' has ${lab.distinct === 0 ? 'no values' : 'one class only'}; there is nothing to learn — check the file or choose another --label`,
    );
  const labelRole = lab.role;
  lab.role = 'label';
  if (text === label) throw new InferenceError(`${where}: '${label}' cannot be both the label and the text`);

  // The task.
  const classLike = looksLikeClasses(frame, { ...lab, role: labelRole });
  const wanted = opts.task;
  let regression = wanted === 'regression' || wanted === 'forecasting';
  if (!wanted) {
    regression = !classLike;
    notes.push(
      regression
        ? time || rowOrder
          ? `task forecasting: '${label}' holds ${fmt(lab.distinct)} distinct numbers ${time ? 'along the time index' : 'that move smoothly from row to row, as every numeric column does: the rows in file order are the steps'} (say --task regression to read the rows as a table)`
          : `task regression: the label holds ${fmt(lab.distinct)} distinct numbers (say --task classification otherwise)`
        : `task classification: the label has ${lab.distinct} classes${labelRole === 'numeric' ? ' (integer codes)' : ''}`,
    );
  } else if (!regression && lab.distinct > frame.nRows / 2)
    throw new InferenceError(
      `${where}: label '${label}' has ${fmt(lab.distinct)} distinct values in ${fmt(frame.nRows)} rows — too many classes for classification; if it is a quantity, use --task regression`,
    );
  if (regression && labelRole !== 'numeric')
    throw new InferenceError(
      wanted
        ? `${where}: ${wanted === 'forecasting' ? 'forecasting' : 'regression'} needs a numeric label, but '${label}' holds ${labelRole} values; ${notNumbers(frame.column(label)) ?? `drop --task ${wanted}`}`
        : `${where}: label '${label}' holds ${labelRole} values (${fmt(lab.distinct)} distinct), neither classes nor numbers to predict; ${opts.label ? 'name another column with --label' : 'say which column to predict with --label'}`,
    );
  // Lists of labels in one column (Keras's arXiv example: "['cs.LG', 'cs.AI']"; MovieLens' genres
  // "Adventure|Comedy"): each combination would be a class of its own.
  const tags = !regression && wanted !== 'multiclass' ? labelLists(frame.column(label)) : undefined;
  const multi = wanted === 'multilabel' || (tags !== undefined && tags.items < tags.combos);
  const counts = multi ? countLabels(frame.column(label)) : new Map<string, number>();
  const names = [...counts.keys()].sort();
  if (multi) {
    const said = notes.findIndex((n) => n.startsWith('task classification'));
    if (said >= 0) notes.splice(said, 1);
    if (names.length < 2)
      throw new InferenceError(
        `${where}: --task multilabel: label '${label}' names ${names.length} label(s); a multi-label model needs a column listing several (['a', 'b'], or a|b)`,
      );
    notes.push(
      `task multilabel: '${label}' lists each row's labels (${JSON.stringify(tags?.example ?? '')}): ${fmt(names.length)} labels in ${fmt(tags?.combos ?? lab.distinct)} combinations, a sigmoid per label (--task multiclass learns each combination as a class of its own)`,
    );
  }
  const classTask: InferredTask = multi ? 'multilabel' : lab.distinct === 2 ? 'binary' : 'multiclass';
  // A category whose every value goes with one class: what the column says, and that it is left out.
  const namesLabel = (c: ColumnRole): string | undefined => {
    if (c.role !== 'categorical' && c.role !== 'boolean') return undefined;
    const rate = levelsGiveLabel(frame, c.name, label, c.distinct);
    return rate === undefined
      ? undefined
      : ` (each of its ${c.distinct} values goes with one class in ${(rate * 100).toFixed(1)}% of rows: if it is written from the label or after it is known, the test figures measure the column, not the model; then leave it out of data.${c.role === 'categorical' ? 'categorical' : 'features'})`;
  };
  // Said beside the column and once more among the decisions, where a user reads the task.
  const warnNames = (c: ColumnRole): void => {
    const said = namesLabel(c);
    if (said === undefined) return;
    c.evidence += said;
    notes.push(
      `warning: '${c.name}' alone tells the label (${said.slice(2, said.indexOf(':'))}); check that it is known before the label is`,
    );
  };
  const common = {
    nRows: frame.nRows,
    columns,
    label,
    notes,
    ...(multi ? { labelNames: names, labelCounts: Object.fromEntries(counts) } : {}),
  };
  if (!time && wanted === 'forecasting' && text)
    throw new InferenceError(
      `${where}: --task forecasting with the text '${text}': forecasting reads numbers along a time column (--time)`,
    );
  if (wanted === 'forecasting' && !time)
    notes.push(`no time column: the rows in file order are the steps (--time names one)`);
  if (
    (time || rowOrder || wanted === 'forecasting') &&
    (wanted === 'forecasting' || (regression && wanted !== 'regression'))
  ) {
    return {
      ...common,
      task: 'forecasting',
      dataType: 'series',
      value: label,
      ...(time ? { time } : {}),
      ...resampleOf(label),
      ...(frequency ? { frequency } : {}),
      ...(panel ? { seriesId: panel.parts ?? panel.id, seriesRows: panel.rows } : {}),
    };
  }
  if (panel) {
    // Panels are forecast; a class per step reads one series, so the id is a feature again.
    for (const name of panel.parts ?? [panel.id]) {
      const id = byName.get(name)!;
      id.role = 'categorical';
      id.evidence = `${id.distinct} distinct values → categorical`;
    }
  }
  // A class per event of a log (fraud per transaction) is a table, not a series of periods.
  if (time && !regression && wanted !== 'classification' && !text && !every) {
    notes.push(`windowed classification: the class of each step from the window of steps before it`);
    return { ...common, task: 'windows', dataType: 'windows', time, ...(frequency ? { frequency } : {}) };
  }
  if (time && typeof time === 'string') byName.get(time)!.role = 'date';
  // A class per event: the log's periods are not read after all (the note said they would be).
  if (every) {
    const said = notes.findIndex((n) => n.includes('rows at irregular times'));
    if (said >= 0)
      notes[said] =
        `column '${time}' holds rows at irregular times (events, transactions) and '${label}' a class for each: a table, the time read as date features (data.dates)`;
  }
  if (Array.isArray(time)) for (const p of time) byName.get(p)!.role = 'numeric';
  if (text) {
    // A time index beside a text is not read (a speech's year): the note that found it says so.
    const indexNote = time ? notes.findIndex((l) => l.includes(' time index (rows in time order')) : -1;
    if (indexNote >= 0) notes[indexNote] += ': a text model does not read it (not a series)';
    // The row's other columns go beside the text's n-grams; a column named like a label (IMDB's
    // rating beside its label) may be derived from the label, so it is left for the user to add.
    const side = { features: [] as string[], categorical: [] as string[] };
    for (const c of columns) {
      if (!['numeric', 'boolean', 'categorical', 'date'].includes(c.role)) continue;
      const gives = regression ? undefined : givesLabel(frame, c.name, label);
      if (c.role === 'date') c.evidence += ' (not read beside a text)';
      else if (LABEL_NAMES.includes(c.name.toLowerCase()) || labelWordIn(c.name))
        c.evidence +=
          ' (named like a label: not read, as it may be derived from the label; list it in data.features to read it)';
      else if (gives !== undefined)
        c.evidence += ` (filled for one class only: its missing cells give the label in ${(gives * 100).toFixed(1)}% of rows; not read, as it was likely written once the label was known; list it in data.features or data.categorical to read it)`;
      else {
        if (!regression) warnNames(c);
        (c.role === 'categorical' ? side.categorical : side.features).push(c.name);
        // Beside a text, levels are one-hot (the 32 most frequent and 'other'), not embedded as a table's.
        c.evidence =
          c.evidence.replace(EMBEDDED, ' (over 32 levels: the 32 most frequent one-hot, the others as one)') +
          ' (beside the text: appended to its bag of n-grams)';
      }
    }
    return {
      ...common,
      task: regression ? 'regression' : classTask,
      dataType: 'text',
      text,
      ...(textColumns.length > 1 ? { texts: textColumns } : {}),
      ...(side.features.length || side.categorical.length ? { side } : {}),
    };
  }
  // A column filled for one class only (a reason written once the label was known) would let the
  // model score what no new row can: left out, and said.
  const derived = regression
    ? []
    : columns.filter((c) => {
        if (!['numeric', 'boolean', 'categorical'].includes(c.role)) return false;
        const gives = givesLabel(frame, c.name, label);
        if (gives !== undefined)
          c.evidence += ` (filled for one class only: its missing cells give the label in ${(gives * 100).toFixed(1)}% of rows; left out, as it was likely written once the label was known; add it to data.features or data.categorical to read it)`;
        else warnNames(c);
        return gives !== undefined;
      });
  return {
    ...common,
    task: regression ? 'regression' : classTask,
    dataType: 'table',
    ...(derived.length ? { derived: derived.map((c) => c.name) } : {}),
  };
}

/**
 * Turning CSV/XLSX text fields into typed columns: inference over a sample of rows, then one
 * converter per column that checks each later value and names it (file, line, column) when it
 * does not fit.
 */
import { DataError, RecordError } from '../errors.js';
import type { Column, ColumnDType } from '../frame.js';
import { OffsetSamples, utcOffsetOf, wallClock } from '../time-zone.js';

/**
 * Strings read as missing unless `naValues` says otherwise: pandas' list, '?' as in UCI files, and the
 * error values a spreadsheet formula leaves in a cell (`#DIV/0!`, `#VALUE!`, …), which Excel writes
 * into its CSV exports as text.
 */
export const DEFAULT_NA_VALUES = [
  '',
  'NA',
  'N/A',
  'n/a',
  'NaN',
  'nan',
  '-NaN',
  '-nan',
  'null',
  'NULL',
  'None',
  '<NA>',
  '#N/A',
  '#NA',
  '#N/A N/A',
  '?',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#NULL!',
];

/**
 * What statistics offices and reports write in a column of numbers where a number is missing or held
 * back: `..` (World Bank), `:` and `: c` (Eurostat), `x`, `[x]`, `[c]` (ONS), `-`, `--`, `–`, `—`, `…`,
 * `*`, `n.a.`, `n.v.`, `k.A.`. Such cells in a column that is otherwise numbers are missing values
 * (markedValue; counted in ColumnBuilder.marks, said by the readers); before, one `--` made the whole
 * column text.
 */
const PLACEHOLDER = /^(\.{2,3}|…|:(\s?[a-z])?|-{1,3}|[–—]|\*{1,3}|x|\[[a-z]\]|n\.?\s?[av]\.?|k\.?\s?a\.?)$/i;

/** Whether a field is a placeholder for a missing number (PLACEHOLDER). */
export const isPlaceholder = (v: string): boolean => PLACEHOLDER.test(v.trim());

/** A bound where the value itself was not measured: Google Trends' `<1`, a lab's `<0.01`, `>100`. */
const BOUND = /^(<=?|>=?|≤|≥)\s*([^<>=≤≥\s].*)$/;

/**
 * The number a marked field stands for in a column of numbers: NaN for a placeholder (`..`, `--`);
 * for a bound below (`<1`, `<0.01`), half of it (the usual substitution for a value under a detection
 * limit); for a bound above (`>100`), the bound. Else undefined: not a mark.
 * @example markedValue('<1') // 0.5
 */
export function markedValue(raw: string): number | undefined {
  const t = raw.trim();
  if (PLACEHOLDER.test(t)) return NaN;
  const m = BOUND.exec(t);
  const v = m ? parseNumber(m[2]!) : undefined;
  if (v === undefined) return undefined;
  return /^[<≤]/.test(m![1]!) && v > 0 ? v / 2 : v;
}

const DATE = /^\d{4}-\d{2}(-\d{2})?([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const BOOL = /^(true|false)$/i;

/**
 * Whether a lone field under a table reads as a note ("Source: Eurostat", "Figures for 2019 are
 * provisional"): letters, and a colon or three words. A bare value ("2019-12", "Dec 2019", "42") is not.
 * @example looksLikeNote('Source: Statistics Office (2024)') // true
 */
export function looksLikeNote(text: string): boolean {
  const t = text.trim();
  return /\p{L}/u.test(t) && (t.includes(':') || t.split(/\s+/).length >= 3);
}

/**
 * The number a field holds, or undefined when it is not a plain decimal number.
 * @example parseNumber('1e3') // 1000
 */
export function parseNumber(s: string): number | undefined {
  const t = s.trim();
  const c = t.charCodeAt(0);
  // The minus sign U+2212 (Apple Numbers, Wikipedia tables, Swedish and Norwegian locales): `−5.13`.
  if (c === 0x2212) return parseNumber(`-${t.slice(1)}`);
  // Number() alone would also accept '', ' ', '0x1f', '0b1', 'Infinity' text variants we treat apart.
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46))
    return t === 'inf' || t === 'Infinity' ? Infinity : undefined;
  const v = Number(t);
  if (!Number.isNaN(v)) {
    const d = t.charCodeAt(1);
    return t.length > 1 && c === 48 && (d | 32) > 97 && 'xbo'.includes(t[1]!.toLowerCase()) ? undefined : v;
  }
  return t === '-inf' ? -Infinity : t === '+inf' ? Infinity : undefined;
}

/**
 * Currency signs, and the ISO codes and prefixed dollars exports write before or after an amount
 * (`USD 1,200`, `1.200 EUR`, `R$ 1.200,00`, `CHF 1'200`).
 */
const MONEY = String.raw`[$€£¥₹₩₽₺₫₱฿]|(?:US|R|C|A|HK|S|NZ|NT)\$|(?:USD|EUR|GBP|JPY|CNY|RMB|INR|CHF|CAD|AUD|NZD|HKD|SGD|TWD|SEK|NOK|DKK|PLN|CZK|HUF|RUB|UAH|BRL|MXN|ARS|CLP|COP|ZAR|KRW|TRY|THB|IDR|PHP|VND|MYR|ILS|AED|SAR|EGP|NGN)(?![A-Za-z])`;
const AMOUNT = new RegExp(
  String.raw`^([+-]?)\s*(${MONEY})?\s*([+-]?)(\d[\d.,\s\u00a0\u202f']*?)\s*(${MONEY}|%)?$`,
  'u',
);
/** Accounting negatives: `(1,234.50)`, `($12)`; and the trailing minus of SAP exports, `1.234,50-`. */
const NEGATIVE = /^\((.+)\)$|^(\d[\d.,\s\u00a0\u202f']*)-$/u;
/** What a field's digits may be grouped with besides '.' and ',': any space (\s covers U+00A0, U+202F) or an apostrophe. */
const GROUP_MARKS = /[\s'\u2019]/gu;

/**
 * Thousands, millions and billions as finance sites write volumes and market caps: `104.56K`, `2.5M`,
 * `1.2B` (investing.com's `Vol.` column), `3k`. The point is a decimal point here (`1.234K` is
 * 1,234), a comma one only alone (`1,5M`).
 */
const SCALED = /^([+-]?)(\d[\d.,]*)([KkMB])$/;
const SCALE: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9 };

/**
 * A number written with a currency symbol or a percent sign, as spreadsheets export money and rates:
 * `$1,234.50`, `-€12`, `1.234,50 €`, `1 234,50 €`, `12%` (→ 0.12, as Excel reads it), or as an
 * accountant writes a negative one: `(1,234.50)`, `($12)`, `1.234,50-`. Undefined for a plain number
 * (parseNumber's job) or a field that is not such a number.
 * @example parseAmount('$1,234.50') // 1234.5
 */
export function parseAmount(s: string): number | undefined {
  const t = s.trim().replace(/^\u2212/, '-');
  const scaled = SCALED.exec(t);
  if (scaled) {
    let digits = scaled[2]!;
    if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(digits)) digits = digits.replaceAll(',', '');
    else if (/^\d+,\d+$/.test(digits)) digits = digits.replace(',', '.');
    const v = parseNumber(digits);
    return v === undefined ? undefined : (scaled[1] === '-' ? -1 : 1) * v * SCALE[scaled[3]!.toUpperCase()]!;
  }
  const neg = NEGATIVE.exec(t);
  if (neg) {
    const inner = (neg[1] ?? neg[2]!).trim();
    if (/^[+-]/.test(inner)) return undefined;
    const v = parseAmount(inner) ?? groupedDigits(inner);
    return v === undefined ? undefined : -v;
  }
  const m = AMOUNT.exec(t);
  if (!m || !m[2] === !m[5] || (m[1] && m[3])) return undefined; // exactly one symbol, one sign
  const v = groupedDigits(m[4]!);
  if (v === undefined) return undefined;
  return (m[1] === '-' || m[3] === '-' ? -1 : 1) * (m[5] === '%' ? v / 100 : v);
}

/**
 * A number and a unit after it, as listings write measurements: `1248 CC`, `23.4 kmpl`, `74 bhp`,
 * `5.5 km/kg`, `12kg`, `21 °C`. The unit is one word of letters (and `/ ° µ ² ³ .`); thousands may be
 * grouped with commas (`1,248 CC`).
 * @example parseWithUnit('1,248 CC') // { value: 1248, unit: 'CC' }
 */
export function parseWithUnit(s: string): { value: number; unit: string } | undefined {
  const m = WITH_UNIT.exec(s.trim());
  if (!m) return undefined;
  const digits = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(m[1]!) ? m[1]!.replaceAll(',', '') : m[1]!;
  const value = parseNumber(digits);
  return value === undefined ? undefined : { value, unit: m[2]! };
}
const WITH_UNIT = /^([+-]?\d[\d,]*(?:\.\d+)?)\s*([A-Za-z°µ][A-Za-z°µ/²³.]*)$/u;

/** Names of durations (a run's moving time, a lap, a song's length), not times of day. */
export const DURATION_NAMES = /duration|elapsed|moving|pace|lap|split|finish|length|dauer|durée/i;
/** The unit of a duration column written as a clock (`1:05:30`, `5:42`): read as seconds. */
const CLOCK_UNIT = 'h:mm:ss';
const CLOCK = /^(\d{1,3}):([0-5]\d)(?::([0-5]\d(?:\.\d+)?))?$/;

/**
 * Seconds in a duration written as a clock: h:mm:ss, or m:ss with two parts (a pace, a lap).
 * @example clockSeconds('1:05:30') // 3930
 */
export function clockSeconds(s: string): number | undefined {
  const m = CLOCK.exec(s.trim());
  if (!m) return undefined;
  return m[3] === undefined
    ? Number(m[1]) * 60 + Number(m[2])
    : Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/**
 * The one unit a sample's numbers are written with (`1248 CC`, `998 CC`; plain numbers may be among
 * them), or undefined: no unit, or several (`3B`, `12A` are flats; `5 min`, `2 h` need converting).
 * A one-letter unit counts only when it is an SI one (`12 g`, `5 h`): `1A`, `2A` are seats.
 * @example unitOfColumn(['1248 CC', '998 CC']) // 'CC'
 */
function unitOfColumn(values: readonly string[]): string | undefined {
  let unit: string | undefined;
  for (const v of values) {
    if (parseNumber(v) !== undefined) continue;
    const u = parseWithUnit(v)?.unit;
    if (u === undefined || (unit !== undefined && u !== unit)) return undefined;
    unit = u;
  }
  return unit !== undefined && (unit.length > 1 || 'gmshlLWVJNt'.includes(unit)) ? unit : undefined;
}

/** Digits with thousands separators and a decimal mark either way round: 1,234.5 / 1.234,5 / 1 234,5. */
function groupedDigits(text: string): number | undefined {
  let digits = text.replace(GROUP_MARKS, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(digits)) digits = digits.replaceAll(',', '');
  else if (/^\d{1,3}(\.\d{3})+(,\d+)?$|^\d+,\d+$/.test(digits))
    digits = digits.replaceAll('.', '').replace(',', '.');
  return /^\d/.test(digits) ? parseNumber(digits) : undefined;
}

/**
 * How a file writes numbers beyond the plain `1234.5`: a decimal comma (`1234,5`, `1.234,5`, as
 * German, French or Italian spreadsheets export them; `1 234,5` with a space, no-break or narrow
 * no-break space between groups, as French and Nordic ones do), a thousands comma (`"1,234.5"`),
 * space (`1 234.5`) or apostrophe (`1'234.5`, Swiss). pandas
 * asks for `decimal=`/`thousands=`; here they are detected from the sample, and only from values
 * that cannot be read two ways (`1,5` or `1.234,56`, never `1,234` alone).
 */
export interface NumberFormat {
  decimal: '.' | ',';
  /**
   * ' ' stands for any space a spreadsheet groups digits with (ASCII, no-break U+00A0, narrow U+202F),
   * and for the Swiss apostrophe (`1'234.5`, ASCII or U+2019).
   */
  thousands?: '.' | ',' | ' ';
}

const ONLY_COMMA_DECIMAL = /^[+-]?(\d{1,3}(\.\d{3})+,\d+|\d+,(\d{1,2}|\d{4,})|0,\d+)$/;
const ONLY_DOT_DECIMAL =
  /^[+-]?(\d{1,3}(,\d{3})+\.\d+|\d*\.(\d{1,2}|\d{4,})|0\.\d+|\d+(\.\d+)?[eE][+-]?\d+)$/;
const COMMA_THOUSANDS = /^[+-]?\d{1,3}(,\d{3}){2,}$|^[+-]?\d{1,3}(,\d{3})+\.\d+$/;
/** One comma and three digits after it: a thousand or a decimal comma (`1,042`). */
const ONE_GROUP = /^[+-]?\d{1,3},\d{3}$/;
/** Digits grouped by spaces or apostrophes (`1 234`, `1 234 567,5`, `1'234.5`), and the mark after them. */
const SPACE_GROUPED = /^[+-]?\d{1,3}(?:[ \u00a0\u202f'\u2019]\d{3})+([.,]\d+)?$/u;

/**
 * The number format of a sample of fields (all columns together): a decimal comma only when some
 * field can only be read with one and none can only be read with a decimal point. `1,042` reads
 * either way; in a file whose delimiter is the comma (so the field was quoted, as Excel quotes
 * `"1,042"` in the US and UK) it is a thousands separator, unless some field needs a decimal comma.
 * @example detectNumberFormat(['1,5', '2021-01-01', '1.234,75']) // { decimal: ',', thousands: '.' }
 */
export function detectNumberFormat(fields: Iterable<string>, delimiter?: string): NumberFormat {
  let comma = 0;
  let dot = 0;
  let thousandsComma = 0;
  let spaced = 0;
  for (const raw of fields) {
    const f = raw.trim();
    const grouped = SPACE_GROUPED.exec(f);
    if (grouped) {
      spaced++;
      if (grouped[1]?.startsWith(',')) comma++;
      else if (grouped[1]) dot++;
    } else if (ONLY_COMMA_DECIMAL.test(f)) comma++;
    else if (ONLY_DOT_DECIMAL.test(f)) dot++;
    if (COMMA_THOUSANDS.test(f) || (delimiter === ',' && ONE_GROUP.test(f))) thousandsComma++;
  }
  if (comma > 0 && dot === 0) return { decimal: ',', thousands: spaced > 0 ? ' ' : '.' };
  if (spaced > 0 && comma === 0) return { decimal: '.', thousands: ' ' };
  if (thousandsComma > 0 && comma === 0) return { decimal: '.', thousands: ',' };
  return { decimal: '.' };
}

const COMMA_NUMBER = /^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/;
const THOUSANDS_COMMA_NUMBER = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/**
 * A function that rewrites a field in `format` to the plain form parseNumber reads (`1.234,5` →
 * `1234.5`, `1 234,5` → `1234.5`), leaving every other field (text, dates) as it is; undefined for the
 * plain format.
 * @example numberNormalizer({ decimal: ',', thousands: '.' })!('1.234,5') // '1234.5'
 */
export function numberNormalizer(format: NumberFormat): ((field: string) => string) | undefined {
  const comma = (f: string) => f.replaceAll('.', '').replace(',', '.');
  if (format.decimal === ',')
    return (f) => {
      const t = f.trim();
      if (COMMA_NUMBER.test(t)) return comma(t);
      const g = format.thousands === ' ' ? SPACE_GROUPED.exec(t) : null;
      return g && !g[1]?.startsWith('.') ? comma(t.replace(GROUP_MARKS, '')) : f;
    };
  if (format.thousands === ',')
    return (f) => (THOUSANDS_COMMA_NUMBER.test(f.trim()) ? f.trim().replaceAll(',', '') : f);
  if (format.thousands === ' ')
    return (f) => {
      const g = SPACE_GROUPED.exec(f.trim());
      return g && !g[1]?.startsWith(',') ? f.trim().replace(GROUP_MARKS, '') : f;
    };
  return undefined;
}

function parseDate(s: string): Date | undefined {
  if (!DATE.test(s.trim())) return undefined;
  const d = new Date(s.trim().length === 7 ? `${s.trim()}-01` : s.trim());
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * Dates written the ways spreadsheets export them: `31.01.2021`, `31/01/2021`, `1/31/2021`,
 * `2021/01/31`, two-digit years (`31.01.21`: 00–68 → 20xx, 69–99 → 19xx, as Python's %y), an
 * optional time (`13:45`, `13:45:10`, `1:45 PM`). All read as UTC.
 */
const DMY =
  /^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?)?$/;
const YMD = /^(\d{4})([./])(\d{1,2})\2(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** `Jan 1 2000`, `January 1, 2000`, `1 Jan 2000` (English month names, as US exports and vega's data). */
const NAMED = /^(?:([A-Za-z]{3,9})\.? (\d{1,2}),? |(\d{1,2}) ([A-Za-z]{3,9})\.?,? )(\d{4})$/;
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** 1–12 for a month's English name or its three-letter abbreviation (and `Sept`); 0 otherwise. */
export function monthOfName(name: string): number {
  const k = name.toLowerCase();
  const m = MONTHS.findIndex((full) => full.startsWith(k.slice(0, 3))) + 1;
  return m > 0 && (k.length === 3 || k === MONTHS[m - 1] || k === 'sept') ? m : 0;
}

function parseNamed(s: string): Date | undefined {
  const m = NAMED.exec(s.trim());
  if (!m) return undefined;
  const [month, day] = m[1] ? [m[1], m[2]!] : [m[4]!, m[3]!];
  return utcDate(Number(m[5]), monthOfName(month), Number(day));
}

/** Quarters as statistics offices and pandas' Period write them: 1990-Q1, 1990Q1, 1990 Q1, Q1 1990, Q1/1990. */
const QUARTER = /^(?:(\d{4})[-\s]?Q([1-4])|Q([1-4])[-\s/]?(\d{4}))$/i;

/** The first day of a quarter (1990-Q2 → 1990-04-01). */
export function parseQuarter(s: string): Date | undefined {
  const m = QUARTER.exec(s.trim());
  if (!m) return undefined;
  const [year, q] = m[1] ? [m[1], m[2]!] : [m[4]!, m[3]!];
  return utcDate(Number(year), (Number(q) - 1) * 3 + 1, 1);
}

/** Day-first (`31/01/2021`) or month-first (`1/31/2021`) dates. */
export type DateOrder = 'dmy' | 'mdy';

/**
 * How readers take dates that fit both orders (`01/02/2021`), and what they report: the options every
 * table reader (CSV, XLSX, JSON) accepts.
 */
export interface DateReading {
  /**
   * Dates that fit both orders are day first (true) or month first (false), as pandas' `dayfirst`;
   * left out, each column's values decide (inferDateFormat). A value that fits only the other order
   * (`13/01`, `1/13`) still switches its column.
   */
  dayFirst?: boolean;
  /** Receives the order each column of day-month dates was read in (a saved model reads newer files the same way). */
  dateOrders?: Record<string, DateOrder>;
  /**
   * Timestamps written with a UTC offset (`…T03:00:00-04:00`, `…Z`) are read in this zone's local
   * time (an IANA name or a fixed offset: data.timeZone); ones without an offset are taken as local
   * already. Left out, they stay instants, shown in UTC.
   */
  timeZone?: string;
  /** Receives, per column of timestamps written with UTC offsets, [instant ms, offset minutes] either side of each change of offset (zoneOfOffsets). */
  utcOffsets?: Record<string, [number, number][]>;
}

/** How a column writes its dates: the order of its fields, and the parser for it. */
export interface DateFormat {
  order: 'dmy' | 'mdy' | 'ymd' | 'named' | 'quarter';
  parse(s: string): Date | undefined;
}

function utcDate(y: number, mo: number, d: number, h = 0, mi = 0, sec = 0): Date | undefined {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59) return undefined;
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
  return t.getUTCDate() === d ? t : undefined; // 31.02. rolls over into March: not a date
}

function fullYear(y: string): number {
  const v = Number(y);
  return y.length === 4 ? v : v < 69 ? 2000 + v : 1900 + v;
}

function hours(h: string | undefined, ampm: string | undefined): number {
  const v = Number(h ?? 0);
  if (!ampm) return v;
  if (v < 1 || v > 12) return 99; // 0 PM or 13 AM: not a time
  return (v % 12) + (ampm.toLowerCase() === 'pm' ? 12 : 0);
}

function parserFor(order: DateOrder | 'ymd'): (s: string) => Date | undefined {
  if (order === 'ymd')
    return (s) => {
      const m = YMD.exec(s.trim());
      return m ? utcDate(+m[1]!, +m[3]!, +m[4]!, +(m[5] ?? 0), +(m[6] ?? 0), +(m[7] ?? 0)) : undefined;
    };
  return (s) => {
    const m = DMY.exec(s.trim());
    if (!m) return undefined;
    const [day, month] = order === 'dmy' ? [+m[1]!, +m[3]!] : [+m[3]!, +m[1]!];
    return utcDate(fullYear(m[4]!), month, day, hours(m[5], m[8]), +(m[6] ?? 0), +(m[7] ?? 0));
  };
}

/**
 * The date format of a text column whose every value is a date in one of the spreadsheet forms above,
 * or undefined. Day-first or month-first is decided by a value above 12, then by the separator where
 * it has one convention (dots are day-first: Germany, Russia, …), then by a field that never changes:
 * the day of dates (`01/03/2021, 01/04/2021, …` is monthly, day 1), the month of times that vary
 * within a day (`1/5/2021 10:00, …, 1/9/2021 13:40`: readings over a few days of one month), then
 * month-first (pandas' default for slashes and dashes); `dayFirst`, when given, comes before the
 * separator. The sample decides; a later value that fits only the other order switches the column to
 * it (ColumnBuilder).
 * @example inferDateFormat(['31.01.2021', '01.02.2021'])!.order // 'dmy'
 */
export function inferDateFormat(values: (string | null)[], dayFirst?: boolean): DateFormat | undefined {
  const present = values.filter((v): v is string => v !== null).map((v) => v.trim());
  if (present.length === 0) return undefined;
  if (present.every((v) => parseNamed(v))) return { order: 'named', parse: parseNamed };
  if (present.every((v) => QUARTER.test(v))) return { order: 'quarter', parse: parseQuarter };
  if (present.every((v) => YMD.test(v))) {
    const parse = parserFor('ymd');
    return present.every((v) => parse(v)) ? { order: 'ymd', parse } : undefined;
  }
  const parts = present.map((v) => DMY.exec(v));
  if (parts.some((m) => m === null)) return undefined;
  const first = parts.map((m) => Number(m![1]));
  const second = parts.map((m) => Number(m![3]));
  const firstOver12 = first.some((v) => v > 12);
  const secondOver12 = second.some((v) => v > 12);
  let order: DateOrder;
  if (firstOver12 && secondOver12) return undefined;
  else if (firstOver12) order = 'dmy';
  else if (secondOver12) order = 'mdy';
  // Said by the reader: how the file the model learned from was read, or data.dayFirst.
  else if (dayFirst !== undefined) order = dayFirst ? 'dmy' : 'mdy';
  // Dots are day first wherever they are written (Germany, Russia, …): ten days of 01.02.2021 …
  // 10.02.2021 are not ten months.
  else if (parts[0]![2] === '.') order = 'dmy';
  // Every value fits both orders: a field that never changes while the other does is the day of
  // dates, the month of readings within days (sub-daily data over less than a month).
  else if (new Set(first).size === 1 && new Set(second).size > 2) order = subDaily(parts) ? 'mdy' : 'dmy';
  else if (new Set(second).size === 1 && new Set(first).size > 2) order = subDaily(parts) ? 'dmy' : 'mdy';
  else order = 'mdy';
  const parse = parserFor(order);
  return present.every((v) => parse(v)) ? { order, parse } : undefined;
}

/**
 * Text values that are all spreadsheet dates (`31.01.2021`, `1/31/2021 1:45 PM`, `Q1 1990`) as dates,
 * the order decided on all of them; undefined for ISO text (the time parser reads it) or anything
 * else. For text handed over by typed formats (JSON) and requests, which the time parser would read
 * cell by cell, month first.
 * @example spreadsheetDates(['12.01.2021', '13.01.2021'])!.dates[0] // 2021-01-12
 */
export function spreadsheetDates(
  values: readonly unknown[],
  dayFirst?: boolean,
): { dates: (Date | null)[]; order: DateFormat['order'] } | undefined {
  // A column of text only (a JSON column may mix numbers, booleans and text).
  if (!values.some((v) => v !== null) || !values.every((v) => v === null || typeof v === 'string'))
    return undefined;
  const format = inferDateFormat(values as (string | null)[], dayFirst);
  if (!format || format.order === 'ymd') return undefined;
  return { dates: values.map((v) => (v === null ? null : format.parse(v as string)!)), order: format.order };
}

/** Whether the values carry times of day that differ (readings within days), from DMY's hour and minute. */
function subDaily(parts: (RegExpExecArray | null)[]): boolean {
  return new Set(parts.map((m) => `${m![5] ?? ''}:${m![6] ?? ''}:${m![8] ?? ''}`)).size > 1;
}

/**
 * Whether cells that are no number (`?0.2`, `12..5`, `#VALUE`) are few enough in a column of numbers
 * to be read as missing, the column staying numbers (said by markNotes, with their rows): at most 1% of
 * the filled cells, in a column of at least 100. More, or in a small table, and the column is text
 * as before: pandas reads either as text (dtype object), and the model would then see a column of
 * thousands of categories.
 */
const fewStrays = (strays: number, filled: number): boolean => filled >= 100 && strays <= 0.01 * filled;

/** The narrowest dtype that fits every non-missing value (number, boolean, date, else string). */
export function inferDType(values: (string | null)[]): ColumnDType {
  const present = values.filter((v): v is string => v !== null);
  if (present.length === 0) return 'number';
  if (present.every((v) => parseNumber(v) !== undefined)) return 'number';
  // Money and rates: every value a number, some with a currency symbol or a percent sign.
  if (present.every((v) => parseNumber(v) !== undefined || parseAmount(v) !== undefined)) return 'number';
  // Measurements with their unit (`1248 CC`, `74 bhp`): numbers, when the unit is one for the column.
  if (unitOfColumn(present) !== undefined) return 'number';
  // Numbers with report placeholders (`..`, `:`, `--`) or bounds (`<1`) for some: most cells numbers
  // (a bound counts as one), every other cell a mark.
  // A few cells that are no number at all (`?0.2` typed into a temperature log: fewStrays) are missing.
  let numbers = 0;
  let strays = 0;
  for (const v of present) {
    const mark = parseNumber(v) ?? parseAmount(v) ?? markedValue(v);
    if (mark === undefined) strays++;
    else if (!Number.isNaN(mark)) numbers++;
  }
  if (numbers >= present.length / 2 && (strays === 0 || fewStrays(strays, present.length))) return 'number';
  if (present.every((v) => BOOL.test(v.trim()))) return 'boolean';
  if (present.every((v) => parseDate(v) !== undefined)) return 'date';
  return 'string';
}

/** Accumulates one column's values, converting on the way in. */
export class ColumnBuilder {
  private nums: number[] = [];
  private others: (string | boolean | Date | null)[] = [];
  /** Marks read as numbers (markedValue: `..` and `--` as missing, `<1` as 0.5), and how often each. */
  readonly marks = new Map<string, number>();
  /** Where they were (row → the field), to give them back if the column turns out to be text. */
  private marked = new Map<number, string>();
  /** Cells of a number column that are no number, read as missing while they are few (fewStrays). */
  strays = 0;
  /** The first few of them, [row, field], for the note. */
  readonly strayCells: [record: number, field: string][] = [];
  /** Filled cells pushed so far. */
  private filled = 0;
  /** The first value read with the column's unit (`1248 CC`), for the note. */
  unitExample: string | undefined;
  /** Repeated text values (categories, labels) share one string. */
  private interned: Map<string, string> | undefined = new Map();
  /**
   * A day-first or month-first column's fields as read, so that a later field that fits only the
   * other order (13.01.2009 after twelve days read month-first) re-reads them all that way.
   */
  private dateFields: (string | null)[] | undefined;

  constructor(
    readonly name: string,
    public dtype: ColumnDType,
    /** declared by the user: a misfit is an error; inferred: the column falls back to strings */
    private readonly declared: boolean,
    /** How a date column's text is read: ISO 8601 unless a spreadsheet format was inferred. */
    private dateFormat?: DateFormat,
    /** A number column's unit, when its values are written with one (`1248 CC`: unitOfColumn). */
    readonly unit?: string,
  ) {
    if (dateFormat?.order === 'dmy' || dateFormat?.order === 'mdy') this.dateFields = [];
  }

  /** The order a column of day-month dates was read in (after any switch); undefined for other columns. */
  get dateOrder(): DateOrder | undefined {
    const order = this.dtype === 'date' ? this.dateFormat?.order : undefined;
    return order === 'dmy' || order === 'mdy' ? order : undefined;
  }

  /** Timestamps with a UTC offset are read in this zone's local time (DateReading.timeZone). */
  timeZone: string | undefined;
  /** The UTC offsets its timestamps were written with (DateReading.utcOffsets). */
  readonly offsets = new OffsetSamples();

  /** A timestamp as read: one written with an offset noted, and moved to the zone's wall clock. */
  private located(d: Date, raw: string): Date {
    const offset = utcOffsetOf(raw);
    if (offset === undefined) return d;
    this.offsets.note(d.getTime(), offset);
    return this.timeZone ? wallClock(d, this.timeZone) : d;
  }

  /** Adds one field; `record` (1-based, header included) locates it in errors. */
  push(raw: string | null, record: number): void {
    if (this.dtype === 'date') this.dateFields?.push(raw);
    if (raw === null) {
      if (this.dtype === 'number') this.nums.push(NaN);
      else this.others.push(null);
      return;
    }
    this.filled++;
    if (this.dtype === 'number') {
      const v = parseNumber(raw) ?? parseAmount(raw) ?? this.measured(raw);
      if (v !== undefined) return void this.nums.push(v);
      const marked = this.declared ? undefined : markedValue(raw);
      if (marked !== undefined) {
        const t = raw.trim();
        this.marks.set(t, (this.marks.get(t) ?? 0) + 1);
        this.marked.set(this.nums.length, raw);
        return void this.nums.push(marked);
      }
      if (!this.declared) {
        // Missing while few (fewStrays, judged at the end on every cell); text at once when they are
        // so many that the rest of the file could hardly make them few (over 5% of 100 cells or
        // more). Judged on the cells so far, two strays in the first rows of a 534-row file (a
        // wage written `missing`, another `"12,5"`) made the column text, the label 240 classes.
        this.strays++;
        if (this.strayCells.length < 3) this.strayCells.push([record, raw]);
        this.marked.set(this.nums.length, raw);
        this.nums.push(NaN);
        if (this.filled >= 100 && this.strays > 0.05 * this.filled) this.toText();
        return;
      }
      this.misfit(raw, record);
    }
    if (this.dtype === 'boolean') {
      if (BOOL.test(raw.trim())) return void this.others.push(raw.trim().toLowerCase() === 'true');
      this.misfit(raw, record);
    }
    if (this.dtype === 'date') {
      const d = this.dateFormat ? this.dateFormat.parse(raw) : parseDate(raw);
      if (d) return void this.others.push(this.located(d, raw));
      if (this.flipDateOrder()) return;
      this.misfit(raw, record);
    }
    this.others.push(this.intern(raw));
  }

  /** A value written with the column's unit (`1248 CC`), as a number; another unit is no number. */
  private measured(raw: string): number | undefined {
    if (this.unit === CLOCK_UNIT) {
      const seconds = clockSeconds(raw);
      if (seconds !== undefined) this.unitExample ??= raw.trim();
      return seconds;
    }
    const m = this.unit === undefined ? undefined : parseWithUnit(raw);
    if (!m || m.unit !== this.unit) return undefined;
    this.unitExample ??= raw.trim();
    return m.value;
  }

  /**
   * A text column whose every value is a number with a unit, in two to four units (`23.4 kmpl`,
   * `17.3 km/kg`): how many values each unit has, for the note that says why it is not numbers.
   */
  mixedUnits(): Map<string, number> | undefined {
    if (this.dtype !== 'string') return undefined;
    const units = new Map<string, number>();
    for (const v of this.others) {
      if (v === null) continue;
      const u = typeof v === 'string' ? parseWithUnit(v)?.unit : undefined;
      if (u === undefined) return undefined;
      units.set(u, (units.get(u) ?? 0) + 1);
    }
    return units.size >= 2 && units.size <= 4 ? units : undefined;
  }

  private intern(raw: string): string {
    if (!this.interned || raw.length > 64) return raw;
    const seen = this.interned.get(raw);
    if (seen !== undefined) return seen;
    if (this.interned.size >= 100000)
      this.interned = undefined; // high cardinality: stop trying
    else this.interned.set(raw, raw);
    return raw;
  }

  private misfit(raw: string, record: number): void {
    if (this.declared) {
      throw new RecordError(
        record,
        (where) =>
          `${where}, column "${this.name}": ${JSON.stringify(raw)} is not a ${this.dtype}; the column was declared ${this.dtype} in dtypes — fix the value, add it to naValues, or declare the column 'string'`,
      );
    }
    this.toText();
  }

  /**
   * The sample read a column day-first (or month-first) and a field fits only the other order: every
   * field so far, this one last, is read the other way when each fits it. Else false.
   */
  private flipDateOrder(): boolean {
    const fields = this.dateFields;
    if (!fields || this.declared) return false;
    const order = this.dateFormat!.order === 'dmy' ? 'mdy' : 'dmy';
    const parse = parserFor(order);
    const dates = fields.map((f) => (f === null ? null : (parse(f) ?? false)));
    if (dates.includes(false)) return false;
    this.dateFormat = { order, parse };
    this.others = dates as (Date | null)[];
    return true;
  }

  /** An inferred column met a value that does not fit, or too many no-numbers: everything so far becomes text. */
  private toText(): void {
    // A date column's text is its fields as written, not dates read in an order that failed.
    const fields = this.dtype === 'date' ? this.dateFields?.slice(0, -1) : undefined;
    const prev =
      this.dtype === 'number'
        ? this.nums.map((v, i) => this.marked.get(i) ?? (Number.isNaN(v) ? null : String(v)))
        : (fields ??
          this.others.map((v) => (v === null ? null : v instanceof Date ? v.toISOString() : String(v))));
    this.dateFields = undefined;
    this.nums = [];
    this.others = prev;
    this.dtype = 'string';
    this.marks.clear(); // text after all: the marks are its values again
    this.marked.clear();
    this.strays = 0;
    this.strayCells.length = 0;
  }

  build(): Column {
    if (this.dtype === 'number' && this.strays > 0 && !fewStrays(this.strays, this.filled)) this.toText();
    return this.dtype === 'number' ? Float64Array.from(this.nums) : (this.others as Column);
  }
}

/**
 * The builder for one column, its type inferred from a sample of its fields unless declared: text
 * that is all spreadsheet dates (inferDateFormat) becomes a date column.
 */
export function columnBuilder(
  name: string,
  sample: (string | null)[],
  declared: ColumnDType | undefined,
  dayFirst?: boolean,
  timeZone?: string,
): ColumnBuilder {
  let dtype = declared ? checkDType(name, declared) : inferDType(sample);
  let unit =
    dtype === 'number' && !declared ? unitOfColumn(sample.filter((v): v is string => v !== null)) : undefined;
  // Durations written as a clock in a column named like one (Strava's `Moving Time` 1:05:30, a
  // `Pace` of 5:42): seconds. A time of day (`17:24`) is not, and stays text for a date to join.
  const present = sample.filter((v): v is string => v !== null);
  if (
    dtype === 'string' &&
    !declared &&
    DURATION_NAMES.test(name) &&
    present.length &&
    present.every((v) => clockSeconds(v) !== undefined)
  ) {
    dtype = 'number';
    unit = CLOCK_UNIT;
  }
  const format =
    dtype === 'string' && !declared
      ? inferDateFormat(sample, dayFirst)
      : dtype === 'date' && declared && !sample.every((v) => v === null || parseDate(v))
        ? inferDateFormat(sample, dayFirst)
        : undefined;
  const b = new ColumnBuilder(name, format ? 'date' : dtype, declared !== undefined, format, unit);
  b.timeZone = timeZone;
  return b;
}

/**
 * Cells held as text (a JSON column of numbers among strings, a column a footnote made text) typed as
 * the CSV reader types a column of them: numbers (strays and marks read as it reads them), booleans,
 * dates or text; with what it says about them.
 * @example typedCells('Title', ['Up', '1776', null]).dtype // 'string'
 */
export function typedCells(
  name: string,
  cells: readonly (string | null)[],
): { column: Column; dtype: ColumnDType; notes: string[] } {
  const b = columnBuilder(name, [...cells], undefined);
  cells.forEach((v, i) => b.push(v, i + 1));
  const column = b.build();
  return { column, dtype: b.dtype, notes: markNotes([b]) };
}

/** Rejects a dtype name that is not one of ours. */
export function checkDType(name: string, dtype: string): ColumnDType {
  if (!['number', 'string', 'boolean', 'date'].includes(dtype))
    throw new DataError(
      `dtypes["${name}"] is ${JSON.stringify(dtype)}; use 'number', 'string', 'boolean' or 'date'`,
    );
  return dtype as ColumnDType;
}

/**
 * What the readers say about how their columns' cells were read: numbers written with a unit (and
 * text columns of numbers in several units), stray cells read as missing, and the marks (markedValue),
 * one line for the placeholders and one for the bounds, each for all columns.
 * @example markNotes(builders) // ["43 cell(s) hold '..' in 24 number columns '1991', '1992', '1993', …: a report's mark for a missing or withheld value, read as missing"]
 */
export function markNotes(builders: readonly ColumnBuilder[]): string[] {
  const cols = builders.filter((b) => b.dtype === 'number' && b.marks.size > 0);
  const line = (missing: boolean, what: string): string[] => {
    const marks = new Map<string, number>();
    const where = new Set<string>();
    for (const b of cols)
      for (const [t, k] of b.marks)
        if (Number.isNaN(markedValue(t)!) === missing) {
          marks.set(t, (marks.get(t) ?? 0) + k);
          where.add(b.name);
        }
    if (marks.size === 0) return [];
    const cells = [...marks.values()].reduce((a, b) => a + b, 0);
    const names = [...where].slice(0, 3).map((n) => `'${n}'`);
    const shown = [...marks.keys()].slice(0, 4).map((t) => `'${t}'${missing ? '' : ` as ${markedValue(t)}`}`);
    return [
      `${cells} cell(s) hold ${shown.join(', ')}${marks.size > 4 ? ', …' : ''} in ${where.size === 1 ? 'the number column' : `${where.size} number columns`} ${names.join(', ')}${where.size > 3 ? ', …' : ''}: ${what}`,
    ];
  };
  const strays = builders
    .filter((b) => b.dtype === 'number' && b.strays > 0)
    .map(
      (b) =>
        `${b.strays} cell(s) of the number column '${b.name}' are no number (${b.strayCells.map(([r, f]) => `row ${r}: ${JSON.stringify(f)}`).join(', ')}${b.strays > 3 ? ', …' : ''}): read as missing; correct them in the file to use them`,
    );
  const units = builders.flatMap((b) => {
    if (b.dtype === 'number' && b.unit === CLOCK_UNIT && b.unitExample !== undefined)
      return [`column '${b.name}' holds durations written as a clock ('${b.unitExample}'): read as seconds`];
    if (b.dtype === 'number' && b.unitExample !== undefined)
      return [
        `column '${b.name}' holds numbers written with the unit '${b.unit}' ('${b.unitExample}'): read as numbers`,
      ];
    const mixed = b.mixedUnits();
    if (!mixed) return [];
    const counts = [...mixed].map(([u, k]) => `'${u}' ×${k.toLocaleString('en-US')}`).join(', ');
    return [
      `column '${b.name}' holds numbers in ${mixed.size} units (${counts}): read as text; convert them to one unit (or give each its own column) to use them as numbers`,
    ];
  });
  return [
    ...units,
    ...strays,
    ...line(true, "a report's mark for a missing or withheld value, read as missing"),
    ...line(
      false,
      'a value beyond what was measured: below a bound read as half of it (as a detection limit is usually substituted), above one as the bound',
    ),
  ];
}

/** Records what DateReading asks of the columns the builders read: the order of day-month dates, the UTC offsets of timestamps. */
export function recordDateReading(builders: readonly ColumnBuilder[], into: DateReading): void {
  for (const b of builders) {
    if (into.dateOrders && b.dateOrder) into.dateOrders[b.name] = b.dateOrder;
    if (into.utcOffsets && b.dtype === 'date' && b.offsets.samples.length)
      into.utcOffsets[b.name] = b.offsets.samples;
  }
}

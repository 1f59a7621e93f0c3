/**
 * Series written across: one row per country or product, one column per year or month (World Bank,
 * Eurostat and most statistics offices publish this way). Read in long form, one row per series and
 * step, as pandas users do with `df.melt(id_vars=[...], var_name='time', value_name='value')`.
 */
import { DataError } from './errors.js';
import { Frame, type Column } from './frame.js';
import { inferFrequency, parseTime } from './time.js';
import { monthOfName } from './io/column-types.js';

/**
 * A column name that is a timestamp: `1960`, `2020-01`, `2020-01-31`, `2019Q1`, `2020M01`, as the
 * World Bank's DataBank writes years (`1990 [YR1990]`), and as R's read.csv renames them (`X1990`).
 */
const timeName = (name: string): Date | null => {
  const t = name
    .trim()
    .replace(/\s*\[YR\d{4}\]$/, '')
    .replace(/^X(?=\d{4})/, '');
  return /^\d{4}([-/ ]?(Q\d|M?\d{1,2}([-/]\d{1,2})?))?$/.test(t) ? parseTime(t) : null;
};

/**
 * Whether the frame is series written across: at least 8 numeric columns named by timestamps in
 * order, one step apart (gaps allowed), and a text column naming each row once (the series' id).
 * @example wideSeries(worldBankFrame) // { id: 'Country Name', times: ['1960', …, '2020'] }
 */
export function wideSeries(frame: Frame): { id: string; times: string[] } | undefined {
  const times = frame.columns.filter((c) => frame.dtype(c) === 'number' && timeName(c));
  if (times.length < 8) return undefined;
  const dates = times.map((c) => timeName(c)!);
  for (let i = 1; i < dates.length; i++) if (dates[i]! <= dates[i - 1]!) return undefined;
  try {
    inferFrequency(dates);
  } catch (e) {
    if (!/a gap/.test((e as Error).message)) return undefined;
  }
  const id = frame.columns.find((c) => {
    if (frame.dtype(c) !== 'string') return false;
    const values = frame.column(c) as ArrayLike<unknown>;
    return new Set(Array.from(values)).size === frame.nRows && !Array.from(values).includes(null);
  });
  return id ? { id, times } : undefined;
}

/**
 * The long form of series written across: columns `id`, `time` (the column names as dates) and
 * `value`, one row per series and step, series after series; the other columns are left out.
 * @example meltWide(frame, 'Country Name', 'gdp.csv').columns // ['Country Name', 'time', 'value']
 */
export function meltWide(frame: Frame, id: string, where: string): Frame {
  if (!frame.columns.includes(id))
    throw new DataError(
      `${where}: data.melt.id '${id}' is not a column; the columns are: ${frame.columns.join(', ')}`,
    );
  const times = frame.columns.filter((c) => frame.dtype(c) === 'number' && timeName(c));
  if (times.length === 0)
    throw new DataError(
      `${where}: data.melt needs columns named by timestamps (1960, 2020-01 …); none of ${frame.columns.join(', ')} is`,
    );
  const ids = frame.column(id) as ArrayLike<unknown>;
  const values = times.map((c) => frame.numeric(c));
  const dates = times.map((c) => timeName(c)!);
  const n = frame.nRows * times.length;
  const columns: Record<string, Column> = {
    [id]: Array.from({ length: n }, (_, k) => ids[Math.floor(k / times.length)] ?? null) as Column,
    time: Array.from({ length: n }, (_, k) => dates[k % times.length]!),
    value: Float64Array.from(
      { length: n },
      (_, k) => values[k % times.length]![Math.floor(k / times.length)]!,
    ),
  };
  return new Frame(columns);
}

/**
 * The numeric columns a `data.melt.series` value names: a list, or a prefix pattern (`MT_*`: every
 * column that starts with `MT_`).
 */
export function seriesColumns(frame: Frame, series: string | readonly string[], where: string): string[] {
  const cols =
    typeof series === 'string'
      ? frame.columns.filter((c) => c.startsWith(series.replace(/\*$/, '')))
      : [...series];
  if (cols.length === 0)
    throw new DataError(
      `${where}: data.melt.series '${String(series)}' names no column; the columns are: ${frame.columns.join(', ')}`,
    );
  for (const c of cols) {
    if (!frame.columns.includes(c))
      throw new DataError(
        `${where}: data.melt.series names '${c}', which is not a column; the columns are: ${frame.columns.join(', ')}`,
      );
    if (frame.dtype(c) !== 'number')
      throw new DataError(`${where}: data.melt.series column '${c}' does not hold numbers`);
  }
  return cols;
}

/**
 * Whether the frame is series written down: a time column and at least 3 numeric columns, every one
 * named by one prefix and a number (`MT_001` … `MT_370` in UCI's electricity data, `store_1`,
 * `sensor 12`), one per series. Columns of different quantities (`temp`, `humidity`) are not.
 * @example columnSeries(electricity) // { time: 'date', series: 'MT_*', columns: ['MT_001', …] }
 */
export function columnSeries(frame: Frame): { time: string; series: string; columns: string[] } | undefined {
  const nums = frame.columns.filter((c) => frame.dtype(c) === 'number');
  const others = frame.columns.filter((c) => !nums.includes(c));
  if (nums.length < 3 || others.length !== 1) return undefined;
  const time = others[0]!;
  if (!readsAsTimes(frame, time)) return undefined;
  const prefix = /^(.*?\D)\d+$/.exec(nums[0]!)?.[1];
  if (!prefix || !nums.every((c) => c.startsWith(prefix) && /^\d+$/.test(c.slice(prefix.length))))
    return undefined;
  return { time, series: `${prefix}*`, columns: nums };
}

/** Whether a column's first 200 values are all timestamps. */
function readsAsTimes(frame: Frame, name: string): boolean {
  const col = frame.column(name) as ArrayLike<unknown>;
  for (let i = 0; i < Math.min(col.length, 200); i++) if (parseTime(col[i]) === null) return false;
  return true;
}

/**
 * Series written down that --label lists (`AAPL,MSFT,GOOG` beside a `Date` column): the time column
 * (the one other column read as timestamps) and the listed numeric columns, or undefined when the
 * list is not several numeric columns of the file (a multi-label list of 0/1 columns is for infer).
 * @example seriesColumnsListed(frame, 'AAPL,MSFT') // { time: 'Date', series: ['AAPL', 'MSFT'], columns: [...] }
 */
export function seriesColumnsListed(
  frame: Frame,
  label: string,
): { time: string; series: string[]; columns: string[] } | undefined {
  if (!label.includes(',') || frame.columns.includes(label)) return undefined;
  const columns = label.split(',').map((c) => c.trim());
  if (columns.length < 2 || !columns.every((c) => frame.columns.includes(c) && frame.dtype(c) === 'number'))
    return undefined;
  // 0/1 columns are labels of a multi-label model, not series.
  if (columns.every((c) => frame.numeric(c).every((v) => Number.isNaN(v) || v === 0 || v === 1)))
    return undefined;
  const times = frame.columns.filter(
    (c) => !columns.includes(c) && frame.dtype(c) !== 'number' && frame.nRows > 0 && readsAsTimes(frame, c),
  );
  return times.length === 1 ? { time: times[0]!, series: columns, columns } : undefined;
}

/**
 * The long form of series written down: columns `time` (its own name), `series` (the column's name)
 * and `value`, one row per series and step, series after series.
 * @example meltColumns(frame, 'date', ['MT_001', 'MT_002'], 'elec.csv').columns // ['date', 'series', 'value']
 */
export function meltColumns(frame: Frame, time: string, columns: readonly string[], where: string): Frame {
  if (!frame.columns.includes(time))
    throw new DataError(
      `${where}: data.melt.time '${time}' is not a column; the columns are: ${frame.columns.join(', ')}`,
    );
  if (time === 'series' || time === 'value')
    throw new DataError(
      `${where}: data.melt writes columns 'series' and 'value'; rename the time column '${time}'`,
    );
  const T = frame.nRows;
  const times = frame.column(time) as ArrayLike<unknown>;
  const values = columns.map((c) => frame.numeric(c));
  const n = T * columns.length;
  return new Frame({
    [time]: Array.from({ length: n }, (_, k) => times[k % T] ?? null) as Column,
    series: Array.from({ length: n }, (_, k) => columns[Math.floor(k / T)]!),
    value: Float64Array.from({ length: n }, (_, k) => values[Math.floor(k / T)]![k % T]!),
  });
}

/**
 * The period of the year a column's name says: a month (`Jan`, `JAN`, `January`, `Sept.`: 1–12) or a
 * quarter (`Q1` … `Q4`), else undefined.
 */
function periodOfName(name: string): { unit: 'month' | 'quarter'; k: number } | undefined {
  const n = name.trim().toLowerCase().replace(/\.$/, '');
  const q = /^q([1-4])$/.exec(n);
  if (q) return { unit: 'quarter', k: Number(q[1]) };
  const m = monthOfName(n);
  return m > 0 ? { unit: 'month', k: m } : undefined;
}

/**
 * Whether the frame is one series written as a grid: a row per year (a column of whole years in
 * increasing order) and a numeric column per month (`JAN` … `DEC`, as NOAA's El Niño table, BLS
 * and many statistics offices write them) or per quarter (`Q1` … `Q4`). The other columns (an annual
 * total or mean) are not part of it.
 * @example yearGrid(elnino) // { year: 'YEAR', unit: 'month', columns: ['JAN', …, 'DEC'], others: [] }
 */
export function yearGrid(
  frame: Frame,
): { year: string; unit: 'month' | 'quarter'; columns: string[]; others: string[] } | undefined {
  const periods = frame.columns
    .filter((c) => frame.dtype(c) === 'number')
    .map((c) => ({ c, p: periodOfName(c) }))
    .filter((x) => x.p);
  for (const unit of ['month', 'quarter'] as const) {
    const cols = periods.filter((x) => x.p!.unit === unit);
    const count = unit === 'month' ? 12 : 4;
    if (cols.length !== count || new Set(cols.map((x) => x.p!.k)).size !== count) continue;
    const year = frame.columns.find((c) => {
      if (frame.dtype(c) !== 'number' || frame.nRows < 2) return false;
      const y = frame.numeric(c);
      return y.every((v, i) => Number.isInteger(v) && v >= 1000 && v < 3000 && (i === 0 || v > y[i - 1]!));
    });
    if (!year) return undefined;
    const columns = cols.sort((a, b) => a.p!.k - b.p!.k).map((x) => x.c);
    return { year, unit, columns, others: frame.columns.filter((c) => c !== year && !columns.includes(c)) };
  }
  return undefined;
}

/**
 * The long form of a year × month (or quarter) grid: columns `time` (each period's first day) and
 * `value`, in time order; empty cells before the first value and after the last one (the months of
 * this year still to come) are left out, empty cells between stay as gaps.
 * @example meltYearGrid(elnino, 'YEAR', 'elnino.csv').columns // ['time', 'value']
 */
export function meltYearGrid(frame: Frame, year: string, where: string): Frame {
  const grid = yearGrid(frame);
  if (!grid || grid.year !== year)
    throw new DataError(
      `${where}: data.melt.year '${year}' needs a column of whole years in increasing order and a numeric column per month (Jan … Dec) or per quarter (Q1 … Q4); the columns are: ${frame.columns.join(', ')}`,
    );
  const years = frame.numeric(year);
  const cells = grid.columns.map((c) => frame.numeric(c));
  const per = grid.columns.length;
  const times: Date[] = [];
  const values: number[] = [];
  for (let i = 0; i < frame.nRows; i++)
    for (let k = 0; k < per; k++) {
      times.push(new Date(Date.UTC(years[i]!, (k * 12) / per, 1)));
      values.push(cells[k]![i]!);
    }
  const first = values.findIndex((v) => !Number.isNaN(v));
  let end = values.length;
  while (end > first + 1 && Number.isNaN(values[end - 1]!)) end--;
  const from = Math.max(0, first);
  return new Frame({ time: times.slice(from, end), value: Float64Array.from(values.slice(from, end)) });
}

/**
 * `data.melt`: series written across (`id`: the column naming each row's series), down (`time`,
 * `series`), or one series as a year × month or quarter grid (`year`: the column of years).
 */
export type MeltSpec = { id: string } | { time: string; series: string | string[] } | { year: string };

/**
 * A frame read in long form as `data.melt` says.
 * @example applyMelt(frame, { time: 'date', series: 'MT_*' }, 'elec.csv')
 */
export function applyMelt(frame: Frame, spec: MeltSpec, where: string): Frame {
  if ('year' in spec) return meltYearGrid(frame, spec.year, where);
  return 'id' in spec
    ? meltWide(frame, spec.id, where)
    : meltColumns(frame, spec.time, seriesColumns(frame, spec.series, where), where);
}

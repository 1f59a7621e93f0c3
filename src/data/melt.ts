/**
 * Series written across: one row per country or product, one column per year or month (World Bank,
 * Eurostat and most statistics offices publish this way). Read in long form, one row per series and
 * step, as pandas users do with `df.melt(id_vars=[...], var_name='time', value_name='value')`.
 */
import { DataError } from './errors.js';
import { Frame, type Column } from './frame.js';
import { inferFrequency, parseTime } from './time.js';

/** A column name that is a timestamp: `1960`, `2020-01`, `2020-01-31`, `2019Q1`. */
const timeName = (name: string): Date | null =>
  /^\d{4}([-/ ]?(Q\d|\d{1,2}([-/]\d{1,2})?))?$/.test(name.trim()) ? parseTime(name.trim()) : null;

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

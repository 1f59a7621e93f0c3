/**
 * readJsonl: JSON Lines (one object per line) and readJson: a .json table document, into a Frame
 * (.gz/.xz transparently).
 */
import { parse, type ParseError } from 'jsonc-parser';
import { DataError, locate } from '../errors.js';
import { flattenJsonRecord, Frame, jsonCell } from '../frame.js';
import { readLines, readTextFile } from './compressed.js';
import { spreadsheetDates, typedCells, type DateReading } from './column-types.js';
import type { Column } from '../frame.js';
import { parseTime } from '../time.js';
import { OffsetSamples, utcOffsetOf, wallClock } from '../time-zone.js';

type Scalar = number | string | boolean | null;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON value as a cell of a column-oriented document: nested values are kept as JSON text. */
const scalar = jsonCell;

const record = (value: Record<string, unknown>): Record<string, Scalar> => flattenJsonRecord(value);

/**
 * Reads one JSON object per line; blank lines are skipped, nested objects flattened to dotted columns
 * (`user.age`, as pandas' json_normalize), arrays kept as JSON text.
 * @example const df = await readJsonl('reviews.jsonl'); df.column('text');
 */
export async function readJsonl(path: string, dates: DateReading = {}, notes?: string[]): Promise<Frame> {
  return withDates(typedMixed(await readJsonlRecords(path), notes), dates);
}

async function readJsonlRecords(path: string): Promise<Frame> {
  const records: Record<string, Scalar>[] = [];
  let line = 0;
  for await (const text of readLines(path)) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new DataError(
        `${locate({ file: path, line })}: not valid JSON (${(e as Error).message}): ${text.slice(0, 80)}`,
      );
    }
    if (!isObject(value)) {
      throw new DataError(
        `${locate({ file: path, line })}: expected a JSON object per line, found ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`,
      );
    }
    records.push(record(value));
  }
  if (line === 0) throw new DataError(`${path}: the file is empty; expected one JSON object per line`);
  if (records.length === 0)
    throw new DataError(`${path}: has only blank lines; expected one JSON object per line`);
  return Frame.fromRecords(records);
}

/**
 * Columns whose values mix JSON types (numbers among strings: a film `Title` of 1776; `"n/a"` among
 * numbers), typed as the CSV reader types the same values written as text (typedCells), and said in
 * `notes`. Without this a text column held numbers its steps called string methods on ("v.trim is
 * not a function").
 */
export function typedMixed(frame: Frame, notes?: string[]): Frame {
  const columns: Record<string, Column> = {};
  let changed = false;
  for (const name of frame.columns) {
    const col = frame.column(name);
    columns[name] = col;
    if (col instanceof Float64Array) continue;
    const types = new Set((col as Scalar[]).filter((v) => v !== null).map((v) => typeof v));
    if (types.size < 2) continue;
    const typed = typedCells(
      name,
      (col as Scalar[]).map((v) => (v === null ? null : String(v))),
    );
    columns[name] = typed.column;
    const numbers = (col as Scalar[]).filter((v) => typeof v === 'number').length;
    const as = {
      number: 'numbers',
      boolean: 'true/false',
      date: 'dates',
      string: 'text (pandas: dtype object)',
    };
    notes?.push(
      `column '${name}' mixes ${numbers} number(s) with text: read as ${as[typed.dtype]}`,
      ...typed.notes,
    );
    changed = true;
  }
  return changed ? Frame.fromColumns(columns) : frame;
}

/**
 * Text columns whose every value is a spreadsheet date (`31.01.2021`, `1/31/2021 1:45 PM`, `Q1 1990`)
 * as dates, day or month first decided on the whole column as the CSV reader decides it. JSON holds
 * them as strings, which the time parser would read cell by cell, month first: `02.01.2021` was
 * 1 February and `13.01.2021` no date at all.
 */
function withDates(frame: Frame, { dayFirst, dateOrders, timeZone, utcOffsets }: DateReading): Frame {
  const columns: Record<string, Column> = {};
  let changed = false;
  for (const name of frame.columns) {
    const col = frame.column(name);
    const text = frame.dtype(name) === 'string';
    const read = text ? spreadsheetDates(col as unknown[], dayFirst) : undefined;
    // ISO times written with UTC offsets: noted, and read in data.timeZone's local time as the CSV reader does.
    const zoned = text && !read ? zonedTimes(col as (string | null)[], timeZone) : undefined;
    columns[name] = read?.dates ?? zoned?.dates ?? col;
    if (zoned) {
      if (utcOffsets) utcOffsets[name] = zoned.offsets.samples;
      changed ||= timeZone !== undefined;
    }
    if (!read) continue;
    changed = true;
    if (dateOrders && (read.order === 'dmy' || read.order === 'mdy')) dateOrders[name] = read.order;
  }
  return changed ? Frame.fromColumns(columns) : frame;
}

/** A column of ISO times each written with a UTC offset: their offsets, and (with a zone) the times as its wall clock. */
function zonedTimes(
  col: readonly (string | null)[],
  timeZone: string | undefined,
): { dates?: (Date | null)[]; offsets: OffsetSamples } | undefined {
  const offsets = new OffsetSamples();
  const dates: (Date | null)[] = [];
  for (const v of col) {
    if (v === null) {
      dates.push(null);
      continue;
    }
    const offset = utcOffsetOf(v);
    const d = offset === undefined ? null : parseTime(v);
    if (!d) return undefined;
    offsets.note(d.getTime(), offset!);
    dates.push(timeZone ? wallClock(d, timeZone) : d);
  }
  return offsets.samples.length ? { ...(timeZone ? { dates } : {}), offsets } : undefined;
}

/**
 * Where the first syntax error of a JSON text is (line and column, 1-based). JSON.parse's messages
 * carry no position on Node 20, so jsonc-parser's scanner finds it.
 */
function syntaxError(text: string): { line?: number; column?: number } {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (!errors.length) return {};
  const before = text.slice(0, errors[0]!.offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/**
 * Reads a .json table in the layouts pandas and JavaScript write: an array of row objects
 * (`to_json(orient='records')`), an object of columns (`{ "a": [1, 2] }`, or pandas' default
 * `orient='columns'`: `{ "a": { "0": 1, "1": 2 } }`), pandas' `orient='split'`
 * (`{ "columns": [...], "data": [[...]] }`) and `orient='index'` (`{ "0": { "a": 1 }, … }`, more rows than
 * columns; exports keyed by id too), an API response whose rows are the one array of objects
 * under a key (`{ "data": [...], "meta": {...} }`; said in `notes`), or JSON Lines under a .json name.
 * Row objects' nested objects become dotted columns (`user.age`), other nested values JSON text; a
 * GeoJSON or TopoJSON document is refused (it holds shapes, not rows).
 * @example const df = await readJson('cars.json'); df.columns // ['Name', 'Miles_per_Gallon', …]
 */
export async function readJson(path: string, notes?: string[], dates: DateReading = {}): Promise<Frame> {
  return withDates(typedMixed(await readJsonDocument(path, notes), notes), dates);
}

async function readJsonDocument(path: string, notes?: string[]): Promise<Frame> {
  const text = await readTextFile(path);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    if (lines.length > 1 && isObject(tryParse(lines[0]!))) return readJsonlRecords(path);
    throw new DataError(
      `${locate({ file: path, ...syntaxError(text) })}: not valid JSON (${(e as Error).message.slice(0, 80)}); expected an array of row objects, an object of columns, or one object per line`,
    );
  }
  if (Array.isArray(doc)) {
    if (doc.length === 0)
      throw new DataError(`${path}: the JSON array is empty; expected one object per row`);
    const bad = doc.findIndex((r) => !isObject(r));
    if (bad >= 0)
      throw new DataError(
        `${path}: element ${bad + 1} of the array is ${JSON.stringify(doc[bad])?.slice(0, 40)}; expected one object per row ({"column": value, …})`,
      );
    return Frame.fromRecords((doc as Record<string, unknown>[]).map(record));
  }
  if (!isObject(doc))
    throw new DataError(`${path}: holds ${JSON.stringify(doc).slice(0, 40)}; expected a table of rows`);
  if (
    typeof doc.type === 'string' &&
    /^(FeatureCollection|Feature|Topology|GeometryCollection)$/.test(doc.type)
  )
    throw new DataError(
      `${path}: a ${doc.type === 'Topology' ? 'TopoJSON' : 'GeoJSON'} document holds shapes, not rows of a table; export the properties as CSV or JSON rows`,
    );
  if (Array.isArray(doc.columns) && Array.isArray(doc.data)) return splitTable(doc.columns, doc.data, path);
  // An API response: the rows under one key, beside its metadata (pandas needs json_normalize's
  // record_path for these).
  const arrays = Object.entries(doc).filter(
    ([, v]) => Array.isArray(v) && v.length > 0 && v.every(isObject),
  ) as [string, Record<string, unknown>[]][];
  if (arrays.length > 1)
    throw new DataError(
      `${path}: holds several arrays of rows (${arrays.map(([k, v]) => `"${k}": ${v.length}`).join(', ')}); save the one to learn from as its own JSON file`,
    );
  if (arrays.length === 1) {
    const [key, rows] = arrays[0]!;
    const others = Object.keys(doc).filter((k) => k !== key);
    notes?.push(
      `the rows are the ${rows.length} objects under "${key}"${others.length ? ` (${others.map((k) => `"${k}"`).join(', ')} left out)` : ''}`,
    );
    return Frame.fromRecords(rows.map(record));
  }
  const values = Object.values(doc);
  if (values.length && values.every(Array.isArray)) {
    const n = values[0]!.length;
    const uneven = Object.entries(doc).find(([, v]) => (v as unknown[]).length !== n);
    if (uneven)
      throw new DataError(
        `${path}: column "${uneven[0]}" has ${(uneven[1] as unknown[]).length} values where "${Object.keys(doc)[0]}" has ${n}; every column needs one value per row`,
      );
    return Frame.fromColumns(
      Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, (v as unknown[]).map(scalar)])),
    );
  }
  if (values.length && values.every(isObject)) {
    const index = [...new Set(values.flatMap((c) => Object.keys(c as object)))];
    // pandas' orient='index' (and exports keyed by id, as Firebase's): row key → { column → value },
    // more rows than columns. The keys become column 'index'.
    if (values.length > index.length) {
      const key = index.includes('index') ? 'key' : 'index';
      notes?.push(
        `the rows are the ${values.length} objects under their keys (pandas' orient='index'), the keys in column '${key}'`,
      );
      return Frame.fromRecords(
        Object.entries(doc).map(([k, v]) => ({ [key]: k, ...record(v as Record<string, unknown>) })),
      );
    }
    // pandas' orient='columns': column → { row index → value }; rows in first-seen index order.
    return Frame.fromColumns(
      Object.fromEntries(
        Object.entries(doc).map(([k, c]) => [k, index.map((i) => scalar((c as Record<string, unknown>)[i]))]),
      ),
    );
  }
  return Frame.fromRecords([record(doc)]);
}

function tryParse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** pandas' orient='split': { columns: [names], data: [[row values]] }. */
function splitTable(columns: unknown[], data: unknown[], path: string): Frame {
  const names = columns.map(String);
  const bad = data.findIndex((r) => !Array.isArray(r) || r.length !== names.length);
  if (bad >= 0)
    throw new DataError(
      `${path}: row ${bad + 1} of "data" is not an array of ${names.length} values (one per name in "columns")`,
    );
  return Frame.fromColumns(
    Object.fromEntries(names.map((n, j) => [n, (data as unknown[][]).map((r) => scalar(r[j]))])),
  );
}

/** A data file → inferred roles → a config: what `seqlab init`, `seqlab train DATA` and `seqlab describe` share. */
import { statSync } from 'node:fs';
import { isFastText } from '../data/io/fasttext.js';
import { newestFirst, reversedRows } from '../data/time.js';
import { unzipped } from '../data/io/zip.js';
import { missingMarksOf, withoutMarks } from '../data/preprocessing/missing-marks.js';
import { caseVariantsOf, withReplaced } from '../data/preprocessing/replace-values.js';
import { compositeColumnsOf, partNames, splitParts } from '../data/preprocessing/split-columns.js';
import { sniffLayout } from '../data/io/sniff.js';
import { WHITESPACE, type Delimiter } from '../data/io/csv.js';
import {
  columnSeries,
  meltColumns,
  meltWide,
  meltYearGrid,
  seriesColumnsListed,
  type MeltSpec,
  wideSeries,
  yearGrid,
} from '../data/melt.js';
import { basename, isAbsolute, relative, resolve } from 'node:path';
import type { Frame } from '../data/frame.js';
import { checkSameColumns, readTable, type ReadTableOptions } from './data.js';
import { inferRoles, InferenceError, namedLikeId, type Inference, type InferOptions } from './infer.js';
import { initConfig, type InitConfig } from './init-config.js';
import { offsetText, zoneOfClock, zoneOfOffsets } from '../data/time-zone.js';

export interface FromDataOptions extends Omit<InferOptions, 'where'> {
  /** A separate test file with the same columns. */
  test?: string;
  /** XLSX worksheet. */
  sheet?: string | number;
  /** Force the header decision (otherwise sniffed). */
  header?: boolean;
  /** A CSV's field separator (otherwise detected). */
  delimiter?: Delimiter;
  name?: string;
  /** Series: the steps to forecast, in place of the recipe's (`--horizon`). */
  horizon?: number;
  /** The folder the config will be written to: data paths are made relative to it. Default: absolute paths. */
  configDir?: string;
}

export interface FromData {
  frame: Frame;
  inference: Inference;
  init: InitConfig;
}

/** The experiment name from a file name: `adult-train.csv.gz` → `adult-train`, `titanic.zip/train.csv` → `titanic-train`. */
export function nameFromPath(path: string): string {
  const stem = (p: string): string =>
    basename(p)
      .replace(/(\.(gz|xz|bz2))?$/i, '')
      .replace(/\.[^.]+$/, '')
      .replace(/[^\w-]/g, '_');
  // A file in a zip archive: both names (titanic.zip/train.csv → titanic-train).
  const zip = /^(.*\.zip)[/\\]([^/\\]+)$/i.exec(path);
  return (zip ? `${stem(zip[1]!)}-${stem(zip[2]!)}` : stem(path)) || 'experiment';
}

/**
 * Reads a file, infers its columns' roles and the task, and builds a commented config.
 * @example const { init } = await configFromData('data.csv', { label: 'y' }); console.log(initConfigYaml(init));
 */
export async function configFromData(path: string, opts: FromDataOptions = {}): Promise<FromData> {
  const layoutNotes: string[] = [];
  const read: ReadTableOptions = {
    notes: layoutNotes,
    ...(opts.header !== undefined ? { header: opts.header } : {}),
    ...(opts.sheet !== undefined ? { sheet: opts.sheet } : {}),
    ...(opts.delimiter !== undefined ? { delimiter: opts.delimiter } : {}),
  };
  const utcOffsets: Record<string, [number, number][]> = {};
  let frame = await readTable(path, { ...read, utcOffsets });
  // Timestamps written with UTC offsets that change (daylight saving): read in the zone whose
  // offsets they are, so hours and days follow the local clock (data.timeZone).
  const zoned = zoneOfColumns(utcOffsets);
  if (zoned) {
    read.timeZone = zoned.zone;
    frame = await readTable(path, { ...read, notes: [] });
    layoutNotes.push(
      zoned.clocks
        ? `column '${zoned.column}' writes its times in UTC at ${zoned.clocks.join(' or ')}, the same local time of day in ${zoned.zone} (local times written in UTC, as JavaScript's Date.toJSON writes them): read in that local time (data.timeZone; remove it to read them in UTC)`
        : zoned.offsets.length === 1
          ? `column '${zoned.column}' writes its times with the UTC offset ${zoned.zone}: read in that local time, and forecasts written in it (data.timeZone; remove it to read them in UTC)`
          : `column '${zoned.column}' writes its times with UTC offsets ${zoned.offsets.join(' and ')}, as ${zoned.zone} does (daylight saving): read in its local time, so hours and days follow the local clock (data.timeZone; remove it to read them in UTC)`,
    );
  }
  if (opts.test) checkSameColumns(frame, await readTable(opts.test, { ...read, notes: [] }), path, opts.test);
  // One series as a grid (a row per year, a column per month): read in time order. --label may
  // name the month columns (they are the series), not another column.
  const grid = opts.test ? undefined : yearGrid(frame);
  const monthsOnly = (label: string): boolean =>
    label.split(',').every((c) => grid!.columns.includes(c.trim()));
  const byYear = grid && (!opts.label || monthsOnly(opts.label)) ? grid : undefined;
  if (byYear) {
    frame = meltYearGrid(frame, byYear.year, path);
    opts = { ...opts, label: undefined };
    const span = `${byYear.columns[0]} … ${byYear.columns[byYear.columns.length - 1]}`;
    layoutNotes.push(
      `a row per '${byYear.year}' and a column per ${byYear.unit} (${span}): one ${byYear.unit === 'month' ? 'monthly' : 'quarterly'} series, read in time order as columns time, value (data.melt.year)${byYear.others.length ? `; ${byYear.others.join(', ')} left out` : ''}`,
    );
  }
  // Series written across (a row per country, a column per year): read in long form, a panel.
  const wide = opts.label || opts.test || byYear ? undefined : wideSeries(frame);
  // Series written down (a row per time, a column per series: MT_001 … MT_370): the same, turned; or
  // the columns --label lists beside a time column (AAPL,MSFT,GOOG: no shared name to find them by).
  const listed = opts.label && !opts.test ? seriesColumnsListed(frame, opts.label) : undefined;
  const down = listed ?? (opts.label || opts.test || wide || byYear ? undefined : columnSeries(frame));
  if (listed) opts = { ...opts, label: undefined };
  let melt: MeltSpec | undefined = byYear ? { year: byYear.year } : undefined;
  if (wide) {
    frame = meltWide(frame, wide.id, path);
    melt = { id: wide.id };
    layoutNotes.push(
      `the columns ${wide.times[0]} … ${wide.times[wide.times.length - 1]} are the steps of one series per '${wide.id}' (a table written across): read in long form, columns ${wide.id}, time, value (data.melt)`,
    );
  } else if (down) {
    frame = meltColumns(frame, down.time, down.columns, path);
    melt = { time: down.time, series: down.series };
    const cols = down.columns;
    layoutNotes.push(
      `the ${cols.length} columns ${listed ? cols.join(', ') : `${cols[0]} … ${cols[cols.length - 1]}`} are one series each along '${down.time}' (${listed ? 'as --label lists them' : 'a table written down'}): read in long form, columns ${down.time}, series, value (data.melt), for one global model over all of them`,
    );
  }
  // Codes for "not measured" (-200, -9999, 9999.9): missing, in the config (data.naValues) as here.
  const marks = missingMarksOf(frame);
  if (marks.length) {
    frame = withoutMarks(
      frame,
      marks.map((m) => m.value),
    );
    for (const m of marks) {
      const where = `${m.columns.length === 1 ? 'column' : `${m.columns.length} columns`} ${m.columns
        .slice(0, 4)
        .map((c) => `'${c}'`)
        .join(', ')}${m.columns.length > 4 ? ', …' : ''}`;
      layoutNotes.push(
        `${m.count.toLocaleString('en-US')} cell(s) hold ${m.value} in ${where}, far beyond the column's other values: a code for a missing value, read as missing (data.naValues; remove it to read them as numbers)`,
      );
    }
  }
  // One label or category in several spellings (Yes, yes, YES): the most frequent one (data.replace).
  const variants = caseVariantsOf(frame);
  const replace = variants.length ? Object.fromEntries(variants.map((v) => [v.column, v.map])) : undefined;
  if (replace) {
    frame = withReplaced(frame, replace);
    for (const v of variants) {
      const shown = v.groups.slice(0, 3).map((g) => g.map((s) => `'${s}'`).join(', '));
      layoutNotes.push(
        `column '${v.column}' writes ${v.groups.length === 1 ? 'one value' : `${v.groups.length} values`} several ways, differing in case or spaces (${shown.join('; ')}${v.groups.length > 3 ? '; …' : ''}): each read as its most frequent spelling, the first named (data.replace; remove it to keep them apart)`,
      );
    }
  }
  // Codes made of parts (a cabin's deck/number/side): one column per part (data.splitColumns).
  const composite = compositeColumnsOf(
    frame,
    frame.columns.filter((c) => namedLikeId(c) || c === opts.label || c === opts.text),
  );
  const splitColumns = composite.length
    ? Object.fromEntries(composite.map((s) => [s.column, s.separator]))
    : undefined;
  for (const s of composite) {
    const example = (frame.column(s.column) as (string | null)[]).find((v) => v !== null);
    frame = splitParts(frame, s.column, s.separator);
    layoutNotes.push(
      `column '${s.column}' holds codes of ${s.parts} parts (e.g. ${JSON.stringify(example)}): split at '${s.separator}' into ${partNames(s.column, s.parts).join(', ')} (data.splitColumns; remove it to keep the codes whole)`,
    );
  }
  // A folder of texts or a fastText file is a corpus: its text column is text, however short.
  // The file as read: a zip archive's member (readTable said so in the notes).
  const file = await unzipped(path);
  const corpus = statSync(file).isDirectory() || (frame.columns.length === 2 && (await isFastText(file)));
  const text = opts.text ?? (corpus && frame.columns.includes('text') ? 'text' : undefined);
  // The run must read the file as it was read here: header, lines above the table (a count line, a
  // title), encoding and sheet go in the config.
  const sniffed =
    !corpus &&
    (/\.(csv|tsv|txt)(\.(gz|xz|bz2))?$/i.test(file) ||
      !/\.(xlsx|xlsm|parquet|pq|jsonl|json|ndjson)(\.(gz|xz|bz2))?$/i.test(file));
  const layout = sniffed ? await sniffLayout(file) : undefined;
  // scikit-learn's count line over a header (boston_house_prices.csv: 13 features, then MEDV): its
  // last column is the target, whatever its name.
  if (layout?.countLine && layout.header && !opts.label && !text) {
    const last = frame.columns[frame.columns.length - 1]!;
    opts = { ...opts, label: last };
    layoutNotes.push(
      `label '${last}': the count line says the columns before it are the ${layout.countLine.nFeatures} features (say --label otherwise)`,
    );
  }
  const infer = (f: Frame): Inference => inferRoles(f, { ...opts, ...(text ? { text } : {}), where: path });
  // Rows newest first (prices from investing.com or Nasdaq): a series to forecast is read oldest first,
  // as the run will read it (regularTimes); any other task reads the rows as they are.
  let inference: Inference | undefined;
  const newest = corpus
    ? undefined
    : frame.columns.find((c) => frame.dtype(c) !== 'number' && newestFirst(frame.column(c)));
  if (newest) {
    const reversed = reversedRows(frame);
    const note = `the rows are newest first by '${newest}' (as finance sites and many exports list them): read oldest first`;
    let asSeries: Inference | undefined;
    try {
      asSeries = infer(reversed);
    } catch (e) {
      // Read as they are when that works (a table); else the series' question (which column?) is the one to ask.
      try {
        inference = infer(frame);
      } catch {
        if (e instanceof InferenceError) e.message = `${e.message} (${note})`;
        throw e;
      }
    }
    if (asSeries?.task === 'forecasting') {
      frame = reversed;
      inference = asSeries;
      layoutNotes.push(note);
    }
  }
  inference ??= infer(frame);
  const headerless = frame.columns.every((c, j) => c === `col${j}` || c === 'target');
  const where = (p: string): string =>
    opts.configDir && !relative(resolve(opts.configDir), resolve(p)).startsWith('..')
      ? relative(resolve(opts.configDir), resolve(p))
      : isAbsolute(p)
        ? p
        : resolve(p);
  const init = initConfig(inference, frame, {
    source: where(path),
    read: {
      ...(layout?.encoding ? { encoding: layout.encoding } : {}),
      ...(read.timeZone ? { timeZone: read.timeZone } : {}),
      ...(sniffed || opts.header !== undefined ? { header: opts.header ?? !headerless } : {}),
      ...(layout?.skipLines ? { skipLines: layout.skipLines } : {}),
      ...(layout?.unitsRow && !headerless ? { unitsRow: true } : {}),
      ...((layout?.countLine && !layout.header) || layout?.groupNames ? { columns: frame.columns } : {}),
      ...(melt ? { melt } : {}),
      ...(marks.length ? { naValues: marks.map((m) => m.value) } : {}),
      ...(replace ? { replace } : {}),
      ...(splitColumns ? { splitColumns } : {}),
      ...(opts.sheet !== undefined ? { sheet: opts.sheet } : {}),
      // Said in the config when given, or when the fields are aligned by spaces (not obvious from the name).
      ...(opts.delimiter !== undefined
        ? { delimiter: opts.delimiter }
        : layout?.delimiter === WHITESPACE
          ? { delimiter: 'whitespace' as const }
          : {}),
      layoutNotes,
    },
    ...(opts.test ? { test: where(opts.test) } : {}),
    name: opts.name ?? nameFromPath(path),
    ...(opts.horizon ? { horizon: opts.horizon } : {}),
  });
  return { frame, inference, init };
}

/**
 * The first date column whose timestamps carry UTC offsets other than UTC's, with the zone they fit:
 * the zone whose daylight saving changes them, or the one fixed offset; undefined for UTC times.
 */
function zoneOfColumns(
  utcOffsets: Record<string, [number, number][]>,
): { column: string; zone: string; offsets: string[]; clocks?: string[] } | undefined {
  for (const [column, samples] of Object.entries(utcOffsets)) {
    const offsets = [...new Set(samples.map(([, o]) => o))];
    if (offsets.length === 1 && offsets[0] === 0) {
      // Local times written in UTC (JavaScript's toJSON): midnights at 08:00Z in winter, 07:00Z in summer.
      const zone = zoneOfClock(samples);
      if (zone)
        return {
          column,
          zone,
          offsets: [],
          clocks: [...new Set(samples.map(([t]) => new Date(t).toISOString().slice(11, 16)))],
        };
      continue;
    }
    // One offset (India's +05:30): that fixed offset, so forecasts are written in it too.
    const zone = offsets.length === 1 ? offsetText(offsets[0]!) : zoneOfOffsets(samples);
    if (zone) return { column, zone, offsets: offsets.map(offsetText) };
  }
  return undefined;
}

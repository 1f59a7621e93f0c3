/** Loading an experiment's data from a file or a builtin source into Frames. */
import { detectCompression, notATable } from '../data/io/compressed.js';
import { basename } from 'node:path';
import { unzipped } from '../data/io/zip.js';
import { withoutMarks } from '../data/preprocessing/missing-marks.js';
import { withReplaced } from '../data/preprocessing/replace-values.js';
import { splitParts } from '../data/preprocessing/split-columns.js';
import { existsSync, statSync } from 'node:fs';
import { SeqlabError } from '../errors.js';
import { Frame } from '../data/frame.js';
import { formatCell } from '../data/table.js';
import { inferFrequency, nextTimes } from '../data/time.js';
import { DELIMITERS, WHITESPACE, dedupe, readCsv, type Delimiter } from '../data/io/csv.js';
import type { TextEncoding } from '../data/io/compressed.js';
import { typedCells, type DateOrder, type DateReading } from '../data/io/column-types.js';
import { readXlsx } from '../data/io/xlsx.js';
import { readJson, readJsonl } from '../data/io/jsonl.js';
import { readParquet } from '../data/io/parquet.js';
import { isFastText, readFastText } from '../data/io/fasttext.js';
import { readTextFolderFrame } from '../data/io/text-folder.js';
import { sniffLayout } from '../data/io/sniff.js';
import { applyMelt, type MeltSpec } from '../data/melt.js';
import { withSeriesId } from '../data/preprocessing/series-panel.js';
import { loadImdbRaw } from '../data/datasets/imdb.js';
import { makeClassification, type MakeClassificationOptions } from '../data/datasets/make-classification.js';
import { loadBreastCancer } from '../data/datasets/sklearn.js';
import { loadDemo, type DemoName } from '../data/datasets/demo.js';
import { permutation } from '../data/random.js';
import type { ExperimentConfig } from './config-schema.js';

/** The data of one experiment: all rows, or train and test when the source has its own test set. */
export interface LoadedData {
  frame: Frame;
  /** A test set given by the source (IMDB's official split); else the runner splits `frame`. */
  testFrame?: Frame;
  /** Where it came from, for the report's title. */
  source: string;
  /** The order each column of day-month dates was read in (saved with a series model: see SeriesValues). */
  dateOrders?: Record<string, DateOrder>;
}

/**
 * How to read a table file: what `data.header`, `data.columns`, `data.sheet`, `data.dayFirst` … say;
 * `dateOrders` receives the order day-month date columns were read in.
 */
export interface ReadTableOptions extends DateReading {
  maxRows?: number;
  /** The first row names the columns; left out, a CSV's first lines decide (see sniffLayout). */
  header?: boolean;
  /** Column names, for a file without a header row (default col0, col1, …). */
  columns?: string[];
  /** Lines to skip before the header or data (a count line). Left out: sniffed. */
  skipLines?: number;
  /** A CSV's field separator (data.delimiter: 'tab' and 'whitespace' by name). Left out: detected. */
  delimiter?: Delimiter;
  /**
   * Keep rows that hold a date and nothing else, and a last row dated inside the step after a regular
   * index (withoutBareDates, withoutRunningPeriod): predict answers every row it is given.
   */
  everyRow?: boolean;
  /** The row under the header holds units, not data. Left out: sniffed (CSV) or detected (XLSX). */
  unitsRow?: boolean;
  /** Many series written across or down, read in long form (for the config init writes; readTable ignores it). */
  melt?: MeltSpec;
  /** XLSX: the worksheet's name or 1-based index. */
  sheet?: string | number;
  /** A text file's encoding; left out, detected (see sniffEncoding). */
  encoding?: TextEncoding;
  /** Receives what was decided about the layout (header or not, count line), one sentence each. */
  notes?: string[];
}

/**
 * Reads a table file by its extension (.csv, .tsv, .xlsx, .parquet, .jsonl, .json; .gz/.xz/.bz2 compressed),
 * or fastText's `__label__` lines (columns label and text) whatever the name, or a folder of texts
 * (readTextFolderFrame: class folders of files, or a file of lines per class).
 * A CSV whose first row is data (numbers where the rows below have numbers) is read without a header
 * (columns col0…) unless `header: true` says otherwise; scikit-learn's count line is skipped and its
 * last column named `target`.
 * @example const df = await readTable('data/airline-passengers.csv');
 * @example const pima = await readTable('pima-indians-diabetes.csv', { notes }); // header: false, sniffed
 */
export async function readTable(path: string, options: ReadTableOptions | number = {}): Promise<Frame> {
  const opts: ReadTableOptions = typeof options === 'number' ? { maxRows: options } : options;
  const { maxRows } = opts;
  const dates: DateReading = {
    ...(opts.dayFirst !== undefined ? { dayFirst: opts.dayFirst } : {}),
    ...(opts.dateOrders ? { dateOrders: opts.dateOrders } : {}),
    ...(opts.timeZone !== undefined ? { timeZone: opts.timeZone } : {}),
    ...(opts.utcOffsets ? { utcOffsets: opts.utcOffsets } : {}),
  };
  // A zip archive of one file, or a file in one (titanic.zip/train.csv): that file, extracted.
  const file = await unzipped(path);
  if (file !== path) {
    opts.notes?.push(`${basename(file)} read from the zip archive ${path.replace(/(\.zip)[/\\].*$/i, '$1')}`);
    return readTable(file, opts);
  }
  if (!existsSync(path)) throw new SeqlabError(`${path}: no such file`);
  // A text corpus as a folder: class folders of files (Keras), or a file of lines per class.
  if (statSync(path).isDirectory())
    return readTextFolderFrame(path, opts.notes, async (file) => {
      // One table per class: what is said of each (its header, its encoding) is said once.
      const notes: string[] = [];
      const frame = await readTable(file, { notes });
      for (const n of notes) if (!opts.notes?.includes(n)) opts.notes?.push(n);
      return frame;
    });
  if (statSync(path).size === 0) throw new SeqlabError(`${path}: the file is empty`);
  const base = path.toLowerCase().replace(/\.(gz|xz|bz2)$/, '');
  let frame: Frame;
  if (base.endsWith('.xlsx') || base.endsWith('.xlsm'))
    frame = await readXlsx(path, {
      ...(opts.sheet !== undefined ? { sheet: opts.sheet } : {}),
      ...(opts.header !== undefined ? { header: opts.header } : {}),
      ...(opts.skipLines !== undefined ? { skipRows: opts.skipLines } : {}),
      ...(opts.unitsRow !== undefined ? { unitsRow: opts.unitsRow } : {}),
      ...(opts.notes ? { notes: opts.notes } : {}),
      ...dates,
    });
  else if (base.endsWith('.parquet') || base.endsWith('.pq')) frame = await readParquet(path, maxRows);
  else if (base.endsWith('.jsonl') || base.endsWith('.ndjson'))
    frame = await readJsonl(path, dates, opts.notes);
  else if (base.endsWith('.json')) frame = await readJson(path, opts.notes, dates);
  else if (await isFastText(path)) {
    frame = await readFastText(path);
    opts.notes?.push(
      `fastText's format: each line's __label__ word is column 'label', the rest of the line column 'text'`,
    );
  } else {
    const what = (await detectCompression(path)) === 'none' ? await notATable(path) : undefined;
    if (what) throw new SeqlabError(`${path}: ${what}`);
    const layout =
      opts.header === undefined || opts.skipLines === undefined ? await sniffLayout(path) : undefined;
    const header = opts.header ?? layout!.header;
    const skipLines = opts.skipLines ?? (opts.header === true ? 0 : layout!.skipLines);
    if (layout && opts.header === undefined) opts.notes?.push(...layout.evidence);
    let columns = opts.columns;
    if (!columns && layout?.countLine && !header && skipLines === 1)
      columns = [...Array.from({ length: layout.countLine.nFeatures }, (_, j) => `col${j}`), 'target'];
    // A header over two rows (groups over the columns' names): the joined names.
    if (!columns && layout?.groupNames && header && skipLines === 0) columns = dedupe(layout.groupNames);
    const encoding = opts.encoding ?? layout?.encoding;
    const unitsRow = opts.unitsRow ?? (header && layout?.header === true && layout.unitsRow === true);
    if (unitsRow && opts.unitsRow === undefined && opts.header !== undefined)
      opts.notes?.push(...layout!.evidence.filter((e) => e.includes("holds the columns' units")));
    const delimiter = opts.delimiter ? DELIMITERS[opts.delimiter] : layout?.delimiter;
    if (delimiter === WHITESPACE && !opts.delimiter)
      opts.notes?.push(
        'fields separated by spaces (no comma, tab, semicolon or bar on the first line): read as data.delimiter: whitespace',
      );
    frame = await readCsv(path, {
      header,
      skipLines,
      unitsRow,
      ...(encoding ? { encoding } : {}),
      ...(layout ? layout.numberFormat : {}),
      ...(delimiter !== undefined ? { delimiter } : {}),
      ...(columns ? { columns } : {}),
      ...(maxRows !== undefined ? { maxRows } : {}),
      ...(opts.notes ? { notes: opts.notes } : {}),
      ...dates,
    });
  }
  if (frame.nRows === 0) throw new SeqlabError(`${path}: the file has a header but no data rows`);
  frame = withoutTrailer(frame, opts.notes);
  if (!opts.everyRow) {
    frame = withoutBareDates(frame, opts.notes);
    frame = withoutRunningPeriod(frame, opts.notes);
  }
  if (opts.columns && opts.columns.length !== frame.columns.length)
    throw new SeqlabError(
      `${path}: data.columns names ${opts.columns.length} columns but the file has ${frame.columns.length}`,
    );
  return maxRows !== undefined && frame.nRows > maxRows ? frame.head(maxRows) : frame;
}

const TOTAL = /^(grand\s+)?(total|totals|sum|summe|gesamt|totaux?|totale|suma)$/i;
/** How a footnote under a table starts: `Source: …`, `Note: …`, `* preliminary`, `Quelle: …`. */
const FOOTNOTE = /^(\*|†|(sources?|notes?|quellen?|fuente|remarques?|anmerkungen?|nota)\s*:)/i;

/**
 * Rows that hold a date and nothing else, in a table of three columns or more whose other rows hold
 * values: no observation, a calendar entry (Yahoo Finance's monthly prices list each dividend's date
 * as such a row, matplotlib's Stocks.csv 133 of 525). Read as rows, they broke the monthly index into
 * irregular times, and init gathered them into weeks that training then refused.
 */
function withoutBareDates(frame: Frame, notes: string[] | undefined): Frame {
  const dateColumns = frame.columns.filter((c) => frame.dtype(c) === 'date');
  if (frame.columns.length < 3 || dateColumns.length !== 1) return frame;
  const date = dateColumns[0]!;
  const others = frame.columns.filter((c) => c !== date).map((c) => frame.column(c) as ArrayLike<unknown>);
  const empty = (v: unknown): boolean =>
    v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) || v === '';
  const dates = frame.column(date) as ArrayLike<unknown>;
  const bare: number[] = [];
  for (let i = 0; i < frame.nRows; i++)
    if (!empty(dates[i]) && others.every((col) => empty(col[i]))) bare.push(i);
  if (!bare.length || bare.length >= frame.nRows / 2) return frame;
  const shown = bare.slice(0, 3).map((i) => formatCell(dates[i] as Date));
  notes?.push(
    `${bare.length} row(s) hold a date and no value (${shown.join(', ')}${bare.length > 3 ? ', …' : ''}; a finance export lists dividend dates so): left out`,
  );
  const drop = new Set(bare);
  return frame.take(Array.from({ length: frame.nRows }, (_, i) => i).filter((i) => !drop.has(i)));
}

/**
 * A last row dated inside the step after the one before it, under rows a regular step apart (monthly
 * prices on the 1st, then `2022-06-28`: the day's quote a finance export appends): a period still
 * running, not a step of the series. Read as one, it made the whole index irregular.
 */
function withoutRunningPeriod(frame: Frame, notes: string[] | undefined): Frame {
  const dateColumns = frame.columns.filter((c) => frame.dtype(c) === 'date');
  const n = frame.nRows;
  if (dateColumns.length !== 1 || n < 13) return frame;
  const dates = frame.column(dateColumns[0]!) as ArrayLike<Date | null>;
  const prev = dates[n - 2];
  const last = dates[n - 1];
  if (!prev || !last || last <= prev) return frame;
  let freq;
  try {
    freq = inferFrequency(Array.from({ length: n - 1 }, (_, i) => dates[i]));
  } catch {
    return frame; // not a regular index above the last row
  }
  if (last >= nextTimes(prev, freq, 1)[0]!) return frame;
  notes?.push(
    `the last row (${formatCell(last)}) falls inside the ${freq.name} step after ${formatCell(prev)}, not on the steps of the rows above: a period still running (a day's quote), left out`,
  );
  return frame.head(n - 1);
}

/**
 * What a spreadsheet writes under its table is not a row of data: a summary row ("Total", "Grand
 * total", "Summe" in a text column, and nowhere else in it; or no name at all, each number the sum
 * of the column above) or a footnote ("Source: internal sales database, extracted 2025-01-05" in the
 * first column, no number in the others). Left out, and said.
 */
function withoutTrailer(frame: Frame, notes: string[] | undefined): Frame {
  const last = frame.nRows - 1;
  if (last < 2) return frame;
  const cells = frame.row(last);
  const present = (v: unknown): boolean => v !== null && !(typeof v === 'number' && Number.isNaN(v));
  const row = frame.columns
    .map((c) => cells[c] ?? null)
    .filter(present)
    .map(formatCell)
    .join(', ');
  const text = frame.columns.filter((c) => !(frame.column(c) instanceof Float64Array));
  const numbers = frame.columns.filter((c) => frame.column(c) instanceof Float64Array);
  const named = text.find((c) => {
    const v = cells[c];
    if (typeof v !== 'string' || !TOTAL.test(v.trim())) return false;
    const col = frame.column(c);
    for (let i = 0; i < last; i++) if (col[i] === v) return false;
    return true;
  });
  const sumAbove = (c: string): boolean => {
    const col = frame.numeric(c);
    let sum = 0;
    for (let i = 0; i < last; i++) if (!Number.isNaN(col[i]!)) sum += col[i]!;
    return Math.abs(col[last]! - sum) <= 1e-6 * Math.max(1, Math.abs(sum));
  };
  const unnamed =
    !named &&
    text.every((c) => !present(cells[c])) &&
    numbers.some((c) => present(cells[c])) &&
    numbers.every((c) => !present(cells[c]) || sumAbove(c));
  const first = cells[frame.columns[0]!];
  const footnote =
    typeof first === 'string' && FOOTNOTE.test(first.trim()) && numbers.every((c) => !present(cells[c]));
  if (named) notes?.push(`the last row (${row}) is a total, not data ('${named}' says so): left out`);
  else if (unnamed)
    notes?.push(
      `the last row (${row}) is a total, not data (each number is the sum of the rows above): left out`,
    );
  else if (footnote)
    notes?.push(`the last row ("${first.trim()}") is a note under the table, not data: left out`);
  else return frame;
  let kept = frame.head(last);
  if (!footnote) return kept;
  // The note's commas put text in other columns: a number column made text by it is numbers again,
  // and the cell it left there as a missing number is not reported as one.
  for (const c of text.slice(1)) {
    if (!present(cells[c])) continue;
    const values = Array.from(kept.column(c) as ArrayLike<unknown>, (v) => (v === null ? null : String(v)));
    const typed = typedCells(c, values);
    if (typed.dtype === 'number') kept = kept.withColumn(c, typed.column);
  }
  const stray = new RegExp(`^1 cell\\(s\\) of the number column .* \\(row ${last + 2}: `);
  if (notes) for (let i = notes.length - 1; i >= 0; i--) if (stray.test(notes[i]!)) notes.splice(i, 1);
  return kept;
}

/** A seeded sample of at most n rows (keeps the order of a sorted file from biasing a quick run). */
function sampleRows(frame: Frame, n: number | undefined, seed: number): Frame {
  if (n === undefined || frame.nRows <= n) return frame;
  const idx = permutation(frame.nRows, seed).slice(0, n);
  return frame.take(idx);
}

function tableFrame(
  x: { data: ArrayLike<number>; shape: readonly number[] },
  y: ArrayLike<number>,
  names?: string[],
): Frame {
  const [n, f] = [x.shape[0]!, x.shape[1]!];
  const cols: Record<string, Float64Array> = {};
  for (let j = 0; j < f; j++) {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = x.data[i * f + j]!;
    cols[names?.[j] ?? `x${j + 1}`] = c;
  }
  cols.y = Float64Array.from(y);
  return new Frame(cols);
}

/**
 * Loads the data an experiment config names.
 * @example const { frame } = await loadExperimentData(config);
 */
export async function loadExperimentData(config: ExperimentConfig): Promise<LoadedData> {
  const { source, maxRows, options = {}, split } = config.data;
  switch (source) {
    case 'imdb': {
      const raw = await loadImdbRaw(typeof options.path === 'string' ? { path: options.path } : {});
      const frame = (part: { texts: string[]; labels: Int32Array }): Frame =>
        new Frame({ text: part.texts, label: Float64Array.from(part.labels) });
      // The files are sorted by label: shuffle once (seeded) so validationSplit takes both classes.
      const train = frame(raw.train);
      const trainOrder = permutation(train.nRows, split.seed);
      return {
        frame: train.take(maxRows === undefined ? trainOrder : trainOrder.slice(0, maxRows)),
        testFrame: sampleRows(frame(raw.test), maxRows, split.seed + 1),
        source: raw.source,
      };
    }
    case 'makeClassification': {
      const { x, y } = makeClassification({
        nSamples: 2000,
        nFeatures: 10,
        seed: 42,
        ...(options as MakeClassificationOptions),
      });
      const frame = tableFrame(x, y);
      return {
        frame: maxRows === undefined ? frame : frame.head(maxRows),
        source: `makeClassification(${JSON.stringify(options)})`,
      };
    }
    case 'breastCancer': {
      const data = await loadBreastCancer(typeof options.path === 'string' ? { path: options.path } : {});
      const frame = tableFrame(data.x, data.y, data.featureNames);
      return {
        frame: sampleRows(frame, maxRows, split.seed),
        source: 'breast_cancer.csv (scikit-learn WDBC)',
      };
    }
    case 'demo:tabular':
    case 'demo:timeseries':
    case 'demo:text': {
      const frame = loadDemo(source.slice(5) as DemoName);
      return {
        frame: maxRows === undefined ? frame : frame.head(maxRows),
        source: `bundled demo data (${source.slice(5)})`,
      };
    }
    default: {
      const ordered = config.data.type === 'series' || config.data.type === 'windows';
      const d = config.data;
      const read: ReadTableOptions = {
        ...(d.header !== undefined ? { header: d.header } : {}),
        ...(d.columns ? { columns: d.columns } : {}),
        ...(d.skipLines !== undefined ? { skipLines: d.skipLines } : {}),
        ...(d.delimiter !== undefined ? { delimiter: d.delimiter } : {}),
        ...(d.unitsRow !== undefined ? { unitsRow: d.unitsRow } : {}),
        ...(d.sheet !== undefined ? { sheet: d.sheet } : {}),
        ...(d.encoding !== undefined ? { encoding: d.encoding } : {}),
        ...(d.dayFirst !== undefined ? { dayFirst: d.dayFirst } : {}),
        ...(d.timeZone !== undefined ? { timeZone: d.timeZone } : {}),
      };
      const dateOrders: Record<string, DateOrder> = {};
      let frame = await readTable(source, {
        ...read,
        dateOrders,
        ...(ordered && !d.melt ? { maxRows } : {}),
      });
      if (d.naValues) frame = withoutMarks(frame, d.naValues);
      if (d.replace) {
        checkColumnsNamed(frame, Object.keys(d.replace), 'data.replace', source);
        frame = withReplaced(frame, d.replace);
      }
      if (d.splitColumns) checkColumnsNamed(frame, Object.keys(d.splitColumns), 'data.splitColumns', source);
      frame = withSplits(frame, d.splitColumns);
      if (d.melt) frame = applyMelt(frame, d.melt, source);
      if (d.seriesId) frame = withSeriesId(frame, d.seriesId);
      const all = ordered ? frame : sampleRows(frame, maxRows, split.seed);
      if (!d.test) return { frame: all, source, dateOrders };
      if (ordered)
        throw new SeqlabError(
          `data.test: a separate test file is for tables and text; a ${config.data.type} run tests on the last part of the series (data.split.testSize)`,
        );
      const test = withSplits(
        withReplaced(
          withoutMarks(
            await readTable(d.test, { ...read, ...(maxRows !== undefined ? { maxRows } : {}) }),
            d.naValues ?? [],
          ),
          d.replace ?? {},
        ),
        d.splitColumns,
      );
      checkSameColumns(frame, test, source, d.test);
      return { frame: all, testFrame: test, source, dateOrders };
    }
  }
}

/** The columns a config key names (data.replace, data.splitColumns) are the file's. */
function checkColumnsNamed(frame: Frame, names: string[], key: string, where: string): void {
  const missing = names.filter((c) => !frame.columns.includes(c));
  if (missing.length)
    throw new SeqlabError(
      `${key} names ${missing.map((c) => `'${c}'`).join(', ')}, not a column of ${where} (its columns: ${frame.columns.join(', ')})`,
    );
}

/** data.splitColumns applied: each named column replaced by its parts. */
function withSplits(frame: Frame, splits: Record<string, string> | undefined): Frame {
  for (const [c, separator] of Object.entries(splits ?? {})) frame = splitParts(frame, c, separator);
  return frame;
}

/** A test file must have the training file's columns; the error names the ones that differ. */
export function checkSameColumns(train: Frame, test: Frame, trainPath: string, testPath: string): void {
  const missing = train.columns.filter((c) => !test.columns.includes(c));
  const extra = test.columns.filter((c) => !train.columns.includes(c));
  if (missing.length || extra.length)
    throw new SeqlabError(
      `${testPath}: the test file's columns differ from ${trainPath}'s` +
        (missing.length ? `; missing: ${missing.join(', ')}` : '') +
        (extra.length ? `; not in the training file: ${extra.join(', ')}` : '') +
        '. Give both files the same columns (or the same data.columns when they have no header)',
    );
}

/**
 * readCsv: a streaming CSV reader (csv-parse underneath) that builds a typed Frame without holding
 * the raw text: fields are converted row by row as the decompressed bytes stream in.
 */
import { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { DataError, RecordError, locate } from '../errors.js';
import { Frame, type Column, type ColumnDType, type MissingPolicy } from '../frame.js';
import {
  ColumnBuilder,
  DEFAULT_NA_VALUES,
  looksLikeNote,
  parseNumber,
  markNotes,
  columnBuilder,
  recordDateReading,
  type DateReading,
  detectNumberFormat,
  numberNormalizer,
  type NumberFormat,
} from './column-types.js';
import { detectEncoding, openText, type TextEncoding } from './compressed.js';

export interface ReadCsvOptions extends DateReading {
  /** Field separator; detected from the first lines among , \t ; | and runs of spaces (WHITESPACE) when absent. */
  delimiter?: string;
  /** The first row names the columns (default true); false gives col0, col1, … */
  header?: boolean;
  /** Column names to use instead of the header's (or instead of col0…). */
  columns?: string[];
  /** Types by column name, overriding inference ('number' | 'string' | 'boolean' | 'date'). */
  dtypes?: Record<string, ColumnDType>;
  /** Strings that mean "missing" (default DEFAULT_NA_VALUES: '', NA, NaN, ?, null, …). */
  naValues?: string[];
  /** What to do with missing values after reading: 'keep' (default, inspect with isNull()), or a policy. */
  missing?: 'keep' | MissingPolicy;
  /** Lines to skip before the header (e.g. a count line). Default 0. */
  skipLines?: number;
  /** The row under the header holds units (`°C`, `hPa`), not data: skipped (pandas' `skiprows=[1]`). */
  unitsRow?: boolean;
  /** Rows used to infer column types before they are fixed (default 1000). */
  inferRows?: number;
  /** Stop after this many data rows. */
  maxRows?: number;
  /**
   * The decimal mark of numbers (pandas' `decimal`): ',' reads `1234,5` and `1.234,5` as 1234.5.
   * Detected from the first lines when neither this nor `thousands` is given.
   */
  decimal?: '.' | ',';
  /**
   * The thousands separator (pandas' `thousands`): ',' reads `"1,234.5"` as 1234.5; ' ' reads
   * `1 234.5` (a space, no-break or narrow no-break space between groups).
   */
  thousands?: '.' | ',' | ' ';
  /** Trim spaces around unquoted fields (default true: `39, State-gov` reads as 39 and State-gov). */
  trim?: boolean;
  /** Name used in error messages when reading from a stream or string. */
  sourceName?: string;
  /** The file's text encoding; left out, detected (UTF-8, or Windows-1252 / UTF-16 from Excel). */
  encoding?: TextEncoding;
  /** Finds the file line of the n-th record (for error messages); readCsv and readCsvText supply it. */
  relocate?: (record: number) => Promise<number | undefined>;
  /** Receives what was left out: lines of one field after the table (a source line, a note). */
  notes?: string[];
}

const CANDIDATES = [',', '\t', ';', '|'];

/**
 * The delimiter that splits the sample's first lines into the same number (>1) of fields most consistently.
 * A tie between ',' and ';' (`01.01.2023;1037,77;10,0` has two of each on every line) goes to ';' when
 * its fields hold decimal-comma numbers: the semicolon is the delimiter of exports where the comma is
 * the decimal mark (Excel in German, French and most of Europe).
 * @example detectDelimiter('a;b\n1;2\n') // ';'
 */
export function detectDelimiter(sample: string): string {
  const lines = sample
    .split(/\r?\n/)
    .filter((l) => l.length > 0)
    .slice(0, 20);
  if (lines.length > 1 && sample.length >= 65536) lines.pop(); // last line may be cut off
  const score = (d: string): number => {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const first = counts[0] ?? 0;
    return first === 0 ? 0 : counts.filter((c) => c === first).length * 1000 + first;
  };
  let best = ',';
  let bestScore = 0;
  for (const d of CANDIDATES) {
    const sc = score(d);
    if (sc > bestScore) {
      best = d;
      bestScore = sc;
    }
  }
  if (best === ',' && score(';') === bestScore && lines.some((l) => hasDecimalCommaField(l))) return ';';
  // Fields aligned by spaces (`Chins Situps Jumps` over `5 162 60`, scikit-learn's linnerud and
  // diabetes files; pandas' sep=r'\s+'), a tab here and there among them: every line splits into the
  // same number (> 1) of fields at runs of blanks, where no candidate splits every line alike. A line
  // of words (one text a line) varies in its count.
  if (lines.length > 1 && bestScore < lines.length * 1000) {
    const widths = lines.map((l) => spacesToTab(l).split('\t').length);
    if (widths[0]! > 1 && widths.every((w) => w === widths[0])) return WHITESPACE;
  }
  return best;
}

/**
 * The delimiter detectDelimiter gives a file whose fields are separated by runs of spaces or tabs:
 * the reader turns each run outside quotes (and the line's leading and trailing blanks) into one tab.
 */
export const WHITESPACE = ' ';

/** The separators a config names (data.delimiter), and the character readCsv takes for each. */
export type Delimiter = ',' | ';' | 'tab' | '|' | 'whitespace';
export const DELIMITERS: Record<Delimiter, string> = {
  ',': ',',
  ';': ';',
  tab: '\t',
  '|': '|',
  whitespace: WHITESPACE,
};

/** A whitespace-separated line as a tab-separated one. @example spacesToTab('  5  162 60 ') // '5\t162\t60' */
function spacesToTab(line: string): string {
  let out = '';
  let quoted = false;
  let gap = false;
  for (const ch of line.trim()) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === ' ' || ch === '\t')) {
      gap = true;
      continue;
    }
    if (gap) out += '\t';
    gap = false;
    out += ch;
  }
  return out;
}

/**
 * A text stream with every line passed through spacesToTab (lines cut between chunks are joined
 * first; UTF-8 bytes decoded as a stream, so that a character cut between chunks stays whole).
 */
function spacesToTabs(input: Readable): Readable {
  const decoder = new TextDecoder();
  return Readable.from(
    (async function* () {
      let rest = '';
      for await (const chunk of input) {
        const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk as Buffer, { stream: true });
        const lines = (rest + text).split('\n');
        rest = lines.pop()!;
        yield lines.map((l) => spacesToTab(l.replace(/\r$/, ''))).join('\n') + '\n';
      }
      rest += decoder.decode();
      if (rest) yield spacesToTab(rest.replace(/\r$/, ''));
    })(),
  );
}

/** Whether a line split at ';' has a field like 1037,77 or -1.234,5 (a number with a decimal comma). */
function hasDecimalCommaField(line: string): boolean {
  return line.split(';').some((f) => /^\s*"?[-+]?\d{1,3}(\.?\d{3})*,\d+"?\s*$/.test(f));
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) n++;
  }
  return n;
}

/**
 * The first lines of a text split into fields, for looking before reading (a quoted field cut off at
 * the end of the sample ends the sample instead of failing).
 */
export function sampleRows(text: string, delimiter: string): string[][] {
  if (delimiter === WHITESPACE) {
    text = text.split('\n').map(spacesToTab).join('\n');
    delimiter = '\t';
  }
  try {
    return parseSync(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
    }) as string[][];
  } catch {
    return text.split(/\r?\n/).map((l) => l.split(delimiter).map((s) => s.trim()));
  }
}

/** The options' number format, or the one the sample's fields show. */
function numberFormatOf(options: ReadCsvOptions, sample: string, delimiter: string): NumberFormat {
  if (options.decimal !== undefined || options.thousands !== undefined)
    return {
      decimal: options.decimal ?? '.',
      ...(options.thousands !== undefined ? { thousands: options.thousands } : {}),
    };
  return detectNumberFormat(sampleRows(sample, delimiter).flat(), delimiter);
}

async function peekText(path: string, encoding: TextEncoding, bytes = 65536): Promise<string> {
  const s = await openText(path, encoding);
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of s) {
    chunks.push(c as Buffer);
    n += (c as Buffer).length;
    if (n >= bytes) break;
  }
  s.destroy();
  return Buffer.concat(chunks)
    .subarray(0, bytes)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

/**
 * Reads a CSV file (plain, .gz or .xz) into a Frame with typed columns.
 * @example
 * const df = await readCsv('pollution.csv.gz');            // NA → missing, types inferred
 * const pima = await readCsv('pima.csv', { header: false }); // columns col0..col8
 */
export async function readCsv(path: string, options: ReadCsvOptions = {}): Promise<Frame> {
  // The first 64 KB, only when the delimiter or the number format is left to detection.
  const given = options.decimal !== undefined || options.thousands !== undefined;
  const encoding = options.encoding ?? (await detectEncoding(path));
  const sample = options.delimiter !== undefined && given ? '' : await peekText(path, encoding);
  const delimiter = options.delimiter ?? detectDelimiter(sample);
  const format = numberFormatOf(options, sample, delimiter);
  const opts = { ...options, ...format, delimiter, sourceName: options.sourceName ?? path };
  return parseCsvStream(await openText(path, encoding), {
    ...opts,
    relocate: async (n) => lineOfRecord(await openText(path, encoding), opts, n),
  });
}

/**
 * Parses CSV text already in memory (e.g. rows sent to a prediction server).
 * @example readCsvText('x,y\n1,a\n2,b\n').column('x') // Float64Array [1, 2]
 */
export function readCsvText(text: string, options: ReadCsvOptions = {}): Promise<Frame> {
  const sample = text.slice(0, 65536);
  const delimiter = options.delimiter ?? detectDelimiter(sample);
  const format = numberFormatOf(options, sample, delimiter);
  const opts = { ...options, ...format, delimiter, sourceName: options.sourceName ?? '<text>' };
  return parseCsvStream(Readable.from([text]), {
    ...opts,
    relocate: (n) => lineOfRecord(Readable.from([text]), opts, n),
  });
}

function parserFor(options: ReadCsvOptions, info: boolean): ReturnType<typeof parse> {
  return parse({
    delimiter: options.delimiter === WHITESPACE ? '\t' : (options.delimiter ?? ','),
    bom: true,
    trim: options.trim ?? true,
    relax_column_count: true,
    skip_empty_lines: true,
    // A line of delimiters only (`;;;;;;` under UCI's Air Quality table) holds no value, not a row.
    skip_records_with_empty_values: true,
    from_line: (options.skipLines ?? 0) + 1,
    info,
  });
}

/** The (last) file line of the n-th record: a second, slower pass that runs only to report an error. */
async function lineOfRecord(
  input: Readable,
  options: ReadCsvOptions,
  n: number,
): Promise<number | undefined> {
  const parser = parserFor(options, true);
  if (options.delimiter === WHITESPACE) input = spacesToTabs(input);
  input.pipe(parser);
  let k = 0;
  try {
    for await (const item of parser as AsyncIterable<{ info: { lines: number } }>) {
      if (++k === n) return item.info.lines;
    }
  } catch {
    return undefined;
  } finally {
    input.destroy();
    parser.destroy();
  }
  return undefined;
}

/** Parses a byte or text stream of CSV; the core of readCsv. */
export async function parseCsvStream(input: Readable, options: ReadCsvOptions): Promise<Frame> {
  const file = options.sourceName ?? '<stream>';
  const header = options.header ?? true;
  const na = new Set(options.naValues ?? DEFAULT_NA_VALUES);
  const inferRows = options.inferRows ?? 1000;
  const normalize = numberNormalizer({
    decimal: options.decimal ?? '.',
    ...(options.thousands !== undefined ? { thousands: options.thousands } : {}),
  });
  // Line numbers are not tracked here (csv-parse's per-record info halves its speed); errors
  // carry the record number and options.relocate turns it into a line.
  const parser = parserFor(options, false);
  input.on('error', (e) => parser.destroy(e));
  if (options.delimiter === WHITESPACE) input = spacesToTabs(input);
  input.pipe(parser);

  let names: string[] | undefined = options.columns;
  let builders: ColumnBuilder[] | undefined;
  const sample: { fields: (string | null)[]; record: number }[] = [];
  const maxRecords = options.maxRows === undefined ? Infinity : options.maxRows + (header ? 1 : 0);
  let record = 0;
  let sawHeader = false;
  let headerFields: string[] | undefined;
  const repeatedHeader: number[] = [];
  const footer: { record: number; fields: string[]; text: string }[] = [];
  /** Rows as wide as the table that read as notes, held back until a data row follows them. */
  const wideNotes: { record: number; fields: string[]; text: string }[] = [];
  /** The last data row's fields. */
  let lastFields: string[] | undefined;
  const isNumber = (f: string): boolean => parseNumber(normalize ? normalize(f) : f) !== undefined;
  // Words (a note's) in every column where the row before had a number, and at least one such column.
  const wideNote = (fields: string[], before: string[]): boolean =>
    looksLikeNote(fields.join(' ')) &&
    before.some(isNumber) &&
    before.every((f, j) => !isNumber(f) || (fields[j]!.trim() !== '' && !isNumber(fields[j]!)));
  const accept = (fieldsRaw: string[], at: number): void => {
    const fields = fieldsRaw.map((f) => (na.has(f) ? null : normalize ? normalize(f) : f));
    if (builders) for (let j = 0; j < builders.length; j++) builders[j]!.push(fields[j]!, at);
    else {
      sample.push({ fields, record: at });
      if (sample.length >= inferRows) start();
    }
  };

  const withLine = async (e: RecordError): Promise<DataError> => {
    const line = await options.relocate?.(e.record);
    return new DataError(
      e.render(line === undefined ? `${file}, record ${e.record}` : locate({ file, line })),
    );
  };

  const start = (): void => {
    builders = names!.map((n, j) =>
      columnBuilder(
        n,
        sample.map((r) => r.fields[j] ?? null),
        options.dtypes?.[n],
        options.dayFirst,
        options.timeZone,
      ),
    );
    for (const r of sample) builders.forEach((b, j) => b.push(r.fields[j] ?? null, r.record));
    sample.length = 0;
  };

  try {
    for await (const fieldsRaw of parser as AsyncIterable<string[]>) {
      if (++record > maxRecords) {
        input.destroy();
        break;
      }
      if (header && !sawHeader) {
        sawHeader = true;
        headerFields = fieldsRaw;
        names ??= dedupe(fieldsRaw.map((h, j) => h || `col${j}`));
        continue;
      }
      // The header again further down: files joined one after another (`cat a.csv b.csv`, a
      // spreadsheet's pasted blocks). Its names would be a stray category of every column.
      if (headerFields && fieldsRaw.length === headerFields.length && sameFields(fieldsRaw, headerFields)) {
        repeatedHeader.push(record);
        continue;
      }
      if (options.unitsRow && record === (header ? 2 : 1)) continue;
      const cols = (names ??= fieldsRaw.map((_, j) => `col${j}`));
      if (fieldsRaw.length !== cols.length) {
        // A short line of text after the data rows: a footer ("Source: …", "Note: …", as statistics
        // offices end their downloads; a comma in it makes two fields), unless a row of the table
        // follows it.
        const text = fieldsRaw
          .join(options.delimiter ?? ',')
          .trim()
          .replace(/[,;\t|\s]+$/, '');
        // Excel pads a note to the sheet's widest row (`* figures are preliminary,,`): empty fields past the table's.
        const padded =
          fieldsRaw.length > cols.length && fieldsRaw.slice(cols.length).every((f) => f.trim() === '');
        if (
          (fieldsRaw.length < cols.length || padded) &&
          (builders || sample.length > 0) &&
          looksLikeNote(text)
        ) {
          footer.push({ record, fields: fieldsRaw, text });
          continue;
        }
        throw widthError(record, fieldsRaw, cols);
      }
      if (footer.length) throw widthError(footer[0]!.record, footer[0]!.fields, cols);
      // A note as wide as the table ("Source: Durbin and Koopman (2001), Nile flow at Aswan" in a file
      // of two columns): words where the row before held numbers. Held back; a data row after it
      // makes it a row of the table again. (Only rows starting with a letter are looked at closer.)
      if (lastFields && /^\s*\p{L}/u.test(fieldsRaw[0] ?? '') && wideNote(fieldsRaw, lastFields)) {
        wideNotes.push({ record, fields: fieldsRaw, text: fieldsRaw.join(options.delimiter ?? ',').trim() });
        continue;
      }
      for (const w of wideNotes.splice(0)) accept(w.fields, w.record);
      accept(fieldsRaw, record);
      lastFields = fieldsRaw;
    }
  } catch (e) {
    if (e instanceof RecordError) throw await withLine(e);
    if (e instanceof CsvError) {
      const ctx = e as unknown as { lines?: number; column?: number | string };
      throw new DataError(
        `${locate({ file, line: ctx.lines, column: typeof ctx.column === 'number' ? ctx.column + 1 : ctx.column })}: malformed CSV (${shortCsvMessage(e.message)}); check the quotes on that line`,
      );
    }
    throw e;
  }
  if (!names)
    throw new DataError(
      `${file}: the file is empty; expected ${header ? 'a header line and ' : ''}data rows`,
    );
  if (!builders) {
    if (sample.length === 0)
      throw new DataError(`${file}: has a header (${names.join(', ')}) but no data rows`);
    try {
      start();
    } catch (e) {
      throw e instanceof RecordError ? await withLine(e) : e;
    }
  }
  footer.unshift(...wideNotes);
  if (footer.length) {
    const shown = footer.slice(0, 2).map((f) => JSON.stringify(f.text.slice(0, 40)));
    options.notes?.push(
      `${footer.length} line(s) of text after the table (${shown.join(', ')}${footer.length > 2 ? ', …' : ''}) are notes, not data: left out`,
    );
  }
  if (repeatedHeader.length)
    options.notes?.push(
      `${repeatedHeader.length} row(s) repeat the header (row ${repeatedHeader.slice(0, 3).join(', row ')}${repeatedHeader.length > 3 ? ', …' : ''}): files joined one after another, left out`,
    );
  const cols = new Map<string, Column>(builders!.map((b) => [b.name, b.build()]));
  options.notes?.push(...markNotes(builders!));
  recordDateReading(builders!, options);
  const frame = new Frame(cols);
  const missing = options.missing ?? 'keep';
  return missing === 'keep' ? frame : frame.handleMissing(missing);
}

/** Whether a record holds the header's names, one for one (at least one of them not empty). */
function sameFields(fields: string[], header: string[]): boolean {
  return header.some((h) => h.trim() !== '') && fields.every((f, j) => f.trim() === header[j]!.trim());
}

/** A record with the wrong number of fields, named for the error message. */
function widthError(record: number, fields: readonly string[], cols: readonly string[]): RecordError {
  const j = Math.min(fields.length, cols.length);
  return new RecordError(
    record,
    (where) =>
      `${where}: expected ${cols.length} fields but found ${fields.length}` +
      (fields.length > cols.length
        ? ` (extra field ${j + 1}: ${JSON.stringify(fields[j])})`
        : ` (column "${cols[j]}" and later are absent)`) +
      '; check the delimiter and quoting on that line',
  );
}

/** Repeated names made distinct as pandas does: `a`, `a.1`, `a.2`. */
export function dedupe(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = seen.get(n) ?? 0;
    seen.set(n, k + 1);
    return k === 0 ? n : `${n}.${k}`;
  });
}

/**
 * csv-parse quotes the whole offending value, which for a binary file renamed .csv is kilobytes of
 * escaped bytes: keep its first 80 characters and say whether the data looks binary.
 */
function shortCsvMessage(message: string): string {
  const binary = /\\u0000/.test(message) ? ' — the file looks binary (NUL bytes), not CSV text' : '';
  return (
    (message.length > 160 ? `${message.slice(0, 80)}… (${message.length - 80} more characters)` : message) +
    binary
  );
}

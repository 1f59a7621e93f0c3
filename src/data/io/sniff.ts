/**
 * Looking at the first lines of a delimited text file before reading it: the delimiter, whether the
 * first row is a header or already data, and scikit-learn's count line (`569,30,malignant,benign`).
 * `seqlab init` writes what it finds into the config (with the evidence); readTable uses it when the
 * config leaves `data.header` out, so a header-less file never loses its first row to column names.
 */
import {
  DEFAULT_NA_VALUES,
  detectNumberFormat,
  isPlaceholder,
  numberNormalizer,
  parseAmount,
  parseNumber,
  type NumberFormat,
} from './column-types.js';
import { detectEncoding, readLines, type TextEncoding } from './compressed.js';
import { detectDelimiter, sampleRows } from './csv.js';

/** What the first lines of a file say about its layout. */
export interface FileLayout {
  delimiter: string;
  /** The first row (after skipLines) names the columns. */
  header: boolean;
  /** How numbers are written: a decimal comma (`1.234,5`) or a thousands comma (`"1,234.5"`). */
  numberFormat: NumberFormat;
  /** Lines to skip before the header or the first data row (1 for scikit-learn's count line). */
  skipLines: number;
  /** The row under the header holds the columns' units (`°C`, `hPa`, `%`), not data: skipped. */
  unitsRow?: boolean;
  /** A header over two rows (groupHeader): the joined names; the second row is skipped as a units row. */
  groupNames?: string[];
  /** scikit-learn's count line, when the file starts with one: the class names of the last column. */
  countLine?: { nSamples: number; nFeatures: number; targetNames: string[] };
  /** The text encoding when it is not UTF-8. */
  encoding?: TextEncoding;
  /** Why: one sentence per decision, for the config's comments and `seqlab describe`. */
  evidence: string[];
}

const NA = new Set(DEFAULT_NA_VALUES);
/** A missing value as the readers read it: an NA string, or a report's placeholder (`..`, `:`, `--`). */
const missing = (v: string): boolean => NA.has(v) || isPlaceholder(v);

/** Up to `n` non-empty lines of a (possibly compressed) text file, with their 0-based line numbers. */
async function firstLines(
  path: string,
  n: number,
  encoding: TextEncoding,
): Promise<{ line: string; at: number }[]> {
  const out: { line: string; at: number }[] = [];
  let at = 0;
  for await (const line of readLines(path, encoding)) {
    if (line.trim() !== '') out.push({ line, at });
    at++;
    if (out.length >= n) break;
  }
  return out;
}

/**
 * Where a table starts below lines that are not part of it (a report title, an export date), from
 * each non-empty line's width (fields, or a sheet row's cells up to its last value) and line number:
 * the first k ≤ 10 such that from line k on, 90% of the lines are as wide as line k (at least 2, and
 * at least 5 lines), and each line before k is narrower, at most half as wide unless a blank line
 * sets the table apart. 0 when the table starts at once.
 * @example tableStart([1, 4, 4, 4, 4, 4].map((width, at) => ({ width, at }))) // 1
 */
export function tableStart(lines: readonly { width: number; at: number }[]): number {
  const fits = (k: number): boolean => {
    const width = lines[k]!.width;
    const rest = lines.slice(k);
    const agree = rest.filter((l) => l.width === width).length;
    return width >= 2 && rest.length >= 5 && agree >= 0.9 * rest.length;
  };
  if (lines.length === 0 || fits(0)) return 0;
  for (let k = 1; k <= Math.min(10, lines.length - 5); k++) {
    if (!fits(k)) continue;
    const width = lines[k]!.width;
    const apart = lines[k]!.at > lines[k - 1]!.at + 1;
    const above = lines.slice(0, k);
    return above.every((l) => l.width < width && (apart || l.width <= width / 2)) ? k : 0;
  }
  return 0;
}

/**
 * tableStart for delimited text: the delimiter is judged on the lines past the first ten, which a
 * title above the table cannot sway.
 * @example preamble(['Sales report 2024', 'region,units', 'n,3', 's,4', …].map((line, at) => ({ line, at }))) // 1
 */
export function preamble(lines: readonly { line: string; at: number }[]): number {
  const body = lines.slice(Math.min(10, Math.floor(lines.length / 2))).map((l) => l.line);
  const delimiter = detectDelimiter(body.join('\n'));
  return tableStart(lines.map((l) => ({ width: sampleRows(l.line, delimiter)[0]?.length ?? 0, at: l.at })));
}

function isNumber(s: string | undefined): boolean {
  return s !== undefined && (parseNumber(s) !== undefined || parseAmount(s) !== undefined);
}

/** A unit as exports write one: `°C`, `hPa`, `%`, `m/s`, `[kg]`, `(USD)`, `mg/L`; not a number or `-`. */
const UNIT = /^[[(]?[\p{L}%°µ$€£/·*^²³\d.\- ]{1,16}[\])]?$/u;

/**
 * The units row of a table: the row right under the header, when it holds units (`°C`, `hPa`, `%`,
 * blanks for unitless columns) in the columns whose rows below are all numbers, and never a number
 * there; data loggers, lab instruments and engineering exports write one. Read as data, it turned
 * every numeric column into text categories. Returns its cells, or undefined.
 * @example unitsRow(['t', 'temp'], [['s', '°C'], ['0', '20.1'], ['1', '20.4']]) // ['s', '°C']
 */
export function unitsRow(
  header: readonly (string | null)[],
  rows: readonly (readonly (string | null)[])[],
): (string | null)[] | undefined {
  const [first, ...below] = rows;
  if (!first || below.length < 2) return undefined;
  const value = (v: string | null | undefined): string => v?.trim() ?? '';
  const numeric = header.flatMap((_, j) => {
    const vals = below.map((r) => value(r[j])).filter((v) => v !== '' && !missing(v));
    return vals.length > 0 && vals.every(isNumber) && !isNumber(value(header[j])) ? [j] : [];
  });
  const cells = numeric.map((j) => value(first[j]));
  const units = cells.filter((v) => v !== '' && !NA.has(v));
  const isUnits =
    units.length > 0 &&
    units.every((v) => !isNumber(v) && UNIT.test(v) && /[\p{L}%°µ$€£]/u.test(v)) &&
    first.every((v) => value(v).length <= 16);
  return isUnits ? [...first] : undefined;
}

/**
 * A header over two rows, as spreadsheets group columns: a top row whose group names span several
 * columns (a merged cell: the name repeated, or blanks after it) over the columns' own names
 * (`Revenue` over `Q1 Q2 Q3`: blanks under the ungrouped columns, or the same names under each group),
 * never a number where the rows below hold numbers. Read as a header and a
 * units row, the groups' columns shared one name and all but the last were lost. Returns the joined
 * names (`Revenue Q1`, pandas' `header=[0, 1]` flattened; a cell blank on one row takes the other's),
 * or undefined.
 * @example groupHeader(['id', 'Revenue', null], [[null, 'Q1', 'Q2'], ['a', '1', '2'], ['b', '3', '4']]) // ['id', 'Revenue Q1', 'Revenue Q2']
 */
export function groupHeader(
  header: readonly (string | null)[],
  rows: readonly (readonly (string | null)[])[],
): string[] | undefined {
  const [sub, ...below] = rows;
  if (!sub || below.length < 2) return undefined;
  const value = (v: string | null | undefined): string => v?.trim() ?? '';
  let group = '';
  let spans = 0;
  let unnamed = false;
  const top = header.map((h, j) => {
    const t = value(h);
    const spanned = group !== '' && (t === '' || t === value(header[j - 1]));
    if (!spanned) return (group = t);
    // A spanned column names itself on the row under, as does the column its group starts at.
    if (value(sub[j]) === '' || value(sub[j - 1]) === '') unnamed = true;
    spans++;
    return group;
  });
  if (spans === 0 || unnamed) return undefined;
  // A row under that names every column once is a header of its own (the row above is a title).
  const own = header.map((_, j) => value(sub[j]));
  if (own.every(Boolean) && new Set(own).size === own.length) return undefined;
  for (let j = 0; j < header.length; j++) {
    const vals = below.map((r) => value(r[j])).filter((v) => v !== '' && !missing(v));
    if (isNumber(value(sub[j])) && vals.length > 0 && vals.every(isNumber)) return undefined;
  }
  return top.map((t, j) => [t, value(sub[j])].filter(Boolean).join(' ') || `col${j}`);
}

/** The legacy code pages in words, for the note that says how a file was read. */
const CODE_PAGES: Partial<Record<TextEncoding, string>> = {
  'windows-1252': 'Windows-1252 (Latin-1, what Excel on Windows writes)',
  gb18030: 'GB18030 (simplified Chinese, GBK; what Excel writes in mainland China)',
  big5: 'Big5 (traditional Chinese)',
  shift_jis: 'Shift_JIS (Japanese, what Excel writes in Japan)',
  'euc-jp': 'EUC-JP (Japanese)',
  'euc-kr': 'EUC-KR (Korean)',
  'windows-1251': 'Windows-1251 (Cyrillic, what Excel writes in Russia)',
  'koi8-r': 'KOI8-R (Cyrillic)',
};

/**
 * Decides the layout from the first rows (already split into fields). Exported for tests.
 * @example layoutOfRows([['1', '2'], ['3', '4']], ',').header // false: the first row is numbers like the rest
 */
export function layoutOfRows(rawRows: string[][], delimiter: string): FileLayout {
  const evidence: string[] = [];
  const numberFormat = detectNumberFormat(rawRows.slice(1).flat(), delimiter);
  const normalize = numberNormalizer(numberFormat);
  const rows = normalize ? rawRows.map((r) => r.map(normalize)) : rawRows;
  const example = (re: RegExp): string =>
    JSON.stringify(
      rawRows
        .slice(1)
        .flat()
        .find((f) => re.test(f)),
    );
  if (numberFormat.decimal === ',')
    evidence.push(
      `numbers are written with a decimal comma (e.g. ${example(/\d,\d/)}): read 1.234,5 as 1234.5`,
    );
  if (numberFormat.thousands === ' ')
    evidence.push(
      `numbers group their digits with spaces or apostrophes (e.g. ${example(/\d[ \u00a0\u202f'\u2019]\d{3}/u)}): read 1 234${numberFormat.decimal === ',' ? ',5' : '.5'} as 1234.5`,
    );
  else if (numberFormat.thousands === ',')
    evidence.push(
      `numbers are written with thousands commas (e.g. ${example(/\d,\d{3}/)}): read 1,234.5 as 1234.5`,
    );
  const r0 = rows[0] ?? [];
  const rest = rows.slice(1);
  const width = rest[0]?.length ?? r0.length;
  // scikit-learn's bundled CSVs: `n_samples,n_features,class names…`, narrower than the rows below.
  if (
    rest.length > 0 &&
    r0.length <= width &&
    r0.length >= 2 &&
    r0.slice(2).every((v) => !isNumber(v)) &&
    Number.isInteger(parseNumber(r0[0]!)) &&
    parseNumber(r0[1]!) === width - 1 &&
    rest.every((r) => r.length === width)
  ) {
    const countLine = {
      nSamples: parseNumber(r0[0]!)!,
      nFeatures: width - 1,
      targetNames: r0.slice(2).map((s) => s.trim()),
    };
    // The line under it may name the columns (scikit-learn's boston_house_prices.csv: CRIM … MEDV).
    const names = rest[0]!.map((v) => v.trim());
    const named =
      rest.length > 1 &&
      names.every((v) => v !== '' && !isNumber(v)) &&
      new Set(names).size === names.length &&
      rest[1]!.some((v) => isNumber(v));
    evidence.push(
      `the first line "${r0.join(delimiter)}" is scikit-learn's count line (${countLine.nSamples} samples, ${countLine.nFeatures} features${countLine.targetNames.some(Boolean) ? `, classes ${countLine.targetNames.join(', ')}` : ''}): skipped, ${named ? `the line under it (${names.slice(0, 6).join(delimiter)}${names.length > 6 ? delimiter + '…' : ''}) is the header` : 'no header row'}`,
    );
    return { delimiter, numberFormat, header: named, skipLines: 1, countLine, evidence };
  }
  if (rest.length === 0) return { delimiter, numberFormat, header: true, skipLines: 0, evidence };
  const grouped = groupHeader(r0, rest);
  if (grouped) {
    evidence.push(
      `the header is two rows, groups over the columns' names (${r0.slice(0, 4).join(delimiter)}… over ${rest[0]!.slice(0, 4).join(delimiter)}…): joined as ${grouped
        .slice(0, 4)
        .map((n) => `'${n}'`)
        .join(', ')}… (data.columns) and the second row skipped (data.unitsRow)`,
    );
    return {
      delimiter,
      numberFormat,
      header: true,
      skipLines: 0,
      unitsRow: true,
      groupNames: grouped,
      evidence,
    };
  }
  const units = unitsRow(r0, rest);
  if (units) {
    evidence.push(
      `the first row (${r0.slice(0, 6).join(delimiter)}${r0.length > 6 ? delimiter + '…' : ''}) is the header and the row under it (${units.slice(0, 6).join(delimiter)}) holds the columns' units, not data: skipped (data.unitsRow)`,
    );
    return { delimiter, numberFormat, header: true, skipLines: 0, unitsRow: true, evidence };
  }
  const numericBelow = Array.from({ length: r0.length }, (_, j) => {
    const vals = rest.map((r) => r[j]?.trim() ?? '').filter((v) => !missing(v));
    return vals.length > 0 && vals.every(isNumber);
  });
  const numericCols = numericBelow.flatMap((b, j) => (b ? [j] : []));
  let data: boolean;
  if (numericCols.length > 0) {
    // A header names its numeric columns with words; a data row has numbers there like the rows below.
    // Years in order (1990, 1991, … 2020) over eight or more columns name them too: a table written
    // across, as statistics offices publish series.
    const years = numericCols.map((j) => r0[j]?.trim() ?? '');
    const yearHeader =
      years.length >= 8 &&
      years.every((y, i) => /^\d{4}$/.test(y) && (i === 0 || Number(y) > Number(years[i - 1])));
    data = !yearHeader && numericCols.every((j) => isNumber(r0[j]) || NA.has(r0[j]?.trim() ?? ''));
    const shown = r0.slice(0, 6).join(delimiter) + (r0.length > 6 ? delimiter + '…' : '');
    evidence.push(
      data
        ? `the first row (${shown}) holds numbers in the ${numericCols.length} numeric column(s), like the rows below: it is data, not a header (header: false)`
        : yearHeader
          ? `the first row (${shown}) names the numeric columns by years in order (${years[0]} … ${years[years.length - 1]}): it is the header`
          : `the first row (${shown}) has names where the rows below have numbers: it is the header`,
    );
  } else {
    // Only text columns: a first-row value that recurs below (a class name) is data, not a column name.
    // An empty one says nothing: Kaggle's spam.csv heads its mostly empty last columns `v1,v2,,,`.
    const recurring = r0.findIndex((v, j) => !missing(v) && rest.some((r) => r[j] === v));
    data = recurring >= 0;
    evidence.push(
      data
        ? `the first row's value ${JSON.stringify(r0[recurring])} recurs in column ${recurring + 1} below: the first row is data (header: false)`
        : 'the first row has values that do not recur below: it is the header',
    );
  }
  return { delimiter, numberFormat, header: !data, skipLines: 0, evidence };
}

/** The layout of lines that start with the table (see layoutOfRows). */
function layoutOf(lines: readonly string[]): FileLayout {
  const text = lines.join('\n');
  const delimiter = detectDelimiter(text);
  return layoutOfRows(sampleRows(text, delimiter), delimiter);
}

/** `sep=;`, `sep=,`, `"sep=\t"`: the line Excel writes above a CSV to name its delimiter. */
const SEP_LINE = /^"?sep=.{1,2}"?$/i;

/**
 * Sniffs a CSV/TSV file's layout from its first 200 lines: the encoding, lines above the table, the
 * delimiter, the number format and the header.
 * @example const layout = await sniffLayout('pima-indians-diabetes.csv'); layout.header // false
 */
export async function sniffLayout(path: string): Promise<FileLayout> {
  const encoding = await detectEncoding(path);
  const all = await firstLines(path, 200, encoding);
  // Excel's first line `sep=;` names the delimiter for Excel itself: not a line of the table.
  const sep = all.length > 1 && SEP_LINE.test(all[0]!.line.trim());
  const numbered = sep ? all.slice(1) : all;
  let lines = numbered.map((l) => l.line);
  let layout = layoutOf(lines);
  const sepNote = sep
    ? [
        `the first line (${JSON.stringify(all[0]!.line.trim())}) is Excel's note of the delimiter, not data: skipped (skipLines: ${numbered[0]!.at})`,
      ]
    : [];
  if (sep)
    layout = {
      ...layout,
      skipLines: numbered[0]!.at + layout.skipLines,
      evidence: [...sepNote, ...layout.evidence],
    };
  const skip = layout.countLine ? 0 : preamble(numbered);
  if (skip) {
    const above = lines.slice(0, skip);
    lines = lines.slice(skip);
    const table = layoutOf(lines);
    layout = {
      ...table,
      skipLines: numbered[skip]!.at + table.skipLines,
      evidence: [
        ...sepNote,
        `the first ${skip} line(s) ${sep ? 'under it ' : ''}(${above.map((l) => JSON.stringify(l.length > 40 ? `${l.slice(0, 40)}…` : l)).join(', ')}) are not part of the table: skipped (skipLines: ${numbered[skip]!.at})`,
        ...table.evidence,
      ],
    };
  }
  const text = lines.join('\n');
  if (encoding === 'utf-8') return layout;
  const accented = /[^\p{ASCII}]+/u.exec(text)?.[0];
  return {
    ...layout,
    encoding,
    evidence: [
      `the file is ${encoding.startsWith('utf-16') ? `${encoding.toUpperCase()} (a byte-order mark or NUL bytes)` : 'not valid UTF-8'}: read as ${CODE_PAGES[encoding] ?? encoding.toUpperCase()}${accented ? `, e.g. "${accented}"` : ''}`,
      ...layout.evidence,
    ],
  };
}

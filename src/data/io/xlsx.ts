/** readXlsx: one worksheet of an .xlsx workbook (exceljs) into a typed Frame. */
import ExcelJS from 'exceljs';
import { DataError, RecordError, locate } from '../errors.js';
import { Frame, type Column, type ColumnDType, type MissingPolicy } from '../frame.js';
import {
  DEFAULT_NA_VALUES,
  columnBuilder,
  looksLikeNote,
  markNotes,
  recordDateReading,
  type ColumnBuilder,
  type DateReading,
} from './column-types.js';
import { assertReadableFile } from './compressed.js';
import { groupHeader, tableStart, unitsRow } from './sniff.js';
import { dedupe } from './csv.js';

export interface ReadXlsxOptions extends DateReading {
  /** Worksheet name or 1-based index (default: the first sheet). */
  sheet?: string | number;
  /** The first row names the columns (default true). */
  header?: boolean;
  /** Rows above the table to skip (a title, an export date); left out, detected as for CSV (tableStart). */
  skipRows?: number;
  /** The row under the header holds units (`°C`, `hPa`), not data; left out, detected as for CSV (unitsRow). */
  unitsRow?: boolean;
  /** Receives what was decided (rows skipped), one sentence each. */
  notes?: string[];
  dtypes?: Record<string, ColumnDType>;
  naValues?: string[];
  missing?: 'keep' | MissingPolicy;
}

const EXCEL_DAY0 = Date.UTC(1899, 11, 30);

/** A cell's value as the text a CSV would hold (formulas give their result, dates ISO, times hh:mm:ss). */
function cellText(v: ExcelJS.CellValue): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) {
    // A time of day alone is Excel's day 0 (1899-12-30) plus the time: written as the time.
    if (v.getTime() >= EXCEL_DAY0 && v.getTime() < EXCEL_DAY0 + 86_400_000)
      return v.toISOString().slice(11, 19);
    return v.toISOString().replace('T00:00:00.000Z', '');
  }
  if (typeof v === 'object') {
    if ('result' in v) return cellText((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('error' in v) return null;
    return JSON.stringify(v);
  }
  return String(v);
}

/** At least two rows with two or more cells holding values: a table, not a page of notes. */
function holdsTable(ws: ExcelJS.Worksheet): boolean {
  let rows = 0;
  ws.eachRow({ includeEmpty: false }, (row) => {
    let filled = 0;
    row.eachCell({ includeEmpty: false }, () => filled++);
    if (filled >= 2) rows++;
  });
  return rows >= 2;
}

/**
 * Reads a worksheet into a Frame; types are inferred as for CSV.
 * @example const df = await readXlsx('sales.xlsx', { sheet: 'Sheet1' });
 */
export async function readXlsx(path: string, options: ReadXlsxOptions = {}): Promise<Frame> {
  await assertReadableFile(path);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    throw new DataError(`${path}: not a readable .xlsx workbook (${(e as Error).message})`);
  }
  // Without a sheet named, the first that holds a table: a cover sheet of notes ("Read me") is passed over.
  const ws =
    options.sheet === undefined
      ? (wb.worksheets.find(holdsTable) ?? wb.worksheets[0])
      : wb.getWorksheet(options.sheet);
  if (options.sheet === undefined && ws && ws !== wb.worksheets[0])
    options.notes?.push(
      `worksheet "${wb.worksheets[0]!.name}" holds no table: read "${ws.name}", the first that does (data.sheet names another; the sheets are ${wb.worksheets.map((w) => `"${w.name}"`).join(', ')})`,
    );
  if (!ws)
    throw new DataError(
      `${path}: no worksheet ${JSON.stringify(options.sheet ?? 1)}; the sheets are ${wb.worksheets.map((w) => `"${w.name}"`).join(', ') || 'none'}`,
    );
  const na = new Set(options.naValues ?? DEFAULT_NA_VALUES);
  const width = ws.columnCount;
  const rows: { fields: (string | null)[]; line: number }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const fields: (string | null)[] = [];
    for (let j = 1; j <= width; j++) {
      const t = cellText(row.getCell(j).value);
      fields.push(t === null || na.has(t.trim()) ? null : t);
    }
    rows.push({ fields, line: n });
  });
  const header = options.header ?? true;
  if (rows.length === 0) throw new DataError(`${path}: worksheet "${ws.name}" is empty`);
  // Each row's width: its cells up to the last one with a value.
  const widthOf = (fields: (string | null)[]): number => {
    let w = fields.length;
    while (w > 0 && fields[w - 1] === null) w--;
    return w;
  };
  const skip = options.skipRows ?? tableStart(rows.map((r) => ({ width: widthOf(r.fields), at: r.line })));
  if (skip > 0) {
    const above = rows.splice(0, skip);
    if (options.skipRows === undefined)
      options.notes?.push(
        `worksheet "${ws.name}": the first ${skip} row(s) (${above.map((r) => JSON.stringify(r.fields.filter((f) => f !== null).join(' '))).join(', ')}) are not part of the table: skipped`,
      );
  }
  const top = header ? rows.shift()!.fields : undefined;
  // A header over two rows (merged group cells over the columns' own names): joined, `Revenue Q1`.
  const grouped =
    top && options.unitsRow === undefined
      ? groupHeader(
          top,
          rows.slice(0, 200).map((r) => r.fields),
        )
      : undefined;
  if (grouped) {
    rows.shift();
    options.notes?.push(
      `worksheet "${ws.name}": the header is two rows, groups over the columns' names: joined as ${grouped
        .slice(0, 4)
        .map((n) => `'${n}'`)
        .join(', ')}${grouped.length > 4 ? ', …' : ''}`,
    );
  }
  // Repeated names (a merged cell repeats its value) made distinct as pandas does: none is lost.
  const names = dedupe(
    grouped ?? (top ? top.map((h, j) => h ?? `col${j}`) : Array.from({ length: width }, (_, j) => `col${j}`)),
  );
  const units =
    header && !grouped && options.unitsRow !== false
      ? unitsRow(
          names,
          rows.slice(0, 200).map((r) => r.fields),
        )
      : undefined;
  if (options.unitsRow || units) {
    const [row] = rows.splice(0, 1);
    if (options.unitsRow === undefined)
      options.notes?.push(
        `worksheet "${ws.name}": the row under the header (${row!.fields.map((f) => f ?? '').join(', ')}) holds the columns' units, not data: skipped`,
      );
  }
  if (rows.length === 0)
    throw new DataError(
      `${path}: worksheet "${ws.name}" has a header (${names.join(', ')}) but no data rows`,
    );
  // Rows of one cell of text after the data (a source, a note), in a table of several columns: notes.
  const note = (fields: (string | null)[]) => {
    const cells = fields.filter((f) => f !== null);
    return cells.length === 1 && looksLikeNote(cells[0]!);
  };
  let end = rows.length;
  while (end > 1 && names.length > 1 && note(rows[end - 1]!.fields)) end--;
  if (end < rows.length) {
    const notes = rows.splice(end);
    options.notes?.push(
      `worksheet "${ws.name}": ${notes.length} row(s) of one cell after the table (${notes
        .slice(0, 2)
        .map((r) => JSON.stringify(r.fields.find((f) => f !== null)!.slice(0, 40)))
        .join(', ')}${notes.length > 2 ? ', …' : ''}) are notes, not data: left out`,
    );
  }
  const file = `${path} [${ws.name}]`;
  const builders: ColumnBuilder[] = [];
  const cols = new Map<string, Column>(
    names.map((n, j) => {
      const b = columnBuilder(
        n,
        rows.map((r) => r.fields[j]!),
        options.dtypes?.[n],
        options.dayFirst,
        options.timeZone,
      );
      try {
        for (const r of rows) b.push(r.fields[j]!, r.line);
      } catch (e) {
        if (e instanceof RecordError)
          throw new DataError(e.render(locate({ file, line: e.record }).replace('line', 'row')));
        throw e;
      }
      builders.push(b);
      return [n, b.build()];
    }),
  );
  options.notes?.push(...markNotes(builders));
  recordDateReading(builders, options);
  const frame = new Frame(cols);
  const missing = options.missing ?? 'keep';
  return missing === 'keep' ? frame : frame.handleMissing(missing);
}

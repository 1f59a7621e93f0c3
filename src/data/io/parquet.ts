/**
 * readParquet: an Apache Parquet file (hyparquet, pure JavaScript) into a typed Frame. hyparquet
 * decodes Snappy itself; hyparquet-compressors adds the codecs other writers use by default (ZSTD:
 * polars; gzip, Brotli, LZ4).
 */
import { readFile } from 'node:fs/promises';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { DataError } from '../errors.js';
import { Frame } from '../frame.js';
import { assertReadableFile } from './compressed.js';

type Cell = number | string | boolean | Date | null;

/** A Parquet value as a Frame cell: BigInt → number, nested values → JSON text. */
function cell(v: unknown, column: string, row: number, path: string): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
      throw new DataError(
        `${path}, row ${row + 1}, column "${column}": ${v} does not fit a float64 exactly; cast the column to double or string before saving`,
      );
    return Number(v);
  }
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v instanceof Date) return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x));
}

/**
 * Reads every row group of a Parquet file; column types come from the file's schema.
 * @example const df = await readParquet('sales.parquet'); df.dtype('price') // 'number'
 */
export async function readParquet(path: string, maxRows?: number): Promise<Frame> {
  await assertReadableFile(path);
  const bytes = await readFile(path);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  let names: string[];
  try {
    names = parquetMetadata(buffer)
      .schema.slice(1)
      .filter((s) => !s.num_children)
      .map((s) => s.name);
  } catch (e) {
    throw new DataError(`${path}: not a readable Parquet file (${(e as Error).message})`);
  }
  let records: Record<string, unknown>[];
  try {
    records = (await parquetReadObjects({
      file: buffer,
      compressors,
      ...(maxRows !== undefined ? { rowEnd: maxRows } : {}),
    })) as Record<string, unknown>[];
  } catch (e) {
    throw new DataError(
      `${path}: the Parquet data could not be decoded (${(e as Error).message}); rewrite it with Snappy, ZSTD or gzip compression, or as CSV`,
    );
  }
  if (records.length === 0) throw new DataError(`${path}: the Parquet file has columns but no rows`);
  const cols: Record<string, Cell[]> = {};
  for (const n of Object.keys(records[0]!).length ? Object.keys(records[0]!) : names) cols[n] = [];
  records.forEach((r, i) => {
    for (const n of Object.keys(cols)) cols[n]!.push(cell(r[n], n, i, path));
  });
  return Frame.fromColumns(cols);
}

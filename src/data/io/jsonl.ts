/** readJsonl: JSON Lines (one object per line; .gz/.xz transparently) into a Frame. */
import { DataError, locate } from '../errors.js';
import { Frame } from '../frame.js';
import { readLines } from './compressed.js';

type Scalar = number | string | boolean | null;

/**
 * Reads one JSON object per line; blank lines are skipped, nested values kept as JSON text.
 * @example const df = await readJsonl('reviews.jsonl'); df.column('text');
 */
export async function readJsonl(path: string): Promise<Frame> {
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
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new DataError(
        `${locate({ file: path, line })}: expected a JSON object per line, found ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`,
      );
    }
    records.push(
      Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
          k,
          typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as Scalar),
        ]),
      ),
    );
  }
  if (line === 0) throw new DataError(`${path}: the file is empty; expected one JSON object per line`);
  if (records.length === 0)
    throw new DataError(`${path}: has only blank lines; expected one JSON object per line`);
  return Frame.fromRecords(records);
}

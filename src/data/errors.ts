import { SeqlabError } from '../errors.js';

/**
 * Bad data or a bad data option: a malformed file, a value of the wrong type, a label never seen
 * in training, missing data. The message names the file, line, column and value where known.
 */
export class DataError extends SeqlabError {}

/** Where a value came from, for error messages: `file.csv, line 12, column "age"`. */
export function locate(where: { file?: string; line?: number; column?: string | number }): string {
  const parts: string[] = [];
  if (where.file !== undefined) parts.push(where.file);
  if (where.line !== undefined) parts.push(`line ${where.line}`);
  if (where.column !== undefined)
    parts.push(typeof where.column === 'number' ? `column ${where.column}` : `column "${where.column}"`);
  return parts.join(', ');
}

/**
 * An error found at the n-th record of a parse, before its file line is known (line numbers are
 * costly to track while streaming, so the reader works them out only when something is wrong).
 */
export class RecordError extends DataError {
  constructor(
    readonly record: number,
    readonly render: (where: string) => string,
  ) {
    super(render(`record ${record}`));
  }
}

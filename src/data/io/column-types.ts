/**
 * Turning CSV/XLSX text fields into typed columns: inference over a sample of rows, then one
 * converter per column that checks each later value and names it (file, line, column) when it
 * does not fit.
 */
import { DataError, locate } from '../errors.js';
import type { Column, DType } from '../frame.js';

/** Strings read as missing unless `naValues` says otherwise (pandas' list, plus '?' as in UCI files). */
export const DEFAULT_NA_VALUES = ['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL', 'None', '#N/A', '?'];

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(Infinity|inf)$/;
const DATE = /^\d{4}-\d{2}(-\d{2})?([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const BOOL = /^(true|false)$/i;

/**
 * The number a field holds, or undefined when it is not a plain decimal number.
 * @example parseNumber('1e3') // 1000
 */
export function parseNumber(s: string): number | undefined {
  const t = s.trim();
  if (!NUMBER.test(t)) return undefined;
  return t.endsWith('inf') ? (t.startsWith('-') ? -Infinity : Infinity) : Number(t);
}

function parseDate(s: string): Date | undefined {
  if (!DATE.test(s.trim())) return undefined;
  const d = new Date(s.trim().length === 7 ? `${s.trim()}-01` : s.trim());
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The narrowest dtype that fits every non-missing value (number, boolean, date, else string). */
export function inferDType(values: (string | null)[]): DType {
  const present = values.filter((v): v is string => v !== null);
  if (present.length === 0) return 'number';
  if (present.every((v) => parseNumber(v) !== undefined)) return 'number';
  if (present.every((v) => BOOL.test(v.trim()))) return 'boolean';
  if (present.every((v) => parseDate(v) !== undefined)) return 'date';
  return 'string';
}

/** Accumulates one column's values, converting on the way in. */
export class ColumnBuilder {
  private nums: number[] = [];
  private others: (string | boolean | Date | null)[] = [];

  constructor(
    readonly name: string,
    public dtype: DType,
    /** declared by the user: a misfit is an error; inferred: the column falls back to strings */
    private readonly declared: boolean,
    private readonly file?: string,
  ) {}

  push(raw: string | null, line: number): void {
    if (raw === null) {
      if (this.dtype === 'number') this.nums.push(NaN);
      else this.others.push(null);
      return;
    }
    if (this.dtype === 'number') {
      const v = parseNumber(raw);
      if (v !== undefined) return void this.nums.push(v);
      this.misfit(raw, line);
    }
    if (this.dtype === 'boolean') {
      if (BOOL.test(raw.trim())) return void this.others.push(raw.trim().toLowerCase() === 'true');
      this.misfit(raw, line);
    }
    if (this.dtype === 'date') {
      const d = parseDate(raw);
      if (d) return void this.others.push(d);
      this.misfit(raw, line);
    }
    this.others.push(raw);
  }

  private misfit(raw: string, line: number): void {
    if (this.declared) {
      throw new DataError(`${locate({ file: this.file, line, column: this.name })}: ${JSON.stringify(raw)} is not a ${this.dtype}; the column was declared ${this.dtype} in dtypes — fix the value, add it to naValues, or declare the column 'string'`);
    }
    // An inferred column met a value that does not fit: everything so far becomes text.
    const prev = this.dtype === 'number' ? this.nums.map((v) => (Number.isNaN(v) ? null : String(v))) : this.others.map((v) => (v === null ? null : v instanceof Date ? v.toISOString() : String(v)));
    this.nums = [];
    this.others = prev;
    this.dtype = 'string';
  }

  build(): Column {
    return this.dtype === 'number' ? Float64Array.from(this.nums) : (this.others as Column);
  }
}

/** Rejects a dtype name that is not one of ours. */
export function checkDType(name: string, dtype: string): DType {
  if (!['number', 'string', 'boolean', 'date'].includes(dtype)) throw new DataError(`dtypes["${name}"] is ${JSON.stringify(dtype)}; use 'number', 'string', 'boolean' or 'date'`);
  return dtype as DType;
}

/**
 * Turning CSV/XLSX text fields into typed columns: inference over a sample of rows, then one
 * converter per column that checks each later value and names it (file, line, column) when it
 * does not fit.
 */
import { DataError, RecordError } from '../errors.js';
import type { Column, ColumnDType } from '../frame.js';

/** Strings read as missing unless `naValues` says otherwise (pandas' list, plus '?' as in UCI files). */
export const DEFAULT_NA_VALUES = ['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL', 'None', '#N/A', '?'];

const DATE = /^\d{4}-\d{2}(-\d{2})?([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const BOOL = /^(true|false)$/i;

/**
 * The number a field holds, or undefined when it is not a plain decimal number.
 * @example parseNumber('1e3') // 1000
 */
export function parseNumber(s: string): number | undefined {
  const t = s.trim();
  const c = t.charCodeAt(0);
  // Number() alone would also accept '', ' ', '0x1f', '0b1', 'Infinity' text variants we treat apart.
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46))
    return t === 'inf' || t === 'Infinity' ? Infinity : undefined;
  const v = Number(t);
  if (!Number.isNaN(v)) {
    const d = t.charCodeAt(1);
    return t.length > 1 && c === 48 && (d | 32) > 97 && 'xbo'.includes(t[1]!.toLowerCase()) ? undefined : v;
  }
  return t === '-inf' ? -Infinity : t === '+inf' ? Infinity : undefined;
}

function parseDate(s: string): Date | undefined {
  if (!DATE.test(s.trim())) return undefined;
  const d = new Date(s.trim().length === 7 ? `${s.trim()}-01` : s.trim());
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The narrowest dtype that fits every non-missing value (number, boolean, date, else string). */
export function inferDType(values: (string | null)[]): ColumnDType {
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
  /** Repeated text values (categories, labels) share one string. */
  private interned: Map<string, string> | undefined = new Map();

  constructor(
    readonly name: string,
    public dtype: ColumnDType,
    /** declared by the user: a misfit is an error; inferred: the column falls back to strings */
    private readonly declared: boolean,
  ) {}

  /** Adds one field; `record` (1-based, header included) locates it in errors. */
  push(raw: string | null, record: number): void {
    if (raw === null) {
      if (this.dtype === 'number') this.nums.push(NaN);
      else this.others.push(null);
      return;
    }
    if (this.dtype === 'number') {
      const v = parseNumber(raw);
      if (v !== undefined) return void this.nums.push(v);
      this.misfit(raw, record);
    }
    if (this.dtype === 'boolean') {
      if (BOOL.test(raw.trim())) return void this.others.push(raw.trim().toLowerCase() === 'true');
      this.misfit(raw, record);
    }
    if (this.dtype === 'date') {
      const d = parseDate(raw);
      if (d) return void this.others.push(d);
      this.misfit(raw, record);
    }
    this.others.push(this.intern(raw));
  }

  private intern(raw: string): string {
    if (!this.interned || raw.length > 64) return raw;
    const seen = this.interned.get(raw);
    if (seen !== undefined) return seen;
    if (this.interned.size >= 100000)
      this.interned = undefined; // high cardinality: stop trying
    else this.interned.set(raw, raw);
    return raw;
  }

  private misfit(raw: string, record: number): void {
    if (this.declared) {
      throw new RecordError(
        record,
        (where) =>
          `${where}, column "${this.name}": ${JSON.stringify(raw)} is not a ${this.dtype}; the column was declared ${this.dtype} in dtypes — fix the value, add it to naValues, or declare the column 'string'`,
      );
    }
    // An inferred column met a value that does not fit: everything so far becomes text.
    const prev =
      this.dtype === 'number'
        ? this.nums.map((v) => (Number.isNaN(v) ? null : String(v)))
        : this.others.map((v) => (v === null ? null : v instanceof Date ? v.toISOString() : String(v)));
    this.nums = [];
    this.others = prev;
    this.dtype = 'string';
  }

  build(): Column {
    return this.dtype === 'number' ? Float64Array.from(this.nums) : (this.others as Column);
  }
}

/** Rejects a dtype name that is not one of ours. */
export function checkDType(name: string, dtype: string): ColumnDType {
  if (!['number', 'string', 'boolean', 'date'].includes(dtype))
    throw new DataError(
      `dtypes["${name}"] is ${JSON.stringify(dtype)}; use 'number', 'string', 'boolean' or 'date'`,
    );
  return dtype as ColumnDType;
}

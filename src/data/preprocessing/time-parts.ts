/** A time column built from separate parts (year, month, day, hour …), as files like Beijing PM2.5 have them. */
import { DataError } from '../errors.js';
import { BatchStep, type RowBatch } from './batch.js';
import { requireNumeric } from './frame-steps.js';
import { field, registerStep, type StepJSON } from './step.js';

/**
 * Adds the column `name` (UTC dates) from numeric columns read in the order year, month (1–12), day,
 * hour, minute, second; missing trailing parts default to the start of the period. A frame that
 * already has `name` keeps it (the runner builds it before filling gaps).
 * @example new TimeFromParts({ parts: ['year', 'month', 'day', 'hour'] }).transform(batch).frame.column('time')
 */
export class TimeFromParts extends BatchStep {
  readonly kind = 'TimeFromParts';
  readonly parts: string[];
  readonly name: string;

  constructor(opts: { parts: string[]; name?: string }) {
    super();
    if (opts.parts.length < 1 || opts.parts.length > 6)
      throw new DataError(
        `data.time: give 1 to 6 columns in the order year, month, day, hour, minute, second; got ${opts.parts.length}`,
      );
    this.parts = opts.parts;
    this.name = opts.name ?? 'time';
  }

  transform(batch: RowBatch): RowBatch {
    const f = batch.frame;
    if (f.columns.includes(this.name)) return batch;
    requireNumeric(f, this.parts, batch.where);
    const cols = this.parts.map((c) => f.numeric(c));
    const dates = Array.from({ length: f.nRows }, (_, i) => {
      const v = cols.map((c) => c[i]!);
      const bad = v.findIndex((x) => !Number.isInteger(x));
      if (bad >= 0)
        throw new DataError(
          `${batch.where}: row ${i + 1}: time part '${this.parts[bad]}' is ${v[bad]}, not a whole number`,
        );
      const [y, mo = 1, d = 1, h = 0, mi = 0, s = 0] = v;
      return new Date(Date.UTC(y!, mo - 1, d, h, mi, s));
    });
    return { ...batch, frame: f.withColumn(this.name, dates) };
  }

  toJSON(): StepJSON {
    return { kind: this.kind, parts: this.parts, name: this.name };
  }

  static fromJSON(json: StepJSON): TimeFromParts {
    return new TimeFromParts({ parts: field<string[]>(json, 'parts'), name: field<string>(json, 'name') });
  }
}

registerStep('TimeFromParts', TimeFromParts.fromJSON);

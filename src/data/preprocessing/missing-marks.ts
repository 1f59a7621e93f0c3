/**
 * Numbers that stand for a missing value (`data.naValues`, pandas' `na_values`): UCI's Air Quality
 * writes -200 for a sensor that did not report, NOAA's daily summaries 9999.9 for a temperature and
 * 99.99 for a rainfall not measured. Read as numbers, they wreck a scaler (one -200 among 10–30 °C
 * readings) and teach the model a value that never happens. The step replaces them by NaN in every
 * numeric column, in training and in every frame the saved model reads later (predict, forecast,
 * serve), so that they are filled as blank cells are.
 */
import { Frame } from '../frame.js';
import { BatchStep, type PipelineInfo, type RowBatch } from './batch.js';
import { field, registerStep, type StepJSON } from './step.js';

/**
 * The frame with `values` replaced by NaN in its numeric columns (the columns without one unchanged).
 * @example withoutMarks(Frame.fromColumns({ t: [12, -200, 14] }), [-200]).numeric('t') // [12, NaN, 14]
 */
export function withoutMarks(frame: Frame, values: readonly number[]): Frame {
  if (values.length === 0) return frame;
  const marks = new Set(values);
  let out = frame;
  for (const c of frame.columns) {
    const col = frame.column(c);
    if (!(col instanceof Float64Array) || !col.some((v) => marks.has(v))) continue;
    out = out.withColumn(
      c,
      col.map((v) => (marks.has(v) ? NaN : v)),
    );
  }
  return out;
}

/** Whether a number looks like a code for "not measured": negative from -99 down, or all nines (999, 9999.9, 99.99). */
const codeLike = (v: number): boolean => v <= -99 || (Math.abs(v) >= 99 && /^-?9+(\.9+)?$/.test(String(v)));

/**
 * The numbers a table uses for a missing value, found as `seqlab init` proposes them: in some numeric
 * column, a value that looks like a code (codeLike), is the column's minimum or maximum, comes at least
 * twice, and lies farther from the other values than twice their whole range (-200 under temperatures
 * of -2 to 45 °C; not the census' capital gain of 99,999, 58,689 above values spread over 41,310). It
 * is then the code in every column where it is the minimum or maximum; a value that is an ordinary
 * reading in another column is not proposed, as data.naValues applies to every numeric column. Each
 * with the columns it was found in and how often.
 * @example missingMarksOf(airQuality) // [{ value: -200, columns: ['CO(GT)', 'T', …], count: … }]
 */
export function missingMarksOf(frame: Frame): { value: number; columns: string[]; count: number }[] {
  const found = new Map<number, { columns: string[]; count: number }>();
  const numeric: [string, Float64Array][] = [];
  for (const c of frame.columns) {
    const col = frame.column(c);
    if (!(col instanceof Float64Array)) continue;
    const v = col.filter((x) => !Number.isNaN(x)).sort();
    numeric.push([c, v]);
    if (v.length < 20) continue;
    for (const end of [v[0]!, v[v.length - 1]!]) {
      if (!codeLike(end)) continue;
      const rest = v.filter((x) => x !== end);
      const count = v.length - rest.length;
      if (count < 2 || rest.length === 0) continue;
      const range = rest[rest.length - 1]! - rest[0]!;
      const gap = end < rest[0]! ? rest[0]! - end : end - rest[rest.length - 1]!;
      if (gap <= 2 * range) continue;
      const f = found.get(end) ?? { columns: [], count: 0 };
      f.columns.push(c);
      f.count += count;
      found.set(end, f);
    }
  }
  // Other columns that end at the code too (Air Quality's sensor responses: -200 under 647–2040, nearer
  // than twice their range) hold it as the code; a column that holds it among its readings rules it out.
  for (const [value, f] of found)
    for (const [c, v] of numeric) {
      if (f.columns.includes(c) || !v.includes(value)) continue;
      if (value !== v[0] && value !== v[v.length - 1]) {
        found.delete(value);
        break;
      }
      f.columns.push(c);
      f.count += v.filter((x) => x === value).length;
    }
  return [...found].map(([value, f]) => ({ value, ...f })).sort((a, b) => b.count - a.count);
}

/** data.naValues as a step of the model's preprocessing (see the file's comment). */
export class MissingMarks extends BatchStep {
  readonly kind = 'MissingMarks';

  constructor(readonly values: number[]) {
    super();
  }

  transform(batch: RowBatch): RowBatch {
    return { ...batch, frame: withoutMarks(batch.frame, this.values) };
  }

  override describe(): Partial<PipelineInfo> {
    return { naValues: this.values };
  }

  toJSON(): StepJSON {
    return { kind: this.kind, values: this.values };
  }

  static fromJSON(json: StepJSON): MissingMarks {
    return new MissingMarks(field<number[]>(json, 'values'));
  }
}

registerStep('MissingMarks', MissingMarks.fromJSON);

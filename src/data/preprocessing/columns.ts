/**
 * The first step of a tabular pipeline: raw rows (a Frame, or records as a server receives them)
 * → a float32 matrix of the feature columns seen in training, in training order.
 */
import { DataError } from '../errors.js';
import { Frame, nanMean, type MissingPolicy } from '../frame.js';
import type { FloatMatrix } from '../types.js';
import { field, notFitted, registerStep, type Step, type StepJSON } from './step.js';

export type RowsInput = Frame | ReadonlyArray<Record<string, number | string | boolean | null | undefined>>;

/**
 * @example
 * const sel = new SelectColumns({ exclude: ['y'] }).fit(trainFrame);
 * sel.transform([{ x1: 0.5, x2: 1.2, y: 1 }]); // FloatMatrix (1, 2)
 */
export class SelectColumns implements Step<RowsInput, FloatMatrix> {
  readonly kind = 'SelectColumns';
  columns?: string[];
  /** Column means from fit, used by the 'fillMean' policy at transform time. */
  means?: number[];
  readonly exclude: string[];
  readonly missing: Exclude<MissingPolicy, 'drop'>;

  constructor(
    opts: { columns?: string[]; exclude?: string[]; missing?: Exclude<MissingPolicy, 'drop'> } = {},
  ) {
    this.columns = opts.columns;
    this.exclude = opts.exclude ?? [];
    this.missing = opts.missing ?? 'error';
  }

  private static frame(x: RowsInput): Frame {
    return x instanceof Frame ? x : Frame.fromRecords(x);
  }

  /** Chooses the columns (given ones, or every numeric column not excluded) and learns their means. */
  fit(x: RowsInput): this {
    const f = SelectColumns.frame(x);
    this.columns ??= f.columns.filter((c) => !this.exclude.includes(c) && f.dtype(c) === 'number');
    if (this.columns.length === 0)
      throw new DataError(`SelectColumns: no numeric feature columns among ${f.columns.join(', ')}`);
    this.means = this.columns.map((c) => nanMean(f.numeric(c)));
    return this;
  }

  transform(x: RowsInput): FloatMatrix {
    if (!this.columns || !this.means) notFitted(this.kind);
    let f = SelectColumns.frame(x);
    const absent = this.columns.filter((c) => !f.columns.includes(c));
    if (absent.length)
      throw new DataError(
        `SelectColumns: input lacks column${absent.length > 1 ? 's' : ''} ${absent.map((c) => `"${c}"`).join(', ')}; the model was trained on ${this.columns.join(', ')}`,
      );
    if (this.missing === 'fillMean') {
      this.columns.forEach((c, j) => (f = f.handleMissing({ fillValue: this.means![j]! }, [c])));
    } else if (this.missing !== 'error') f = f.handleMissing(this.missing, this.columns);
    return f.toMatrix(this.columns);
  }

  toJSON(): StepJSON {
    if (!this.columns) notFitted(this.kind);
    return {
      kind: this.kind,
      columns: this.columns,
      means: this.means ?? null,
      exclude: this.exclude,
      missing: this.missing,
    };
  }

  static fromJSON(json: StepJSON): SelectColumns {
    const s = new SelectColumns({
      columns: field<string[]>(json, 'columns'),
      exclude: field<string[]>(json, 'exclude'),
      missing: field<Exclude<MissingPolicy, 'drop'>>(json, 'missing'),
    });
    s.means = (json.means as number[] | null) ?? undefined;
    return s;
  }
}

registerStep('SelectColumns', SelectColumns.fromJSON);

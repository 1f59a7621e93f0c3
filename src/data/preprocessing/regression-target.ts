/** The target of a table regression: standardised on the training rows for the model, back to original units for predictions. */
import { DataError } from '../errors.js';
import { BatchStep, type PipelineInfo, type Predictions, type RowBatch } from './batch.js';
import { requireColumn } from './frame-steps.js';
import { field, registerStep, type StepJSON } from './step.js';

/**
 * @example
 * const t = new RegressionTarget({ column: 'price' }).fit(rawBatch(train, 'houses.csv'));
 * t.transform(batch).targets // (price − mean) / std of the training rows
 */
export class RegressionTarget extends BatchStep {
  readonly kind = 'RegressionTarget';
  readonly column: string;
  /** Standardise log(1 + y) instead of y (data.targetTransform: log); invert applies exp(·) − 1. */
  readonly log: boolean;
  mean: number | null;
  std: number | null;

  constructor(opts: { column: string; log?: boolean; mean?: number | null; std?: number | null }) {
    super();
    this.column = opts.column;
    this.log = opts.log ?? false;
    this.mean = opts.mean ?? null;
    this.std = opts.std ?? null;
  }

  /** The target of the first `end` rows, checked, on the scale the network learns (log1p with log). */
  private values(batch: RowBatch, end: number): Float64Array {
    requireColumn(batch.frame, this.column, 'label', batch.where);
    const y = batch.frame.numeric(this.column);
    for (let i = 0; i < end; i++) {
      if (!Number.isFinite(y[i]!))
        throw new DataError(
          `${batch.where}: regression target '${this.column}' is ${Number.isNaN(y[i]!) ? 'missing' : y[i]} in row ${i + 1}; drop those rows (data.missing: drop)`,
        );
      if (this.log && y[i]! < 0)
        throw new DataError(
          `${batch.where}: regression target '${this.column}' is ${y[i]} in row ${i + 1}; data.targetTransform: log needs values ≥ 0 — set it to none`,
        );
    }
    return this.log ? y.map(Math.log1p) : y;
  }

  override fit(batch: RowBatch): this {
    const end = batch.fitEnd ?? batch.frame.nRows;
    const y = this.values(batch, end).subarray(0, end);
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const std = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length);
    if (!(std > 0))
      throw new DataError(
        `${batch.where}: regression target '${this.column}' has the same value (${mean}) in every training row; nothing to learn`,
      );
    this.mean = mean;
    this.std = std;
    return this;
  }

  transform(batch: RowBatch): RowBatch {
    if (this.mean === null || this.std === null) throw new DataError('RegressionTarget: not fitted');
    if (!batch.frame.columns.includes(this.column)) return batch; // predicting: no target column
    const y = this.values(batch, batch.frame.nRows);
    const m = this.mean;
    const s = this.std;
    return { ...batch, targets: Float32Array.from(batch.rows, (r) => (y[r]! - m) / s) };
  }

  override invert(pred: Predictions): Predictions {
    const m = this.mean!;
    const s = this.std!;
    return { ...pred, values: pred.values.map((v) => (this.log ? Math.expm1(v * s + m) : v * s + m)) };
  }

  override describe(): Partial<PipelineInfo> {
    return { task: 'regression', labelColumn: this.column };
  }

  toJSON(): StepJSON {
    return {
      kind: this.kind,
      column: this.column,
      ...(this.log ? { log: true } : {}),
      mean: this.mean,
      std: this.std,
    };
  }

  static fromJSON(json: StepJSON): RegressionTarget {
    return new RegressionTarget({
      column: field<string>(json, 'column'),
      log: json.log === true,
      mean: field<number>(json, 'mean'),
      std: field<number>(json, 'std'),
    });
  }
}

registerStep('RegressionTarget', RegressionTarget.fromJSON);

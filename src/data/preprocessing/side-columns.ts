/**
 * A text's bag of n-grams with the row's other columns beside it: a review's stars, a listing's price,
 * a ticket's product (what a Keras user feeds through a second Input and concatenates). The columns
 * are made as a table's are (TableColumns: numbers, booleans, one-hot levels), standardised on the
 * training rows, and appended after the n-gram columns of each sparse row, so the network and the
 * baselines read one matrix.
 */
import { DataError } from '../errors.js';
import { isCsr, type CsrMatrix } from '../sparse.js';
import { BatchStep, type PipelineInfo, type RowBatch } from './batch.js';
import { field, notFitted, registerStep, stepFromJSON, type StepJSON } from './step.js';
import type { TableColumns } from './table-columns.js';

export class SideColumns extends BatchStep {
  readonly kind = 'SideColumns';
  /** Fitted: each side column's training mean and standard deviation (1 where it is constant). */
  mean: number[] | null;
  std: number[] | null;

  constructor(
    readonly table: TableColumns,
    stats: { mean?: number[] | null; std?: number[] | null } = {},
  ) {
    super();
    this.mean = stats.mean ?? null;
    this.std = stats.std ?? null;
  }

  /** The side columns' names after the n-grams (one-hot levels as `col=level`). */
  get outputNames(): string[] {
    return this.table.outputNames;
  }

  override fit(batch: RowBatch): this {
    this.table.fit(batch);
    const side = this.dense(batch);
    const width = this.outputNames.length;
    const end = batch.fitEnd ?? batch.rows.length;
    const mean = new Array<number>(width).fill(0);
    const sq = new Array<number>(width).fill(0);
    for (let i = 0; i < end; i++)
      for (let j = 0; j < width; j++) {
        const v = side[batch.rows[i]! * width + j]!;
        mean[j]! += v;
        sq[j]! += v * v;
      }
    this.mean = mean.map((s) => s / Math.max(end, 1));
    this.std = sq.map((s, j) => {
      const sd = Math.sqrt(Math.max(s / Math.max(end, 1) - this.mean![j]! ** 2, 0));
      return sd > 1e-12 ? sd : 1;
    });
    return this;
  }

  /**
   * Appends the standardised side columns to each row of the n-gram matrix (x: (n, V) sparse → (n, V + k)).
   */
  transform(batch: RowBatch): RowBatch {
    if (!this.mean || !this.std) notFitted(this.kind);
    const text = batch.x;
    if (!isCsr(text))
      throw new DataError(
        `${batch.where}: the columns beside a text need its bag of n-grams (preprocessing.text.outputMode: tfIdf, multiHot or count); a sequence model reads the text alone`,
      );
    const side = this.dense(batch);
    const k = this.mean.length;
    const n = text.rows;
    const indptr = new Int32Array(n + 1);
    const indices = new Int32Array(text.indices.length + n * k);
    const values = new Float32Array(indices.length);
    let at = 0;
    for (let i = 0; i < n; i++) {
      for (let p = text.indptr[i]!; p < text.indptr[i + 1]!; p++) {
        indices[at] = text.indices[p]!;
        values[at++] = text.values[p]!;
      }
      const row = batch.rows[i]! * k;
      for (let j = 0; j < k; j++) {
        const v = (side[row + j]! - this.mean[j]!) / this.std[j]!;
        if (v === 0) continue;
        indices[at] = text.cols + j;
        values[at++] = v;
      }
      indptr[i + 1] = at;
    }
    const x: CsrMatrix = {
      rows: n,
      cols: text.cols + k,
      indptr,
      indices: indices.subarray(0, at),
      values: values.subarray(0, at),
    };
    return { ...batch, x };
  }

  /** The columns each row must bring beside its text (serve's request schema, the web page's rows). */
  override describe(): Partial<PipelineInfo> {
    const { features, columnKinds, fillsMissing } = this.table.describe();
    return { features, columnKinds, ...(fillsMissing ? { fillsMissing } : {}) };
  }

  /** The table columns of every frame row, (rows × k) row-major. */
  private dense(batch: RowBatch): ArrayLike<number> {
    const out = this.table.transform({ ...batch, x: null });
    return (out.x as { data: ArrayLike<number> }).data;
  }

  toJSON(): StepJSON {
    return { kind: this.kind, table: this.table.toJSON(), mean: this.mean, std: this.std };
  }

  static fromJSON(json: StepJSON): SideColumns {
    return new SideColumns(stepFromJSON(field<StepJSON>(json, 'table')) as TableColumns, {
      mean: field<number[]>(json, 'mean'),
      std: field<number[]>(json, 'std'),
    });
  }
}

registerStep('SideColumns', SideColumns.fromJSON);

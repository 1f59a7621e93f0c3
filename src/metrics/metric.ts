import type { Tensor } from '../autograd/tensor.js';
import { formatShape } from '../autograd/tensor.js';
import { ShapeError } from '../errors.js';

/**
 * A streaming training metric: `update` with each batch, `result` at any time, `reset` per epoch.
 * Computed on the typed arrays, outside autograd.
 * @example
 * const acc = getMetric('accuracy', 'binaryCrossentropy');
 * acc.update(yTrue, yPred); acc.result(); // 0.75
 */
export interface Metric {
  /** The name logs use, e.g. 'accuracy' (val_accuracy for validation). */
  readonly name: string;
  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void;
  result(): number;
  reset(): void;
}

/** Rows of yPred: every axis but the last (a rank-1 yPred is a column, one value per row). */
export function rowsOf(yPred: Tensor): { rows: number; width: number } {
  const width = yPred.rank <= 1 ? 1 : yPred.shape[yPred.rank - 1]!;
  return { rows: width === 0 ? 0 : yPred.size / width, width };
}

/**
 * A function giving the weight of row r (1 without weights). Weights have one value per row, or one
 * per sample when rows are (B, T) steps: each sample's weight then covers its T rows.
 */
export function rowWeights(
  metric: string,
  rows: number,
  sampleWeight: Tensor | null | undefined,
): (r: number) => number {
  if (!sampleWeight) return () => 1;
  const n = sampleWeight.size;
  if (n === 0 || rows % n !== 0) {
    throw new ShapeError(
      `${metric}: sampleWeight of shape ${formatShape(sampleWeight.shape)} does not fit ${rows} rows`,
    );
  }
  const per = rows / n;
  const w = sampleWeight.data;
  return (r) => w[Math.floor(r / per)]!;
}

/** Throws unless yTrue has exactly as many values as yPred (shapes (B,) and (B, 1) both fit). */
export function requireSameSize(metric: string, yTrue: Tensor, yPred: Tensor): void {
  if (yTrue.size !== yPred.size) {
    throw new ShapeError(
      `${metric}: yTrue shape ${formatShape(yTrue.shape)} does not match yPred shape ${formatShape(yPred.shape)}`,
    );
  }
}

/** Weighted mean of one value per row, as Keras's MeanMetricWrapper: Σ w·v / Σ w. */
export class MeanMetric implements Metric {
  private total = 0;
  private count = 0;
  constructor(
    readonly name: string,
    private readonly perRow: (yTrue: Tensor, yPred: Tensor, row: number, width: number) => number,
    private readonly check: (name: string, yTrue: Tensor, yPred: Tensor) => void = requireSameSize,
    private readonly finish: (mean: number) => number = (m) => m,
  ) {}
  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    this.check(this.name, yTrue, yPred);
    const { rows, width } = rowsOf(yPred);
    const weight = rowWeights(this.name, rows, sampleWeight);
    for (let r = 0; r < rows; r++) {
      const w = weight(r);
      this.total += w * this.perRow(yTrue, yPred, r, width);
      this.count += w;
    }
  }
  result(): number {
    return this.finish(this.count === 0 ? 0 : this.total / this.count);
  }
  reset(): void {
    this.total = 0;
    this.count = 0;
  }
}

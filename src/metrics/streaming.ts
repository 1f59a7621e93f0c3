import type { Tensor } from '../autograd/tensor.js';
import { formatShape } from '../autograd/tensor.js';
import { SeqlabError, ShapeError } from '../errors.js';
import { auc } from './auc.js';
import { MeanMetric, requireSameSize, rowsOf, rowWeights, type Metric } from './metric.js';

function argmaxRow(data: ArrayLike<number>, row: number, width: number): number {
  let best = 0;
  for (let c = 1; c < width; c++) if (data[row * width + c]! > data[row * width + best]!) best = c;
  return best;
}

function requireIds(name: string, yTrue: Tensor, yPred: Tensor): void {
  const { rows } = rowsOf(yPred);
  if (yTrue.size !== rows) {
    throw new ShapeError(
      `${name}: yTrue shape ${formatShape(yTrue.shape)} must hold one class id per row of yPred ${formatShape(yPred.shape)}`,
    );
  }
}

/**
 * Fraction of values where (yPred > threshold) equals yTrue, averaged per row (Keras `BinaryAccuracy`).
 * @example
 * const m = binaryAccuracy(); m.update(tensor([[1], [0]]), tensor([[0.8], [0.6]])); m.result(); // 0.5
 */
export function binaryAccuracy(options: { name?: string; threshold?: number } = {}): Metric {
  const { name = 'binaryAccuracy', threshold = 0.5 } = options;
  return new MeanMetric(name, (t, p, r, w) => {
    let hits = 0;
    for (let c = 0; c < w; c++)
      hits += (p.data[r * w + c]! > threshold ? 1 : 0) === t.data[r * w + c]! ? 1 : 0;
    return hits / w;
  });
}

/**
 * Fraction of rows whose argmax of yPred equals the argmax of one-hot yTrue (Keras `CategoricalAccuracy`).
 * @example
 * categoricalAccuracy().update(oneHot, probs);
 */
export function categoricalAccuracy(options: { name?: string } = {}): Metric {
  return new MeanMetric(options.name ?? 'categoricalAccuracy', (t, p, r, w) =>
    argmaxRow(t.data, r, w) === argmaxRow(p.data, r, w) ? 1 : 0,
  );
}

/**
 * Fraction of rows whose argmax of yPred equals the class id in yTrue ((B,) or (B, 1)).
 * @example
 * sparseCategoricalAccuracy().update(tensor([2, 0]), probs);
 */
export function sparseCategoricalAccuracy(options: { name?: string } = {}): Metric {
  return new MeanMetric(
    options.name ?? 'sparseCategoricalAccuracy',
    (t, p, r, w) => (t.data[r] === argmaxRow(p.data, r, w) ? 1 : 0),
    requireIds,
  );
}

/** Keras 3's choice from shapes when the loss does not tell: binary, sparse or categorical. */
function accuracyFromShapes(name: string, yTrue: Tensor, yPred: Tensor): Metric {
  const last = yPred.rank === 0 ? 1 : (yPred.shape[yPred.rank - 1] ?? 1);
  if (yPred.rank <= 1 || last === 1) return binaryAccuracy({ name });
  const sparse = yTrue.rank < yPred.rank || (yTrue.shape[yTrue.rank - 1] === 1 && last > 1);
  return sparse ? sparseCategoricalAccuracy({ name }) : categoricalAccuracy({ name });
}

/** 'accuracy' whose variant is picked at the first update from the shapes. */
class AutoAccuracy implements Metric {
  private inner: Metric | null = null;
  constructor(readonly name: string) {}
  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    this.inner ??= accuracyFromShapes(this.name, yTrue, yPred);
    this.inner.update(yTrue, yPred, sampleWeight);
  }
  result(): number {
    return this.inner?.result() ?? 0;
  }
  reset(): void {
    this.inner?.reset();
  }
}

/** Weighted counts of true/false positives and negatives at one threshold, over all values. */
class ConfusionCounts implements Metric {
  tp = 0;
  fp = 0;
  fn = 0;
  constructor(
    readonly name: string,
    private readonly threshold: number,
    private readonly value: (c: ConfusionCounts) => number,
  ) {}
  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    requireSameSize(this.name, yTrue, yPred);
    const { rows, width } = rowsOf(yPred);
    const weight = rowWeights(this.name, rows, sampleWeight);
    for (let i = 0; i < yPred.size; i++) {
      const w = weight(Math.floor(i / width));
      const actual = yTrue.data[i]! !== 0;
      const predicted = yPred.data[i]! > this.threshold;
      if (predicted && actual) this.tp += w;
      else if (predicted) this.fp += w;
      else if (actual) this.fn += w;
    }
  }
  result(): number {
    return this.value(this);
  }
  reset(): void {
    this.tp = this.fp = this.fn = 0;
  }
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/**
 * tp / (tp + fp) with predictions > threshold counted positive (Keras `Precision`).
 * @example
 * const p = precision(); p.update(yTrue, probs); p.result();
 */
export function precision(options: { name?: string; threshold?: number } = {}): Metric {
  return new ConfusionCounts(options.name ?? 'precision', options.threshold ?? 0.5, (c) =>
    ratio(c.tp, c.tp + c.fp),
  );
}

/**
 * tp / (tp + fn) with predictions > threshold counted positive (Keras `Recall`).
 * @example
 * const r = recall(); r.update(yTrue, probs); r.result();
 */
export function recall(options: { name?: string; threshold?: number } = {}): Metric {
  return new ConfusionCounts(options.name ?? 'recall', options.threshold ?? 0.5, (c) =>
    ratio(c.tp, c.tp + c.fn),
  );
}

/**
 * Mean squared error, per row then weighted mean (Keras `MeanSquaredError` metric).
 * @example
 * mse().update(y, yHat);
 */
export function mse(options: { name?: string } = {}): Metric {
  return new MeanMetric(options.name ?? 'mse', (t, p, r, w) => {
    let s = 0;
    for (let c = 0; c < w; c++) s += (p.data[r * w + c]! - t.data[r * w + c]!) ** 2;
    return s / w;
  });
}

/**
 * Mean absolute error, per row then weighted mean.
 * @example
 * mae().update(y, yHat);
 */
export function mae(options: { name?: string } = {}): Metric {
  return new MeanMetric(options.name ?? 'mae', (t, p, r, w) => {
    let s = 0;
    for (let c = 0; c < w; c++) s += Math.abs(p.data[r * w + c]! - t.data[r * w + c]!);
    return s / w;
  });
}

/**
 * √(weighted mean of squared errors) over everything seen (Keras `RootMeanSquaredError`).
 * @example
 * rmse().update(y, yHat);
 */
export function rmse(options: { name?: string } = {}): Metric {
  const inner = mse({ name: options.name ?? 'rmse' });
  return {
    name: inner.name,
    update: (t, p, w) => inner.update(t, p, w),
    result: () => Math.sqrt(inner.result()),
    reset: () => inner.reset(),
  };
}

const ACCURACY_BY_LOSS: Record<string, (name: string) => Metric> = {
  binarycrossentropy: (name) => binaryAccuracy({ name }),
  categoricalcrossentropy: (name) => categoricalAccuracy({ name }),
  sparsecategoricalcrossentropy: (name) => sparseCategoricalAccuracy({ name }),
};

const key = (s: string): string => s.replace(/_/g, '').toLowerCase();

/**
 * 'accuracy' (or 'acc') as Keras resolves it: binary, categorical or sparse categorical from the
 * loss, or, for other losses, from the shapes of the first batch.
 * @example
 * resolveMetric('accuracy', 'sparse_categorical_crossentropy').update(ids, probs);
 */
export function resolveMetric(name: string, lossName?: string | null): Metric {
  const byLoss = lossName ? ACCURACY_BY_LOSS[key(lossName)] : undefined;
  return byLoss ? byLoss(name) : new AutoAccuracy(name);
}

const NAMED: Record<string, (name: string) => Metric> = {
  binaryaccuracy: (name) => binaryAccuracy({ name }),
  categoricalaccuracy: (name) => categoricalAccuracy({ name }),
  sparsecategoricalaccuracy: (name) => sparseCategoricalAccuracy({ name }),
  precision: (name) => precision({ name }),
  recall: (name) => recall({ name }),
  auc: (name) => auc({ name }),
  mse: (name) => mse({ name }),
  meansquarederror: (name) => mse({ name }),
  mae: (name) => mae({ name }),
  meanabsoluteerror: (name) => mae({ name }),
  rmse: (name) => rmse({ name }),
  rootmeansquarederror: (name) => rmse({ name }),
};

/**
 * A fresh metric by name, logged under that name: 'accuracy'/'acc' (variant from the loss), 'precision',
 * 'recall', 'auc', 'mse', 'mae', 'rmse', and Keras's longer names in camelCase or snake_case.
 * A Metric instance is returned as is.
 * @example
 * const metrics = ['accuracy', 'auc'].map((n) => getMetric(n, 'binaryCrossentropy'));
 */
export function getMetric(name: string | Metric, lossName?: string | null): Metric {
  if (typeof name !== 'string') return name;
  const k = key(name);
  if (k === 'accuracy' || k === 'acc') return resolveMetric(name, lossName);
  const make = NAMED[k];
  if (!make) {
    throw new SeqlabError(
      `unknown metric '${name}'; valid names: accuracy, acc, binaryAccuracy, categoricalAccuracy, ` +
        `sparseCategoricalAccuracy, precision, recall, auc, mse, mae, rmse`,
    );
  }
  return make(name);
}

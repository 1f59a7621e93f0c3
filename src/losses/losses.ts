import {
  add,
  clip,
  div,
  log,
  logSoftmax,
  mean,
  mul,
  neg,
  softplus,
  square,
  abs,
  minimum,
  reshape,
  sub,
  sum,
} from '../autograd/ops/index.js';
import { SeqlabError, ShapeError } from '../errors.js';
import { allocate, formatShape, tensor, Tensor } from '../autograd/tensor.js';
import { alignTargets, sparseTargets } from './targets.js';

/** Keras's fuzz factor: probabilities are clipped into [EPSILON, 1 − EPSILON] before the log. */
export const EPSILON = 1e-7;

/**
 * A loss: per-sample values from (yTrue, yPred) built from autograd ops, so gradients are automatic.
 * `call` averages over the last axis like Keras, giving shape yPred.shape[:-1].
 */
export interface Loss {
  /** Canonical camelCase name, e.g. 'binaryCrossentropy'. */
  readonly name: string;
  call(yTrue: Tensor, yPred: Tensor): Tensor;
  /** Plain data that `getLoss()` accepts. */
  getConfig(): { name: string; [option: string]: unknown };
}

function makeLoss(
  name: string,
  options: Record<string, unknown>,
  call: (t: Tensor, p: Tensor) => Tensor,
): Loss {
  return { name, call, getConfig: () => ({ name, ...options }) };
}

function checkSmoothing(name: string, labelSmoothing: number): void {
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new SeqlabError(`${name}: labelSmoothing must be in [0, 1], got ${labelSmoothing}`);
  }
}

export interface CrossentropyOptions {
  /** yPred holds logits rather than probabilities. Default false. */
  fromLogits?: boolean;
  /** Moves targets towards uniform: binary y·(1−s) + s/2, categorical y·(1−s) + s/C. Default 0. */
  labelSmoothing?: number;
}

export interface BinaryCrossentropyOptions extends CrossentropyOptions {
  /**
   * A weight on each output column's positive term (PyTorch's BCEWithLogitsLoss pos_weight), one per
   * column: −(w·y·log p + (1−y)·log(1−p)). A rare label weighed by its negatives / positives counts
   * as much as its absences. Default none (1).
   */
  posWeight?: number[];
}

/**
 * Binary cross-entropy, Keras 3: −(y·log p + (1−y)·log(1−p)) with p clipped to [1e-7, 1−1e-7];
 * from logits x the stable softplus(x) − x·y. Averaged over the last axis.
 * @example
 * computeLoss(binaryCrossentropy(), yTrue, yPred); // yTrue, yPred (B, 1)
 */
export function binaryCrossentropy(options: BinaryCrossentropyOptions = {}): Loss {
  const { fromLogits = false, labelSmoothing = 0, posWeight } = options;
  checkSmoothing('binaryCrossentropy', labelSmoothing);
  if (posWeight && !posWeight.every((w) => Number.isFinite(w) && w > 0))
    throw new SeqlabError(
      `binaryCrossentropy: posWeight must hold positive numbers, one per output column; got [${posWeight.join(', ')}]`,
    );
  const config = { fromLogits, labelSmoothing, ...(posWeight ? { posWeight } : {}) };
  return makeLoss('binaryCrossentropy', config, (yTrue, yPred) => {
    let [t, p] = alignTargets('binaryCrossentropy', yTrue, yPred);
    if (labelSmoothing > 0) t = add(mul(t, 1 - labelSmoothing), 0.5 * labelSmoothing);
    // The positive term's targets, each column weighed (broadcast over the rows).
    let wt = t;
    if (posWeight) {
      const width = p.shape[p.rank - 1]!;
      if (posWeight.length !== width)
        throw new ShapeError(
          `binaryCrossentropy: posWeight has ${posWeight.length} weight(s) but the predictions ${formatShape(p.shape)} have ${width} column(s); give one per column`,
        );
      wt = mul(t, tensor(posWeight, [width], p.dtype));
    }
    // From logits x: w·y·softplus(−x) + (1−y)·softplus(x) = w·y·(softplus(x) − x) + (1−y)·softplus(x).
    if (fromLogits)
      return posWeight
        ? mean(add(mul(wt, sub(softplus(p), p)), mul(sub(1, t), softplus(p))), -1)
        : mean(sub(softplus(p), mul(p, t)), -1);
    p = clip(p, EPSILON, 1 - EPSILON);
    return mean(neg(add(mul(wt, log(p)), mul(sub(1, t), log(sub(1, p))))), -1);
  });
}

function categoricalFromTargets(t: Tensor, yPred: Tensor, fromLogits: boolean): Tensor {
  if (fromLogits) return neg(sum(mul(t, logSoftmax(yPred)), -1));
  const p = clip(div(yPred, sum(yPred, -1, true)), EPSILON, 1 - EPSILON);
  return neg(sum(mul(t, log(p)), -1));
}

/**
 * Categorical cross-entropy over one-hot (or soft) targets, Keras 3: −Σ y·log p with p normalised
 * to sum 1 and clipped, or −Σ y·logSoftmax(x) from logits. Gives one value per row.
 * @example
 * computeLoss(categoricalCrossentropy({ labelSmoothing: 0.1 }), oneHot, probs); // (B, C)
 */
export function categoricalCrossentropy(options: CrossentropyOptions = {}): Loss {
  const { fromLogits = false, labelSmoothing = 0 } = options;
  checkSmoothing('categoricalCrossentropy', labelSmoothing);
  return makeLoss('categoricalCrossentropy', { fromLogits, labelSmoothing }, (yTrue, yPred) => {
    let [t] = alignTargets('categoricalCrossentropy', yTrue, yPred, { exact: true });
    const C = yPred.shape[yPred.rank - 1]!;
    if (labelSmoothing > 0) t = add(mul(t, 1 - labelSmoothing), labelSmoothing / C);
    return categoricalFromTargets(t, yPred, fromLogits);
  });
}

/**
 * Categorical cross-entropy with integer class ids as targets: yTrue (B,) or (B, 1), float or int32,
 * yPred (B, C). Ids outside [0, C) are an error.
 * @example
 * computeLoss(sparseCategoricalCrossentropy({ fromLogits: true }), tensor(new Int32Array([2, 0])), logits);
 */
export function sparseCategoricalCrossentropy(options: { fromLogits?: boolean } = {}): Loss {
  const { fromLogits = false } = options;
  return makeLoss('sparseCategoricalCrossentropy', { fromLogits }, (yTrue, yPred) =>
    categoricalFromTargets(sparseTargets('sparseCategoricalCrossentropy', yTrue, yPred), yPred, fromLogits),
  );
}

/**
 * Mean squared error over the last axis.
 * @example
 * computeLoss(meanSquaredError(), y, yHat);
 */
export function meanSquaredError(): Loss {
  return makeLoss('meanSquaredError', {}, (yTrue, yPred) => {
    const [t, p] = alignTargets('meanSquaredError', yTrue, yPred);
    return mean(square(sub(p, t)), -1);
  });
}

/**
 * Mean absolute error over the last axis.
 * @example
 * computeLoss(meanAbsoluteError(), y, yHat);
 */
export function meanAbsoluteError(): Loss {
  return makeLoss('meanAbsoluteError', {}, (yTrue, yPred) => {
    const [t, p] = alignTargets('meanAbsoluteError', yTrue, yPred);
    return mean(abs(sub(p, t)), -1);
  });
}

/**
 * Huber loss, Keras 3: ½e² where |e| ≤ delta, else delta·|e| − ½delta², averaged over the last axis.
 * @example
 * computeLoss(huber({ delta: 2 }), y, yHat);
 */
export function huber(options: { delta?: number } = {}): Loss {
  const { delta = 1 } = options;
  if (!(delta > 0)) throw new SeqlabError(`huber: delta must be > 0, got ${delta}`);
  return makeLoss('huber', { delta }, (yTrue, yPred) => {
    const [t, p] = alignTargets('huber', yTrue, yPred);
    const e = abs(sub(p, t));
    const quadratic = minimum(e, delta);
    const linear = sub(e, quadratic);
    return mean(add(mul(square(quadratic), 0.5), mul(linear, delta)), -1);
  });
}

/**
 * Pinball (quantile) loss for a network that predicts Q quantiles of H values: yTrue (B, H), yPred
 * (B, Q·H) quantile-major (the H values of quantiles[0], then of quantiles[1], …). For each quantile τ
 * and error e = y − ŷ it is max(τ·e, (τ − 1)·e) = τ·e − min(e, 0), averaged over the Q·H outputs.
 * Minimising it makes each track the τ-quantile of y given the input (NeuralForecast's MQLoss, Darts'
 * QuantileRegression).
 * @example computeLoss(pinball({ quantiles: [0.1, 0.5, 0.9] }), y, yHat); // y (B, 12), yHat (B, 36)
 */
export function pinball(options: { quantiles?: number[] } = {}): Loss {
  const quantiles = options.quantiles ?? [0.5];
  if (quantiles.length === 0 || !quantiles.every((q) => q > 0 && q < 1))
    throw new SeqlabError(
      `pinball: quantiles must be numbers strictly between 0 and 1, got ${JSON.stringify(quantiles)}`,
    );
  return makeLoss('pinball', { quantiles }, (yTrue, yPred) => {
    const Q = quantiles.length;
    const B = yPred.shape[0]!;
    const H = yPred.size / (B * Q);
    if (!Number.isInteger(H) || yTrue.size !== B * H)
      throw new ShapeError(
        `pinball: yTrue ${formatShape(yTrue.shape)} and yPred ${formatShape(yPred.shape)} do not fit ${Q} quantiles: ` +
          `yPred needs ${Q} × (yTrue's values per sample) outputs per sample`,
      );
    const t = reshape(yTrue.dtype === yPred.dtype ? yTrue : yTrue.cast(yPred.dtype), [B, 1, H]);
    const e = sub(t, reshape(yPred, [B, Q, H]));
    const tau = allocate(yPred.dtype, Q);
    tau.set(quantiles);
    const values = sub(mul(e, new Tensor(tau, [1, Q, 1])), minimum(e, 0));
    return mean(reshape(values, [B, Q * H]), -1);
  });
}

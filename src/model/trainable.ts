import { SeqlabError } from '../errors.js';
import type { WeightedModel } from './finite.js';
import { add } from '../autograd/ops/index.js';
import type { Tensor } from '../autograd/tensor.js';
import type { RandomGenerator } from '../initializers/random.js';
import { computeLoss, type Loss } from '../losses/index.js';
import { getMetric, type Metric } from '../metrics/index.js';
import type { Optimizer } from '../optimizers/index.js';
import type { CallbackModel } from './callbacks/callback.js';

/**
 * What the trainer (fit, trainOnBatch, evaluate) needs of a model: its forward pass, its weights and
 * weight penalties, and what compile set. Sequential is one; the trainer never imports it.
 */
export interface TrainableModel extends CallbackModel, WeightedModel {
  readonly name: string;
  /** The model's seeded generator: dropout keys and shuffling unless fit gets its own seed. */
  readonly rng: RandomGenerator;
  /** The compiled loss (null before compile). */
  readonly lossFunction: Loss | null;
  /** The compiled metric names. */
  readonly metricNames: readonly string[];
  /**
   * The layers on a batch; with `training` dropout is on. `outputs`, when given, receives each layer's
   * output (the trainer hands their memory back after a step).
   */
  forward(x: Tensor, training: boolean, rng: RandomGenerator, outputs: Tensor[] | null): Tensor;
  /** The weight penalties of all layers, as scalar tensors with gradients. */
  regularizationTerms(): Tensor[];
}

/**
 * The compiled optimizer and loss, or an error telling the user to compile first.
 * @example const { optimizer } = requireCompiled(model, 'fit');
 */
export function requireCompiled(model: TrainableModel, what: string): { optimizer: Optimizer; loss: Loss } {
  if (!model.optimizer || !model.lossFunction) {
    throw new SeqlabError(
      `${what}: compile the model first, e.g. model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' })`,
    );
  }
  return { optimizer: model.optimizer, loss: model.lossFunction };
}

/** Fresh metric objects for one pass (training or validation). @example makeMetrics(model) */
export function makeMetrics(model: TrainableModel): Metric[] {
  const { loss } = requireCompiled(model, 'metrics');
  return model.metricNames.map((n) => getMetric(n, loss.name));
}

/**
 * The loss of a batch including weight penalties: a scalar tensor with gradients.
 * @example backward(totalLoss(model, yb, model.forward(xb, true, model.rng, null), null))
 */
export function totalLoss(
  model: TrainableModel,
  yTrue: Tensor,
  yPred: Tensor,
  sampleWeight: Tensor | null,
): Tensor {
  const { loss } = requireCompiled(model, 'loss');
  let total = computeLoss(loss, yTrue, yPred, sampleWeight);
  for (const term of model.regularizationTerms()) total = add(total, term);
  return total;
}

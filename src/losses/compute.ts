import { div, mul, reshape, sum } from '../autograd/ops/index.js';
import { formatShape, type Tensor } from '../autograd/tensor.js';
import { ShapeError } from '../errors.js';
import type { Loss } from './losses.js';

/** How per-sample values become the loss: Keras's 'sum_over_batch_size' (default), 'sum' or 'none'. */
export type Reduction = 'sum_over_batch_size' | 'sum' | 'none';

/** Sample weights shaped to broadcast against the per-sample values (B, …). */
function alignWeights(loss: Loss, values: Tensor, w: Tensor): Tensor {
  let weights = w.dtype === values.dtype ? w : w.cast(values.dtype);
  if (weights.size === values.size) return reshape(weights, values.shape);
  const B = values.shape[0];
  if (
    values.rank >= 1 &&
    weights.size === B &&
    (weights.rank === 1 || (weights.rank === 2 && weights.shape[1] === 1))
  ) {
    weights = reshape(weights, [B, ...values.shape.slice(1).map(() => 1)]);
    return weights;
  }
  throw new ShapeError(
    `${loss.name}: sampleWeight of shape ${formatShape(w.shape)} does not fit per-sample losses of shape ` +
      `${formatShape(values.shape)} (expected ${formatShape(values.shape)} or [${B ?? 1}])`,
  );
}

/**
 * The training loss of a batch: per-sample values of `loss`, times the optional sample weights, then
 * reduced like Keras 3: 'sum_over_batch_size' gives Σ w·l / (number of per-sample values).
 * Returns a scalar tensor (or the weighted values with 'none') carrying gradients.
 * @example
 * const l = computeLoss(getLoss('binaryCrossentropy'), yTrue, model.call(x));
 * backward(l);
 */
export function computeLoss(
  loss: Loss,
  yTrue: Tensor,
  yPred: Tensor,
  sampleWeight: Tensor | null = null,
  reduction: Reduction = 'sum_over_batch_size',
): Tensor {
  let values = loss.call(yTrue, yPred);
  if (sampleWeight) values = mul(values, alignWeights(loss, values, sampleWeight));
  if (reduction === 'none') return values;
  const total = sum(values);
  return reduction === 'sum' ? total : div(total, Math.max(values.size, 1));
}

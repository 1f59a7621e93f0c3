import { noGrad } from '../autograd/tape.js';
import type { Tensor } from '../autograd/tensor.js';
import type { Logs } from './callbacks/callback.js';
import { checkSameRows, rowRange, shapeOf, type InputRows } from './inputs.js';
import { makeMetrics, requireCompiled, totalLoss, type TrainableModel } from './trainable.js';

/**
 * Loss and metrics of a model on data, in inference mode (no dropout), in batches of `batchSize`. The
 * loss is the mean over samples of each batch's loss (weight penalties included), as Keras reports it.
 *
 * @example
 * evaluate(model, xTest, yTest, { batchSize: 64 }); // { loss: 0.31, accuracy: 0.88 }
 */
export function evaluate(
  model: TrainableModel,
  x: InputRows,
  y: Tensor,
  { batchSize = 32 }: { batchSize?: number } = {},
): Logs {
  requireCompiled(model, 'evaluate');
  checkSameRows(x, y);
  const metrics = makeMetrics(model);
  let lossSum = 0;
  const n = shapeOf(x)[0]!;
  noGrad(() => {
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const yb = rowRange(y, start, end);
      const pred = model.forward(rowRange(x, start, end), false, model.rng, null);
      lossSum += totalLoss(model, yb, pred, null).item() * (end - start);
      for (const m of metrics) m.update(yb, pred);
    }
  });
  const logs: Logs = { loss: lossSum / Math.max(n, 1) };
  for (const m of metrics) logs[m.name] = m.result();
  return logs;
}

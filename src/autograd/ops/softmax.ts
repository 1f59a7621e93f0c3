import { getBackend } from '../../backend/select.js';
import { record } from '../tape.js';
import { assertShape, formatShape, requireFloat, Tensor } from '../tensor.js';
import { newFloats } from './broadcast.js';

function softmaxOp(x: Tensor, log: boolean, axis: number): Tensor {
  const op = log ? 'logSoftmax' : 'softmax';
  const xs = requireFloat(op, x);
  assertShape(
    op,
    axis === -1 || axis === x.rank - 1,
    `only the last axis is supported, got axis ${axis} of ${formatShape(x.shape)}`,
  );
  const cols = x.shape[x.rank - 1] ?? 1;
  const rows = x.size / Math.max(cols, 1);
  const ys = newFloats(xs, xs.length);
  getBackend().softmax(xs, rows, cols, ys, log);
  return record(op, new Tensor(ys, x.shape), [x], (dOut) => {
    const dx = newFloats(dOut, dOut.length);
    getBackend().softmaxBackward(ys, dOut, rows, cols, dx, log);
    return [dx];
  });
}

/** Softmax over the last axis. @example softmax(scores) // (B, T) attention weights */
export const softmax = (x: Tensor, axis = -1): Tensor => softmaxOp(x, false, axis);
/** log(softmax(x)) over the last axis, computed stably. @example logSoftmax(logits) */
export const logSoftmax = (x: Tensor, axis = -1): Tensor => softmaxOp(x, true, axis);

import { reshape } from '../autograd/ops/index.js';
import { allocate, formatShape, Tensor } from '../autograd/tensor.js';
import { SeqlabError, ShapeError } from '../errors.js';

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function mismatch(loss: string, yTrue: Tensor, yPred: Tensor, expected: string): never {
  throw new ShapeError(
    `${loss}: yTrue shape ${formatShape(yTrue.shape)} does not match yPred shape ${formatShape(yPred.shape)} (${expected})`,
  );
}

/** yTrue in yPred's dtype (labels may come as int32 or float32). */
function asDType(t: Tensor, like: Tensor): Tensor {
  return t.dtype === like.dtype ? t : t.cast(like.dtype);
}

/**
 * Brings yTrue to yPred's shape and dtype as Keras does: equal shapes, or (B,) against (B, 1)
 * either way. Rank-1 inputs are treated as (B, 1) so each sample keeps its own value.
 * With `exact`, shapes must match (categorical targets).
 */
export function alignTargets(
  loss: string,
  yTrue: Tensor,
  yPred: Tensor,
  { exact = false }: { exact?: boolean } = {},
): [Tensor, Tensor] {
  if (yPred.dtype === 'int32') {
    throw new SeqlabError(
      `${loss}: yPred must be a float tensor, got int32 of shape ${formatShape(yPred.shape)}`,
    );
  }
  let t = asDType(yTrue, yPred);
  let p = yPred;
  if (!sameShape(t.shape, p.shape)) {
    const ok =
      !exact &&
      ((t.rank === p.rank + 1 && t.shape[t.rank - 1] === 1 && sameShape(t.shape.slice(0, -1), p.shape)) ||
        (p.rank === t.rank + 1 && p.shape[p.rank - 1] === 1 && sameShape(p.shape.slice(0, -1), t.shape)));
    if (!ok) mismatch(loss, yTrue, yPred, exact ? 'they must be equal' : 'equal, or (B,) against (B, 1)');
    t = reshape(t, p.shape);
  }
  if (p.rank <= 1) {
    p = reshape(p, [p.size, 1]);
    t = reshape(t, [t.size, 1]);
  }
  return [t, p];
}

/**
 * One-hot targets (yPred's shape and dtype) from class ids shaped like yPred without its last axis,
 * optionally with a trailing 1. Ids must be integers in [0, C).
 */
export function sparseTargets(loss: string, yTrue: Tensor, yPred: Tensor): Tensor {
  if (yPred.dtype === 'int32' || yPred.rank < 1) {
    throw new SeqlabError(
      `${loss}: yPred must be float class scores (B, C), got ${yPred.dtype} ${formatShape(yPred.shape)}`,
    );
  }
  const lead = yPred.shape.slice(0, -1);
  const C = yPred.shape[yPred.rank - 1]!;
  const fits =
    sameShape(yTrue.shape, lead) ||
    (yTrue.rank === lead.length + 1 &&
      yTrue.shape[yTrue.rank - 1] === 1 &&
      sameShape(yTrue.shape.slice(0, -1), lead));
  if (!fits)
    mismatch(loss, yTrue, yPred, `class ids of shape ${formatShape(lead)} or ${formatShape([...lead, 1])}`);
  const oneHot = allocate(yPred.dtype, yPred.size);
  for (let n = 0; n < yTrue.size; n++) {
    const id = yTrue.data[n]!;
    if (!Number.isInteger(id) || id < 0 || id >= C) {
      throw new SeqlabError(`${loss}: class id ${id} at position ${n} is not an integer in [0, ${C})`);
    }
    oneHot[n * C + id] = 1;
  }
  return new Tensor(oneHot, yPred.shape);
}

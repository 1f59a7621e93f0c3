import { SeqlabError, ShapeError } from '../errors.js';
import { formatShape, Tensor, tensor, type NestedArray, type TypedArray } from '../autograd/tensor.js';
import { takeRows as takeDataRows } from '../data/split.js';

/**
 * What fit/evaluate/predict accept: a seqlab tensor, nested JavaScript arrays, a typed array (one
 * value per sample), or a typed array with its shape (the `{ data, shape }` objects seqlab's data
 * functions return).
 */
export type TensorLike =
  Tensor | NestedArray | TypedArray | { data: TypedArray | number[]; shape: readonly number[] };

/**
 * Converts any TensorLike to a Tensor; `what` names the argument in errors ("x", "y"). A typed array
 * without a shape holds one value per sample. With `float`, int32 data (labels) becomes float32.
 */
export function toTensor(value: TensorLike, what: string, { float = false } = {}): Tensor {
  let t: Tensor;
  if (value instanceof Tensor) t = value;
  else if (ArrayBuffer.isView(value)) t = tensor(value as TypedArray);
  else if (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    'data' in value &&
    'shape' in value
  ) {
    t = new Tensor(Array.isArray(value.data) ? Float32Array.from(value.data) : value.data, value.shape);
  } else if (Array.isArray(value)) t = tensor(value);
  else {
    throw new SeqlabError(
      `${what}: expected a Tensor, a typed array, nested arrays or { data, shape }, got ${typeof value}`,
    );
  }
  return float && t.dtype === 'int32' ? t.cast('float32') : t;
}

/** Rows `indices` of t (first axis), copied into a new tensor: data/split.ts's takeRows on its data. */
export function takeRows(t: Tensor, indices: ArrayLike<number>): Tensor {
  const rows = takeDataRows({ data: t.data, shape: [...t.shape] }, indices);
  return new Tensor(rows.data, rows.shape);
}

/** Rows [start, end) of t, sharing no memory with it. */
export function rowRange(t: Tensor, start: number, end: number): Tensor {
  const rowSize = t.shape[0] === 0 ? 0 : t.size / t.shape[0]!;
  return new Tensor(t.data.slice(start * rowSize, end * rowSize), [end - start, ...t.shape.slice(1)]);
}

/** Throws a ShapeError unless x and y have the same number of samples (rows). */
export function checkSameRows(x: Tensor, y: Tensor): void {
  if (x.shape[0] !== y.shape[0]) {
    throw new ShapeError(
      `x has ${x.shape[0]} samples (shape ${formatShape(x.shape)}) but y has ${y.shape[0]} (shape ${formatShape(y.shape)})`,
    );
  }
}

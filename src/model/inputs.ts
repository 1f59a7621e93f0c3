import { SeqlabError } from '../errors.js';
import { Tensor, tensor, type NestedArray, type TypedArray } from '../autograd/tensor.js';

/**
 * What fit/evaluate/predict accept: a seqlab tensor, nested JavaScript arrays, or a typed array
 * with its shape (the `{ data, shape }` objects seqlab's data functions return).
 */
export type TensorLike = Tensor | NestedArray | { data: TypedArray | number[]; shape: readonly number[] };

/** Converts any TensorLike to a Tensor; `what` names the argument in errors ("x", "y"). */
export function toTensor(value: TensorLike, what: string): Tensor {
  if (value instanceof Tensor) return value;
  if (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    'data' in value &&
    'shape' in value
  ) {
    const data = Array.isArray(value.data) ? Float32Array.from(value.data) : value.data;
    return new Tensor(data, value.shape);
  }
  if (Array.isArray(value)) return tensor(value);
  throw new SeqlabError(`${what}: expected a Tensor, nested arrays or { data, shape }, got ${typeof value}`);
}

/** Rows `indices` of t (first axis), copied into a new tensor. */
export function takeRows(t: Tensor, indices: ArrayLike<number>): Tensor {
  const rowSize = t.shape[0] === 0 ? 0 : t.size / t.shape[0]!;
  const out = new (t.data.constructor as new (n: number) => TypedArray)(indices.length * rowSize);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    out.set(t.data.subarray(r * rowSize, (r + 1) * rowSize), i * rowSize);
  }
  return new Tensor(out, [indices.length, ...t.shape.slice(1)]);
}

/** Rows [start, end) of t, sharing no memory with it. */
export function rowRange(t: Tensor, start: number, end: number): Tensor {
  const rowSize = t.shape[0] === 0 ? 0 : t.size / t.shape[0]!;
  return new Tensor(t.data.slice(start * rowSize, end * rowSize), [end - start, ...t.shape.slice(1)]);
}

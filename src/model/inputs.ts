import { SeqlabError, ShapeError } from '../errors.js';
import { formatShape, Tensor, tensor, type NestedArray, type TypedArray } from '../autograd/tensor.js';
import { csrRowRange, csrTakeRows, csrToDense, isCsr, type CsrMatrix } from '../data/sparse.js';
import { takeRows as takeDataRows } from '../data/split.js';

/**
 * What fit/evaluate/predict accept: a seqlab tensor, nested JavaScript arrays, a typed array (one
 * value per sample), a typed array with its shape (the `{ data, shape }` objects seqlab's data
 * functions return), or a sparse (samples × features) CsrMatrix such as tf-idf vectors.
 */
export type TensorLike =
  Tensor | NestedArray | TypedArray | { data: TypedArray | number[]; shape: readonly number[] } | CsrMatrix;

/**
 * Inputs held whole by fit/evaluate/predict: a tensor, or a sparse matrix that is made dense one
 * batch at a time. Bag-of-n-gram inputs are mostly zeros: IMDB's 25,000 reviews × 20,000 tf-idf
 * features are 2 GB dense and about 50 MB as CSR, and a batch of 32 rows densified is 2.5 MB.
 */
export type InputRows = Tensor | CsrMatrix;

/** x as fit/evaluate/predict keep it: a CsrMatrix as it is, anything else as a Tensor. */
export function toInputRows(value: TensorLike, what: string): InputRows {
  return isCsr(value) ? value : toTensor(value, what);
}

/** The shape of x: a sparse matrix's is (rows, cols). */
export function shapeOf(x: { shape: readonly number[] } | CsrMatrix): readonly number[] {
  return isCsr(x) ? [x.rows, x.cols] : x.shape;
}

/**
 * Converts any TensorLike to a Tensor; `what` names the argument in errors ("x", "y"). A typed array
 * without a shape holds one value per sample. With `float`, int32 data (labels) becomes float32.
 */
export function toTensor(value: TensorLike, what: string, { float = false } = {}): Tensor {
  let t: Tensor;
  if (value instanceof Tensor) t = value;
  else if (isCsr(value)) t = denseTensor(value);
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

function denseTensor(m: CsrMatrix): Tensor {
  const d = csrToDense(m);
  return new Tensor(d.data, d.shape);
}

/** Rows `indices` of t (first axis), copied into a new (dense) tensor: data/split.ts's takeRows on its data. */
export function takeRows(t: InputRows, indices: ArrayLike<number>): Tensor {
  if (isCsr(t)) return denseTensor(csrTakeRows(t, indices));
  const rows = takeDataRows({ data: t.data, shape: [...t.shape] }, indices);
  return new Tensor(rows.data, rows.shape);
}

/** Rows [start, end) of t as a dense tensor sharing no memory with it: one batch. */
export function rowRange(t: InputRows, start: number, end: number): Tensor {
  if (isCsr(t)) return denseTensor(csrRowRange(t, start, end));
  const rowSize = t.shape[0] === 0 ? 0 : t.size / t.shape[0]!;
  return new Tensor(t.data.slice(start * rowSize, end * rowSize), [end - start, ...t.shape.slice(1)]);
}

/** Rows [start, end) of t, kept sparse when t is (a validation split of sparse inputs). */
export function sliceRows(t: Tensor, start: number, end: number): Tensor;
export function sliceRows(t: InputRows, start: number, end: number): InputRows;
export function sliceRows(t: InputRows, start: number, end: number): InputRows {
  return isCsr(t) ? csrRowRange(t, start, end) : rowRange(t, start, end);
}

/** Throws a ShapeError unless x and y have the same number of samples (rows). */
export function checkSameRows(x: InputRows, y: Tensor): void {
  const xs = shapeOf(x);
  if (xs[0] !== y.shape[0]) {
    throw new ShapeError(
      `x has ${xs[0]} samples (shape ${formatShape(xs)}) but y has ${y.shape[0]} (shape ${formatShape(y.shape)})`,
    );
  }
}

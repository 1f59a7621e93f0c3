import { DTypeError, ShapeError } from '../errors.js';
import type { FloatArray } from '../backend/interface.js';
import type { Grad, GradNode } from './tape.js';
import { densify } from './tape.js';

export type DType = 'float32' | 'float64' | 'int32';
export type Shape = readonly number[];
export type TypedArray = Float32Array | Float64Array | Int32Array;

/** Nested JavaScript arrays of numbers, e.g. [[1, 2], [3, 4]]. */
export type NestedArray = number | boolean | NestedArray[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function allocate(dtype: DType, size: number): TypedArray {
  if (dtype === 'float32') return new Float32Array(size);
  if (dtype === 'float64') return new Float64Array(size);
  return new Int32Array(size);
}

function dtypeOf(data: TypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  return 'int32';
}

/**
 * An n-dimensional array of float32, float64 or int32 numbers, stored row-major in a typed array
 * that JavaScript owns (nothing to dispose). Tensors produced by ops on tensors that require
 * gradients remember how they were made, so `backward()` can compute gradients.
 *
 * @example
 * const x = tensor([[1, 2], [3, 4]]);       // float32, shape [2, 2]
 * x.shape;                                  // [2, 2]
 * x.toArray();                              // [[1, 2], [3, 4]]
 */
export class Tensor {
  readonly shape: number[];
  readonly dtype: DType;
  readonly data: TypedArray;
  /** True for trainable parameters and for every tensor computed from one while recording. */
  requiresGrad: boolean;
  /** Parameter name (layer/weight), used in messages and serialisation. */
  name: string | undefined;
  /** @internal How this tensor was computed (null for leaves and when not recording). */
  node: GradNode | null = null;
  /** @internal Accumulated gradient of a leaf after `backward()`. */
  gradData: Grad | null = null;

  constructor(data: TypedArray, shape: Shape, requiresGrad = false, name?: string) {
    const size = sizeOf(shape);
    if (shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new ShapeError(`tensor: shape ${formatShape(shape)} must hold non-negative integers`);
    }
    if (data.length !== size) {
      throw new ShapeError(
        `tensor: ${data.length} values cannot have shape ${formatShape(shape)} (which needs ${size})`,
      );
    }
    this.data = data;
    this.shape = [...shape];
    this.dtype = dtypeOf(data);
    this.requiresGrad = requiresGrad;
    this.name = name;
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The gradient accumulated by the last `backward()`, as a tensor (null if none reached it). */
  get grad(): Tensor | null {
    return this.gradData ? new Tensor(densify(this.gradData, this.size, this.dtype), this.shape) : null;
  }

  /** The data as a float array; throws for int32 tensors (ids are not differentiable). */
  floats(): FloatArray {
    if (this.data instanceof Int32Array) {
      throw new DTypeError(
        `expected a float32 or float64 tensor, got int32 of shape ${formatShape(this.shape)}`,
      );
    }
    return this.data;
  }

  /** The single value of a tensor with one element. */
  item(): number {
    if (this.size !== 1)
      throw new ShapeError(`item(): tensor has shape ${formatShape(this.shape)}, not one value`);
    return this.data[0]!;
  }

  /** Nested JavaScript arrays, like tf.Tensor.arraySync(). */
  toArray(): NestedArray {
    const build = (dim: number, offset: number): NestedArray => {
      if (dim === this.shape.length) return this.data[offset]!;
      const stride = sizeOf(this.shape.slice(dim + 1));
      return Array.from({ length: this.shape[dim]! }, (_, i) => build(dim + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  /** True when any element is NaN (NaN inputs are allowed; this makes them easy to detect). */
  hasNaN(): boolean {
    for (let i = 0; i < this.data.length; i++) if (Number.isNaN(this.data[i])) return true;
    return false;
  }

  /** True when every element is finite. */
  isFinite(): boolean {
    for (let i = 0; i < this.data.length; i++) if (!Number.isFinite(this.data[i]!)) return false;
    return true;
  }

  /** A float32/float64 copy with the same shape (no gradient history). */
  cast(dtype: DType): Tensor {
    const out = allocate(dtype, this.size);
    out.set(this.data);
    return new Tensor(out, this.shape);
  }

  /** A copy of the data, detached from the gradient history. */
  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape, false, this.name);
  }

  toString(): string {
    return `Tensor(${this.dtype}, ${formatShape(this.shape)})`;
  }
}

function flatten(values: NestedArray, shape: number[], out: number[], depth: number): void {
  if (!Array.isArray(values)) {
    if (depth !== shape.length)
      throw new ShapeError(`tensor: ragged nested array (a number at depth ${depth})`);
    out.push(Number(values));
    return;
  }
  if (depth === shape.length) shape.push(values.length);
  else if (shape[depth] !== values.length) {
    throw new ShapeError(
      `tensor: ragged nested array: length ${values.length} at depth ${depth}, expected ${shape[depth]}`,
    );
  }
  for (const v of values) flatten(v, shape, out, depth + 1);
}

/**
 * Creates a tensor from nested arrays, a typed array or a flat array with a shape.
 * Float data defaults to float32; Int32Array gives int32.
 *
 * @example
 * tensor([1, 2, 3]);                          // float32 [3]
 * tensor(new Int32Array([4, 5, 6, 7]), [2, 2]); // int32 [2, 2]
 * tensor([0.5, 1.5], [2, 1], 'float64');
 */
export function tensor(values: NestedArray | TypedArray | number[], shape?: Shape, dtype?: DType): Tensor {
  if (ArrayBuffer.isView(values)) {
    const data = values as TypedArray;
    const wanted = dtype ?? dtypeOf(data);
    const typed =
      wanted === dtypeOf(data) ? data : (allocate(wanted, data.length).map((_, i) => data[i]!) as TypedArray);
    return new Tensor(typed, shape ?? [data.length]);
  }
  const flat: number[] = [];
  const inferred: number[] = [];
  flatten(values as NestedArray, inferred, flat, 0);
  if (shape && sizeOf(shape) !== flat.length) {
    throw new ShapeError(`tensor: ${flat.length} values cannot have shape ${formatShape(shape)}`);
  }
  const data = allocate(dtype ?? 'float32', flat.length);
  for (let i = 0; i < flat.length; i++) data[i] = flat[i]!;
  return new Tensor(data, shape ?? inferred);
}

/** A tensor of zeros. @example zeros([2, 3]) */
export function zeros(shape: Shape, dtype: DType = 'float32'): Tensor {
  return new Tensor(allocate(dtype, sizeOf(shape)), shape);
}

/** A tensor filled with one value. @example fill([2], 7) */
export function fill(shape: Shape, value: number, dtype: DType = 'float32'): Tensor {
  const data = allocate(dtype, sizeOf(shape));
  data.fill(value);
  return new Tensor(data, shape);
}

/** A tensor of ones. @example ones([3]) */
export function ones(shape: Shape, dtype: DType = 'float32'): Tensor {
  return fill(shape, 1, dtype);
}

/** A scalar (shape []) tensor. @example scalar(0.5) */
export function scalar(value: number, dtype: DType = 'float32'): Tensor {
  return fill([], value, dtype);
}

/**
 * A trainable parameter: a float tensor whose gradient `backward()` accumulates.
 * @example
 * const w = variable(tensor([[0.1, 0.2]]), 'dense/kernel');
 */
export function variable(initial: Tensor, name?: string): Tensor {
  if (initial.dtype === 'int32')
    throw new DTypeError(`variable ${name ?? ''}: parameters must be float tensors`);
  return new Tensor(initial.data.slice(), initial.shape, true, name);
}

/** Throws unless `t` is a float tensor; `op` names the caller. */
export function requireFloat(op: string, t: Tensor): FloatArray {
  if (t.dtype === 'int32') {
    throw new DTypeError(`${op}: expected a float tensor, got int32 of shape ${formatShape(t.shape)}`);
  }
  return t.data as FloatArray;
}

/** Throws unless both float tensors have the same dtype (float32 and float64 are never mixed silently). */
export function requireSameDType(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new DTypeError(
      `${op}: dtypes differ: ${a.dtype} ${formatShape(a.shape)} and ${b.dtype} ${formatShape(b.shape)}; cast one with .cast()`,
    );
  }
}

export function assertShape(op: string, condition: boolean, message: string): asserts condition {
  if (!condition) throw new ShapeError(`${op}: ${message}`);
}

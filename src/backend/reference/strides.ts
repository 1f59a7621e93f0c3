/** Row-major strides of a contiguous array of this shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  return strides;
}

/**
 * Strides for reading an array of `shape` as if it had `outShape` (right-aligned NumPy broadcasting):
 * broadcast dimensions get stride 0.
 */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const own = contiguousStrides(shape);
  const offset = outShape.length - shape.length;
  return outShape.map((_, d) => {
    const sd = d - offset;
    return sd < 0 || shape[sd] === 1 ? 0 : own[sd]!;
  });
}

/**
 * A dense row-major array with its shape: what data/ returns instead of a tensor, so that it does
 * not depend on the tensor engine. The model code accepts it directly.
 * Example: a (2, 3) matrix is `{ data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3] }`.
 */
export interface ArrayWithShape<
  T extends Float32Array | Float64Array | Int32Array = Float32Array | Float64Array | Int32Array,
> {
  data: T;
  shape: number[];
}

/** Float32 matrix, the usual feature and target container. */
export type FloatMatrix = ArrayWithShape<Float32Array>;
/** Int32 matrix: token ids, class indices. */
export type IntMatrix = ArrayWithShape<Int32Array>;

/** A 2-D input: a `number[][]`-like array of rows, or an ArrayWithShape of shape (n, d). */
export type Matrix2D = ReadonlyArray<ArrayLike<number>> | ArrayWithShape;

/**
 * Rows of a 2-D input as a Float64 copy plus its shape (never aliases the caller's data).
 * @example toDense([[1, 2], [3, 4]]) // { data: Float64Array [1,2,3,4], rows: 2, cols: 2 }
 */
export function toDense(x: Matrix2D): { data: Float64Array; rows: number; cols: number } {
  if (isArrayWithShape(x)) {
    const rows = x.shape[0] ?? 0;
    const cols = x.shape.length > 1 ? x.shape.slice(1).reduce((a, b) => a * b, 1) : 1;
    return { data: Float64Array.from(x.data), rows, cols };
  }
  const rows = x.length;
  const cols = rows > 0 ? x[0]!.length : 0;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = x[i]!;
    if (row.length !== cols)
      throw new RangeError(`row ${i} has ${row.length} values, expected ${cols} like row 0`);
    for (let j = 0; j < cols; j++) data[i * cols + j] = row[j]!;
  }
  return { data, rows, cols };
}

/** True for `{ data, shape }` objects. */
export function isArrayWithShape(x: unknown): x is ArrayWithShape {
  return (
    typeof x === 'object' &&
    x !== null &&
    'data' in x &&
    'shape' in x &&
    ArrayBuffer.isView((x as ArrayWithShape).data)
  );
}

/**
 * Rows of an ArrayWithShape (or pass-through of an array of rows) as plain number arrays.
 * @example toNestedArray({ data: Float32Array.of(1, 2, 3, 4), shape: [2, 2] }) // [[1, 2], [3, 4]]
 */
export function toNestedArray(x: ArrayWithShape): number[][] {
  const rows = x.shape[0] ?? 0;
  const cols = rows === 0 ? 0 : x.data.length / rows;
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) out.push(Array.from(x.data.subarray(i * cols, (i + 1) * cols)));
  return out;
}

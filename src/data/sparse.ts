/**
 * Compressed sparse rows: the shape of bag-of-n-gram matrices, where a document uses a few hundred of
 * tens of thousands of columns. Row i's entries are indices/values[indptr[i] .. indptr[i + 1]).
 */
import type { FloatMatrix } from './types.js';

export interface CsrMatrix {
  rows: number;
  cols: number;
  /** rows + 1 offsets into indices/values. */
  indptr: Int32Array;
  /** Column of each stored entry (ascending within a row). */
  indices: Int32Array;
  values: Float32Array;
}

/**
 * Builds a CSR matrix row by row from (column → value) maps.
 * @example csrFromRows([new Map([[2, 1]]), new Map()], 3) // 2 × 3, one entry
 */
export function csrFromRows(rowMaps: Map<number, number>[], cols: number): CsrMatrix {
  const indptr = new Int32Array(rowMaps.length + 1);
  let nnz = 0;
  rowMaps.forEach((m, i) => {
    nnz += m.size;
    indptr[i + 1] = nnz;
  });
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  rowMaps.forEach((m, i) => {
    const keys = [...m.keys()].sort((a, b) => a - b);
    let at = indptr[i]!;
    for (const k of keys) {
      indices[at] = k;
      values[at++] = m.get(k)!;
    }
  });
  return { rows: rowMaps.length, cols, indptr, indices, values };
}

/** The dense (rows × cols) float32 array of a CSR matrix. */
export function csrToDense(m: CsrMatrix): FloatMatrix {
  const out = new Float32Array(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++)
    for (let p = m.indptr[i]!; p < m.indptr[i + 1]!; p++) out[i * m.cols + m.indices[p]!] = m.values[p]!;
  return { data: out, shape: [m.rows, m.cols] };
}

/**
 * A dense (n, …) array's rows, flattened, as CSR (zeros left out).
 * @example csrFromDense({ data: [0, 2, 3, 0], shape: [2, 2] }).indices // [1, 0]
 */
export function csrFromDense(x: { data: ArrayLike<number>; shape: readonly number[] }): CsrMatrix {
  const rows = x.shape[0]!;
  const cols = rows ? x.data.length / rows : 0;
  let nnz = 0;
  for (let i = 0; i < x.data.length; i++) if (x.data[i] !== 0) nnz++;
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let p = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = x.data[r * cols + c]!;
      if (v === 0) continue;
      indices[p] = c;
      values[p++] = v;
    }
    indptr[r + 1] = p;
  }
  return { rows, cols, indptr, indices, values };
}

/** The rows `take` of a CSR matrix, in that order. */
export function csrTakeRows(m: CsrMatrix, take: ArrayLike<number>): CsrMatrix {
  const indptr = new Int32Array(take.length + 1);
  for (let i = 0; i < take.length; i++) {
    const r = take[i]!;
    indptr[i + 1] = indptr[i]! + m.indptr[r + 1]! - m.indptr[r]!;
  }
  const indices = new Int32Array(indptr[take.length]!);
  const values = new Float32Array(indices.length);
  for (let i = 0; i < take.length; i++) {
    const r = take[i]!;
    indices.set(m.indices.subarray(m.indptr[r]!, m.indptr[r + 1]!), indptr[i]!);
    values.set(m.values.subarray(m.indptr[r]!, m.indptr[r + 1]!), indptr[i]!);
  }
  return { rows: take.length, cols: m.cols, indptr, indices, values };
}

/** True for a CsrMatrix (as opposed to a dense array or tensor). */
export function isCsr(x: unknown): x is CsrMatrix {
  return typeof x === 'object' && x !== null && 'indptr' in x && 'indices' in x;
}

/** Rows [start, end) of a CSR matrix: views into its entries, offsets rebased. */
export function csrRowRange(m: CsrMatrix, start: number, end: number): CsrMatrix {
  const from = m.indptr[start]!;
  const to = m.indptr[end]!;
  return {
    rows: end - start,
    cols: m.cols,
    indptr: m.indptr.slice(start, end + 1).map((p) => p - from),
    indices: m.indices.subarray(from, to),
    values: m.values.subarray(from, to),
  };
}

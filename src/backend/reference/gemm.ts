import type { FloatArray, GemmOptions } from '../interface.js';

/**
 * c (m, n) = alpha · op(a) · op(b) + beta · c. The executable specification of native/src/gemm.cc:
 * no tiling, each output row accumulated in float64 in (p = 0 … k−1) order.
 */
export function gemm<F extends FloatArray>(
  m: number,
  n: number,
  k: number,
  a: F,
  b: F,
  c: F,
  { transA = false, transB = false, alpha = 1, beta = 0 }: GemmOptions = {},
): void {
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    for (let p = 0; p < k; p++) {
      const aip = transA ? a[p * m + i]! : a[i * k + p]!;
      if (aip === 0) continue;
      if (transB) {
        for (let j = 0; j < n; j++) row[j]! += aip * b[j * k + p]!;
      } else {
        const bRow = p * n;
        for (let j = 0; j < n; j++) row[j]! += aip * b[bRow + j]!;
      }
    }
    const cRow = i * n;
    for (let j = 0; j < n; j++) {
      c[cRow + j] = beta === 0 ? alpha * row[j]! : alpha * row[j]! + beta * c[cRow + j]!;
    }
  }
}

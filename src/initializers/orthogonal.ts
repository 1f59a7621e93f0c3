import { getBackend } from '../backend/select.js';
import type { RandomGenerator } from './random.js';

/**
 * A (rows, cols) matrix with orthonormal rows (rows ≤ cols) or columns (rows > cols), distributed
 * as Keras' Orthogonal initializer: the Q factor of a Gaussian matrix with sign(diag(R)) folded in,
 * which is exactly what Gram–Schmidt produces.
 *
 * Work is blocked so that most of it is two GEMMs per block (classical Gram–Schmidt applied twice,
 * "CGS2", which is as stable as modified Gram–Schmidt): a 1024 × 4096 matrix takes a fraction of a
 * second on the native backend. Float32 storage is enough for an initializer (orthogonality ~1e-6);
 * inside a block of 32 rows, modified Gram–Schmidt accumulates its dot products in float64.
 */
export function orthogonalMatrix(rows: number, cols: number, rng: RandomGenerator, gain = 1): Float32Array {
  const n = Math.min(rows, cols); // vectors to orthonormalise
  const len = Math.max(rows, cols); // their length
  const q = Float32Array.from(rng.normal(n * len)); // n row vectors of length len, row-major
  const backend = getBackend();
  const BLOCK = 32;
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    const block = q.subarray(start * len, end * len);
    const bRows = end - start;
    // The whole block twice ("twice is enough"): the second round removes what rounding left along the
    // earlier vectors. Once was not: a vector nearly dependent on the earlier ones (the last rows of a
    // square Gaussian matrix) has a tiny residual, and the rounding of the in-block subtractions is
    // large against it (one 64×64 draw ended at |QQᵀ − I| = 4e-4).
    for (let round = 0; round < 2; round++) {
      if (start > 0) {
        const done = q.subarray(0, start * len);
        const coef = new Float32Array(bRows * start);
        for (let pass = 0; pass < 2; pass++) {
          backend.gemm(bRows, start, len, block, done, coef, { transB: true }); // coef = block · doneᵀ
          backend.gemm(bRows, len, start, coef, done, block, { alpha: -1, beta: 1 }); // block −= coef · done
        }
      }
      for (let i = 0; i < bRows; i++) {
        const vi = block.subarray(i * len, (i + 1) * len);
        for (let j = 0; j < i; j++) {
          const vj = block.subarray(j * len, (j + 1) * len);
          let dot = 0;
          for (let e = 0; e < len; e++) dot += vi[e]! * vj[e]!;
          for (let e = 0; e < len; e++) vi[e]! -= dot * vj[e]!;
        }
        let norm = 0;
        for (let e = 0; e < len; e++) norm += vi[e]! * vi[e]!;
        const inv = 1 / Math.sqrt(norm);
        for (let e = 0; e < len; e++) vi[e]! *= inv;
      }
    }
  }
  if (gain !== 1) for (let i = 0; i < q.length; i++) q[i]! *= gain;
  if (rows <= cols) return q; // rows are the orthonormal vectors already
  const t = new Float32Array(rows * cols); // columns orthonormal: transpose (n=cols, len=rows) → (rows, cols)
  getBackend().transpose(q, [cols, rows], [1, 0], t);
  return t;
}

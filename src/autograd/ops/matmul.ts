import { getBackend } from '../../backend/select.js';
import type { FloatArray } from '../../backend/interface.js';
import { record } from '../tape.js';
import { assertShape, formatShape, requireFloat, requireSameDType, Tensor } from '../tensor.js';
import { newFloats } from './broadcast.js';

export interface MatmulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
}

/**
 * Matrix product over the last two axes. a (…, m, k) · b (k, n) treats a's leading axes as extra
 * rows (one GEMM, as a Dense layer on sequences needs); a (P, m, k) · b (P, k, n) multiplies each of
 * the P pairs. Transposes apply to the last two axes.
 *
 * @example
 * matmul(x, kernel);                                   // (B, T, I) · (I, H) → (B, T, H)
 * matmul(q, k, { transposeB: true });                  // (B, Tq, D) · (B, Tv, D)ᵀ → (B, Tq, Tv)
 */
export function matmul(
  a: Tensor,
  b: Tensor,
  { transposeA = false, transposeB = false }: MatmulOptions = {},
): Tensor {
  const A = requireFloat('matmul', a);
  const Bm = requireFloat('matmul', b);
  requireSameDType('matmul', a, b);
  assertShape(
    'matmul',
    a.rank >= 2 && b.rank >= 2,
    `needs rank ≥ 2, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
  );
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const m = transposeA ? ac : ar;
  const k = transposeA ? ar : ac;
  const kb = transposeB ? bc : br;
  const n = transposeB ? br : bc;
  const detail = `${formatShape(a.shape)}${transposeA ? 'ᵀ' : ''} · ${formatShape(b.shape)}${transposeB ? 'ᵀ' : ''}`;
  assertShape('matmul', k === kb, `inner dimensions differ (${k} vs ${kb}) in ${detail}`);
  const backend = getBackend();

  if (b.rank === 2 && !transposeA) {
    // Fold a's leading axes into rows: one (rows, k) · (k, n) product.
    const rows = a.size / k;
    const out = newFloats(A, rows * n);
    backend.gemm(rows, n, k, A, Bm, out, { transB: transposeB });
    const result = new Tensor(out, [...a.shape.slice(0, -1), n]);
    return record('matmul', result, [a, b], (dOut) => {
      let dA: FloatArray | null = null;
      let dB: FloatArray | null = null;
      if (a.requiresGrad) {
        dA = newFloats(dOut, a.size); // dA (rows, k) = dOut (rows, n) · op(b)ᵀ
        backend.gemm(rows, k, n, dOut, Bm, dA, { transB: !transposeB });
      }
      if (b.requiresGrad) {
        dB = newFloats(dOut, b.size);
        if (transposeB)
          backend.gemm(n, k, rows, dOut, A, dB, { transA: true }); // (n, k) = dOutᵀ · a
        else backend.gemm(k, n, rows, A, dOut, dB, { transA: true }); // (k, n) = aᵀ · dOut
      }
      return [dA, dB];
    });
  }

  assertShape(
    'matmul',
    a.rank === b.rank && a.shape.slice(0, -2).every((d, i) => d === b.shape[i]),
    `batch axes must match for a batched product: ${detail}`,
  );
  const P = a.size / (ar * ac);
  const out = newFloats(A, P * m * n);
  const aStride = m * k;
  const bStride = k * n;
  const cStride = m * n;
  for (let p = 0; p < P; p++) {
    backend.gemm(
      m,
      n,
      k,
      A.subarray(p * aStride, (p + 1) * aStride),
      Bm.subarray(p * bStride, (p + 1) * bStride),
      out.subarray(p * cStride, (p + 1) * cStride),
      { transA: transposeA, transB: transposeB },
    );
  }
  const result = new Tensor(out, [...a.shape.slice(0, -2), m, n]);
  return record('matmul', result, [a, b], (dOut) => {
    const dA = a.requiresGrad ? newFloats(dOut, a.size) : null;
    const dB = b.requiresGrad ? newFloats(dOut, b.size) : null;
    for (let p = 0; p < P; p++) {
      const g = dOut.subarray(p * cStride, (p + 1) * cStride);
      const ap = A.subarray(p * aStride, (p + 1) * aStride);
      const bp = Bm.subarray(p * bStride, (p + 1) * bStride);
      if (dA) {
        const d = dA.subarray(p * aStride, (p + 1) * aStride);
        // op(a) = g · op(b)ᵀ; when a is stored transposed, a = op(b) · gᵀ.
        if (transposeA) backend.gemm(k, m, n, bp, g, d, { transA: transposeB, transB: true });
        else backend.gemm(m, k, n, g, bp, d, { transB: !transposeB });
      }
      if (dB) {
        const d = dB.subarray(p * bStride, (p + 1) * bStride);
        // op(b) = op(a)ᵀ · g; when b is stored transposed, b = gᵀ · op(a).
        if (transposeB) backend.gemm(n, k, m, g, ap, d, { transA: true, transB: transposeA });
        else backend.gemm(k, n, m, ap, g, d, { transA: !transposeA });
      }
    }
    return [dA, dB];
  });
}

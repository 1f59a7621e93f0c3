// AVX2+FMA micro-kernel of the packed GEMM (driver and packing in gemm.cc). Built with
// -mavx2 -mfma for this file only; gemm.cc calls it only when cpu.cc found AVX2 and FMA.
//
// Tile: C (6, 16) held in 12 ymm registers for the whole kc loop. Per k step: two aligned loads
// of the packed B row (16 floats), six broadcasts of the packed A column, 12 FMAs. Two FMA pipes
// at 8 lanes x 2 FLOP = 32 FLOP/cycle, the tile gives 192 FLOP per 6 cycles, so loads (8 per step)
// stay well under the two load ports. Packing made both streams contiguous, so the hardware
// prefetcher covers them; C is touched once per kc block.
#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)  // else isa_fallback.cc
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "gemm_internal.h"

namespace seqlab {

namespace {
inline void store_row(float* c, __m256 acc0, __m256 acc1, __m256 va, __m256 vb, bool has_beta) {
  __m256 r0 = _mm256_mul_ps(va, acc0);
  __m256 r1 = _mm256_mul_ps(va, acc1);
  if (has_beta) {
    r0 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(c), r0);
    r1 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(c + 8), r1);
  }
  _mm256_storeu_ps(c, r0);
  _mm256_storeu_ps(c + 8, r1);
}

// The kernel body. A is either a packed (kc, 6) micro-panel or 6 rows of a row-major matrix read in
// place, row i at a + i·lda (the recurrent steps' small GEMMs: their A changes every step and would
// otherwise be packed once per step by every thread).
template <bool kPackedA>
inline void kernel_6x16(int64_t kc, const float* ap, int64_t lda, const float* bp, float* c, int64_t ldc, int mr,
                        int nr, float alpha, float beta) {
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  // The C tile's lines (2 or 3 per row) start coming while the k loop runs: in a large GEMM they are in
  // L3 or memory, and the stores after the loop otherwise wait on them. 1024³ on one Zen 3 core, 6
  // interleaved rounds: median 63 → 76 GFLOP/s.
  for (int i = 0; i < 6; i++) {
    __builtin_prefetch(c + i * ldc, 1, 3);
    __builtin_prefetch(c + i * ldc + 15, 1, 3);
  }

  // Not unrolled: with 4 steps per iteration gcc 12 renames the accumulators across steps, runs out
  // of the 16 ymm registers and spills two of them to the stack inside the loop (82 GFLOP/s of a
  // 102 peak on Zen 3, isolated kernel); one step per iteration keeps all 15 live values in
  // registers (99–101 GFLOP/s). The loop overhead (3 scalar ops) hides behind the 12 FMAs.
#pragma GCC unroll 1
  for (int64_t p = 0; p < kc; p++, bp += 16) {
    // A(i, p): packed at ap[6p + i], in place at ap[i·lda + p].
    const float* a_p = kPackedA ? ap + 6 * p : ap + p;
    const int64_t step = kPackedA ? 1 : lda;
    const __m256 b0 = _mm256_load_ps(bp);
    const __m256 b1 = _mm256_load_ps(bp + 8);
    __m256 a = _mm256_broadcast_ss(a_p);
    c00 = _mm256_fmadd_ps(a, b0, c00);
    c01 = _mm256_fmadd_ps(a, b1, c01);
    a = _mm256_broadcast_ss(a_p + step);
    c10 = _mm256_fmadd_ps(a, b0, c10);
    c11 = _mm256_fmadd_ps(a, b1, c11);
    a = _mm256_broadcast_ss(a_p + 2 * step);
    c20 = _mm256_fmadd_ps(a, b0, c20);
    c21 = _mm256_fmadd_ps(a, b1, c21);
    a = _mm256_broadcast_ss(a_p + 3 * step);
    c30 = _mm256_fmadd_ps(a, b0, c30);
    c31 = _mm256_fmadd_ps(a, b1, c31);
    a = _mm256_broadcast_ss(a_p + 4 * step);
    c40 = _mm256_fmadd_ps(a, b0, c40);
    c41 = _mm256_fmadd_ps(a, b1, c41);
    a = _mm256_broadcast_ss(a_p + 5 * step);
    c50 = _mm256_fmadd_ps(a, b0, c50);
    c51 = _mm256_fmadd_ps(a, b1, c51);
  }

  const __m256 va = _mm256_set1_ps(alpha);
  const __m256 vb = _mm256_set1_ps(beta);
  const bool has_beta = beta != 0.0f;
  if (mr == 6 && nr == 16) {
    store_row(c + 0 * ldc, c00, c01, va, vb, has_beta);
    store_row(c + 1 * ldc, c10, c11, va, vb, has_beta);
    store_row(c + 2 * ldc, c20, c21, va, vb, has_beta);
    store_row(c + 3 * ldc, c30, c31, va, vb, has_beta);
    store_row(c + 4 * ldc, c40, c41, va, vb, has_beta);
    store_row(c + 5 * ldc, c50, c51, va, vb, has_beta);
    return;
  }
  // Edge tile: same arithmetic (alpha·acc, then one fused beta·c add) through a buffer.
  alignas(32) float t[6 * 16];
  const __m256 acc[12] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51};
  for (int r = 0; r < 12; r++) _mm256_store_ps(t + r * 8, _mm256_mul_ps(va, acc[r]));
  for (int i = 0; i < mr; i++) {
    float* ci = c + i * ldc;
    for (int j = 0; j < nr; j++) ci[j] = has_beta ? std::fma(beta, ci[j], t[i * 16 + j]) : t[i * 16 + j];
  }
}
}  // namespace

void micro_kernel_6x16_avx2(int64_t kc, const float* ap, const float* bp, float* c, int64_t ldc, int mr, int nr,
                            float alpha, float beta) {
  kernel_6x16<true>(kc, ap, 0, bp, c, ldc, mr, nr, alpha, beta);
}

void micro_kernel_6x16_avx2_rows(int64_t kc, const float* a, int64_t lda, const float* bp, float* c, int64_t ldc,
                                 int nr, float alpha, float beta) {
  kernel_6x16<false>(kc, a, lda, bp, c, ldc, 6, nr, alpha, beta);
}

}  // namespace seqlab

namespace seqlab {

// The machine ceiling for the benchmark: `iters` rounds of 12 independent FMA chains (enough to
// cover 2 pipes x 4-cycle latency), 8 lanes x 2 FLOP each. Returns the FLOP count; the caller times it.
double fma_ceiling_avx2(int64_t iters) {
  // Named registers, not an array: gcc keeps arrays of __m256 in memory across the asm barrier.
  __m256 x0 = _mm256_set1_ps(0.0f), x1 = _mm256_set1_ps(0.1f), x2 = _mm256_set1_ps(0.2f), x3 = _mm256_set1_ps(0.3f);
  __m256 x4 = _mm256_set1_ps(0.4f), x5 = _mm256_set1_ps(0.5f), x6 = _mm256_set1_ps(0.6f), x7 = _mm256_set1_ps(0.7f);
  __m256 x8 = _mm256_set1_ps(0.8f), x9 = _mm256_set1_ps(0.9f), xa = _mm256_set1_ps(1.0f), xb = _mm256_set1_ps(1.1f);
  const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
  for (int64_t it = 0; it < iters; it++) {
    x0 = _mm256_fmadd_ps(x0, a, b);
    x1 = _mm256_fmadd_ps(x1, a, b);
    x2 = _mm256_fmadd_ps(x2, a, b);
    x3 = _mm256_fmadd_ps(x3, a, b);
    x4 = _mm256_fmadd_ps(x4, a, b);
    x5 = _mm256_fmadd_ps(x5, a, b);
    x6 = _mm256_fmadd_ps(x6, a, b);
    x7 = _mm256_fmadd_ps(x7, a, b);
    x8 = _mm256_fmadd_ps(x8, a, b);
    x9 = _mm256_fmadd_ps(x9, a, b);
    xa = _mm256_fmadd_ps(xa, a, b);
    xb = _mm256_fmadd_ps(xb, a, b);
  }
  __m256 s = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(x0, x1), _mm256_add_ps(x2, x3)),
                           _mm256_add_ps(_mm256_add_ps(x4, x5), _mm256_add_ps(x6, x7)));
  s = _mm256_add_ps(s, _mm256_add_ps(_mm256_add_ps(x8, x9), _mm256_add_ps(xa, xb)));
  alignas(32) float out[8];
  _mm256_store_ps(out, s);
  volatile float sink = out[0];
  (void)sink;
  return double(iters) * 12 * 8 * 2;
}

}  // namespace seqlab

namespace seqlab {

// Rows [i0, i1) of C = alpha · op(A) · B + beta · C for a mostly-zero A and n ≤ 16 (gemm.cc decides):
// only A's nonzero entries are multiplied. op(A) (m, k) is A (m, k), or with trans_a A (k, m); B is
// (k, n) row-major. Each element is summed over p in order, in KC-deep blocks with the same
// alpha·acc (+ beta·c, then + c) steps as the packed kernel, one FMA per term: skipping a term
// 0·b leaves the sum unchanged, so the result equals the dense kernel's (up to the sign of a zero,
// and NaN from 0·∞ in B, which the dense kernel would give).
void sgemm_sparse_a_avx2(bool trans_a, int64_t m, int64_t n, int64_t k, int64_t kc_max, float alpha, const float* a,
                         const float* b, float beta, float* c, int64_t i0, int64_t i1) {
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i mask0 = _mm256_cmpgt_epi32(_mm256_set1_epi32(int(n)), lane);
  const __m256i mask1 = _mm256_cmpgt_epi32(_mm256_set1_epi32(int(n) - 8), lane);
  const __m256 zero = _mm256_setzero_ps(), va = _mm256_set1_ps(alpha);
  const auto store = [&](float* ci, __m256 acc0, __m256 acc1, float bb) {
    __m256 r0 = _mm256_mul_ps(va, acc0), r1 = _mm256_mul_ps(va, acc1);
    if (bb != 0.0f) {
      const __m256 vb = _mm256_set1_ps(bb);
      r0 = _mm256_fmadd_ps(vb, _mm256_maskload_ps(ci, mask0), r0);
      r1 = _mm256_fmadd_ps(vb, _mm256_maskload_ps(ci + 8, mask1), r1);
    }
    _mm256_maskstore_ps(ci, mask0, r0);
    _mm256_maskstore_ps(ci + 8, mask1, r1);
  };
  // Calls f(offset) for each j in [0, len) with x[j] != 0 (NaN counts as nonzero), in order.
  const auto nonzeros = [&](const float* x, int64_t len, auto f) {
    int64_t j = 0;
    for (; j + 8 <= len; j += 8) {
      unsigned bits = unsigned(_mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(x + j), zero, _CMP_NEQ_UQ)));
      while (bits) {
        f(j + __builtin_ctz(bits));
        bits &= bits - 1;
      }
    }
    for (; j < len; j++)
      if (x[j] != 0.0f || x[j] != x[j]) f(j);
  };
  if (!trans_a) {
    for (int64_t i = i0; i < i1; i++) {
      const float* ai = a + i * k;
      for (int64_t pc = 0; pc < k; pc += kc_max) {
        const int64_t kc = std::min(kc_max, k - pc);
        __m256 acc0 = zero, acc1 = zero;
        nonzeros(ai + pc, kc, [&](int64_t p) {
          const __m256 av = _mm256_set1_ps(ai[pc + p]);
          const float* bp = b + (pc + p) * n;
          acc0 = _mm256_fmadd_ps(av, _mm256_maskload_ps(bp, mask0), acc0);
          acc1 = _mm256_fmadd_ps(av, _mm256_maskload_ps(bp + 8, mask1), acc1);
        });
        store(c + i * n, acc0, acc1, pc == 0 ? beta : 1.0f);
      }
    }
    return;
  }
  // op(A)[i][p] = a[p·m + i]: walk A's stored rows p in order, adding into the C rows' accumulators
  // (16 floats each, in a buffer kept for the next call).
  thread_local std::vector<float> acc;
  acc.resize(size_t(16 * (i1 - i0)));
  for (int64_t pc = 0; pc < k; pc += kc_max) {
    const int64_t kc = std::min(kc_max, k - pc);
    std::fill(acc.begin(), acc.end(), 0.0f);
    for (int64_t p = pc; p < pc + kc; p++) {
      const __m256 b0 = _mm256_maskload_ps(b + p * n, mask0), b1 = _mm256_maskload_ps(b + p * n + 8, mask1);
      const float* ap = a + p * m + i0;
      nonzeros(ap, i1 - i0, [&](int64_t i) {
        const __m256 av = _mm256_set1_ps(ap[i]);
        float* r = acc.data() + 16 * i;
        _mm256_storeu_ps(r, _mm256_fmadd_ps(av, b0, _mm256_loadu_ps(r)));
        _mm256_storeu_ps(r + 8, _mm256_fmadd_ps(av, b1, _mm256_loadu_ps(r + 8)));
      });
    }
    for (int64_t i = i0; i < i1; i++) {
      const float* r = acc.data() + 16 * (i - i0);
      store(c + i * n, _mm256_loadu_ps(r), _mm256_loadu_ps(r + 8), pc == 0 ? beta : 1.0f);
    }
  }
}

}  // namespace seqlab

#endif

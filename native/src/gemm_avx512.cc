// AVX-512 micro-kernel of the packed GEMM (driver and packing in gemm.cc, rnn_common.cc). Built with
// -mavx512f for this file only; called only when cpu.cc found AVX-512F (and the OS saves zmm state).
//
// Tile: C (8, 32) held in 16 zmm accumulators for the whole kc loop. Per k step: two aligned loads
// of the packed B row (32 floats), eight broadcasts of the packed A column, 16 FMAs. Two 512-bit FMA
// pipes x 4-cycle latency need 8 independent chains; 16 cover it, and 10 loads per 16 FMAs (8
// cycles) stay under the load ports. 8 rows rather than 12: the batch sizes of the recurrent steps
// (32, 64, 128, 256) are multiples of 8, so the row edge wastes nothing there.
// Edges use masked loads and stores, no buffer. Each element is Σ_p in order with one FMA per term,
// exactly as the AVX2 6x16 kernel, so both give the same bits for the same KC blocking (and the
// variant reading 8 rows of A in place gives the same bits as the packed one).
#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)  // else isa_fallback.cc
#include <immintrin.h>

#include "gemm_internal.h"

namespace seqlab {

namespace {
// The kernel body. A is either a packed (kc, 8) micro-panel (lda == 0) or 8 rows of a row-major
// matrix read in place, row i at a + i·lda (the recurrent steps' small GEMMs, whose A changes every
// step and would otherwise be packed once per step by every thread).
template <bool kPackedA>
inline void kernel_8x32(int64_t kc, const float* a, int64_t lda, const float* bp, float* c, int64_t ldc, int mr,
                        int nr, float alpha, float beta) {
  constexpr int MR = 8;
  __m512 acc0[MR], acc1[MR];
#pragma GCC unroll 8
  for (int i = 0; i < MR; i++) acc0[i] = acc1[i] = _mm512_setzero_ps();
  for (int i = 0; i < MR; i++) {  // the C tile's lines, as in the AVX2 kernel
    __builtin_prefetch(c + i * ldc, 1, 3);
    __builtin_prefetch(c + i * ldc + 16, 1, 3);
    __builtin_prefetch(c + i * ldc + 31, 1, 3);
  }
#pragma GCC unroll 2
  for (int64_t p = 0; p < kc; p++) {
    const __m512 b0 = _mm512_load_ps(bp);
    const __m512 b1 = _mm512_load_ps(bp + 16);
#pragma GCC unroll 8
    for (int i = 0; i < MR; i++) {
      const __m512 av = _mm512_set1_ps(kPackedA ? a[i] : a[i * lda + p]);
      acc0[i] = _mm512_fmadd_ps(av, b0, acc0[i]);
      acc1[i] = _mm512_fmadd_ps(av, b1, acc1[i]);
    }
    if (kPackedA) a += MR;
    bp += 32;
  }
  const __mmask16 m0 = nr >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << nr) - 1);
  const __mmask16 m1 = nr >= 32 ? __mmask16(0xFFFF) : nr <= 16 ? __mmask16(0) : __mmask16((1u << (nr - 16)) - 1);
  const __m512 va = _mm512_set1_ps(alpha);
  const __m512 vb = _mm512_set1_ps(beta);
#pragma GCC unroll 8
  for (int i = 0; i < MR; i++) {
    if (i >= mr) break;
    float* ci = c + i * ldc;
    __m512 r0 = _mm512_mul_ps(va, acc0[i]);
    __m512 r1 = _mm512_mul_ps(va, acc1[i]);
    if (beta != 0.0f) {  // alpha·acc + beta·c in one rounding, as the AVX2 kernel
      r0 = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(m0, ci), r0);
      r1 = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(m1, ci + 16), r1);
    }
    _mm512_mask_storeu_ps(ci, m0, r0);
    _mm512_mask_storeu_ps(ci + 16, m1, r1);
  }
}
}  // namespace

void micro_kernel_8x32_avx512(int64_t kc, const float* ap, const float* bp, float* c, int64_t ldc, int mr, int nr,
                              float alpha, float beta) {
  kernel_8x32<true>(kc, ap, 0, bp, c, ldc, mr, nr, alpha, beta);
}

void micro_kernel_8x32_avx512_rows(int64_t kc, const float* a, int64_t lda, const float* bp, float* c, int64_t ldc,
                                   int nr, float alpha, float beta) {
  kernel_8x32<false>(kc, a, lda, bp, c, ldc, 8, nr, alpha, beta);
}

// The machine ceiling with 512-bit FMAs: as fma_ceiling_avx2 (gemm_avx2.cc), 16 lanes.
double fma_ceiling_avx512(int64_t iters) {
  __m512 x0 = _mm512_set1_ps(0.0f), x1 = _mm512_set1_ps(0.1f), x2 = _mm512_set1_ps(0.2f), x3 = _mm512_set1_ps(0.3f);
  __m512 x4 = _mm512_set1_ps(0.4f), x5 = _mm512_set1_ps(0.5f), x6 = _mm512_set1_ps(0.6f), x7 = _mm512_set1_ps(0.7f);
  __m512 x8 = _mm512_set1_ps(0.8f), x9 = _mm512_set1_ps(0.9f), xa = _mm512_set1_ps(1.0f), xb = _mm512_set1_ps(1.1f);
  const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
  for (int64_t it = 0; it < iters; it++) {
    x0 = _mm512_fmadd_ps(x0, a, b);
    x1 = _mm512_fmadd_ps(x1, a, b);
    x2 = _mm512_fmadd_ps(x2, a, b);
    x3 = _mm512_fmadd_ps(x3, a, b);
    x4 = _mm512_fmadd_ps(x4, a, b);
    x5 = _mm512_fmadd_ps(x5, a, b);
    x6 = _mm512_fmadd_ps(x6, a, b);
    x7 = _mm512_fmadd_ps(x7, a, b);
    x8 = _mm512_fmadd_ps(x8, a, b);
    x9 = _mm512_fmadd_ps(x9, a, b);
    xa = _mm512_fmadd_ps(xa, a, b);
    xb = _mm512_fmadd_ps(xb, a, b);
  }
  __m512 s = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(x0, x1), _mm512_add_ps(x2, x3)),
                           _mm512_add_ps(_mm512_add_ps(x4, x5), _mm512_add_ps(x6, x7)));
  s = _mm512_add_ps(s, _mm512_add_ps(_mm512_add_ps(x8, x9), _mm512_add_ps(xa, xb)));
  alignas(64) float out[16];
  _mm512_store_ps(out, s);
  volatile float sink = out[0];
  (void)sink;
  return double(iters) * 12 * 16 * 2;
}

}  // namespace seqlab

#endif

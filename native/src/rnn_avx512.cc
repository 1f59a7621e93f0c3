// AVX-512F sigmoid, tanh and the per-row gate arithmetic of the recurrent kernels (built with -mavx512f, called
// only when cpu.cc found it). The maths is rnn_simd.h's; this file supplies 16-lane ops. AVX-512F has
// no float and/or (that is AVX512DQ), so the sign bit goes through the integer ops.
// GCC 12's AVX-512 intrinsics (min, max, shifts, cvtps, roundscale) pass _mm512_undefined_*() as the
// unused merge source, which -Wmaybe-uninitialized (and, once rnn_simd.h's Multi inlines four of them
// side by side, -Wuninitialized) reports; nothing here is uninitialized.
#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)  // else isa_fallback.cc
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>

#include "rnn_simd.h"

namespace seqlab {
namespace rnn {
namespace {

struct Avx512Ops {
  using R = __m512;
  static constexpr int kLanes = 16;
  static __mmask16 first(int n) { return __mmask16((1u << n) - 1); }
  static R set1(float v) { return _mm512_set1_ps(v); }
  static R load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, R v) { _mm512_storeu_ps(p, v); }
  static R load_partial(const float* p, int n) { return _mm512_maskz_loadu_ps(first(n), p); }
  static void store_partial(float* p, R v, int n) { _mm512_mask_storeu_ps(p, first(n), v); }
  // v, opaque to the optimiser: a product passed through here is not fused with a later add.
  static R rounded(R v) {
    __asm__("" : "+v"(v));
    return v;
  }
  static R add(R a, R b) { return _mm512_add_ps(a, b); }
  static R sub(R a, R b) { return _mm512_sub_ps(a, b); }
  static R mul(R a, R b) { return _mm512_mul_ps(a, b); }
  static R div(R a, R b) { return _mm512_div_ps(a, b); }
  static R fmadd(R a, R b, R c) { return _mm512_fmadd_ps(a, b, c); }
  static R fnmadd(R a, R b, R c) { return _mm512_fnmadd_ps(a, b, c); }
  // min/max with the AVX2 NaN rule (the second operand when either is NaN): vminps/vmaxps behave so.
  static R min(R a, R b) { return _mm512_min_ps(a, b); }
  static R max(R a, R b) { return _mm512_max_ps(a, b); }
  static R floor(R a) { return _mm512_roundscale_ps(a, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC); }
  static R abs(R a) {
    return _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(a), _mm512_set1_epi32(0x7fffffff)));
  }
  static R copysign(R magnitude, R sign) {
    const __m512i s = _mm512_and_si512(_mm512_castps_si512(sign), _mm512_set1_epi32(int32_t(0x80000000u)));
    return _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(magnitude), s));
  }
  static R select_lt(R a, R b, R if_lt, R otherwise) {
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(a, b, _CMP_LT_OQ), otherwise, if_lt);
  }
  static R pow2_half1(R fx) {
    const __m512i n1 = _mm512_srai_epi32(_mm512_cvtps_epi32(fx), 1);
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(n1, _mm512_set1_epi32(127)), 23));
  }
  static R pow2_half2(R fx) {
    const __m512i n = _mm512_cvtps_epi32(fx);
    const __m512i n2 = _mm512_sub_epi32(n, _mm512_srai_epi32(n, 1));
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(n2, _mm512_set1_epi32(127)), 23));
  }
};

}  // namespace

void sigmoid_avx512(const float* x, float* y, int64_t n) { simd::map<Avx512Ops, simd::Sigmoid>(x, y, n); }
void tanh_avx512(const float* x, float* y, int64_t n) { simd::map<Avx512Ops, simd::Tanh>(x, y, n); }
void lstm_row_avx512(float* z, int64_t zs, const float* r, int64_t rs, bool keep_z, const float* c_prev, float* c,
                     float* h, float* y, int64_t n) {
  simd::lstm_row<Avx512Ops>(z, zs, r, rs, keep_z, c_prev, c, h, y, n);
}
void lstm_row_backward_avx512(const float* z, int64_t zs, const float* c, const float* c_prev, const float* dy,
                              float* dh, float* dc, float* dz, int64_t n) {
  simd::lstm_row_backward<Avx512Ops>(z, zs, c, c_prev, dy, dh, dc, dz, n);
}
void gru_row_avx512(float* z, int64_t zs, const float* r, int64_t rs, const float* rb, int64_t rbs, bool keep,
                    const float* h_prev, float* cand, float* h, float* y, int64_t n) {
  simd::gru_row<Avx512Ops>(z, zs, r, rs, rb, rbs, keep, h_prev, cand, h, y, n);
}

}  // namespace rnn
}  // namespace seqlab

#endif

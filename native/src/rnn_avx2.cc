// AVX2+FMA sigmoid, tanh and the per-row gate arithmetic of the recurrent kernels (built with -mavx2 -mfma,
// called only when cpu.cc found both). The maths is rnn_simd.h's; this file supplies 8-lane ops.
#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)  // else isa_fallback.cc
#include <immintrin.h>

#include "rnn_simd.h"

namespace seqlab {
namespace rnn {
namespace {

struct Avx2Ops {
  using R = __m256;
  static constexpr int kLanes = 8;
  static R set1(float v) { return _mm256_set1_ps(v); }
  static R load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, R v) { _mm256_storeu_ps(p, v); }
  // The first n lanes; masked-out lanes load as 0 and are not stored (nor touched: no fault past the end).
  static __m256i first(int n) { return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)); }
  static R load_partial(const float* p, int n) { return _mm256_maskload_ps(p, first(n)); }
  static void store_partial(float* p, R v, int n) { _mm256_maskstore_ps(p, first(n), v); }
  // v, opaque to the optimiser: a product passed through here is not fused with a later add.
  static R rounded(R v) {
    __asm__("" : "+v"(v));
    return v;
  }
  static R add(R a, R b) { return _mm256_add_ps(a, b); }
  static R sub(R a, R b) { return _mm256_sub_ps(a, b); }
  static R mul(R a, R b) { return _mm256_mul_ps(a, b); }
  static R div(R a, R b) { return _mm256_div_ps(a, b); }
  static R fmadd(R a, R b, R c) { return _mm256_fmadd_ps(a, b, c); }
  static R fnmadd(R a, R b, R c) { return _mm256_fnmadd_ps(a, b, c); }
  static R min(R a, R b) { return _mm256_min_ps(a, b); }
  static R max(R a, R b) { return _mm256_max_ps(a, b); }
  static R floor(R a) { return _mm256_floor_ps(a); }
  static R abs(R a) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), a); }
  static R copysign(R magnitude, R sign) { return _mm256_or_ps(magnitude, _mm256_and_ps(sign, _mm256_set1_ps(-0.0f))); }
  static R select_lt(R a, R b, R if_lt, R otherwise) {
    return _mm256_blendv_ps(otherwise, if_lt, _mm256_cmp_ps(a, b, _CMP_LT_OQ));
  }
  // 2^fx = 2^(fx − ⌊fx/2⌋) · 2^⌊fx/2⌋, each factor built in the exponent bits.
  static R pow2_half1(R fx) {
    const __m256i n1 = _mm256_srai_epi32(_mm256_cvtps_epi32(fx), 1);
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n1, _mm256_set1_epi32(127)), 23));
  }
  static R pow2_half2(R fx) {
    const __m256i n = _mm256_cvtps_epi32(fx);
    const __m256i n2 = _mm256_sub_epi32(n, _mm256_srai_epi32(n, 1));
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n2, _mm256_set1_epi32(127)), 23));
  }
};

}  // namespace

void sigmoid_avx2(const float* x, float* y, int64_t n) { simd::map<Avx2Ops, simd::Sigmoid>(x, y, n); }
void tanh_avx2(const float* x, float* y, int64_t n) { simd::map<Avx2Ops, simd::Tanh>(x, y, n); }
void lstm_row_avx2(float* z, int64_t zs, const float* r, int64_t rs, bool keep_z, const float* c_prev, float* c,
                  float* h, float* y, int64_t n) {
  simd::lstm_row<Avx2Ops>(z, zs, r, rs, keep_z, c_prev, c, h, y, n);
}
void lstm_row_backward_avx2(const float* z, int64_t zs, const float* c, const float* c_prev, const float* dy,
                           float* dh, float* dc, float* dz, int64_t n) {
  simd::lstm_row_backward<Avx2Ops>(z, zs, c, c_prev, dy, dh, dc, dz, n);
}
void gru_row_avx2(float* z, int64_t zs, const float* r, int64_t rs, const float* rb, int64_t rbs, bool keep,
                 const float* h_prev, float* cand, float* h, float* y, int64_t n) {
  simd::gru_row<Avx2Ops>(z, zs, r, rs, rb, rbs, keep, h_prev, cand, h, y, n);
}

}  // namespace rnn
}  // namespace seqlab

#endif

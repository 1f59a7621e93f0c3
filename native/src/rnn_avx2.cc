// AVX2+FMA sigmoid and tanh for the recurrent kernels' gate arithmetic (built with -mavx2 -mfma,
// called only when cpu.cc found both). Within about 2e-7 relative of libm's expf/tanhf:
//   exp:     Cephes expf: x = n·ln2 + r (ln2 split in two for an exact reduction), |r| ≤ ln2/2,
//            degree-6 polynomial, then scaled by 2^n through the exponent bits.
//   sigmoid: 1 / (1 + exp(−x)) with a true division; x clamped to ±88 so exp stays finite
//            (sigmoid(−88) ≈ 6e−39 is then exact enough, and sigmoid(88) = 1).
//   tanh:    |x| < 0.625: x + x³·P(x²) (Cephes tanhf); otherwise sign(x)·(1 − 2 / (exp(2|x|) + 1)),
//            |x| clamped to 44 (tanh is 1 in float32 long before).
// NaN in gives NaN out (every step propagates it; the clamps use max/min with x as the second
// operand, which returns x when x is NaN). The tail is computed through an 8-float buffer by the
// same code, so an element's result never depends on where it sits.
#include <immintrin.h>

#include <cstdint>
#include <cstring>

namespace seqlab {
namespace rnn {
namespace {

inline __m256 exp_ps(__m256 x) {
  const __m256 hi = _mm256_set1_ps(88.3762626647949f), lo = _mm256_set1_ps(-88.3762626647949f);
  x = _mm256_min_ps(hi, x);  // NaN stays NaN: min/max return the second operand when either is NaN
  x = _mm256_max_ps(lo, x);
  __m256 fx = _mm256_fmadd_ps(x, _mm256_set1_ps(1.44269504088896341f), _mm256_set1_ps(0.5f));
  fx = _mm256_floor_ps(fx);
  x = _mm256_fnmadd_ps(fx, _mm256_set1_ps(0.693359375f), x);
  x = _mm256_fnmadd_ps(fx, _mm256_set1_ps(-2.12194440e-4f), x);
  const __m256 z = _mm256_mul_ps(x, x);
  __m256 y = _mm256_set1_ps(1.9875691500e-4f);
  y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(1.3981999507e-3f));
  y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(8.3334519073e-3f));
  y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(4.1665795894e-2f));
  y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(1.6666665459e-1f));
  y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(5.0000001201e-1f));
  y = _mm256_fmadd_ps(y, z, x);
  y = _mm256_add_ps(y, _mm256_set1_ps(1.0f));
  // 2^fx through the exponent; fx ∈ [−127, 128] after the clamp, split in two factors to stay normal.
  const __m256i n = _mm256_cvtps_epi32(fx);
  const __m256i n1 = _mm256_srai_epi32(n, 1);
  const __m256i n2 = _mm256_sub_epi32(n, n1);
  const __m256 p1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n1, _mm256_set1_epi32(127)), 23));
  const __m256 p2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n2, _mm256_set1_epi32(127)), 23));
  return _mm256_mul_ps(_mm256_mul_ps(y, p1), p2);
}

inline __m256 sigmoid_ps(__m256 x) {
  const __m256 one = _mm256_set1_ps(1.0f);
  const __m256 e = exp_ps(_mm256_sub_ps(_mm256_setzero_ps(), x));
  return _mm256_div_ps(one, _mm256_add_ps(one, e));
}

inline __m256 tanh_ps(__m256 x) {
  const __m256 sign = _mm256_and_ps(x, _mm256_set1_ps(-0.0f));
  const __m256 ax = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x);
  // Small |x|: odd polynomial.
  const __m256 z = _mm256_mul_ps(x, x);
  __m256 p = _mm256_set1_ps(-5.70498872745e-3f);
  p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(2.06390887954e-2f));
  p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(-5.37397155531e-2f));
  p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(1.33314422036e-1f));
  p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(-3.33332819422e-1f));
  const __m256 small = _mm256_fmadd_ps(_mm256_mul_ps(p, z), x, x);
  // Large |x|: 1 − 2 / (exp(2|x|) + 1).
  const __m256 cl = _mm256_min_ps(_mm256_set1_ps(44.0f), ax);
  const __m256 e = exp_ps(_mm256_add_ps(cl, cl));
  const __m256 one = _mm256_set1_ps(1.0f);
  const __m256 large = _mm256_or_ps(_mm256_sub_ps(one, _mm256_div_ps(_mm256_set1_ps(2.0f), _mm256_add_ps(e, one))), sign);
  const __m256 use_small = _mm256_cmp_ps(ax, _mm256_set1_ps(0.625f), _CMP_LT_OQ);
  const __m256 r = _mm256_blendv_ps(large, small, use_small);
  // NaN: both branches are NaN already (the polynomial of NaN is NaN; min(44, NaN) is NaN).
  return r;
}

template <__m256 (*F)(__m256)>
void map(const float* x, float* y, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, F(_mm256_loadu_ps(x + i)));
  if (i < n) {
    alignas(32) float t[8] = {};
    std::memcpy(t, x + i, size_t(n - i) * sizeof(float));
    _mm256_store_ps(t, F(_mm256_load_ps(t)));
    std::memcpy(y + i, t, size_t(n - i) * sizeof(float));
  }
}
}  // namespace

void sigmoid_avx2(const float* x, float* y, int64_t n) { map<sigmoid_ps>(x, y, n); }
void tanh_avx2(const float* x, float* y, int64_t n) { map<tanh_ps>(x, y, n); }

}  // namespace rnn
}  // namespace seqlab

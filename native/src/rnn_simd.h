// exp, sigmoid, tanh and the per-row LSTM/GRU gate arithmetic on SIMD registers for the recurrent kernels,
// for any width: V is an ops struct over one register type (Avx2Ops in rnn_avx2.cc, Avx512Ops in
// rnn_avx512.cc; include this only from the file built for that instruction set). Within about 2e-7
// relative of libm's expf/tanhf:
//   exp:     Cephes expf: x = n·ln2 + r (ln2 split in two for an exact reduction), |r| ≤ ln2/2,
//            degree-6 polynomial, then scaled by 2^n through the exponent bits.
//   sigmoid: 1 / (1 + exp(−x)) with a true division; x clamped to ±88 so exp stays finite
//            (sigmoid(−88) ≈ 6e−39 is then exact enough, and sigmoid(88) = 1).
//   tanh:    |x| < 0.625: x + x³·P(x²) (Cephes tanhf); otherwise sign(x)·(1 − 2 / (exp(2|x|) + 1)),
//            |x| clamped to 44 (tanh is 1 in float32 long before).
// NaN in gives NaN out (every step propagates it; the clamps use min/max with x as the second
// operand, which returns x when x is NaN). Every operation is lane-wise and exactly rounded, so a
// value's result does not depend on the width or on where it sits: the AVX2 and AVX-512 versions
// give the same bits.
#pragma once
#include <cstdint>

namespace seqlab {
namespace rnn {
namespace simd {

template <class V>
inline typename V::R exp(typename V::R x) {
  using R = typename V::R;
  x = V::min(V::set1(88.3762626647949f), x);
  x = V::max(V::set1(-88.3762626647949f), x);
  R fx = V::floor(V::fmadd(x, V::set1(1.44269504088896341f), V::set1(0.5f)));
  x = V::fnmadd(fx, V::set1(0.693359375f), x);
  x = V::fnmadd(fx, V::set1(-2.12194440e-4f), x);
  const R z = V::mul(x, x);
  R y = V::set1(1.9875691500e-4f);
  y = V::fmadd(y, x, V::set1(1.3981999507e-3f));
  y = V::fmadd(y, x, V::set1(8.3334519073e-3f));
  y = V::fmadd(y, x, V::set1(4.1665795894e-2f));
  y = V::fmadd(y, x, V::set1(1.6666665459e-1f));
  y = V::fmadd(y, x, V::set1(5.0000001201e-1f));
  y = V::fmadd(y, z, x);
  y = V::add(y, V::set1(1.0f));
  // 2^fx through the exponent; fx ∈ [−127, 128] after the clamp, split in two factors to stay normal.
  return V::mul(V::mul(y, V::pow2_half1(fx)), V::pow2_half2(fx));
}

template <class V>
inline typename V::R sigmoid(typename V::R x) {
  const typename V::R one = V::set1(1.0f);
  return V::div(one, V::add(one, exp<V>(V::sub(V::set1(0.0f), x))));
}

template <class V>
inline typename V::R tanh(typename V::R x) {
  using R = typename V::R;
  const R ax = V::abs(x);
  // Small |x|: odd polynomial.
  const R z = V::mul(x, x);
  R p = V::set1(-5.70498872745e-3f);
  p = V::fmadd(p, z, V::set1(2.06390887954e-2f));
  p = V::fmadd(p, z, V::set1(-5.37397155531e-2f));
  p = V::fmadd(p, z, V::set1(1.33314422036e-1f));
  p = V::fmadd(p, z, V::set1(-3.33332819422e-1f));
  const R small = V::fmadd(V::mul(p, z), x, x);
  // Large |x|: 1 − 2 / (exp(2|x|) + 1), with x's sign.
  const R cl = V::min(V::set1(44.0f), ax);
  const R e = exp<V>(V::add(cl, cl));
  const R one = V::set1(1.0f);
  const R large = V::copysign(V::sub(one, V::div(V::set1(2.0f), V::add(e, one))), x);
  // NaN: both branches are NaN already (the polynomial of NaN is NaN; min(44, NaN) is NaN).
  return V::select_lt(ax, V::set1(0.625f), small, large);
}

// y[i] = F(x[i]) for n values; the tail goes through masked (AVX-512) or buffered (AVX2) loads by the
// same code.
template <class V, typename V::R (*F)(typename V::R)>
void map(const float* x, float* y, int64_t n) {
  int64_t i = 0;
  for (; i + V::kLanes <= n; i += V::kLanes) V::store(y + i, F(V::load(x + i)));
  if (i < n) V::store_partial(y + i, F(V::load_partial(x + i, int(n - i))), int(n - i));
}

// One row of an LSTM step over n units, for the default activations (tanh, recurrent sigmoid): the
// gate pre-activations are z (blocks i, f, c, o at stride zs) plus the recurrent products r (blocks at
// stride rs; null when z holds the sums already), stored back into z when keep_z (training saves them); then
//   c = σ(z_f)·c_prev + σ(z_i)·tanh(z_c),  h = y = σ(z_o)·tanh(c).
// The operations and their order are lstm.cc's scalar loop, so the bits are the same: V::rounded
// keeps GCC from fusing f·c_prev + i·g into an FMA (which rounds once where the scalar loop, built
// without FMA, rounds each product).
template <class V>
void lstm_row(float* z, int64_t zs, const float* r, int64_t rs, bool keep_z, const float* c_prev, float* c, float* h,
              float* y, int64_t n) {
  using R = typename V::R;
  for (int64_t u = 0; u < n; u += V::kLanes) {
    const int m = n - u < V::kLanes ? int(n - u) : V::kLanes;
    const auto load = [m](const float* p) { return m == V::kLanes ? V::load(p) : V::load_partial(p, m); };
    const auto store = [m](float* p, R v) { m == V::kLanes ? V::store(p, v) : V::store_partial(p, v, m); };
    R pre[4];
    for (int g = 0; g < 4; g++) {
      pre[g] = r ? V::add(load(z + g * zs + u), load(r + g * rs + u)) : load(z + g * zs + u);
      if (keep_z) store(z + g * zs + u, pre[g]);
    }
    const R i = sigmoid<V>(pre[0]), f = sigmoid<V>(pre[1]), cc = tanh<V>(pre[2]), o = sigmoid<V>(pre[3]);
    const R cv = V::add(V::rounded(V::mul(f, load(c_prev + u))), V::rounded(V::mul(i, cc)));
    store(c + u, cv);
    const R hv = V::mul(o, tanh<V>(cv));
    store(h + u, hv);
    store(y + u, hv);
  }
}

// The backward of one row of an LSTM step over n units (default activations), given the saved
// pre-activations z (blocks i, f, c, o at stride zs), c_t, c_{t−1}, dy (null: no output gradient) and
// the carried dh, dc of this step; writes dz (blocks at stride zs), dc for the step before, dh = 0:
//   dh' = dh + dy,  dc' = dc + dh'·σ(z_o)·(1 − tanh²c),
//   dz_i = dc'·tanh(z_c)·σ'(z_i), dz_f = dc'·c_{t−1}·σ'(z_f), dz_c = dc'·σ(z_i)·(1 − tanh²z_c),
//   dz_o = dh'·tanh(c)·σ'(z_o), dc ← dc'·σ(z_f)   (σ' = σ(1 − σ)).
// The operations and their order are lstm.cc's backward_rows with FastD, so the same bits.
template <class V>
void lstm_row_backward(const float* z, int64_t zs, const float* c, const float* c_prev, const float* dy, float* dh,
                       float* dc, float* dz, int64_t n) {
  using R = typename V::R;
  const R one = V::set1(1.0f);
  const auto dsig = [&](R y) { return V::mul(y, V::sub(one, y)); };
  const auto dtanh = [&](R y) { return V::sub(one, V::rounded(V::mul(y, y))); };
  for (int64_t u = 0; u < n; u += V::kLanes) {
    const int m = n - u < V::kLanes ? int(n - u) : V::kLanes;
    const auto load = [m](const float* p) { return m == V::kLanes ? V::load(p) : V::load_partial(p, m); };
    const auto store = [m](float* p, R v) { m == V::kLanes ? V::store(p, v) : V::store_partial(p, v, m); };
    const R i = sigmoid<V>(load(z + u)), f = sigmoid<V>(load(z + zs + u));
    const R g = tanh<V>(load(z + 2 * zs + u)), o = sigmoid<V>(load(z + 3 * zs + u));
    const R ac = tanh<V>(load(c + u));
    const R dhv = V::add(load(dh + u), dy ? load(dy + u) : V::set1(0.0f));
    const R dcv = V::add(load(dc + u), V::rounded(V::mul(V::mul(dhv, o), dtanh(ac))));
    store(dz + u, V::mul(V::mul(dcv, g), dsig(i)));
    store(dz + zs + u, V::mul(V::mul(dcv, load(c_prev + u)), dsig(f)));
    store(dz + 2 * zs + u, V::mul(V::mul(dcv, i), dtanh(g)));
    store(dz + 3 * zs + u, V::mul(V::mul(dhv, ac), dsig(o)));
    store(dc + u, V::mul(dcv, f));
    store(dh + u, V::set1(0.0f));
  }
}

// One row of a GRU step over n units, for resetAfter and the default activations (tanh, recurrent
// sigmoid): z (blocks z, r, h at stride zs) holds the input projections with their bias, r (blocks at
// stride rs) the recurrent products hd·U, rb (blocks at stride rbs; null: none) the recurrent bias:
//   a_z = z_z + r_z + rb_z,  a_r = z_r + r_r + rb_r,  cand = r_h + rb_h,  a_h = z_h + σ(a_r)·cand,
//   h = y = σ(a_z)·h_prev + (1 − σ(a_z))·tanh(a_h);
// with keep (training), a_z, a_r, a_h go back into z and cand into `cand` for the backward. The
// operations and their order are gru.cc's scalar loop (a missing bias adds 0, as there), so the same bits.
template <class V>
void gru_row(float* z, int64_t zs, const float* r, int64_t rs, const float* rb, int64_t rbs, bool keep,
             const float* h_prev, float* cand, float* h, float* y, int64_t n) {
  using R = typename V::R;
  const R zero = V::set1(0.0f), one = V::set1(1.0f);
  for (int64_t u = 0; u < n; u += V::kLanes) {
    const int m = n - u < V::kLanes ? int(n - u) : V::kLanes;
    const auto load = [m](const float* p) { return m == V::kLanes ? V::load(p) : V::load_partial(p, m); };
    const auto store = [m](float* p, R v) { m == V::kLanes ? V::store(p, v) : V::store_partial(p, v, m); };
    const auto bias = [&](int g) { return rb ? load(rb + g * rbs + u) : zero; };
    const R az = V::add(V::add(load(z + u), load(r + u)), bias(0));
    const R ar = V::add(V::add(load(z + zs + u), load(r + rs + u)), bias(1));
    const R cd = V::add(load(r + 2 * rs + u), bias(2));
    const R ah = V::add(load(z + 2 * zs + u), V::rounded(V::mul(sigmoid<V>(ar), cd)));
    if (keep) {
      store(z + u, az);
      store(z + zs + u, ar);
      store(z + 2 * zs + u, ah);
      store(cand + u, cd);
    }
    const R ug = sigmoid<V>(az);
    const R hv = V::add(V::rounded(V::mul(ug, load(h_prev + u))), V::rounded(V::mul(V::sub(one, ug), tanh<V>(ah))));
    store(h + u, hv);
    store(y + u, hv);
  }
}

}  // namespace simd
}  // namespace rnn
}  // namespace seqlab

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

// The functions below are meant to be inlined into the row loops: GCC otherwise keeps exp<Multi<…>> out
// of line and passes its registers through the stack.
#define SEQLAB_SIMD_INLINE inline __attribute__((always_inline))

template <class V>
SEQLAB_SIMD_INLINE typename V::R exp(typename V::R x) {
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
SEQLAB_SIMD_INLINE typename V::R sigmoid(typename V::R x) {
  const typename V::R one = V::set1(1.0f);
  return V::div(one, V::add(one, exp<V>(V::sub(V::set1(0.0f), x))));
}

template <class V>
SEQLAB_SIMD_INLINE typename V::R tanh(typename V::R x) {
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

// N registers of V in lockstep: each operation is issued for all N before the next one, so N
// independent chains sit side by side in the instruction stream. One sigmoid is a chain of about 25
// dependent operations (~75 cycles) and the out-of-order window holds only a few of them, so one
// register at a time runs latency-bound. Measured on Zen 3 (AVX2, data in L1), cycles per 8 lanes:
// sigmoid 16 → 11 and tanh 24 → 17 with N = 4; an LSTM row of 100 units 16–18 → 12–13 cycles per unit.
#define SEQLAB_MULTI_OP1(op)                                     \
  static SEQLAB_SIMD_INLINE R op(R a) {                          \
    R r;                                                         \
    for (int k = 0; k < N; k++) r.v[k] = V::op(a.v[k]);          \
    return r;                                                    \
  }
#define SEQLAB_MULTI_OP2(op)                                     \
  static SEQLAB_SIMD_INLINE R op(R a, R b) {                     \
    R r;                                                         \
    for (int k = 0; k < N; k++) r.v[k] = V::op(a.v[k], b.v[k]);  \
    return r;                                                    \
  }
template <class V, int N>
struct Multi {
  struct R {
    typename V::R v[N];
  };
  static constexpr int kLanes = N * V::kLanes;
  // Lanes of register k among the first n.
  static int part(int n, int k) {
    const int m = n - k * V::kLanes;
    return m < 0 ? 0 : m > V::kLanes ? V::kLanes : m;
  }
  static SEQLAB_SIMD_INLINE R set1(float x) {
    R r;
    for (int k = 0; k < N; k++) r.v[k] = V::set1(x);
    return r;
  }
  static SEQLAB_SIMD_INLINE R load(const float* p) {
    R r;
    for (int k = 0; k < N; k++) r.v[k] = V::load(p + k * V::kLanes);
    return r;
  }
  static SEQLAB_SIMD_INLINE void store(float* p, R a) {
    for (int k = 0; k < N; k++) V::store(p + k * V::kLanes, a.v[k]);
  }
  // over_lanes hands Multi whole groups only; the partial forms keep load_n/store_n generic.
  static SEQLAB_SIMD_INLINE R load_partial(const float* p, int n) {
    R r;
    for (int k = 0; k < N; k++) r.v[k] = V::load_partial(p + k * V::kLanes, part(n, k));
    return r;
  }
  static SEQLAB_SIMD_INLINE void store_partial(float* p, R a, int n) {
    for (int k = 0; k < N; k++)
      if (part(n, k) > 0) V::store_partial(p + k * V::kLanes, a.v[k], part(n, k));
  }
  SEQLAB_MULTI_OP1(rounded)
  SEQLAB_MULTI_OP1(floor)
  SEQLAB_MULTI_OP1(abs)
  SEQLAB_MULTI_OP1(pow2_half1)
  SEQLAB_MULTI_OP1(pow2_half2)
  SEQLAB_MULTI_OP2(add)
  SEQLAB_MULTI_OP2(sub)
  SEQLAB_MULTI_OP2(mul)
  SEQLAB_MULTI_OP2(div)
  SEQLAB_MULTI_OP2(min)
  SEQLAB_MULTI_OP2(max)
  SEQLAB_MULTI_OP2(copysign)
  static SEQLAB_SIMD_INLINE R fmadd(R a, R b, R c) {
    R r;
    for (int k = 0; k < N; k++) r.v[k] = V::fmadd(a.v[k], b.v[k], c.v[k]);
    return r;
  }
  static SEQLAB_SIMD_INLINE R fnmadd(R a, R b, R c) {
    R r;
    for (int k = 0; k < N; k++) r.v[k] = V::fnmadd(a.v[k], b.v[k], c.v[k]);
    return r;
  }
  static SEQLAB_SIMD_INLINE R select_lt(R a, R b, R x, R y) {
    R r;
    for (int k = 0; k < N; k++) r.v[k] = V::select_lt(a.v[k], b.v[k], x.v[k], y.v[k]);
    return r;
  }
};
#undef SEQLAB_MULTI_OP1
#undef SEQLAB_MULTI_OP2

// The first k lanes of a V or a Multi (k = O::kLanes: a whole load or store).
template <class O>
SEQLAB_SIMD_INLINE typename O::R load_n(const float* p, int k) {
  return k == O::kLanes ? O::load(p) : O::load_partial(p, k);
}
template <class O>
SEQLAB_SIMD_INLINE void store_n(float* p, typename O::R v, int k) {
  k == O::kLanes ? O::store(p, v) : O::store_partial(p, v, k);
}

// body(O{}, u, k) over lanes [0, m): O = Multi<V, 4> on whole groups of four registers, then O = V one
// register at a time, k lanes each (fewer in the last). Each lane's operations are the same in both,
// so where a lane falls does not change its bits.
template <class V, class Body>
SEQLAB_SIMD_INLINE void over_lanes(int64_t m, Body body) {
  using M = Multi<V, 4>;
  int64_t u = 0;
  for (; u + M::kLanes <= m; u += M::kLanes) body(M(), u, M::kLanes);
  for (; u < m; u += V::kLanes) body(V(), u, m - u < V::kLanes ? int(m - u) : V::kLanes);
}

// The activations as types, for map.
struct Sigmoid {
  template <class O>
  static SEQLAB_SIMD_INLINE typename O::R apply(typename O::R x) {
    return sigmoid<O>(x);
  }
};
struct Tanh {
  template <class O>
  static SEQLAB_SIMD_INLINE typename O::R apply(typename O::R x) {
    return tanh<O>(x);
  }
};

// y[i] = F(x[i]) for n values.
template <class V, class F>
void map(const float* x, float* y, int64_t n) {
  over_lanes<V>(n, [&](auto ops, int64_t i, int k) {
    using O = decltype(ops);
    store_n<O>(y + i, F::template apply<O>(load_n<O>(x + i, k)), k);
  });
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
  over_lanes<V>(n, [&](auto ops, int64_t u, int k) {
    using O = decltype(ops);
    using R = typename O::R;
    R pre[4];
    for (int g = 0; g < 4; g++) {
      pre[g] = r ? O::add(load_n<O>(z + g * zs + u, k), load_n<O>(r + g * rs + u, k)) : load_n<O>(z + g * zs + u, k);
      if (keep_z) store_n<O>(z + g * zs + u, pre[g], k);
    }
    const R i = sigmoid<O>(pre[0]), f = sigmoid<O>(pre[1]), g = tanh<O>(pre[2]), o = sigmoid<O>(pre[3]);
    const R cv = O::add(O::rounded(O::mul(f, load_n<O>(c_prev + u, k))), O::rounded(O::mul(i, g)));
    store_n<O>(c + u, cv, k);
    const R hv = O::mul(o, tanh<O>(cv));
    store_n<O>(h + u, hv, k);
    store_n<O>(y + u, hv, k);
  });
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
  over_lanes<V>(n, [&](auto ops, int64_t u, int k) {
    using O = decltype(ops);
    using R = typename O::R;
    const R one = O::set1(1.0f);
    const auto dsig = [&](R s) { return O::mul(s, O::sub(one, s)); };
    const auto dtanh = [&](R t) { return O::sub(one, O::rounded(O::mul(t, t))); };
    const auto load = [k](const float* p) { return load_n<O>(p, k); };
    const R i = sigmoid<O>(load(z + u)), f = sigmoid<O>(load(z + zs + u));
    const R g = tanh<O>(load(z + 2 * zs + u)), o = sigmoid<O>(load(z + 3 * zs + u));
    const R ac = tanh<O>(load(c + u));
    const R dhv = O::add(load(dh + u), dy ? load(dy + u) : O::set1(0.0f));
    const R dcv = O::add(load(dc + u), O::rounded(O::mul(O::mul(dhv, o), dtanh(ac))));
    store_n<O>(dz + u, O::mul(O::mul(dcv, g), dsig(i)), k);
    store_n<O>(dz + zs + u, O::mul(O::mul(dcv, load(c_prev + u)), dsig(f)), k);
    store_n<O>(dz + 2 * zs + u, O::mul(O::mul(dcv, i), dtanh(g)), k);
    store_n<O>(dz + 3 * zs + u, O::mul(O::mul(dhv, ac), dsig(o)), k);
    store_n<O>(dc + u, O::mul(dcv, f), k);
    store_n<O>(dh + u, O::set1(0.0f), k);
  });
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
  over_lanes<V>(n, [&](auto ops, int64_t u, int k) {
    using O = decltype(ops);
    using R = typename O::R;
    const auto load = [k](const float* p) { return load_n<O>(p, k); };
    const auto bias = [&](int g) { return rb ? load(rb + g * rbs + u) : O::set1(0.0f); };
    const R az = O::add(O::add(load(z + u), load(r + u)), bias(0));
    const R ar = O::add(O::add(load(z + zs + u), load(r + rs + u)), bias(1));
    const R cd = O::add(load(r + 2 * rs + u), bias(2));
    const R ah = O::add(load(z + 2 * zs + u), O::rounded(O::mul(sigmoid<O>(ar), cd)));
    if (keep) {
      store_n<O>(z + u, az, k);
      store_n<O>(z + zs + u, ar, k);
      store_n<O>(z + 2 * zs + u, ah, k);
      store_n<O>(cand + u, cd, k);
    }
    const R ug = sigmoid<O>(az);
    const R hv = O::add(O::rounded(O::mul(ug, load(h_prev + u))),
                        O::rounded(O::mul(O::sub(O::set1(1.0f), ug), tanh<O>(ah))));
    store_n<O>(h + u, hv, k);
    store_n<O>(y + u, hv, k);
  });
}

}  // namespace simd
}  // namespace rnn
}  // namespace seqlab

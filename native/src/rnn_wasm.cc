// WebAssembly SIMD (wasm128) sigmoid, tanh and the per-row gate arithmetic of the recurrent kernels,
// built only into the .wasm (emcc -msimd128). The maths is rnn_simd.h's; this file supplies 4-lane ops.
// wasm128 has no fused multiply-add (relaxed-simd's is engine-defined), so fmadd is a multiply then an
// add: two roundings where AVX2 has one, within rnn_simd.h's 2e-7 of libm all the same, and the same
// bits on every engine.
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

#include <cstring>

#include "rnn_common.h"
#include "rnn_simd.h"

namespace seqlab {
namespace rnn {
namespace {

struct Wasm128Ops {
  using R = v128_t;
  static constexpr int kLanes = 4;
  static R set1(float v) { return wasm_f32x4_splat(v); }
  static R load(const float* p) { return wasm_v128_load(p); }
  static void store(float* p, R v) { wasm_v128_store(p, v); }
  // The first n lanes (no masked loads in wasm128): through a zeroed buffer, touching nothing past p + n.
  static R load_partial(const float* p, int n) {
    float tmp[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    std::memcpy(tmp, p, size_t(n) * sizeof(float));
    return wasm_v128_load(tmp);
  }
  static void store_partial(float* p, R v, int n) {
    float tmp[4];
    wasm_v128_store(tmp, v);
    std::memcpy(p, tmp, size_t(n) * sizeof(float));
  }
  // No contraction happens in wasm (no FMA instruction), so a product is already rounded on its own.
  static R rounded(R v) { return v; }
  static R add(R a, R b) { return wasm_f32x4_add(a, b); }
  static R sub(R a, R b) { return wasm_f32x4_sub(a, b); }
  static R mul(R a, R b) { return wasm_f32x4_mul(a, b); }
  static R div(R a, R b) { return wasm_f32x4_div(a, b); }
  static R fmadd(R a, R b, R c) { return wasm_f32x4_add(wasm_f32x4_mul(a, b), c); }
  static R fnmadd(R a, R b, R c) { return wasm_f32x4_sub(c, wasm_f32x4_mul(a, b)); }
  // x86's min(a, b) = a < b ? a : b (b when either is NaN), which rnn_simd.h's clamps rely on to pass
  // NaN through: pmin(b, a) is exactly that, and compiles to one minps on x86-64 engines.
  static R min(R a, R b) { return wasm_f32x4_pmin(b, a); }
  static R max(R a, R b) { return wasm_f32x4_pmax(b, a); }
  static R floor(R a) { return wasm_f32x4_floor(a); }
  static R abs(R a) { return wasm_f32x4_abs(a); }
  static R copysign(R magnitude, R sign) {
    const v128_t bit = wasm_f32x4_splat(-0.0f);
    return wasm_v128_or(wasm_v128_andnot(magnitude, bit), wasm_v128_and(sign, bit));
  }
  static R select_lt(R a, R b, R if_lt, R otherwise) { return wasm_v128_bitselect(if_lt, otherwise, wasm_f32x4_lt(a, b)); }
  // 2^fx = 2^(fx − ⌊fx/2⌋) · 2^⌊fx/2⌋, each factor built in the exponent bits (fx is an integer already).
  static R pow2_half1(R fx) {
    const v128_t n1 = wasm_i32x4_shr(wasm_i32x4_trunc_sat_f32x4(fx), 1);
    return wasm_i32x4_shl(wasm_i32x4_add(n1, wasm_i32x4_splat(127)), 23);
  }
  static R pow2_half2(R fx) {
    const v128_t n = wasm_i32x4_trunc_sat_f32x4(fx);
    const v128_t n2 = wasm_i32x4_sub(n, wasm_i32x4_shr(n, 1));
    return wasm_i32x4_shl(wasm_i32x4_add(n2, wasm_i32x4_splat(127)), 23);
  }
};

}  // namespace

void sigmoid_wasm(const float* x, float* y, int64_t n) { simd::map<Wasm128Ops, simd::Sigmoid>(x, y, n); }
void tanh_wasm(const float* x, float* y, int64_t n) { simd::map<Wasm128Ops, simd::Tanh>(x, y, n); }
void lstm_row_wasm(float* z, int64_t zs, const float* r, int64_t rs, bool keep_z, const float* c_prev, float* c,
                   float* h, float* y, int64_t n) {
  simd::lstm_row<Wasm128Ops>(z, zs, r, rs, keep_z, c_prev, c, h, y, n);
}
void lstm_row_backward_wasm(const float* z, int64_t zs, const float* c, const float* c_prev, const float* dy,
                            float* dh, float* dc, float* dz, int64_t n) {
  simd::lstm_row_backward<Wasm128Ops>(z, zs, c, c_prev, dy, dh, dc, dz, n);
}
void gru_row_wasm(float* z, int64_t zs, const float* r, int64_t rs, const float* rb, int64_t rbs, bool keep,
                  const float* h_prev, float* cand, float* h, float* y, int64_t n) {
  simd::gru_row<Wasm128Ops>(z, zs, r, rs, rb, rbs, keep, h_prev, cand, h, y, n);
}

}  // namespace rnn
}  // namespace seqlab

#endif

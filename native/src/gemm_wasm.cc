// WebAssembly SIMD (wasm128) micro-kernel of the packed GEMM (driver and packing in gemm.cc), built only
// into the .wasm (scripts/build-wasm.mjs: emcc -msimd128); gemm.cc's micro_tile() returns it there.
//
// Tile: C (6, 8) in 12 f32x4 accumulators for the whole kc loop. Per k step: two loads of the packed B
// row (8 floats), six broadcasts of the packed A column, 12 multiplies and 12 adds (wasm128 has no fused
// multiply-add outside relaxed-simd, whose rounding is up to the engine: we keep the bits portable).
// 12 accumulators + 2 B registers + 1 broadcast = 15 vector registers: V8 and SpiderMonkey map f32x4
// onto xmm (16 on x86-64) or NEON q registers (32), so the tile stays in registers on both; a 6x16 tile
// (24 accumulators) spilled on x86-64 and ran slower.
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

#include <cstdint>

#include "gemm_internal.h"

namespace seqlab {

namespace {

constexpr int kMR = 6, kNR = 8;

// c[0..nr) (=) alpha · (acc0 | acc1) + beta · c; beta == 0 ignores c's contents (NaN included).
inline void store_row(float* c, v128_t acc0, v128_t acc1, int nr, float alpha, float beta) {
  const v128_t va = wasm_f32x4_splat(alpha);
  v128_t r0 = wasm_f32x4_mul(va, acc0), r1 = wasm_f32x4_mul(va, acc1);
  if (nr == kNR) {
    if (beta != 0.0f) {
      const v128_t vb = wasm_f32x4_splat(beta);
      r0 = wasm_f32x4_add(r0, wasm_f32x4_mul(vb, wasm_v128_load(c)));
      r1 = wasm_f32x4_add(r1, wasm_f32x4_mul(vb, wasm_v128_load(c + 4)));
    }
    wasm_v128_store(c, r0);
    wasm_v128_store(c + 4, r1);
    return;
  }
  // A partial tile (the right edge of C): through a buffer, touching only the nr columns that exist.
  float tmp[kNR];
  wasm_v128_store(tmp, r0);
  wasm_v128_store(tmp + 4, r1);
  for (int j = 0; j < nr; j++) c[j] = beta == 0.0f ? tmp[j] : tmp[j] + beta * c[j];
}

// The kernel body. A is a packed (kc, 6) micro-panel, or (kPackedA false) 6 rows of a row-major matrix
// read in place, row i at a + i·lda (the recurrent steps' small GEMMs, whose A changes every step).
template <bool kPackedA>
inline void kernel_6x8(int64_t kc, const float* a, int64_t lda, const float* bp, float* c, int64_t ldc, int mr,
                       int nr, float alpha, float beta) {
  v128_t c00 = wasm_f32x4_splat(0.0f), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  v128_t c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  for (int64_t p = 0; p < kc; p++) {
    const v128_t b0 = wasm_v128_load(bp + p * kNR), b1 = wasm_v128_load(bp + p * kNR + 4);
    const auto at = [&](int i) { return kPackedA ? a[p * kMR + i] : a[i * lda + p]; };
    v128_t ai = wasm_f32x4_splat(at(0));
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(ai, b0));
    c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(ai, b1));
    ai = wasm_f32x4_splat(at(1));
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(ai, b0));
    c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(ai, b1));
    ai = wasm_f32x4_splat(at(2));
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(ai, b0));
    c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(ai, b1));
    ai = wasm_f32x4_splat(at(3));
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(ai, b0));
    c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(ai, b1));
    ai = wasm_f32x4_splat(at(4));
    c40 = wasm_f32x4_add(c40, wasm_f32x4_mul(ai, b0));
    c41 = wasm_f32x4_add(c41, wasm_f32x4_mul(ai, b1));
    ai = wasm_f32x4_splat(at(5));
    c50 = wasm_f32x4_add(c50, wasm_f32x4_mul(ai, b0));
    c51 = wasm_f32x4_add(c51, wasm_f32x4_mul(ai, b1));
  }
  const v128_t acc[kMR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  for (int i = 0; i < mr; i++) store_row(c + i * ldc, acc[i][0], acc[i][1], nr, alpha, beta);
}

}  // namespace

void micro_kernel_6x8_wasm(int64_t kc, const float* ap, const float* bp, float* c, int64_t ldc, int mr, int nr,
                           float alpha, float beta) {
  kernel_6x8<true>(kc, ap, 0, bp, c, ldc, mr, nr, alpha, beta);
}

void micro_kernel_6x8_wasm_rows(int64_t kc, const float* a, int64_t lda, const float* bp, float* c, int64_t ldc,
                                int nr, float alpha, float beta) {
  kernel_6x8<false>(kc, a, lda, bp, c, ldc, kMR, nr, alpha, beta);
}

}  // namespace seqlab

#endif

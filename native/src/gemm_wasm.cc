// WebAssembly SIMD (wasm128) micro-kernel of the packed GEMM (driver and packing in gemm.cc), built only
// into the .wasm (scripts/build-wasm.mjs: emcc -msimd128); gemm.cc's micro_tile() returns it there.
//
// Tile: C (4, 8) in 8 f32x4 accumulators for the whole kc loop. Per k step: two loads of the packed B
// row (8 floats), four broadcast loads of the packed A column, 8 multiplies and 8 adds (wasm128 has no
// fused multiply-add outside relaxed-simd, whose rounding is up to the engine: we keep the bits
// portable). 8 accumulators + 2 B registers + a broadcast + a product = 12 vector registers: V8 on
// x86-64 has 15 xmm registers for wasm (one is its scratch), so the tile stays in registers. A 6x8 tile
// (16 registers) spilled: 10-12 GFLOP/s against 15-18 for this one (GEMMs 64x400x228, 6400x400x128 and
// 256x512x512, best of 6 interleaved rounds, Node 20, one core of a loaded AMD EPYC machine).
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

#include <cstdint>

#include "gemm_internal.h"

#ifndef SEQLAB_WASM_MR
#define SEQLAB_WASM_MR 6
#endif

namespace seqlab {

namespace {

constexpr int kMR = 4, kNR = 8;

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

// The kernel body. A is a packed (kc, 4) micro-panel, or (kPackedA false) 4 rows of a row-major matrix
// read in place, row i at a + i·lda (the recurrent steps' small GEMMs, whose A changes every step).
template <bool kPackedA>
inline void kernel_4x8(int64_t kc, const float* a, int64_t lda, const float* bp, float* c, int64_t ldc, int mr,
                       int nr, float alpha, float beta) {
  v128_t acc[kMR][2];
  for (int i = 0; i < kMR; i++) acc[i][0] = acc[i][1] = wasm_f32x4_splat(0.0f);
  for (int64_t p = 0; p < kc; p++) {
    const v128_t b0 = wasm_v128_load(bp + p * kNR), b1 = wasm_v128_load(bp + p * kNR + 4);
    for (int i = 0; i < kMR; i++) {
      // v128.load32_splat: one broadcast load per A value (x86-64 engines emit vbroadcastss).
      const v128_t ai = wasm_v128_load32_splat(kPackedA ? a + p * kMR + i : a + i * lda + p);
      acc[i][0] = wasm_f32x4_add(acc[i][0], wasm_f32x4_mul(ai, b0));
      acc[i][1] = wasm_f32x4_add(acc[i][1], wasm_f32x4_mul(ai, b1));
    }
  }
  for (int i = 0; i < mr; i++) store_row(c + i * ldc, acc[i][0], acc[i][1], nr, alpha, beta);
}

}  // namespace

void micro_kernel_4x8_wasm(int64_t kc, const float* ap, const float* bp, float* c, int64_t ldc, int mr, int nr,
                           float alpha, float beta) {
  kernel_4x8<true>(kc, ap, 0, bp, c, ldc, mr, nr, alpha, beta);
}

void micro_kernel_4x8_wasm_rows(int64_t kc, const float* a, int64_t lda, const float* bp, float* c, int64_t ldc,
                                int nr, float alpha, float beta) {
  kernel_4x8<false>(kc, a, lda, bp, c, ldc, kMR, nr, alpha, beta);
}

}  // namespace seqlab

#endif

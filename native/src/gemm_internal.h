// Shared by gemm.cc (driver, packing, portable micro-kernel), rnn_common.cc (GEMMs on pre-packed
// weights) and the micro-kernels built with their own instruction sets: gemm_avx2.cc (-mavx2 -mfma)
// and gemm_avx512.cc (-mavx512f).
#pragma once
#include <cstdint>

namespace seqlab {

// c[i*ldc + j] (i < mr, j < nr) = alpha · Σ_p Ap[p*MR + i] · Bp[p*NR + j] + beta · c (beta == 0: c ignored).
// Ap is a packed (kc, MR) micro-panel of A, Bp a packed (kc, NR) micro-panel of B, both zero-padded;
// MR × NR is the kernel's register tile (Tile below). Every kernel sums over p in order with one
// fused multiply-add per term, so the AVX2 and AVX-512 kernels give the same bits.
using MicroKernel = void (*)(int64_t kc, const float* ap, const float* bp, float* c, int64_t ldc, int mr, int nr,
                             float alpha, float beta);

// The same register tile with A read in place instead of packed: MR full rows, row i at a + i·lda.
using RowsKernel = void (*)(int64_t kc, const float* a, int64_t lda, const float* bp, float* c, int64_t ldc, int nr,
                            float alpha, float beta);

// A micro-kernel and its register tile (and its in-place-A variant, null for the portable kernel).
// Packing follows the tile, so a panel packed for one tile is only ever multiplied by that tile's kernel.
struct Tile {
  MicroKernel kernel;
  int mr, nr;
  RowsKernel rows;
};

// The kernel for the instruction set in use now (cpu.cc's level): AVX-512 8x32, AVX2 6x16, or the
// portable 6x16; in the WebAssembly build the wasm128 4x8.
Tile micro_tile();

void micro_kernel_6x16_avx2(int64_t kc, const float* ap, const float* bp, float* c, int64_t ldc, int mr, int nr,
                            float alpha, float beta);
void micro_kernel_6x16_avx2_rows(int64_t kc, const float* a, int64_t lda, const float* bp, float* c, int64_t ldc,
                                 int nr, float alpha, float beta);
void micro_kernel_8x32_avx512(int64_t kc, const float* ap, const float* bp, float* c, int64_t ldc, int mr, int nr,
                              float alpha, float beta);
void micro_kernel_8x32_avx512_rows(int64_t kc, const float* a, int64_t lda, const float* bp, float* c, int64_t ldc,
                                   int nr, float alpha, float beta);

#if defined(__wasm_simd128__)
// The wasm128 4x8 tile (gemm_wasm.cc), only in the WebAssembly build.
void micro_kernel_4x8_wasm(int64_t kc, const float* ap, const float* bp, float* c, int64_t ldc, int mr, int nr,
                           float alpha, float beta);
void micro_kernel_4x8_wasm_rows(int64_t kc, const float* a, int64_t lda, const float* bp, float* c, int64_t ldc,
                                int nr, float alpha, float beta);
#endif

// dst[p·mr + i] = a[i·lda + p] for i < mr, p < kc: one packed micro-panel of mr full rows of A (the
// layout MicroKernel reads). gemm.cc; also used by rnn_common.cc's GEMMs on pre-packed weights.
void pack_panel(const float* a, int64_t lda, int64_t mr, int64_t kc, float* dst);

// Rows [i0, i1) of C = alpha · op(A) · B + beta · C (B (k, n) row-major, n ≤ 16) from A's nonzero
// entries only, in KC-deep blocks of kc_max like the packed kernels (gemm_avx2.cc; AVX2+FMA).
void sgemm_sparse_a_avx2(bool trans_a, int64_t m, int64_t n, int64_t k, int64_t kc_max, float alpha, const float* a,
                         const float* b, float beta, float* c, int64_t i0, int64_t i1);

// Run `iters` rounds of 12 independent 8-lane (AVX2) or 16-lane (AVX-512) FMAs; return the FLOPs
// done (the benchmark's ceiling).
double fma_ceiling_avx2(int64_t iters);
double fma_ceiling_avx512(int64_t iters);

}  // namespace seqlab

// Shared by gemm.cc (driver, packing, portable micro-kernel) and gemm_avx2.cc (the AVX2+FMA
// micro-kernel, the only code built with -mavx2 -mfma).
#pragma once
#include <cstdint>

namespace seqlab {

// Register tile: 6 rows x 16 columns = 12 ymm accumulators + 2 for B + 1 broadcast of A, which
// fits AVX2's 16 registers and gives 12 FMAs per 3 loads (the loads never limit two FMA pipes).
constexpr int kMR = 6;
constexpr int kNR = 16;

// c[i*ldc + j] (i < mr, j < nr) = alpha · Σ_p Ap[p*MR + i] · Bp[p*NR + j] + beta · c (beta == 0: c ignored).
// Ap is a packed (kc, MR) micro-panel of A, Bp a packed (kc, NR) micro-panel of B, both zero-padded.
using MicroKernel = void (*)(int64_t kc, const float* ap, const float* bp, float* c, int64_t ldc, int mr, int nr,
                             float alpha, float beta);

void micro_kernel_6x16_avx2(int64_t kc, const float* ap, const float* bp, float* c, int64_t ldc, int mr, int nr,
                            float alpha, float beta);

// Runs `iters` rounds of 12 independent 8-lane FMAs; returns the FLOPs done (for the benchmark's ceiling).
double fma_ceiling_avx2(int64_t iters);

}  // namespace seqlab

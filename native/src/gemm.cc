// sgemm: C (m, n) = alpha · op(A) · op(B) + beta · C, row-major; op(A) (m, k), op(B) (k, n).
// A is (m, k), or (k, m) with trans_a; B is (k, n), or (n, k) with trans_b.
//
// Layout (BLIS/GotoBLAS): loop over column blocks of NC, depth blocks of KC, row blocks of MC.
// Per (NC, KC) block, B is packed into NR-wide micro-panels, k-major (kc x NR contiguous floats);
// per MC block, A into MR-tall micro-panels (kc x MR), MR x NR being the register tile of the kernel
// in use (AVX-512 8x32, AVX2 or portable 6x16; gemm_internal.h). The micro-kernel then streams both panels
// contiguously whatever the transposes were: packing is where transA/transB are absorbed, and
// edges are zero-padded so one kernel shape serves every size (1, 7, 63, 65, 257 …).
// KC = 256: a B micro-panel (16 KB; 32 KB for AVX-512) stays in L1 while the A micro-panels (6–8 KB
// each) stream from L2; MC x KC of A (144 KB) fits L2; KC x NC of B (up to 2 MB) lives in L2/L3.
//
// Threads: the C matrix is split into contiguous column ranges (whole NR tiles), or row ranges
// (whole MR tiles) when C is tall, by a fixed rule on (m, n, k, threads, tile). Each thread packs its
// own panels and owns its C entries, so no two threads touch one element and each element is
// summed in the same order (p = 0 … k−1 in KC blocks) whatever the thread count: results are
// bit-identical run to run and across thread counts, and the AVX2 and AVX-512 kernels agree bit for
// bit (same order, one FMA per term); the portable path differs.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#if defined(__SSE2__)
#include <xmmintrin.h>
#endif

#include "gemm_internal.h"
#include "kernels.h"
#include "threadpool.h"

namespace seqlab {

// See gemm_internal.h. The rows are transposed four steps at a time with SSE (baseline x86-64) for
// MR = 6 and 8; the plain loop stores one float per iteration at a stride of MR (it took ~4% of infA's
// time in rnn::gemm_prepacked).
void pack_panel(const float* a, int64_t lda, int64_t MR, int64_t kc, float* dst) {
  int64_t p = 0;
#if defined(__SSE2__)
  if (MR == 6 || MR == 8) {
    for (; p + 4 <= kc; p += 4) {
      __m128 r0 = _mm_loadu_ps(a + p), r1 = _mm_loadu_ps(a + lda + p);
      __m128 r2 = _mm_loadu_ps(a + 2 * lda + p), r3 = _mm_loadu_ps(a + 3 * lda + p);
      _MM_TRANSPOSE4_PS(r0, r1, r2, r3);  // r_j = rows 0..3 at step p + j
      float* d = dst + p * MR;
      _mm_storeu_ps(d, r0);
      _mm_storeu_ps(d + MR, r1);
      _mm_storeu_ps(d + 2 * MR, r2);
      _mm_storeu_ps(d + 3 * MR, r3);
      const __m128 r4 = _mm_loadu_ps(a + 4 * lda + p), r5 = _mm_loadu_ps(a + 5 * lda + p);
      if (MR == 6) {
        const __m128 lo = _mm_unpacklo_ps(r4, r5), hi = _mm_unpackhi_ps(r4, r5);  // rows 4, 5 at p, p+1 | p+2, p+3
        _mm_storel_pi(reinterpret_cast<__m64*>(d + 4), lo);
        _mm_storeh_pi(reinterpret_cast<__m64*>(d + MR + 4), lo);
        _mm_storel_pi(reinterpret_cast<__m64*>(d + 2 * MR + 4), hi);
        _mm_storeh_pi(reinterpret_cast<__m64*>(d + 3 * MR + 4), hi);
      } else {
        __m128 s4 = r4, s5 = r5, s6 = _mm_loadu_ps(a + 6 * lda + p), s7 = _mm_loadu_ps(a + 7 * lda + p);
        _MM_TRANSPOSE4_PS(s4, s5, s6, s7);
        _mm_storeu_ps(d + 4, s4);
        _mm_storeu_ps(d + MR + 4, s5);
        _mm_storeu_ps(d + 2 * MR + 4, s6);
        _mm_storeu_ps(d + 3 * MR + 4, s7);
      }
    }
  }
#endif
  for (; p < kc; p++)
    for (int64_t i = 0; i < MR; i++) dst[p * MR + i] = a[i * lda + p];
}

namespace {

constexpr int64_t kKC = 256;
constexpr int64_t kMC = 144;   // multiple of every tile's MR (4, 6, 8)
constexpr int64_t kNC = 2048;  // multiple of every tile's NR (16, 32)

// Portable micro-kernel, 6x16: plain loops the compiler vectorises for the baseline ISA (SSE2 on x86-64).
constexpr int kPortableMR = 6, kPortableNR = 16;
void micro_kernel_portable(int64_t kc, const float* ap, const float* bp, float* c, int64_t ldc, int mr, int nr,
                           float alpha, float beta) {
  float acc[kPortableMR][kPortableNR] = {};
  for (int64_t p = 0; p < kc; p++) {
    const float* a = ap + p * kPortableMR;
    const float* b = bp + p * kPortableNR;
    for (int i = 0; i < kPortableMR; i++) {
      const float ai = a[i];
      for (int j = 0; j < kPortableNR; j++) acc[i][j] += ai * b[j];
    }
  }
  for (int i = 0; i < mr; i++) {
    float* ci = c + i * ldc;
    if (beta == 0.0f) {
      for (int j = 0; j < nr; j++) ci[j] = alpha * acc[i][j];
    } else {
      for (int j = 0; j < nr; j++) ci[j] = alpha * acc[i][j] + beta * ci[j];
    }
  }
}

struct FreeDeleter {
  void operator()(float* p) const { std::free(p); }
};

// Per-thread packing buffers, grown on demand and kept for the next call.
float* scratch(std::unique_ptr<float, FreeDeleter>& buf, size_t& cap, size_t floats) {
  if (floats > cap) {
    const size_t bytes = ((floats * sizeof(float) + 63) / 64) * 64;
    buf.reset(static_cast<float*>(std::aligned_alloc(64, bytes)));
    cap = buf ? floats : 0;
  }
  return buf.get();
}

// dst (kc, w) = the first w floats of kc rows of src, ld apart: one micro-panel where the w values of
// a step are contiguous in the source (A transposed, B not). A copy of a width known at compile time
// inlines to vector moves; the std::memcpy of a run-time width it replaced was a libc call per row,
// 23% of the weight-gradient GEMM 128x400x6400 (A's dW = xᵀ·dG) on one thread.
template <int W>
void copy_rows(const float* src, int64_t ld, int64_t kc, float* dst) {
  for (int64_t p = 0; p < kc; p++) std::memcpy(dst + p * W, src + p * ld, W * sizeof(float));
}

void copy_rows(int w, const float* src, int64_t ld, int64_t kc, float* dst) {
  switch (w) {
    case 6: return copy_rows<6>(src, ld, kc, dst);
    case 8: return copy_rows<8>(src, ld, kc, dst);
    case 16: return copy_rows<16>(src, ld, kc, dst);
    case 32: return copy_rows<32>(src, ld, kc, dst);
    default:
      for (int64_t p = 0; p < kc; p++) std::memcpy(dst + p * w, src + p * ld, size_t(w) * sizeof(float));
  }
}

// Ap: ceil(mc/MR) micro-panels of (kc, MR); rows past mc are zero.
void pack_a(int MR, bool trans_a, const float* a, int64_t m, int64_t k, int64_t i0, int64_t mc, int64_t p0,
            int64_t kc, float* ap) {
  for (int64_t ir = 0; ir < mc; ir += MR) {
    const int rows = int(std::min<int64_t>(MR, mc - ir));
    float* dst = ap + (ir / MR) * kc * MR;
    if (trans_a && rows == MR) {  // a is (k, m): the MR values of one p are contiguous
      copy_rows(MR, a + p0 * m + i0 + ir, m, kc, dst);
    } else if (trans_a) {
      for (int64_t p = 0; p < kc; p++) {
        const float* src = a + (p0 + p) * m + i0 + ir;
        for (int i = 0; i < rows; i++) dst[p * MR + i] = src[i];
        for (int i = rows; i < MR; i++) dst[p * MR + i] = 0.0f;
      }
    } else if (rows == MR) {  // a is (m, k)
      pack_panel(a + (i0 + ir) * k + p0, k, MR, kc, dst);
    } else {  // the last, partial panel: read each row contiguously, write with stride MR
      for (int i = 0; i < rows; i++) {
        const float* src = a + (i0 + ir + i) * k + p0;
        for (int64_t p = 0; p < kc; p++) dst[p * MR + i] = src[p];
      }
      for (int i = rows; i < MR; i++)
        for (int64_t p = 0; p < kc; p++) dst[p * MR + i] = 0.0f;
    }
  }
}

// Bp: ceil(nc/NR) micro-panels of (kc, NR); columns past nc are zero.
void pack_b(int NR, bool trans_b, const float* b, int64_t n, int64_t k, int64_t j0, int64_t nc, int64_t p0,
            int64_t kc, float* bp) {
  for (int64_t jr = 0; jr < nc; jr += NR) {
    const int cols = int(std::min<int64_t>(NR, nc - jr));
    float* dst = bp + (jr / NR) * kc * NR;
    if (!trans_b && cols == NR) {  // b is (k, n): the NR values of one p are contiguous
      copy_rows(NR, b + p0 * n + j0 + jr, n, kc, dst);
    } else if (!trans_b) {
      for (int64_t p = 0; p < kc; p++) {
        const float* src = b + (p0 + p) * n + j0 + jr;
        for (int j = 0; j < cols; j++) dst[p * NR + j] = src[j];
        for (int j = cols; j < NR; j++) dst[p * NR + j] = 0.0f;
      }
    } else {  // b is (n, k): read each of the NR rows contiguously
      for (int j = 0; j < cols; j++) {
        const float* src = b + (j0 + jr + j) * k + p0;
        for (int64_t p = 0; p < kc; p++) dst[p * NR + j] = src[p];
      }
      for (int j = cols; j < NR; j++)
        for (int64_t p = 0; p < kc; p++) dst[p * NR + j] = 0.0f;
    }
  }
}

// One thread's share: rows [i_begin, i_end) x columns [j_begin, j_end) of C.
void gemm_block(const Tile& tile, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
                const float* a, const float* b, float beta, float* c, int64_t i_begin, int64_t i_end,
                int64_t j_begin, int64_t j_end) {
  const int MR = tile.mr, NR = tile.nr;
  thread_local std::unique_ptr<float, FreeDeleter> a_buf, b_buf;
  thread_local size_t a_cap = 0, b_cap = 0;
  float* ap = scratch(a_buf, a_cap, size_t(kMC) * kKC);
  float* bp = scratch(b_buf, b_cap, size_t(kNC) * kKC);
  if (ap == nullptr || bp == nullptr) std::abort();  // out of memory for 1.3 MB: nothing sensible to do

  for (int64_t jc = j_begin; jc < j_end; jc += kNC) {
    const int64_t nc = std::min(kNC, j_end - jc);
    for (int64_t pc = 0; pc < k; pc += kKC) {
      const int64_t kc = std::min(kKC, k - pc);
      const float beta_block = pc == 0 ? beta : 1.0f;  // later depth blocks add to what the first wrote
      pack_b(NR, trans_b, b, n, k, jc, nc, pc, kc, bp);
      for (int64_t ic = i_begin; ic < i_end; ic += kMC) {
        const int64_t mc = std::min(kMC, i_end - ic);
        pack_a(MR, trans_a, a, m, k, ic, mc, pc, kc, ap);
        for (int64_t jr = 0; jr < nc; jr += NR) {
          const int nr = int(std::min<int64_t>(NR, nc - jr));
          const float* bpanel = bp + (jr / NR) * kc * NR;
          for (int64_t ir = 0; ir < mc; ir += MR) {
            const int mr = int(std::min<int64_t>(MR, mc - ir));
            tile.kernel(kc, ap + (ir / MR) * kc * MR, bpanel, c + (ic + ir) * n + jc + jr, n, mr, nr, alpha,
                   beta_block);
          }
        }
      }
    }
  }
}

}  // namespace

// At least 64 Ki elements, of which a sample of the first 64 Ki has at most 1 in 16 nonzero (NaN
// counts as nonzero).
static bool mostly_zero(const float* a, int64_t size) {
  constexpr int64_t kSample = int64_t(1) << 16;
  if (size < kSample) return false;
  int64_t nonzero = 0;
  for (int64_t i = 0; i < kSample; i++) nonzero += a[i] != 0.0f || a[i] != a[i];
  return nonzero * 16 <= kSample;
}

constexpr Tile kAvx2Tile{micro_kernel_6x16_avx2, 6, 16, micro_kernel_6x16_avx2_rows};

Tile micro_tile() {
#if defined(__wasm_simd128__)
  return {micro_kernel_4x8_wasm, 4, 8, micro_kernel_4x8_wasm_rows};
#endif
  if (use_avx512()) return {micro_kernel_8x32_avx512, 8, 32, micro_kernel_8x32_avx512_rows};
  if (use_avx2()) return kAvx2Tile;
  return {micro_kernel_portable, kPortableMR, kPortableNR, nullptr};
}

void sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
           const float* b, float beta, float* c) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {  // no products: C = beta · C (beta == 0 overwrites, ignoring NaN in C)
    for (int64_t i = 0; i < m * n; i++) c[i] = beta == 0.0f ? 0.0f : beta * c[i];
    return;
  }
  // A mostly zero and C at most 16 wide (a multi-hot input into a Dense(16) layer, forward and the
  // weight gradient): only A's nonzeros are multiplied, instead of packing and streaming A three times.
  if (n <= 16 && !trans_b && use_avx2() && mostly_zero(a, m * k)) {
    parallel_for(m, 64, 256, [&](int64_t i0, int64_t i1) {
      sgemm_sparse_a_avx2(trans_a, m, n, k, kKC, alpha, a, b, beta, c, i0, i1);
    });
    return;
  }
  // C at most 16 wide (a Dense(16) layer): the 32-wide AVX-512 tile would compute half zeros, so the
  // AVX2 6x16 tile runs; both give the same bits.
  const Tile tile = use_avx512() && n <= 16 ? kAvx2Tile : micro_tile();
  const int MR = tile.mr, NR = tile.nr;

  // The split rule: a pure function of (m, n, k, threads, tile).
  const int threads = num_threads();
  const int64_t tiles_m = (m + MR - 1) / MR;
  const int64_t tiles_n = (n + NR - 1) / NR;
  enum { kSerial, kSplitRows, kSplitCols } split = kSerial;
  if (threads > 1 && m * n * k >= (int64_t(1) << 18)) {
    if (m >= 2 * n && tiles_m >= 2 * threads) split = kSplitRows;
    else if (tiles_n >= threads) split = kSplitCols;
    else if (tiles_m >= threads) split = kSplitRows;
  }
  if (split == kSerial) {
    gemm_block(tile, trans_a, trans_b, m, n, k, alpha, a, b, beta, c, 0, m, 0, n);
    return;
  }
  const int64_t units = split == kSplitRows ? tiles_m : tiles_n;
  const int64_t unit = split == kSplitRows ? MR : NR;
  const int parts = int(std::min<int64_t>(threads, units));
  const int64_t per = units / parts, extra = units % parts;
  parallel_run(parts, [&](int t) {
    const int64_t u0 = t * per + std::min<int64_t>(t, extra);
    const int64_t u1 = u0 + per + (t < extra ? 1 : 0);
    if (split == kSplitRows) {
      gemm_block(tile, trans_a, trans_b, m, n, k, alpha, a, b, beta, c, u0 * unit, std::min(m, u1 * unit), 0, n);
    } else {
      gemm_block(tile, trans_a, trans_b, m, n, k, alpha, a, b, beta, c, 0, m, u0 * unit, std::min(n, u1 * unit));
    }
  });
}

double fma_ceiling_gflops(double seconds) {
  if (!use_avx2()) return 0.0;
  const auto fma_loop = use_avx512() ? fma_ceiling_avx512 : fma_ceiling_avx2;
  using clock = std::chrono::steady_clock;
  fma_loop(1 << 20);  // warm up (clock ramp)
  double best = 0.0;
  const auto end = clock::now() + std::chrono::duration<double>(seconds);
  while (clock::now() < end) {
    const auto t0 = clock::now();
    const double flops = fma_loop(1 << 22);
    const double s = std::chrono::duration<double>(clock::now() - t0).count();
    best = std::max(best, flops / s * 1e-9);
  }
  return best;
}

}  // namespace seqlab

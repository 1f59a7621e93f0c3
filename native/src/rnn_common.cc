// Shared helpers of the fused recurrent kernels; see rnn_common.h.
#include "rnn_common.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

#include "threadpool.h"

#if defined(__SSE2__)
#include <xmmintrin.h>
#endif

namespace seqlab {
namespace rnn {
namespace {
constexpr int64_t kKC = 256;
// Below this many multiply-adds per step a second thread costs more (wake-up, a second packing of
// the step's A operand) than it saves.
constexpr int64_t kMinParallelMacs = int64_t(1) << 17;

}  // namespace

std::vector<Chunk> split_units(int64_t B, int64_t G, int64_t H) {
  // Granule q units: G·q gate columns fill whole NR-wide tiles (NR = 16: LSTM 4 units, GRU and SimpleRNN
  // 16; NR = 32: 8 and 32), so a part's packed columns waste nothing and parts differ by at most one granule.
  const int64_t nr = micro_tile().nr;
  const int64_t q = nr / std::gcd<int64_t>(G, nr);
  const int64_t granules = (H + q - 1) / q;
  int64_t parts = num_threads();
  if (B * G * H * H < kMinParallelMacs) parts = 1;
  parts = std::max<int64_t>(1, std::min(parts, granules));
  std::vector<Chunk> out;
  const int64_t per = granules / parts, extra = granules % parts;
  int64_t g0 = 0;
  for (int64_t p = 0; p < parts; p++) {
    const int64_t g1 = g0 + per + (p < extra ? 1 : 0);
    out.push_back({std::min(H, g0 * q), std::min(H, g1 * q)});
    g0 = g1;
  }
  if (out.empty()) out.push_back({0, H});
  return out;
}

std::vector<Chunk> split_rows(int64_t B, int64_t G, int64_t I, int64_t H, bool training) {
  const int64_t MR = micro_tile().mr;
  const int64_t tiles = B / MR;  // at least one whole tile per part
  const int64_t parts = std::min<int64_t>(num_threads(), tiles);
  // Training's steps multiply by U only: the input projections are one GEMM before the loop, or, where
  // lstm.cc projects inside the steps after this split, the weights fit kL2WeightBytes.
  const int64_t k = training ? H : I + H;
  const bool fits = training || k * G * H * int64_t(sizeof(float)) <= kL2WeightBytes;
  if (parts < 2 || !fits || B * G * H * k < kMinParallelMacs * parts) return {{0, B}};
  // Equal row counts, not whole tiles: a part's cost is its tiles (a partial tile costs a full one) plus its
  // rows' gate arithmetic, and the biggest part's ceil(B / parts) rows are the fewest any split can give it.
  // A row's results do not depend on the tile it lands in. (A, B = 64: 32 + 32 rows, 6 tiles each; whole
  // tiles gave 30 + 34 rows, the same 6 tiles for the bigger part and 2 more rows of gates.)
  std::vector<Chunk> out;
  for (int64_t p = 0; p < parts; p++) out.push_back({B * p / parts, B * (p + 1) / parts});
  return out;
}

void pack_columns(const float* src, int64_t ld, bool trans, int64_t k, const std::vector<int64_t>& cols, Packed& out) {
  out.tile = micro_tile();
  const int64_t NR = out.tile.nr;
  const int64_t n = int64_t(cols.size());
  const int64_t npad = (n + NR - 1) / NR * NR;
  out.k = k;
  out.n = n;
  out.npad = npad;
  out.data.assign(size_t(std::max<int64_t>(1, k * npad)) + 16, 0.0f);  // + 16: room to align to 64 bytes
  float* base = out.data.data();
  while (reinterpret_cast<uintptr_t>(base) % 64 != 0) base++;
  out.base = base;
  for (int64_t pc = 0; pc < k; pc += kKC) {
    const int64_t kc = std::min(kKC, k - pc);
    for (int64_t jr = 0; jr < npad; jr += NR) {
      float* dst = base + pc * npad + (jr / NR) * kc * NR;
      for (int64_t j = 0; j < NR && jr + j < n; j++) {
        const int64_t col = cols[size_t(jr + j)];
        for (int64_t p = 0; p < kc; p++) dst[p * NR + j] = trans ? src[col * ld + pc + p] : src[(pc + p) * ld + col];
      }
    }
  }
}

void pack_parts(const float* src, int64_t ld, bool trans, int64_t k, const std::vector<Chunk>& chunks, int64_t H,
                int64_t g0, int64_t g1, std::vector<Packed>& packs) {
  if (packs.size() < chunks.size()) packs.resize(chunks.size());
  for (size_t p = 0; p < chunks.size(); p++) {
    std::vector<int64_t> cols;
    for (int64_t g = g0; g < g1; g++)
      for (int64_t u = chunks[p].begin; u < chunks[p].end; u++) cols.push_back(g * H + u);
    pack_columns(src, ld, trans, k, cols, packs[p]);
  }
}

void add_next_step_dh(const RnnArgs& a, const float* dg_next, int64_t ldg, const Packed& pk, const Chunk& ch,
                      const Chunk& rows, float* dh, Buffer& scratch) {
  const int64_t H = a.H, hc = ch.size(), u0 = ch.begin, r0 = rows.begin;
  float* C = scratch.get(size_t(rows.size() * pk.npad));
  gemm_prepacked(rows.size(), dg_next + r0 * ldg, ldg, nullptr, pk, C, pk.npad, 0.0f);
  for (int64_t b = r0; b < rows.end; b++) {
    float* dhr = dh + b * H + u0;
    const float* cr = C + (b - r0) * pk.npad;
    const float* m = a.recurrent_dropout ? a.recurrent_dropout + b * H + u0 : nullptr;
    for (int64_t u = 0; u < hc; u++) dhr[u] += m ? cr[u] * m[u] : cr[u];
  }
}

void gemm_prepacked(int64_t m, const float* a, int64_t lda, const float* row_scale, const Packed& b, float* c,
                    int64_t ldc, float beta, bool pack_a) {
  if (m <= 0 || b.npad == 0) return;
  const int64_t k = b.k;
  if (k == 0) {
    for (int64_t i = 0; i < m; i++)
      for (int64_t j = 0; j < b.npad; j++) c[i * ldc + j] = beta == 0.0f ? 0.0f : c[i * ldc + j];
    return;
  }
  thread_local Buffer abuf;
  const Tile& tile = b.tile;
  const int64_t MR = tile.mr, NR = tile.nr;
  // The SIMD kernels read whole MR-row tiles of A in place (rows [0, m0)); only the rest is packed:
  // A changes every step, and packing it cost each thread a pass over it per step.
  const bool in_place = !row_scale && tile.rows && !pack_a;
  const int64_t m0 = in_place ? m - m % MR : 0;
  const int64_t mt = m - m0, mpad = (mt + MR - 1) / MR * MR;
  float* ap = abuf.get(size_t(std::max<int64_t>(1, mpad * k)));
  // Pack A's rows [m0, m): per KC block, MR-tall micro-panels (kc, MR); rows past m are zero.
  for (int64_t pc = 0; pc < k && mt > 0; pc += kKC) {
    const int64_t kc = std::min(kKC, k - pc);
    for (int64_t ir = 0; ir < mpad; ir += MR) {
      float* dst = ap + pc * mpad + (ir / MR) * kc * MR;
      if (!row_scale && m0 + ir + MR <= m) {
        pack_panel(a + (m0 + ir) * lda + pc, lda, MR, kc, dst);
        continue;
      }
      for (int64_t i = 0; i < MR; i++) {
        const int64_t row = m0 + ir + i;
        if (row >= m) {
          for (int64_t p = 0; p < kc; p++) dst[p * MR + i] = 0.0f;
          continue;
        }
        const float* src = a + row * lda + pc;
        if (row_scale) {
          const float* s = row_scale + row * k + pc;
          for (int64_t p = 0; p < kc; p++) dst[p * MR + i] = src[p] * s[p];
        } else {
          for (int64_t p = 0; p < kc; p++) dst[p * MR + i] = src[p];
        }
      }
    }
  }
  for (int64_t pc = 0; pc < k; pc += kKC) {
    const int64_t kc = std::min(kKC, k - pc);
    const float bb = pc == 0 ? beta : 1.0f;
    for (int64_t jr = 0; jr < b.npad; jr += NR) {
      const float* bpanel = b.base + pc * b.npad + (jr / NR) * kc * NR;
      for (int64_t ir = 0; ir < m0; ir += MR)
        tile.rows(kc, a + ir * lda + pc, lda, bpanel, c + ir * ldc + jr, ldc, int(NR), 1.0f, bb);
      for (int64_t ir = m0; ir < m; ir += MR) {
        const int mr = int(std::min<int64_t>(MR, m - ir));
        tile.kernel(kc, ap + pc * mpad + ((ir - m0) / MR) * kc * MR, bpanel, c + ir * ldc + jr, ldc, mr, int(NR), 1.0f,
                    bb);
      }
    }
  }
}

void act(UnaryOp op, const float* x, float* y, int64_t n) {
  if (n <= 0) return;
  if (op == UnaryOp::Sigmoid || op == UnaryOp::Tanh) {
    const bool sig = op == UnaryOp::Sigmoid;
#if defined(__wasm_simd128__)
    return sig ? sigmoid_wasm(x, y, n) : tanh_wasm(x, y, n);
#endif
    if (use_avx512()) return sig ? sigmoid_avx512(x, y, n) : tanh_avx512(x, y, n);
    if (use_avx2()) return sig ? sigmoid_avx2(x, y, n) : tanh_avx2(x, y, n);
  }
  if (op == UnaryOp::Linear) {
    if (x != y) std::memmove(y, x, size_t(n) * sizeof(float));
    return;
  }
  unary(op, x, y, n);
}

void column_sums(const float* g, int64_t rows, int64_t cols, int64_t ld, float* out) {
  // Fixed blocks of kBlockRows rows (not one per thread, so the sums are the same bits however many
  // threads run): each block's columns summed over its rows in order, in double, then the blocks'
  // partial sums added in order. A thread reads whole rows, one contiguous stream; split by columns, the
  // two threads of A's training read strided half-rows and took longer than one thread alone.
  constexpr int64_t kBlockRows = 128;
  const int64_t blocks = (rows + kBlockRows - 1) / kBlockRows;
  thread_local std::vector<double> partial_tl;
  std::vector<double>& partial = partial_tl;  // the caller's, also for the pool threads' blocks
  partial.assign(size_t(std::max<int64_t>(blocks, 1) * cols), 0.0);
  const auto sum_blocks = [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; b++) {
      double* acc = partial.data() + b * cols;
      for (int64_t r = b * kBlockRows; r < std::min(rows, (b + 1) * kBlockRows); r++) {
        const float* row = g + r * ld;
        for (int64_t j = 0; j < cols; j++) acc[j] += row[j];
      }
    }
  };
  if (rows * cols < kMinParallelMacs) sum_blocks(0, blocks);
  else parallel_for(blocks, 1, 0, sum_blocks);
  for (int64_t j = 0; j < cols; j++) {
    double s = 0.0;
    for (int64_t b = 0; b < blocks; b++) s += partial[size_t(b * cols + j)];
    out[j] = float(s);
  }
}

const float* dropped_inputs(const RnnArgs& a, Buffer& buf) {
  if (!a.input_dropout && !a.x_batch_major && !a.x_ids) return a.x;
  const int64_t B = a.B, I = a.I;
  const XRows x = input_rows(a);
  float* out = buf.get(size_t(a.T * B * I));
  // Rows r = t·B + b of the output, split over the threads when there are at least 64 Ki floats.
  const int64_t min_rows = std::max<int64_t>(1, (int64_t(1) << 16) / std::max<int64_t>(1, I));
  parallel_for(a.T * B, 1, min_rows, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; r++) {
      const float* src = x.at(r / B, r % B);
      float* dst = out + r * I;
      if (!a.input_dropout) {
        std::memcpy(dst, src, size_t(I) * sizeof(float));
        continue;
      }
      const float* m = a.input_dropout + (r % B) * I;
      for (int64_t i = 0; i < I; i++) dst[i] = src[i] * m[i];
    }
  });
  return out;
}

void project_inputs(const RnnArgs& a, const float* xd, int64_t t0, int64_t steps, int64_t GH, const float* bias,
                    float* out) {
  const int64_t rows = steps * a.B;
  if (rows == 0 || GH == 0) return;
  if (bias) {  // T·B rows of 4H floats: 10 MB on A, written by both threads
    parallel_for(rows, 1, std::max<int64_t>(1, (int64_t(1) << 16) / GH), [&](int64_t r0, int64_t r1) {
      for (int64_t r = r0; r < r1; r++) std::memcpy(out + r * GH, bias, size_t(GH) * sizeof(float));
    });
  }
  sgemm(false, false, rows, GH, a.I, 1.0f, xd + t0 * a.B * a.I, a.kernel, bias ? 1.0f : 0.0f, out);
}

void project_step(const RnnArgs& a, const XRows& x, int64_t t, int64_t G, const Chunk& ch, const Packed& w, int64_t r0,
                  int64_t rows, float* zp, bool pack_a) {
  const int64_t hc = ch.size();
  if (a.bias) {
    for (int64_t b = 0; b < rows; b++) {
      float* row = zp + b * w.npad;
      for (int64_t g = 0; g < G; g++) std::memcpy(row + g * hc, a.bias + g * a.H + ch.begin, size_t(hc) * sizeof(float));
      std::fill(row + G * hc, row + w.npad, 0.0f);
    }
  }
  // The next block's rows of x_t into L2 while this block computes: x is read once per call, so each
  // block's packing would otherwise start on cache misses.
#if defined(__SSE2__)
  const int64_t next_rows = std::min(rows, a.B - r0 - rows);
  for (int64_t b = 0; b < next_rows; b++) {
    const uintptr_t row = reinterpret_cast<uintptr_t>(x.at(t, r0 + rows + b));
    const uintptr_t end = row + uintptr_t(a.I) * sizeof(float);
    for (uintptr_t line = row & ~uintptr_t(63); line < end; line += 64)
      _mm_prefetch(reinterpret_cast<const char*>(line), _MM_HINT_T1);
  }
#endif
  const float* xa = x.at(t, r0);
  int64_t lda = x.row;
  if (x.ids) {
    // Rows of a table (a fused embedding lookup): copied together first, rows·I floats that stay in L1.
    thread_local Buffer gathered;
    float* g = gathered.get(size_t(rows * a.I));
    for (int64_t b = 0; b < rows; b++) std::memcpy(g + b * a.I, x.at(t, r0 + b), size_t(a.I) * sizeof(float));
    xa = g, lda = a.I;
  }
  gemm_prepacked(rows, xa, lda, nullptr, w, zp, w.npad, a.bias ? 1.0f : 0.0f, pack_a);
}

void input_gradients(const RnnArgs& a, const float* xd, const float* dG, int64_t GH, float* dKernel, float* dX) {
  const int64_t rows = a.T * a.B;
  sgemm(true, false, a.I, GH, rows, 1.0f, xd, dG, 0.0f, dKernel);
  sgemm(false, true, rows, a.I, GH, 1.0f, dG, a.kernel, 0.0f, dX);
  if (a.input_dropout) {
    const int64_t BI = a.B * a.I;
    for (int64_t t = 0; t < a.T; t++)
      for (int64_t i = 0; i < BI; i++) dX[t * BI + i] *= a.input_dropout[i];
  }
}

void recurrent_weight_gradient(const RnnArgs& a, const float* states, const float* dG, int64_t N, int64_t ldg,
                               float* dW, Buffer& scratch) {
  const int64_t T = a.T, B = a.B, H = a.H, BH = B * H;
  (void)ldg;
  if (T == 0) {
    std::fill(dW, dW + H * N, 0.0f);
    return;
  }
  if (!a.recurrent_dropout) {
    // Forward: the state entering step t is h0 (t = 0) or states[t − 1]; reverse: h0 (t = T − 1) or states[t + 1].
    const int64_t first = a.reverse ? T - 1 : 0;
    sgemm(true, false, H, N, B, 1.0f, a.h0, dG + first * B * N, 0.0f, dW);
    if (T > 1) {
      const float* hs = a.reverse ? states + BH : states;
      const float* gs = a.reverse ? dG : dG + B * N;
      sgemm(true, false, H, N, (T - 1) * B, 1.0f, hs, gs, 1.0f, dW);
    }
    return;
  }
  float* hd = scratch.get(size_t(T * BH));
  for (int64_t s = 0; s < T; s++) {
    const int64_t t = time_at(s, T, a.reverse);
    const float* prev = s == 0 ? a.h0 : states + time_at(s - 1, T, a.reverse) * BH;
    for (int64_t i = 0; i < BH; i++) hd[t * BH + i] = prev[i] * a.recurrent_dropout[i];
  }
  sgemm(true, false, H, N, T * B, 1.0f, hd, dG, 0.0f, dW);
}

}  // namespace rnn
}  // namespace seqlab

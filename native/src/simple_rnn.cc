// SimpleRNN over a whole sequence, forward and backward (spec: src/backend/reference/simple-rnn.ts).
//
// Shapes (time-major, row-major): x (T,B,I) (or (B,T,I) with x_batch_major), kernel (I,H),
// recurrent_kernel (H,H), bias (H), h0 (B,H), mask (T,B), y/saved.h (T,B,H), saved.gates (T,B,H)
// pre-activations.
//   h_t = a((x_t ⊙ input mask)·W + (h_{t−1} ⊙ recurrent mask)·U + b);  padded step: h carried, y = 0.
// Threads as in lstm.cc: part p owns the columns of its units (one barrier per step).
#include <algorithm>
#include <cstring>
#include <functional>

#include "rnn_common.h"
#include "threadpool.h"

namespace seqlab {
namespace {
using rnn::Buffer;
using rnn::Chunk;
using rnn::Packed;
using rnn::time_at;
using rnn::valid;
}  // namespace

void simple_rnn_sequence_forward(const RnnArgs& a, const RnnOutputs& out, const RnnSavedPtrs& saved) {
  const int64_t T = a.T, B = a.B, H = a.H, BH = B * H;
  if (T == 0 || BH == 0) {
    if (BH) std::memcpy(out.hT, a.h0, size_t(BH) * sizeof(float));
    return;
  }
  const bool keep = saved.gates != nullptr;
  thread_local Buffer xbuf, zbuf, hbuf;
  thread_local std::vector<Packed> packs_tl;
  std::vector<Packed>& packs = packs_tl;  // a local: the step lambdas run on pool threads
  const float* xd = rnn::dropped_inputs(a, xbuf);
  const std::vector<Chunk> chunks = rnn::split_units(B, 1, H);
  const int P = int(chunks.size());
  rnn::pack_parts(a.recurrent_kernel, H, false, H, chunks, H, 0, 1, packs);
  const int64_t block = rnn::projection_block(T, B, keep);
  float* zblock = keep ? saved.gates : zbuf.get(size_t(block * BH));
  rnn::StepProjections proj{a, xd, T, B, H, block, keep, zblock};
  float* hping = keep ? nullptr : hbuf.get(size_t(2 * BH));
  int64_t s = 0, t = 0;
  const float* h_prev = nullptr;
  float *h_cur = nullptr, *z = nullptr;
  const std::function<void(int)> step = [&](int p) {
    const Chunk ch = chunks[size_t(p)];
    const int64_t hc = ch.size(), u0 = ch.begin;
    const Packed& pk = packs[size_t(p)];
    thread_local Buffer cb;
    float* C = cb.get(size_t(B * pk.npad));
    rnn::gemm_prepacked(B, h_prev, H, a.recurrent_dropout, pk, C, pk.npad, 0.0f);
    for (int64_t b = 0; b < B; b++) {
      float* zr = z + b * H + u0;
      const float* cr = C + b * pk.npad;
      for (int64_t u = 0; u < hc; u++) zr[u] += cr[u];
      float* hr = h_cur + b * H + u0;
      float* yr = rnn::output_row(out.y, t, B, b, H, u0, hr);
      if (!valid(a.mask, t, B, b)) {
        rnn::carry(h_prev + b * H + u0, hr, yr, hc);
        continue;
      }
      rnn::act(a.activation, zr, hr, hc);
      if (yr != hr) std::memcpy(yr, hr, size_t(hc) * sizeof(float));
    }
  };
  for (s = 0; s < T; s++) {
    t = time_at(s, T, a.reverse);
    z = proj.at(s);
    h_prev = s == 0 ? a.h0 : keep ? saved.h + time_at(s - 1, T, a.reverse) * BH : hping + ((s - 1) & 1) * BH;
    h_cur = keep ? saved.h + t * BH : hping + (s & 1) * BH;
    parallel_run(P, step);
  }
  std::memcpy(out.hT, h_cur, size_t(BH) * sizeof(float));
}

void simple_rnn_sequence_backward(const RnnArgs& a, const RnnSavedPtrs& saved, const RnnUpstreamPtrs& up,
                                  const RnnGradPtrs& g) {
  const int64_t T = a.T, B = a.B, H = a.H, I = a.I, BH = B * H;
  if (T == 0 || BH == 0) {
    for (int64_t i = 0; i < BH; i++) g.dH0[i] = up.dHT ? up.dHT[i] : 0.0f;
    std::fill(g.dX, g.dX + T * B * I, 0.0f);
    std::fill(g.dKernel, g.dKernel + I * H, 0.0f);
    std::fill(g.dRecurrentKernel, g.dRecurrentKernel + H * H, 0.0f);
    if (g.dBias) std::fill(g.dBias, g.dBias + H, 0.0f);
    return;
  }
  thread_local Buffer dhbuf, dgbuf, xbuf, hdbuf;
  thread_local std::vector<Packed> packs_tl;
  std::vector<Packed>& packs = packs_tl;  // a local: the step lambdas run on pool threads
  float* dh = dhbuf.get(size_t(BH));
  for (int64_t i = 0; i < BH; i++) dh[i] = up.dHT ? up.dHT[i] : 0.0f;
  float* dG = dgbuf.get(size_t(T * BH));
  const std::vector<Chunk> chunks = rnn::split_units(B, 1, H);
  const int P = int(chunks.size());
  rnn::pack_parts(a.recurrent_kernel, H, true, H, chunks, H, 0, 1, packs);
  int64_t s = 0;
  bool final_pass = false;
  const std::function<void(int)> step = [&](int p) {
    const Chunk ch = chunks[size_t(p)];
    const int64_t hc = ch.size(), u0 = ch.begin;
    const Packed& pk = packs[size_t(p)];
    thread_local Buffer cb;
    if (final_pass || s < T - 1)
      rnn::add_next_step_dh(a, dG + time_at(final_pass ? 0 : s + 1, T, a.reverse) * BH, H, pk, ch, {0, B}, dh, cb);
    if (final_pass) return;
    const int64_t t = time_at(s, T, a.reverse);
    for (int64_t b = 0; b < B; b++) {
      float* dz = dG + (t * B + b) * H + u0;
      if (!valid(a.mask, t, B, b)) {
        std::fill(dz, dz + hc, 0.0f);
        continue;
      }
      const float* zr = saved.gates + (t * B + b) * H + u0;
      const float* hr = saved.h + (t * B + b) * H + u0;
      const float* dyr = up.dY ? up.dY + (t * B + b) * H + u0 : nullptr;
      float* dhr = dh + b * H + u0;
      if (a.activation == UnaryOp::Tanh) {
        for (int64_t u = 0; u < hc; u++) dz[u] = (dhr[u] + (dyr ? dyr[u] : 0.0f)) * (1.0f - hr[u] * hr[u]);
      } else {
        for (int64_t u = 0; u < hc; u++) dz[u] = (dhr[u] + (dyr ? dyr[u] : 0.0f)) * rnn::dact(a.activation, zr[u], hr[u]);
      }
      std::fill(dhr, dhr + hc, 0.0f);
    }
  };
  for (s = T - 1; s >= 0; s--) parallel_run(P, step);
  final_pass = true;
  parallel_run(P, step);
  std::memcpy(g.dH0, dh, size_t(BH) * sizeof(float));
  rnn::recurrent_weight_gradient(a, saved.h, dG, H, H, g.dRecurrentKernel, hdbuf);
  const float* xd = rnn::dropped_inputs(a, xbuf);
  rnn::input_gradients(a, xd, dG, H, g.dKernel, g.dX);
  if (g.dBias) rnn::column_sums(dG, T * B, H, H, g.dBias);
}

}  // namespace seqlab

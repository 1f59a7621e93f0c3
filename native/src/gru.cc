// GRU over a whole sequence, forward and backward (spec: src/backend/reference/gru.ts).
//
// Shapes (time-major, row-major): x (T,B,I) (or (B,T,I) with x_batch_major), kernel (I,3H),
// recurrent_kernel (H,3H), h0 (B,H), mask (T,B), y/saved.h/saved.candidate (T,B,H), saved.gates (T,B,3H).
// Gate columns z, r, h (Keras).
// With a = activation, σ = recurrent activation, xd = x_t ⊙ input mask, hd = h_{t−1} ⊙ recurrent mask:
//   z = σ(xd·W_z + hd·U_z + b_z), r = σ(xd·W_r + hd·U_r + b_r)
//   resetAfter (bias (2,3H) = [b; rb]): h̃ = a(xd·W_h + b_h + r ⊙ (hd·U_h + rb_h)); z and r also add rb
//   otherwise (bias (3H)):              h̃ = a(xd·W_h + (r ⊙ hd)·U_h + b_h)
//   h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃;  padded step: h carried, y = 0.
// saved.gates holds the pre-activations of z and r and, in the h block, the argument of a (at valid
// steps); saved.candidate holds hd·U_h + rb_h (resetAfter) or r ⊙ hd (otherwise).
// Threads as in lstm.cc: part p owns all gate columns of its units. resetAfter false needs r of every
// unit before the second product, so its steps have two phases (two barriers); backward likewise.
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

void gru_sequence_forward(const RnnArgs& a, const RnnOutputs& out, const RnnSavedPtrs& saved) {
  const int64_t T = a.T, B = a.B, H = a.H, GH = 3 * H, BH = B * H;
  if (T == 0 || BH == 0) {
    if (BH) std::memcpy(out.hT, a.h0, size_t(BH) * sizeof(float));
    return;
  }
  const bool keep = saved.gates != nullptr;
  const bool ra = a.reset_after;
  thread_local Buffer xbuf, zbuf, hbuf, candbuf;
  thread_local std::vector<Packed> packs_tl, packs_h_tl;
  // Locals, not the thread_locals themselves: the step lambdas run on pool threads.
  std::vector<Packed>& packs = packs_tl;
  std::vector<Packed>& packs_h = packs_h_tl;
  const float* xd = rnn::dropped_inputs(a, xbuf);
  const std::vector<Chunk> chunks = rnn::split_units(B, 3, H);
  const int P = int(chunks.size());
  rnn::pack_parts(a.recurrent_kernel, GH, false, H, chunks, H, 0, ra ? 3 : 2, packs);
  if (!ra) rnn::pack_parts(a.recurrent_kernel, GH, false, H, chunks, H, 2, 3, packs_h);
  const float* rb = a.bias && ra ? a.bias + GH : nullptr;
  const int64_t block = rnn::projection_block(T, B, keep);
  float* zblock = keep ? saved.gates : zbuf.get(size_t(block * B * GH));
  rnn::StepProjections proj{a, xd, T, B, GH, block, keep, zblock};
  float* hping = keep ? nullptr : hbuf.get(size_t(2 * BH));
  float* cand_tmp = keep ? nullptr : candbuf.get(size_t(BH));
  int64_t s = 0, t = 0;
  int phase = 0;
  const float* h_prev = nullptr;
  float *h_cur = nullptr, *z = nullptr, *cand = nullptr;
  // resetAfter with the default activations: the row's gate arithmetic in one SIMD pass (same bits).
  const rnn::GruRow row = ra && a.activation == UnaryOp::Tanh && a.recurrent_activation == UnaryOp::Sigmoid
                              ? rnn::best_isa<rnn::GruRow>(rnn::gru_row_avx512, rnn::gru_row_avx2)
                              : nullptr;
  const std::function<void(int)> step = [&](int p) {
    const Chunk ch = chunks[size_t(p)];
    const int64_t hc = ch.size(), u0 = ch.begin;
    thread_local Buffer cb, tb;
    float* tmp = tb.get(size_t(4 * hc + 8));
    if (phase == 0) {
      const Packed& pk = packs[size_t(p)];
      float* C = cb.get(size_t(B * pk.npad));
      rnn::gemm_prepacked(B, h_prev, H, a.recurrent_dropout, pk, C, pk.npad, 0.0f);
      for (int64_t b = 0; b < B; b++) {
        float* zr = z + b * GH;
        const float* cr = C + b * pk.npad;
        if (row && valid(a.mask, t, B, b)) {
          row(zr + u0, H, cr, hc, rb ? rb + u0 : nullptr, H, keep, h_prev + b * H + u0, cand + b * H + u0,
              h_cur + b * H + u0, rnn::output_row(out.y, t, B, b, H, u0, h_cur + b * H + u0), hc);
          continue;
        }
        float* zz = zr + u0;
        float* zrr = zr + H + u0;
        for (int64_t u = 0; u < hc; u++) {
          zz[u] = zz[u] + cr[u] + (rb ? rb[u0 + u] : 0.0f);
          zrr[u] = zrr[u] + cr[hc + u] + (rb ? rb[H + u0 + u] : 0.0f);
        }
        float* r = tmp;
        rnn::act(a.recurrent_activation, zrr, r, hc);
        float* cd = cand + b * H + u0;
        if (!ra) {  // r ⊙ hd: the operand of the second product
          const float* hp = h_prev + b * H + u0;
          const float* m = a.recurrent_dropout ? a.recurrent_dropout + b * H + u0 : nullptr;
          for (int64_t u = 0; u < hc; u++) cd[u] = r[u] * (m ? hp[u] * m[u] : hp[u]);
          continue;
        }
        for (int64_t u = 0; u < hc; u++) cd[u] = cr[2 * hc + u] + (rb ? rb[2 * H + u0 + u] : 0.0f);
        float* hr = h_cur + b * H + u0;
        float* yr = rnn::output_row(out.y, t, B, b, H, u0, hr);
        if (!valid(a.mask, t, B, b)) {
          rnn::carry(h_prev + b * H + u0, hr, yr, hc);
          continue;
        }
        float* zh = zr + 2 * H + u0;
        for (int64_t u = 0; u < hc; u++) zh[u] = zh[u] + r[u] * cd[u];
        float* ug = tmp + hc;
        float* hh = tmp + 2 * hc;
        rnn::act(a.recurrent_activation, zz, ug, hc);
        rnn::act(a.activation, zh, hh, hc);
        const float* hp = h_prev + b * H + u0;
        for (int64_t u = 0; u < hc; u++) hr[u] = yr[u] = ug[u] * hp[u] + (1.0f - ug[u]) * hh[u];
      }
      return;
    }
    // phase 1 (resetAfter false): (r ⊙ hd)·U_h for this part's units, then the state update.
    const Packed& pk = packs_h[size_t(p)];
    float* C = cb.get(size_t(B * pk.npad));
    rnn::gemm_prepacked(B, cand, H, nullptr, pk, C, pk.npad, 0.0f);
    for (int64_t b = 0; b < B; b++) {
      float* zr = z + b * GH;
      float* hr = h_cur + b * H + u0;
      float* yr = rnn::output_row(out.y, t, B, b, H, u0, hr);
      if (!valid(a.mask, t, B, b)) {
        rnn::carry(h_prev + b * H + u0, hr, yr, hc);
        continue;
      }
      float* zh = zr + 2 * H + u0;
      const float* cr = C + b * pk.npad;
      for (int64_t u = 0; u < hc; u++) zh[u] = zh[u] + cr[u];
      float* ug = tmp;
      float* hh = tmp + hc;
      rnn::act(a.recurrent_activation, zr + u0, ug, hc);
      rnn::act(a.activation, zh, hh, hc);
      const float* hp = h_prev + b * H + u0;
      for (int64_t u = 0; u < hc; u++) hr[u] = yr[u] = ug[u] * hp[u] + (1.0f - ug[u]) * hh[u];
    }
  };
  for (s = 0; s < T; s++) {
    t = time_at(s, T, a.reverse);
    z = proj.at(s);
    h_prev = s == 0 ? a.h0 : keep ? saved.h + time_at(s - 1, T, a.reverse) * BH : hping + ((s - 1) & 1) * BH;
    h_cur = keep ? saved.h + t * BH : hping + (s & 1) * BH;
    cand = keep ? saved.candidate + t * BH : cand_tmp;
    phase = 0;
    parallel_run(P, step);
    if (!ra) {
      phase = 1;
      parallel_run(P, step);
    }
  }
  std::memcpy(out.hT, h_cur, size_t(BH) * sizeof(float));
}

void gru_sequence_backward(const RnnArgs& a, const RnnSavedPtrs& saved, const RnnUpstreamPtrs& up,
                           const RnnGradPtrs& g) {
  const int64_t T = a.T, B = a.B, H = a.H, I = a.I, GH = 3 * H, BH = B * H;
  const bool ra = a.reset_after;
  if (T == 0 || BH == 0) {
    for (int64_t i = 0; i < BH; i++) g.dH0[i] = up.dHT ? up.dHT[i] : 0.0f;
    std::fill(g.dX, g.dX + T * B * I, 0.0f);
    std::fill(g.dKernel, g.dKernel + I * GH, 0.0f);
    std::fill(g.dRecurrentKernel, g.dRecurrentKernel + H * GH, 0.0f);
    if (g.dBias) std::fill(g.dBias, g.dBias + (ra ? 2 : 1) * GH, 0.0f);
    return;
  }
  thread_local Buffer dhbuf, dgx, dgr, dah, xbuf, hdbuf, wbuf;
  thread_local std::vector<Packed> packs_tl, packs_h_tl;
  // Locals, not the thread_locals themselves: the step lambdas run on pool threads.
  std::vector<Packed>& packs = packs_tl;
  std::vector<Packed>& packs_h = packs_h_tl;
  float* dh = dhbuf.get(size_t(BH));
  for (int64_t i = 0; i < BH; i++) dh[i] = up.dHT ? up.dHT[i] : 0.0f;
  // dGx: gradient of the input-side pre-activations (T,B,3H). resetAfter: dGr (T,B,3H) is the recurrent
  // side (its h block times r). Otherwise dGr is dGzr (T,B,2H) for U_zr and dAh (T,B,H) for U_h.
  float* dGx = dgx.get(size_t(T * B * GH));
  const int64_t NR = ra ? GH : 2 * H;
  float* dGr = dgr.get(size_t(T * B * NR));
  float* dAh = ra ? nullptr : dah.get(size_t(T * BH));
  const std::vector<Chunk> chunks = rnn::split_units(B, 3, H);
  const int P = int(chunks.size());
  rnn::pack_parts(a.recurrent_kernel, GH, true, NR, chunks, H, 0, 1, packs);  // U (or U_zr) transposed
  if (!ra) rnn::pack_parts(a.recurrent_kernel + 2 * H, GH, true, H, chunks, H, 0, 1, packs_h);  // U_hᵀ
  const UnaryOp ga = a.recurrent_activation, aa = a.activation;
  const bool fast = aa == UnaryOp::Tanh && ga == UnaryOp::Sigmoid;
  int64_t s = 0;
  int phase = 0;
  bool final_pass = false;
  const std::function<void(int)> step = [&](int p) {
    const Chunk ch = chunks[size_t(p)];
    const int64_t hc = ch.size(), u0 = ch.begin;
    thread_local Buffer cb, tb;
    float* tmp = tb.get(size_t(4 * hc + 8));
    const int64_t t = time_at(final_pass ? 0 : s, T, a.reverse);
    const float* hprev = s == 0 ? a.h0 : saved.h + time_at(s - 1, T, a.reverse) * BH;
    if (phase == 1) {  // resetAfter false: d(r ⊙ hd) = dAh·U_hᵀ gives dr and part of dhd
      const Packed& pk = packs_h[size_t(p)];
      float* C = cb.get(size_t(B * pk.npad));
      rnn::gemm_prepacked(B, dAh + t * BH, H, nullptr, pk, C, pk.npad, 0.0f);
      for (int64_t b = 0; b < B; b++) {
        if (!valid(a.mask, t, B, b)) continue;
        const float* zr = saved.gates + (t * B + b) * GH + H + u0;
        float* r = tmp;
        rnn::act(ga, zr, r, hc);
        const float* cr = C + b * pk.npad;
        const float* hp = hprev + b * H + u0;
        const float* m = a.recurrent_dropout ? a.recurrent_dropout + b * H + u0 : nullptr;
        float* dgx_r = dGx + (t * B + b) * GH + H + u0;
        float* dgzr_r = dGr + (t * B + b) * 2 * H + H + u0;
        float* dhr = dh + b * H + u0;
        for (int64_t u = 0; u < hc; u++) {
          const float hdv = m ? hp[u] * m[u] : hp[u];
          const float dar = cr[u] * hdv * (fast ? r[u] * (1.0f - r[u]) : rnn::dact(ga, zr[u], r[u]));
          dgx_r[u] = dar;
          dgzr_r[u] = dar;
          dhr[u] += cr[u] * r[u] * (m ? m[u] : 1.0f);
        }
      }
      return;
    }
    if (final_pass || s < T - 1)
      rnn::add_next_step_dh(a, dGr + time_at(final_pass ? 0 : s + 1, T, a.reverse) * B * NR, NR, packs[size_t(p)], ch, {0, B}, dh,
                            cb);
    if (final_pass) return;
    // The fused gate derivatives, instantiated for the default activations and for any others.
    const auto rows = [&](const auto& d) {
      for (int64_t b = 0; b < B; b++) {
        float* gx = dGx + (t * B + b) * GH;
        float* gr = dGr + (t * B + b) * NR;
        if (!valid(a.mask, t, B, b)) {
          for (int64_t q = 0; q < 3; q++) std::fill(gx + q * H + u0, gx + q * H + u0 + hc, 0.0f);
          for (int64_t q = 0; q < NR / H; q++) std::fill(gr + q * H + u0, gr + q * H + u0 + hc, 0.0f);
          if (!ra) std::fill(dAh + (t * B + b) * H + u0, dAh + (t * B + b) * H + u0 + hc, 0.0f);
          continue;
        }
        const float* zrow = saved.gates + (t * B + b) * GH;
        float *ug = tmp, *r = tmp + hc, *hh = tmp + 2 * hc;
        rnn::act(ga, zrow + u0, ug, hc);
        if (ra) rnn::act(ga, zrow + H + u0, r, hc);
        rnn::act(aa, zrow + 2 * H + u0, hh, hc);
        const float* hp = hprev + b * H + u0;
        const float* cd = saved.candidate + (t * B + b) * H + u0;
        const float* dyr = up.dY ? up.dY + (t * B + b) * H + u0 : nullptr;
        float* dhr = dh + b * H + u0;
        for (int64_t u = 0; u < hc; u++) {
          const float dhv = dhr[u] + (dyr ? dyr[u] : 0.0f);
          const float dahv = dhv * (1.0f - ug[u]) * d.a(zrow[2 * H + u0 + u], hh[u]);
          const float dazv = dhv * (hp[u] - hh[u]) * d.g(zrow[u0 + u], ug[u]);
          gx[u0 + u] = dazv;
          gx[2 * H + u0 + u] = dahv;
          if (ra) {
            const float darv = dahv * cd[u] * d.g(zrow[H + u0 + u], r[u]);
            gx[H + u0 + u] = darv;
            gr[u0 + u] = dazv;
            gr[H + u0 + u] = darv;
            gr[2 * H + u0 + u] = dahv * r[u];
          } else {
            gr[u0 + u] = dazv;
            dAh[(t * B + b) * H + u0 + u] = dahv;
          }
          dhr[u] = dhv * ug[u];  // the direct path z ⊙ h_{t−1}
        }
      }
    };
    if (fast) rows(rnn::FastD{});
    else rows(rnn::GenD{aa, ga});
  };
  for (s = T - 1; s >= 0; s--) {
    phase = 0;
    parallel_run(P, step);
    if (!ra) {
      phase = 1;
      parallel_run(P, step);
    }
  }
  final_pass = true;
  phase = 0;
  s = 0;
  parallel_run(P, step);
  std::memcpy(g.dH0, dh, size_t(BH) * sizeof(float));
  if (ra) {
    rnn::recurrent_weight_gradient(a, saved.h, dGr, GH, GH, g.dRecurrentKernel, hdbuf);
  } else {
    float* dUzr = wbuf.get(size_t(H * 2 * H + H * H));
    float* dUh = dUzr + H * 2 * H;
    rnn::recurrent_weight_gradient(a, saved.h, dGr, 2 * H, 2 * H, dUzr, hdbuf);
    sgemm(true, false, H, H, T * B, 1.0f, saved.candidate, dAh, 0.0f, dUh);
    for (int64_t q = 0; q < H; q++) {
      std::memcpy(g.dRecurrentKernel + q * GH, dUzr + q * 2 * H, size_t(2 * H) * sizeof(float));
      std::memcpy(g.dRecurrentKernel + q * GH + 2 * H, dUh + q * H, size_t(H) * sizeof(float));
    }
  }
  const float* xd = rnn::dropped_inputs(a, xbuf);
  rnn::input_gradients(a, xd, dGx, GH, g.dKernel, g.dX);
  if (g.dBias) {
    rnn::column_sums(dGx, T * B, GH, GH, g.dBias);
    if (ra) rnn::column_sums(dGr, T * B, GH, GH, g.dBias + GH);
  }
}

}  // namespace seqlab

// LSTM over a whole sequence, forward and backward (spec: src/backend/reference/lstm.ts).
//
// Shapes (time-major, row-major): x (T,B,I) (or (B,T,I) with x_batch_major, or a (V,I) table read through
// x_ids (B,T)), kernel (I,4H),
// recurrent_kernel (H,4H), bias (4H), h0/c0 (B,H), mask (T,B), y/saved.h/saved.c (T,B,H), saved.gates (T,B,4H)
// pre-activations.
// Gate columns i, f, c, o (Keras). With a = activation, σ = recurrent activation:
//   z = (x_t ⊙ input mask)·W + (h_{t−1} ⊙ recurrent mask)·U + b
//   c_t = σ(z_f) ⊙ c_{t−1} + σ(z_i) ⊙ a(z_c);  h_t = σ(z_o) ⊙ a(c_t);  padded step: h, c carried, y = 0.
// saved: gates (pre-activations, input + recurrent + bias), h and c after every step. Null saved
// (inference): the states ping-pong between two (B,H) buffers, so memory does not grow with T, and each
// part projects its own columns of x_t at its step (or, unsplit, blocks of steps go into a reused
// buffer).
// Threads: rows never depend on each other (forward or backward), so with enough rows each thread
// takes its rows (in inference, chunks of rows it claims) through all T steps with every unit and no
// barrier per step (rnn::split_rows; in
// inference only when the packed weights fit a core's L2, two register tiles of rows at a time, 12
// with AVX2 and 16 with AVX-512, so that the product and the gate arithmetic stay in L1: kRowBlock).
// With too few rows the threads split the units instead and meet at the end of every step.
// Phases: 1. all input projections as one GEMM; 2. per step, each part multiplies h_{t−1} by its
// pre-packed columns of U (packed once per call) and runs the gate arithmetic for its rows and units;
// 3. backward per step: each part forms dh from the next step's dGates (one GEMM with Uᵀ packed once),
// then the fused gate derivatives; the weight gradients are three large GEMMs after the loop.
#include <algorithm>
#include <atomic>
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

using rnn::FastD;
using rnn::GenD;


// simd: lstm_row_backward for the default activations (same bits as the loop here), or nullptr.
template <class D>
void backward_rows(const RnnArgs& a, const D& d, rnn::LstmRowBackward simd, int64_t t, const float* z,
                   const float* cs_t, const float* c_prev, const float* dY, float* dh, float* dc, float* dz,
                   const Chunk& ch, const Chunk& rows, float* tmp) {
  const int64_t B = a.B, H = a.H, GH = 4 * H, hc = ch.size(), u0 = ch.begin;
  float *ai = tmp, *af = tmp + hc, *ag = tmp + 2 * hc, *ao = tmp + 3 * hc, *ac = tmp + 4 * hc;
  for (int64_t b = rows.begin; b < rows.end; b++) {
    float* dzr = dz + b * GH;
    if (!valid(a.mask, t, B, b)) {
      for (int64_t g = 0; g < 4; g++) std::fill(dzr + g * H + u0, dzr + g * H + u0 + hc, 0.0f);
      continue;
    }
    const float* zr = z + b * GH;
    if (simd) {
      simd(zr + u0, H, cs_t + b * H + u0, c_prev + b * H + u0, dY ? dY + (t * B + b) * H + u0 : nullptr,
           dh + b * H + u0, dc + b * H + u0, dzr + u0, hc);
      continue;
    }
    rnn::act(a.recurrent_activation, zr + u0, ai, hc);
    rnn::act(a.recurrent_activation, zr + H + u0, af, hc);
    rnn::act(a.activation, zr + 2 * H + u0, ag, hc);
    rnn::act(a.recurrent_activation, zr + 3 * H + u0, ao, hc);
    const float* c = cs_t + b * H + u0;
    rnn::act(a.activation, c, ac, hc);
    const float* cp = c_prev + b * H + u0;
    float* dhr = dh + b * H + u0;
    float* dcr = dc + b * H + u0;
    const float* dyr = dY ? dY + (t * B + b) * H + u0 : nullptr;
    for (int64_t u = 0; u < hc; u++) {
      const float dhv = dhr[u] + (dyr ? dyr[u] : 0.0f);
      const float dcv = dcr[u] + dhv * ao[u] * d.a(c[u], ac[u]);
      dzr[u0 + u] = dcv * ag[u] * d.g(zr[u0 + u], ai[u]);
      dzr[H + u0 + u] = dcv * cp[u] * d.g(zr[H + u0 + u], af[u]);
      dzr[2 * H + u0 + u] = dcv * ai[u] * d.a(zr[2 * H + u0 + u], ag[u]);
      dzr[3 * H + u0 + u] = dhv * ac[u] * d.g(zr[3 * H + u0 + u], ao[u]);
      dcr[u] = dcv * af[u];
      dhr[u] = 0.0f;  // h_{t−1} reaches h_t only through the gates: added from this step's dGates
    }
  }
}
}  // namespace

void lstm_sequence_forward(const RnnArgs& a, const RnnOutputs& out, const RnnSavedPtrs& saved) {
  const int64_t T = a.T, B = a.B, H = a.H, GH = 4 * H, BH = B * H;
  if (T == 0 || BH == 0) {
    if (BH) std::memcpy(out.hT, a.h0, size_t(BH) * sizeof(float));
    if (BH) std::memcpy(out.cT, a.c0, size_t(BH) * sizeof(float));
    return;
  }
  const bool keep = saved.gates != nullptr;
  thread_local Buffer xbuf, zbuf, hbuf, cbuf;
  thread_local std::vector<Packed> packs_tl, wpacks_tl;
  // Locals, not the thread_locals themselves: the step lambdas run on pool threads.
  std::vector<Packed>& packs = packs_tl;
  std::vector<Packed>& wpacks = wpacks_tl;
  // The threads split the batch rows when they can (rnn::split_rows): rows never depend on each other, so
  // each thread takes its rows through all T steps with every unit and no barrier per step. Otherwise
  // (too few rows) they split the units and meet at the end of every step.
  const std::vector<Chunk> row_parts = rnn::split_rows(B, 4, a.I, H, keep);
  const std::vector<Chunk> chunks =
      row_parts.size() > 1 ? std::vector<Chunk>{{0, H}} : rnn::split_units(B, 4, H);
  const int P = int(chunks.size());
  rnn::pack_parts(a.recurrent_kernel, GH, false, H, chunks, H, 0, 4, packs);
  // Inference: each part projects its own units' columns of every step (rnn::project_step), unless the
  // step is too small to split and the projection is better run as multithreaded GEMMs over blocks of steps.
  // Training does the same when the threads split the rows and both packed weights fit in L2 (A: 365 KB):
  // a part's pre-activation sums then go from L1 to the saved gates once, where one GEMM over all T steps
  // wrote T·B·4H floats (A: 10 MB) that the step loop read back and rewrote, both threads at once. Same
  // bits either way (x_t·W + bias, then + h·U in one rounding). A, 2 threads: +11% samples/s (median of 6
  // interleaved rounds); F (2 MB of packed weights, 2 threads) and one thread (B, D) gained nothing or lost.
  const bool fuse_training = keep && row_parts.size() > 1 &&
                             (a.I + H) * packs[0].npad * int64_t(sizeof(float)) <= rnn::kL2WeightBytes;
  const bool per_part = fuse_training || (!keep && (P > 1 || row_parts.size() > 1 || num_threads() == 1));
  if (per_part) rnn::pack_parts(a.kernel, GH, false, a.I, chunks, H, 0, 4, wpacks);
  // The parts read x_t's rows where they lie, in either layout, unless a dropout mask must be applied
  // first; the GEMMs over blocks of steps read them time-major.
  const float* xd = per_part && !a.input_dropout ? nullptr : rnn::dropped_inputs(a, xbuf);
  const rnn::XRows xr = xd ? rnn::XRows{xd, B * a.I, a.I} : rnn::input_rows(a);
  const int64_t block = rnn::projection_block(T, B, keep);
  float* zblock = keep ? saved.gates : per_part ? nullptr : zbuf.get(size_t(block * B * GH));
  rnn::StepProjections proj{a, xd, T, B, GH, block, keep, zblock};
  float* hping = keep ? nullptr : hbuf.get(size_t(2 * BH));
  float* cping = keep ? nullptr : cbuf.get(size_t(2 * BH));
  // The states step s reads and writes (saved, or ping-pong buffers in inference).
  struct Step {
    int64_t t;
    const float *h_prev, *c_prev;
    float *h_cur, *c_cur;
  };
  const auto step_at = [&](int64_t s) {
    const int64_t t = time_at(s, T, a.reverse), tp = time_at(s - 1, T, a.reverse);
    return Step{t, s == 0 ? a.h0 : keep ? saved.h + tp * BH : hping + ((s - 1) & 1) * BH,
                s == 0 ? a.c0 : keep ? saved.c + tp * BH : cping + ((s - 1) & 1) * BH,
                keep ? saved.h + t * BH : hping + (s & 1) * BH, keep ? saved.c + t * BH : cping + (s & 1) * BH};
  };
  // Default activations: the whole row's gate arithmetic in one SIMD pass (same bits as the loop below).
  const rnn::LstmRow simd = a.activation == UnaryOp::Tanh && a.recurrent_activation == UnaryOp::Sigmoid
                                ? rnn::best_isa<rnn::LstmRow>(rnn::lstm_row_avx512, rnn::lstm_row_avx2)
                                : nullptr;
  // Row b of step st, units of ch: pre-activations at zr (gate g at zr + g·zs), plus cr's (null: none).
  const auto gates_row = [&](const Step& st, const Chunk& ch, int64_t b, float* zr, int64_t zs, const float* cr,
                             float* tmp) {
    const int64_t hc = ch.size(), u0 = ch.begin;
    float* hr = st.h_cur + b * H + u0;
    float* crow = st.c_cur + b * H + u0;
    float* yr = rnn::output_row(out.y, st.t, B, b, H, u0, hr);
    if (!valid(a.mask, st.t, B, b)) {
      // A padded step still saves its pre-activations (the reference's), but carries the state.
      for (int64_t g = 0; cr && g < 4; g++)
        for (int64_t u = 0; u < hc; u++) zr[g * zs + u] += cr[g * hc + u];
      rnn::carry(st.h_prev + b * H + u0, hr, yr, hc);
      std::memcpy(crow, st.c_prev + b * H + u0, size_t(hc) * sizeof(float));
      return;
    }
    const float* cp = st.c_prev + b * H + u0;
    if (simd) return simd(zr, zs, cr, hc, keep, cp, crow, hr, yr, hc);
    float *pre = tmp, *ac = tmp + 4 * hc;
    for (int64_t g = 0; g < 4; g++) {
      float* zg = zr + g * zs;
      float* pg = pre + g * hc;
      if (!cr) {
        std::memcpy(pg, zg, size_t(hc) * sizeof(float));
        continue;
      }
      const float* cg = cr + g * hc;
      for (int64_t u = 0; u < hc; u++) pg[u] = zg[u] = zg[u] + cg[u];
    }
    rnn::act(a.recurrent_activation, pre, pre, 2 * hc);            // i, f
    rnn::act(a.activation, pre + 2 * hc, pre + 2 * hc, hc);        // g
    rnn::act(a.recurrent_activation, pre + 3 * hc, pre + 3 * hc, hc);  // o
    for (int64_t u = 0; u < hc; u++) crow[u] = pre[hc + u] * cp[u] + pre[u] * pre[2 * hc + u];
    rnn::act(a.activation, crow, ac, hc);
    for (int64_t u = 0; u < hc; u++) hr[u] = yr[u] = pre[3 * hc + u] * ac[u];
  };
  // Rows [r0, r1) of step st for part p: the part's units (all of them in a row split).
  const auto run_rows = [&](int p, const Step& st, int64_t r0, int64_t r1, float* z) {
    const Chunk ch = chunks[size_t(p)];
    const int64_t hc = ch.size(), u0 = ch.begin;
    const Packed& pk = packs[size_t(p)];
    thread_local Buffer cb, tb;
    float* tmp = tb.get(size_t(7 * hc + 8));
    if (!per_part) {
      // Training (or an unsplit step with threads for the projections): C (rows, npad) = h_{t−1}·U, added
      // to z's rows in the gate arithmetic (z keeps the sums for the backward).
      float* C = cb.get(size_t((r1 - r0) * pk.npad));
      rnn::gemm_prepacked(r1 - r0, st.h_prev + r0 * H, H, a.recurrent_dropout ? a.recurrent_dropout + r0 * H : nullptr,
                          pk, C, pk.npad, 0.0f);
      for (int64_t b = r0; b < r1; b++) gates_row(st, ch, b, z + b * GH + u0, H, C + (b - r0) * pk.npad, tmp);
      return;
    }
    // Inference (and fused training), a block of rows at a time: C (rows, npad) = bias + x_t·W
    // (rnn::project_step), then + h_{t−1}·U (one rounding, as z + C above), then the rows' gate arithmetic
    // while C is still in L1 (a whole-batch C spilled out of L2 on infA). Training first copies a row's sums
    // to the saved gates, whose layout it has: the part owns all units.
    const Packed& wp = wpacks[size_t(p)];
    const bool fits = (wp.k + pk.k) * pk.npad * int64_t(sizeof(float)) <= rnn::kL2WeightBytes;
    const int64_t rows = fits ? rnn::kRowBlock * pk.tile.mr : r1 - r0;
    float* C = cb.get(size_t(rows * pk.npad));
    for (int64_t b0 = r0; b0 < r1; b0 += rows) {
      const int64_t n = std::min(rows, r1 - b0);
      rnn::project_step(a, xr, st.t, 4, ch, wp, b0, n, C, fits);
      rnn::gemm_prepacked(n, st.h_prev + b0 * H, H, a.recurrent_dropout ? a.recurrent_dropout + b0 * H : nullptr, pk,
                          C, pk.npad, 1.0f, fits);
      for (int64_t b = b0; b < b0 + n; b++) {
        float* zr = C + (b - b0) * pk.npad;
        if (keep) {
          float* saved_z = saved.gates + (st.t * B + b) * GH;
          zr = static_cast<float*>(std::memcpy(saved_z, zr, size_t(GH) * sizeof(float)));
        }
        gates_row(st, ch, b, zr, hc, nullptr, tmp);
      }
    }
  };
  if (row_parts.size() > 1 && !keep) {
    // Inference: the threads claim rows in shrinking chunks (a quarter of what is left with two threads, at
    // least the kRowBlock tiles run_rows takes at a time), each through all T steps. With a fixed half each,
    // a thread slowed by another process left the other idle (timed on infA: 0.6–8 ms of a ~45 ms call);
    // now only the last chunk's time is at stake.
    const int64_t tile = rnn::kRowBlock * packs[0].tile.mr, parts = int64_t(row_parts.size());
    std::atomic<int64_t> next{0};
    parallel_run(int(parts), [&](int) {
      int64_t r0 = next.load(), n = 0;
      for (;;) {
        do {
          const int64_t left = B - r0;
          if (left <= 0) return;
          n = std::min(left, std::max(tile, left / (2 * parts) / tile * tile));
        } while (!next.compare_exchange_weak(r0, r0 + n));
        for (int64_t s = 0; s < T; s++) run_rows(0, step_at(s), r0, r0 + n, nullptr);
        r0 = next.load();
      }
    });
  } else if (row_parts.size() > 1) {
    if (!per_part) proj.at(0);  // all T steps' projections, before the parts read them
    parallel_run(int(row_parts.size()), [&](int q) {
      const Chunk rows = row_parts[size_t(q)];
      for (int64_t s = 0; s < T; s++) {
        const Step st = step_at(s);
        run_rows(0, st, rows.begin, rows.end, saved.gates + st.t * B * GH);
      }
    });
  } else {
    Step st{};
    float* z = nullptr;
    const std::function<void(int)> step = [&](int p) { run_rows(p, st, 0, B, z); };
    for (int64_t s = 0; s < T; s++) {
      z = per_part ? nullptr : proj.at(s);
      st = step_at(s);
      parallel_run(P, step);
    }
  }
  const Step last = step_at(T - 1);
  std::memcpy(out.hT, last.h_cur, size_t(BH) * sizeof(float));
  std::memcpy(out.cT, last.c_cur, size_t(BH) * sizeof(float));
}

void lstm_sequence_backward(const RnnArgs& a, const RnnSavedPtrs& saved, const RnnUpstreamPtrs& up,
                            const RnnGradPtrs& g) {
  const int64_t T = a.T, B = a.B, H = a.H, I = a.I, GH = 4 * H, BH = B * H;
  if (T == 0 || BH == 0) {
    for (int64_t i = 0; i < BH; i++) {
      g.dH0[i] = up.dHT ? up.dHT[i] : 0.0f;
      g.dC0[i] = up.dCT ? up.dCT[i] : 0.0f;
    }
    std::fill(g.dX, g.dX + T * B * I, 0.0f);
    std::fill(g.dKernel, g.dKernel + I * GH, 0.0f);
    std::fill(g.dRecurrentKernel, g.dRecurrentKernel + H * GH, 0.0f);
    if (g.dBias) std::fill(g.dBias, g.dBias + GH, 0.0f);
    return;
  }
  thread_local Buffer dhbuf, dcbuf, dgbuf, xbuf, hdbuf;
  thread_local std::vector<Packed> packs_tl;
  std::vector<Packed>& packs = packs_tl;  // a local: the step lambdas run on pool threads
  float* dh = dhbuf.get(size_t(BH));
  float* dc = dcbuf.get(size_t(BH));
  for (int64_t i = 0; i < BH; i++) {
    dh[i] = up.dHT ? up.dHT[i] : 0.0f;
    dc[i] = up.dCT ? up.dCT[i] : 0.0f;
  }
  float* dG = dgbuf.get(size_t(T * B * GH));
  // As in the forward: the threads split the rows when they can (each row's dh needs only its own dGates
  // of the next step), else the units, meeting at every step.
  const std::vector<Chunk> row_parts = rnn::split_rows(B, 4, I, H, true);
  const std::vector<Chunk> chunks =
      row_parts.size() > 1 ? std::vector<Chunk>{{0, H}} : rnn::split_units(B, 4, H);
  const int P = int(chunks.size());
  rnn::pack_parts(a.recurrent_kernel, GH, true, GH, chunks, H, 0, 1, packs);  // Uᵀ (4H, H): this part's units
  const bool fast = a.activation == UnaryOp::Tanh && a.recurrent_activation == UnaryOp::Sigmoid;
  const rnn::LstmRowBackward simd =
      fast ? rnn::best_isa<rnn::LstmRowBackward>(rnn::lstm_row_backward_avx512, rnn::lstm_row_backward_avx2) : nullptr;
  // Step s of part p (its units) for the given rows; s = −1 only adds the gradient reaching h0.
  const auto run_step = [&](int p, int64_t s, const Chunk& rows) {
    const Chunk ch = chunks[size_t(p)];
    const int64_t hc = ch.size();
    const Packed& pk = packs[size_t(p)];
    thread_local Buffer cb, tb;
    // dh += (dGates of the step after this one) · Uᵀ ⊙ recurrent mask, for this part's units.
    if (s < T - 1) rnn::add_next_step_dh(a, dG + time_at(s + 1, T, a.reverse) * B * GH, GH, pk, ch, rows, dh, cb);
    if (s < 0) return;
    const int64_t t = time_at(s, T, a.reverse);
    const float* c_prev = s == 0 ? a.c0 : saved.c + time_at(s - 1, T, a.reverse) * BH;
    float* tmp = tb.get(size_t(5 * hc + 8));
    const float* z = saved.gates + t * B * GH;
    if (fast) {
      backward_rows(a, FastD{}, simd, t, z, saved.c + t * BH, c_prev, up.dY, dh, dc, dG + t * B * GH, ch, rows, tmp);
    } else {
      backward_rows(a, GenD{a.activation, a.recurrent_activation}, nullptr, t, z, saved.c + t * BH, c_prev, up.dY, dh,
                    dc, dG + t * B * GH, ch, rows, tmp);
    }
  };
  if (row_parts.size() > 1) {
    parallel_run(int(row_parts.size()), [&](int q) {
      for (int64_t s = T - 1; s >= -1; s--) run_step(0, s, row_parts[size_t(q)]);
    });
  } else {
    int64_t s = 0;
    const std::function<void(int)> step = [&](int p) { run_step(p, s, {0, B}); };
    for (s = T - 1; s >= -1; s--) parallel_run(P, step);
  }
  std::memcpy(g.dH0, dh, size_t(BH) * sizeof(float));
  std::memcpy(g.dC0, dc, size_t(BH) * sizeof(float));
  rnn::recurrent_weight_gradient(a, saved.h, dG, GH, GH, g.dRecurrentKernel, hdbuf);
  const float* xd = rnn::dropped_inputs(a, xbuf);
  rnn::input_gradients(a, xd, dG, GH, g.dKernel, g.dX);
  if (g.dBias) rnn::column_sums(dG, T * B, GH, GH, g.dBias);
}

}  // namespace seqlab

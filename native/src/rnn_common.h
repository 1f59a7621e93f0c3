// Pieces shared by the fused recurrent kernels (lstm.cc, gru.cc, simple_rnn.cc): the argument
// structs, the per-thread unit split, weight packing that is done once per call and reused by every
// step, the small per-step GEMM on pre-packed weights, the activations (SIMD sigmoid/tanh in
// rnn_simd.h) and the GEMMs after the backward loop.
//
// Threads (DESIGN.md): the H units are split into P contiguous chunks filling whole NR-wide tiles; thread
// p owns every gate column of its units, so it can run the recurrent GEMM for its columns and then the
// gate arithmetic for its units without waiting for the others. One barrier per step (the end of
// parallel_run); LSTM inference may split the batch rows instead (split_rows). Every element is a dot
// product summed in the same order whatever the split, so results are bit-identical run to run,
// across thread counts and between the AVX2 and AVX-512 paths (not portable).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "gemm_internal.h"
#include "kernels.h"

namespace seqlab {
namespace rnn {

// A float buffer that only grows: kernels keep one per role (thread_local) and reuse it across calls.
class Buffer {
 public:
  float* get(size_t n) {
    if (n > cap_) {
      const size_t bytes = ((n * sizeof(float) + 63) / 64) * 64;
      ptr_.reset(static_cast<float*>(std::aligned_alloc(64, bytes == 0 ? 64 : bytes)));
      if (!ptr_) std::abort();
      cap_ = n;
    }
    return ptr_.get();
  }
  void release() {
    ptr_.reset();
    cap_ = 0;
  }

 private:
  struct Free {
    void operator()(float* p) const { std::free(p); }
  };
  std::unique_ptr<float, Free> ptr_;
  size_t cap_ = 0;
};

// Units [begin, end) of part p.
struct Chunk {
  int64_t begin, end;
  int64_t size() const { return end - begin; }
};

// The split of H units into parts: whole granules of units filling NR-wide tiles, as even as possible; 1 part when the step is
// too small for a second thread to pay for its wake-up. A pure function of (B, G, H, threads).
std::vector<Chunk> split_units(int64_t B, int64_t G, int64_t H);

// Largest packed weights that inference streams from a core's L2 at every block of rows (512 KB per
// core on the Zen 3 machine the benchmark runs on; the rest is for the rows and their states).
constexpr int64_t kL2WeightBytes = int64_t(384) << 10;
// The batch rows split into equal parts (at least one MR-row tile each), one per thread, for a gate
// count G and sizes I, H: rows never depend on each other, so each thread can take its rows through all
// T steps with every unit and no barrier per step. A single part {0, B} when the rows are too few, or (inference)
// when the packed weights ((I + H)·G·H floats, each thread's own full copy) exceed kL2WeightBytes,
// where splitting the units (split_units) keeps half the weights per core instead. Training's steps
// read only U (H·G·H), once per step and thread, at most from L3: a small cost next to a barrier per
// step and the other core's half of h_{t−1} that a unit split needs.
std::vector<Chunk> split_rows(int64_t B, int64_t G, int64_t I, int64_t H, bool training = false);
// Rows per inference block, in MR-row tiles, when a part's weights fit kL2WeightBytes: the step's GEMMs
// and gate arithmetic run on this many rows at a time so that their (rows, 4H) product stays in L1.
// Bigger weights run the whole batch at once: each packed panel is then read once per step (from L3).
constexpr int64_t kRowBlock = 2;

// A (k, n) GEMM operand packed once into KC-deep, NR-wide micro-panels (zero-padded) for the micro-kernel
// in use when packing (`tile`): column j of the packed matrix is column cols[j] of src (src (k, ld), or
// with trans src (n_src, ld) read as srcᵀ).
struct Packed {
  Tile tile{};
  std::vector<float> data;  // 64-byte alignment is not needed: the micro-kernel loads B aligned,
                            // so data is over-allocated and `base` is aligned.
  float* base = nullptr;
  int64_t k = 0, n = 0, npad = 0;
};
void pack_columns(const float* src, int64_t ld, bool trans, int64_t k, const std::vector<int64_t>& cols, Packed& out);
// For every part p of `chunks`: packs[p] = the columns g·H + u of src (g in [g0, g1), u in the part's
// units), as pack_columns; packs grows to the number of parts. Transposed weights pass g0 = 0, g1 = 1.
void pack_parts(const float* src, int64_t ld, bool trans, int64_t k, const std::vector<Chunk>& chunks, int64_t H,
                int64_t g0, int64_t g1, std::vector<Packed>& packs);

// c (m, npad) = a (m, k) [row stride lda, each row times row_scale (m, k) when non-null] · packed.
// beta 0 overwrites c; 1 adds into it. c's row stride is ldc ≥ packed.npad.
// pack_a: pack all of A's rows first even where the kernel could read them in place (worth it when
// many column panels reuse the packed rows: the in-place kernel's runtime row stride cost it ~17% in
// a standalone loop).
void gemm_prepacked(int64_t m, const float* a, int64_t lda, const float* row_scale, const Packed& b, float* c,
                    int64_t ldc, float beta, bool pack_a = false);

// y = f(x) for n contiguous values: AVX-512 or AVX2 sigmoid/tanh where available, else the elementwise kernels.
void act(UnaryOp op, const float* x, float* y, int64_t n);
// f'(x) given x and y = f(x), as the reference's unaryDerivative.
inline float dact(UnaryOp op, float x, float y) {
  constexpr float kSeluAlpha = 1.6732632423543772f, kSeluScale = 1.0507009873554805f, kGeluC = 0.7978845608028654f;
  switch (op) {
    case UnaryOp::Linear: return 1.0f;
    case UnaryOp::Relu: return x > 0 ? 1.0f : 0.0f;
    case UnaryOp::Sigmoid: return y * (1.0f - y);
    case UnaryOp::Tanh: return 1.0f - y * y;
    case UnaryOp::HardSigmoid: return x > -3.0f && x < 3.0f ? 1.0f / 6.0f : 0.0f;
    case UnaryOp::Exp: return y;
    case UnaryOp::Log: return 1.0f / x;
    case UnaryOp::Neg: return -1.0f;
    case UnaryOp::Sqrt: return 0.5f / y;
    case UnaryOp::Abs: return x > 0 ? 1.0f : x < 0 ? -1.0f : 0.0f;
    case UnaryOp::Square: return 2.0f * x;
    case UnaryOp::Softplus: return x >= 0 ? 1.0f / (1.0f + std::exp(-x)) : std::exp(x) / (1.0f + std::exp(x));
    case UnaryOp::Elu: return x > 0 ? 1.0f : y + 1.0f;
    case UnaryOp::Selu: return x > 0 ? kSeluScale : y + kSeluScale * kSeluAlpha;
    case UnaryOp::Gelu: {
      const float t = std::tanh(kGeluC * (x + 0.044715f * x * x * x));
      return 0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * kGeluC * (1.0f + 3.0f * 0.044715f * x * x);
    }
    case UnaryOp::Swish: {
      const float s = x >= 0 ? 1.0f / (1.0f + std::exp(-x)) : std::exp(x) / (1.0f + std::exp(x));
      return s + x * s * (1.0f - s);
    }
  }
  return 0.0f;
}

// Activation derivatives for the backward gate loops, which are templates on one of these: FastD for
// the default tanh / sigmoid (from the outputs alone), GenD for any other pair.
struct FastD {
  float a(float, float y) const { return 1.0f - y * y; }
  float g(float, float y) const { return y * (1.0f - y); }
};
struct GenD {
  UnaryOp oa, og;
  float a(float x, float y) const { return dact(oa, x, y); }
  float g(float x, float y) const { return dact(og, x, y); }
};


// SIMD versions (rnn_simd.h; rnn_avx2.cc: call only when use_avx2(), rnn_avx512.cc: when use_avx512()).
void sigmoid_avx2(const float* x, float* y, int64_t n);
void tanh_avx2(const float* x, float* y, int64_t n);
void sigmoid_avx512(const float* x, float* y, int64_t n);
void tanh_avx512(const float* x, float* y, int64_t n);
void lstm_row_avx2(float* z, int64_t zs, const float* r, int64_t rs, bool keep_z, const float* c_prev, float* c,
                   float* h, float* y, int64_t n);
void lstm_row_avx512(float* z, int64_t zs, const float* r, int64_t rs, bool keep_z, const float* c_prev, float* c,
                     float* h, float* y, int64_t n);
using LstmRow = void (*)(float*, int64_t, const float*, int64_t, bool, const float*, float*, float*, float*, int64_t);
void lstm_row_backward_avx2(const float* z, int64_t zs, const float* c, const float* c_prev, const float* dy,
                            float* dh, float* dc, float* dz, int64_t n);
void lstm_row_backward_avx512(const float* z, int64_t zs, const float* c, const float* c_prev, const float* dy,
                              float* dh, float* dc, float* dz, int64_t n);
using LstmRowBackward = void (*)(const float*, int64_t, const float*, const float*, const float*, float*, float*,
                                 float*, int64_t);
void gru_row_avx2(float* z, int64_t zs, const float* r, int64_t rs, const float* rb, int64_t rbs, bool keep,
                  const float* h_prev, float* cand, float* h, float* y, int64_t n);
void gru_row_avx512(float* z, int64_t zs, const float* r, int64_t rs, const float* rb, int64_t rbs, bool keep,
                    const float* h_prev, float* cand, float* h, float* y, int64_t n);
using GruRow = void (*)(float*, int64_t, const float*, int64_t, const float*, int64_t, bool, const float*, float*,
                        float*, float*, int64_t);
// The AVX-512 or the AVX2 version of a row kernel (rnn_simd.h's lstm_row, lstm_row_backward, gru_row),
// whichever this CPU runs (the wasm128 one in the WebAssembly build); nullptr without AVX2 (the caller
// then runs its scalar loop).
#if defined(__wasm_simd128__)
// The wasm128 versions (rnn_wasm.cc), only in the WebAssembly build, where best_isa picks them.
void sigmoid_wasm(const float* x, float* y, int64_t n);
void tanh_wasm(const float* x, float* y, int64_t n);
void lstm_row_wasm(float* z, int64_t zs, const float* r, int64_t rs, bool keep_z, const float* c_prev, float* c,
                   float* h, float* y, int64_t n);
void lstm_row_backward_wasm(const float* z, int64_t zs, const float* c, const float* c_prev, const float* dy,
                            float* dh, float* dc, float* dz, int64_t n);
void gru_row_wasm(float* z, int64_t zs, const float* r, int64_t rs, const float* rb, int64_t rbs, bool keep,
                  const float* h_prev, float* cand, float* h, float* y, int64_t n);
// A row kernel's wasm128 twin, told apart by its function type.
inline LstmRow wasm_version(LstmRow) { return lstm_row_wasm; }
inline LstmRowBackward wasm_version(LstmRowBackward) { return lstm_row_backward_wasm; }
inline GruRow wasm_version(GruRow) { return gru_row_wasm; }
#endif
template <class F>
F best_isa(F avx512, F avx2) {
#if defined(__wasm_simd128__)
  return wasm_version(avx2);
#else
  return use_avx512() ? avx512 : use_avx2() ? avx2 : nullptr;
#endif
}

// out[offset + j] (=) Σ_r g[r * ld + j] over rows, accumulated in double.
void column_sums(const float* g, int64_t rows, int64_t cols, int64_t ld, float* out);

// The time index processed at step s.
inline int64_t time_at(int64_t s, int64_t T, bool reverse) { return reverse ? T - 1 - s : s; }

// Row b is a real step at time t (no mask, or mask (T, B) nonzero).
inline bool valid(const uint8_t* mask, int64_t t, int64_t B, int64_t b) { return !mask || mask[t * B + b] != 0; }

// Row b's output at step t, units from u0: in y (T, B, H), or, when y is null (not wanted), the
// row's new state h_row, so that the row kernels' output stores write h again instead.
inline float* output_row(float* y, int64_t t, int64_t B, int64_t b, int64_t H, int64_t u0, float* h_row) {
  return y ? y + (t * B + b) * H + u0 : h_row;
}
// A padded step of one row of a part: the state carries over (cur = prev) and the output y is 0
// (unless y is cur: no output wanted, see output_row).
inline void carry(const float* prev, float* cur, float* y, int64_t n) {
  std::memcpy(cur, prev, size_t(n) * sizeof(float));
  if (y != cur) std::fill(y, y + n, 0.0f);
}

}  // namespace rnn

namespace rnn {
// Rows of an input sequence: x_t's row b at p + t·step + b·row, or, with ids (B, T), the table p's row
// ids[b·T + t] of width I (rows of one step are then not evenly spaced).
struct XRows {
  const float* p;
  int64_t step, row;
  const int32_t* ids = nullptr;
  int64_t T = 0, I = 0;
  const float* at(int64_t t, int64_t b) const { return ids ? p + int64_t(ids[b * T + t]) * I : p + t * step + b * row; }
};
// x where it lies, in its layout: time-major (T, B, I), with x_batch_major (B, T, I), or with x_ids rows
// of a table.
inline XRows input_rows(const RnnArgs& a) {
  if (a.x_ids) return XRows{a.x, 0, 0, a.x_ids, a.T, a.I};
  return a.x_batch_major ? XRows{a.x, a.I, a.T * a.I} : XRows{a.x, a.B * a.I, a.I};
}
// x ⊙ input dropout mask, time-major (T·B, I): x itself when it is time-major without a mask, else
// a copy in buf (transposed from batch-major, or gathered from the table's rows).
const float* dropped_inputs(const RnnArgs& a, Buffer& buf);
// out (rows, GH) = xd · kernel + bias (bias (GH) or null), rows = steps·B starting at time t0.
void project_inputs(const RnnArgs& a, const float* xd, int64_t t0, int64_t steps, int64_t GH, const float* bias,
                    float* out);
// Steps per input-projection block: all T when saving for backward (the gates are kept); in inference
// enough steps for at least 512 rows, so memory stays bounded in T and the block is still in L2 when
// the steps read it (blocks of ~2 Mi floats, 8 MB, made infA 1.8x slower).
inline int64_t projection_block(int64_t T, int64_t B, bool keep) {
  return keep ? T : std::min<int64_t>(T, std::max<int64_t>(1, (512 + B - 1) / B));
}
// The input projections of step s (DESIGN.md's first GEMM). When saving for backward, all T steps are
// projected once into the saved gates; in inference `block` steps at a time go into a small buffer, so
// memory does not grow with T. at(s) returns the (B, GH) rows for step s (time time_at(s)).
struct StepProjections {
  const RnnArgs& a;
  const float* xd;
  int64_t T, B, GH, block;
  bool keep;
  float* z;
  int64_t t0 = 0;
  float* at(int64_t s) {
    if (keep) {
      if (s == 0) project_inputs(a, xd, 0, T, GH, a.bias, z);
    } else if (s % block == 0) {
      const int64_t n = std::min(block, T - s);
      t0 = a.reverse ? T - s - n : s;
      project_inputs(a, xd, t0, n, GH, a.bias, z);
    }
    return z + (time_at(s, T, a.reverse) - t0) * B * GH;
  }
};
// Inference alternative to StepProjections when the step is split over threads: each part projects
// step t for its own units right before its recurrent product, so there is no projection pass of its
// own (a parallel region, packing of x and W, a buffer written and read back per block of steps).
// zp (rows, w.npad) = bias (the part's columns) + x_t[r0 : r0 + rows] · w, w = pack_parts of the kernel
// for this part; the same sums in the same order as project_inputs, so the same bits. x's rows are read
// where they lie, in either layout.
void project_step(const RnnArgs& a, const XRows& x, int64_t t, int64_t G, const Chunk& ch, const Packed& w, int64_t r0,
                  int64_t rows, float* zp, bool pack_a = false);
// Backward, for one part: dh (B, H)[rows, part's units] += (dG_next · packed) ⊙ recurrent dropout mask, the
// gradient reaching h_{t−1} through the next step's gates (dg_next (B, ·) with row stride ldg; packed =
// the part's columns of Uᵀ). scratch holds the (rows, npad) product.
void add_next_step_dh(const RnnArgs& a, const float* dg_next, int64_t ldg, const Packed& pk, const Chunk& ch,
                      const Chunk& rows, float* dh, Buffer& scratch);
// dKernel = xdᵀ · dG, dX = (dG · kernelᵀ) ⊙ input mask, over all T·B rows.
void input_gradients(const RnnArgs& a, const float* xd, const float* dG, int64_t GH, float* dKernel, float* dX);
// dW (H, N) = Σ_t hdPrev_tᵀ · dG_t (dG (T, B, N) with row stride ldg): the recurrent-dropped state entering each
// step. Uses h0 and the saved states directly when there is no recurrent dropout (no copy).
void recurrent_weight_gradient(const RnnArgs& a, const float* states, const float* dG, int64_t N, int64_t ldg,
                               float* dW, Buffer& scratch);
}  // namespace rnn
}  // namespace seqlab

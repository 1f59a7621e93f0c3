// The plain C++ kernels behind the addon: `const float*` in, `float*` out, explicit dimensions.
// Nothing here knows about N-API, so native/dev/ tools can benchmark a kernel on its own.
// Every array is row-major and contiguous; the JavaScript caller allocates every output.
#pragma once
#include <cstdint>
#include <vector>

#include "op_tables.h"

namespace seqlab {

// ---- CPU features and threads (cpu.cc, threadpool.cc) ----
// The instruction sets the kernels use: the best the CPU (detected once) has, capped by
// SEQLAB_NO_AVX512 / SEQLAB_NO_AVX2 at start-up or set_cpu_limit at run time.
enum class CpuLevel { Portable = 0, Avx2 = 1, Avx512 = 2 };
CpuLevel cpu_level();
bool use_avx2();    // AVX2+FMA kernels (also true at the AVX-512 level)
bool use_avx512();  // AVX-512F kernels
void set_cpu_limit(CpuLevel limit);
const char* cpu_features();  // "avx512f+avx2+fma", "avx2+fma" or "portable"
int num_threads();
void set_num_threads(int n);  // n <= 0: back to the default (SEQLAB_NUM_THREADS or core count)
// The WebAssembly build (scripts/build-wasm.mjs, emcc -msimd128): the wasm128 kernels (gemm_wasm.cc,
// rnn_wasm.cc) stand where the AVX2 ones would, chosen at compile time since a .wasm has one target.
#if defined(__wasm_simd128__)
constexpr bool kWasmSimd128 = true;
#else
constexpr bool kWasmSimd128 = false;
#endif

// ---- gemm.cc ----
// c (m, n) = alpha · op(a) · op(b) + beta · c; op(a) is (m, k), op(b) is (k, n).
// a is (m, k) or with trans_a (k, m); b is (k, n) or with trans_b (n, k). beta == 0 ignores c's contents.
void sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
           const float* b, float beta, float* c);

// FMA throughput ceiling of this core in GFLOP/s (a tight AVX2 FMA loop for about `seconds`, on the
// calling thread); 0 when AVX2+FMA is unavailable.
double fma_ceiling_gflops(double seconds);

// ---- elementwise.cc ----
// UnaryOp, BinaryOp, ReduceOp: op_tables.h.

void unary(UnaryOp op, const float* x, float* out, int64_t n);
void unary_backward(UnaryOp op, const float* x, const float* y, const float* dy, float* dx, int64_t n);
// Shapes are already right-aligned to out_shape's rank by the caller (missing leading dims = 1).
void binary(BinaryOp op, const float* a, const std::vector<int64_t>& a_shape, const float* b,
            const std::vector<int64_t>& b_shape, float* out, const std::vector<int64_t>& out_shape);
void reduce(ReduceOp op, const float* x, const std::vector<int64_t>& shape, const std::vector<bool>& reduced,
            float* out);
// 4-byte elements (float32 or int32, copied as bits).
void transpose32(const uint32_t* x, const std::vector<int64_t>& shape, const std::vector<int64_t>& perm,
                 uint32_t* out);
void copy_region_f32(const float* src, const std::vector<int64_t>& src_shape, const std::vector<int64_t>& src_begin,
                     float* dst, const std::vector<int64_t>& dst_shape, const std::vector<int64_t>& dst_begin,
                     const std::vector<int64_t>& region, bool accumulate);
void copy_region_i32(const int32_t* src, const std::vector<int64_t>& src_shape,
                     const std::vector<int64_t>& src_begin, int32_t* dst, const std::vector<int64_t>& dst_shape,
                     const std::vector<int64_t>& dst_begin, const std::vector<int64_t>& region, bool accumulate);
void softmax(const float* x, int64_t rows, int64_t cols, float* out, bool log);
void softmax_backward(const float* y, const float* dy, int64_t rows, int64_t cols, float* dx, bool log);

// ---- embedding.cc ----
// Returns -1, or the first position n whose id is outside [0, V) (nothing is written then).
int64_t embedding_forward(const float* table, int64_t V, int64_t E, const int32_t* ids, int64_t n, float* out);
// dRows (U, E) = 0, then dRows[slot[n]] += dOut[n]. Returns -1, or the first position whose slot is outside [0, U).
int64_t embedding_backward(const float* d_out, const int32_t* slot, int64_t n, int64_t E, float* d_rows, int64_t U);

// ---- dropout (elementwise.cc, with philox.h) ----
void dropout_mask(uint32_t key0, uint32_t key1, uint64_t offset, double rate, float* out, int64_t n);

// ---- optimizers.cc ----
void sgd_step(float* param, const float* grad, float* velocity, int64_t n, double lr, double momentum,
              bool nesterov);
void adam_step(float* param, const float* grad, float* m, float* v, float* v_max, int64_t n, double lr,
               double beta1, double beta2, double epsilon, double step, double weight_decay, bool amsgrad);
void rmsprop_step(float* param, const float* grad, float* mean_square, float* momentum, float* mean_grad,
                  int64_t n, double lr, double rho, double momentum_coef, double epsilon, bool centered);
void adagrad_step(float* param, const float* grad, float* accumulator, int64_t n, double lr, double epsilon);

// ---- lstm.cc, gru.cc, simple_rnn.cc: fused recurrent sequence kernels ----
// The kernel arguments (src/backend/interface.ts RnnSequenceArgs), flattened. Null pointers for absent
// optional arrays. saved.* all null: inference, nothing kept for backward.
struct RnnArgs {
  const float* x;
  const float* kernel;
  const float* recurrent_kernel;
  const float* bias;
  const float* h0;
  const float* c0;
  const uint8_t* mask;
  const float* input_dropout;
  const float* recurrent_dropout;
  bool reverse;
  UnaryOp activation;
  UnaryOp recurrent_activation;
  bool reset_after;
  bool x_batch_major;  // x is (B, T, I), the layers' own layout, instead of (T, B, I)
  // Non-null: x is a (V, I) table and the input at (t, b) is its row x_ids[b·T + t] (ids (B, T), each in
  // [0, V)): an embedding lookup fused into the read, so the (B, T, I) inputs are never written out.
  const int32_t* x_ids;
  int64_t T, B, I, H;
};
struct RnnOutputs {
  float* y;  // (T, B, H); null: not wanted, not written
  float* hT;
  float* cT;
};
struct RnnSavedPtrs {
  float* gates;
  float* h;
  float* c;
  float* candidate;
};
struct RnnUpstreamPtrs {
  const float* dY;
  const float* dHT;
  const float* dCT;
};
struct RnnGradPtrs {
  float* dX;
  float* dKernel;
  float* dRecurrentKernel;
  float* dBias;
  float* dH0;
  float* dC0;
};

void lstm_sequence_forward(const RnnArgs& a, const RnnOutputs& out, const RnnSavedPtrs& saved);
void lstm_sequence_backward(const RnnArgs& a, const RnnSavedPtrs& saved, const RnnUpstreamPtrs& up, const RnnGradPtrs& g);
void gru_sequence_forward(const RnnArgs& a, const RnnOutputs& out, const RnnSavedPtrs& saved);
void gru_sequence_backward(const RnnArgs& a, const RnnSavedPtrs& saved, const RnnUpstreamPtrs& up, const RnnGradPtrs& g);
void simple_rnn_sequence_forward(const RnnArgs& a, const RnnOutputs& out, const RnnSavedPtrs& saved);
void simple_rnn_sequence_backward(const RnnArgs& a, const RnnSavedPtrs& saved, const RnnUpstreamPtrs& up,
                                  const RnnGradPtrs& g);

}  // namespace seqlab

// The C ABI of the WebAssembly build (scripts/build-wasm.mjs → native/wasm/seqlab.wasm): addon.cc's role
// for the .wasm. Every argument is a 32-bit integer (a pointer into the module's memory, a size, a flag,
// an op index) or a double, so JavaScript calls these without BigInt; src/backend/wasm/index.ts copies
// the arrays in and out and checks every length before the call (these functions trust their
// arguments). No arithmetic on data happens here. Op indices follow kernels.h's enums (UnaryOp:
// linear … swish, BinaryOp: add … greater, ReduceOp: sum, max, min); rnn kind 0 lstm, 1 gru, 2 simpleRnn.
#include <emscripten/emscripten.h>

#include <cstdint>
#include <vector>

#include "kernels.h"
#include "threadpool.h"

using seqlab::BinaryOp;
using seqlab::ReduceOp;
using seqlab::UnaryOp;

namespace {

std::vector<int64_t> dims(const int32_t* p, int32_t rank) { return std::vector<int64_t>(p, p + rank); }

seqlab::RnnArgs rnn_args(const float* x, const float* kernel, const float* recurrent_kernel, const float* bias,
                         const float* h0, const float* c0, const uint8_t* mask, const float* input_dropout,
                         const float* recurrent_dropout, const int32_t* x_ids, int32_t T, int32_t B, int32_t I,
                         int32_t H, int32_t flags, int32_t activation, int32_t recurrent_activation) {
  seqlab::RnnArgs a{};
  a.x = x, a.kernel = kernel, a.recurrent_kernel = recurrent_kernel, a.bias = bias, a.h0 = h0, a.c0 = c0;
  a.mask = mask, a.input_dropout = input_dropout, a.recurrent_dropout = recurrent_dropout, a.x_ids = x_ids;
  a.T = T, a.B = B, a.I = I, a.H = H;
  a.reverse = flags & 1, a.reset_after = flags & 2, a.x_batch_major = flags & 4;
  a.activation = UnaryOp(activation), a.recurrent_activation = UnaryOp(recurrent_activation);
  return a;
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* seqlab_cpu_features() { return seqlab::cpu_features(); }

EMSCRIPTEN_KEEPALIVE int32_t seqlab_num_threads() { return seqlab::num_threads(); }

#if defined(SEQLAB_WASM_THREADS)
// The threaded .wasm (threadpool.cc): JavaScript sizes the pool after starting its workers, each of which
// calls seqlab_thread_loop once its stack and thread-local block are set (src/backend/wasm/threads.ts).
EMSCRIPTEN_KEEPALIVE int32_t seqlab_set_num_threads(int32_t n) {
  seqlab::set_num_threads(n);
  return seqlab::num_threads();
}
EMSCRIPTEN_KEEPALIVE void seqlab_set_can_wait(int32_t can_wait) { seqlab::wasm_set_can_wait(can_wait != 0); }
EMSCRIPTEN_KEEPALIVE void seqlab_thread_loop() { seqlab::wasm_thread_loop(); }
#endif

EMSCRIPTEN_KEEPALIVE void seqlab_gemm(int32_t m, int32_t n, int32_t k, const float* a, const float* b, float* c,
                                      int32_t trans_a, int32_t trans_b, double alpha, double beta) {
  seqlab::sgemm(trans_a, trans_b, m, n, k, float(alpha), a, b, float(beta), c);
}

EMSCRIPTEN_KEEPALIVE void seqlab_unary(int32_t op, const float* x, float* out, int32_t n) {
  seqlab::unary(UnaryOp(op), x, out, n);
}

EMSCRIPTEN_KEEPALIVE void seqlab_unary_backward(int32_t op, const float* x, const float* y, const float* dy, float* dx,
                                                int32_t n) {
  seqlab::unary_backward(UnaryOp(op), x, y, dy, dx, n);
}

// Shapes right-aligned to out_shape's rank by the caller.
EMSCRIPTEN_KEEPALIVE void seqlab_binary(int32_t op, const float* a, const int32_t* a_shape, const float* b,
                                        const int32_t* b_shape, float* out, const int32_t* out_shape, int32_t rank) {
  seqlab::binary(BinaryOp(op), a, dims(a_shape, rank), b, dims(b_shape, rank), out, dims(out_shape, rank));
}

// reduced: one byte per dimension, nonzero where the axis is reduced.
EMSCRIPTEN_KEEPALIVE void seqlab_reduce(int32_t op, const float* x, const int32_t* shape, const uint8_t* reduced,
                                        int32_t rank, float* out) {
  seqlab::reduce(ReduceOp(op), x, dims(shape, rank), std::vector<bool>(reduced, reduced + rank), out);
}

EMSCRIPTEN_KEEPALIVE void seqlab_transpose32(const uint32_t* x, const int32_t* shape, const int32_t* perm, int32_t rank,
                                             uint32_t* out) {
  seqlab::transpose32(x, dims(shape, rank), dims(perm, rank), out);
}

// boxes: rank values each of src_shape, src_begin, dst_shape, dst_begin, region, in that order.
EMSCRIPTEN_KEEPALIVE void seqlab_copy_region(int32_t ints, const void* src, void* dst, const int32_t* boxes,
                                             int32_t rank, int32_t accumulate) {
  const auto box = [&](int i) { return dims(boxes + i * rank, rank); };
  if (ints) {
    seqlab::copy_region_i32(static_cast<const int32_t*>(src), box(0), box(1), static_cast<int32_t*>(dst), box(2),
                            box(3), box(4), accumulate);
  } else {
    seqlab::copy_region_f32(static_cast<const float*>(src), box(0), box(1), static_cast<float*>(dst), box(2), box(3),
                            box(4), accumulate);
  }
}

EMSCRIPTEN_KEEPALIVE void seqlab_softmax(const float* x, int32_t rows, int32_t cols, float* out, int32_t log) {
  seqlab::softmax(x, rows, cols, out, log);
}

EMSCRIPTEN_KEEPALIVE void seqlab_softmax_backward(const float* y, const float* dy, int32_t rows, int32_t cols, float* dx,
                                                  int32_t log) {
  seqlab::softmax_backward(y, dy, rows, cols, dx, log);
}

EMSCRIPTEN_KEEPALIVE int32_t seqlab_embedding_forward(const float* table, int32_t V, int32_t E, const int32_t* ids,
                                                      int32_t n, float* out) {
  return int32_t(seqlab::embedding_forward(table, V, E, ids, n, out));
}

EMSCRIPTEN_KEEPALIVE int32_t seqlab_embedding_backward(const float* d_out, const int32_t* slot, int32_t n, int32_t E,
                                                       float* d_rows, int32_t U) {
  return int32_t(seqlab::embedding_backward(d_out, slot, n, E, d_rows, U));
}

// key0, key1: the key words' bits; offset < 2^53 (exact in a double).
EMSCRIPTEN_KEEPALIVE void seqlab_dropout_mask(uint32_t key0, uint32_t key1, double offset, double rate, float* out,
                                              int32_t n) {
  seqlab::dropout_mask(key0, key1, uint64_t(offset), rate, out, n);
}

EMSCRIPTEN_KEEPALIVE void seqlab_sgd_step(float* param, const float* grad, float* velocity, int32_t n, double lr,
                                          double momentum, int32_t nesterov) {
  seqlab::sgd_step(param, grad, velocity, n, lr, momentum, nesterov);
}

EMSCRIPTEN_KEEPALIVE void seqlab_adam_step(float* param, const float* grad, float* m, float* v, float* v_max, int32_t n,
                                           double lr, double beta1, double beta2, double epsilon, double step,
                                           double weight_decay, int32_t amsgrad) {
  seqlab::adam_step(param, grad, m, v, v_max, n, lr, beta1, beta2, epsilon, step, weight_decay, amsgrad);
}

EMSCRIPTEN_KEEPALIVE void seqlab_rmsprop_step(float* param, const float* grad, float* mean_square, float* momentum,
                                              float* mean_grad, int32_t n, double lr, double rho, double momentum_coef,
                                              double epsilon, int32_t centered) {
  seqlab::rmsprop_step(param, grad, mean_square, momentum, mean_grad, n, lr, rho, momentum_coef, epsilon, centered);
}

EMSCRIPTEN_KEEPALIVE void seqlab_adagrad_step(float* param, const float* grad, float* accumulator, int32_t n, double lr,
                                              double epsilon) {
  seqlab::adagrad_step(param, grad, accumulator, n, lr, epsilon);
}

// The recurrent kernels, kind-parameterised (0 lstm, 1 gru, 2 simpleRnn). flags: 1 reverse, 2 resetAfter,
// 4 xBatchMajor. Null (0) for absent optional arrays; saved all null: inference.
EMSCRIPTEN_KEEPALIVE void seqlab_rnn_forward(int32_t kind, const float* x, const float* kernel,
                                             const float* recurrent_kernel, const float* bias, const float* h0,
                                             const float* c0, const uint8_t* mask, const float* input_dropout,
                                             const float* recurrent_dropout, const int32_t* x_ids, int32_t T, int32_t B,
                                             int32_t I, int32_t H, int32_t flags, int32_t activation,
                                             int32_t recurrent_activation, float* y, float* hT, float* cT, float* gates,
                                             float* h, float* c, float* candidate) {
  const seqlab::RnnArgs a = rnn_args(x, kernel, recurrent_kernel, bias, h0, c0, mask, input_dropout, recurrent_dropout,
                                     x_ids, T, B, I, H, flags, activation, recurrent_activation);
  const seqlab::RnnOutputs out{y, hT, cT};
  const seqlab::RnnSavedPtrs saved{gates, h, c, candidate};
  if (kind == 0) seqlab::lstm_sequence_forward(a, out, saved);
  else if (kind == 1) seqlab::gru_sequence_forward(a, out, saved);
  else seqlab::simple_rnn_sequence_forward(a, out, saved);
}

EMSCRIPTEN_KEEPALIVE void seqlab_rnn_backward(int32_t kind, const float* x, const float* kernel,
                                              const float* recurrent_kernel, const float* bias, const float* h0,
                                              const float* c0, const uint8_t* mask, const float* input_dropout,
                                              const float* recurrent_dropout, const int32_t* x_ids, int32_t T,
                                              int32_t B, int32_t I, int32_t H, int32_t flags, int32_t activation,
                                              int32_t recurrent_activation, float* gates, float* h, float* c,
                                              float* candidate, const float* dY, const float* dHT, const float* dCT,
                                              float* dX, float* dKernel, float* dRecurrentKernel, float* dBias,
                                              float* dH0, float* dC0) {
  const seqlab::RnnArgs a = rnn_args(x, kernel, recurrent_kernel, bias, h0, c0, mask, input_dropout, recurrent_dropout,
                                     x_ids, T, B, I, H, flags, activation, recurrent_activation);
  const seqlab::RnnSavedPtrs saved{gates, h, c, candidate};
  const seqlab::RnnUpstreamPtrs up{dY, dHT, dCT};
  const seqlab::RnnGradPtrs g{dX, dKernel, dRecurrentKernel, dBias, dH0, dC0};
  if (kind == 0) seqlab::lstm_sequence_backward(a, saved, up, g);
  else if (kind == 1) seqlab::gru_sequence_backward(a, saved, up, g);
  else seqlab::simple_rnn_sequence_backward(a, saved, up, g);
}

}  // extern "C"

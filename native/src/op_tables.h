// The op tables of the native kernels, each stated once: an X-macro list gives both the enum the kernels
// switch on and the names the JavaScript side passes (src/backend/interface.ts UNARY_OPS, BINARY_OPS,
// REDUCE_OPS, RNN_GATES, in the same order; test/backend/parity/op-tables.parity.test.ts checks that
// the two sides agree through the addon's opTables()). Glue code (N-API, WebAssembly) looks names up
// here; nothing else lists them.
#pragma once
#include <cstdint>
#include <cstring>

namespace seqlab {

// X(enumerator, name)
#define SEQLAB_UNARY_OPS(X)                                                                                 \
  X(Linear, "linear") X(Relu, "relu") X(Sigmoid, "sigmoid") X(Tanh, "tanh") X(HardSigmoid, "hardSigmoid") \
  X(Exp, "exp") X(Log, "log") X(Neg, "neg") X(Sqrt, "sqrt") X(Abs, "abs") X(Square, "square")               \
  X(Softplus, "softplus") X(Elu, "elu") X(Selu, "selu") X(Gelu, "gelu") X(Swish, "swish")
#define SEQLAB_BINARY_OPS(X)                                                                                \
  X(Add, "add") X(Sub, "sub") X(Mul, "mul") X(Div, "div") X(Maximum, "maximum") X(Minimum, "minimum")      \
  X(Equal, "equal") X(Greater, "greater")
#define SEQLAB_REDUCE_OPS(X) X(Sum, "sum") X(Max, "max") X(Min, "min")
// X(enumerator, name, gates): the recurrent kernel families and their gate counts G (weight columns G·H).
#define SEQLAB_RNN_KINDS(X) X(Lstm, "lstm", 4) X(Gru, "gru", 3) X(SimpleRnn, "simpleRnn", 1)

#define SEQLAB_ENUMERATOR(e, ...) e,
#define SEQLAB_NAME(e, name, ...) name,
#define SEQLAB_GATES(e, name, gates) gates,

enum class UnaryOp { SEQLAB_UNARY_OPS(SEQLAB_ENUMERATOR) };
enum class BinaryOp { SEQLAB_BINARY_OPS(SEQLAB_ENUMERATOR) };
enum class ReduceOp { SEQLAB_REDUCE_OPS(SEQLAB_ENUMERATOR) };
enum class RnnKind { SEQLAB_RNN_KINDS(SEQLAB_ENUMERATOR) };

inline constexpr const char* kUnaryOpNames[] = {SEQLAB_UNARY_OPS(SEQLAB_NAME)};
inline constexpr const char* kBinaryOpNames[] = {SEQLAB_BINARY_OPS(SEQLAB_NAME)};
inline constexpr const char* kReduceOpNames[] = {SEQLAB_REDUCE_OPS(SEQLAB_NAME)};
inline constexpr const char* kRnnKindNames[] = {SEQLAB_RNN_KINDS(SEQLAB_NAME)};
inline constexpr int kRnnGates[] = {SEQLAB_RNN_KINDS(SEQLAB_GATES)};

#undef SEQLAB_ENUMERATOR
#undef SEQLAB_NAME
#undef SEQLAB_GATES

template <typename T, size_t N>
constexpr int table_size(const T (&)[N]) {
  return int(N);
}

// The index of `name` in `names`, or -1.
template <size_t N>
int op_index(const char* const (&names)[N], const char* name) {
  for (size_t i = 0; i < N; i++)
    if (std::strcmp(names[i], name) == 0) return int(i);
  return -1;
}

inline int rnn_gates(RnnKind kind) { return kRnnGates[int(kind)]; }

}  // namespace seqlab

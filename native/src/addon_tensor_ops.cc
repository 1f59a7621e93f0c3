// N-API glue of the tensor kernels: gemm, element-wise, reductions, layout, softmax, embedding, dropout.
// Unwraps typed arrays, checks every length against the dimensions (throwing a JS Error that names the
// kernel and the mismatch) and calls the plain C++ kernels of kernels.h. No arithmetic on data here.
#include <cmath>
#include <string>
#include <vector>

#include "kernels.h"
#include "napi_helpers.h"

namespace seqlab::napi {
namespace {

// ---- gemm(m, n, k, a, b, c, transA, transB, alpha, beta) ----
Napi::Value Gemm(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const char* K = "gemm";
  const int64_t m = dim(info, 0, K, "m"), n = dim(info, 1, K, "n"), k = dim(info, 2, K, "k");
  const auto a = f32(info, 3, K, "a");
  const auto b = f32(info, 4, K, "b");
  const auto c = f32(info, 5, K, "c");
  const bool ta = info[6].ToBoolean().Value(), tb = info[7].ToBoolean().Value();
  const double alpha = number(info, 8, K, "alpha"), beta = number(info, 9, K, "beta");
  const std::string mk = "(m, k) = (" + std::to_string(m) + ", " + std::to_string(k) + ")";
  const std::string kn = "(k, n) = (" + std::to_string(k) + ", " + std::to_string(n) + ")";
  const std::string mn = "(m, n) = (" + std::to_string(m) + ", " + std::to_string(n) + ")";
  check_len(env, K, "a", a.size, m * k, mk + (ta ? " with transA" : ""));
  check_len(env, K, "b", b.size, k * n, kn + (tb ? " with transB" : ""));
  check_len(env, K, "c", c.size, m * n, mn);
  seqlab::sgemm(ta, tb, m, n, k, float(alpha), a.data, b.data, float(beta), c.data);
  return env.Undefined();
}

// ---- unary(op, x, out), unaryBackward(op, x, y, dy, dx) ----
Napi::Value Unary(const Napi::CallbackInfo& info) {
  const char* K = "unary";
  const UnaryOp op = op_arg<UnaryOp>(info.Env(), info[0], kUnaryOpNames, K, "unary op");
  const auto x = f32(info, 1, K, "x");
  const auto out = f32(info, 2, K, "out");
  check_len(info.Env(), K, "out", out.size, x.size, "x");
  seqlab::unary(op, x.data, out.data, x.size);
  return info.Env().Undefined();
}

Napi::Value UnaryBackward(const Napi::CallbackInfo& info) {
  const char* K = "unaryBackward";
  const UnaryOp op = op_arg<UnaryOp>(info.Env(), info[0], kUnaryOpNames, K, "unary op");
  const auto x = f32(info, 1, K, "x"), y = f32(info, 2, K, "y"), dy = f32(info, 3, K, "dy"), dx = f32(info, 4, K, "dx");
  check_len(info.Env(), K, "y", y.size, x.size, "x");
  check_len(info.Env(), K, "dy", dy.size, x.size, "x");
  check_len(info.Env(), K, "dx", dx.size, x.size, "x");
  seqlab::unary_backward(op, x.data, y.data, dy.data, dx.data, x.size);
  return info.Env().Undefined();
}

// ---- binary(op, a, aShape, b, bShape, out, outShape) ----
Napi::Value Binary(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const char* K = "binary";
  const BinaryOp op = op_arg<BinaryOp>(env, info[0], kBinaryOpNames, K, "binary op");
  const auto a = f32(info, 1, K, "a");
  std::vector<int64_t> as = shape_arg(info, 2, K, "aShape");
  const auto b = f32(info, 3, K, "b");
  std::vector<int64_t> bs = shape_arg(info, 4, K, "bShape");
  const auto out = f32(info, 5, K, "out");
  const std::vector<int64_t> os = shape_arg(info, 6, K, "outShape");
  check_len(env, K, "a", a.size, product(as), "aShape " + shape_str(as));
  check_len(env, K, "b", b.size, product(bs), "bShape " + shape_str(bs));
  check_len(env, K, "out", out.size, product(os), "outShape " + shape_str(os));
  for (auto* sh : {&as, &bs}) {
    if (sh->size() > os.size()) fail(env, std::string(K) + ": operand shape " + shape_str(*sh) + " has more dimensions than outShape " + shape_str(os));
    const std::vector<int64_t> orig = *sh;
    sh->insert(sh->begin(), os.size() - sh->size(), 1);
    for (size_t d = 0; d < os.size(); d++) {
      if ((*sh)[d] != 1 && (*sh)[d] != os[d]) {
        fail(env, std::string(K) + ": operand shape " + shape_str(orig) + " does not broadcast to outShape " + shape_str(os));
      }
    }
  }
  seqlab::binary(op, a.data, as, b.data, bs, out.data, os);
  return env.Undefined();
}

// ---- reduce(op, x, shape, axes, out) ----
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const char* K = "reduce";
  const ReduceOp op = op_arg<ReduceOp>(env, info[0], kReduceOpNames, K, "reduce op");
  const auto x = f32(info, 1, K, "x");
  const std::vector<int64_t> shape = shape_arg(info, 2, K, "shape");
  const std::vector<int64_t> axes = shape_arg(info, 3, K, "axes");
  const auto out = f32(info, 4, K, "out");
  check_len(env, K, "x", x.size, product(shape), "shape " + shape_str(shape));
  std::vector<bool> reduced(shape.size(), false);
  int64_t kept = 1;
  for (int64_t ax : axes) {
    if (ax >= int64_t(shape.size())) fail(env, std::string(K) + ": axis " + std::to_string(ax) + " is out of range for shape " + shape_str(shape));
    reduced[size_t(ax)] = true;
  }
  for (size_t d = 0; d < shape.size(); d++)
    if (!reduced[d]) kept *= shape[d];
  check_len(env, K, "out", out.size, kept, "shape " + shape_str(shape) + " reduced over axes " + shape_str(axes));
  seqlab::reduce(op, x.data, shape, reduced, out.data);
  return env.Undefined();
}

// ---- transpose(x, shape, perm, out): Float32Array or Int32Array ----
Napi::Value Transpose(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const char* K = "transpose";
  const bool ints = is_int32_array(info[0]);
  const Span<uint32_t> x = ints ? typed<uint32_t, napi_int32_array>(env, info[0], K, "x", "Int32Array")
                                : typed<uint32_t, napi_float32_array>(env, info[0], K, "x", "Float32Array or Int32Array");
  const std::vector<int64_t> shape = shape_arg(info, 1, K, "shape");
  const std::vector<int64_t> perm = shape_arg(info, 2, K, "perm");
  const Span<uint32_t> out = ints ? typed<uint32_t, napi_int32_array>(env, info[3], K, "out", "Int32Array (like x)")
                                  : typed<uint32_t, napi_float32_array>(env, info[3], K, "out", "Float32Array (like x)");
  std::vector<bool> seen(shape.size(), false);
  if (perm.size() != shape.size()) fail(env, std::string(K) + ": perm " + shape_str(perm) + " does not match the rank of shape " + shape_str(shape));
  for (int64_t p : perm) {
    if (p >= int64_t(shape.size()) || seen[size_t(p)]) fail(env, std::string(K) + ": perm " + shape_str(perm) + " is not a permutation");
    seen[size_t(p)] = true;
  }
  check_len(env, K, "x", x.size, product(shape), "shape " + shape_str(shape));
  check_len(env, K, "out", out.size, product(shape), "shape " + shape_str(shape));
  seqlab::transpose32(x.data, shape, perm, out.data);
  return env.Undefined();
}

// ---- copyRegion(src, srcShape, srcBegin, dst, dstShape, dstBegin, region, accumulate) ----
Napi::Value CopyRegion(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const char* K = "copyRegion";
  const bool ints = is_int32_array(info[0]);
  const std::vector<int64_t> ss = shape_arg(info, 1, K, "srcShape"), sb = shape_arg(info, 2, K, "srcBegin");
  const std::vector<int64_t> ds = shape_arg(info, 4, K, "dstShape"), db = shape_arg(info, 5, K, "dstBegin");
  const std::vector<int64_t> region = shape_arg(info, 6, K, "region");
  const bool acc = info[7].ToBoolean().Value();
  const size_t rank = region.size();
  if (ss.size() != rank || sb.size() != rank || ds.size() != rank || db.size() != rank) {
    fail(env, std::string(K) + ": srcShape, srcBegin, dstShape, dstBegin and region must have the same rank, got " +
                  shape_str(ss) + ", " + shape_str(sb) + ", " + shape_str(ds) + ", " + shape_str(db) + ", " + shape_str(region));
  }
  if (product(region) != 0) {
    for (size_t d = 0; d < rank; d++) {
      if (sb[d] + region[d] > ss[d] || db[d] + region[d] > ds[d]) {
        fail(env, std::string(K) + ": region " + shape_str(region) + " at srcBegin " + shape_str(sb) + " / dstBegin " +
                      shape_str(db) + " does not fit srcShape " + shape_str(ss) + " / dstShape " + shape_str(ds));
      }
    }
  }
  if (ints) {
    const auto src = i32(info, 0, K, "src");
    const auto dst = typed<int32_t, napi_int32_array>(env, info[3], K, "dst", "Int32Array (like src)");
    check_len(env, K, "src", src.size, product(ss), "srcShape " + shape_str(ss));
    check_len(env, K, "dst", dst.size, product(ds), "dstShape " + shape_str(ds));
    seqlab::copy_region_i32(src.data, ss, sb, dst.data, ds, db, region, acc);
  } else {
    const auto src = typed<float, napi_float32_array>(env, info[0], K, "src", "Float32Array or Int32Array");
    const auto dst = typed<float, napi_float32_array>(env, info[3], K, "dst", "Float32Array (like src)");
    check_len(env, K, "src", src.size, product(ss), "srcShape " + shape_str(ss));
    check_len(env, K, "dst", dst.size, product(ds), "dstShape " + shape_str(ds));
    seqlab::copy_region_f32(src.data, ss, sb, dst.data, ds, db, region, acc);
  }
  return env.Undefined();
}

// ---- softmax(x, rows, cols, out, log), softmaxBackward(y, dy, rows, cols, dx, log) ----
Napi::Value Softmax(const Napi::CallbackInfo& info) {
  const char* K = "softmax";
  const auto x = f32(info, 0, K, "x");
  const int64_t rows = dim(info, 1, K, "rows"), cols = dim(info, 2, K, "cols");
  const auto out = f32(info, 3, K, "out");
  const std::string why = "(rows, cols) = (" + std::to_string(rows) + ", " + std::to_string(cols) + ")";
  check_len(info.Env(), K, "x", x.size, rows * cols, why);
  check_len(info.Env(), K, "out", out.size, rows * cols, why);
  seqlab::softmax(x.data, rows, cols, out.data, info[4].ToBoolean().Value());
  return info.Env().Undefined();
}

Napi::Value SoftmaxBackward(const Napi::CallbackInfo& info) {
  const char* K = "softmaxBackward";
  const auto y = f32(info, 0, K, "y"), dy = f32(info, 1, K, "dy");
  const int64_t rows = dim(info, 2, K, "rows"), cols = dim(info, 3, K, "cols");
  const auto dx = f32(info, 4, K, "dx");
  const std::string why = "(rows, cols) = (" + std::to_string(rows) + ", " + std::to_string(cols) + ")";
  check_len(info.Env(), K, "y", y.size, rows * cols, why);
  check_len(info.Env(), K, "dy", dy.size, rows * cols, why);
  check_len(info.Env(), K, "dx", dx.size, rows * cols, why);
  seqlab::softmax_backward(y.data, dy.data, rows, cols, dx.data, info[5].ToBoolean().Value());
  return info.Env().Undefined();
}

// ---- embeddingForward(table, V, E, ids, out) → -1 or the position of the first bad id ----
Napi::Value EmbeddingForward(const Napi::CallbackInfo& info) {
  const char* K = "embeddingForward";
  const auto table = f32(info, 0, K, "table");
  const int64_t V = dim(info, 1, K, "V"), E = dim(info, 2, K, "E");
  const auto ids = i32(info, 3, K, "ids");
  const auto out = f32(info, 4, K, "out");
  check_len(info.Env(), K, "table", table.size, V * E, "(V, E) = (" + std::to_string(V) + ", " + std::to_string(E) + ")");
  check_len(info.Env(), K, "out", out.size, ids.size * E, "(N, E) = (" + std::to_string(ids.size) + ", " + std::to_string(E) + ")");
  return Napi::Number::New(info.Env(), double(seqlab::embedding_forward(table.data, V, E, ids.data, ids.size, out.data)));
}

// ---- embeddingBackward(dOut, slot, E, dRows) → -1 or the position of the first bad slot ----
Napi::Value EmbeddingBackward(const Napi::CallbackInfo& info) {
  const char* K = "embeddingBackward";
  const auto d_out = f32(info, 0, K, "dOut");
  const auto slot = i32(info, 1, K, "slot");
  const int64_t E = dim(info, 2, K, "E");
  const auto d_rows = f32(info, 3, K, "dRows");
  check_len(info.Env(), K, "dOut", d_out.size, slot.size * E, "(N, E) = (" + std::to_string(slot.size) + ", " + std::to_string(E) + ")");
  if (E == 0 ? d_rows.size != 0 : d_rows.size % E != 0) {
    fail(info.Env(), std::string(K) + ": dRows has length " + std::to_string(d_rows.size) + ", not a multiple of E = " + std::to_string(E));
  }
  const int64_t U = E == 0 ? 0 : d_rows.size / E;
  return Napi::Number::New(info.Env(), double(seqlab::embedding_backward(d_out.data, slot.data, slot.size, E, d_rows.data, U)));
}

// ---- dropoutMask(key0, key1, offset, rate, out) ----
Napi::Value DropoutMask(const Napi::CallbackInfo& info) {
  const char* K = "dropoutMask";
  const double k0 = number(info, 0, K, "key[0]"), k1 = number(info, 1, K, "key[1]");
  const int64_t offset = dim(info, 2, K, "offset");
  const double rate = number(info, 3, K, "rate");
  const auto out = f32(info, 4, K, "out");
  // ToUint32 of the key words, as `>>> 0` in philox.ts.
  const auto to_u32 = [](double d) { return uint32_t(int64_t(std::fmod(std::trunc(d), 4294967296.0)) & 0xffffffff); };
  seqlab::dropout_mask(to_u32(k0), to_u32(k1), uint64_t(offset), rate, out.data, out.size);
  return info.Env().Undefined();
}

}  // namespace

void register_tensor_ops(Napi::Env env, Napi::Object exports) {
  exports.Set("gemm", Napi::Function::New(env, Gemm, "gemm"));
  exports.Set("unary", Napi::Function::New(env, Unary, "unary"));
  exports.Set("unaryBackward", Napi::Function::New(env, UnaryBackward, "unaryBackward"));
  exports.Set("binary", Napi::Function::New(env, Binary, "binary"));
  exports.Set("reduce", Napi::Function::New(env, Reduce, "reduce"));
  exports.Set("transpose", Napi::Function::New(env, Transpose, "transpose"));
  exports.Set("copyRegion", Napi::Function::New(env, CopyRegion, "copyRegion"));
  exports.Set("softmax", Napi::Function::New(env, Softmax, "softmax"));
  exports.Set("softmaxBackward", Napi::Function::New(env, SoftmaxBackward, "softmaxBackward"));
  exports.Set("embeddingForward", Napi::Function::New(env, EmbeddingForward, "embeddingForward"));
  exports.Set("embeddingBackward", Napi::Function::New(env, EmbeddingBackward, "embeddingBackward"));
  exports.Set("dropoutMask", Napi::Function::New(env, DropoutMask, "dropoutMask"));
}

}  // namespace seqlab::napi

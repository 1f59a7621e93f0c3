// N-API glue only: unwrap typed arrays, check every length against the dimensions (throwing a JS
// Error that names the kernel and the mismatch), and call the plain C++ kernels of kernels.h.
// No arithmetic on data happens here. Export names are the Backend method names of
// src/backend/interface.ts; src/backend/native/index.ts adapts the argument lists.
#include <napi.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "kernels.h"
#include "threadpool.h"

namespace {

using seqlab::BinaryOp;
using seqlab::ReduceOp;
using seqlab::UnaryOp;

[[noreturn]] void fail(const Napi::Env& env, const std::string& msg) { throw Napi::Error::New(env, msg); }
[[noreturn]] void fail_type(const Napi::Env& env, const std::string& msg) { throw Napi::TypeError::New(env, msg); }

template <typename T>
struct Span {
  T* data = nullptr;
  int64_t size = 0;
};

template <typename T, napi_typedarray_type kType>
Span<T> typed(const Napi::CallbackInfo& info, size_t i, const char* kernel, const char* name, const char* type_name,
              bool nullable = false) {
  const Napi::Value v = info[i];
  if (nullable && (v.IsNull() || v.IsUndefined())) return {};
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != kType) {
    fail_type(info.Env(), std::string(kernel) + ": " + name + " must be a " + type_name);
  }
  Napi::TypedArray ta = v.As<Napi::TypedArray>();
  auto* base = static_cast<uint8_t*>(ta.ArrayBuffer().Data());
  return {reinterpret_cast<T*>(base + ta.ByteOffset()), int64_t(ta.ElementLength())};
}

Span<float> f32(const Napi::CallbackInfo& info, size_t i, const char* kernel, const char* name, bool nullable = false) {
  return typed<float, napi_float32_array>(info, i, kernel, name, "Float32Array", nullable);
}
Span<int32_t> i32(const Napi::CallbackInfo& info, size_t i, const char* kernel, const char* name) {
  return typed<int32_t, napi_int32_array>(info, i, kernel, name, "Int32Array");
}

int64_t dim(const Napi::CallbackInfo& info, size_t i, const char* kernel, const char* name) {
  const Napi::Value v = info[i];
  if (!v.IsNumber()) fail_type(info.Env(), std::string(kernel) + ": " + name + " must be a number");
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= 0) || d != std::floor(d) || d > 9.0e15) {
    fail(info.Env(), std::string(kernel) + ": " + name + " must be a non-negative integer, got " + std::to_string(d));
  }
  return int64_t(d);
}

double number(const Napi::CallbackInfo& info, size_t i, const char* kernel, const char* name) {
  const Napi::Value v = info[i];
  if (!v.IsNumber()) fail_type(info.Env(), std::string(kernel) + ": " + name + " must be a number");
  return v.As<Napi::Number>().DoubleValue();
}

double prop(const Napi::Env& env, const Napi::Object& o, const char* kernel, const char* key) {
  const Napi::Value v = o.Get(key);
  if (!v.IsNumber()) fail_type(env, std::string(kernel) + ": hyperparameter " + key + " must be a number");
  return v.As<Napi::Number>().DoubleValue();
}

bool flag(const Napi::Object& o, const char* key) { return o.Get(key).ToBoolean().Value(); }

std::vector<int64_t> shape_arg(const Napi::CallbackInfo& info, size_t i, const char* kernel, const char* name) {
  const Napi::Value v = info[i];
  if (!v.IsArray()) fail_type(info.Env(), std::string(kernel) + ": " + name + " must be an array of integers");
  Napi::Array arr = v.As<Napi::Array>();
  std::vector<int64_t> out(arr.Length());
  for (uint32_t d = 0; d < arr.Length(); d++) {
    const Napi::Value e = arr.Get(d);
    const double x = e.IsNumber() ? e.As<Napi::Number>().DoubleValue() : -1.0;
    if (!(x >= 0) || x != std::floor(x)) {
      fail(info.Env(), std::string(kernel) + ": " + name + "[" + std::to_string(d) + "] must be a non-negative integer");
    }
    out[d] = int64_t(x);
  }
  return out;
}

std::string shape_str(const std::vector<int64_t>& s) {
  std::string r = "[";
  for (size_t d = 0; d < s.size(); d++) r += (d ? ", " : "") + std::to_string(s[d]);
  return r + "]";
}

int64_t product(const std::vector<int64_t>& s) {
  int64_t p = 1;
  for (int64_t x : s) p *= x;
  return p;
}

void check_len(const Napi::Env& env, const char* kernel, const char* name, int64_t actual, int64_t expected,
               const std::string& why) {
  if (actual != expected) {
    fail(env, std::string(kernel) + ": " + name + " has length " + std::to_string(actual) + " but " + why + " needs " +
                  std::to_string(expected));
  }
}

UnaryOp unary_op(const Napi::CallbackInfo& info, const char* kernel) {
  static const char* names[] = {"linear", "relu", "sigmoid", "tanh",     "hardSigmoid", "exp",  "log",  "neg",
                                "sqrt",   "abs",  "square",  "softplus", "elu",         "selu", "gelu", "swish"};
  const std::string s = info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : std::string();
  for (int i = 0; i < 16; i++)
    if (s == names[i]) return UnaryOp(i);
  fail(info.Env(), std::string(kernel) + ": unknown unary op '" + s + "'");
}

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
  const UnaryOp op = unary_op(info, K);
  const auto x = f32(info, 1, K, "x");
  const auto out = f32(info, 2, K, "out");
  check_len(info.Env(), K, "out", out.size, x.size, "x");
  seqlab::unary(op, x.data, out.data, x.size);
  return info.Env().Undefined();
}

Napi::Value UnaryBackward(const Napi::CallbackInfo& info) {
  const char* K = "unaryBackward";
  const UnaryOp op = unary_op(info, K);
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
  static const char* names[] = {"add", "sub", "mul", "div", "maximum", "minimum", "equal", "greater"};
  const std::string s = info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : std::string();
  int opi = -1;
  for (int i = 0; i < 8; i++)
    if (s == names[i]) opi = i;
  if (opi < 0) fail(env, std::string(K) + ": unknown binary op '" + s + "'");
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
  seqlab::binary(BinaryOp(opi), a.data, as, b.data, bs, out.data, os);
  return env.Undefined();
}

// ---- reduce(op, x, shape, axes, out) ----
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const char* K = "reduce";
  const std::string s = info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : std::string();
  ReduceOp op;
  if (s == "sum") op = ReduceOp::Sum;
  else if (s == "max") op = ReduceOp::Max;
  else if (s == "min") op = ReduceOp::Min;
  else fail(env, std::string(K) + ": unknown reduce op '" + s + "'");
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

bool is_int32(const Napi::Value& v) {
  return v.IsTypedArray() && v.As<Napi::TypedArray>().TypedArrayType() == napi_int32_array;
}

// ---- transpose(x, shape, perm, out): Float32Array or Int32Array ----
Napi::Value Transpose(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const char* K = "transpose";
  const bool ints = is_int32(info[0]);
  const Span<uint32_t> x = ints ? typed<uint32_t, napi_int32_array>(info, 0, K, "x", "Int32Array")
                                : typed<uint32_t, napi_float32_array>(info, 0, K, "x", "Float32Array or Int32Array");
  const std::vector<int64_t> shape = shape_arg(info, 1, K, "shape");
  const std::vector<int64_t> perm = shape_arg(info, 2, K, "perm");
  const Span<uint32_t> out = ints ? typed<uint32_t, napi_int32_array>(info, 3, K, "out", "Int32Array (like x)")
                                  : typed<uint32_t, napi_float32_array>(info, 3, K, "out", "Float32Array (like x)");
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
  const bool ints = is_int32(info[0]);
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
    const auto dst = typed<int32_t, napi_int32_array>(info, 3, K, "dst", "Int32Array (like src)");
    check_len(env, K, "src", src.size, product(ss), "srcShape " + shape_str(ss));
    check_len(env, K, "dst", dst.size, product(ds), "dstShape " + shape_str(ds));
    seqlab::copy_region_i32(src.data, ss, sb, dst.data, ds, db, region, acc);
  } else {
    const auto src = typed<float, napi_float32_array>(info, 0, K, "src", "Float32Array or Int32Array");
    const auto dst = typed<float, napi_float32_array>(info, 3, K, "dst", "Float32Array (like src)");
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

// ---- optimizers: (param, grad, slots…, hyper object) ----
void check_same(const Napi::Env& env, const char* kernel, const char* name, const Span<float>& s, int64_t n) {
  if (s.data != nullptr) check_len(env, kernel, name, s.size, n, "param");
}

Napi::Value SgdStep(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const char* K = "sgdStep";
  const auto p = f32(info, 0, K, "param"), g = f32(info, 1, K, "grad"), vel = f32(info, 2, K, "velocity", true);
  const Napi::Object h = info[3].As<Napi::Object>();
  check_same(env, K, "grad", g, p.size);
  check_same(env, K, "velocity", vel, p.size);
  seqlab::sgd_step(p.data, g.data, vel.data, p.size, prop(env, h, K, "learningRate"), prop(env, h, K, "momentum"),
                   flag(h, "nesterov"));
  return env.Undefined();
}

Napi::Value AdamStep(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const char* K = "adamStep";
  const auto p = f32(info, 0, K, "param"), g = f32(info, 1, K, "grad"), m = f32(info, 2, K, "m"), v = f32(info, 3, K, "v");
  const auto vmax = f32(info, 4, K, "vMax", true);
  const Napi::Object h = info[5].As<Napi::Object>();
  check_same(env, K, "grad", g, p.size);
  check_same(env, K, "m", m, p.size);
  check_same(env, K, "v", v, p.size);
  check_same(env, K, "vMax", vmax, p.size);
  seqlab::adam_step(p.data, g.data, m.data, v.data, vmax.data, p.size, prop(env, h, K, "learningRate"),
                    prop(env, h, K, "beta1"), prop(env, h, K, "beta2"), prop(env, h, K, "epsilon"),
                    prop(env, h, K, "step"), prop(env, h, K, "weightDecay"), flag(h, "amsgrad"));
  return env.Undefined();
}

Napi::Value RmspropStep(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const char* K = "rmspropStep";
  const auto p = f32(info, 0, K, "param"), g = f32(info, 1, K, "grad"), ms = f32(info, 2, K, "meanSquare");
  const auto mom = f32(info, 3, K, "momentum", true), mg = f32(info, 4, K, "meanGrad", true);
  const Napi::Object h = info[5].As<Napi::Object>();
  check_same(env, K, "grad", g, p.size);
  check_same(env, K, "meanSquare", ms, p.size);
  check_same(env, K, "momentum", mom, p.size);
  check_same(env, K, "meanGrad", mg, p.size);
  seqlab::rmsprop_step(p.data, g.data, ms.data, mom.data, mg.data, p.size, prop(env, h, K, "learningRate"),
                       prop(env, h, K, "rho"), prop(env, h, K, "momentum"), prop(env, h, K, "epsilon"),
                       flag(h, "centered"));
  return env.Undefined();
}

Napi::Value AdagradStep(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const char* K = "adagradStep";
  const auto p = f32(info, 0, K, "param"), g = f32(info, 1, K, "grad"), acc = f32(info, 2, K, "accumulator");
  const Napi::Object h = info[3].As<Napi::Object>();
  check_same(env, K, "grad", g, p.size);
  check_same(env, K, "accumulator", acc, p.size);
  seqlab::adagrad_step(p.data, g.data, acc.data, p.size, prop(env, h, K, "learningRate"), prop(env, h, K, "epsilon"));
  return env.Undefined();
}


// ---- recurrent sequence kernels ----
// {lstm,gru,simpleRnn}SequenceForward(x, kernel, recurrentKernel, bias, h0, c0, mask, inputDropoutMask,
//   recurrentDropoutMask, T, B, I, H, reverse, activation, recurrentActivation, resetAfter, xBatchMajor,
//   y, hT, cT, gates, h, c, candidate)   — saved arrays (gates…candidate) all null: inference
// …SequenceBackward(same 18 arguments, gates, h, c, candidate, dY, dHT, dCT, dX, dKernel,
//   dRecurrentKernel, dBias, dH0, dC0). Activations are UnaryOp indices (the unary_op table order).
enum class RnnKind { Lstm, Gru, SimpleRnn };
// The arguments every recurrent call starts with (x … xBatchMajor, xIds), and each direction's count.
constexpr size_t kRnnCommon = 19, kRnnForwardArgs = kRnnCommon + 7, kRnnBackwardArgs = kRnnCommon + 13;

struct RnnCall {
  seqlab::RnnArgs args{};
  int64_t G = 1, bias_len = 0;
  bool lstm = false, gru = false;
};

UnaryOp act_arg(const Napi::CallbackInfo& info, size_t i, const char* K, const char* name) {
  const double d = number(info, i, K, name);
  if (!(d >= 0 && d < 16) || d != std::floor(d)) fail(info.Env(), std::string(K) + ": " + name + " must be a unary op index");
  return UnaryOp(int(d));
}

RnnCall rnn_args(const Napi::CallbackInfo& info, size_t o, RnnKind kind, const char* K) {
  const Napi::Env env = info.Env();
  RnnCall c;
  c.lstm = kind == RnnKind::Lstm;
  c.gru = kind == RnnKind::Gru;
  c.G = c.lstm ? 4 : c.gru ? 3 : 1;
  seqlab::RnnArgs& a = c.args;
  const int64_t T = dim(info, o + 9, K, "T"), B = dim(info, o + 10, K, "B"), I = dim(info, o + 11, K, "I"), H = dim(info, o + 12, K, "H");
  a.T = T, a.B = B, a.I = I, a.H = H;
  a.reverse = info[o + 13].ToBoolean().Value();
  a.activation = act_arg(info, o + 14, K, "activation");
  a.recurrent_activation = act_arg(info, o + 15, K, "recurrentActivation");
  a.reset_after = c.gru && info[o + 16].ToBoolean().Value();
  a.x_batch_major = info[o + 17].ToBoolean().Value();
  const int64_t GH = c.G * H;
  const std::string dims = " (T, B, I, H) = (" + std::to_string(T) + ", " + std::to_string(B) + ", " + std::to_string(I) +
                           ", " + std::to_string(H) + ")";
  const auto x = f32(info, o + 0, K, "x"), w = f32(info, o + 1, K, "kernel"), u = f32(info, o + 2, K, "recurrentKernel");
  const auto bias = f32(info, o + 3, K, "bias", true), h0 = f32(info, o + 4, K, "h0"), c0 = f32(info, o + 5, K, "c0", true);
  const auto mask = typed<uint8_t, napi_uint8_array>(info, o + 6, K, "mask", "Uint8Array", true);
  const auto im = f32(info, o + 7, K, "inputDropoutMask", true), rm = f32(info, o + 8, K, "recurrentDropoutMask", true);
  const auto ids = typed<int32_t, napi_int32_array>(info, o + 18, K, "xIds", "Int32Array", true);
  if (ids.data) {
    // x is a (V, I) table read through the ids (B, T); an id outside it would read out of bounds.
    check_len(env, K, "xIds", ids.size, B * T, dims);
    if (I == 0 || x.size % I != 0) fail(env, std::string(K) + ": x must be a (V, I) table with xIds" + dims);
    const int64_t V = int64_t(x.size) / I;
    for (int64_t n = 0; n < ids.size; n++)
      if (ids.data[n] < 0 || ids.data[n] >= V)
        fail(env, std::string(K) + ": xIds[" + std::to_string(n) + "] = " + std::to_string(ids.data[n]) +
                      " is outside the table's " + std::to_string(V) + " rows");
  } else {
    check_len(env, K, "x", x.size, T * B * I, dims);
  }
  check_len(env, K, "kernel", w.size, I * GH, dims);
  check_len(env, K, "recurrentKernel", u.size, H * GH, dims);
  c.bias_len = a.reset_after ? 2 * GH : GH;
  if (bias.data) check_len(env, K, "bias", bias.size, c.bias_len, dims + (a.reset_after ? " with resetAfter" : ""));
  check_len(env, K, "h0", h0.size, B * H, dims);
  if (c.lstm) {
    if (!c0.data) fail_type(env, std::string(K) + ": c0 must be a Float32Array for an LSTM");
    check_len(env, K, "c0", c0.size, B * H, dims);
  }
  if (mask.data) check_len(env, K, "mask", mask.size, T * B, dims);
  if (im.data) check_len(env, K, "inputDropoutMask", im.size, B * I, dims);
  if (rm.data) check_len(env, K, "recurrentDropoutMask", rm.size, B * H, dims);
  a.x = x.data, a.x_ids = ids.data, a.kernel = w.data, a.recurrent_kernel = u.data, a.bias = bias.data, a.h0 = h0.data;
  a.c0 = c.lstm ? c0.data : nullptr;
  a.mask = mask.data, a.input_dropout = im.data, a.recurrent_dropout = rm.data;
  return c;
}

seqlab::RnnSavedPtrs rnn_saved(const Napi::CallbackInfo& info, size_t i, const RnnCall& c, const char* K, bool required) {
  const Napi::Env env = info.Env();
  const seqlab::RnnArgs& a = c.args;
  const std::string dims = " (T, B, H) = (" + std::to_string(a.T) + ", " + std::to_string(a.B) + ", " + std::to_string(a.H) + ")";
  const auto gates = f32(info, i, K, "saved.gates", !required), h = f32(info, i + 1, K, "saved.h", true);
  const auto cs = f32(info, i + 2, K, "saved.c", true), cand = f32(info, i + 3, K, "saved.candidate", true);
  seqlab::RnnSavedPtrs s{};
  if (!gates.data) return s;
  const int64_t TBH = a.T * a.B * a.H;
  check_len(env, K, "saved.gates", gates.size, TBH * c.G, dims);
  if (!h.data) fail_type(env, std::string(K) + ": saved.h must be a Float32Array");
  check_len(env, K, "saved.h", h.size, TBH, dims);
  if (c.lstm) {
    if (!cs.data) fail_type(env, std::string(K) + ": saved.c must be a Float32Array for an LSTM");
    check_len(env, K, "saved.c", cs.size, TBH, dims);
  }
  if (c.gru) {
    if (!cand.data) fail_type(env, std::string(K) + ": saved.candidate must be a Float32Array for a GRU");
    check_len(env, K, "saved.candidate", cand.size, TBH, dims);
  }
  s.gates = gates.data, s.h = h.data, s.c = c.lstm ? cs.data : nullptr, s.candidate = c.gru ? cand.data : nullptr;
  return s;
}

struct ForwardCall {
  RnnCall c;
  seqlab::RnnOutputs out;
  seqlab::RnnSavedPtrs saved;
};

// The kRnnForwardArgs forward arguments of one direction starting at info[o].
ForwardCall parse_forward(const Napi::CallbackInfo& info, size_t o, RnnKind kind, const char* K) {
  const Napi::Env env = info.Env();
  ForwardCall f{rnn_args(info, o, kind, K), {}, {}};
  const RnnCall& c = f.c;
  const seqlab::RnnArgs& a = c.args;
  const std::string dims = " (T, B, H) = (" + std::to_string(a.T) + ", " + std::to_string(a.B) + ", " + std::to_string(a.H) + ")";
  const size_t r = o + kRnnCommon;
  const auto y = f32(info, r, K, "y", true), hT = f32(info, r + 1, K, "hT"), cT = f32(info, r + 2, K, "cT", true);
  if (y.data) check_len(env, K, "y", y.size, a.T * a.B * a.H, dims);
  check_len(env, K, "hT", hT.size, a.B * a.H, dims);
  if (c.lstm) {
    if (!cT.data) fail_type(env, std::string(K) + ": cT must be a Float32Array for an LSTM");
    check_len(env, K, "cT", cT.size, a.B * a.H, dims);
  }
  f.saved = rnn_saved(info, r + 3, c, K, false);
  f.out = {y.data, hT.data, c.lstm ? cT.data : nullptr};
  return f;
}

void run_forward(RnnKind kind, const ForwardCall& f) {
  if (kind == RnnKind::Lstm) seqlab::lstm_sequence_forward(f.c.args, f.out, f.saved);
  else if (kind == RnnKind::Gru) seqlab::gru_sequence_forward(f.c.args, f.out, f.saved);
  else seqlab::simple_rnn_sequence_forward(f.c.args, f.out, f.saved);
}

struct BackwardCall {
  RnnCall c;
  seqlab::RnnSavedPtrs saved;
  seqlab::RnnUpstreamPtrs up;
  seqlab::RnnGradPtrs g;
};

// The kRnnBackwardArgs backward arguments of one direction starting at info[o].
BackwardCall parse_backward(const Napi::CallbackInfo& info, size_t o, RnnKind kind, const char* K) {
  const Napi::Env env = info.Env();
  BackwardCall b{rnn_args(info, o, kind, K), {}, {}, {}};
  const RnnCall& c = b.c;
  const seqlab::RnnArgs& a = c.args;
  const size_t r = o + kRnnCommon;
  b.saved = rnn_saved(info, r, c, K, true);
  const std::string dims = " (T, B, I, H) = (" + std::to_string(a.T) + ", " + std::to_string(a.B) + ", " + std::to_string(a.I) +
                           ", " + std::to_string(a.H) + ")";
  const int64_t BH = a.B * a.H, GH = c.G * a.H;
  const auto dY = f32(info, r + 4, K, "dY", true), dHT = f32(info, r + 5, K, "dHT", true), dCT = f32(info, r + 6, K, "dCT", true);
  if (dY.data) check_len(env, K, "dY", dY.size, a.T * BH, dims);
  if (dHT.data) check_len(env, K, "dHT", dHT.size, BH, dims);
  if (dCT.data) check_len(env, K, "dCT", dCT.size, BH, dims);
  const auto dX = f32(info, r + 7, K, "dX"), dW = f32(info, r + 8, K, "dKernel"), dU = f32(info, r + 9, K, "dRecurrentKernel");
  const auto dB = f32(info, r + 10, K, "dBias", true), dH0 = f32(info, r + 11, K, "dH0"), dC0 = f32(info, r + 12, K, "dC0", true);
  check_len(env, K, "dX", dX.size, a.T * a.B * a.I, dims);
  check_len(env, K, "dKernel", dW.size, a.I * GH, dims);
  check_len(env, K, "dRecurrentKernel", dU.size, a.H * GH, dims);
  if (a.bias && !dB.data) fail_type(env, std::string(K) + ": dBias must be a Float32Array when bias is given");
  if (dB.data) check_len(env, K, "dBias", dB.size, c.bias_len, dims);
  check_len(env, K, "dH0", dH0.size, BH, dims);
  if (c.lstm) {
    if (!dC0.data) fail_type(env, std::string(K) + ": dC0 must be a Float32Array for an LSTM");
    check_len(env, K, "dC0", dC0.size, BH, dims);
  }
  b.up = {dY.data, dHT.data, c.lstm ? dCT.data : nullptr};
  b.g = {dX.data, dW.data, dU.data, a.bias ? dB.data : nullptr, dH0.data, c.lstm ? dC0.data : nullptr};
  return b;
}

void run_backward(RnnKind kind, const BackwardCall& b) {
  if (kind == RnnKind::Lstm) seqlab::lstm_sequence_backward(b.c.args, b.saved, b.up, b.g);
  else if (kind == RnnKind::Gru) seqlab::gru_sequence_backward(b.c.args, b.saved, b.up, b.g);
  else seqlab::simple_rnn_sequence_backward(b.c.args, b.saved, b.up, b.g);
}

const char* kind_name(RnnKind kind, bool forward) {
  static const char* names[3][2] = {{"lstmSequenceBackward", "lstmSequenceForward"},
                                    {"gruSequenceBackward", "gruSequenceForward"},
                                    {"simpleRnnSequenceBackward", "simpleRnnSequenceForward"}};
  return names[int(kind)][forward ? 1 : 0];
}

// src/backend/native/index.ts (compiled into dist/) and this addon must agree on each argument list: a
// stale build of either shows up as a wrong count, reported as such rather than as a wrong type.
void check_arity(const Napi::CallbackInfo& info, size_t expected, const char* K) {
  if (info.Length() == expected) return;
  fail(info.Env(), std::string(K) + ": expected " + std::to_string(expected) + " arguments, got " +
                       std::to_string(info.Length()) +
                       ": the compiled JavaScript and the native addon come from different versions; run `npm run build`");
}

Napi::Value RnnForward(const Napi::CallbackInfo& info) {
  const RnnKind kind = RnnKind(reinterpret_cast<intptr_t>(info.Data()));
  check_arity(info, kRnnForwardArgs, kind_name(kind, true));
  run_forward(kind, parse_forward(info, 0, kind, kind_name(kind, true)));
  return info.Env().Undefined();
}

Napi::Value RnnBackward(const Napi::CallbackInfo& info) {
  const RnnKind kind = RnnKind(reinterpret_cast<intptr_t>(info.Data()));
  check_arity(info, kRnnBackwardArgs, kind_name(kind, false));
  run_backward(kind, parse_backward(info, 0, kind, kind_name(kind, false)));
  return info.Env().Undefined();
}

RnnKind kind_arg(const Napi::CallbackInfo& info, const char* K) {
  const double d = number(info, 0, K, "kind");
  if (!(d == 0 || d == 1 || d == 2)) fail(info.Env(), std::string(K) + ": kind must be 0 (lstm), 1 (gru) or 2 (simpleRnn)");
  return RnnKind(int(d));
}

// rnnSequenceForwardPair(kind, the forward arguments of direction 0, then of direction 1): both at once, one per
// pool thread (each kernel's own per-step split then runs serially inside its part).
Napi::Value RnnForwardPair(const Napi::CallbackInfo& info) {
  const char* K = "rnnSequenceForwardPair";
  check_arity(info, 1 + 2 * kRnnForwardArgs, K);
  const RnnKind kind = kind_arg(info, K);
  const ForwardCall f[2] = {parse_forward(info, 1, kind, K), parse_forward(info, 1 + kRnnForwardArgs, kind, K)};
  seqlab::parallel_run(2, [&](int d) { run_forward(kind, f[d]); });
  return info.Env().Undefined();
}

// rnnSequenceBackwardPair(kind, the backward arguments of direction 0, then of direction 1).
Napi::Value RnnBackwardPair(const Napi::CallbackInfo& info) {
  const char* K = "rnnSequenceBackwardPair";
  check_arity(info, 1 + 2 * kRnnBackwardArgs, K);
  const RnnKind kind = kind_arg(info, K);
  const BackwardCall b[2] = {parse_backward(info, 1, kind, K), parse_backward(info, 1 + kRnnBackwardArgs, kind, K)};
  seqlab::parallel_run(2, [&](int d) { run_backward(kind, b[d]); });
  return info.Env().Undefined();
}

// ---- configuration ----
Napi::Value CpuFeatures(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), seqlab::cpu_features()); }
Napi::Value NumThreads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), seqlab::num_threads()); }
Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  seqlab::set_num_threads(int(number(info, 0, "setNumThreads", "n")));
  return Napi::Number::New(info.Env(), seqlab::num_threads());
}
// setCpuLimit('portable' | 'avx2' | 'avx512'): the highest instruction set the kernels may use.
Napi::Value SetCpuLimit(const Napi::CallbackInfo& info) {
  const std::string level = info.Length() > 0 && info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
  if (level == "portable") seqlab::set_cpu_limit(seqlab::CpuLevel::Portable);
  else if (level == "avx2") seqlab::set_cpu_limit(seqlab::CpuLevel::Avx2);
  else if (level == "avx512") seqlab::set_cpu_limit(seqlab::CpuLevel::Avx512);
  else throw Napi::TypeError::New(info.Env(), "setCpuLimit: expected 'portable', 'avx2' or 'avx512', got '" + level + "'");
  return Napi::String::New(info.Env(), seqlab::cpu_features());
}

Napi::Value FmaCeiling(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), seqlab::fma_ceiling_gflops(number(info, 0, "fmaCeiling", "seconds")));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
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
  exports.Set("sgdStep", Napi::Function::New(env, SgdStep, "sgdStep"));
  exports.Set("adamStep", Napi::Function::New(env, AdamStep, "adamStep"));
  exports.Set("rmspropStep", Napi::Function::New(env, RmspropStep, "rmspropStep"));
  exports.Set("adagradStep", Napi::Function::New(env, AdagradStep, "adagradStep"));
  const std::pair<const char*, RnnKind> rnn_kinds[] = {
      {"lstm", RnnKind::Lstm}, {"gru", RnnKind::Gru}, {"simpleRnn", RnnKind::SimpleRnn}};
  exports.Set("rnnSequenceForwardPair", Napi::Function::New(env, RnnForwardPair, "rnnSequenceForwardPair"));
  exports.Set("rnnSequenceBackwardPair", Napi::Function::New(env, RnnBackwardPair, "rnnSequenceBackwardPair"));
  for (const auto& [name, kind] : rnn_kinds) {
    void* data = reinterpret_cast<void*>(intptr_t(kind));
    const std::string fwd = std::string(name) + "SequenceForward", bwd = std::string(name) + "SequenceBackward";
    exports.Set(fwd, Napi::Function::New(env, RnnForward, fwd, data));
    exports.Set(bwd, Napi::Function::New(env, RnnBackward, bwd, data));
  }
  exports.Set("cpuFeatures", Napi::Function::New(env, CpuFeatures, "cpuFeatures"));
  exports.Set("numThreads", Napi::Function::New(env, NumThreads, "numThreads"));
  exports.Set("setNumThreads", Napi::Function::New(env, SetNumThreads, "setNumThreads"));
  exports.Set("fmaCeiling", Napi::Function::New(env, FmaCeiling, "fmaCeiling"));
  exports.Set("setCpuLimit", Napi::Function::New(env, SetCpuLimit, "setCpuLimit"));
  return exports;
}

}  // namespace

NODE_API_MODULE(seqlab_native, Init)

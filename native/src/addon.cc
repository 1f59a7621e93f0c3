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

// ---- configuration ----
Napi::Value CpuFeatures(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), seqlab::cpu_features()); }
Napi::Value NumThreads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), seqlab::num_threads()); }
Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  seqlab::set_num_threads(int(number(info, 0, "setNumThreads", "n")));
  return Napi::Number::New(info.Env(), seqlab::num_threads());
}
Napi::Value SetForcePortable(const Napi::CallbackInfo& info) {
  seqlab::set_force_portable(info[0].ToBoolean().Value());
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
  exports.Set("cpuFeatures", Napi::Function::New(env, CpuFeatures, "cpuFeatures"));
  exports.Set("numThreads", Napi::Function::New(env, NumThreads, "numThreads"));
  exports.Set("setNumThreads", Napi::Function::New(env, SetNumThreads, "setNumThreads"));
  exports.Set("fmaCeiling", Napi::Function::New(env, FmaCeiling, "fmaCeiling"));
  exports.Set("setForcePortable", Napi::Function::New(env, SetForcePortable, "setForcePortable"));
  return exports;
}

}  // namespace

NODE_API_MODULE(seqlab_native, Init)

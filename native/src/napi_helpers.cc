// Definitions of napi_helpers.h.
#include "napi_helpers.h"

#include <cmath>

namespace seqlab::napi {

void fail(const Napi::Env& env, const std::string& msg) { throw Napi::Error::New(env, msg); }
void fail_type(const Napi::Env& env, const std::string& msg) { throw Napi::TypeError::New(env, msg); }

bool is_int32_array(const Napi::Value& v) {
  return v.IsTypedArray() && v.As<Napi::TypedArray>().TypedArrayType() == napi_int32_array;
}

namespace {

double number_value(const Napi::Env& env, const Napi::Value& v, const char* kernel, const std::string& prefix,
                    const char* name) {
  if (!v.IsNumber()) fail_type(env, std::string(kernel) + ": " + prefix + name + " must be a number");
  return v.As<Napi::Number>().DoubleValue();
}

int64_t dim_value(const Napi::Env& env, const Napi::Value& v, const char* kernel, const std::string& prefix,
                  const char* name) {
  const double d = number_value(env, v, kernel, prefix, name);
  if (!(d >= 0) || d != std::floor(d) || d > 9.0e15) {
    fail(env, std::string(kernel) + ": " + prefix + name + " must be a non-negative integer, got " + std::to_string(d));
  }
  return int64_t(d);
}

const std::string kNoPrefix;

}  // namespace

Span<float> f32(const Napi::CallbackInfo& info, size_t i, const char* kernel, const char* name, bool nullable) {
  return typed<float, napi_float32_array>(info.Env(), info[i], kernel, name, "Float32Array", nullable);
}
Span<int32_t> i32(const Napi::CallbackInfo& info, size_t i, const char* kernel, const char* name) {
  return typed<int32_t, napi_int32_array>(info.Env(), info[i], kernel, name, "Int32Array");
}
int64_t dim(const Napi::CallbackInfo& info, size_t i, const char* kernel, const char* name) {
  return dim_value(info.Env(), info[i], kernel, kNoPrefix, name);
}
double number(const Napi::CallbackInfo& info, size_t i, const char* kernel, const char* name) {
  return number_value(info.Env(), info[i], kernel, kNoPrefix, name);
}

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

Napi::Object object_arg(const Napi::Env& env, const Napi::Value& v, const char* kernel, const std::string& name) {
  if (!v.IsObject()) fail_type(env, std::string(kernel) + ": " + name + " must be an object");
  return v.As<Napi::Object>();
}

Span<float> f32(const Napi::Object& o, const char* key, const char* kernel, const std::string& prefix, bool nullable) {
  return typed<float, napi_float32_array>(o.Env(), o.Get(key), kernel, key, "Float32Array", nullable, prefix.c_str());
}
int64_t dim(const Napi::Object& o, const char* key, const char* kernel, const std::string& prefix) {
  return dim_value(o.Env(), o.Get(key), kernel, prefix, key);
}
double number(const Napi::Object& o, const char* key, const char* kernel, const std::string& prefix) {
  return number_value(o.Env(), o.Get(key), kernel, prefix, key);
}

std::string short_string(const Napi::Value& v) {
  char buf[64] = {0};
  size_t len = 0;
  if (v.IsString()) napi_get_value_string_utf8(v.Env(), v, buf, sizeof buf, &len);
  return std::string(buf, len);
}
bool flag(const Napi::Object& o, const char* key) { return o.Get(key).ToBoolean().Value(); }

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

void check_len(const Napi::Env& env, const char* kernel, const std::string& name, int64_t actual, int64_t expected,
               const std::string& why) {
  if (actual != expected) {
    fail(env, std::string(kernel) + ": " + name + " has length " + std::to_string(actual) + " but " + why + " needs " +
                  std::to_string(expected));
  }
}

}  // namespace seqlab::napi

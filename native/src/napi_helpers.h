// N-API helpers shared by the addon's glue files (addon*.cc): unwrap typed arrays, numbers, shapes and
// op names from positional arguments (info[i]) or named properties (object.key), and check lengths.
// Every failure throws a JS Error (TypeError for a wrong type) that names the kernel and the argument,
// so a wrong call from JavaScript says what was expected and what came.
#pragma once
#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "op_tables.h"

namespace seqlab::napi {

[[noreturn]] void fail(const Napi::Env& env, const std::string& msg);
[[noreturn]] void fail_type(const Napi::Env& env, const std::string& msg);

template <typename T>
struct Span {
  T* data = nullptr;  // may be null for an empty array too: test `present` for null/undefined
  int64_t size = 0;
  bool present = false;
};

// The raw elements of v if it is a typed array of kType; nullable: null or undefined give an empty Span.
// Messages name the argument as prefix + name ("args." + "x"); strings are only built on failure.
template <typename T, napi_typedarray_type kType>
Span<T> typed(const Napi::Env& env, const Napi::Value& v, const char* kernel, const char* name,
              const char* type_name, bool nullable = false, const char* prefix = "") {
  if (nullable && (v.IsNull() || v.IsUndefined())) return {};
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != kType) {
    fail_type(env, std::string(kernel) + ": " + prefix + name + " must be a " + type_name);
  }
  Napi::TypedArray ta = v.As<Napi::TypedArray>();
  auto* base = static_cast<uint8_t*>(ta.ArrayBuffer().Data());
  return {base ? reinterpret_cast<T*>(base + ta.ByteOffset()) : nullptr, int64_t(ta.ElementLength()), true};
}

bool is_int32_array(const Napi::Value& v);

// Arguments read by position. `name` is the argument's name in the Backend method.
Span<float> f32(const Napi::CallbackInfo& info, size_t i, const char* kernel, const char* name, bool nullable = false);
Span<int32_t> i32(const Napi::CallbackInfo& info, size_t i, const char* kernel, const char* name);
int64_t dim(const Napi::CallbackInfo& info, size_t i, const char* kernel, const char* name);
double number(const Napi::CallbackInfo& info, size_t i, const char* kernel, const char* name);
std::vector<int64_t> shape_arg(const Napi::CallbackInfo& info, size_t i, const char* kernel, const char* name);

// Named properties of an arguments object (o.key). `prefix` is the object's path in messages ("args.").
Napi::Object object_arg(const Napi::Env& env, const Napi::Value& v, const char* kernel, const std::string& name);
Span<float> f32(const Napi::Object& o, const char* key, const char* kernel, const std::string& prefix,
                bool nullable = false);
int64_t dim(const Napi::Object& o, const char* key, const char* kernel, const std::string& prefix);
double number(const Napi::Object& o, const char* key, const char* kernel, const std::string& prefix);
// Missing or undefined is false.
bool flag(const Napi::Object& o, const char* key);

// The string v (up to 63 bytes; longer ones are cut, and then match no op name), or "" if v is not one.
std::string short_string(const Napi::Value& v);

// The op named by v (a string) in one of op_tables.h's name tables; an unknown name throws, listing
// what it could have been.
template <typename Op, size_t N>
Op op_arg(const Napi::Env& env, const Napi::Value& v, const char* const (&names)[N], const char* kernel,
          const char* what, const char* prefix = "") {
  char buf[64] = {0};
  size_t len = 0;
  if (v.IsString()) napi_get_value_string_utf8(env, v, buf, sizeof buf, &len);
  const int i = op_index(names, buf);
  if (i < 0) {
    std::string known;
    for (size_t k = 0; k < N; k++) known += std::string(k ? ", " : "") + names[k];
    fail(env, std::string(kernel) + ": unknown " + prefix + what + " '" + short_string(v) + "' (expected one of " +
                  known + ")");
  }
  return Op(i);
}

std::string shape_str(const std::vector<int64_t>& s);
int64_t product(const std::vector<int64_t>& s);
// Throws "<kernel>: <name> has length <actual> but <why> needs <expected>" when they differ.
void check_len(const Napi::Env& env, const char* kernel, const std::string& name, int64_t actual, int64_t expected,
               const std::string& why);
// The same for prefix + name, building no string unless the lengths differ; why(): the dimensions.
template <typename Why>
void check_len(const Napi::Env& env, const char* kernel, const std::string& prefix, const char* name, int64_t actual,
               int64_t expected, const Why& why) {
  if (actual != expected) check_len(env, kernel, prefix + name, actual, expected, why());
}

// Each glue file registers its exports (the Backend method names of src/backend/interface.ts).
void register_tensor_ops(Napi::Env env, Napi::Object exports);
void register_optimizers(Napi::Env env, Napi::Object exports);
void register_rnn(Napi::Env env, Napi::Object exports);

}  // namespace seqlab::napi

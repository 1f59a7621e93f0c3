// The addon's entry point: registers the glue of each kernel family (addon_tensor_ops.cc,
// addon_optimizers.cc, addon_rnn.cc; helpers in napi_helpers.h) and the configuration calls below.
// Export names are the Backend method names of src/backend/interface.ts; src/backend/native/index.ts
// adapts the argument lists. No arithmetic on data happens in the glue.
#include <napi.h>

#include <string>

#include "kernels.h"
#include "napi_helpers.h"
#include "threadpool.h"

namespace seqlab::napi {
namespace {

Napi::Value CpuFeatures(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), cpu_features()); }
Napi::Value NumThreads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), num_threads()); }
Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  set_num_threads(int(number(info, 0, "setNumThreads", "n")));
  return Napi::Number::New(info.Env(), num_threads());
}

// setCpuLimit('portable' | 'avx2' | 'avx512'): the highest instruction set the kernels may use.
Napi::Value SetCpuLimit(const Napi::CallbackInfo& info) {
  const std::string level = info.Length() > 0 && info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
  if (level == "portable") set_cpu_limit(CpuLevel::Portable);
  else if (level == "avx2") set_cpu_limit(CpuLevel::Avx2);
  else if (level == "avx512") set_cpu_limit(CpuLevel::Avx512);
  else throw Napi::TypeError::New(info.Env(), "setCpuLimit: expected 'portable', 'avx2' or 'avx512', got '" + level + "'");
  return Napi::String::New(info.Env(), cpu_features());
}

Napi::Value FmaCeiling(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), fma_ceiling_gflops(number(info, 0, "fmaCeiling", "seconds")));
}

template <size_t N>
Napi::Array names_array(const Napi::Env& env, const char* const (&names)[N]) {
  Napi::Array a = Napi::Array::New(env, N);
  for (uint32_t i = 0; i < N; i++) a.Set(i, Napi::String::New(env, names[i]));
  return a;
}

// opTables(): { unary, binary, reduce: names in enum order, rnnGates: { kind: G } } (op_tables.h), so a
// test can check them against src/backend/interface.ts.
Napi::Value OpTables(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  Napi::Object t = Napi::Object::New(env);
  t.Set("unary", names_array(env, kUnaryOpNames));
  t.Set("binary", names_array(env, kBinaryOpNames));
  t.Set("reduce", names_array(env, kReduceOpNames));
  Napi::Object gates = Napi::Object::New(env);
  for (int k = 0; k < table_size(kRnnKindNames); k++) gates.Set(kRnnKindNames[k], Napi::Number::New(env, kRnnGates[k]));
  t.Set("rnnGates", gates);
  return t;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  register_tensor_ops(env, exports);
  register_optimizers(env, exports);
  register_rnn(env, exports);
  exports.Set("cpuFeatures", Napi::Function::New(env, CpuFeatures, "cpuFeatures"));
  exports.Set("numThreads", Napi::Function::New(env, NumThreads, "numThreads"));
  exports.Set("setNumThreads", Napi::Function::New(env, SetNumThreads, "setNumThreads"));
  exports.Set("fmaCeiling", Napi::Function::New(env, FmaCeiling, "fmaCeiling"));
  exports.Set("setCpuLimit", Napi::Function::New(env, SetCpuLimit, "setCpuLimit"));
  exports.Set("opTables", Napi::Function::New(env, OpTables, "opTables"));
  return exports;
}

}  // namespace
}  // namespace seqlab::napi

// The macro pastes the init function's name into an identifier, so it must be unqualified.
Napi::Object InitSeqlab(Napi::Env env, Napi::Object exports) { return seqlab::napi::Init(env, exports); }
NODE_API_MODULE(seqlab_native, InitSeqlab)

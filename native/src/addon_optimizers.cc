// N-API glue of the optimizer updates: (param, grad, slot arrays…, hyperparameters object read by name)
// → optimizers.cc. Slot arrays must have the parameter's length; null slots are absent (momentum off…).
#include <string>

#include "kernels.h"
#include "napi_helpers.h"

namespace seqlab::napi {
namespace {

double hyper(const Napi::Object& h, const char* key, const char* kernel) {
  return number(h, key, kernel, "hyperparameter ");
}

// ---- optimizers: (param, grad, slots…, hyper object) ----
void check_same(const Napi::Env& env, const char* kernel, const char* name, const Span<float>& s, int64_t n) {
  if (s.data != nullptr) check_len(env, kernel, name, s.size, n, "param");
}

Napi::Value SgdStep(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const char* K = "sgdStep";
  const auto p = f32(info, 0, K, "param"), g = f32(info, 1, K, "grad"), vel = f32(info, 2, K, "velocity", true);
  const Napi::Object h = object_arg(env, info[3], K, "hyperparameters");
  check_same(env, K, "grad", g, p.size);
  check_same(env, K, "velocity", vel, p.size);
  seqlab::sgd_step(p.data, g.data, vel.data, p.size, hyper(h, "learningRate", K), hyper(h, "momentum", K),
                   flag(h, "nesterov"));
  return env.Undefined();
}

Napi::Value AdamStep(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const char* K = "adamStep";
  const auto p = f32(info, 0, K, "param"), g = f32(info, 1, K, "grad"), m = f32(info, 2, K, "m"), v = f32(info, 3, K, "v");
  const auto vmax = f32(info, 4, K, "vMax", true);
  const Napi::Object h = object_arg(env, info[5], K, "hyperparameters");
  check_same(env, K, "grad", g, p.size);
  check_same(env, K, "m", m, p.size);
  check_same(env, K, "v", v, p.size);
  check_same(env, K, "vMax", vmax, p.size);
  seqlab::adam_step(p.data, g.data, m.data, v.data, vmax.data, p.size, hyper(h, "learningRate", K),
                    hyper(h, "beta1", K), hyper(h, "beta2", K), hyper(h, "epsilon", K),
                    hyper(h, "step", K), hyper(h, "weightDecay", K), flag(h, "amsgrad"));
  return env.Undefined();
}

Napi::Value RmspropStep(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const char* K = "rmspropStep";
  const auto p = f32(info, 0, K, "param"), g = f32(info, 1, K, "grad"), ms = f32(info, 2, K, "meanSquare");
  const auto mom = f32(info, 3, K, "momentum", true), mg = f32(info, 4, K, "meanGrad", true);
  const Napi::Object h = object_arg(env, info[5], K, "hyperparameters");
  check_same(env, K, "grad", g, p.size);
  check_same(env, K, "meanSquare", ms, p.size);
  check_same(env, K, "momentum", mom, p.size);
  check_same(env, K, "meanGrad", mg, p.size);
  seqlab::rmsprop_step(p.data, g.data, ms.data, mom.data, mg.data, p.size, hyper(h, "learningRate", K),
                       hyper(h, "rho", K), hyper(h, "momentum", K), hyper(h, "epsilon", K),
                       flag(h, "centered"));
  return env.Undefined();
}

Napi::Value AdagradStep(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const char* K = "adagradStep";
  const auto p = f32(info, 0, K, "param"), g = f32(info, 1, K, "grad"), acc = f32(info, 2, K, "accumulator");
  const Napi::Object h = object_arg(env, info[3], K, "hyperparameters");
  check_same(env, K, "grad", g, p.size);
  check_same(env, K, "accumulator", acc, p.size);
  seqlab::adagrad_step(p.data, g.data, acc.data, p.size, hyper(h, "learningRate", K), hyper(h, "epsilon", K));
  return env.Undefined();
}

}  // namespace

void register_optimizers(Napi::Env env, Napi::Object exports) {
  exports.Set("sgdStep", Napi::Function::New(env, SgdStep, "sgdStep"));
  exports.Set("adamStep", Napi::Function::New(env, AdamStep, "adamStep"));
  exports.Set("rmspropStep", Napi::Function::New(env, RmspropStep, "rmspropStep"));
  exports.Set("adagradStep", Napi::Function::New(env, AdagradStep, "adagradStep"));
}

}  // namespace seqlab::napi

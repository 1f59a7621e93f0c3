// In-place optimizer updates of one parameter of N elements (param, grad and slot arrays all (N)).
// The formulas are Keras 3's, exactly as src/backend/reference/optimizers.ts writes them, and like
// the reference each element is computed in double and rounded once to float32 on store, so the two
// backends agree to the last bit or so. Loops are branch-free in the element (flags are hoisted), so
// the compiler vectorises them; large parameters are split over threads in fixed contiguous chunks
// (each element is independent, so the split cannot change a result).
#include <algorithm>
#include <cmath>

#include "kernels.h"
#include "threadpool.h"

namespace seqlab {
namespace {
constexpr int64_t kParallelMin = 1 << 15;
constexpr int64_t kGrain = 1024;

template <typename F>
void chunks(int64_t n, F f) {
  parallel_for(n, kGrain, kParallelMin, f);
}
}  // namespace

void sgd_step(float* param, const float* grad, float* velocity, int64_t n, double lr, double momentum, bool nesterov) {
  if (velocity != nullptr && momentum != 0.0) {
    chunks(n, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; i++) {
        const double g = grad[i];
        const double v = momentum * velocity[i] - lr * g;
        velocity[i] = float(v);
        param[i] = float(param[i] + (nesterov ? momentum * v - lr * g : v));
      }
    });
  } else {
    chunks(n, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; i++) param[i] = float(param[i] - lr * double(grad[i]));
    });
  }
}

void adam_step(float* param, const float* grad, float* m, float* v, float* v_max, int64_t n, double lr, double beta1,
               double beta2, double epsilon, double step, double weight_decay, bool amsgrad) {
  const double alpha = lr * std::sqrt(1.0 - std::pow(beta2, step)) / (1.0 - std::pow(beta1, step));
  const double decay = lr * weight_decay;
  const bool use_max = v_max != nullptr && amsgrad;
  chunks(n, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; i++) {
      const double g = grad[i];
      double p = param[i];
      if (weight_decay != 0.0) p -= decay * p;
      const double mi = m[i] + (g - m[i]) * (1.0 - beta1);
      double vi = v[i] + (g * g - v[i]) * (1.0 - beta2);
      m[i] = float(mi);
      v[i] = float(vi);
      if (use_max) {
        vi = std::max(double(v_max[i]), vi);
        v_max[i] = float(vi);
      }
      param[i] = float(p - alpha * mi / (std::sqrt(vi) + epsilon));
    }
  });
}

void rmsprop_step(float* param, const float* grad, float* mean_square, float* momentum, float* mean_grad, int64_t n,
                  double lr, double rho, double momentum_coef, double epsilon, bool centered) {
  const bool use_centered = centered && mean_grad != nullptr;
  const bool use_momentum = momentum != nullptr && momentum_coef > 0.0;
  chunks(n, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; i++) {
      const double g = grad[i];
      const double s = rho * mean_square[i] + (1.0 - rho) * g * g;
      mean_square[i] = float(s);
      double d = s + epsilon;
      if (use_centered) {
        const double gm = rho * mean_grad[i] + (1.0 - rho) * g;
        mean_grad[i] = float(gm);
        d = s - gm * gm + epsilon;
      }
      const double inc = lr * g / std::sqrt(d);
      if (use_momentum) {
        const double mo = momentum_coef * momentum[i] + inc;
        momentum[i] = float(mo);
        param[i] = float(param[i] - mo);
      } else {
        param[i] = float(param[i] - inc);
      }
    }
  });
}

void adagrad_step(float* param, const float* grad, float* accumulator, int64_t n, double lr, double epsilon) {
  chunks(n, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; i++) {
      const double g = grad[i];
      const double a = accumulator[i] + g * g;
      accumulator[i] = float(a);
      param[i] = float(param[i] - lr * g / std::sqrt(a + epsilon));
    }
  });
}

}  // namespace seqlab

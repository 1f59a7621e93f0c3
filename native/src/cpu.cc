// Run-time CPU feature detection. The AVX2+FMA micro-kernel lives in its own translation unit
// (gemm_avx2.cc, the only file built with -mavx2 -mfma), so this binary runs on any x86-64 (and
// non-x86) CPU: we only call into it after checking the CPU (and the OS, via the compiler's
// __builtin_cpu_supports, which consults cpuid) supports both. SEQLAB_NO_AVX2=1 forces the portable
// path, so tests can exercise it on an AVX2 machine.
#include <atomic>
#include <cstdlib>
#include <cstring>

#include "kernels.h"

namespace seqlab {

static bool detect_avx2_fma() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

static bool env_forces_portable() {
  const char* v = std::getenv("SEQLAB_NO_AVX2");
  return v != nullptr && v[0] != '\0' && std::strcmp(v, "0") != 0;
}

static const bool kHasAvx2 = detect_avx2_fma();
static std::atomic<bool> g_force_portable{env_forces_portable()};

bool use_avx2() { return kHasAvx2 && !g_force_portable.load(std::memory_order_relaxed); }
void set_force_portable(bool portable) { g_force_portable.store(portable); }
const char* cpu_features() { return use_avx2() ? "avx2+fma" : "portable"; }

}  // namespace seqlab

// Run-time CPU feature detection. The micro-kernels built for an instruction set live in their own
// translation units (gemm_avx2.cc and rnn_avx2.cc with -mavx2 -mfma, gemm_avx512.cc with -mavx512f),
// so this binary runs on any x86-64 (and non-x86) CPU: we only call into them after checking the CPU
// (and the OS, via the compiler's __builtin_cpu_supports, which consults cpuid and xgetbv) supports
// them. SEQLAB_NO_AVX512=1 caps the level at AVX2 and SEQLAB_NO_AVX2=1 forces the portable path, so
// tests can exercise every path on one machine; set_cpu_limit does the same at run time.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>

#include "kernels.h"

namespace seqlab {

static CpuLevel detect() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (!(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))) return CpuLevel::Portable;
  return __builtin_cpu_supports("avx512f") ? CpuLevel::Avx512 : CpuLevel::Avx2;
#else
  return CpuLevel::Portable;
#endif
}

static bool env_set(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && v[0] != '\0' && std::strcmp(v, "0") != 0;
}

static CpuLevel env_limit() {
  if (env_set("SEQLAB_NO_AVX2")) return CpuLevel::Portable;
  if (env_set("SEQLAB_NO_AVX512")) return CpuLevel::Avx2;
  return CpuLevel::Avx512;
}

static const CpuLevel kDetected = detect();
static std::atomic<int> g_limit{int(env_limit())};

CpuLevel cpu_level() { return CpuLevel(std::min(int(kDetected), g_limit.load(std::memory_order_relaxed))); }
bool use_avx2() { return cpu_level() >= CpuLevel::Avx2; }
bool use_avx512() { return cpu_level() >= CpuLevel::Avx512; }
void set_cpu_limit(CpuLevel limit) { g_limit.store(int(limit)); }
const char* cpu_features() {
#if defined(__wasm_simd128__)
  return "wasm-simd128";
#endif
  switch (cpu_level()) {
    case CpuLevel::Avx512: return "avx512f+avx2+fma";
    case CpuLevel::Avx2: return "avx2+fma";
    case CpuLevel::Portable: break;
  }
  return "portable";
}

}  // namespace seqlab

// Off x86 the instruction-set kernels (gemm_avx2.cc, rnn_avx2.cc, gemm_avx512.cc, rnn_avx512.cc)
// compile to nothing; these definitions keep the addon linkable there. cpu.cc reports the portable
// level on such CPUs, so none of them is ever called.
#if !(defined(__x86_64__) || defined(_M_X64) || defined(__i386__))
#include <cstdlib>

#include "gemm_internal.h"
#include "rnn_common.h"

namespace seqlab {

void micro_kernel_6x16_avx2(int64_t, const float*, const float*, float*, int64_t, int, int, float, float) { std::abort(); }
void micro_kernel_6x16_avx2_rows(int64_t, const float*, int64_t, const float*, float*, int64_t, int, float, float) {
  std::abort();
}
void micro_kernel_8x32_avx512(int64_t, const float*, const float*, float*, int64_t, int, int, float, float) { std::abort(); }
void micro_kernel_8x32_avx512_rows(int64_t, const float*, int64_t, const float*, float*, int64_t, int, float, float) {
  std::abort();
}
void sgemm_sparse_a_avx2(bool, int64_t, int64_t, int64_t, int64_t, float, const float*, const float*, float, float*,
                         int64_t, int64_t) {
  std::abort();
}
double fma_ceiling_avx2(int64_t) { std::abort(); }
double fma_ceiling_avx512(int64_t) { std::abort(); }

namespace rnn {
void sigmoid_avx2(const float*, float*, int64_t) { std::abort(); }
void tanh_avx2(const float*, float*, int64_t) { std::abort(); }
void sigmoid_avx512(const float*, float*, int64_t) { std::abort(); }
void tanh_avx512(const float*, float*, int64_t) { std::abort(); }
void lstm_row_avx2(float*, int64_t, const float*, int64_t, bool, const float*, float*, float*, float*, int64_t) {
  std::abort();
}
void lstm_row_avx512(float*, int64_t, const float*, int64_t, bool, const float*, float*, float*, float*, int64_t) {
  std::abort();
}
void lstm_row_backward_avx2(const float*, int64_t, const float*, const float*, const float*, float*, float*, float*,
                            int64_t) {
  std::abort();
}
void lstm_row_backward_avx512(const float*, int64_t, const float*, const float*, const float*, float*, float*, float*,
                              int64_t) {
  std::abort();
}
void gru_row_avx2(float*, int64_t, const float*, int64_t, const float*, int64_t, bool, const float*, float*, float*,
                  float*, int64_t) {
  std::abort();
}
void gru_row_avx512(float*, int64_t, const float*, int64_t, const float*, int64_t, bool, const float*, float*, float*,
                    float*, int64_t) {
  std::abort();
}
}  // namespace rnn

}  // namespace seqlab
#endif

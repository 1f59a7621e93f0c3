// Embedding lookup and its sparse gradient.
// forward:  table (V, E), ids (N) → out (N, E); out row n = table row ids[n].
// backward: dOut (N, E), slot (N) → dRows (U, E) zeroed, then dRows[slot[n]] += dOut[n] in n order,
//           so the cost is O(N·E) whatever V is and the sum order is fixed (deterministic).
// Both are split over the pool by rows: the forward's output rows, the backward's rows of dRows.
#include <algorithm>
#include <cstring>

#include "kernels.h"
#include "threadpool.h"

namespace seqlab {

int64_t embedding_forward(const float* table, int64_t V, int64_t E, const int32_t* ids, int64_t n, float* out) {
  for (int64_t i = 0; i < n; i++)  // validate first: nothing is written when an id is bad
    if (ids[i] < 0 || ids[i] >= V) return i;
  parallel_for(n, 64, std::max<int64_t>(1, (int64_t(1) << 16) / std::max<int64_t>(1, E)), [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; i++) std::memcpy(out + i * E, table + int64_t(ids[i]) * E, size_t(E) * sizeof(float));
  });
  return -1;
}

int64_t embedding_backward(const float* d_out, const int32_t* slot, int64_t n, int64_t E, float* d_rows, int64_t U) {
  for (int64_t i = 0; i < n; i++)
    if (slot[i] < 0 || slot[i] >= U) return i;
  // Split over ranges of d_rows' rows: each thread clears its rows (one contiguous block) and adds the
  // positions whose slot falls in them, in n order, so every element's sum is the serial one. (A split
  // over columns cleared and wrote every row in strided half-rows: slower at 2 threads than at 1 on
  // the optimizer's 20000-row table.)
  const int64_t min_parallel = (n + U) * E >= (int64_t(1) << 18) ? 1 : U + 1;
  parallel_for(U, 64, min_parallel, [&](int64_t u0, int64_t u1) {
    std::memset(d_rows + u0 * E, 0, size_t((u1 - u0) * E) * sizeof(float));
    for (int64_t i = 0; i < n; i++) {
      const int64_t s = slot[i];
      if (s < u0 || s >= u1) continue;
      float* dst = d_rows + s * E;
      const float* src = d_out + i * E;
      for (int64_t e = 0; e < E; e++) dst[e] += src[e];
    }
  });
  return -1;
}

}  // namespace seqlab

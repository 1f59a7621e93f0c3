// Embedding lookup and its sparse gradient.
// forward:  table (V, E), ids (N) → out (N, E); out row n = table row ids[n].
// backward: dOut (N, E), slot (N) → dRows (U, E) zeroed, then dRows[slot[n]] += dOut[n] in n order,
//           so the cost is O(N·E) whatever V is and the sum order is fixed (deterministic).
// Both are split over the pool: the forward by rows (each output row is written once), the backward
// by columns (a split over rows of dRows would need a per-slot index the caller does not give).
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
  // Split over column ranges: each thread clears and sums its columns of every row, positions in n
  // order, so every element's sum is the serial one.
  const int64_t grain = std::max<int64_t>(1, std::min<int64_t>(E, 16));
  const int64_t min_parallel = (n + U) * E >= (int64_t(1) << 18) ? 1 : E + 1;
  parallel_for(E, grain, min_parallel, [&](int64_t e0, int64_t e1) {
    const size_t w = size_t(e1 - e0);
    for (int64_t u = 0; u < U; u++) std::memset(d_rows + u * E + e0, 0, w * sizeof(float));
    for (int64_t i = 0; i < n; i++) {
      float* dst = d_rows + int64_t(slot[i]) * E + e0;
      const float* src = d_out + i * E + e0;
      for (size_t e = 0; e < w; e++) dst[e] += src[e];
    }
  });
  return -1;
}

}  // namespace seqlab

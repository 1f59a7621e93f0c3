// Element-wise, reduction and layout kernels on flat row-major float32 arrays (N elements), plus the
// dropout mask. Formulas are those of src/backend/reference/{elementwise,reduce,layout}.ts, computed
// in float32 (the reference computes in float64 and rounds once, hence the norm-wise tolerance);
// sums (reduce, softmax) accumulate in double so long rows lose nothing.
//
// Shapes: binary/reduce/transpose/copy_region take the dimensions as vectors, walked with an
// odometer over all dimensions but the last, whose inner loop is contiguous (or broadcast).
// Threads: only the big flat loops (unary, unary_backward, dropout, contiguous binary) split, in
// fixed contiguous chunks (parallel_for); each element depends only on its own inputs, so the split
// cannot change a result. Reductions and layout kernels run on the calling thread.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "kernels.h"
#include "rnn_common.h"
#include "philox.h"
#include "threadpool.h"

namespace seqlab {
namespace {

constexpr float kSeluAlpha = 1.6732632423543772f;
constexpr float kSeluScale = 1.0507009873554805f;
constexpr float kGeluC = 0.7978845608028654f;  // sqrt(2/pi)
constexpr int64_t kParallelMin = 1 << 16;      // below this, waking a thread costs more than it saves
constexpr int64_t kGrain = 1024;

inline float sigmoid(float x) {
  if (x >= 0) return 1.0f / (1.0f + std::exp(-x));
  const float e = std::exp(x);
  return e / (1.0f + e);
}

template <typename F>
void map_indices(int64_t n, F f) {
  parallel_for(n, kGrain, kParallelMin, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; i++) f(i);
  });
}

template <typename F>
void unary_loop(const float* x, float* out, int64_t n, F f) {
  map_indices(n, [&](int64_t i) { out[i] = f(x[i]); });
}

template <typename F>
void unary_backward_loop(const float* x, const float* y, const float* dy, float* dx, int64_t n, F fprime) {
  map_indices(n, [&](int64_t i) { dx[i] = dy[i] * fprime(x[i], y[i]); });
}

std::vector<int64_t> contiguous_strides(const std::vector<int64_t>& shape) {
  std::vector<int64_t> s(shape.size());
  int64_t acc = 1;
  for (size_t d = shape.size(); d-- > 0;) {
    s[d] = acc;
    acc *= shape[d];
  }
  return s;
}

// Strides for reading `shape` as out_shape (same rank): broadcast dimensions get stride 0.
std::vector<int64_t> broadcast_strides(const std::vector<int64_t>& shape, const std::vector<int64_t>& out_shape) {
  std::vector<int64_t> s = contiguous_strides(shape);
  (void)out_shape;  // same rank by contract; a size-1 dimension never advances
  for (size_t d = 0; d < shape.size(); d++)
    if (shape[d] == 1) s[d] = 0;
  return s;
}

int64_t product(const std::vector<int64_t>& v) {
  int64_t p = 1;
  for (int64_t x : v) p *= x;
  return p;
}

// Odometer over all dimensions but the last: calls row(offset of each strided array) for each
// outer index; the callee runs the innermost dimension itself. kParallel: rows are split into
// contiguous ranges over the pool when there are enough elements — only for callers that write each
// output element from one row (elementwise maps and copies), where the split never changes a result;
// reductions, which add rows into shared outputs, pass false.
template <size_t K, bool kParallel = true, typename F>
void for_each_row(const std::vector<int64_t>& dims, const std::vector<int64_t>* strides[K], F row) {
  const size_t rank = dims.size();
  if (rank == 0) {
    int64_t off[K] = {};
    row(off);
    return;
  }
  int64_t outer = 1;
  for (size_t d = 0; d + 1 < rank; d++) outer *= dims[d];
  const int64_t inner = dims[rank - 1];
  if (outer == 0 || inner == 0) return;
  const int64_t grain = std::max<int64_t>(1, kGrain / inner);
  const int64_t min_parallel = kParallel ? std::max<int64_t>(1, kParallelMin / inner) : outer + 1;
  parallel_for(outer, grain, min_parallel, [&](int64_t begin, int64_t end) {
    // Offsets and multi-index of row `begin`, then the odometer.
    std::vector<int64_t> index(rank, 0);
    int64_t off[K] = {};
    for (int64_t rest = begin, d = int64_t(rank) - 2; d >= 0; d--) {
      index[size_t(d)] = rest % dims[size_t(d)];
      rest /= dims[size_t(d)];
      for (size_t q = 0; q < K; q++) off[q] += index[size_t(d)] * (*strides[q])[size_t(d)];
    }
    for (int64_t o = begin; o < end; o++) {
      row(off);
      for (size_t d = rank - 1; d-- > 0;) {
        index[d]++;
        for (size_t q = 0; q < K; q++) off[q] += (*strides[q])[d];
        if (index[d] < dims[d]) break;
        for (size_t q = 0; q < K; q++) off[q] -= (*strides[q])[d] * dims[d];
        index[d] = 0;
      }
    }
  });
}

template <typename F>
void binary_loop(const float* a, const std::vector<int64_t>& a_shape, const float* b,
                 const std::vector<int64_t>& b_shape, float* out, const std::vector<int64_t>& out_shape, F f) {
  const int64_t n = product(out_shape);
  if (a_shape == out_shape && b_shape == out_shape) {
    map_indices(n, [&](int64_t i) { out[i] = f(a[i], b[i]); });
    return;
  }
  if (out_shape.empty()) {
    out[0] = f(a[0], b[0]);
    return;
  }
  const std::vector<int64_t> as = broadcast_strides(a_shape, out_shape);
  const std::vector<int64_t> bs = broadcast_strides(b_shape, out_shape);
  const std::vector<int64_t> os = contiguous_strides(out_shape);
  const std::vector<int64_t>* strides[3] = {&as, &bs, &os};
  const int64_t inner = out_shape.back();
  const int64_t sa = as.back(), sb = bs.back();
  for_each_row<3>(out_shape, strides, [&](const int64_t* off) {
    const float* ar = a + off[0];
    const float* br = b + off[1];
    float* orow = out + off[2];
    if (sa == 1 && sb == 1) {
      for (int64_t j = 0; j < inner; j++) orow[j] = f(ar[j], br[j]);
    } else if (sa == 1) {
      const float bv = br[0];
      for (int64_t j = 0; j < inner; j++) orow[j] = f(ar[j], bv);
    } else if (sb == 1) {
      const float av = ar[0];
      for (int64_t j = 0; j < inner; j++) orow[j] = f(av, br[j]);
    } else {
      const float v = f(ar[0], br[0]);
      for (int64_t j = 0; j < inner; j++) orow[j] = v;
    }
  });
}

}  // namespace

void unary(UnaryOp op, const float* x, float* out, int64_t n) {
  if ((op == UnaryOp::Sigmoid || op == UnaryOp::Tanh) && (use_avx2() || kWasmSimd128)) {
    // The recurrent kernels' SIMD sigmoid/tanh (rnn_simd.h, within 2e-7 of libm): libm's tanhf was a
    // sixth of an attention model's inference.
    parallel_for(n, kGrain, kParallelMin, [&](int64_t b, int64_t e) { rnn::act(op, x + b, out + b, e - b); });
    return;
  }
  switch (op) {
    case UnaryOp::Linear: return unary_loop(x, out, n, [](float v) { return v; });
    case UnaryOp::Relu: return unary_loop(x, out, n, [](float v) { return v < 0 ? 0.0f : v; });  // NaN passes through
    case UnaryOp::Sigmoid: return unary_loop(x, out, n, [](float v) { return sigmoid(v); });
    case UnaryOp::Tanh: return unary_loop(x, out, n, [](float v) { return std::tanh(v); });
    case UnaryOp::HardSigmoid:
      return unary_loop(x, out, n, [](float v) {  // NaN passes through, as the reference's Math.max/min
        const float s = v / 6.0f + 0.5f;
        return s < 0.0f ? 0.0f : s > 1.0f ? 1.0f : s;
      });
    case UnaryOp::Exp: return unary_loop(x, out, n, [](float v) { return std::exp(v); });
    case UnaryOp::Log: return unary_loop(x, out, n, [](float v) { return std::log(v); });
    case UnaryOp::Neg: return unary_loop(x, out, n, [](float v) { return -v; });
    case UnaryOp::Sqrt: return unary_loop(x, out, n, [](float v) { return std::sqrt(v); });
    case UnaryOp::Abs: return unary_loop(x, out, n, [](float v) { return std::fabs(v); });
    case UnaryOp::Square: return unary_loop(x, out, n, [](float v) { return v * v; });
    case UnaryOp::Softplus:
      return unary_loop(x, out, n, [](float v) { return v > 20.0f ? v : std::log1p(std::exp(v)); });
    case UnaryOp::Elu: return unary_loop(x, out, n, [](float v) { return v > 0 ? v : std::expm1(v); });
    case UnaryOp::Selu:
      return unary_loop(x, out, n, [](float v) { return v > 0 ? kSeluScale * v : kSeluScale * kSeluAlpha * std::expm1(v); });
    case UnaryOp::Gelu:
      return unary_loop(x, out, n, [](float v) {
        return 0.5f * v * (1.0f + std::tanh(kGeluC * (v + 0.044715f * v * v * v)));
      });
    case UnaryOp::Swish: return unary_loop(x, out, n, [](float v) { return v * sigmoid(v); });
  }
}

void unary_backward(UnaryOp op, const float* x, const float* y, const float* dy, float* dx, int64_t n) {
  switch (op) {
    case UnaryOp::Linear: return unary_backward_loop(x, y, dy, dx, n, [](float, float) { return 1.0f; });
    case UnaryOp::Relu: return unary_backward_loop(x, y, dy, dx, n, [](float v, float) { return v > 0 ? 1.0f : 0.0f; });
    case UnaryOp::Sigmoid: return unary_backward_loop(x, y, dy, dx, n, [](float, float w) { return w * (1.0f - w); });
    case UnaryOp::Tanh: return unary_backward_loop(x, y, dy, dx, n, [](float, float w) { return 1.0f - w * w; });
    case UnaryOp::HardSigmoid:
      return unary_backward_loop(x, y, dy, dx, n, [](float v, float) { return v > -3.0f && v < 3.0f ? 1.0f / 6.0f : 0.0f; });
    case UnaryOp::Exp: return unary_backward_loop(x, y, dy, dx, n, [](float, float w) { return w; });
    case UnaryOp::Log: return unary_backward_loop(x, y, dy, dx, n, [](float v, float) { return 1.0f / v; });
    case UnaryOp::Neg: return unary_backward_loop(x, y, dy, dx, n, [](float, float) { return -1.0f; });
    case UnaryOp::Sqrt: return unary_backward_loop(x, y, dy, dx, n, [](float, float w) { return 0.5f / w; });
    case UnaryOp::Abs:
      return unary_backward_loop(x, y, dy, dx, n, [](float v, float) { return v > 0 ? 1.0f : v < 0 ? -1.0f : 0.0f; });
    case UnaryOp::Square: return unary_backward_loop(x, y, dy, dx, n, [](float v, float) { return 2.0f * v; });
    case UnaryOp::Softplus: return unary_backward_loop(x, y, dy, dx, n, [](float v, float) { return sigmoid(v); });
    case UnaryOp::Elu: return unary_backward_loop(x, y, dy, dx, n, [](float v, float w) { return v > 0 ? 1.0f : w + 1.0f; });
    case UnaryOp::Selu:
      return unary_backward_loop(x, y, dy, dx, n,
                                 [](float v, float w) { return v > 0 ? kSeluScale : w + kSeluScale * kSeluAlpha; });
    case UnaryOp::Gelu:
      return unary_backward_loop(x, y, dy, dx, n, [](float v, float) {
        const float t = std::tanh(kGeluC * (v + 0.044715f * v * v * v));
        return 0.5f * (1.0f + t) + 0.5f * v * (1.0f - t * t) * kGeluC * (1.0f + 3.0f * 0.044715f * v * v);
      });
    case UnaryOp::Swish:
      return unary_backward_loop(x, y, dy, dx, n, [](float v, float) {
        const float s = sigmoid(v);
        return s + v * s * (1.0f - s);
      });
  }
}

void binary(BinaryOp op, const float* a, const std::vector<int64_t>& as, const float* b, const std::vector<int64_t>& bs,
            float* out, const std::vector<int64_t>& os) {
  switch (op) {
    case BinaryOp::Add: return binary_loop(a, as, b, bs, out, os, [](float x, float y) { return x + y; });
    case BinaryOp::Sub: return binary_loop(a, as, b, bs, out, os, [](float x, float y) { return x - y; });
    case BinaryOp::Mul: return binary_loop(a, as, b, bs, out, os, [](float x, float y) { return x * y; });
    case BinaryOp::Div: return binary_loop(a, as, b, bs, out, os, [](float x, float y) { return x / y; });
    case BinaryOp::Maximum:  // NaN in a propagates, as the reference's `a >= b || isNaN(a) ? a : b`
      return binary_loop(a, as, b, bs, out, os, [](float x, float y) { return x >= y || std::isnan(x) ? x : y; });
    case BinaryOp::Minimum:
      return binary_loop(a, as, b, bs, out, os, [](float x, float y) { return x <= y || std::isnan(x) ? x : y; });
    case BinaryOp::Equal: return binary_loop(a, as, b, bs, out, os, [](float x, float y) { return x == y ? 1.0f : 0.0f; });
    case BinaryOp::Greater: return binary_loop(a, as, b, bs, out, os, [](float x, float y) { return x > y ? 1.0f : 0.0f; });
  }
}

void reduce(ReduceOp op, const float* x, const std::vector<int64_t>& shape, const std::vector<bool>& reduced,
            float* out) {
  std::vector<int64_t> out_shape(shape);
  for (size_t d = 0; d < shape.size(); d++)
    if (reduced[d]) out_shape[d] = 1;
  const int64_t n_out = product(out_shape);
  const std::vector<int64_t> ostr = broadcast_strides(out_shape, shape);
  const std::vector<int64_t> xstr = contiguous_strides(shape);
  const std::vector<int64_t>* strides[2] = {&xstr, &ostr};
  const int64_t inner = shape.empty() ? 1 : shape.back();
  const int64_t so = shape.empty() ? 0 : ostr.back();
  if (op == ReduceOp::Sum) {
    std::vector<double> acc(size_t(n_out), 0.0);
    for_each_row<2, false>(shape, strides, [&](const int64_t* off) {
      const float* xr = x + off[0];
      if (so == 0) {
        double s = 0.0;
        for (int64_t j = 0; j < inner; j++) s += xr[j];
        acc[size_t(off[1])] += s;
      } else {
        double* ar = acc.data() + off[1];
        for (int64_t j = 0; j < inner; j++) ar[j] += xr[j];
      }
    });
    for (int64_t i = 0; i < n_out; i++) out[i] = float(acc[size_t(i)]);
    return;
  }
  const bool is_max = op == ReduceOp::Max;
  const float init = is_max ? -std::numeric_limits<float>::infinity() : std::numeric_limits<float>::infinity();
  std::vector<float> acc(size_t(n_out), init);
  std::vector<unsigned char> nan(size_t(n_out), 0);
  for_each_row<2, false>(shape, strides, [&](const int64_t* off) {
    const float* xr = x + off[0];
    for (int64_t j = 0; j < inner; j++) {
      const size_t o = size_t(off[1] + j * so);
      const float v = xr[j];
      if (std::isnan(v)) nan[o] = 1;
      else if (is_max ? v > acc[o] : v < acc[o]) acc[o] = v;
    }
  });
  for (int64_t i = 0; i < n_out; i++) out[i] = nan[size_t(i)] ? std::numeric_limits<float>::quiet_NaN() : acc[size_t(i)];
}

void transpose32(const uint32_t* x, const std::vector<int64_t>& shape, const std::vector<int64_t>& perm, uint32_t* out) {
  const size_t rank = shape.size();
  if (rank == 0) {
    out[0] = x[0];
    return;
  }
  const std::vector<int64_t> in_str = contiguous_strides(shape);
  std::vector<int64_t> out_shape(rank), src_str(rank);
  for (size_t d = 0; d < rank; d++) {
    out_shape[d] = shape[size_t(perm[d])];
    src_str[d] = in_str[size_t(perm[d])];
  }
  const std::vector<int64_t> out_str = contiguous_strides(out_shape);
  const std::vector<int64_t>* strides[2] = {&src_str, &out_str};
  const int64_t inner = out_shape.back(), s = src_str.back();
  for_each_row<2>(out_shape, strides, [&](const int64_t* off) {
    const uint32_t* src = x + off[0];
    uint32_t* dst = out + off[1];
    for (int64_t j = 0; j < inner; j++) dst[j] = src[j * s];
  });
}

template <typename T>
static void copy_region_impl(const T* src, const std::vector<int64_t>& src_shape, const std::vector<int64_t>& src_begin,
                             T* dst, const std::vector<int64_t>& dst_shape, const std::vector<int64_t>& dst_begin,
                             const std::vector<int64_t>& region, bool accumulate) {
  if (product(region) == 0) return;
  const std::vector<int64_t> ss = contiguous_strides(src_shape);
  const std::vector<int64_t> ds = contiguous_strides(dst_shape);
  int64_t s0 = 0, d0 = 0;
  for (size_t d = 0; d < region.size(); d++) {
    s0 += src_begin[d] * ss[d];
    d0 += dst_begin[d] * ds[d];
  }
  if (region.empty()) {
    dst[d0] = accumulate ? T(dst[d0] + src[s0]) : src[s0];
    return;
  }
  const std::vector<int64_t>* strides[2] = {&ss, &ds};
  const int64_t inner = region.back();
  const auto copy_row = [&](const int64_t* off) {
    const T* s = src + s0 + off[0];
    T* t = dst + d0 + off[1];
    if (accumulate) {
      for (int64_t j = 0; j < inner; j++) t[j] = T(t[j] + s[j]);
    } else {
      std::memmove(t, s, size_t(inner) * sizeof(T));
    }
  };
  // Rows in parallel only when the two arrays do not overlap in memory (a copy within one buffer
  // must keep the serial row order).
  const auto addr = [](const T* p) { return reinterpret_cast<uintptr_t>(p); };
  const bool disjoint = addr(dst + product(dst_shape)) <= addr(src) || addr(src + product(src_shape)) <= addr(dst);
  if (disjoint) for_each_row<2>(region, strides, copy_row);
  else for_each_row<2, false>(region, strides, copy_row);
}

void copy_region_f32(const float* src, const std::vector<int64_t>& src_shape, const std::vector<int64_t>& src_begin,
                     float* dst, const std::vector<int64_t>& dst_shape, const std::vector<int64_t>& dst_begin,
                     const std::vector<int64_t>& region, bool accumulate) {
  copy_region_impl(src, src_shape, src_begin, dst, dst_shape, dst_begin, region, accumulate);
}

void copy_region_i32(const int32_t* src, const std::vector<int64_t>& src_shape, const std::vector<int64_t>& src_begin,
                     int32_t* dst, const std::vector<int64_t>& dst_shape, const std::vector<int64_t>& dst_begin,
                     const std::vector<int64_t>& region, bool accumulate) {
  // Wrap-around int32 addition, like the reference's Int32Array store of a + b.
  copy_region_impl(reinterpret_cast<const uint32_t*>(src), src_shape, src_begin, reinterpret_cast<uint32_t*>(dst),
                   dst_shape, dst_begin, region, accumulate);
}

void softmax(const float* x, int64_t rows, int64_t cols, float* out, bool log) {
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * cols;
    float* o = out + r * cols;
    float mx = -std::numeric_limits<float>::infinity();
    for (int64_t j = 0; j < cols; j++) mx = std::max(mx, xr[j]);
    double sum = 0.0;
    for (int64_t j = 0; j < cols; j++) sum += std::exp(xr[j] - mx);
    if (log) {
      const float log_sum = float(std::log(sum)) + mx;
      for (int64_t j = 0; j < cols; j++) o[j] = xr[j] - log_sum;
    } else {
      const float inv = float(1.0 / sum);
      for (int64_t j = 0; j < cols; j++) o[j] = std::exp(xr[j] - mx) * inv;
    }
  }
}

void softmax_backward(const float* y, const float* dy, int64_t rows, int64_t cols, float* dx, bool log) {
  for (int64_t r = 0; r < rows; r++) {
    const float* yr = y + r * cols;
    const float* dyr = dy + r * cols;
    float* dxr = dx + r * cols;
    double dot = 0.0;
    if (log) {
      for (int64_t j = 0; j < cols; j++) dot += dyr[j];
      const float d = float(dot);
      for (int64_t j = 0; j < cols; j++) dxr[j] = dyr[j] - std::exp(yr[j]) * d;
    } else {
      for (int64_t j = 0; j < cols; j++) dot += double(dyr[j]) * yr[j];
      const float d = float(dot);
      for (int64_t j = 0; j < cols; j++) dxr[j] = yr[j] * (dyr[j] - d);
    }
  }
}

// Word i of the stream is word (offset + i) & 3 of Philox block (offset + i) >> 2, counter = the
// 64-bit block index (c0 low, c1 high): chunks of 4096 elements can go to any thread.
void dropout_mask(uint32_t key0, uint32_t key1, uint64_t offset, double rate, float* out, int64_t n) {
  const float scale = float(1.0 / (1.0 - rate));
  parallel_for(n, 4096, kParallelMin, [&](int64_t b, int64_t e) {
    uint64_t last = ~uint64_t(0);
    PhiloxBlock blk{};
    for (int64_t i = b; i < e; i++) {
      const uint64_t index = offset + uint64_t(i);
      const uint64_t block = index >> 2;
      if (block != last) {
        blk = philox4x32_10(uint32_t(block), uint32_t(block >> 32), 0, 0, key0, key1);
        last = block;
      }
      out[i] = word_to_uniform(blk.w[index & 3]) >= rate ? scale : 0.0f;
    }
  });
}

}  // namespace seqlab

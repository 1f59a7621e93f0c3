// Philox4x32-10 (Salmon et al., SC 2011), the same function as src/backend/philox.ts: output
// block n depends only on (key, n), so any slice of a stream can be generated on any thread and
// dropout masks are bit-identical to the reference backend whatever the thread count.
#pragma once
#include <cstdint>

namespace seqlab {

struct PhiloxBlock {
  uint32_t w[4];
};

inline PhiloxBlock philox4x32_10(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0, uint32_t k1) {
  constexpr uint32_t M0 = 0xd2511f53u, M1 = 0xcd9e8d57u, W0 = 0x9e3779b9u, W1 = 0xbb67ae85u;
  for (int round = 0; round < 10; round++) {
    const uint64_t p0 = uint64_t(M0) * c0;
    const uint64_t p1 = uint64_t(M1) * c2;
    const uint32_t hi0 = uint32_t(p0 >> 32), lo0 = uint32_t(p0);
    const uint32_t hi1 = uint32_t(p1 >> 32), lo1 = uint32_t(p1);
    const uint32_t y0 = hi1 ^ c1 ^ k0;
    const uint32_t y1 = lo1;
    const uint32_t y2 = hi0 ^ c3 ^ k1;
    const uint32_t y3 = lo0;
    c0 = y0;
    c1 = y1;
    c2 = y2;
    c3 = y3;
    k0 += W0;
    k1 += W1;
  }
  return PhiloxBlock{{c0, c1, c2, c3}};
}

// Uniform in [0, 1) from the top 24 bits: exact in float32 and float64, as wordToUniform in philox.ts.
inline double word_to_uniform(uint32_t word) { return double(word >> 8) * 5.960464477539063e-8; }

}  // namespace seqlab

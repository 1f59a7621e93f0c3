/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011):
 * a counter-based generator. Output block n depends only on (key, counter n), so any element
 * of a stream can be computed independently, in any order, on any thread — which is what makes
 * dropout masks bit-identical between the reference and native backends and across thread counts.
 * native/src/philox.h is the same function in C++.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High and low 32 bits of the 64-bit product of two unsigned 32-bit integers. */
function mulhilo(a: number, b: number, out: Uint32Array, hiIndex: number, loIndex: number): void {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const ll = aLo * bLo;
  const lh = aLo * bHi;
  const hl = aHi * bLo;
  const hh = aHi * bHi;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  out[loIndex] = ((mid & 0xffff) << 16) | (ll & 0xffff);
  out[hiIndex] = hh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 0x10000);
}

const scratch = new Uint32Array(4);

/**
 * One Philox4x32-10 block: 4 counter words and 2 key words in, 4 random 32-bit words out (into `out`).
 */
export function philox4x32(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
): void {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let round = 0; round < 10; round++) {
    mulhilo(M0, x0, scratch, 0, 1); // hi0, lo0
    mulhilo(M1, x2, scratch, 2, 3); // hi1, lo1
    const y0 = (scratch[2]! ^ x1 ^ key0) >>> 0;
    const y1 = scratch[3]!;
    const y2 = (scratch[0]! ^ x3 ^ key1) >>> 0;
    const y3 = scratch[1]!;
    x0 = y0;
    x1 = y1;
    x2 = y2;
    x3 = y3;
    key0 = (key0 + W0) >>> 0;
    key1 = (key1 + W1) >>> 0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
}

/** Uniform in [0, 1) with 24 random bits: exact in float32 and float64, identical in C++. */
export function wordToUniform(word: number): number {
  return (word >>> 8) * 5.960464477539063e-8; // 2^-24
}

/**
 * The i-th 32-bit word of the stream (key, offset): block (offset + i) >> 2 as the 64-bit counter
 * (c0 low, c1 high), word (offset + i) & 3. Streams of one key are disjoint when their offsets are.
 */
export function streamWords(
  key: readonly [number, number],
  offset: number,
  count: number,
  out: Uint32Array,
): void {
  const block = new Uint32Array(4);
  let lastBlock = -1;
  for (let i = 0; i < count; i++) {
    const index = offset + i;
    const b = Math.floor(index / 4);
    if (b !== lastBlock) {
      philox4x32(b % 0x100000000, Math.floor(b / 0x100000000), 0, 0, key[0], key[1], block);
      lastBlock = b;
    }
    out[i] = block[index & 3]!;
  }
}

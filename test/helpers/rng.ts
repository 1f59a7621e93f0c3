import { philox4x32, wordToUniform } from '../../src/backend/philox.js';

/**
 * A seeded random source for tests. Each run draws a fresh seed (or takes SEQLAB_TEST_SEED) and
 * every failure message should include `rng.seed` so the run can be repeated.
 */
export interface TestRng {
  readonly seed: number;
  uniform(): number;
  /** Float32Array of n values uniform in [lo, hi). */
  floats(n: number, lo?: number, hi?: number): Float32Array;
  /** Float64Array of n values uniform in [lo, hi). */
  doubles(n: number, lo?: number, hi?: number): Float64Array;
  int(lo: number, hi: number): number;
  ints(n: number, lo: number, hi: number): Int32Array;
}

export function seededRng(seed?: number): TestRng {
  const s =
    seed ??
    (process.env.SEQLAB_TEST_SEED ? Number(process.env.SEQLAB_TEST_SEED) : (Math.random() * 2 ** 31) >>> 0);
  const block = new Uint32Array(4);
  let counter = 0;
  let word = 4;
  const next = (): number => {
    if (word === 4) {
      philox4x32(counter++, 0, 0, 0, s, 0x5eed, block);
      word = 0;
    }
    return wordToUniform(block[word++]!);
  };
  return {
    seed: s,
    uniform: next,
    floats: (n, lo = -1, hi = 1) => Float32Array.from({ length: n }, () => lo + (hi - lo) * next()),
    doubles: (n, lo = -1, hi = 1) => Float64Array.from({ length: n }, () => lo + (hi - lo) * next()),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo)),
    ints: (n, lo, hi) => Int32Array.from({ length: n }, () => lo + Math.floor(next() * (hi - lo))),
  };
}

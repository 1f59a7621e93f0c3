import { wordToUniform } from '../backend/philox.js';
import { RandomGenerator } from '../initializers/random.js';

const DATA_KEY = 0xda7a;

/** A reproducible random source for shuffles and synthetic data (Philox4x32-10 underneath). */
export interface SeededRandom {
  readonly seed: number;
  /** Uniform in [0, 1) with 24 random bits. */
  uniform(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
}

/**
 * A seeded generator: the same seed gives the same stream on every machine.
 * Without a seed, one is drawn from Math.random (and exposed as `.seed`).
 * @example const rng = seededRandom(42); rng.uniform(); // same value every run
 */
export function seededRandom(seed?: number): SeededRandom {
  const s = (seed ?? Math.floor(Math.random() * 2 ** 31)) >>> 0;
  // The data stream is the model generator's Philox stream under its own key (high word 0xda7a), read
  // 24 bits at a time, so splits and synthetic data never share numbers with weight initialisation.
  const words = new RandomGenerator(s + DATA_KEY * 2 ** 32);
  let spare: number | undefined;
  const uniform = (): number => wordToUniform(words.nextWord());
  return {
    seed: s,
    uniform,
    int: (n) => Math.floor(uniform() * n),
    normal: () => {
      if (spare !== undefined) {
        const v = spare;
        spare = undefined;
        return v;
      }
      let u = 0;
      while (u === 0) u = uniform();
      const v = uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/**
 * A permutation of 0..n-1 (Fisher–Yates), reproducible for a given seed.
 * @example permutation(5, 1) // e.g. Int32Array [3, 0, 4, 1, 2], the same every run
 */
export function permutation(n: number, seed?: number | SeededRandom): Int32Array {
  const rng = typeof seed === 'object' ? seed : seededRandom(seed);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

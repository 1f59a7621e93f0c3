import { philox4x32 } from '../backend/philox.js';
import { SeqlabError } from '../errors.js';

/** A RandomGenerator's position (plain JSON). */
export interface RandomState {
  seed: number;
  counter: number;
  word: number;
  block: number[];
  spareNormal: number | null;
}

/**
 * A seeded random generator on the Philox4x32-10 stream. It runs in TypeScript whatever the
 * backend, so a seed gives the same numbers on the reference and native backends (dropout masks,
 * computed by the backends, use the same Philox function and are identical too).
 *
 * @example
 * const rng = new RandomGenerator(42);
 * rng.normal(3);          // Float64Array of 3 standard normals
 * rng.uniform(2, -1, 1);  // 2 values in [-1, 1)
 */
export class RandomGenerator {
  private counter = 0;
  private readonly block = new Uint32Array(4);
  private word = 4;
  private spareNormal: number | null = null;

  constructor(readonly seed: number) {}

  /**
   * The position in the stream, to checkpoint training and continue it with exactly the same numbers.
   * @example const s = rng.getState(); const copy = new RandomGenerator(rng.seed); copy.setState(s);
   */
  getState(): RandomState {
    return {
      seed: this.seed,
      counter: this.counter,
      word: this.word,
      block: Array.from(this.block),
      spareNormal: this.spareNormal,
    };
  }

  /** Continues from a position taken by getState() on a generator with the same seed. */
  setState(state: RandomState): void {
    if (state.seed !== this.seed || state.block.length !== 4 || !(state.word >= 0 && state.word <= 4))
      throw new SeqlabError(
        `RandomGenerator.setState: a state of seed ${state.seed} cannot continue seed ${this.seed}`,
      );
    this.counter = state.counter;
    this.word = state.word;
    this.block.set(state.block);
    this.spareNormal = state.spareNormal;
  }

  /** The next 32-bit random word. */
  nextWord(): number {
    if (this.word === 4) {
      philox4x32(
        this.counter % 0x100000000,
        Math.floor(this.counter / 0x100000000),
        0,
        0,
        this.seed >>> 0,
        Math.floor(this.seed / 0x100000000) >>> 0,
        this.block,
      );
      this.counter++;
      this.word = 0;
    }
    return this.block[this.word++]!;
  }

  /** One uniform number in [0, 1) (53 random bits). */
  next(): number {
    return (this.nextWord() * 0x200000 + (this.nextWord() >>> 11)) / 9007199254740992;
  }

  /** n uniforms in [lo, hi). */
  uniform(n: number, lo = 0, hi = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * this.next();
    return out;
  }

  /** One standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  nextNormal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    const u1 = 1 - this.next(); // (0, 1]: log is finite
    const u2 = this.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spareNormal = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** n normals with this mean and standard deviation. */
  normal(n: number, mean = 0, stddev = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = mean + stddev * this.nextNormal();
    return out;
  }

  /** n normals, redrawing any further than 2 standard deviations from the mean (Keras' TruncatedNormal). */
  truncatedNormal(n: number, mean = 0, stddev = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let z = this.nextNormal();
      while (Math.abs(z) > 2) z = this.nextNormal();
      out[i] = mean + stddev * z;
    }
    return out;
  }

  /** A random permutation of 0..n−1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }

  /** A 32-bit integer seed for a child generator or a dropout key. */
  fork(): number {
    return this.nextWord();
  }
}

/**
 * Samplers propose the next trial's parameters from the finished trials they are shown.
 *
 * - random: independent uniform draws in each parameter's internal coordinate.
 * - tpe: the Tree-structured Parzen Estimator (Bergstra et al. 2011), independent per parameter as
 *   Optuna's default: the finished trials are split into the best γ (good) and the rest (bad, pruned
 *   trials always bad); each side becomes a Parzen density — truncated Gaussians at the observations
 *   with Optuna's neighbour-distance bandwidths plus a wide prior component (choices: counts + 1) —
 *   and of 24 candidates drawn from l(x) (good) the one with the highest l(x)/g(x) is proposed.
 *   Written here (about 100 lines) rather than taken from a library because no maintained
 *   TypeScript TPE exists; the test compares it with random search on functions with a known optimum.
 *
 * Every draw comes from a generator seeded by (study seed, trial number), so the same seed and the
 * same history give the same proposal on any machine.
 */
import { seededRandom, type SeededRandom } from '../data/random.js';
import { fromInternal, toInternal, type Param, type Params } from './space.js';

/** A finished trial as the sampler sees it. */
export interface Observation {
  params: Params;
  /** The objective, already turned so that lower is better. */
  loss: number;
  state: 'complete' | 'pruned';
}

export interface Sampler {
  readonly name: string;
  sample(space: Param[], history: Observation[], trial: number): Params;
}

/** The generator of one trial's draws. */
export function trialRandom(seed: number, trial: number): SeededRandom {
  return seededRandom((seed * 1_000_003 + trial * 7919 + 17) % 2 ** 31);
}

/**
 * Uniform random search.
 * @example new RandomSampler(0).sample(parseSpace({ 'training.batchSize': { choice: [16, 32] } }), [], 0)
 */
export class RandomSampler implements Sampler {
  readonly name = 'random';
  constructor(private readonly seed: number) {}
  sample(space: Param[], _history: Observation[], trial: number): Params {
    const rng = trialRandom(this.seed, trial);
    return Object.fromEntries(space.map((p) => [p.path, fromInternal(p, drawUniform(p, rng))]));
  }
}

function drawUniform(p: Param, rng: SeededRandom): number {
  if (p.kind === 'choice') return rng.int(p.choices.length);
  return p.low + rng.uniform() * (p.high - p.low);
}

// erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7): enough to normalise truncated Gaussians.
function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-a * a);
  return s * y;
}
const cdf = (z: number): number => 0.5 * (1 + erf(z / Math.SQRT2));

/** A mixture of Gaussians truncated to [low, high], equal weights. */
interface Parzen {
  mus: number[];
  sigmas: number[];
  low: number;
  high: number;
}

function parzen(points: number[], low: number, high: number): Parzen {
  const width = high - low;
  // The prior component: centred, as wide as the range.
  const mus = [...points, (low + high) / 2];
  const order = mus.map((m, i) => [m, i] as const).sort((a, b) => a[0] - b[0]);
  const sigmas = new Array<number>(mus.length);
  const minSigma = width / Math.min(100, mus.length + 1);
  order.forEach(([m, i], k) => {
    if (i === points.length) {
      sigmas[i] = width;
      return;
    }
    const left = k > 0 ? m - order[k - 1]![0] : m - low;
    const right = k < order.length - 1 ? order[k + 1]![0] - m : high - m;
    sigmas[i] = Math.min(width, Math.max(minSigma, left, right));
  });
  return { mus, sigmas, low, high };
}

function parzenLogPdf(d: Parzen, x: number): number {
  let sum = 0;
  for (let i = 0; i < d.mus.length; i++) {
    const mu = d.mus[i]!;
    const s = d.sigmas[i]!;
    const mass = cdf((d.high - mu) / s) - cdf((d.low - mu) / s);
    const z = (x - mu) / s;
    sum += Math.exp(-0.5 * z * z) / (s * Math.sqrt(2 * Math.PI) * Math.max(mass, 1e-12));
  }
  return Math.log(sum / d.mus.length + 1e-300);
}

function parzenDraw(d: Parzen, rng: SeededRandom): number {
  const i = rng.int(d.mus.length);
  for (let tries = 0; tries < 100; tries++) {
    const x = d.mus[i]! + d.sigmas[i]! * rng.normal();
    if (x >= d.low && x <= d.high) return x;
  }
  return Math.min(d.high, Math.max(d.low, d.mus[i]!));
}

/**
 * TPE with `startup` random trials first.
 * @example const s = new TpeSampler(0); s.sample(space, history, history.length);
 */
export class TpeSampler implements Sampler {
  readonly name = 'tpe';
  constructor(
    private readonly seed: number,
    private readonly options: { startup?: number; gamma?: number; candidates?: number } = {},
  ) {}

  sample(space: Param[], history: Observation[], trial: number): Params {
    const rng = trialRandom(this.seed, trial);
    const startup = this.options.startup ?? 10;
    const complete = history.filter((h) => h.state === 'complete' && Number.isFinite(h.loss));
    // Startup counts pruned trials too, as Optuna's does: a pruned trial has been observed.
    if (history.length < startup || complete.length === 0)
      return new RandomSampler(this.seed).sample(space, history, trial);
    const sorted = [...complete].sort((a, b) => a.loss - b.loss);
    const nGood = Math.min(25, Math.max(1, Math.ceil((this.options.gamma ?? 0.25) * sorted.length)));
    const good = sorted.slice(0, nGood);
    const bad = [...sorted.slice(nGood), ...history.filter((h) => h.state === 'pruned')];
    const nCandidates = this.options.candidates ?? 24;
    const out: Params = {};
    for (const p of space) {
      const g = good.map((h) => toInternal(p, h.params[p.path]));
      const b = bad.map((h) => toInternal(p, h.params[p.path]));
      let best = 0;
      let bestScore = -Infinity;
      if (p.kind === 'choice') {
        const n = p.choices.length;
        const weights = (xs: number[]): number[] => {
          const w = new Array<number>(n).fill(1);
          for (const x of xs) w[x]! += 1;
          const total = w.reduce((a, c) => a + c, 0);
          return w.map((v) => v / total);
        };
        const l = weights(g);
        const gb = weights(b);
        for (let c = 0; c < nCandidates; c++) {
          let u = rng.uniform();
          let k = 0;
          while (k < n - 1 && u >= l[k]!) u -= l[k++]!;
          const score = Math.log(l[k]!) - Math.log(gb[k]!);
          if (score > bestScore) [best, bestScore] = [k, score];
        }
      } else {
        const l = parzen(g, p.low, p.high);
        const gb = parzen(b, p.low, p.high);
        for (let c = 0; c < nCandidates; c++) {
          const x = parzenDraw(l, rng);
          const score = parzenLogPdf(l, x) - parzenLogPdf(gb, x);
          if (score > bestScore) [best, bestScore] = [x, score];
        }
      }
      out[p.path] = fromInternal(p, best);
    }
    return out;
  }
}

/** The sampler named in the config. */
export function makeSampler(name: 'random' | 'tpe', seed: number, startup?: number): Sampler {
  return name === 'random'
    ? new RandomSampler(seed)
    : new TpeSampler(seed, startup === undefined ? {} : { startup });
}

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  KPSS_CRITICAL,
  kpss,
  ndiffs,
  panelKpss,
  seasonallyAdjusted,
  seasonalStrength,
  lessYearlyCycle,
  dominantPeriod,
} from '../../src/forecasting/stationarity.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();
const msg = `seed ${rng.seed}`;

/** The statistic straight from its definition, every sum written out (float64). */
function kpssByDefinition(y: number[], l: number): number {
  const n = y.length;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const e = y.map((v) => v - mean);
  let eta = 0;
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let i = 0; i <= t; i++) s += e[i]!;
    eta += s * s;
  }
  const gamma = (s: number): number => {
    let g = 0;
    for (let t = s; t < n; t++) g += e[t]! * e[t - s]!;
    return g / n;
  };
  let lrv = gamma(0);
  for (let s = 1; s <= l; s++) lrv += 2 * (1 - s / (l + 1)) * gamma(s);
  return eta / (n * n * lrv);
}

describe(`KPSS level stationarity (${msg})`, () => {
  it('1, 2, 3, 4 by hand: S = (−1.5, −2, −1.5, 0), s²(1) = 1.5625, η = 8.5 / 25', () => {
    const r = kpss([1, 2, 3, 4]);
    assert.equal(r.lags, 1); // ⌊4 (4/100)^¼⌋
    assert.ok(Math.abs(r.statistic - 0.34) < 1e-12, String(r.statistic));
  });

  it('matches the definition on fresh random series, default and given lags', () => {
    for (const n of [7, 50, 333]) {
      const y = Array.from(rng.doubles(n, -3, 3));
      for (let t = 1; t < n; t++) y[t]! += 0.5 * y[t - 1]!;
      const l = Math.floor(4 * (n / 100) ** 0.25);
      assert.ok(Math.abs(kpss(y).statistic - kpssByDefinition(y, l)) < 1e-9, `${msg}, n ${n}`);
      assert.ok(Math.abs(kpss(y, 3).statistic - kpssByDefinition(y, 3)) < 1e-9, `${msg}, n ${n}`);
    }
  });

  it('a random walk needs one difference; a seasonal cycle and a constant need none', () => {
    // KPSS's power against a random walk grows with n: at the 1% level it rejected 98.95% of 2,000
    // walks of 1,000 steps (so a 1,000-step test failed about one run in a hundred) and all 2,000 of 3,000 steps.
    const walk = [0];
    for (let t = 1; t < 3000; t++) walk.push(walk[t - 1]! + rng.doubles(1, -1, 1)[0]!);
    assert.ok(kpss(walk).statistic > KPSS_CRITICAL[0.01], msg);
    assert.equal(ndiffs(walk, { alpha: 0.01, maxD: 1 }), 1, msg);
    const trend = Array.from({ length: 300 }, (_, t) => 0.1 * t + Math.sin(t));
    assert.equal(ndiffs(trend, { maxD: 1 }), 1);
    const cycle = Array.from({ length: 240 }, (_, t) => 10 + Math.sin((2 * Math.PI * t) / 12));
    assert.equal(ndiffs(cycle), 0);
    assert.equal(ndiffs(new Array(50).fill(4)), 0);
    assert.throws(() => kpss([1, 2]), /at least 3 values/);
  });

  it('seasonally adjusted: a line plus a cycle gives back the line; too short a series is returned as is', () => {
    const a = rng.uniform() * 10;
    const b = rng.uniform();
    // An even period (a 2×12 moving average) and an odd one.
    for (const period of [12, 7]) {
      const y = Array.from({ length: 60 }, (_, t) => a + b * t + 10 * Math.sin((2 * Math.PI * t) / period));
      const adjusted = seasonallyAdjusted(y, period);
      adjusted.forEach((v, t) =>
        assert.ok(Math.abs(v - (a + b * t)) < 1e-9, `${msg} ${period}, t=${t}: ${v}`),
      );
    }
    assert.deepEqual(Array.from(seasonallyAdjusted([1, 2, 3], 12)), [1, 2, 3]);
  });

  it('less a yearly cycle: two harmonics of the year at any phase come off exactly, the level stays', () => {
    const level = rng.uniform() * 50;
    const [a, b, c, d] = Array.from(rng.doubles(4, -10, 10));
    // 500 days: less than two years, which the classical decomposition would need.
    const y = Array.from({ length: 500 }, (_, t) => {
      const w = (2 * Math.PI * t) / 365.25;
      return level + a! * Math.sin(w) + b! * Math.cos(w) + c! * Math.sin(2 * w) + d! * Math.cos(2 * w);
    });
    for (const v of lessYearlyCycle(y, 365.25))
      assert.ok(Math.abs(v - level) < 1e-8, `${msg}: ${v} vs ${level}`);
    assert.deepEqual(Array.from(lessYearlyCycle([1, 2, 3], 365.25)), [1, 2, 3], 'under half a year');
  });

  it('a panel: the count of series rejecting at 5%, against Binomial(N, 0.05) summed term by term', () => {
    const choose = (n: number, k: number): number => {
      let c = 1;
      for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
      return c;
    };
    const tail = (n: number, k: number): number => {
      let p = 0;
      for (let j = k; j <= n; j++) p += choose(n, j) * 0.05 ** j * 0.95 ** (n - j);
      return p;
    };
    // 25 series of 20 steps: the first `k` are straight trends with noise (KPSS near its ceiling),
    // the others a cycle of 4 (KPSS near 0).
    for (const k of [0, 1, 3, 5, 25]) {
      const parts = Array.from({ length: 25 }, (_, i) =>
        Array.from({ length: 20 }, (_, t) =>
          i < k ? (1 + i) * t + rng.doubles(1, -0.5, 0.5)[0]! : Math.sin((Math.PI * t) / 2),
        ),
      );
      const got = panelKpss(parts);
      assert.deepEqual([got.rejected, got.total], [k, 25], msg);
      assert.ok(Math.abs(got.pValue - tail(25, k)) < 1e-12, `${k}: ${got.pValue} vs ${tail(25, k)}`);
    }
    // By hand: P(X ≥ 1) = 1 − 0.95² for two series, and 5 of 25 is the first count below 1%.
    assert.ok(
      Math.abs(
        panelKpss([
          [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
          [0, 1, 0, 1],
        ]).pValue - 0.0975,
      ) < 1e-12,
    );
    assert.ok(tail(25, 4) > 0.01 && tail(25, 5) < 0.01);
  });

  it('seasonal strength: 1 for a pure cycle, near 0 for noise, by hand for a tiny series', () => {
    const cycle = Array.from({ length: 60 }, (_, t) => 5 + 0.2 * t + [3, -1, -2][t % 3]!);
    assert.ok(Math.abs(seasonalStrength(cycle, 3) - 1) < 1e-12);
    const noise = Array.from(rng.doubles(600, -1, 1));
    assert.ok(seasonalStrength(noise, 12) < 0.2, `${msg}: ${seasonalStrength(noise, 12)}`);
    assert.equal(seasonalStrength([1, 2, 3], 12), 0, 'shorter than two seasons');
  });
});

describe(`dominantPeriod: a cycle's length when the step is unknown (${msg})`, () => {
  it('a cycle of random length on a trend, in noise: its length (or within a step of it)', () => {
    for (let k = 0; k < 5; k++) {
      const period = rng.int(4, 60);
      const n = period * rng.int(8, 20);
      const phase = rng.uniform() * 2 * Math.PI;
      const slope = rng.uniform() * 0.05;
      const y = Array.from(
        { length: n },
        (_, t) => 10 + slope * t + 3 * Math.sin((2 * Math.PI * t) / period + phase) + rng.uniform() - 0.5,
      );
      const found = dominantPeriod(y);
      assert.ok(
        found !== undefined && Math.abs(found - period) <= 1,
        `${msg}: period ${period}, n ${n}, found ${found}`,
      );
      assert.ok(seasonalStrength(y, period) > 0.64, `${msg}: strength at ${period}`);
    }
  });

  it('white noise has none; too short a series has none', () => {
    assert.equal(dominantPeriod(Array.from(rng.doubles(500, -1, 1))), undefined, msg);
    assert.equal(
      dominantPeriod([1, 2, 1, 2, 1, 2, 1, 2]),
      undefined,
      'lags 2 to n/3 = 2: no room for a peak',
    );
  });
});

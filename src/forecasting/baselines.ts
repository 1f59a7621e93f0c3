/**
 * The forecasts a network must beat, from the values before each origin: naive (the last value),
 * seasonal naive (the value one season earlier), drift (the line through the first and last values)
 * and MSTL with an AutoETS trend from augurs (Grafana's Rust time-series library compiled to
 * WebAssembly: it ships its .wasm in the npm package, so it installs and runs offline, and MSTL
 * handles the seasonal series these recipes are about). Without a usable season (period 1, or fewer
 * than two seasons before the origin) STL cannot run, and augurs' AutoETS alone (no seasonal term)
 * forecasts instead.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { initSync, MSTL } from '@bsull/augurs/mstl';
import { initSync as initEtsSync, AutoETS } from '@bsull/augurs/ets';
import { SeqlabError } from '../errors.js';
import { seasonallyAdjusted, seasonalStrength } from './stationarity.js';
import { solveNormalEquations } from './least-squares.js';

export type BaselineName = 'naive' | 'seasonalNaive' | 'drift' | 'mstl' | 'ar';
export const BASELINES: readonly BaselineName[] = ['naive', 'seasonalNaive', 'drift', 'mstl', 'ar'];

const ready = new Set<string>();
function initAugurs(name: 'mstl' | 'ets'): void {
  if (ready.has(name)) return;
  // The package exports its JavaScript but not the .wasm beside it; Node has no fetch of file URLs.
  const js = createRequire(import.meta.url).resolve(`@bsull/augurs/${name}`);
  (name === 'mstl' ? initSync : initEtsSync)({ module: readFileSync(join(dirname(js), `${name}_bg.wasm`)) });
  ready.add(name);
}

/**
 * MSTL's seasonal periods: the season, and the week too on a day of hours (or half or quarter hours)
 * or a year of days when the history has a weekly cycle beyond the day's: the seasonal strength at
 * the week of the series less its daily cycle above 0.3. Human activity has one (bike hire 0.69,
 * generated load with quieter weekends 0.64–0.68: with one period of 24 MSTL scored MASE 2.45 on the
 * bike-hire series, worse than seasonal naive's 0.75; with the week, 0.51); PM2.5 and temperatures
 * do not (0.003 and 0.006), and an idle weekly period cost MSTL there (1.09 → 1.16, 0.73 → 0.76).
 * Each period needs two cycles before the origin; none left: AutoETS alone.
 * @example mstlPeriods(24, bikeHours) // [24, 168]
 */
export function mstlPeriods(season: number, history: ArrayLike<number>): number[] {
  const week = season === 365 ? 7 : [24, 48, 96].includes(season) ? 7 * season : undefined;
  const fits = (p: number): boolean => p >= 2 && history.length >= 2 * p;
  if (week === undefined || !fits(week) || !fits(season)) return fits(season) ? [season] : [];
  const base = season < week ? seasonallyAdjusted(history, season) : history;
  return seasonalStrength(base, week) > 0.3 ? [Math.min(season, week), Math.max(season, week)] : [season];
}

/**
 * H forecasts of one baseline from the values before `origin` (y[0 .. origin − 1]).
 * @example baselineForecast('seasonalNaive', y, 120, 12, 12) // y[108 .. 119]
 */
export function baselineForecast(
  name: BaselineName,
  y: ArrayLike<number>,
  origin: number,
  H: number,
  season: number,
): Float64Array {
  const last = y[origin - 1]!;
  switch (name) {
    case 'naive':
      return new Float64Array(H).fill(last);
    case 'seasonalNaive':
      if (origin < season)
        throw new SeqlabError(
          `seasonal naive needs a full season (${season} steps) before the first origin; it has ${origin}`,
        );
      return Float64Array.from({ length: H }, (_, k) => y[origin - season + (k % season)]!);
    case 'drift': {
      const slope = origin > 1 ? (last - y[0]!) / (origin - 1) : 0;
      return Float64Array.from({ length: H }, (_, k) => last + (k + 1) * slope);
    }
    case 'mstl': {
      const history = Float64Array.from({ length: origin }, (_, t) => y[t]!);
      const periods = mstlPeriods(season, history);
      initAugurs(periods.length ? 'mstl' : 'ets');
      const model = periods.length ? MSTL.ets(periods) : new AutoETS(1, 'ZZN');
      try {
        model.fit(history);
        return Float64Array.from(model.predict(H).point);
      } finally {
        model.free();
      }
    }
    case 'ar':
      return autoregression(y, origin, H);
  }
}

/** The most lags the AR baseline tries: two years of months, a day of hours. */
const AR_MAX_LAGS = 24;

/**
 * An autoregression fitted by least squares with an intercept, its order p (1 … 24, at most a quarter
 * of the history) chosen by AIC on the same rows, then run forward H steps on its own forecasts
 * (statsmodels' `ar_select_order(ic='aic')` then `AutoReg`). The baselines above ignore a cycle that
 * is not a calendar season: on yearly sunspots (an 11-year cycle, season 1) the network "beat" naive
 * at MASE 2.10 while an AR(9) scored 1.04 on the same origins.
 * @example autoregression(sunspots, 280, 10) // the 10 years after the 280th
 */
export function autoregression(y: ArrayLike<number>, origin: number, H: number): Float64Array {
  const last = y[origin - 1]!;
  const maxP = Math.min(AR_MAX_LAGS, Math.floor(origin / 4));
  if (maxP < 1) return new Float64Array(H).fill(last);
  // Each order on the same rows (t = maxP … origin − 1), from one Gram matrix whose leading
  // (p + 1) × (p + 1) block is that order's; the chosen one refitted on all the rows it can use.
  const { gram, xty, yty, n } = normalEquations(y, origin, maxP);
  let best: { aic: number; p: number } | undefined;
  for (let p = 1; p <= maxP; p++) {
    const coef = solveLeading(gram, xty, maxP + 1, p + 1);
    let fitted = 0;
    for (let a = 0; a <= p; a++) fitted += coef[a]! * xty[a]!;
    const rss = Math.max(yty - fitted, 1e-12 * yty, Number.MIN_VALUE);
    const aic = n * Math.log(rss / n) + 2 * (p + 1);
    if (!best || aic < best.aic) best = { aic, p };
  }
  if (!best) return new Float64Array(H).fill(last);
  const own = normalEquations(y, origin, best.p);
  const coef = solveNormalEquations(own.gram, own.xty, best.p + 1);
  const p = coef.length - 1;
  const path = Array.from({ length: p }, (_, i) => y[origin - p + i]!);
  const out = new Float64Array(H);
  for (let h = 0; h < H; h++) {
    let v = coef[0]!;
    for (let i = 1; i <= p; i++) v += coef[i]! * path[path.length - i]!;
    out[h] = v;
    path.push(v);
  }
  return out;
}

/** The normal equations of y[t] on [1, y[t − 1], …, y[t − lags]] over t = lags … origin − 1 (lower triangle). */
function normalEquations(
  y: ArrayLike<number>,
  origin: number,
  lags: number,
): { gram: Float64Array; xty: Float64Array; yty: number; n: number } {
  const k = lags + 1;
  const gram = new Float64Array(k * k);
  const xty = new Float64Array(k);
  const row = new Float64Array(k);
  let yty = 0;
  for (let t = lags; t < origin; t++) {
    row[0] = 1;
    for (let i = 1; i <= lags; i++) row[i] = y[t - i]!;
    const v = y[t]!;
    yty += v * v;
    for (let a = 0; a < k; a++) {
      xty[a]! += row[a]! * v;
      for (let b = 0; b <= a; b++) gram[a * k + b]! += row[a]! * row[b]!;
    }
  }
  return { gram, xty, yty, n: origin - lags };
}

/** The least-squares coefficients of the leading m × m block of a k × k Gram matrix (lower triangle). */
function solveLeading(gram: Float64Array, rhs: Float64Array, k: number, m: number): Float64Array {
  const a = new Float64Array(m * m);
  for (let r = 0; r < m; r++) a.set(gram.subarray(r * k, r * k + r + 1), r * m);
  return solveNormalEquations(a, rhs, m);
}

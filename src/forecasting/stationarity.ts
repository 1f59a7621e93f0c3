/**
 * Does a series need differencing? The KPSS test (Kwiatkowski, Phillips, Schmidt and Shin 1992,
 * level stationarity), as auto.arima's `ndiffs` uses it: difference while the test rejects.
 * `seqlab init` asks it before a series recipe that would otherwise see the raw level: a network
 * with a scaled tanh state cannot extrapolate a trend past the values it was trained on.
 */

/** Upper-tail critical values of the level-stationarity statistic (the paper's table 1, η_μ). */
export const KPSS_CRITICAL = { 0.1: 0.347, 0.05: 0.463, 0.025: 0.574, 0.01: 0.739 } as const;

export interface KpssResult {
  statistic: number;
  /** Bartlett window of the long-run variance. */
  lags: number;
}

/**
 * The KPSS statistic η = Σ S_t² / (n² s²(l)), S_t the partial sums of y − ȳ and s²(l) the
 * Newey–West long-run variance with Bartlett weights 1 − s/(l + 1). Default l = ⌊4 (n/100)^¼⌋
 * (urca's and tseries' "short" lag). Large η: not level-stationary (a trend or a random walk).
 * @example kpss([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).statistic > KPSS_CRITICAL[0.05] // a trend
 */
export function kpss(values: ArrayLike<number>, lags?: number): KpssResult {
  const n = values.length;
  if (n < 3) throw new RangeError(`kpss needs at least 3 values; got ${n}`);
  const l = lags ?? Math.floor(4 * (n / 100) ** 0.25);
  let mean = 0;
  for (let t = 0; t < n; t++) mean += values[t]!;
  mean /= n;
  const e = Float64Array.from({ length: n }, (_, t) => values[t]! - mean);
  let partial = 0;
  let eta = 0;
  for (let t = 0; t < n; t++) {
    partial += e[t]!;
    eta += partial * partial;
  }
  let s2 = 0;
  for (let t = 0; t < n; t++) s2 += e[t]! * e[t]!;
  for (let s = 1; s <= Math.min(l, n - 1); s++) {
    let cov = 0;
    for (let t = s; t < n; t++) cov += e[t]! * e[t - s]!;
    s2 += 2 * (1 - s / (l + 1)) * cov;
  }
  s2 /= n;
  // A constant series is stationary; s² = 0 would make η 0/0.
  return { statistic: s2 > 0 ? eta / (n * n * s2) : 0, lags: l };
}

/**
 * How many ordinary differences make the series level-stationary by KPSS at `alpha` (auto.arima's
 * `ndiffs`): 0, 1, … up to maxD. NaN values are skipped.
 * @example ndiffs(randomWalk) // 1
 */
export function ndiffs(
  values: ArrayLike<number>,
  { alpha = 0.05, maxD = 2 }: { alpha?: keyof typeof KPSS_CRITICAL; maxD?: number } = {},
): number {
  let y = Array.from(values).filter((v) => !Number.isNaN(v));
  let d = 0;
  while (d < maxD && y.length >= 3 && kpss(y).statistic > KPSS_CRITICAL[alpha]) {
    y = y.slice(1).map((v, t) => v - y[t]!);
    d++;
  }
  return d;
}

/**
 * Whether a panel of series is not level-stationary as a whole: each series' KPSS at 5%, and the
 * number that reject against the number chance gives when every series is level-stationary
 * (Binomial(N, 0.05)). `pValue` is P(X ≥ rejected) under that null. Pooling matters for short series:
 * KPSS has little power on 15–25 steps (a random walk rejects at 5% in a third to half of them, and
 * the 1% value cannot be reached below about 15 steps), but 9 rejections of 25 do not happen by
 * chance.
 * @example panelKpss(walks) // { rejected: 11, total: 25, pValue: 1.1e-8 }
 */
export function panelKpss(parts: readonly ArrayLike<number>[]): {
  rejected: number;
  total: number;
  pValue: number;
} {
  const alpha = 0.05;
  const total = parts.length;
  const rejected = parts.filter((p) => kpss(p).statistic > KPSS_CRITICAL[alpha]).length;
  // P(X ≥ rejected) for X ~ Binomial(total, alpha): the terms from k = 0 up, each from the one before.
  let term = (1 - alpha) ** total;
  let below = 0;
  for (let k = 0; k < rejected; k++) {
    below += term;
    term *= ((total - k) / (k + 1)) * (alpha / (1 - alpha));
  }
  return { rejected, total, pValue: Math.max(0, 1 - below) };
}

/**
 * Strength of seasonality F_s = max(0, 1 − Var(R) / Var(S + R)) (Wang, Smith and Hyndman 2006) from
 * a classical additive decomposition: trend the centred moving average over one period (2×m for an
 * even m), S the mean detrended value of each phase (centred), R what is left. auto.arima's
 * `nsdiffs` takes one seasonal difference when F_s > 0.64. Needs two full periods beyond the trend's
 * edges; 0 when the series is shorter.
 * @example seasonalStrength(airlineLog.slice(0, 96), 12) // 0.94: a yearly cycle
 */
export function seasonalStrength(values: ArrayLike<number>, period: number): number {
  const d = decompose(values, period);
  if (!d) return 0;
  const half = Math.floor(period / 2);
  const sr: number[] = [];
  const r: number[] = [];
  for (let t = half; t < values.length - half; t++) {
    const detrended = values[t]! - d.trend[t]!;
    sr.push(detrended);
    r.push(detrended - d.seasonal[t % period]!);
  }
  const variance = (xs: number[]): number => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
  };
  const v = variance(sr);
  return v > 0 ? Math.max(0, 1 - variance(r) / v) : 0;
}

/**
 * The series less its seasonal component (seasonalStrength's classical decomposition): what is left
 * is the level and the noise, for a KPSS test of the level that the cycle does not blur. The series
 * unchanged when it is too short to decompose.
 * @example kpss(seasonallyAdjusted(hourlyLoad, 24)) // the level's drift, not the day's swing
 */
export function seasonallyAdjusted(values: ArrayLike<number>, period: number): Float64Array {
  const d = decompose(values, period);
  return Float64Array.from(values, (v, t) => (d ? v - d.seasonal[t % period]! : v));
}

/**
 * The series less a yearly cycle fitted by least squares on two harmonics of the year (sin and cos of
 * 2πkt/P, k = 1, 2, and a constant; P steps a year, 365.25 for daily data): the cycle the calendar
 * covariate dayOfYear gives the network, removed before KPSS judges the level. Unlike
 * seasonallyAdjusted it needs no two full years. The series unchanged below half a year.
 * @example kpss(lessYearlyCycle(dailyTemperatures, 365.25)) // the level under the seasons
 */
export function lessYearlyCycle(values: ArrayLike<number>, stepsPerYear: number): Float64Array {
  const n = values.length;
  const out = Float64Array.from(values);
  if (n < stepsPerYear / 2) return out;
  const K = 5;
  const row = (t: number): number[] => {
    const a = (2 * Math.PI * t) / stepsPerYear;
    return [1, Math.sin(a), Math.cos(a), Math.sin(2 * a), Math.cos(2 * a)];
  };
  // Normal equations [XᵀX | Xᵀy], solved by Gauss–Jordan elimination with partial pivoting.
  const m = Array.from({ length: K }, () => new Float64Array(K + 1));
  for (let t = 0; t < n; t++) {
    const x = row(t);
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) m[i]![j]! += x[i]! * x[j]!;
      m[i]![K]! += x[i]! * values[t]!;
    }
  }
  for (let c = 0; c < K; c++) {
    let p = c;
    for (let r = c + 1; r < K; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const pivot = m[c]![c]!;
    if (Math.abs(pivot) < 1e-12) return out;
    for (let j = c; j <= K; j++) m[c]![j]! /= pivot;
    for (let r = 0; r < K; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      for (let j = c; j <= K; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  const beta = m.map((r) => r[K]!);
  for (let t = 0; t < n; t++) {
    const x = row(t);
    let fit = 0;
    for (let i = 1; i < K; i++) fit += beta[i]! * x[i]!; // the constant stays: KPSS sees the level
    out[t] = values[t]! - fit;
  }
  return out;
}

/**
 * The period of the strongest cycle in a series whose step is not known (a column of numbers without
 * a time column): the lag of the highest peak of the autocorrelation of the series less its straight
 * line, a peak being a local maximum above 0.3 that rises at least 0.1 over the lowest value before it
 * (a slowly decaying autocorrelation, as a random walk's, has none). Lags 2 to n/3 (at most 1,000).
 * undefined when there is no such peak; the caller confirms the cycle with seasonalStrength.
 * @example dominantPeriod(sunspotsWithoutDates) // 132 (or within a few months of it)
 */
export function dominantPeriod(values: ArrayLike<number>): number | undefined {
  const n = values.length;
  const maxLag = Math.min(Math.floor(n / 3), 1000);
  if (maxLag < 3) return undefined;
  // Less the least-squares line, so that a trend does not hide the cycle's peaks.
  const tMean = (n - 1) / 2;
  let yMean = 0;
  for (let t = 0; t < n; t++) yMean += values[t]!;
  yMean /= n;
  let sty = 0;
  let stt = 0;
  for (let t = 0; t < n; t++) {
    sty += (t - tMean) * (values[t]! - yMean);
    stt += (t - tMean) ** 2;
  }
  const slope = sty / stt;
  const e = Float64Array.from({ length: n }, (_, t) => values[t]! - yMean - slope * (t - tMean));
  let c0 = 0;
  for (let t = 0; t < n; t++) c0 += e[t]! * e[t]!;
  if (c0 === 0) return undefined;
  const r = new Float64Array(maxLag + 2);
  for (let k = 1; k <= maxLag + 1; k++) {
    let c = 0;
    for (let t = k; t < n; t++) c += e[t]! * e[t - k]!;
    r[k] = c / c0;
  }
  let best: number | undefined;
  let low = r[1]!;
  for (let k = 2; k <= maxLag; k++) {
    low = Math.min(low, r[k - 1]!);
    const peak = r[k]! > r[k - 1]! && r[k]! >= r[k + 1]! && r[k]! > 0.3 && r[k]! - low >= 0.1;
    if (peak && (best === undefined || r[k]! > r[best]!)) best = k;
  }
  return best;
}

/**
 * Classical additive decomposition: the trend a centred moving average over one period (2×m for an
 * even m, NaN within half a period of the ends), the seasonal component the mean detrended value of
 * each phase, centred to sum to 0. Undefined below two full periods beyond the trend's edges.
 */
function decompose(
  values: ArrayLike<number>,
  period: number,
): { trend: Float64Array; seasonal: number[] } | undefined {
  const n = values.length;
  const half = Math.floor(period / 2);
  if (period < 2 || n < 2 * period + 2 * half) return undefined;
  // The moving sums from running sums (prefix[i] = values[0] + … + values[i − 1]): one pass, so a
  // cycle of 1,440 minutes costs no more than one of 12 months.
  const prefix = new Float64Array(n + 1);
  for (let t = 0; t < n; t++) prefix[t + 1] = prefix[t]! + values[t]!;
  const trend = new Float64Array(n).fill(NaN);
  for (let t = half; t < n - half; t++) {
    const sum =
      period % 2 === 1
        ? prefix[t + half + 1]! - prefix[t - half]!
        : prefix[t + half]! - prefix[t - half + 1]! + 0.5 * (values[t - half]! + values[t + half]!);
    trend[t] = sum / period;
  }
  const phaseSum = new Float64Array(period);
  const phaseCount = new Float64Array(period);
  for (let t = half; t < n - half; t++) {
    phaseSum[t % period]! += values[t]! - trend[t]!;
    phaseCount[t % period]!++;
  }
  const raw = Array.from(phaseSum, (s, p) => s / phaseCount[p]!);
  const centre = raw.reduce((a, b) => a + b, 0) / period;
  return { trend, seasonal: raw.map((s) => s - centre) };
}

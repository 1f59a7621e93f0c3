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

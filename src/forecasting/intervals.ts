/**
 * Split conformal intervals from backtest residuals: for each horizon step, the absolute residuals
 * of earlier origins give the half-width that covers the asked share of them; the empirical coverage
 * is measured on later, held-out origins.
 */

/**
 * The conformal quantile of |residuals|: the ⌈(n + 1)·coverage⌉-th smallest of n values, or the
 * largest when n is too small for that rank (then the interval may under-cover; `exact` says so).
 * @example conformalQuantile([1, 2, 3, 4], 0.5) // { value: 3, exact: true }
 */
export function conformalQuantile(
  absResiduals: ArrayLike<number>,
  coverage: number,
): { value: number; exact: boolean } {
  const sorted = Float64Array.from(absResiduals).sort();
  const n = sorted.length;
  const rank = conformalRank(n, coverage);
  return rank <= n
    ? { value: sorted[rank - 1]!, exact: true }
    : { value: sorted[n - 1] ?? NaN, exact: false };
}

const conformalRank = (n: number, coverage: number): number => Math.ceil((n + 1) * coverage);

/**
 * What a user must know when there are too few origins for the asked coverages: those levels' half-widths
 * are the largest residual of each step, so they may under-cover, and levels that fall back alike get
 * the same interval. Undefined when every level has its exact quantile.
 * @example intervalShortfall(6, [0.8, 0.95], (n) => `use ${n}`) // "6 backtest origins are too few for an interval of 95%: … the 80% and 95% intervals are the same; use 19"
 */
export function intervalShortfall(
  origins: number,
  coverage: readonly number[],
  fix: (needed: number) => string,
): string | undefined {
  const short = coverage.filter((c) => conformalRank(origins, c) > origins);
  if (!short.length || origins < 1) return undefined;
  let needed = 1;
  while (short.some((c) => conformalRank(needed, c) > needed)) needed++;
  const pct = (c: number) => `${+(c * 100).toFixed(1)}%`;
  // Levels whose rank lands on the largest residual too (exact or not) get the very same bounds.
  const alike = coverage.filter((c) => Math.min(conformalRank(origins, c), origins) === origins);
  return (
    `${origins} backtest origins are too few for ${short.length > 1 ? 'intervals' : 'an interval'} of ${short.map(pct).join(' and ')}: ` +
    `${short.length > 1 ? 'their' : 'its'} half-width at each step is the largest residual of the origins, so ${short.length > 1 ? 'they' : 'it'} may cover less than asked` +
    (alike.length > 1 ? `, and the ${alike.map(pct).join(' and ')} intervals are the same` : '') +
    `; ${fix(needed)}`
  );
}

/** Half-widths per coverage level and horizon step, from residuals (origins × H, row-major). */
export function halfWidths(
  residuals: ArrayLike<number>,
  H: number,
  coverage: readonly number[],
  origins: readonly number[],
): { widths: number[][]; exact: boolean } {
  let exact = true;
  const widths = coverage.map((c) =>
    Array.from({ length: H }, (_, k) => {
      const q = conformalQuantile(
        origins.map((j) => Math.abs(residuals[j * H + k]!)),
        c,
      );
      exact &&= q.exact;
      return q.value;
    }),
  );
  return { widths, exact };
}

export interface CoverageRow {
  nominal: number;
  /** Share of held-out (origin, step) pairs inside the interval calibrated on the earlier origins. */
  empirical: number;
  calibrationOrigins: number;
  heldOutOrigins: number;
}

/**
 * Calibrates on the first half of the origins and measures coverage on the second half.
 * @example measureCoverage(residuals, 12, [0.8, 0.95])[0].empirical // ≈ 0.8
 */
export function measureCoverage(
  residuals: ArrayLike<number>,
  H: number,
  coverage: readonly number[],
): CoverageRow[] {
  const n = residuals.length / H;
  const split = Math.floor(n / 2);
  const calib = Array.from({ length: split }, (_, j) => j);
  const { widths } = halfWidths(residuals, H, coverage, calib);
  return coverage.map((nominal, l) => {
    let inside = 0;
    for (let j = split; j < n; j++)
      for (let k = 0; k < H; k++) if (Math.abs(residuals[j * H + k]!) <= widths[l]![k]!) inside++;
    return {
      nominal,
      empirical: n - split ? inside / ((n - split) * H) : NaN,
      calibrationOrigins: split,
      heldOutOrigins: n - split,
    };
  });
}

/**
 * Levels whose measured coverage on the held-out origins fell more than 10 points short of the
 * nominal one (sp500's 80% interval held 57.6% of the held-out steps, its 95% one 65.3%): the errors
 * grew after the origins the widths were calibrated on, and the forecast's intervals may be too
 * narrow too. The points are correlated (overlapping horizons), so no test: a margin.
 * @example coverageShortfall(measureCoverage(residuals, 12, [0.8]))  // undefined, or what fell short
 */
export function coverageShortfall(measured: readonly CoverageRow[]): string | undefined {
  const short = measured.filter((c) => Number.isFinite(c.empirical) && c.empirical < c.nominal - 0.1);
  if (!short.length) return undefined;
  const pct = (v: number): string => `${+(v * 100).toFixed(1)}%`;
  return (
    `${short.map((c) => `the ${pct(c.nominal)} interval covered ${pct(c.empirical)}`).join(' and ')} of the steps of the last ${short[0]!.heldOutOrigins} origins` +
    `${short[0]!.calibrationOrigins ? ` (calibrated on the ${short[0]!.calibrationOrigins} before them)` : ''}: the later origins erred more than the earlier ones (a change in the series, or chance with this few origins), so the intervals past the data may be too narrow as well; read them as a lower bound of the uncertainty`
  );
}

/**
 * Levels whose measured coverage on the held-out origins went more than 10 points over the nominal
 * one (sunspots' 80% interval held 98.3% of the held-out steps): the later origins erred less than
 * the earlier ones, and the intervals may be wider than they need to be.
 * @example coverageExcess(measureCoverage(residuals, 12, [0.8]))  // undefined, or what went over
 */
export function coverageExcess(measured: readonly CoverageRow[]): string | undefined {
  const over = measured.filter((c) => Number.isFinite(c.empirical) && c.empirical > c.nominal + 0.1);
  if (!over.length) return undefined;
  const pct = (v: number): string => `${+(v * 100).toFixed(1)}%`;
  return `${over.map((c) => `the ${pct(c.nominal)} interval covered ${pct(c.empirical)}`).join(' and ')} of the steps of the last ${over[0]!.heldOutOrigins} origins: the later origins erred less than the earlier ones, so the intervals may be wider than they need to be`;
}

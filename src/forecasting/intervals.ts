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
  const rank = Math.ceil((n + 1) * coverage);
  return rank <= n
    ? { value: sorted[rank - 1]!, exact: true }
    : { value: sorted[n - 1] ?? NaN, exact: false };
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

/** The statistics behind Frame.describe() and Frame.corr(), on Float64Array columns (NaN = missing). */

/** Linear-interpolated quantile of sorted values (numpy's default, which pandas uses). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** '25%' style labels. */
export function quantileLabels(ps: number[]): string[] {
  return ps.map((p) => `${Number((p * 100).toPrecision(6))}%`);
}

/** [count, mean, std (ddof 1), min, ...quantiles, max] of the non-missing values. */
export function describeColumn(col: Float64Array, percentiles: number[]): number[] {
  let missing = 0;
  for (let i = 0; i < col.length; i++) if (Number.isNaN(col[i]!)) missing++;
  const v = (missing ? col.filter((x) => !Number.isNaN(x)) : col.slice()).sort();
  const n = v.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += v[i]!;
  mean = n ? mean / n : NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (v[i]! - mean) ** 2;
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : NaN;
  return [
    n,
    mean,
    std,
    n ? v[0]! : NaN,
    ...percentiles.map((p) => quantileSorted(v, p)),
    n ? v[n - 1]! : NaN,
  ];
}

/** Average ranks (ties share their mean rank), for Spearman. */
function ranks(x: Float64Array): Float64Array {
  const idx = Array.from(x.keys()).sort((a, b) => x[a]! - x[b]!);
  const r = new Float64Array(x.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && x[idx[j + 1]!] === x[idx[i]!]) j++;
    for (let k = i; k <= j; k++) r[idx[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

/**
 * Pearson or Spearman correlation over rows where both values are present. Pearson is two passes over
 * the columns with nothing allocated (a million-row describe spent 13 s filtering copies of every
 * pair of columns, and as long again collecting them).
 */
export function columnCorr(a: Float64Array, b: Float64Array, method: 'pearson' | 'spearman'): number {
  if (method === 'spearman') {
    const both = (v: number, i: number, other: Float64Array) => !Number.isNaN(v) && !Number.isNaN(other[i]!);
    return pearson(ranks(a.filter((v, i) => both(v, i, b))), ranks(b.filter((v, i) => both(v, i, a))));
  }
  return pearson(a, b);
}

/** Pearson's r over the rows where both values are present. */
function pearson(x: Float64Array, y: Float64Array): number {
  let n = 0,
    mx = 0,
    my = 0;
  for (let i = 0; i < x.length; i++) {
    const u = x[i]!,
      v = y[i]!;
    if (Number.isNaN(u) || Number.isNaN(v)) continue;
    n++;
    mx += u;
    my += v;
  }
  if (n < 2) return NaN;
  mx /= n;
  my /= n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < x.length; i++) {
    const u = x[i]!,
      v = y[i]!;
    if (Number.isNaN(u) || Number.isNaN(v)) continue;
    const dx = u - mx,
      dy = v - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

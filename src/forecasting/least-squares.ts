/** Least squares by the normal equations, in float64: the linear baselines' (tables, autoregression). */
/**
 * The solution of A w = b for the normal equations of least squares: A (d × d, its lower triangle
 * read, overwritten by its Cholesky factor) with a tiny ridge, 1e-8 × the mean of its diagonal, that
 * keeps collinear columns solvable.
 * @example solveNormalEquations(Float64Array.of(4, 0, 2, 3), Float64Array.of(8, 7), 2) // ≈ [1.25, 1.5]
 */
export function solveNormalEquations(a: Float64Array, b: ArrayLike<number>, d: number): Float64Array {
  let trace = 0;
  for (let j = 0; j < d; j++) trace += a[j * d + j]!;
  for (let j = 0; j < d; j++) a[j * d + j]! += 1e-8 * (trace / d) + 1e-12;
  // Cholesky A = L Lᵀ in place (lower triangle), then two triangular solves.
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j]!;
    for (let k = 0; k < j; k++) s -= a[j * d + k]! ** 2;
    const ljj = Math.sqrt(Math.max(s, 1e-300));
    a[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j]!;
      for (let k = 0; k < j; k++) t -= a[i * d + k]! * a[j * d + k]!;
      a[i * d + j] = t / ljj;
    }
  }
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let t = b[i]!;
    for (let k = 0; k < i; k++) t -= a[i * d + k]! * z[k]!;
    z[i] = t / a[i * d + i]!;
  }
  const w = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let t = z[i]!;
    for (let k = i + 1; k < d; k++) t -= a[k * d + i]! * w[k]!;
    w[i] = t / a[i * d + i]!;
  }
  return w;
}

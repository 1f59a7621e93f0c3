/** Ridge regression on sparse rows against the closed form, solved densely in float64 with the columns centred explicitly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csrFromRows } from '../../src/data/sparse.js';
import { fitSparseRidge, predictSparseRidge } from '../../src/experiments/sparse-ridge.js';
import { seededRng } from '../helpers/rng.js';

/** Solves A x = b by Gaussian elimination with partial pivoting (A small and dense). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

test('sparse ridge: weights and intercept as the dense closed form with centred columns (scikit-learn Ridge)', () => {
  const rng = seededRng();
  const [n, d] = [40, 9];
  const rows = Array.from({ length: n }, () => {
    const m = new Map<number, number>();
    for (let j = 0; j < d; j++) if (rng.uniform() < 0.35) m.set(j, Math.fround(rng.uniform() * 2));
    return m;
  });
  const dense = rows.map((m) => Array.from({ length: d }, (_, j) => m.get(j) ?? 0));
  const y = dense.map((r) => 3 + r.reduce((a, v, j) => a + v * (j - 4), 0) + rng.uniform() - 0.5);
  for (const alpha of [0.1, 1, 10]) {
    const model = fitSparseRidge(csrFromRows(rows, d), y, alpha);
    // Reference: X̃ = X − column means, (X̃ᵀX̃ + αI) w = X̃ᵀ(y − ȳ), b = ȳ − μ·w.
    const mu = Array.from({ length: d }, (_, j) => dense.reduce((a, r) => a + r[j]!, 0) / n);
    const ybar = y.reduce((a, v) => a + v, 0) / n;
    const xc = dense.map((r) => r.map((v, j) => v - mu[j]!));
    const a = Array.from({ length: d }, (_, i) =>
      Array.from({ length: d }, (_, j) => xc.reduce((s, r) => s + r[i]! * r[j]!, 0) + (i === j ? alpha : 0)),
    );
    const rhs = Array.from({ length: d }, (_, i) => xc.reduce((s, r, k) => s + r[i]! * (y[k]! - ybar), 0));
    const w = solve(a, rhs);
    const b = ybar - mu.reduce((s, m, j) => s + m * w[j]!, 0);
    // fitSparseRidge stops conjugate gradients at a residual of 1e-8 of the first one, so its weights
    // (and predictions) agree with the exact solve to that times the system's condition number
    // (seed 973329240, alpha 10: 1.4e-8 apart); a wrong formula misses by far more than 1e-6.
    w.forEach((wj, j) =>
      assert.ok(
        Math.abs(model.weights[j]! - wj) < 1e-6,
        `seed ${rng.seed} alpha ${alpha}: w[${j}] ${model.weights[j]} vs ${wj}`,
      ),
    );
    assert.ok(Math.abs(model.intercept - b) < 1e-6, `seed ${rng.seed}: intercept ${model.intercept} vs ${b}`);
    const pred = predictSparseRidge(model, csrFromRows(rows.slice(0, 3), d));
    pred.forEach((p, i) =>
      assert.ok(Math.abs(p - (b + dense[i]!.reduce((s, v, j) => s + v * w[j]!, 0))) < 1e-6),
    );
  }
});

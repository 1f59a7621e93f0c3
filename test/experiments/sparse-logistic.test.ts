import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  fitSparseLogistic,
  LogisticProblem,
  predictSparseLogistic,
} from '../../src/experiments/sparse-logistic.js';
import { csrFromRows, csrTakeRows } from '../../src/data/sparse.js';
import { splitIndices } from '../../src/data/split.js';
import { sparseLogisticBaseline } from '../../src/experiments/text-baseline.js';
import { logisticRegression } from '../../src/experiments/scoring.js';
import { seededRng } from '../helpers/rng.js';

/** Dense float64 gradient of ½‖W‖² + C Σ loss, written out independently (softmax / sigmoid). */
function denseGradient(
  x: number[][],
  y: number[],
  k: number,
  w: Float64Array,
  b: Float64Array,
  c: number,
): number[] {
  const width = k === 2 ? 1 : k;
  const d = x[0]!.length;
  const g = Array.from(w);
  const gb = new Array<number>(width).fill(0);
  x.forEach((row, i) => {
    const z = Array.from(
      { length: width },
      (_, kk) => b[kk]! + row.reduce((s, v, j) => s + v * w[j * width + kk]!, 0),
    );
    let r: number[];
    if (width === 1) r = [1 / (1 + Math.exp(-z[0]!)) - y[i]!];
    else {
      const m = Math.max(...z);
      const e = z.map((t) => Math.exp(t - m));
      const s = e.reduce((a, v) => a + v, 0);
      r = e.map((v, kk) => v / s - (kk === y[i] ? 1 : 0));
    }
    for (let kk = 0; kk < width; kk++) {
      gb[kk]! += c * r[kk]!;
      for (let j = 0; j < d; j++) g[j * width + kk]! += c * row[j]! * r[kk]!;
    }
  });
  return [...g, ...gb];
}

describe('sparse L2 logistic regression (trust-region Newton)', () => {
  for (const k of [2, 3]) {
    it(`${k} classes: the gradient vanishes at the solution (dense float64 reference, seeded)`, () => {
      const rng = seededRng();
      const n = 80;
      const d = 12;
      const x = Array.from({ length: n }, () =>
        Array.from({ length: d }, () => (rng.uniform() < 0.4 ? rng.uniform() * 2 : 0)),
      );
      const y = Array.from({ length: n }, () => rng.int(0, k));
      const csr = csrFromRows(
        x.map((row) => new Map(row.flatMap((v, j) => (v !== 0 ? [[j, v] as [number, number]] : [])))),
        d,
      );
      const c = 3;
      const m = fitSparseLogistic(csr, Int32Array.from(y), k, { c, tol: 1e-8, maxIter: 2000 });
      const g = denseGradient(x, y, k, m.weights, m.bias, c);
      const g0 = denseGradient(
        x,
        y,
        k,
        new Float64Array(m.weights.length),
        new Float64Array(m.bias.length),
        c,
      );
      const norm = (v: number[]): number => Math.hypot(...v);
      assert.ok(norm(g) <= 1e-5 * norm(g0), `seed ${rng.seed}: |grad| ${norm(g)} vs start ${norm(g0)}`);
      const pred = predictSparseLogistic(m, csr);
      assert.equal(pred.classes.length, n);
    });
  }
  it("the tables' baseline (logisticRegression on dense rows) is the C = 1 fit of the same rows", () => {
    const rng = seededRng();
    const [n, d] = [60, 5];
    const x = Array.from({ length: n }, () =>
      Array.from({ length: d }, () => (rng.uniform() < 0.3 ? 0 : Math.fround(rng.uniform() * 4 - 2))),
    );
    const y = Array.from({ length: n }, (_, i) => (x[i]![0]! + x[i]![1]! + rng.uniform() > 0.5 ? 1 : 0));
    const dense = { data: Float32Array.from(x.flat()), shape: [n, d] };
    const { predict } = logisticRegression(dense, Int32Array.from(y), 2);
    // The C = 1 optimum, converged hard through the sparse solver and checked by the dense gradient.
    const csr = csrFromRows(
      x.map((row) => new Map(row.flatMap((v, j) => (v !== 0 ? [[j, v] as [number, number]] : [])))),
      d,
    );
    const m = fitSparseLogistic(csr, Int32Array.from(y), 2, { c: 1, tol: 1e-10, maxIter: 2000 });
    const grad = (w: Float64Array, b: Float64Array) => Math.hypot(...denseGradient(x, y, 2, w, b, 1));
    const start = grad(new Float64Array(d), new Float64Array(1));
    assert.ok(grad(m.weights, m.bias) <= 1e-6 * start, `seed ${rng.seed}`);
    const want = predictSparseLogistic(m, csr).positive!;
    predict(dense).scores.forEach((p, i) =>
      assert.ok(Math.abs(p - want[i]!) < 1e-3, `seed ${rng.seed}, row ${i}: ${p} vs ${want[i]}`),
    );
  });
  it('separates an easy problem', () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) =>
        new Map([
          [i % 2, 1],
          [2, 0.5],
        ]),
    );
    const y = Int32Array.from({ length: 40 }, (_, i) => i % 2);
    const m = fitSparseLogistic(csrFromRows(rows, 3), y, 2, { c: 10 });
    assert.deepEqual(Array.from(predictSparseLogistic(m, csrFromRows(rows, 3)).classes), Array.from(y));
  });
});

describe('sparse logistic regression: the Hessian-vector product the Newton steps use', () => {
  for (const k of [2, 4]) {
    it(`${k} classes: equals the central difference of the gradient (float64, seeded)`, () => {
      const rng = seededRng();
      const n = 30;
      const d = 7;
      const rows = Array.from(
        { length: n },
        () =>
          new Map(
            Array.from(
              { length: d },
              (_, j) => [j, rng.uniform() < 0.5 ? rng.uniform() * 2 - 1 : 0] as [number, number],
            ).filter(([, v]) => v !== 0),
          ),
      );
      const y = Int32Array.from({ length: n }, () => rng.int(0, k));
      const p = new LogisticProblem(csrFromRows(rows, d), y, k, 2.5);
      const theta = Float64Array.from({ length: p.size }, () => rng.uniform() - 0.5);
      const v = Float64Array.from({ length: p.size }, () => rng.uniform() - 0.5);
      const g = new Float64Array(p.size);
      p.evaluate(theta, g);
      const hv = new Float64Array(p.size);
      p.hessianTimes(v, hv);
      const eps = 1e-5;
      const gPlus = new Float64Array(p.size);
      const gMinus = new Float64Array(p.size);
      p.evaluate(
        Float64Array.from(theta, (t, i) => t + eps * v[i]!),
        gPlus,
      );
      p.evaluate(
        Float64Array.from(theta, (t, i) => t - eps * v[i]!),
        gMinus,
      );
      for (let i = 0; i < p.size; i++) {
        const fd = (gPlus[i]! - gMinus[i]!) / (2 * eps);
        assert.ok(
          Math.abs(fd - hv[i]!) <= 1e-6 * Math.max(1, Math.abs(fd)),
          `seed ${rng.seed}, entry ${i}: ${hv[i]} vs ${fd}`,
        );
      }
    });
  }
});

describe('the logistic baseline on the network’s sparse inputs (text n-grams with the columns beside them)', () => {
  it('chooses C by accuracy on a stratified 20% of the training rows, then refits on all of them (seeded)', () => {
    const rng = seededRng();
    const [n, d, k] = [300, 40, 3];
    // Three classes, each raising its own 5 features; the rest noise.
    const y = Int32Array.from({ length: n }, () => rng.int(0, k));
    const rows = Array.from({ length: n }, (_, i) => {
      const m = new Map<number, number>();
      for (let j = 0; j < d; j++) {
        const signal = Math.floor(j / 5) === y[i]! ? 0.6 : 0;
        const v = rng.uniform() < 0.3 ? rng.uniform() + signal : signal * rng.uniform();
        if (v) m.set(j, v);
      }
      return m;
    });
    const x = csrFromRows(rows, d);
    const test = csrFromRows(rows.slice(0, 50), d);
    const cs = [0.01, 0.3, 10];
    const b = sparseLogisticBaseline(x, y, test, k, { seed: 5, cs });
    // Independently: the same split, each C fitted cold on the fitting rows and scored on the rest.
    const { train: fit, test: val } = splitIndices(n, { testSize: 0.2, seed: 5, stratify: y });
    const acc = cs.map((c) => {
      const m = fitSparseLogistic(
        csrTakeRows(x, fit),
        Int32Array.from(fit, (i) => y[i]!),
        k,
        { c, tol: 1e-8 },
      );
      const p = predictSparseLogistic(m, csrTakeRows(x, val)).classes;
      return Array.from(val).filter((r, i) => p[i] === y[r]).length / val.length;
    });
    cs.forEach((c, j) =>
      assert.ok(Math.abs(b.validation[String(c)]! - acc[j]!) <= 1 / val.length, `seed ${rng.seed}, C ${c}`),
    );
    assert.equal(b.c, cs[acc.indexOf(Math.max(...acc))], `seed ${rng.seed}: ${JSON.stringify(b.validation)}`);
    const all = fitSparseLogistic(x, y, k, { c: b.c, tol: 1e-8 });
    const want = predictSparseLogistic(all, test).classes;
    const agree = Array.from(want).filter((c, i) => c === b.classes[i]).length;
    assert.ok(agree >= 49, `seed ${rng.seed}: ${agree} of 50 test rows as the refit on all rows`);
  });
});

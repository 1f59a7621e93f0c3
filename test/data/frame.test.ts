import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Frame } from '../../src/data/frame.js';
import { seededRng } from '../helpers/rng.js';

/** Independent reference: sorted copy, numpy-style linear quantile, two-pass sample std. */
function reference(values: number[]): Record<string, number> {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  const n = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const q = (p: number): number => {
    const h = (n - 1) * p;
    return v[Math.floor(h)]! + (h - Math.floor(h)) * (v[Math.ceil(h)]! - v[Math.floor(h)]!);
  };
  return { count: n, mean, std, min: v[0]!, '25%': q(0.25), '50%': q(0.5), '75%': q(0.75), max: v[n - 1]! };
}

describe('Frame inspection', () => {
  const rng = seededRng();
  const a = Array.from(rng.doubles(101, -5, 5));
  a[7] = NaN;
  const b = a.map((v, i) => (Number.isNaN(v) ? 1 : 2 * v + Math.sin(i)));
  const df = Frame.fromColumns({ a, b, c: a.map((_, i) => (i % 3 === 0 ? 'x' : i % 3 === 1 ? 'y' : null)) });

  it(`describe matches an independent computation (seed ${rng.seed})`, () => {
    const d = df.describe();
    assert.deepEqual(d.columns, ['a', 'b']);
    for (const col of ['a', 'b']) {
      const ref = reference(Array.from(df.numeric(col)));
      for (const [stat, v] of Object.entries(ref)) {
        const got = d.get(stat, col) as number;
        assert.ok(
          Math.abs(got - v) <= 1e-12 * Math.max(1, Math.abs(v)),
          `seed ${rng.seed}: ${stat}(${col}) ${got} vs ${v}`,
        );
      }
    }
    assert.match(d.toString(), /^\s+a\s+b\ncount\s+100\s+101\nmean/);
  });

  it('info, isNull().sum(), valueCounts, head, corr', () => {
    const info = df.info();
    assert.deepEqual(
      info.columns.map((c) => [c.name, c.dtype, c.nonNull]),
      [
        ['a', 'number', 100],
        ['b', 'number', 101],
        ['c', 'string', 68],
      ],
    );
    assert.match(info.toString(), /RangeIndex: 101 entries, 0 to 100\n.*\n.*Column\s+Non-Null Count\s+Dtype/);
    assert.deepEqual(df.isNull().sum().toObject(), { a: 1, b: 0, c: 33 });
    assert.deepEqual(df.valueCounts('c').toObject(), { x: 34, y: 34 });
    assert.equal(df.head(3).nRows, 3);
    assert.match(df.head(2).toString(), /^\s+a\s+b\s+c\n0 /);
    const r = df.corr().get('a', 'b') as number;
    const x = a.filter((v) => !Number.isNaN(v));
    const y = b.filter((_, i) => !Number.isNaN(a[i]!));
    const mx = x.reduce((p, q) => p + q, 0) / x.length,
      my = y.reduce((p, q) => p + q, 0) / y.length;
    const cov = x.reduce((s, v, i) => s + (v - mx) * (y[i]! - my), 0);
    const ref =
      cov / Math.sqrt(x.reduce((s, v) => s + (v - mx) ** 2, 0) * y.reduce((s, v) => s + (v - my) ** 2, 0));
    assert.ok(Math.abs(r - ref) < 1e-12, `seed ${rng.seed}`);
    assert.equal(df.corr().get('a', 'a'), 1);
    assert.ok(
      Math.abs(
        (Frame.fromColumns({ p: [1, 2, 3, 4], q: [1, 4, 9, 100] })
          .corr('spearman')
          .get('p', 'q') as number) - 1,
      ) < 1e-12,
    );
  });

  it('toMatrix, missing policies, no mutation', () => {
    assert.throws(() => df.toMatrix(['a']), /column "a" has a missing value at row 7/);
    assert.throws(() => df.toMatrix(['c']), /column "c" is string, not numeric/);
    const filled = df.handleMissing('fillMean', ['a']);
    assert.ok(!Number.isNaN(filled.numeric('a')[7]!));
    assert.ok(Number.isNaN(df.numeric('a')[7]!), 'the original is unchanged');
    assert.equal(df.handleMissing('drop').nRows, 101 - 34);
    assert.deepEqual(df.handleMissing({ fillValue: 'z' }, ['c']).valueCounts('c').get('z'), 33);
    assert.throws(() => df.handleMissing('error'), /column "a" has a missing value at row 7/);
    const m = filled.toMatrix(['a', 'b']);
    assert.deepEqual(m.shape, [101, 2]);
  });

  it('concat: rows one after another, numeric columns stay numeric', () => {
    const top = df.take([0, 1, 2]);
    const bottom = df.take([7, 5]);
    const both = Frame.concat([top, bottom]);
    assert.equal(both.nRows, 5);
    assert.ok(both.column('a') instanceof Float64Array);
    assert.deepEqual(both.toRecords(), [...top.toRecords(), ...bottom.toRecords()]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fans, initialize, orthogonalMatrix, RandomGenerator } from '../../src/initializers/index.js';
import { seededRng } from '../helpers/rng.js';

const seed = seededRng().seed;

function moments(x: ArrayLike<number>): { mean: number; std: number; min: number; max: number } {
  let s = 0;
  let s2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    s += x[i]!;
    s2 += x[i]! * x[i]!;
    min = Math.min(min, x[i]!);
    max = Math.max(max, x[i]!);
  }
  const mean = s / x.length;
  return { mean, std: Math.sqrt(s2 / x.length - mean * mean), min, max };
}

describe(`random generator and initializers (seed ${seed})`, () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = new RandomGenerator(seed).normal(100);
    const b = new RandomGenerator(seed).normal(100);
    const c = new RandomGenerator(seed + 1).normal(100);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it('draws uniform and normal numbers with the right moments', () => {
    const rng = new RandomGenerator(seed);
    const u = moments(rng.uniform(200000, -1, 3));
    assert.ok(Math.abs(u.mean - 1) < 0.02 && Math.abs(u.std - 4 / Math.sqrt(12)) < 0.02, JSON.stringify(u));
    assert.ok(u.min >= -1 && u.max < 3);
    const n = moments(rng.normal(200000, 2, 0.5));
    assert.ok(Math.abs(n.mean - 2) < 0.01 && Math.abs(n.std - 0.5) < 0.01, JSON.stringify(n));
  });

  it('truncates normals at two standard deviations (std of the truncated law ≈ 0.8796)', () => {
    const t = moments(new RandomGenerator(seed).truncatedNormal(200000));
    assert.ok(t.min >= -2 && t.max <= 2);
    assert.ok(Math.abs(t.std - 0.8796256610342398) < 0.01, JSON.stringify(t));
  });

  it('computes Keras fans and the glorotUniform limit', () => {
    assert.deepEqual(fans([128, 400]), { fanIn: 128, fanOut: 400 });
    assert.deepEqual(fans([3, 16, 32]), { fanIn: 48, fanOut: 96 });
    const w = initialize('glorotUniform', [128, 400], new RandomGenerator(seed));
    const limit = Math.sqrt(6 / 528);
    const m = moments(w.data);
    assert.ok(m.max <= limit && m.min >= -limit && m.max > 0.95 * limit);
  });

  for (const [rows, cols] of [
    [100, 400],
    [64, 64],
    [300, 20],
  ] as const) {
    it(`orthogonal ${rows}×${cols} has orthonormal ${rows <= cols ? 'rows' : 'columns'}`, () => {
      const q = orthogonalMatrix(rows, cols, new RandomGenerator(seed));
      const n = Math.min(rows, cols);
      let worst = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) {
          let dot = 0;
          for (let e = 0; e < Math.max(rows, cols); e++) {
            dot += rows <= cols ? q[i * cols + e]! * q[j * cols + e]! : q[e * cols + i]! * q[e * cols + j]!;
          }
          worst = Math.max(worst, Math.abs(dot - (i === j ? 1 : 0)));
        }
      }
      assert.ok(worst < 1e-5, `max |QQᵀ − I| = ${worst} (seed ${seed})`);
    });
  }

  it('names the valid initializers when given an unknown one', () => {
    assert.throws(
      () => initialize('glorot' as never, [2, 2], new RandomGenerator(1)),
      /unknown initializer 'glorot'.*glorotUniform/,
    );
  });
});

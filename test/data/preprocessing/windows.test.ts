import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  slidingWindows,
  windowedClassification,
  WindowStep,
} from '../../../src/data/preprocessing/windows.js';
import {
  difference,
  invertDifference,
  seasonalDifference,
  Differencer,
  LogTransform,
} from '../../../src/data/preprocessing/series.js';
import { Pipeline } from '../../../src/data/preprocessing/pipeline.js';
import { MinMaxScaler } from '../../../src/data/preprocessing/scalers.js';
import '../../../src/data/index.js';

describe('slidingWindows', () => {
  it("univariate, horizon 1 (the tutorials' look_back)", () => {
    const { x, y } = slidingWindows([1, 2, 3, 4, 5], { windowSize: 3 });
    assert.deepEqual(x.shape, [2, 3, 1]);
    assert.deepEqual(Array.from(x.data), [1, 2, 3, 2, 3, 4]);
    assert.deepEqual(y.shape, [2, 1]);
    assert.deepEqual(Array.from(y.data), [4, 5]);
  });
  it('multivariate with targetColumn, horizon and stride', () => {
    const series = [
      [1, 10],
      [2, 20],
      [3, 30],
      [4, 40],
      [5, 50],
      [6, 60],
    ];
    const { x, y } = slidingWindows(series, { windowSize: 2, horizon: 2, stride: 2, targetColumn: 1 });
    assert.deepEqual(x.shape, [2, 2, 2]);
    assert.deepEqual(Array.from(x.data), [1, 10, 2, 20, 3, 30, 4, 40]);
    assert.deepEqual(Array.from(y.data), [30, 40, 50, 60]);
    assert.throws(() => slidingWindows([1, 2], { windowSize: 2 }), /too short for windowSize 2 \+ horizon 1/);
  });
  it('property: shapes and alignment', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        (n, f, w, h, stride) => {
          fc.pre(n >= w + h);
          const series = Array.from({ length: n }, (_, t) => Array.from({ length: f }, (_, j) => t * 10 + j));
          const target = f - 1;
          const { x, y } = slidingWindows(series, {
            windowSize: w,
            horizon: h,
            stride,
            targetColumn: target,
          });
          const s = Math.floor((n - w - h) / stride) + 1;
          assert.deepEqual(x.shape, [s, w, f]);
          assert.deepEqual(y.shape, [s, h]);
          for (let i = 0; i < s; i++) {
            const last = x.data[(i * w + w - 1) * f + target]!;
            assert.equal(y.data[i * h], last + 10, "first target follows the window's last step");
            assert.equal(x.data[i * w * f], i * stride * 10);
          }
        },
      ),
    );
  });
  it('windowed classification takes the label at the window end', () => {
    const r = windowedClassification([[0.1], [0.2], [0.3], [0.4]], [0, 1, 1, 0], { windowSize: 2 });
    assert.deepEqual(r.x.shape, [3, 2, 1]);
    assert.deepEqual(Array.from(r.y), [1, 1, 0]);
  });
});

describe('series transforms', () => {
  it('difference / seasonal difference invert exactly on integers', () => {
    const s = [1, 4, 9, 16, 25, 36];
    assert.deepEqual(Array.from(difference(s)), [3, 5, 7, 9, 11]);
    assert.deepEqual(Array.from(invertDifference(difference(s), [1])), s);
    assert.deepEqual(Array.from(invertDifference(seasonalDifference(s, 2), [1, 4])), s);
    const d = new Differencer({ lag: 3 }).fit(s);
    assert.deepEqual(Array.from(d.inverseTransform(d.transform(s))), s);
    assert.deepEqual(Array.from(d.inverseFrom([1, 1], [9, 16, 25])), [10, 17]);
  });
  it('log transform inverts and rejects non-positive values', () => {
    const lt = new LogTransform(1);
    const back = lt.inverseTransform(lt.transform([0, 1, 100]));
    [0, 1, 100].forEach((v, i) => assert.ok(Math.abs(back[i]! - v) < 1e-9));
    assert.throws(() => lt.transform([-2]), /value -2 at index 0/);
  });
});

describe('Pipeline', () => {
  it('fits, transforms, serialises and restores', () => {
    const series = Array.from({ length: 30 }, (_, t) => [Math.sin(t / 3) * 50 + 100]);
    const p = new Pipeline([
      ['scale', new MinMaxScaler()],
      ['windows', new WindowStep({ windowSize: 10 })],
    ]);
    const x = p.fitTransform(series) as { shape: number[]; data: Float32Array };
    assert.deepEqual(x.shape, [21, 10, 1]);
    const json = JSON.parse(JSON.stringify(p.toJSON()));
    const q = Pipeline.fromJSON(json);
    assert.deepEqual(Array.from((q.transform(series) as { data: Float32Array }).data), Array.from(x.data));
    assert.equal(q.get<WindowStep>('windows').options.windowSize, 10);
    assert.throws(() => q.inverseTransform(x), /step "windows" \(WindowStep\) cannot be inverted/);
    assert.throws(
      () => Pipeline.fromJSON({ kind: 'Pipeline', steps: [{ name: 'a', step: { kind: 'Nope' } }] }),
      /unknown preprocessing step kind "Nope"/,
    );
  });
});

describe('Pipeline from raw CSV rows', () => {
  it('SelectColumns + StandardScaler: fitted on a Frame, applied to records after a JSON round trip', async () => {
    const { readCsvText } = await import('../../../src/data/io/csv.js');
    const { SelectColumns } = await import('../../../src/data/preprocessing/columns.js');
    const { StandardScaler } = await import('../../../src/data/preprocessing/scalers.js');
    const df = await readCsvText('x1,x2,name,y\n1,10,a,0\n3,30,b,1\n5,,c,1\n');
    const p = new Pipeline([
      ['features', new SelectColumns({ exclude: ['y'], missing: 'fillMean' })],
      ['scale', new StandardScaler()],
    ]);
    const x = p.fitTransform(df) as { data: Float32Array; shape: number[] };
    assert.deepEqual(x.shape, [3, 2]);
    const q = Pipeline.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    const one = q.transform([{ x1: 3, x2: 20, name: 'zzz' }]) as { data: Float32Array };
    assert.deepEqual(Array.from(one.data), [0, 0]);
    assert.throws(() => q.transform([{ x1: 1 }]), /input lacks column "x2"; the model was trained on x1, x2/);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MinMaxScaler, StandardScaler } from '../../../src/data/preprocessing/scalers.js';
import { LabelEncoder, OneHotEncoder, toCategorical } from '../../../src/data/preprocessing/encoders.js';
import { stepFromJSON } from '../../../src/data/preprocessing/step.js';
import { DataError } from '../../../src/data/errors.js';
import { seededRng } from '../../helpers/rng.js';

describe('MinMaxScaler / StandardScaler', () => {
  it('match scikit-learn on a small example and never modify inputs', () => {
    const x = [
      [1, 10],
      [2, 20],
      [3, 60],
    ];
    const copy = structuredClone(x);
    const mm = new MinMaxScaler().fit(x);
    assert.deepEqual(Array.from(mm.transform(x).data), Array.from(Float32Array.of(0, 0, 0.5, 0.2, 1, 1)));
    const mm2 = new MinMaxScaler({ featureRange: [-1, 1] }).fit(x);
    assert.deepEqual(Array.from(mm2.transform([[2, 35]]).data), [0, 0]);
    const st = new StandardScaler().fit([[1], [3]]);
    assert.deepEqual(Array.from(st.transform([[1], [3]]).data), [-1, 1]);
    assert.deepEqual(x, copy);
  });
  it('constant feature, 1-D series, errors', () => {
    const mm = new MinMaxScaler().fit([5, 5, 5]);
    assert.deepEqual(Array.from(mm.transform([5]).data), [0]);
    assert.throws(() => new StandardScaler().transform([[1]]), /not fitted/);
    assert.throws(() => new MinMaxScaler().fit([[1, 2]]).transform([[1]]), /fitted on 2 features but got 1/);
    assert.throws(
      () => new MinMaxScaler().fit([[1], [NaN]]),
      (e: Error) => e instanceof DataError && /row 1, feature 0 is NaN/.test(e.message),
    );
  });
  it('property: inverseTransform ∘ transform = identity (also after JSON)', () => {
    const rng = seededRng();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        (n, d, minmax) => {
          const data = rng.doubles(n * d, -1000, 1000);
          const x = { data: Float32Array.from(data), shape: [n, d] };
          const s = minmax ? new MinMaxScaler({ featureRange: [-1, 1] }).fit(x) : new StandardScaler().fit(x);
          const restored = stepFromJSON(JSON.parse(JSON.stringify(s.toJSON()))) as
            MinMaxScaler | StandardScaler;
          for (const sc of [s, restored]) {
            const back = sc.inverseTransform(sc.transform(x));
            back.data.forEach((v, i) =>
              assert.ok(Math.abs(v - x.data[i]!) <= 1e-3, `seed ${rng.seed}: ${v} vs ${x.data[i]}`),
            );
          }
        },
      ),
    );
  });
});

describe('encoders', () => {
  it('LabelEncoder sorts classes and reports unseen labels', () => {
    const enc = new LabelEncoder().fit(['dog', 'cat', 'dog', 'bird']);
    assert.deepEqual(enc.classes, ['bird', 'cat', 'dog']);
    assert.deepEqual(Array.from(enc.transform(['cat', 'dog'])), [1, 2]);
    assert.deepEqual(enc.inverseTransform([0, 2]), ['bird', 'dog']);
    assert.throws(
      () => enc.transform(['cat', 'fish']),
      /label "fish" at row 1 was not seen in fit; known labels: "bird", "cat", "dog"/,
    );
    const back = LabelEncoder.fromJSON(JSON.parse(JSON.stringify(enc.toJSON())));
    assert.deepEqual(Array.from(back.transform(['bird'])), [0]);
    assert.deepEqual(new LabelEncoder().fit([10, 2, 1]).classes, [1, 2, 10]);
  });
  it('OneHotEncoder and toCategorical', () => {
    const enc = new OneHotEncoder().fit([
      ['red', 'S'],
      ['green', 'M'],
      ['red', 'M'],
    ]);
    assert.deepEqual(enc.categories, [
      ['green', 'red'],
      ['M', 'S'],
    ]);
    const y = enc.transform([['red', 'M']]);
    assert.deepEqual(Array.from(y.data), [0, 1, 1, 0]);
    assert.deepEqual(enc.inverseTransform(y), [['red', 'M']]);
    assert.throws(() => enc.transform([['blue', 'M']]), /value "blue" in column 0, row 0 was not seen/);
    const ign = new OneHotEncoder({ handleUnknown: 'ignore' }).fit(['a', 'b']);
    assert.deepEqual(Array.from(ign.transform(['c']).data), [0, 0]);
    assert.deepEqual(Array.from(toCategorical([0, 2, 1]).data), [1, 0, 0, 0, 0, 1, 0, 1, 0]);
    assert.throws(() => toCategorical([0, 3], 3), /y\[1\] = 3 is not a class index in 0\.\.2/);
  });
});

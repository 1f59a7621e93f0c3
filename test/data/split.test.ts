import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  trainTestSplit,
  kFold,
  chronologicalSplit,
  timeSeriesSplit,
  splitIndices,
} from '../../src/data/split.js';
import { Frame } from '../../src/data/frame.js';

describe('splits', () => {
  it('trainTestSplit is reproducible per seed and keeps x/y aligned', () => {
    const x = { data: Float32Array.from({ length: 20 }, (_, i) => i), shape: [10, 2] };
    const y = Int32Array.from({ length: 10 }, (_, i) => i);
    const a = trainTestSplit(x, y, { testSize: 0.3, seed: 5 });
    const b = trainTestSplit(x, y, { testSize: 0.3, seed: 5 });
    assert.deepEqual(a.testIndices, b.testIndices);
    assert.deepEqual(a.xTest.shape, [3, 2]);
    assert.equal(a.yTrain.length, 7);
    a.yTest.forEach((v, i) => assert.equal(a.xTest.data[i * 2], v * 2));
    const c = trainTestSplit(x, y, { testSize: 0.3, seed: 6 });
    assert.notDeepEqual(Array.from(a.testIndices), Array.from(c.testIndices));
    assert.deepEqual(Array.from(x.data.subarray(0, 4)), [0, 1, 2, 3], 'input untouched');
  });
  it('stratify keeps class proportions', () => {
    const y = Array.from({ length: 100 }, (_, i) => (i < 80 ? 'a' : 'b'));
    const { yTest } = trainTestSplit(y, y, { testSize: 0.25, stratify: y, seed: 1 });
    assert.equal(yTest.length, 25);
    assert.equal(yTest.filter((v) => v === 'b').length, 5);
  });
  it('works on Frames and arrays; rejects bad testSize', () => {
    const f = Frame.fromColumns({ a: [1, 2, 3, 4] });
    const { xTrain, xTest } = trainTestSplit(f, undefined, { testSize: 1, shuffle: false });
    assert.deepEqual(Array.from(xTest.numeric('a')), [4]);
    assert.equal(xTrain.nRows, 3);
    assert.throws(() => splitIndices(4, { testSize: 0 }), /testSize 0/);
  });
  it('kFold covers each row once; stratified folds balance classes', () => {
    const folds = kFold(10, { nSplits: 3, shuffle: true, seed: 2 });
    assert.deepEqual(folds.map((f) => f.test.length).sort(), [3, 3, 4]);
    const all = folds.flatMap((f) => Array.from(f.test)).sort((p, q) => p - q);
    assert.deepEqual(
      all,
      Array.from({ length: 10 }, (_, i) => i),
    );
    const y = Array.from({ length: 12 }, (_, i) => i % 2);
    for (const f of kFold(12, { nSplits: 3, stratify: y }))
      assert.equal(Array.from(f.test).filter((i) => y[i] === 1).length, 2);
  });
  it('chronological and time-series splits keep order', () => {
    const { train, test, splitIndex } = chronologicalSplit([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], {
      testSize: 0.3,
    });
    assert.deepEqual(train, [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(test, [8, 9, 10]);
    assert.equal(splitIndex, 7);
    const ts = timeSeriesSplit(10, { nSplits: 3 });
    assert.deepEqual(
      ts.map((f) => Array.from(f.test)),
      [
        [4, 5],
        [6, 7],
        [8, 9],
      ],
    );
    assert.equal(ts[0]!.train.length, 4);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { topClasses } from '../../src/report/classification-sections.js';

describe('confusion matrix of many classes', () => {
  it('keeps the k classes with the most true samples, in class order (ties: lower id first)', () => {
    const m = [
      [1, 0, 0, 0],
      [0, 5, 2, 0],
      [3, 0, 0, 0],
      [0, 0, 0, 3],
    ];
    // row sums: 1, 7, 3, 3 → top 2: class 1 (7), then class 2 (3, tie with 3, lower id first)
    assert.deepEqual(topClasses(m, 2), [1, 2]);
    assert.deepEqual(topClasses(m, 4), [0, 1, 2, 3]);
  });
});

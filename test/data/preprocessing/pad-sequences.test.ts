import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { padSequences, vectorizeSequences } from '../../../src/data/preprocessing/pad-sequences.js';
import { toNestedArray, type IntMatrix } from '../../../src/data/types.js';

const rows = (x: IntMatrix): number[][] => toNestedArray(x);

describe('padSequences (Keras documented behaviour)', () => {
  const seqs = [[1], [2, 3], [4, 5, 6]];
  it('defaults: pre padding, maxlen = longest', () => {
    assert.deepEqual(rows(padSequences(seqs)), [
      [0, 0, 1],
      [0, 2, 3],
      [4, 5, 6],
    ]);
  });
  it('value, post padding, maxlen with pre/post truncating', () => {
    assert.deepEqual(rows(padSequences(seqs, { value: -1 })), [
      [-1, -1, 1],
      [-1, 2, 3],
      [4, 5, 6],
    ]);
    assert.deepEqual(rows(padSequences(seqs, { padding: 'post' })), [
      [1, 0, 0],
      [2, 3, 0],
      [4, 5, 6],
    ]);
    assert.deepEqual(rows(padSequences(seqs, { maxlen: 2 })), [
      [0, 1],
      [2, 3],
      [5, 6],
    ]);
    assert.deepEqual(rows(padSequences(seqs, { maxlen: 2, truncating: 'post' })), [
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });
  it('float32 output for real values', () => {
    const out = padSequences([[0.5], [1.5, 2.5]], { dtype: 'float32', value: -1.5 });
    assert.ok(out.data instanceof Float32Array);
    assert.deepEqual(Array.from(out.data), [-1.5, 0.5, 1.5, 2.5]);
    assert.throws(() => padSequences([[1]], { value: 0.5 }), /must be an integer/);
  });
  it('does not modify its input and handles empty sequences', () => {
    const input = [[1, 2], []];
    const copy = structuredClone(input);
    assert.deepEqual(rows(padSequences(input, { maxlen: 3 })), [
      [0, 1, 2],
      [0, 0, 0],
    ]);
    assert.deepEqual(input, copy);
  });
  it('property: shape, kept tail, padding values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 12 }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 0, max: 15 }),
        fc.constantFrom('pre', 'post'),
        fc.constantFrom('pre', 'post'),
        (seqs, maxlen, padding, truncating) => {
          const out = padSequences(seqs, { maxlen, padding, truncating });
          assert.deepEqual(out.shape, [seqs.length, maxlen]);
          seqs.forEach((s, i) => {
            const row = Array.from(out.data.subarray(i * maxlen, (i + 1) * maxlen));
            const kept = truncating === 'pre' ? s.slice(Math.max(0, s.length - maxlen)) : s.slice(0, maxlen);
            const pad = new Array(maxlen - kept.length).fill(0);
            assert.deepEqual(row, padding === 'pre' ? [...pad, ...kept] : [...kept, ...pad]);
          });
        },
      ),
    );
  });
});

describe('vectorizeSequences', () => {
  it('multi-hot with repeated indices', () => {
    assert.deepEqual(Array.from(vectorizeSequences([[1, 3, 3], []], 4).data), [0, 1, 0, 1, 0, 0, 0, 0]);
    assert.throws(() => vectorizeSequences([[5]], 4), /index 5, outside 0\.\.3/);
  });
});

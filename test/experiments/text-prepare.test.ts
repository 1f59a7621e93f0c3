import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { vectorizeTextStep } from '../../src/experiments/text-prepare.js';
import { sparseTargetsFor, wantsSparseTargets } from '../../src/experiments/preprocess.js';

describe('text config → VectorizeText', () => {
  it('maps the legacy keys onto the Keras ones (numWords → maxTokens, maxlen → outputSequenceLength)', () => {
    const step = vectorizeTextStep(['title', 'body'], {
      mode: 'sequence',
      numWords: 500,
      maxlen: 40,
      padding: 'pre',
      truncating: 'pre',
      lower: true,
      outputMode: 'int',
      ngrams: [1, 2],
    });
    const o = step.vectorizer.options;
    assert.equal(o.maxTokens, 500);
    assert.equal(o.outputSequenceLength, 40);
    assert.deepEqual(o.ngrams, [1, 2]);
    assert.deepEqual(step.options.columns, ['title', 'body']);
  });
  it('sparse categorical loss names take class ids as (N, 1) targets', () => {
    assert.ok(wantsSparseTargets('sparseCategoricalCrossentropy'));
    assert.ok(wantsSparseTargets({ name: 'sparse_categorical_crossentropy' }));
    assert.ok(!wantsSparseTargets('categoricalCrossentropy'));
    const t = sparseTargetsFor(Int32Array.of(2, 0, 5));
    assert.deepEqual(t.shape, [3, 1]);
    assert.deepEqual(Array.from(t.data), [2, 0, 5]);
  });
});

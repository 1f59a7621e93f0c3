// dropoutMask (the mask recurrent layers hand their kernels) against the Philox stream read directly:
// element i is 1/(1 − rate) where the stream's i-th uniform (from `offset`) is ≥ rate, else 0.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { dropout, dropoutMask } from '../../../src/autograd/ops/dropout.js';
import { ones } from '../../../src/autograd/tensor.js';
import { streamWords, wordToUniform } from '../../../src/backend/philox.js';
import { seededRng } from '../../helpers/rng.js';

const rng = seededRng();

function expectedMask(n: number, rate: number, key: [number, number], offset: number): Float64Array {
  const words = new Uint32Array(n);
  streamWords(key, offset, n, words);
  return Float64Array.from(words, (w) => (wordToUniform(w) >= rate ? 1 / (1 - rate) : 0));
}

describe('dropoutMask', () => {
  for (const dtype of ['float32', 'float64'] as const)
    it(`${dtype}: follows the Philox stream at (key, offset) (seed ${rng.seed})`, () => {
      const [B, H] = [rng.int(1, 9), rng.int(1, 40)];
      const rate = 0.05 + 0.9 * rng.uniform();
      const key: [number, number] = [rng.int(0, 2 ** 30), rng.int(0, 2 ** 30)];
      const offset = rng.int(0, 1000);
      const mask = dropoutMask([B, H], rate, key, offset, dtype);
      assert.deepEqual(mask.shape, [B, H]);
      assert.equal(mask.dtype, dtype);
      const expected = expectedMask(B * H, rate, key, offset);
      const scale = dtype === 'float32' ? Math.fround(1 / (1 - rate)) : 1 / (1 - rate);
      for (let i = 0; i < B * H; i++) {
        const want = expected[i] === 0 ? 0 : scale;
        assert.equal(mask.data[i], want, `element ${i}, rate ${rate} (seed ${rng.seed})`);
      }
    });

  it(`is the mask dropout multiplies by (seed ${rng.seed})`, () => {
    const shape = [rng.int(1, 6), rng.int(1, 6), rng.int(1, 6)];
    const key: [number, number] = [rng.int(0, 2 ** 30), rng.int(0, 2 ** 30)];
    const rate = 0.1 + 0.8 * rng.uniform();
    assert.deepEqual(dropoutMask(shape, rate, key, 7).data, dropout(ones(shape), rate, key, 7).data);
  });

  it('refuses a rate outside [0, 1)', () => {
    assert.throws(() => dropoutMask([2, 2], 1, [1, 2], 0), /rate must be in \[0, 1\), got 1/);
  });
});

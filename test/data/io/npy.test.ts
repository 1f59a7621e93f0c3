import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readNpz } from '../../../src/data/io/npy.js';
import { loadImdb } from '../../../src/data/datasets/imdb.js';

const FIX = 'test/fixtures/data/imdb-npz';

describe('npz / npy reader (fixtures written by numpy)', () => {
  it('reads deflated numeric and object arrays', async () => {
    const a = await readNpz(`${FIX}/compressed.npz`);
    assert.deepEqual(a.get('a')!.shape, [2, 3]);
    assert.deepEqual(Array.from(a.get('a')!.data as Float32Array), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(Array.from(a.get('b')!.data as Int32Array), [-1]);
    assert.deepEqual(a.get('c')!.data, [[1, 300, 70000], [-5]]);
  });
  it('loads Keras imdb.npz with the word index', async () => {
    const d = await loadImdb({ path: FIX, shuffle: false });
    assert.deepEqual(Array.from(d.xTrain[0]!), [1, 5, 5, 6, 8, 7]);
    assert.deepEqual(Array.from(d.xTest[1]!), [1, 4, 10, 13]);
    assert.deepEqual(Array.from(d.yTest), [0, 1]);
    assert.equal(d.decode(d.xTest[1]!), '? great story zebra');
    assert.equal(d.getWordIndex().get('zebra'), 10);
    const capped = await loadImdb({ path: FIX, shuffle: false, numWords: 10, maxlen: 3 });
    assert.deepEqual(Array.from(capped.xTest[1]!), [1, 4, 2]);
  });
});

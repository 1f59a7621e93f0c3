import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { loadImdb, loadImdbRaw } from '../../../src/data/datasets/imdb.js';
import { DataError } from '../../../src/data/errors.js';

const FIX = 'test/fixtures/data';
const SHARED = '../shared/data';

describe('IMDB loader on fixtures', () => {
  for (const dir of ['imdb-csv', 'imdb-xz', 'imdb-folder']) {
    it(`reads ${dir} with Keras index conventions`, async () => {
      const d = await loadImdb({ path: `${FIX}/${dir}`, shuffle: false });
      assert.deepEqual(Array.from(d.yTrain), [0, 1]);
      // ranks over train: great 1, bad 2, film 3, acting 4, awful 5, a 6, story 7 (+3)
      assert.deepEqual(Array.from(d.xTrain[0]!), [1, 5, 5, 6, 8, 7]);
      assert.deepEqual(Array.from(d.xTest[1]!), [1, 4, 10, 2]);
      assert.equal(d.getWordIndex().get('great'), 1);
      assert.equal(d.decode(d.xTrain[0]!), '? bad bad film awful acting');
      const capped = await loadImdb({ path: `${FIX}/${dir}`, shuffle: false, numWords: 6, maxlen: 3 });
      assert.deepEqual(Array.from(capped.xTest[1]!), [1, 4, 2]);
      assert.deepEqual(Array.from(capped.xTrain[0]!), [1, 5, 5]);
    });
  }
  it('raw variant and a clear message when absent', async () => {
    const raw = await loadImdbRaw({ path: `${FIX}/imdb-csv` });
    assert.equal(raw.train.texts[1], 'A great film! Great acting, great story.');
    const saved = process.env.SEQLAB_DATA;
    process.env.SEQLAB_DATA = `${FIX}/nowhere`;
    try {
      await assert.rejects(
        loadImdb({ path: `${FIX}/nowhere` }),
        (e: Error) =>
          e instanceof DataError && /IMDB: data not found; looked for .*aclImdb_v1\.tar\.gz/.test(e.message),
      );
    } finally {
      if (saved === undefined) delete process.env.SEQLAB_DATA;
      else process.env.SEQLAB_DATA = saved;
    }
  });
});

describe(
  'IMDB on the shared data',
  {
    skip:
      !existsSync(`${SHARED}/imdb_train.csv.xz`) &&
      `${SHARED}/imdb_*.csv.xz absent: skipping the full IMDB check`,
  },
  () => {
    it('gives 25 000 / 25 000 balanced reviews with Keras indices', async () => {
      const d = await loadImdb({ path: SHARED, numWords: 10000 });
      assert.equal(d.xTrain.length, 25000);
      assert.equal(d.xTest.length, 25000);
      assert.equal(
        d.yTrain.reduce((a, b) => a + b, 0),
        12500,
      );
      assert.equal(
        d.yTest.reduce((a, b) => a + b, 0),
        12500,
      );
      assert.ok(d.xTrain.every((s) => s[0] === 1 && s.every((i) => i >= 1 && i < 10000 && i !== 3)));
      const wi = d.getWordIndex();
      assert.equal(wi.get('the'), 1);
      assert.ok((wi.get('br') ?? Infinity) > 1000, "<br /> is stripped (Keras' own index has br at 7)");
      assert.ok(
        d.yTrain.slice(0, 100).some((v) => v === 1) && d.yTrain.slice(0, 100).some((v) => v === 0),
        'shuffled',
      );
    });
  },
);

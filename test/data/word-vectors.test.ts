import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { alignVectors, readWordVectors } from '../../src/data/word-vectors.js';
import { seededRng } from '../helpers/rng.js';

describe('pretrained word vectors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-vec-'));
  it('reads GloVe text, fastText .vec with a header, gzip; aligns to the vocabulary with coverage', async () => {
    const rng = seededRng();
    const words = ['film', 'good', '电影', 'bad'];
    // `|| 0`: a value that rounds to -0 is written as "0" in the file (String(-0)), so expect 0.
    const table = words.map(() => Array.from(rng.floats(3), (v) => Number(v.toFixed(4)) || 0));
    const body = words.map((w, i) => `${w} ${table[i]!.join(' ')}`).join('\n') + '\n';
    const glove = join(dir, 'glove.txt');
    writeFileSync(glove, body);
    const vec = join(dir, 'wiki.vec.gz');
    writeFileSync(vec, gzipSync(`4 3\n${body}`));
    for (const path of [glove, vec]) {
      const { vectors, dim } = await readWordVectors(path, new Set(['', '[UNK]', 'film', '电影', 'plot']));
      assert.equal(dim, 3);
      assert.deepEqual([...vectors.keys()].sort(), ['film', '电影'].sort());
      const vocab = ['', '[UNK]', 'film', 'plot', '电影'];
      // training ids: film ×3, plot ×1, 电影 ×1, padding ignored → 4 of 5 tokens covered
      const a = alignVectors(vocab, vectors, dim, Int32Array.of(2, 2, 3, 0, 0, 4, 2, 0), rng.uniform);
      assert.equal(a.found, 2);
      assert.equal(a.words, 3);
      assert.ok(Math.abs(a.vocabularyCoverage - 2 / 3) < 1e-12);
      assert.ok(Math.abs(a.tokenCoverage - 4 / 5) < 1e-12, `seed ${rng.seed}`);
      assert.deepEqual(
        Array.from(a.matrix.subarray(6, 9)),
        Array.from(Float32Array.from(table[0]!)),
        `seed ${rng.seed}`,
      );
      assert.deepEqual(
        Array.from(a.matrix.subarray(12, 15)),
        Array.from(Float32Array.from(table[2]!)),
        `seed ${rng.seed}`,
      );
      for (const v of a.matrix.subarray(9, 12))
        assert.ok(Math.abs(v) <= 0.05 && v !== 0, `unknown word init ${v}`);
    }
  });
  it('names the line of inconsistent dimensions, a header that disagrees, and non-numbers', async () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'a 1 2 3\nb 1 2\n');
    await assert.rejects(
      readWordVectors(bad, new Set(['a'])),
      /bad\.txt:2: 2 numbers where the earlier lines have 3/,
    );
    const header = join(dir, 'header.vec');
    writeFileSync(header, '2 4\na 1 2 3\n');
    await assert.rejects(
      readWordVectors(header, new Set(['a'])),
      /header\.vec:2: 3 numbers but the header line says dimension 4/,
    );
    const nan = join(dir, 'nan.txt');
    writeFileSync(nan, 'a 1 x 3\n');
    await assert.rejects(readWordVectors(nan, new Set(['a'])), /nan\.txt:1: "x" is not a number/);
  });
});

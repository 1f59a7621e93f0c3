/** Issue 25, defect 8: a truncated .gz or .xz names the file and says it is truncated or damaged. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, openSync, readSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

import { readCsv } from '../../src/data/io/csv.js';
import { DataError } from '../../src/data/errors.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();

test('a truncated .csv.gz names the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-gz-'));
  const rows = Array.from({ length: 500 }, (_, i) => `${i},${rng.uniform().toFixed(6)}`);
  const gz = gzipSync(`a,b\n${rows.join('\n')}\n`);
  const cut = rng.int(20, gz.length - 8); // past the 10-byte header, before the 8-byte trailer
  const file = join(dir, 'data.csv.gz');
  writeFileSync(file, gz.subarray(0, cut));
  await assert.rejects(readCsv(file), (e: unknown) => {
    assert.ok(e instanceof DataError, String(e));
    assert.ok(e.message.includes(file), e.message);
    assert.match(e.message, /truncated or damaged/);
    return true;
  });
});

test('a truncated .csv.xz names the file', { skip: !existsSync('../shared/data/iris.csv') }, async (t) => {
  const source = '../shared/data/imdb_test.csv.xz';
  if (!existsSync(source)) return t.skip('../shared/data/imdb_test.csv.xz is absent');
  const head = Buffer.alloc(4000);
  const fd = openSync(source, 'r');
  readSync(fd, head, 0, head.length, 0);
  const file = join(mkdtempSync(join(tmpdir(), 'seqlab-xz-')), 'reviews.csv.xz');
  writeFileSync(file, head);
  await assert.rejects(readCsv(file), (e: unknown) => {
    assert.ok(e instanceof DataError, String(e));
    assert.ok(e.message.includes(file), e.message);
    return true;
  });
});

test('a binary file named .csv gives a short message that says it looks binary', async () => {
  const bytes = Buffer.alloc(17_000);
  // Bytes without line ends, commas or quotes, then a quote: the parser reports the whole value before it.
  const plain = Array.from({ length: 256 }, (_, b) => b).filter((b) => ![10, 13, 34, 44].includes(b));
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = rng.int(0, 4) === 0 ? 0 : plain[rng.int(0, plain.length)]!;
  const file = join(mkdtempSync(join(tmpdir(), 'seqlab-bin-')), 'data.csv');
  writeFileSync(file, Buffer.concat([Buffer.from('a,b\n1,2\n'), bytes, Buffer.from('"x"\n')]));
  await assert.rejects(readCsv(file), (e: unknown) => {
    assert.ok(e instanceof DataError, String(e));
    assert.ok(e.message.length < 600, `${e.message.length} characters (seed ${rng.seed})`);
    assert.ok(e.message.includes(file));
    assert.match(e.message, /looks binary/);
    return true;
  });
});

test(
  'readCsv of a .csv.xz past the 64 KiB peek, twice: the peek frees the decoder',
  { skip: !existsSync('../shared/data/chnsenticorp_htl.csv.xz') && '../shared/data absent' },
  async () => {
    // The delimiter is sniffed from the first 64 KiB; a peek that stopped early without freeing the
    // decoder left the parse that follows (and every later .xz read) waiting forever.
    for (let i = 0; i < 2; i++) {
      const df = await readCsv('../shared/data/chnsenticorp_htl.csv.xz');
      assert.equal(df.nRows, 7765); // the data README's count
    }
  },
);

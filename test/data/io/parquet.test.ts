import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { readTable } from '../../../src/experiments/data.js';
import { seededRng } from '../../helpers/rng.js';

describe('readParquet', () => {
  it('reads numbers, strings, booleans and missing values as written (random columns)', async () => {
    const rng = seededRng();
    const n = 50;
    const x = Array.from(rng.doubles(n, -5, 5));
    const k = Array.from(rng.ints(n, 0, 4), (i) => ['a', 'b', 'c', 'd'][i]!);
    const flag = Array.from({ length: n }, () => rng.uniform() < 0.5);
    const withNull = x.map((v, i) => (i % 7 === 3 ? null : v));
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'x', data: x, type: 'DOUBLE' },
        { name: 'k', data: k, type: 'STRING' },
        { name: 'flag', data: flag, type: 'BOOLEAN' },
        { name: 'z', data: withNull, type: 'DOUBLE' },
      ],
    });
    const path = join(mkdtempSync(join(tmpdir(), 'seqlab-pq-')), 'data.parquet');
    writeFileSync(path, new Uint8Array(buf));
    const f = await readTable(path);
    assert.deepEqual(f.columns, ['x', 'k', 'flag', 'z']);
    assert.deepEqual(Array.from(f.numeric('x')), x, `seed ${rng.seed}`);
    assert.deepEqual(f.column('k'), k);
    assert.deepEqual(f.column('flag'), flag);
    const z = f.numeric('z');
    withNull.forEach((v, i) => (v === null ? assert.ok(Number.isNaN(z[i]!)) : assert.equal(z[i], v)));
    assert.equal((await readTable(path, { maxRows: 10 })).nRows, 10);
  });
  it('reads pages compressed with gzip and Brotli, not only Snappy', async () => {
    const rng = seededRng();
    const x = Array.from(rng.doubles(40, -5, 5));
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-pq-'));
    for (const [codec, compress] of [
      ['GZIP', gzipSync],
      ['BROTLI', brotliCompressSync],
    ] as const) {
      const buf = parquetWriteBuffer({
        columnData: [{ name: 'x', data: x, type: 'DOUBLE' }],
        codec,
        compressors: { [codec]: (b: Uint8Array) => new Uint8Array(compress(b)) },
      });
      const path = join(dir, `${codec}.parquet`);
      writeFileSync(path, new Uint8Array(buf));
      assert.deepEqual(Array.from((await readTable(path)).numeric('x')), x, `${codec}, seed ${rng.seed}`);
    }
  });
  it('a file that is not Parquet says so', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'seqlab-pq-')), 'bad.parquet');
    writeFileSync(path, 'a,b\n1,2\n');
    await assert.rejects(readTable(path), /not a readable Parquet file/);
  });
});

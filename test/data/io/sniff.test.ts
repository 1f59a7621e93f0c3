import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { layoutOfRows, sniffLayout } from '../../../src/data/io/sniff.js';
import { readTable } from '../../../src/experiments/data.js';
import { seededRng } from '../../helpers/rng.js';

describe('layoutOfRows (hand-made first rows)', () => {
  it('a first row of numbers like the rows below is data', () => {
    const l = layoutOfRows(
      [
        ['6', '148', '72', '1'],
        ['1', '85', '66', '0'],
      ],
      ',',
    );
    assert.equal(l.header, false);
    assert.match(l.evidence[0]!, /header: false/);
  });
  it('names above numbers are a header', () => {
    const l = layoutOfRows(
      [
        ['Month', 'Passengers'],
        ['1949-01', '112'],
      ],
      ',',
    );
    assert.equal(l.header, true);
  });
  it('a header-less file with decimal commas: the first row is data, and the evidence says so', () => {
    const l = layoutOfRows(
      [
        ['2021-01-01', '1038,65'],
        ['2021-01-02', '1.200,85'],
      ],
      ';',
    );
    assert.deepEqual([l.header, l.numberFormat], [false, { decimal: ',', thousands: '.' }]);
    assert.match(l.evidence.join('\n'), /decimal comma \(e\.g\. "1\.200,85"\)/);
  });
  it('mixed rows (UCI adult): numbers in the numeric columns mean data', () => {
    const l = layoutOfRows(
      [
        ['39', 'State-gov', '77516', '<=50K'],
        ['50', 'Self-emp', '83311', '<=50K'],
      ],
      ',',
    );
    assert.equal(l.header, false);
  });
  it("scikit-learn's count line is skipped, narrower or as wide as the rows", () => {
    const narrow = layoutOfRows(
      [
        ['3', '4', 'a', 'b'],
        ['1.0', '2.0', '3', '4', '0'],
        ['1.5', '2.5', '3', '4', '1'],
        ['1.5', '2.5', '3', '4', '1'],
      ],
      ',',
    );
    assert.deepEqual(
      [narrow.header, narrow.skipLines, narrow.countLine?.targetNames],
      [false, 1, ['a', 'b']],
    );
    const iris = layoutOfRows(
      [
        ['2', '2', 'x', 'y'],
        ['1', '2', '3', '0'],
        ['1', '2', '3', '1'],
      ],
      ',',
    );
    assert.equal(iris.header, true, 'four fields but the second is not width − 1: not a count line');
    const same = layoutOfRows(
      [
        ['2', '3', 'setosa', 'virginica'],
        ['1', '2', '3', '0'],
        ['1', '2', '3', '1'],
      ],
      ',',
    );
    assert.equal(same.skipLines, 1);
  });
  it('text-only files: a value that recurs below is data, distinct names are a header', () => {
    assert.equal(
      layoutOfRows(
        [
          ['pos', 'great film'],
          ['neg', 'dull'],
          ['pos', 'fine'],
        ],
        ',',
      ).header,
      false,
    );
    assert.equal(
      layoutOfRows(
        [
          ['label', 'text'],
          ['neg', 'dull'],
          ['pos', 'fine'],
        ],
        ',',
      ).header,
      true,
    );
  });
});

describe('readTable without a header row', () => {
  it('a header-less copy reads the same rows as the original, first row kept (random table)', async () => {
    const rng = seededRng();
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-sniff-'));
    const n = 40;
    const rows = Array.from({ length: n }, () => [
      rng.uniform().toFixed(4),
      String(rng.int(0, 100)),
      String(rng.int(0, 2)),
    ]);
    const body = rows.map((r) => r.join(';')).join('\n') + '\n';
    writeFileSync(join(dir, 'with.csv'), `a;b;y\n${body}`);
    writeFileSync(join(dir, 'without.csv.gz'), gzipSync(body));
    const notes: string[] = [];
    const a = await readTable(join(dir, 'with.csv'));
    const b = await readTable(join(dir, 'without.csv.gz'), { notes });
    assert.equal(b.nRows, n, `seed ${rng.seed}: the first data row was eaten`);
    assert.deepEqual(b.columns, ['col0', 'col1', 'col2']);
    assert.match(notes.join(' '), /header: false/);
    for (const [x, y] of [
      ['a', 'col0'],
      ['b', 'col1'],
      ['y', 'col2'],
    ] as const)
      assert.deepEqual(Array.from(b.numeric(y)), Array.from(a.numeric(x)), `seed ${rng.seed}: column ${x}`);
    assert.equal((await sniffLayout(join(dir, 'with.csv'))).delimiter, ';');
    const named = await readTable(join(dir, 'without.csv.gz'), { header: false, columns: ['p', 'q', 'r'] });
    assert.deepEqual(named.columns, ['p', 'q', 'r']);
    const forced = await readTable(join(dir, 'without.csv.gz'), { header: true });
    assert.equal(forced.nRows, n - 1, 'header: true is obeyed');
  });
});

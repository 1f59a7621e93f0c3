import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { layoutOfRows, preamble, sniffLayout, unitsRow } from '../../../src/data/io/sniff.js';
import ExcelJS from 'exceljs';
import { sniffEncoding } from '../../../src/data/io/compressed.js';
import { readTable } from '../../../src/experiments/data.js';
import { configFromData } from '../../../src/experiments/from-data.js';
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
  it("a count line over a header row (scikit-learn's boston_house_prices.csv): the names are the header, the last column the label", async () => {
    const rng = seededRng();
    const names = ['CRIM', 'ZN', 'RM', 'MEDV'];
    const rows = Array.from({ length: 40 }, () => names.map(() => (rng.uniform() * 50).toFixed(2)));
    const lines = [
      `${rows.length},${names.length - 1},,`,
      names.map((n) => `"${n}"`).join(','),
      ...rows.map((r) => r.join(',')),
    ];
    const l = layoutOfRows(
      lines.slice(0, 5).map((line) => line.split(',').map((v) => v.replace(/"/g, ''))),
      ',',
    );
    assert.deepEqual([l.header, l.skipLines, l.countLine?.nFeatures], [true, 1, 3]);
    assert.match(
      l.evidence[0]!,
      /count line .*: skipped, the line under it \(CRIM,ZN,RM,MEDV\) is the header/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-countline-'));
    const path = join(dir, 'boston.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const frame = await readTable(path);
    assert.deepEqual(frame.columns, names);
    assert.equal(frame.nRows, rows.length, `seed ${rng.seed}: every data row, and no row of names`);
    assert.deepEqual(
      Array.from(frame.numeric('MEDV')),
      rows.map((r) => Number(r[3])),
    );
    const { inference, init } = await configFromData(path);
    assert.equal(inference.label, 'MEDV');
    assert.equal(inference.task, 'regression');
    // The run reads the file as init did.
    const data = init.config.data as Record<string, unknown>;
    assert.deepEqual([data.header, data.skipLines, data.columns], [true, 1, undefined]);
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
    // Kaggle's spam.csv: `v1,v2,,,` over rows whose last columns are mostly empty too. An empty name
    // that recurs below as an empty cell is no evidence of data.
    assert.equal(
      layoutOfRows(
        [
          ['v1', 'v2', '', '', ''],
          ['ham', 'Go until jurong point, crazy..', '', '', ''],
          ['spam', 'Free entry in 2 a wkly comp', '', '', ''],
          ['ham', 'U dun say so early hor', ' GN', '', ''],
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

describe('files as Excel and report generators write them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-enc-'));
  // A table with accented names and values; its rows drawn fresh.
  const rng = seededRng();
  const rows = Array.from({ length: 40 }, (_, i) => [
    ['Montréal', 'Québec', 'Zürich'][i % 3]!,
    (rng.uniform() * 30).toFixed(1),
    rng.uniform() < 0.5 ? 'élevé' : 'bas',
  ]);
  const table = (sep: string) =>
    ['ville', 'température', 'catégorie'].join(sep) + '\r\n' + rows.map((r) => r.join(sep)).join('\r\n');
  const check = async (file: string, msg: string) => {
    const f = await readTable(file);
    assert.deepEqual(f.columns, ['ville', 'température', 'catégorie'], msg);
    assert.deepEqual(
      f.column('ville'),
      rows.map((r) => r[0]),
      msg,
    );
    assert.deepEqual(
      f.column('catégorie'),
      rows.map((r) => r[2]),
      msg,
    );
    assert.deepEqual(
      Array.from(f.numeric('température')),
      rows.map((r) => Number(r[1])),
      msg,
    );
  };

  it('a European Excel export: semicolons, decimal commas (as many commas as semicolons on a line), dd.mm.yyyy dates, a title line', async () => {
    const n = 60;
    const sales = Array.from({ length: n }, () => Math.round(rng.uniform() * 2e5) / 100);
    // `|| 0`: a draw rounding to -0 is written 0,0 (toFixed drops the sign), and read back as 0.
    const temps = Array.from({ length: n }, () => Math.round((rng.uniform() * 30 - 5) * 10) / 10 || 0);
    const comma = (v: number, digits: number) => v.toFixed(digits).replace('.', ',');
    const day = (i: number) => {
      const d = new Date(Date.UTC(2023, 0, 1 + i));
      const two = (k: number) => String(k).padStart(2, '0');
      return `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
    };
    const body =
      'Datum;Umsatz;Temperatur\r\n' +
      sales.map((v, i) => `${day(i)};${comma(v, 2)};${comma(temps[i]!, 1)}`).join('\r\n');
    for (const [file, text, skip] of [
      ['umsatz.csv', body, 0],
      ['umsatz-titel.csv', 'Umsatzbericht 2023\r\n\r\n' + body, 2],
    ] as const) {
      writeFileSync(join(dir, file), text);
      const layout = await sniffLayout(join(dir, file));
      assert.equal(layout.delimiter, ';', `${file}: ${layout.evidence.join(' | ')}`);
      assert.equal(layout.numberFormat.decimal, ',', file);
      assert.equal(layout.header, true, file);
      assert.equal(layout.skipLines, skip, file);
      const f = await readTable(join(dir, file));
      assert.deepEqual(f.columns, ['Datum', 'Umsatz', 'Temperatur'], file);
      assert.deepEqual(Array.from(f.numeric('Umsatz')), sales, file);
      assert.deepEqual(Array.from(f.numeric('Temperatur')), temps, file);
    }
  });

  it('sniffEncoding: UTF-8, Windows-1252, UTF-16 with and without a byte-order mark', () => {
    const text = table(',');
    assert.equal(sniffEncoding(Buffer.from(text, 'utf8')), 'utf-8');
    assert.equal(sniffEncoding(Buffer.from(text, 'latin1')), 'windows-1252');
    assert.equal(
      sniffEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])),
      'utf-16le',
    );
    assert.equal(sniffEncoding(Buffer.from(text, 'utf16le')), 'utf-16le');
    // UTF-8 with one stray byte among many accents stays UTF-8 (the byte becomes U+FFFD).
    assert.equal(
      sniffEncoding(Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0xe9, 0x0a])])),
      'utf-8',
    );
    // A UTF-8 character cut by the end of the sample is not an error.
    assert.equal(sniffEncoding(Buffer.from('abc é', 'utf8').subarray(0, 5)), 'utf-8');
  });

  it('Chinese, Japanese and Cyrillic code pages (GB18030, Big5, Shift_JIS, Windows-1251) are found and read; Latin-1 stays Windows-1252', async () => {
    // Each code page's encoder, built by inverting TextDecoder over its one- and two-byte sequences.
    const encoder = (encoding: string): ((text: string) => Buffer) => {
      const decoder = new TextDecoder(encoding, { fatal: true });
      const table = new Map<string, number[]>();
      const add = (bytes: number[]): void => {
        try {
          const ch = decoder.decode(Uint8Array.from(bytes));
          if (ch.length === 1 && !table.has(ch)) table.set(ch, bytes);
        } catch {
          // not a character in this code page
        }
      };
      for (let a = 0x80; a <= 0xff; a++) {
        add([a]);
        for (let b = 0x40; b <= 0xfe; b++) add([a, b]);
      }
      return (text) =>
        Buffer.from(
          [...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch)!)),
        );
    };
    const reviews: Record<string, string[]> = {
      gb18030: [
        '房间很干净，服务非常好，下次还会再来。',
        '早餐太差了，房间又小又吵，不会再住。',
        '位置很方便，离地铁站很近，性价比高。',
      ],
      big5: [
        '房間很乾淨，服務非常好，下次還會再來。',
        '早餐太差了，房間又小又吵，不會再住。',
        '位置很方便，離捷運站很近，價格合理。',
      ],
      shift_jis: [
        'とても良いホテルでした。部屋は清潔でスタッフも親切です。',
        '最悪のサービスでした。二度と泊まりません。',
        '駅から近くて便利ですが、朝食は普通でした。',
      ],
      'windows-1251': [
        'Отличный отель, чистые номера и вежливый персонал.',
        'Ужасное обслуживание, грязно и шумно.',
        'Удобное расположение, рядом метро, цена нормальная.',
      ],
    };
    for (const [encoding, texts] of Object.entries(reviews)) {
      const csv = `label,text\n${Array.from({ length: 60 }, (_, i) => `${i % 2},"${texts[i % 3]}"`).join('\n')}\n`;
      const bytes = encoder(encoding)(csv);
      assert.equal(new TextDecoder(encoding).decode(bytes), csv, `${encoding}: the test's encoder`);
      assert.equal(sniffEncoding(bytes), encoding);
      const file = join(dir, `${encoding}.csv`);
      writeFileSync(file, bytes);
      const notes: string[] = [];
      const df = await readTable(file, { notes });
      assert.deepEqual(df.column('text').slice(0, 3), texts, encoding);
      assert.ok(
        notes.some((n) =>
          n.startsWith(
            `the file is not valid UTF-8: read as ${encoding === 'gb18030' ? 'GB18030' : encoding === 'big5' ? 'Big5' : encoding === 'shift_jis' ? 'Shift_JIS' : 'Windows-1251'} (`,
          ),
        ),
        notes.join('\n'),
      );
    }
    assert.equal(
      sniffEncoding(Buffer.from('name,city\nJosé,München\nFrançois,São Paulo\nRenée,Köln\n', 'latin1')),
      'windows-1252',
    );
  });

  it("Excel's first line `sep=;` is skipped and said; the table under it is read as without it", async () => {
    const rng = seededRng();
    const values = Array.from({ length: 30 }, () => rng.int(1000, 2000) + rng.int(0, 100) / 100);
    const body = `Datum;Umsatz\r\n${values.map((v, i) => `${String(i + 1).padStart(2, '0')}.01.2023;${v.toFixed(2).replace('.', ',')}`).join('\r\n')}\r\n`;
    const file = join(dir, 'sep.csv');
    writeFileSync(file, `sep=;\r\n${body}`);
    const layout = await sniffLayout(file);
    assert.equal(layout.skipLines, 1);
    assert.equal(layout.delimiter, ';');
    assert.match(
      layout.evidence[0]!,
      /^the first line \("sep=;"\) is Excel's note of the delimiter, not data: skipped/,
    );
    const df = await readTable(file);
    assert.deepEqual(df.columns, ['Datum', 'Umsatz']);
    assert.deepEqual(
      Array.from(df.numeric('Umsatz')),
      values.map((v) => Number(v.toFixed(2))),
      `seed ${rng.seed}`,
    );
    // With a report title under it too: both skipped, both said.
    const titled = join(dir, 'sep-title.csv');
    writeFileSync(titled, `sep=;\r\nUmsatzbericht Januar 2023\r\n\r\n${body}`);
    const both = await sniffLayout(titled);
    assert.equal(both.skipLines, 3);
    assert.match(both.evidence[0]!, /^the first line \("sep=;"\) is Excel's note of the delimiter/);
    assert.match(
      both.evidence[1]!,
      /^the first 1 line\(s\) under it \("Umsatzbericht Januar 2023"\) are not part of the table: skipped \(skipLines: 3\)/,
    );
    assert.deepEqual((await readTable(titled)).columns, ['Datum', 'Umsatz']);
  });

  it('reads a Windows-1252 CSV and a UTF-16 tab-separated export as UTF-8 does, and says so', async () => {
    writeFileSync(join(dir, 'utf8.csv'), table(','));
    writeFileSync(join(dir, 'cp1252.csv'), Buffer.from(table(';'), 'latin1'));
    writeFileSync(
      join(dir, 'unicode.txt'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(table('\t'), 'utf16le')]),
    );
    await check(join(dir, 'utf8.csv'), 'utf-8');
    await check(join(dir, 'cp1252.csv'), 'windows-1252');
    await check(join(dir, 'unicode.txt'), 'utf-16le');
    const l = await sniffLayout(join(dir, 'cp1252.csv'));
    assert.equal(l.encoding, 'windows-1252');
    assert.match(l.evidence[0]!, /not valid UTF-8: read as Windows-1252.*"é"/);
    assert.equal((await sniffLayout(join(dir, 'utf8.csv'))).encoding, undefined);
  });

  it('a summary row at the end ("Total") is left out and said; a "Total" that is a category stays', async () => {
    const body = rows.map((r) => r.join(',')).join('\n');
    writeFileSync(join(dir, 'total.csv'), `ville,température,catégorie\n${body}\nTotal,${rows.length},\n`);
    const notes: string[] = [];
    const f = await readTable(join(dir, 'total.csv'), { notes });
    assert.equal(f.nRows, rows.length);
    assert.ok(
      notes.some((n) => /the last row \(Total, 40\) is a total, not data \('ville' says so\)/.test(n)),
      notes.join('\n'),
    );
    // "Total" as one of the column's values (a product line named so) is data.
    writeFileSync(join(dir, 'category.csv'), `kind,x\nTotal,1\nPart,2\nTotal,3\nPart,4\nTotal,5\n`);
    assert.equal((await readTable(join(dir, 'category.csv'))).nRows, 5);
    // A total with no name: the week blank, the orders their sum (by hand: 7 + 3 + 5 + 9 = 24).
    const weeks = ['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-22'];
    const orders = [7, 3, 5, 9];
    const weekly = weeks.map((w, i) => `${w},${orders[i]}`).join('\n');
    writeFileSync(join(dir, 'blank-total.csv'), `week,orders\n${weekly}\n,24\n`);
    const blank: string[] = [];
    assert.equal((await readTable(join(dir, 'blank-total.csv'), { notes: blank })).nRows, 4);
    assert.ok(
      blank.some((n) => /the last row \(24\) is a total.*the sum of the rows above/.test(n)),
      blank.join('\n'),
    );
    // A last row of 25 is data (a week without its date, to be named by the time check).
    writeFileSync(join(dir, 'blank-row.csv'), `week,orders\n${weekly}\n,25\n`);
    assert.equal((await readTable(join(dir, 'blank-row.csv'))).nRows, 5);
    // A footnote under the table, its comma splitting it into two cells: left out, and the cell it put
    // in the number column not reported as a bad number.
    writeFileSync(
      join(dir, 'footnote.csv'),
      `week,orders\n${weekly}\nSource: sales database, extracted 2025-01-05\n`,
    );
    const foot: string[] = [];
    const f2 = await readTable(join(dir, 'footnote.csv'), { notes: foot });
    // The CSV reader leaves the note out before typing the columns: the weeks are dates, as without it.
    assert.deepEqual(
      f2.column('week'),
      weeks.map((w) => new Date(`${w}T00:00:00Z`)),
    );
    assert.deepEqual(Array.from(f2.numeric('orders')), orders, 'numbers again without the note');
    assert.ok(
      foot.some((n) => /text after the table \("Source: sales database,/.test(n)),
      foot.join('\n'),
    );
    assert.ok(!foot.some((n) => /extracted/.test(n) && /no number/.test(n)), foot.join('\n'));
  });

  it('lines above the table (a report title) are skipped; a count line and a narrower index header are not taken for them', async () => {
    writeFileSync(
      join(dir, 'report.csv'),
      `Weather report\nExported 2024-05-01, by station\n\n${table(',')}\n`,
    );
    await check(join(dir, 'report.csv'), 'title lines');
    const l = await sniffLayout(join(dir, 'report.csv'));
    assert.equal(l.skipLines, 3);
    assert.match(
      l.evidence[0]!,
      /the first 2 line\(s\) \("Weather report", "Exported 2024-05-01, by station"\) are not part of the table/,
    );
    const at = (lines: string[]) => lines.map((line, i) => ({ line, at: i }));
    const rows3 = Array.from({ length: 9 }, (_, i) => `${i},${i},${i},`);
    assert.equal(preamble(at(['Sales', ...rows3])), 1, 'a one-field title');
    // A header narrower than rows that end in a delimiter is the header, not a title.
    assert.equal(preamble(at(['x,y,z', ...rows3])), 0);
    assert.equal(preamble(at(['x,y,z', '', ...rows3]).filter((l) => l.line)), 1, 'set apart by a blank line');
  });
});

describe('a units row under the header (data loggers, lab instruments)', () => {
  const rng = seededRng();
  const body = Array.from({ length: 30 }, (_, i) => [
    `S${i}`,
    (15 + 10 * rng.uniform()).toFixed(1),
    (1000 + 20 * rng.uniform()).toFixed(1),
    rng.uniform() < 0.5 ? 'ok' : 'fail',
  ]);
  const header = ['sample', 'temp', 'pressure', 'status'];

  it('is found when the numeric columns hold units there; a data row, dashes or text columns are not units', () => {
    assert.deepEqual(unitsRow(header, [['id', '°C', 'hPa', ''], ...body]), ['id', '°C', 'hPa', '']);
    assert.deepEqual(unitsRow(header, [['', '[degC]', '(mbar)', ''], ...body])?.[1], '[degC]');
    assert.equal(unitsRow(header, body), undefined, 'a first data row');
    assert.equal(unitsRow(header, [['S', '-', '-', 'ok'], ...body]), undefined, 'dashes are not units');
    assert.equal(unitsRow(header, [['S', '20.5', 'hPa', 'ok'], ...body]), undefined, 'a number there');
    const text = [
      ['name', 'colour'],
      ['ann', 'red'],
      ['bob', 'blue'],
      ['cy', 'red'],
    ];
    assert.equal(unitsRow(text[0]!, text.slice(1)), undefined, 'no numeric column');
    const layout = layoutOfRows([header, ['id', '°C', 'hPa', ''], ...body], ',');
    assert.equal(layout.header, true);
    assert.equal(layout.unitsRow, true);
    assert.match(layout.evidence.join(' '), /the row under it \(id,°C,hPa,\) holds the columns' units/);
  });

  it('CSV and XLSX: skipped, so the measurements are numbers (before, each became a text category)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-units-'));
    const csv = join(dir, 'log.csv');
    writeFileSync(csv, [header, ['id', '°C', 'hPa', ''], ...body].map((r) => r.join(',')).join('\n'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('log');
    ws.addRow(header);
    ws.addRow(['id', '°C', 'hPa', null]);
    for (const r of body) ws.addRow([r[0], Number(r[1]), Number(r[2]), r[3]]);
    const xlsx = join(dir, 'log.xlsx');
    await wb.xlsx.writeFile(xlsx);
    for (const file of [csv, xlsx]) {
      const notes: string[] = [];
      const f = await readTable(file, { notes });
      assert.equal(f.nRows, body.length, file);
      assert.deepEqual(
        Array.from(f.numeric('temp')),
        body.map((r) => Number(r[1])),
        file,
      );
      assert.match(notes.join(' '), /units, not data: skipped/, file);
      // data.unitsRow: false reads the row as data, as before.
      assert.equal((await readTable(file, { header: true, skipLines: 0, unitsRow: false })).nRows, 31);
    }
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsv, readCsvText, detectDelimiter, parseCsvStream } from '../../../src/data/io/csv.js';
import { Readable } from 'node:stream';
import { parseWithUnit } from '../../../src/data/io/column-types.js';
import { DataError } from '../../../src/data/errors.js';
import type { DateOrder } from '../../../src/data/io/column-types.js';
import { seededRng } from '../../helpers/rng.js';

const FIX = 'test/fixtures/data';
const SHARED = '../shared/data';

describe('readCsv', () => {
  it('handles BOM, quoted header, CRLF, quoted fields, no trailing newline', async () => {
    const df = await readCsv(`${FIX}/quirks.csv`);
    assert.deepEqual(df.columns, ['Month', 'Passengers', 'Note']);
    assert.equal(df.nRows, 3);
    assert.equal(df.dtype('Month'), 'date');
    assert.deepEqual(Array.from(df.numeric('Passengers')), [112, 118, NaN]);
    assert.deepEqual(df.column('Note'), ['a, quoted', 'say "hi"', 'plain']);
    assert.equal(df.isNull().sum().get('Passengers'), 1);
  });

  it("fields aligned by runs of spaces (scikit-learn's linnerud, diabetes) are columns; lines of words are not", async () => {
    const rng = seededRng();
    // Generated rows, padded with a random number of spaces and tabs, over 64 KB so that lines are cut
    // between the stream's chunks; a quoted field keeps its spaces.
    const rows = Array.from({ length: 6000 }, () => [
      rng.int(0, 100),
      rng.int(100, 300),
      (rng.uniform() * 10).toFixed(3),
    ]);
    const pad = (): string => ' '.repeat(rng.int(1, 4)) + (rng.uniform() < 0.2 ? '\t' : '');
    const text =
      `Chins${pad()}Situps${pad()}Jumps  Town\n` +
      rows.map((r, i) => `${pad()}${r.join(pad())}${pad()}"New ${i % 3 ? 'York' : 'Haven'}"`).join('\n') +
      '\n';
    assert.equal(detectDelimiter(text.slice(0, 65536)), ' ', `seed ${rng.seed}`);
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-ws-'));
    writeFileSync(join(dir, 'ws.txt'), text);
    for (const df of [await readCsv(join(dir, 'ws.txt')), await readCsvText(text)]) {
      assert.deepEqual(df.columns, ['Chins', 'Situps', 'Jumps', 'Town'], `seed ${rng.seed}`);
      assert.equal(df.nRows, rows.length);
      for (const [j, c] of ['Chins', 'Situps', 'Jumps'].entries())
        assert.deepEqual(
          Array.from(df.numeric(c)),
          rows.map((r) => Number(r[j])),
          `seed ${rng.seed}: ${c}`,
        );
      assert.deepEqual(df.column('Town').slice(0, 3), ['New Haven', 'New York', 'New York']);
    }
    // A character cut between two chunks of the byte stream stays whole.
    const bytes = Buffer.from('town  n\n東京都   1\nZürich 2\n');
    const cut = bytes.indexOf(Buffer.from('京')) + 1;
    const split = await parseCsvStream(Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]), {
      delimiter: ' ',
    });
    assert.deepEqual(split.column('town'), ['東京都', 'Zürich']);
    // One review a line: the word counts differ, so no delimiter is read into it.
    assert.equal(detectDelimiter('great film\nwould not watch it again\nfine\n'), ',');
    assert.equal(detectDelimiter('112\n118\n132\n'), ',');
  });

  it('detects ; and infers booleans and missing strings', async () => {
    const df = await readCsv(`${FIX}/semicolon.csv`);
    assert.deepEqual(df.columns, ['a', 'b', 'c']);
    assert.deepEqual(df.column('c'), [true, false, true]);
    assert.deepEqual(df.column('b'), ['x', 'y', null]);
    assert.equal(detectDelimiter('a\tb\n1\t2\n'), '\t');
  });

  for (const f of ['small.csv', 'small.csv.gz', 'small.csv.xz', 'small.csv.bz2', 'renamed-gz.csv']) {
    it(`reads ${f} (compression by magic bytes)`, async () => {
      const df = await readCsv(`${FIX}/${f}`);
      assert.deepEqual(Array.from(df.numeric('x')), [1.5, 2.5, 3.5]);
      assert.ok(Number.isNaN(df.numeric('y')[1]!), '? is missing by default');
      assert.deepEqual(df.column('label'), ['cat', 'dog', 'cat']);
    });
  }

  it('header: false names columns col0..', async () => {
    const df = await readCsv(`${FIX}/small.csv`, { header: false, skipLines: 1 });
    assert.deepEqual(df.columns, ['col0', 'col1', 'col2']);
    assert.equal(df.nRows, 3);
  });

  it('dtypes override inference and reject misfits with file, line, column, value', async () => {
    const df = await readCsv(`${FIX}/small.csv`, { dtypes: { x: 'string' } });
    assert.deepEqual(df.column('x'), ['1.5', '2.5', '3.5']);
    await assert.rejects(
      readCsv(`${FIX}/small.csv`, { dtypes: { label: 'number' } }),
      (e: Error) =>
        e instanceof DataError && /small\.csv, line 2, column "label".*"cat" is not a number/.test(e.message),
    );
  });

  it('an inferred numeric column falls back to text when a later value is not a number', async () => {
    const text = 'v\n' + Array.from({ length: 5 }, (_, i) => `${i}\n`).join('') + 'oops\n';
    const df = await readCsvText(text, { inferRows: 2 });
    assert.equal(df.dtype('v'), 'string');
    assert.deepEqual(df.column('v'), ['0', '1', '2', '3', '4', 'oops']);
  });

  it('short lines of text after the table (a source, a note) are left out and said; in the middle they are errors', async () => {
    const table = 'month,passengers\n2019-01,510\n2019-02,495\n2019-03,530\n';
    const notes: string[] = [];
    const df = await readCsvText(`${table}\nSource: Statistics Office (2024)\nNote: provisional\n`, {
      notes,
    });
    assert.deepEqual(Array.from(df.numeric('passengers')), [510, 495, 530]);
    assert.equal(notes.length, 1);
    assert.match(
      notes[0]!,
      /2 line\(s\) of text after the table \("Source: Statistics Office \(2024\)", "Note: provisional"\)/,
    );
    // A comma in the note splits it in two fields, still fewer than the table's three.
    const wide = 'month,passengers,freight\n2019-01,510,3.5\n2019-02,495,3.1\n';
    const notes3: string[] = [];
    const df3 = await readCsvText(`${wide}Source: Statistics Office, 2024\n`, { notes: notes3 });
    assert.equal(df3.nRows, 2);
    assert.match(
      notes3[0]!,
      /1 line\(s\) of text after the table \("Source: Statistics Office,2024"\) are notes, not data/,
    );
    // Excel pads a note to the sheet's widest row: empty fields past the table's are a note's too.
    const padded: string[] = [];
    const df4 = await readCsvText(`${table}\n* figures are preliminary,,\n`, { notes: padded });
    assert.equal(df4.nRows, 3);
    assert.match(
      padded[0]!,
      /1 line\(s\) of text after the table \("\* figures are preliminary"\) are notes/,
    );
    // A lone value is not a note: the file stays malformed at that line.
    await assert.rejects(readCsvText(`${table}2019-04\n`), /line 5: expected 2 fields but found 1/);
    await assert.rejects(
      readCsvText(`${table}Note: a break in the series\n2019-04,540\n`, { sourceName: 's.csv' }),
      /s\.csv, line 5: expected 2 fields but found 1 \(column "passengers" and later are absent\)/,
    );
  });

  it('a note as wide as the table (its comma makes as many fields) is left out at the end, kept before data', async () => {
    const table = 'year,volume\n1969,698\n1970,740\n';
    const notes: string[] = [];
    const df = await readCsvText(`${table}Source: Durbin and Koopman (2001), Nile flow at Aswan\n`, {
      notes,
    });
    assert.deepEqual([df.dtype('year'), Array.from(df.numeric('volume'))], ['number', [698, 740]]);
    assert.match(
      notes.join('\n'),
      /1 line\(s\) of text after the table \("Source: Durbin and Koopman \(2001\),/,
    );
    // Followed by a row of the table, it is a row (its cells strays of the number columns), as before.
    const inside = await readCsvText(`${table}Source: Durbin and Koopman (2001), Nile flow\n1971,801\n`);
    assert.equal(inside.nRows, 4);
    // A text file's rows are words in every column: never taken for notes.
    const texts = await readCsvText(
      'text,label\nGreat movie and fine acting,pos\nNote: a dull film overall,neg\n',
    );
    assert.equal(texts.nRows, 2);
  });

  it('reports the file line even after a quoted multi-line field; maxRows stops early', async () => {
    await assert.rejects(
      readCsvText('a,b\n1,"x\ny"\n\n2,3,4\n', { sourceName: 'm.csv' }),
      /m\.csv, line 5: expected 2 fields but found 3 \(extra field 3: "4"\)/,
    );
    await assert.rejects(
      readCsvText('a\n1\n2\nx\n', { dtypes: { a: 'number' } }),
      /<text>, line 4, column "a": "x" is not a number/,
    );
    const df = await readCsv(`${FIX}/small.csv.xz`, { maxRows: 2 });
    assert.equal(df.nRows, 2);
  });

  it('missing policies', async () => {
    await assert.rejects(
      readCsv(`${FIX}/small.csv`, { missing: 'error' }),
      /column "y" has a missing value at row 1/,
    );
    assert.equal((await readCsv(`${FIX}/small.csv`, { missing: 'drop' })).nRows, 2);
    assert.deepEqual(
      Array.from((await readCsv(`${FIX}/small.csv`, { missing: 'fillMean' })).numeric('y')),
      [2, 3, 4],
    );
    assert.deepEqual(
      Array.from((await readCsv(`${FIX}/small.csv`, { missing: { fillValue: -1 } })).numeric('y')),
      [2, -1, 4],
    );
  });

  it('bad input: malformed row, bad quote, empty, header only, absent file', async () => {
    await assert.rejects(
      readCsv(`${FIX}/malformed-row.csv`),
      (e: Error) =>
        e instanceof DataError &&
        /malformed-row\.csv, line 3: expected 3 fields but found 2 \(column "c"/.test(e.message),
    );
    await assert.rejects(
      readCsv(`${FIX}/malformed-quote.csv`),
      (e: Error) => e instanceof DataError && /malformed-quote\.csv.*line 3.*malformed CSV/.test(e.message),
    );
    await assert.rejects(readCsv(`${FIX}/empty.csv`), /empty\.csv: the file is empty/);
    await assert.rejects(
      readCsv(`${FIX}/header-only.csv`),
      /header-only\.csv: has a header \(a, b, c\) but no data rows/,
    );
    await assert.rejects(readCsv(`${FIX}/nope.csv`), /nope\.csv: no such file/);
  });

  it(
    'reads the shared files (CRLF + quotes, gz with NA)',
    { skip: !existsSync(SHARED) && `${SHARED} absent` },
    async () => {
      const air = await readCsv(`${SHARED}/airline-passengers.csv`);
      assert.equal(air.nRows, 144);
      const pol = await readCsv(`${SHARED}/pollution.csv.gz`);
      assert.equal(pol.nRows, 43824);
      assert.equal(pol.isNull().sum().get('pm2.5'), 2067);
      assert.equal(pol.valueCounts('cbwd').get('SE'), 15290);
      const adult = await readCsv(`${SHARED}/adult-train.csv.gz`, { header: false });
      assert.equal(adult.nRows, 32561);
      assert.equal(adult.valueCounts('col14').get('<=50K'), 24720);
    },
  );

  it('numbers with a decimal comma (European spreadsheets) are detected and read as numbers', async () => {
    const eu = await readCsvText(
      'Datum;Umsatz;Anteil;Aktion\n2021-01-01;1.038,65;0,5;ja\n2021-01-02;987,1;-0,25;nein\n',
    );
    assert.deepEqual(Array.from(eu.numeric('Umsatz')), [1038.65, 987.1]);
    assert.deepEqual(Array.from(eu.numeric('Anteil')), [0.5, -0.25]);
    assert.equal(eu.dtype('Datum'), 'date');
    assert.deepEqual(eu.column('Aktion'), ['ja', 'nein']);
    // Declared instead of detected (pandas' decimal=): 1,234 alone is ambiguous and is not guessed.
    const ambiguous = 'a;b\n1,234;x\n2,500;y\n';
    assert.equal((await readCsvText(ambiguous)).dtype('a'), 'string');
    assert.deepEqual(Array.from((await readCsvText(ambiguous, { decimal: ',' })).numeric('a')), [1.234, 2.5]);
  });

  it('digits grouped by spaces (French, Nordic exports: ASCII, no-break, narrow no-break) or apostrophes (Swiss)', async () => {
    // 1 044,98 with U+00A0, 12 345 678,5 with U+202F, 2 000 with an ASCII space; a rate with a spaced %.
    const fr = await readCsvText(
      'Date;Ventes;Remise\n13/01/2023;1\u00a0044,98;5 %\n14/01/2023;12\u202f345\u202f678,5;0 %\n15/01/2023;2 000;12,5 %\n',
    );
    assert.deepEqual(Array.from(fr.numeric('Ventes')), [1044.98, 12345678.5, 2000]);
    assert.deepEqual(Array.from(fr.numeric('Remise')), [0.05, 0, 0.125]);
    assert.equal(fr.dtype('Date'), 'date');
    // A decimal point after space groups (1 234.5), as some English and SI-style exports write it.
    const si = await readCsvText('x,y\n1 234.5,a\n1 000 000,b\n17,c\n');
    assert.deepEqual(Array.from(si.numeric('x')), [1234.5, 1e6, 17]);
    // Swiss exports group with an apostrophe (ASCII or U+2019).
    const ch = await readCsvText("Betrag;Menge\n1'234.50;3\n12\u2019345.05;4\n99.95;5\n");
    assert.deepEqual(Array.from(ch.numeric('Betrag')), [1234.5, 12345.05, 99.95]);
    // Words with spaces and numbers that only look grouped are left alone.
    const text = await readCsvText('name,n\nroom 101,1\nflat 2 300,2\n');
    assert.deepEqual(text.column('name'), ['room 101', 'flat 2 300']);
  });

  it("a spreadsheet formula's error values (#DIV/0!, #VALUE!, …) are missing, so the column stays numeric", async () => {
    const f = await readCsvText('price,qty,ratio\n10,2,5\n7,0,#DIV/0!\n9,3,3\n4,x,#VALUE!\n8,1,#N/A\n');
    assert.equal(f.dtype('ratio'), 'number');
    const ratio = Array.from(f.numeric('ratio'));
    assert.deepEqual(
      ratio.map((v) => (Number.isNaN(v) ? null : v)),
      [5, null, 3, null, null],
    );
  });

  it('a few cells that are no number (?0.2 in a temperature log) are missing and named; more than 1%, or in a small table, make text', async () => {
    const rng = seededRng();
    const n = 200 + rng.int(0, 2000);
    const values = Array.from({ length: n }, (_, i) => (10 + (i % 17) / 10).toFixed(1));
    // One stray among the first rows (the sample the type is inferred from), one far after them.
    const at = [rng.int(0, 50), n - 1 - rng.int(0, 20)];
    for (const i of at) values[i] = `?${values[i]}`;
    const notes: string[] = [];
    const f = await readCsvText(`date,temp\n${values.map((v, i) => `d${i},${v}`).join('\n')}\n`, { notes });
    const msg = `seed ${rng.seed}, ${n} rows, strays at ${at}`;
    assert.equal(f.dtype('temp'), 'number', msg);
    const temp = f.numeric('temp');
    assert.deepEqual(
      at.map((i) => temp[i]),
      [NaN, NaN],
      msg,
    );
    assert.equal(Array.from(temp).filter(Number.isNaN).length, 2, msg);
    assert.equal(temp[at[0]! + 1], Number(values[at[0]! + 1]), msg);
    assert.deepEqual(notes, [
      `2 cell(s) of the number column 'temp' are no number (row ${at[0]! + 2}: "${values[at[0]!]}", row ${at[1]! + 2}: "${values[at[1]!]}"): read as missing; correct them in the file to use them`,
    ]);
    // Two strays among the very first rows (a wage written `missing`, another `"12,5"`): still few in
    // the whole column, so still numbers (the first ten rows alone made it text).
    // (The column without the strays above: 2 in n ≥ 200 cells are within the 1%.)
    const early = values.map((v, i) =>
      i === 2 ? 'missing' : i === 6 ? '"12,5"' : at.includes(i) ? (10 + (i % 17) / 10).toFixed(1) : v,
    );
    const e = await readCsvText(`temp\n${early.join('\n')}\n`);
    assert.equal(e.dtype('temp'), 'number', msg);
    assert.equal(Array.from(e.numeric('temp')).filter(Number.isNaN).length, 2, msg);
    // Over 1% of the cells: text, every cell as written.
    const many = values.map((v, i) => (i % 50 === 7 ? 'n/a yet' : v));
    const g = await readCsvText(`temp\n${many.join('\n')}\n`);
    assert.equal(g.dtype('temp'), 'string', msg);
    assert.equal(g.column('temp')[7], 'n/a yet');
    assert.equal(g.column('temp')[at[0]!], at[0]! % 50 === 7 ? 'n/a yet' : values[at[0]!]);
    // A small table: one odd cell in 40 is no evidence of a column of numbers.
    const small = await readCsvText(`v\n${[...values.slice(0, 39), '?1'].join('\n')}\n`);
    assert.equal(small.dtype('v'), 'string');
    // Declared a number, a stray cell is an error naming it.
    await assert.rejects(
      readCsvText(`temp\n${values.join('\n')}\n`, { dtypes: { temp: 'number' } }),
      /column "temp": "\?[\d.]+" is not a number; the column was declared number/,
    );
  });

  it("a report's marks for missing numbers (.., :, --, [x]) keep a column numeric, and are said; in a text column they stay text", async () => {
    const notes: string[] = [];
    const f = await readCsvText(
      'country,gdp,rate,code\nA,1.5,..,x1\nB,: c,2.9,x2\nC,2.5,3.1,--\nD,--,[x],x4\nE,3.5,4.0,x5\n',
      { notes },
    );
    assert.deepEqual(
      ['gdp', 'rate', 'code'].map((c) => f.dtype(c)),
      ['number', 'number', 'string'],
    );
    assert.deepEqual(
      Array.from(f.numeric('gdp')).map((v) => (Number.isNaN(v) ? null : v)),
      [1.5, null, 2.5, null, 3.5],
    );
    assert.deepEqual(
      Array.from(f.numeric('rate')).map((v) => (Number.isNaN(v) ? null : v)),
      [null, 2.9, 3.1, null, 4],
    );
    assert.deepEqual(notes, [
      "4 cell(s) hold ': c', '--', '..', '[x]' in 2 number columns 'gdp', 'rate': a report's mark for a missing or withheld value, read as missing",
    ]);
    // Bounds: Google Trends' <1 and a lab's <0.02 and >100 (half the bound below, the bound above).
    const bounds: string[] = [];
    const g = await readCsvText(
      'week,cobol,lead\n2020-01-05,<1,0.05\n2020-01-12,2,<0.02\n2020-01-19,<1,>100\n2020-01-26,1,0.07\n',
      {
        notes: bounds,
      },
    );
    assert.deepEqual(Array.from(g.numeric('cobol')), [0.5, 2, 0.5, 1]);
    assert.deepEqual(Array.from(g.numeric('lead')), [0.05, 0.01, 100, 0.07]);
    assert.match(
      bounds.join('\n'),
      /4 cell\(s\) hold '<1' as 0\.5, '<0\.02' as 0\.01, '>100' as 100 in 2 number columns 'cobol', 'lead': a value beyond what was measured/,
    );
    // The text column keeps its '--' as written.
    assert.equal(f.column('code')[2], '--');
    // A column that turns out to be text after the first rows gives its placeholders back.
    const late = await readCsvText(
      `v\n${Array.from({ length: 120 }, (_, i) => (i === 3 ? '..' : String(i))).join('\n')}\nsee note\ntbd\n`,
    );
    assert.equal(late.dtype('v'), 'string');
    assert.deepEqual(late.column('v').slice(2, 5), ['2', '..', '4']);
  });

  it('thousands commas in quoted numbers are read; a file with both marks is left as written', async () => {
    const us = await readCsvText('city,population\nA,"1,234,567"\nB,"12,000.5"\nC,800\n');
    assert.deepEqual(Array.from(us.numeric('population')), [1234567, 12000.5, 800]);
    const mixed = await readCsvText('a;b\n1,5;2.25\n');
    assert.equal(mixed.dtype('a'), 'string');
    assert.deepEqual(Array.from(mixed.numeric('b')), [2.25]);
  });
  it('money and rates: currency symbols and percent signs are numbers (12% → 0.12); other text stays text', async () => {
    const f = await readCsvText(
      'price,rate,eu,promo\n"$1,234.50",12%,"1.234,50 €",50% off\n-$5,+0.5%,"1 234,5 €",none\n£0.99,100%,12 €,\n7,3,8,x\n',
    );
    assert.deepEqual(Array.from(f.numeric('price')), [1234.5, -5, 0.99, 7]);
    assert.deepEqual(Array.from(f.numeric('rate')), [0.12, 0.005, 1, 3]);
    assert.deepEqual(Array.from(f.numeric('eu')), [1234.5, 1234.5, 12, 8]);
    assert.equal(f.dtype('promo'), 'string');
    // Negatives as accountants write them: in parentheses, or with SAP's trailing minus.
    const books = await readCsvText('account,balance\nA,"(1,234.50)"\nB,"$2,000.00"\nC,($12)\nD,0.5\n');
    assert.deepEqual(Array.from(books.numeric('balance')), [-1234.5, 2000, -12, 0.5]);
    const sap = await readCsvText('Konto;Saldo\nA;1.234,50-\nB;99,5\nC;(7,25)\n');
    assert.deepEqual(Array.from(sap.numeric('Saldo')), [-1234.5, 99.5, -7.25]);
    // Durations written as a clock in columns named like durations (Strava's export): seconds, by
    // hand 1:05:30 = 3930, 5:42 = 342; a time of day of the same shape keeps its text.
    const runs = await readCsvText('Moving Time,Pace,start\n1:05:30,5:42,07:15\n0:32:10,5:21,18:40\n');
    assert.deepEqual(Array.from(runs.numeric('Moving Time')), [3930, 1930]);
    assert.deepEqual(Array.from(runs.numeric('Pace')), [342, 321]);
    assert.deepEqual(runs.column('start'), ['07:15', '18:40']);
    // The minus sign U+2212 as Apple Numbers and Wikipedia tables write it (it made a category).
    const signs = await readCsvText('delta,cost\n\u22125.13,\u2212$12\n2.5,$3\n\u22120.25,\u221250%\n');
    assert.deepEqual(Array.from(signs.numeric('delta')), [-5.13, 2.5, -0.25]);
    assert.deepEqual(Array.from(signs.numeric('cost')), [-12, 3, -0.5]);
    // Volumes as investing.com writes them (K, M, B), a dash for none; apartments (3B, 12A) stay text.
    const vol = await readCsvText('Vol.,unit\n461.40K,3B\n0.86M,12A\n-,4B\n1.2B,3B\n"1,234.5K",7C\n3k,1A\n');
    assert.deepEqual(
      Array.from(vol.numeric('Vol.')).map((v) => (Number.isNaN(v) ? null : Math.round(v))),
      [461400, 860000, null, 1.2e9, 1234500, 3000],
    );
    assert.equal(vol.dtype('unit'), 'string');
    // Currency codes and prefixed dollars before or after the amount, as bank and ERP exports write them.
    const codes = await readCsvText(
      "fee;eu;br;ch;tickers\nUSD 1,200;1.200,50 EUR;R$ 1.200,00;CHF 1'200.00;USDT 5\n-USD 5;EUR -5;R$ 3;CHF 12;ABC 7\nUS$12;12 EUR;R$ 0,50;CHF 0.05;XYZ 1\n",
    );
    assert.deepEqual(Array.from(codes.numeric('fee')), [1200, -5, 12]);
    assert.deepEqual(Array.from(codes.numeric('eu')), [1200.5, -5, 12]);
    assert.deepEqual(Array.from(codes.numeric('br')), [1200, 3, 0.5]);
    assert.deepEqual(Array.from(codes.numeric('ch')), [1200, 12, 0.05]);
    assert.equal(codes.dtype('tickers'), 'string', 'a word that is not a currency code is not money');
  });
  it('spreadsheet dates: day or month first from a value over 12, a fixed field, or the separator', async () => {
    const iso = (df: Awaited<ReturnType<typeof readCsvText>>, c: string): string[] =>
      (df.column(c) as Date[]).map((d) => d.toISOString().slice(0, 16));
    const de = await readCsvText('Datum;x\n30.12.2021;1\n31.12.21;2\n01.01.2022 13:05;3\n');
    assert.deepEqual(iso(de, 'Datum'), ['2021-12-30T00:00', '2021-12-31T00:00', '2022-01-01T13:05']);
    const us = await readCsvText('t,x\n1/31/2021 12:00 AM,1\n2/1/2021 1:30 PM,2\n');
    assert.deepEqual(iso(us, 't'), ['2021-01-31T00:00', '2021-02-01T13:30']);
    // Ten days in February written with dots: day first, not ten months on the 2nd.
    const tenDays = await readCsvText(
      `Datum;x\n${Array.from({ length: 10 }, (_, i) => `${String(i + 1).padStart(2, '0')}.02.2021;${i}`).join('\n')}\n`,
    );
    assert.deepEqual(iso(tenDays, 'Datum').slice(8), ['2021-02-09T00:00', '2021-02-10T00:00']);
    // Monthly on day 1: the first field never changes, so it is the day (not 1, 2, 3 January).
    const monthly = await readCsvText('m,x\n01/03/2021,1\n01/04/2021,2\n01/05/2021,3\n');
    assert.deepEqual(iso(monthly, 'm'), ['2021-03-01T00:00', '2021-04-01T00:00', '2021-05-01T00:00']);
    const ymd = await readCsvText('d,x\n2021/01/31,1\n2021/02/01,2\n');
    assert.deepEqual(iso(ymd, 'd'), ['2021-01-31T00:00', '2021-02-01T00:00']);
    // Every value fits both orders: dots are day first, slashes month first (pandas' default).
    assert.deepEqual(iso(await readCsvText('d;x\n02.03.2021;1\n03.04.2021;2\n'), 'd').slice(0, 1), [
      '2021-03-02T00:00',
    ]);
    assert.deepEqual(iso(await readCsvText('d,x\n02/03/2021,1\n03/04/2021,2\n'), 'd').slice(0, 1), [
      '2021-02-03T00:00',
    ]);
    const named = await readCsvText('d,x\nJan 1 2000,1\n"February 1, 2000",2\n1 Mar 2000,3\n');
    assert.deepEqual(iso(named, 'd'), ['2000-01-01T00:00', '2000-02-01T00:00', '2000-03-01T00:00']);
    // Quarters as statistics offices write them: the quarter's first day.
    const quarters = await readCsvText('q,x\n1990-Q4,1\n1991Q1,2\n1991 q2,3\nQ3 1991,4\nQ4/1991,5\n');
    assert.deepEqual(
      iso(quarters, 'q').map((d) => d.slice(0, 10)),
      ['1990-10-01', '1991-01-01', '1991-04-01', '1991-07-01', '1991-10-01'],
    );
    // Not dates: 31 February, over 12 in both fields, mixed forms, a fifth quarter; they stay text.
    for (const bad of ['31.02.2021\n01.03.2021', '13/13/2021\n1/1/2021', '31.01.2021\n2021-02-01', '1990-Q5'])
      assert.equal((await readCsvText(`d\n${bad}\n`)).dtype('d'), 'string', bad);
    assert.equal((await readCsvText('d,x\n31/01/2021,1\n', { dtypes: { d: 'date' } })).dtype('d'), 'date');
  });
  it('numbers written with a unit (1248 CC, 74 bhp) are numbers when the column has one unit; several units stay text, said', async () => {
    const rng = seededRng();
    const n = 40;
    const cc = Array.from({ length: n }, () => rng.int(700, 3000));
    const bhp = Array.from({ length: n }, () => Math.round(rng.uniform() * 20000) / 100 + 30);
    const mileage = Array.from(
      { length: n },
      (_, i) => `${(10 + (i % 17)).toFixed(1)} ${i % 3 ? 'kmpl' : 'km/kg'}`,
    );
    const rows = cc.map(
      (c, i) => `"${c.toLocaleString('en-US')} CC",${bhp[i]} bhp,${mileage[i]},${i + 1}A,${i % 5} g`,
    );
    const notes: string[] = [];
    const df = await readCsvText(`engine,max_power,mileage,seat,weight\n${rows.join('\n')}\n`, { notes });
    assert.deepEqual(Array.from(df.numeric('engine')), cc, `seed ${rng.seed}`);
    assert.deepEqual(Array.from(df.numeric('max_power')), bhp, `seed ${rng.seed}`);
    assert.deepEqual(
      Array.from(df.numeric('weight')),
      Array.from({ length: n }, (_, i) => i % 5),
    );
    assert.equal(df.dtype('mileage'), 'string');
    assert.equal(df.dtype('seat'), 'string', '1A, 2A … are seats, not amperes');
    assert.ok(
      notes.includes(
        `column 'engine' holds numbers written with the unit 'CC' ('${cc[0]!.toLocaleString('en-US')} CC'): read as numbers`,
      ),
      notes.join('\n'),
    );
    const k = mileage.filter((m) => m.endsWith('km/kg')).length;
    assert.ok(
      notes.includes(
        `column 'mileage' holds numbers in 2 units ('km/kg' ×${k}, 'kmpl' ×${n - k}): read as text; convert them to one unit (or give each its own column) to use them as numbers`,
      ),
      notes.join('\n'),
    );
    // A value in another unit is no number of the column: missing while few, as any stray cell.
    const strays: string[] = [];
    const one = await readCsvText(
      `engine\n${cc.map((c, i) => (i === 35 ? '5 kg' : `${c} CC`)).join('\n')}\n`,
      {
        notes: strays,
        inferRows: 20,
      },
    );
    assert.equal(one.dtype('engine'), 'string', 'one stray in 40 cells is more than 1%: text, as before');
    assert.equal(parseWithUnit('-2.5 °C')?.value, -2.5);
    assert.equal(parseWithUnit('12kg')?.unit, 'kg');
    assert.equal(parseWithUnit('2021-01'), undefined);
  });
  it('"1,042" quoted in a comma-delimited file is a thousand (Excel in the US and UK); a field that needs a decimal comma keeps it a decimal', async () => {
    const rng = seededRng();
    const v = Array.from({ length: 20 }, () => rng.int(1000, 2000));
    const rows = v.map((x, i) => `2022-01-${String(i + 1).padStart(2, '0')},"${x.toLocaleString('en-US')}"`);
    const df = await readCsvText(`date,visits\n${rows.join('\n')}\n`);
    assert.deepEqual(Array.from(df.numeric('visits')), v, `seed ${rng.seed}`);
    const eu = await readCsvText('a,b\n"1,042","2,5"\n"1,300","3,25"\n');
    assert.deepEqual(Array.from(eu.numeric('a')), [1.042, 1.3]);
  });
  it('the header repeated further down (files joined with cat) is left out and said, not a category of every column', async () => {
    const rng = seededRng();
    // Ages drawn fresh; plans and labels alternate, so both values of each are in every block.
    const block = (n: number): string[] =>
      Array.from(
        { length: n },
        (_, i) => `${rng.int(18, 78)},${i % 2 ? 'basic' : 'pro'},${i % 3 ? 'No' : 'Yes'}`,
      );
    const head = 'age,plan,churned';
    const notes: string[] = [];
    const df = await readCsvText(
      [head, ...block(5), head, ...block(4), ` ${head.replace(/,/g, ' , ')} `, ...block(3)].join('\n'),
      {
        notes,
      },
    );
    assert.equal(df.nRows, 12);
    assert.equal(df.dtype('age'), 'number');
    assert.ok(
      Array.from(df.numeric('age')).every((v) => v >= 18 && v < 78),
      `seed ${rng.seed}`,
    );
    assert.deepEqual([...new Set(df.column('churned') as string[])].sort(), ['No', 'Yes']);
    assert.deepEqual(notes, [
      '2 row(s) repeat the header (row 7, row 12): files joined one after another, left out',
    ]);
    // A row that only shares some names is data.
    assert.equal((await readCsvText('a,b\na,1\nb,2\n')).nRows, 2);
  });
  it("dayFirst (pandas' dayfirst) orders dates that fit both; a value that fits only the other order still decides; dateOrders says how each column was read", async () => {
    const iso = (df: Awaited<ReturnType<typeof readCsvText>>, c: string): string[] =>
      (df.column(c) as Date[]).map((d) => d.toISOString().slice(0, 10));
    const both = 'd,e,x\n02/03/2021,01/12/2026 10:00,1\n03/04/2021,02/12/2026 10:00,2\n';
    const orders: Record<string, DateOrder> = {};
    const uk = await readCsvText(both, { dayFirst: true, dateOrders: orders });
    assert.deepEqual(iso(uk, 'd'), ['2021-03-02', '2021-04-03']);
    assert.deepEqual(iso(uk, 'e'), ['2026-12-01', '2026-12-02']);
    assert.deepEqual(orders, { d: 'dmy', e: 'dmy' });
    const us: Record<string, DateOrder> = {};
    assert.deepEqual(iso(await readCsvText(both, { dateOrders: us }), 'e'), ['2026-01-12', '2026-02-12']);
    assert.deepEqual(us, { d: 'mdy', e: 'mdy' });
    // Dots are day first unless told otherwise.
    assert.deepEqual(iso(await readCsvText('d;x\n02.03.2021;1\n', { dayFirst: false }), 'd'), ['2021-02-03']);
    // A day above 12 in the second field: month first whatever dayFirst says.
    const seen: Record<string, DateOrder> = {};
    const mixed = await readCsvText('d,x\n01/02/2021,1\n01/13/2021,2\n', {
      dayFirst: true,
      dateOrders: seen,
    });
    assert.deepEqual(iso(mixed, 'd'), ['2021-01-02', '2021-01-13']);
    assert.deepEqual(seen, { d: 'mdy' });
    // ISO dates are no day-month dates: nothing to record.
    const none: Record<string, DateOrder> = {};
    await readCsvText('d,x\n2021-01-02,1\n', { dateOrders: none });
    assert.deepEqual(none, {});
  });
  it('ten-minute readings over a few days (Jena climate): the constant field is the month, and a later day over 12 re-reads the rows before it', async () => {
    // 02.01.2009 read month-first was 1 February: twelve days of readings became twelve months, and
    // at 13.01.2009 (beyond the 1,000 rows types are inferred from) the column turned to text, its
    // first rows as misread ISO dates and the rest as written.
    const stamp = (i: number): string => {
      const d = new Date(Date.UTC(2009, 0, 1, 0, 10 * (i + 1)));
      const p = (n: number): string => String(n).padStart(2, '0');
      return `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:00`;
    };
    const rows = Array.from({ length: 2000 }, (_, i) => `${stamp(i)},${i}`);
    const iso = (df: Awaited<ReturnType<typeof readCsvText>>): string[] =>
      (df.column('Date Time') as Date[]).map((d) => d.toISOString().slice(0, 16));
    const within = await readCsvText(`Date Time,x\n${rows.slice(0, 300).join('\n')}\n`);
    assert.equal(iso(within)[200], '2009-01-02T09:30', 'two days of readings, read day first');
    // The order decided on the first 1,000 rows (7 days) and a field over 12 after them: one order for all
    // (row i is 10·(i + 1) minutes after midnight on 1 January: row 1000 is 6 days 22:50 later).
    const later = await readCsvText(`Date Time,x\n${rows.join('\n')}\n`, { inferRows: 1000 });
    assert.equal(later.dtype('Date Time'), 'date');
    assert.deepEqual(
      [iso(later)[0], iso(later)[1000], iso(later)[1999]],
      ['2009-01-01T00:10', '2009-01-07T22:50', '2009-01-14T21:20'],
    );
    // Slashes month first the same way: the day is the field that changes within the month.
    const us = await readCsvText(
      `t,x\n${Array.from({ length: 50 }, (_, i) => `01/0${1 + Math.floor(i / 10)}/2021 0${i % 10}:15,${i}`).join('\n')}\n`,
      { inferRows: 20 },
    );
    assert.equal((us.column('t') as Date[])[45]!.toISOString().slice(0, 16), '2021-01-05T05:15');
    // A field that fits neither order keeps the column as written, not half re-dated.
    const bad = await readCsvText(`d,x\n${rows.slice(0, 30).join('\n')}\n31.13.2009 00:00:00,9\n`, {
      inferRows: 10,
    });
    assert.equal(bad.dtype('d'), 'string');
    assert.equal(bad.column('d')[0], '01.01.2009 00:10:00');
  });
});

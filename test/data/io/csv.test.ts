import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readCsv, readCsvText, detectDelimiter } from '../../../src/data/io/csv.js';
import { DataError } from '../../../src/data/errors.js';

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

  it('detects ; and infers booleans and missing strings', async () => {
    const df = await readCsv(`${FIX}/semicolon.csv`);
    assert.deepEqual(df.columns, ['a', 'b', 'c']);
    assert.deepEqual(df.column('c'), [true, false, true]);
    assert.deepEqual(df.column('b'), ['x', 'y', null]);
    assert.equal(detectDelimiter('a\tb\n1\t2\n'), '\t');
  });

  for (const f of ['small.csv', 'small.csv.gz', 'small.csv.xz', 'renamed-gz.csv']) {
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

  it('thousands commas in quoted numbers are read; a file with both marks is left as written', async () => {
    const us = await readCsvText('city,population\nA,"1,234,567"\nB,"12,000.5"\nC,800\n');
    assert.deepEqual(Array.from(us.numeric('population')), [1234567, 12000.5, 800]);
    const mixed = await readCsvText('a;b\n1,5;2.25\n');
    assert.equal(mixed.dtype('a'), 'string');
    assert.deepEqual(Array.from(mixed.numeric('b')), [2.25]);
  });
});

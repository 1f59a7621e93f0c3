/** Fuzz: arbitrary bytes and CSV-like text into the CSV reader give a Frame or a SeqlabError, nothing else. */
import { test } from 'node:test';
import fc from 'fast-check';

import { readCsvText } from '../../src/data/io/csv.js';
import { clearErrorOrSuccess, fuzzParams } from './fuzz-settings.js';

// Cells that stress the parser: quotes, delimiters, line ends, numbers at float32's edges, BOMs, NULs.
const cell = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(
    '"',
    '""',
    '"a,b"',
    '\r',
    '\n',
    '\r\n',
    ';',
    '\t',
    '\uFEFF',
    '\0',
    'NaN',
    'Infinity',
    '-1e308',
    '1e39',
    '',
  ),
  fc.double().map(String),
  fc.integer().map(String),
);
const csvLike = fc
  .tuple(
    fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 0, maxLength: 12 }),
    fc.constantFrom(',', ';', '\t'),
    fc.constantFrom('\n', '\r\n'),
  )
  .map(([rows, delimiter, eol]) => rows.map((r) => r.join(delimiter)).join(eol));

test('CSV text: a Frame or a SeqlabError', async () => {
  await fc.assert(
    fc.asyncProperty(csvLike, (text) =>
      clearErrorOrSuccess(() => readCsvText(text, { sourceName: 'fuzz.csv' })),
    ),
    fuzzParams('csv text'),
  );
});

test('CSV bytes (binary, invalid UTF-8): a Frame or a SeqlabError', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), (bytes) =>
      clearErrorOrSuccess(() => readCsvText(Buffer.from(bytes).toString('utf8'), { sourceName: 'fuzz.csv' })),
    ),
    fuzzParams('csv bytes'),
  );
});

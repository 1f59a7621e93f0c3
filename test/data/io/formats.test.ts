import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { readXlsx } from '../../../src/data/io/xlsx.js';
import { readJson, readJsonl } from '../../../src/data/io/jsonl.js';
import type { DateOrder } from '../../../src/data/io/column-types.js';
import type { PipelineInfo } from '../../../src/data/preprocessing/batch.js';
import { readPredictInput } from '../../../src/experiments/predict.js';
import { readTextFolder } from '../../../src/data/io/text-folder.js';
import { readSklearnCsv } from '../../../src/data/io/sklearn-csv.js';
import { parseFastText } from '../../../src/data/io/fasttext.js';
import { readTable } from '../../../src/experiments/data.js';
import { configFromData } from '../../../src/experiments/from-data.js';
import { inferRoles } from '../../../src/experiments/infer.js';
import { loadBreastCancer } from '../../../src/data/datasets/sklearn.js';
import { storedZip } from '../../helpers/zip.js';

const FIX = 'test/fixtures/data';
const SHARED = '../shared/data';

describe('readXlsx', () => {
  it('reads a workbook written by exceljs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-xlsx-'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('data');
    ws.addRow(['date', 'value', 'name']);
    ws.addRow([new Date(Date.UTC(2020, 0, 1)), 1.5, 'a']);
    ws.addRow([new Date(Date.UTC(2020, 0, 2)), null, 'b']);
    ws.addRow([new Date(Date.UTC(2020, 0, 3)), 3, 'c']);
    const path = join(dir, 't.xlsx');
    await wb.xlsx.writeFile(path);
    const df = await readXlsx(path, { sheet: 'data' });
    assert.deepEqual(df.columns, ['date', 'value', 'name']);
    assert.equal(df.dtype('date'), 'date');
    assert.deepEqual(Array.from(df.numeric('value')), [1.5, NaN, 3]);
    await assert.rejects(readXlsx(path, { sheet: 'nope' }), /no worksheet "nope"; the sheets are "data"/);
  });
  it('a time-of-day cell (Excel day 0 plus the time) reads as hh:mm:ss, not a date in 1899', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-xlsx-'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('log');
    ws.addRow(['Date', 'Time']);
    ws.addRow([new Date(Date.UTC(2024, 0, 1)), new Date(Date.UTC(1899, 11, 30, 17, 30))]);
    ws.addRow([new Date(Date.UTC(2024, 0, 1)), new Date(Date.UTC(1899, 11, 30, 18, 0, 15))]);
    const path = join(dir, 'log.xlsx');
    await wb.xlsx.writeFile(path);
    const df = await readXlsx(path);
    assert.deepEqual(df.column('Time'), ['17:30:00', '18:00:15']);
    assert.equal(df.dtype('Date'), 'date');
  });
  it('a cover sheet of notes before the data sheet is passed over, and said', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-xlsx-'));
    const wb = new ExcelJS.Workbook();
    const cover = wb.addWorksheet('Read me');
    cover.addRow(['This workbook holds the 2024 sales.']);
    cover.addRow(['The data is on the next sheet.']);
    const ws = wb.addWorksheet('Data');
    ws.addRow(['region', 'units']);
    for (let i = 0; i < 5; i++) ws.addRow([`r${i}`, i]);
    const path = join(dir, 'cover.xlsx');
    await wb.xlsx.writeFile(path);
    const notes: string[] = [];
    assert.deepEqual((await readXlsx(path, { notes })).columns, ['region', 'units']);
    assert.match(notes[0]!, /worksheet "Read me" holds no table: read "Data"/);
    assert.deepEqual((await readXlsx(path, { sheet: 'Read me' })).columns, [
      'This workbook holds the 2024 sales.',
    ]);
  });
  it('rows of one note under the table are left out and said; a last row with one value is kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-xlsx-'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.addRow(['month', 'passengers']);
    for (let i = 0; i < 6; i++) ws.addRow([new Date(Date.UTC(2019, i, 1)), 500 + i]);
    ws.addRow([new Date(Date.UTC(2019, 6, 1)), null]); // a month not yet counted: data, not a note
    ws.addRow([]);
    ws.addRow(['Source: Statistics Office (2024)']);
    ws.addRow(['Figures for 2019 are provisional']);
    const path = join(dir, 'footer.xlsx');
    await wb.xlsx.writeFile(path);
    const notes: string[] = [];
    const df = await readXlsx(path, { notes });
    assert.equal(df.dtype('month'), 'date');
    assert.deepEqual(Array.from(df.numeric('passengers')), [500, 501, 502, 503, 504, 505, NaN]);
    assert.match(
      notes.at(-1)!,
      /2 row\(s\) of one cell after the table \("Source: Statistics Office \(2024\)", "Figures for 2019 are provisional"\) are notes, not data: left out/,
    );
  });
  it('a header over two rows (merged group cells over the quarters) is joined; repeated names are kept apart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-xlsx-'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sales');
    ws.addRow(['Store', 'Revenue', null, 'Visitors', null, 'Closed']);
    ws.addRow([null, 'Q1', 'Q2', 'Q1', 'Q2', null]);
    ws.mergeCells('B1:C1');
    ws.mergeCells('D1:E1');
    const data = [
      ['s1', 10, 11, 5, 6, 'no'],
      ['s2', 20, 21, 7, 8, 'yes'],
      ['s3', 30, 31, 9, 10, 'no'],
    ];
    for (const r of data) ws.addRow(r);
    const path = join(dir, 'grouped.xlsx');
    await wb.xlsx.writeFile(path);
    const notes: string[] = [];
    const df = await readXlsx(path, { notes });
    assert.deepEqual(df.columns, [
      'Store',
      'Revenue Q1',
      'Revenue Q2',
      'Visitors Q1',
      'Visitors Q2',
      'Closed',
    ]);
    assert.deepEqual(Array.from(df.numeric('Revenue Q1')), [10, 20, 30]);
    assert.deepEqual(Array.from(df.numeric('Visitors Q2')), [6, 8, 10]);
    assert.match(notes.join(' '), /the header is two rows/);
    // The same sheet saved as CSV: the group names over blanks.
    const csv = ['Store,Revenue,,Visitors,,Closed', ',Q1,Q2,Q1,Q2,', ...data.map((r) => r.join(','))].join(
      '\n',
    );
    writeFileSync(join(dir, 'grouped.csv'), `${csv}\n`);
    const fromCsv = await readTable(join(dir, 'grouped.csv'));
    assert.deepEqual(fromCsv.columns, df.columns);
    assert.deepEqual(Array.from(fromCsv.numeric('Visitors Q1')), [5, 7, 9]);
    // A header that repeats a name without a row of names under it: both columns kept (a, a.1).
    const plain = new ExcelJS.Workbook();
    const ps = plain.addWorksheet('x');
    ps.addRow(['a', 'b', 'a']);
    for (let i = 0; i < 3; i++) ps.addRow([i, i * 2, i * 3]);
    await plain.xlsx.writeFile(join(dir, 'dup.xlsx'));
    const dup = await readXlsx(join(dir, 'dup.xlsx'));
    assert.deepEqual(dup.columns, ['a', 'b', 'a.1']);
    assert.deepEqual(Array.from(dup.numeric('a.1')), [0, 3, 6]);
  });

  it('rows above the table (a report title, a date) are skipped and said', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-xlsx-'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Report');
    ws.addRow(['Quarterly sales report']);
    ws.addRow(['Generated', '2024-05-01']);
    ws.addRow([]);
    ws.addRow(['region', 'units', 'price', 'sold_out']);
    for (let i = 0; i < 12; i++) ws.addRow([`r${i % 4}`, i, 1.5 * i, i > 6 ? 'yes' : 'no']);
    const path = join(dir, 'report.xlsx');
    await wb.xlsx.writeFile(path);
    const notes: string[] = [];
    const df = await readXlsx(path, { notes });
    assert.deepEqual(df.columns, ['region', 'units', 'price', 'sold_out']);
    assert.deepEqual(
      Array.from(df.numeric('units')),
      Array.from({ length: 12 }, (_, i) => i),
    );
    assert.match(
      notes[0]!,
      /the first 2 row\(s\) \("Quarterly sales report", "Generated 2024-05-01"\) are not part of the table/,
    );
    assert.deepEqual((await readXlsx(path, { skipRows: 1 })).columns, [
      'Generated',
      '2024-05-01',
      'col2',
      'col3',
    ]);
  });
});

describe('readJsonl', () => {
  it('reads objects, skips blank lines, flattens nested objects to dotted columns', async () => {
    const df = await readJsonl(`${FIX}/small.jsonl`);
    assert.deepEqual(df.columns, ['text', 'label', 'extra.k']);
    assert.deepEqual(df.column('text'), ['good movie', 'bad', 'ok']);
    assert.deepEqual(Array.from(df.numeric('label')), [1, 0, 1]);
    assert.deepEqual(Array.from(df.numeric('extra.k')), [NaN, 1, NaN]);
  });
  it('names the line of invalid JSON', async () => {
    await assert.rejects(readJsonl(`${FIX}/bad.jsonl`), /bad\.jsonl, line 2: not valid JSON/);
  });
  it('dates as spreadsheets write them (31.01.2021, 1/31/2021) are dates, the order decided on the whole column', async () => {
    // Read cell by cell month first, 02.01.2021 was 1 February and 13.01.2021 no date: the column was an id.
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-json-dates-'));
    const days = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2021, 0, 1 + i)));
    const p = (n: number): string => String(n).padStart(2, '0');
    const dotted = (d: Date): string =>
      `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
    const lines = days.map((d, i) =>
      JSON.stringify({
        Datum: dotted(d),
        us: `${d.getUTCMonth() + 1}/${d.getUTCDate()}/2021`,
        code: `A${i}`,
        v: i % 7,
      }),
    );
    writeFileSync(join(dir, 'd.jsonl'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'd.json'), `[${lines.join(',')}]`);
    for (const df of [await readJsonl(join(dir, 'd.jsonl')), await readJson(join(dir, 'd.json'))]) {
      assert.deepEqual(
        (df.column('Datum') as Date[]).map((d) => d.getTime()),
        days.map((d) => d.getTime()),
      );
      assert.deepEqual((df.column('us') as Date[])[35], days[35]);
      assert.equal(df.dtype('code'), 'string', 'other text stays text');
    }
    // Two days that fit both orders, read as the model's training file was (dayFirst), and reported.
    writeFileSync(join(dir, 'two.jsonl'), '{"t": "01/12/2026 10:00"}\n{"t": "02/12/2026 10:00"}\n');
    writeFileSync(join(dir, 'two.json'), '[{"t": "01/12/2026 10:00"}, {"t": "02/12/2026 10:00"}]');
    for (const read of [readJsonl, (f: string, d: object) => readJson(f, undefined, d)]) {
      const orders: Record<string, DateOrder> = {};
      const f = join(dir, read === readJsonl ? 'two.jsonl' : 'two.json');
      const two = await read(f, { dayFirst: true, dateOrders: orders });
      assert.equal((two.column('t') as Date[])[1]!.toISOString(), '2026-12-02T10:00:00.000Z');
      assert.deepEqual(orders, { t: 'dmy' });
      assert.equal(((await read(f, {})).column('t') as Date[])[1]!.toISOString(), '2026-02-12T10:00:00.000Z');
    }
    // A column mixing numbers, booleans and text is text (it crashed the date check).
    writeFileSync(join(dir, 'mixed.jsonl'), '{"a": 1, "b": "01.02.2021"}\n{"a": "high", "b": true}\n');
    const mixed = await readJsonl(join(dir, 'mixed.jsonl'));
    assert.deepEqual(mixed.column('a'), ['1', 'high']);
    assert.deepEqual(mixed.column('b'), ['01.02.2021', 'true']);
    const inf = inferRoles((await readJsonl(join(dir, 'd.jsonl'))).select(['Datum', 'v']), {
      label: 'v',
      task: 'forecasting',
    });
    assert.equal(inf.frequency?.name, 'daily');
  });
});

describe('readJson', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-json-'));
  const write = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  // One table in the layouts pandas' to_json and JavaScript's JSON.stringify write.
  const want = { a: [1, 2.5, null], b: ['x', 'y', 'z'], nested: ['["k"]', null, '[1,2]'] };
  const rows = [
    { a: 1, b: 'x', nested: ['k'] },
    { a: 2.5, b: 'y' },
    { a: null, b: 'z', nested: [1, 2] },
  ];
  const check = async (name: string, text: string) => {
    const df = await readJson(write(name, text));
    assert.deepEqual(df.columns, ['a', 'b', 'nested'], name);
    assert.deepEqual(Array.from(df.numeric('a')), [1, 2.5, NaN], name);
    assert.deepEqual(df.column('b'), want.b, name);
    assert.deepEqual(df.column('nested'), want.nested, name);
  };
  it('reads records, columns (lists or pandas index maps), split, and JSON Lines named .json', async () => {
    await check('records.json', JSON.stringify(rows, null, 2));
    await check('lists.json', JSON.stringify({ a: want.a, b: want.b, nested: [['k'], null, [1, 2]] }));
    await check(
      'pandas-columns.json',
      JSON.stringify({
        a: { 0: 1, 1: 2.5, 2: null },
        b: { 0: 'x', 1: 'y', 2: 'z' },
        nested: { 0: ['k'], 2: [1, 2] },
      }),
    );
    await check(
      'split.json',
      JSON.stringify({
        columns: ['a', 'b', 'nested'],
        index: [0, 1, 2],
        data: [
          [1, 'x', ['k']],
          [2.5, 'y', null],
          [null, 'z', [1, 2]],
        ],
      }),
    );
    await check('lines.json', rows.map((r) => JSON.stringify(r)).join('\n'));
    // pandas' orient='index' (row key → row), more rows than columns: before, one row of 4 columns.
    const byKey = { r0: rows[0], r1: rows[1], r2: rows[2], r3: { a: 4, b: 'w' } };
    const said: string[] = [];
    const idx = await readJson(write('index.json', JSON.stringify(byKey)), said);
    assert.deepEqual(idx.columns, ['index', 'a', 'b', 'nested']);
    assert.deepEqual(idx.column('index'), ['r0', 'r1', 'r2', 'r3']);
    assert.deepEqual(idx.column('b'), [...want.b, 'w']);
    assert.deepEqual(said, [
      "the rows are the 4 objects under their keys (pandas' orient='index'), the keys in column 'index'",
    ]);
    // An API response: the rows under "data" beside "meta" (before: one row with columns data, meta.n).
    const notes: string[] = [];
    const df = await readJson(write('api.json', JSON.stringify({ data: rows, meta: { n: 3 } })), notes);
    assert.deepEqual(df.column('b'), want.b);
    assert.deepEqual(notes, ['the rows are the 3 objects under "data" ("meta" left out)']);
    await assert.rejects(
      readJson(write('two.json', JSON.stringify({ users: rows, orders: rows }))),
      /holds several arrays of rows \("users": 3, "orders": 3\)/,
    );
  });
  it("row objects' nested objects become dotted columns, as pandas' json_normalize; arrays stay JSON text", async () => {
    const events = [
      { id: 1, user: { age: 30, geo: { country: 'DE' } }, tags: ['a'], meta: {} },
      { id: 2, user: { age: 41 }, tags: [] },
    ];
    for (const [name, text] of [
      ['events.json', JSON.stringify(events)],
      ['events.jsonl', events.map((e) => JSON.stringify(e)).join('\n')],
    ] as const) {
      const df = name.endsWith('l') ? await readJsonl(write(name, text)) : await readJson(write(name, text));
      assert.deepEqual(df.columns, ['id', 'user.age', 'user.geo.country', 'tags', 'meta'], name);
      assert.deepEqual(Array.from(df.numeric('user.age')), [30, 41], name);
      assert.deepEqual(df.column('user.geo.country'), ['DE', null], name);
      assert.deepEqual(df.column('tags'), ['["a"]', '[]'], name);
      assert.deepEqual(df.column('meta'), ['{}', null], name);
    }
    // New rows for `seqlab predict` (a file or stdin of JSON lines) are flattened the same way.
    const input = await readPredictInput(
      write('new-rows.txt', events.map((e) => JSON.stringify(e)).join('\n')),
      {} as PipelineInfo,
    );
    assert.deepEqual(input.columns, ['id', 'user.age', 'user.geo.country', 'tags', 'meta']);
  });
  it('a column mixing JSON numbers and strings is typed as the CSV reader types its text, and said', async () => {
    // vega-datasets' movies.json: Title holds 1776 and 300 among names; a count written "12" or "n/a".
    const films = [
      { Title: 'Up', Gross: 12, Rated: true },
      { Title: 1776, Gross: '7', Rated: 'false' },
      { Title: null, Gross: null, Rated: false },
      { Title: 300, Gross: 31.5, Rated: null },
    ];
    for (const [name, text] of [
      ['films.json', JSON.stringify(films)],
      ['films.jsonl', films.map((f) => JSON.stringify(f)).join('\n')],
    ] as const) {
      const notes: string[] = [];
      const df = name.endsWith('l')
        ? await readJsonl(write(name, text), {}, notes)
        : await readJson(write(name, text), notes);
      assert.deepEqual(df.column('Title'), ['Up', '1776', null, '300'], name);
      assert.deepEqual(Array.from(df.numeric('Gross')), [12, 7, NaN, 31.5], name);
      assert.deepEqual(df.column('Rated'), [true, false, false, null], name);
      assert.ok(
        notes.some((n) => /column 'Title' mixes 2 number\(s\) with text: read as text/.test(n)),
        `${name}: ${notes.join(' | ')}`,
      );
    }
    // New rows for `seqlab predict` as JSON lines (stdin, or a file not named .jsonl): typed the same way.
    const rows = await readPredictInput(
      write('films.txt', films.map((f) => JSON.stringify(f)).join('\n')),
      {} as PipelineInfo,
    );
    assert.deepEqual(rows.column('Title'), ['Up', '1776', null, '300']);
  });

  it('bad documents are named: line and column, uneven columns, a row that is not an object, GeoJSON', async () => {
    await assert.rejects(
      readJson(write('bad.json', '[\n  {"a": 1},\n  {"a": }\n]')),
      /bad\.json, line 3, column 9: not valid JSON/,
    );
    await assert.rejects(
      readJson(write('uneven.json', '{"a": [1, 2], "b": [1]}')),
      /column "b" has 1 values where "a" has 2/,
    );
    await assert.rejects(readJson(write('mixed.json', '[{"a": 1}, 2]')), /element 2 of the array is 2/);
    await assert.rejects(readJson(write('empty.json', '[]')), /the JSON array is empty/);
    await assert.rejects(
      readJson(write('geo.json', '{"type": "FeatureCollection", "features": []}')),
      /a GeoJSON document holds shapes, not rows/,
    );
  });
});

describe("fastText's __label__ format", () => {
  const text = [
    '__label__2 Great CD: My lovely Pat has one of the great voices',
    '',
    '__label__1  Buyer beware: this is a self-published book',
    '__label__2 Glorious story:',
  ].join('\n');

  it('reads the label word and the rest of the line, bz2-compressed or plain, whatever the name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-ft-'));
    const path = join(dir, 'train.ft.txt');
    writeFileSync(path, `${text}\n`);
    const notes: string[] = [];
    const df = await readTable(path, { notes });
    assert.deepEqual(df.columns, ['label', 'text']);
    assert.deepEqual(df.column('label'), ['2', '1', '2']);
    assert.deepEqual(df.column('text'), [
      'Great CD: My lovely Pat has one of the great voices',
      'Buyer beware: this is a self-published book',
      'Glorious story:',
    ]);
    assert.match(notes.join('\n'), /fastText's format/);
    // The labels "1" and "2" are classes, not dates (JavaScript's Date reads "1" as January 2001).
    const inf = inferRoles(df, {});
    assert.equal(inf.task, 'binary');
    assert.equal(inf.label, 'label');
  });

  it('a predict input in the same format keeps its labels, so the metrics can be computed', async () => {
    const info = { input: 'text', textColumn: 'text' } as PipelineInfo;
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-ft-'));
    const path = join(dir, 'test.txt');
    writeFileSync(path, text);
    const df = await readPredictInput(path, info);
    assert.deepEqual(df.column('label'), ['2', '1', '2']);
    assert.equal(df.column('text')[1], 'Buyer beware: this is a self-published book');
  });

  it('a line without a label is named; lines with several (multi-label tagging) give lists of labels', () => {
    assert.throws(
      () => parseFastText(['__label__a x', 'no label here'], 'f.txt'),
      /f\.txt, line 2: no __label__ word at the start/,
    );
    const f = parseFastText(['__label__a x', '__label__b __label__c y', '__label__d __label__a z'], 'f.txt');
    assert.deepEqual(f.column('label'), ['["a"]', '["b","c"]', '["d","a"]']);
    assert.deepEqual(f.column('text'), ['x', 'y', 'z']);
  });
});

describe('readTextFolder', () => {
  it('reads folder-per-class in natural file order', async () => {
    const r = await readTextFolder(`${FIX}/folder`, { classNames: ['neg', 'pos'] });
    assert.deepEqual(r.classNames, ['neg', 'pos']);
    assert.deepEqual(r.files, ['neg/2_3.txt', 'neg/10_1.txt', 'pos/1_9.txt']);
    assert.deepEqual(Array.from(r.labels), [0, 0, 1]);
    assert.equal(r.texts[2], 'Great movie!');
    const all = await readTextFolder(`${FIX}/folder`);
    assert.deepEqual(all.classNames, ['neg', 'pos', 'unsup']);
    await assert.rejects(readTextFolder(`${FIX}/folder`, { classNames: ['x'] }), /no class folder "x"/);
  });
});

describe('a folder of texts (readTable)', () => {
  it("class folders of files, as Keras's text_dataset_from_directory reads them: any extension, hidden files left out", async () => {
    const root = mkdtempSync(join(tmpdir(), 'seqlab-news-'));
    for (const c of ['sci.space', 'rec.autos']) mkdirSync(join(root, c));
    writeFileSync(join(root, 'sci.space', '60804'), 'The shuttle launch slipped a week.');
    writeFileSync(join(root, 'sci.space', '60805'), Buffer.from('Caf\xe9 talk on orbits.', 'latin1'));
    writeFileSync(join(root, 'sci.space', '.DS_Store'), 'x');
    writeFileSync(join(root, 'sci.space', 'LICENSE.txt'), 'Creative Commons');
    writeFileSync(join(root, 'rec.autos', '101.txt'), 'My engine stalls in the cold.');
    writeFileSync(join(root, 'README'), 'not a class');
    const notes: string[] = [];
    const df = await readTable(root, { notes });
    assert.deepEqual(df.column('label'), ['rec.autos', 'sci.space', 'sci.space']);
    assert.deepEqual(df.column('text'), [
      'My engine stalls in the cold.',
      'The shuttle launch slipped a week.',
      'Café talk on orbits.',
    ]);
    assert.match(
      notes.join(' '),
      /a folder of class folders .* \(rec\.autos 1, sci\.space 2\); sci\.space\/LICENSE\.txt left out/,
    );
    const info = { input: 'text', textColumn: 'text' } as PipelineInfo;
    assert.deepEqual((await readPredictInput(root, info)).column('label'), df.column('label'));
    // seqlab init on the folder: a text task, and a config that reads the folder again.
    const { inference, init } = await configFromData(root);
    assert.deepEqual([inference.dataType, inference.text, inference.label], ['text', 'text', 'label']);
    assert.equal((init.config as { data: { header?: boolean } }).data.header, undefined);
  });

  it('one file per class, a text per line: the class is what the names do not share', async () => {
    const mr = mkdtempSync(join(tmpdir(), 'seqlab-mr-'));
    writeFileSync(join(mr, 'rt-polarity.pos'), 'a gripping film .\nwarm and funny .\n');
    writeFileSync(join(mr, 'rt-polarity.neg'), 'a dull mess .\n\nflat .\n');
    const df = await readTable(mr);
    assert.deepEqual(df.column('label'), ['neg', 'neg', 'neg', 'pos', 'pos']);
    assert.deepEqual(df.column('text'), [
      'a dull mess .',
      '',
      'flat .',
      'a gripping film .',
      'warm and funny .',
    ]);
    const ws = mkdtempSync(join(tmpdir(), 'seqlab-ws-'));
    writeFileSync(join(ws, 'neg.txt'), 'แย่มาก\n');
    writeFileSync(join(ws, 'neu.txt'), 'ก็โอเค\n');
    assert.deepEqual((await readTable(ws)).column('label'), ['neg', 'neu']);
    const one = mkdtempSync(join(tmpdir(), 'seqlab-one-'));
    writeFileSync(join(one, 'all.txt'), 'x\n');
    await assert.rejects(readTable(one), /expected one sub-folder per class .* found one file, all\.txt/);
    // A folder of tables is no corpus (its lines were texts of classes 'train' and 'test').
    const tabs = mkdtempSync(join(tmpdir(), 'seqlab-tabs-'));
    writeFileSync(join(tabs, 'train.csv'), 'x,y\n1,2\n');
    writeFileSync(join(tabs, 'test.csv'), 'x,y\n3,4\n');
    await assert.rejects(
      readTable(tabs),
      /holds tables \(test\.csv, train\.csv\); give one file, and a test file with --test \(seqlab init .*train\.csv --test .*test\.csv\)/,
    );
    // One table per class (ISOT's Fake.csv and True.csv): rows joined, the file's name the label.
    const isot = mkdtempSync(join(tmpdir(), 'seqlab-isot-'));
    writeFileSync(join(isot, 'Fake.csv'), 'title,text\nA,shocking secret exposed\nB,you will not believe\n');
    writeFileSync(join(isot, 'True.csv'), 'title,text\nC,"WASHINGTON (Reuters) - the minister said"\n');
    const notes: string[] = [];
    const both = await readTable(isot, { notes });
    assert.deepEqual(both.columns, ['title', 'text', 'label']);
    assert.deepEqual(both.column('title'), ['A', 'B', 'C']);
    assert.deepEqual(both.column('label'), ['Fake', 'Fake', 'True']);
    assert.equal(
      notes.filter((n) => /one table per class \(Fake\.csv, True\.csv\).*\(Fake 2, True 1\)/.test(n)).length,
      1,
    );
    assert.equal(new Set(notes).size, notes.length, 'what is said of each table is said once');
    writeFileSync(join(isot, 'True.csv'), 'headline,text\nC,the minister said\n');
    await assert.rejects(
      readTable(isot),
      /the same columns in each; Fake\.csv has title, text, True\.csv has headline, text/,
    );
    writeFileSync(join(isot, 'Fake.csv'), 'text,label\nshocking,1\n');
    writeFileSync(join(isot, 'True.csv'), 'text,label\nsaid,0\n');
    await assert.rejects(readTable(isot), /Fake\.csv has a 'label' column of its own/);
  });
});

describe('zip archives (Kaggle downloads)', () => {
  it('a zip of one file reads as the file; a file in one by its path; several files name the one to read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-zip-'));
    const train = 'PassengerId,Survived,Sex\n1,0,male\n2,1,female\n3,1,female\n';
    const test = 'PassengerId,Sex\n4,male\n';
    writeFileSync(join(dir, 'train.csv'), train);
    writeFileSync(
      join(dir, 'one.zip'),
      storedZip([
        ['data/train.csv', Buffer.from(train)],
        ['__MACOSX/data/._train.csv', Buffer.from('resource fork')],
      ]),
    );
    const notes: string[] = [];
    const zipped = await readTable(join(dir, 'one.zip'), { notes });
    const plain = await readTable(join(dir, 'train.csv'));
    assert.deepEqual(zipped.columns, plain.columns);
    assert.deepEqual(zipped.column('Sex'), plain.column('Sex'));
    assert.ok(
      notes.some((n) => /^train\.csv read from the zip archive .*one\.zip$/.test(n)),
      notes.join('\n'),
    );
    writeFileSync(
      join(dir, 'titanic.zip'),
      storedZip([
        ['train.csv', Buffer.from(train)],
        ['test.csv', Buffer.from(test)],
        ['gender_submission.csv', Buffer.from('PassengerId,Survived\n4,0\n')],
      ]),
    );
    await assert.rejects(
      readTable(join(dir, 'titanic.zip')),
      /holds 3 files \(train\.csv, test\.csv, gender_submission\.csv\); name the one to read, as in seqlab init .*titanic\.zip\/train\.csv --test .*titanic\.zip\/test\.csv/,
    );
    assert.deepEqual((await readTable(join(dir, 'titanic.zip', 'test.csv'))).columns, ['PassengerId', 'Sex']);
    await assert.rejects(
      readTable(join(dir, 'titanic.zip', 'valid.csv')),
      /no file valid\.csv in it; it holds train\.csv, test\.csv/,
    );
    // predict reads one the same way.
    const info = { input: 'table', task: 'binary' } as PipelineInfo;
    assert.equal((await readPredictInput(join(dir, 'titanic.zip', 'test.csv'), info)).nRows, 1);
    // init reads the member and writes the archive's path in the config.
    const { init } = await configFromData(join(dir, 'titanic.zip', 'train.csv'));
    // Files that are no text table say what they are and what to do, instead of "malformed CSV".
    writeFileSync(
      join(dir, 'old.xls'),
      Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512, 7)]),
    );
    await assert.rejects(
      readTable(join(dir, 'old.xls')),
      /an Excel 97–2003 workbook \(\.xls.*save it as \.xlsx or CSV/,
    );
    await assert.rejects(readPredictInput(join(dir, 'old.xls'), info), /an Excel 97–2003 workbook/);
    // A workbook named as one reads, in predict too, and so does a macro-enabled one (.xlsm).
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('s').addRows([
      ['PassengerId', 'Sex'],
      [4, 'male'],
    ]);
    await wb.xlsx.writeFile(join(dir, 'new.xlsx'));
    await wb.xlsx.writeFile(join(dir, 'new.xlsm'));
    for (const f of ['new.xlsx', 'new.xlsm'])
      assert.deepEqual((await readPredictInput(join(dir, f), info)).column('Sex'), ['male'], f);
    writeFileSync(join(dir, 'data'), storedZip([['a.csv', Buffer.from('x\n1\n')]]));
    await assert.rejects(readTable(join(dir, 'data')), /a zip archive: name it \.zip/);
    writeFileSync(join(dir, 'model.pkl'), Buffer.from([0x80, 4, 0x95, 0, 0, 1, 0, 0, 0x7d, 0x94]));
    await assert.rejects(readTable(join(dir, 'model.pkl')), /binary data, not text/);
    assert.equal(init.config.data?.source, join(dir, 'titanic.zip', 'train.csv'));
    assert.equal(init.config.data?.label, 'Survived');
    assert.equal(init.config.name, 'titanic-train');
  });
});

describe('scikit-learn CSV format', { skip: !existsSync(SHARED) && `${SHARED} absent` }, () => {
  it('loads breast cancer with class names', async () => {
    const d = await loadBreastCancer({ path: SHARED });
    assert.deepEqual(d.x.shape, [569, 30]);
    assert.deepEqual(d.targetNames, ['malignant', 'benign']);
    assert.equal(d.y.filter((v) => v === 0).length, 212);
    assert.equal(d.featureNames[0], 'mean radius');
    const iris = await readSklearnCsv(`${SHARED}/iris.csv`);
    assert.deepEqual(iris.x.shape, [150, 4]);
    await assert.rejects(
      readSklearnCsv(`${SHARED}/airline-passengers.csv`),
      /expected scikit-learn's count line/,
    );
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { readXlsx } from '../../../src/data/io/xlsx.js';
import { readJsonl } from '../../../src/data/io/jsonl.js';
import { readTextFolder } from '../../../src/data/io/text-folder.js';
import { readSklearnCsv } from '../../../src/data/io/sklearn-csv.js';
import { loadBreastCancer } from '../../../src/data/datasets/sklearn.js';

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
});

describe('readJsonl', () => {
  it('reads objects, skips blank lines, keeps nested as JSON', async () => {
    const df = await readJsonl(`${FIX}/small.jsonl`);
    assert.deepEqual(df.column('text'), ['good movie', 'bad', 'ok']);
    assert.deepEqual(Array.from(df.numeric('label')), [1, 0, 1]);
    assert.deepEqual(df.column('extra'), [null, '{"k":1}', null]);
  });
  it('names the line of invalid JSON', async () => {
    await assert.rejects(readJsonl(`${FIX}/bad.jsonl`), /bad\.jsonl, line 2: not valid JSON/);
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

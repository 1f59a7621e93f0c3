import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { configFromData } from '../../src/experiments/from-data.js';
import { validateConfig } from '../../src/experiments/config.js';
import { loadExperimentData, readTable } from '../../src/experiments/data.js';
import { seededRng } from '../helpers/rng.js';

describe('readTable / configFromData on XLSX sheets', () => {
  it('reads the named sheet, and init writes data.sheet so the run reads the same one', async () => {
    const rng = seededRng();
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-xlsx-'));
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('notes').addRow(['written by hand']);
    const ws = wb.addWorksheet('data');
    ws.addRow(['x', 'kind', 'label']);
    const xs = Array.from(rng.doubles(40, 0, 10));
    xs.forEach((x, i) => ws.addRow([x, ['a', 'b'][i % 2], i % 3 === 0 ? 'yes' : 'no']));
    const path = join(dir, 'book.xlsx');
    await wb.xlsx.writeFile(path);
    const f = await readTable(path, { sheet: 'data' });
    assert.deepEqual(f.columns, ['x', 'kind', 'label']);
    assert.deepEqual(Array.from(f.numeric('x')), xs, `seed ${rng.seed}`);
    const { init } = await configFromData(path, { sheet: 'data' });
    const cfg = validateConfig(init.config);
    assert.equal(cfg.data.sheet, 'data');
    assert.deepEqual(cfg.data.categorical, ['kind']);
    const loaded = await loadExperimentData(cfg);
    assert.equal(loaded.frame.nRows, 40);
    await assert.rejects(
      readTable(path, { sheet: 'nope' }),
      /no worksheet "nope"; the sheets are "notes", "data"/,
    );
  });
});

describe('configFromData on a CSV with a units row', () => {
  it('init writes data.unitsRow, and the run reads the measurements as numbers', async () => {
    const rng = seededRng();
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-units-'));
    const temps = Array.from(rng.doubles(40, 10, 30));
    const rows = temps.map((t, i) => `${t.toFixed(3)},${i % 4},${t > 20 ? 'hot' : 'cold'}`);
    const path = join(dir, 'log.csv');
    writeFileSync(path, `temp,level,label\n°C,m,\n${rows.join('\n')}\n`);
    const { init } = await configFromData(path, {});
    const cfg = validateConfig(init.config);
    assert.equal(cfg.data.unitsRow, true);
    assert.deepEqual(cfg.data.features, ['temp', 'level'], 'numbers, not categories');
    const loaded = await loadExperimentData(cfg);
    assert.deepEqual(
      Array.from(loaded.frame.numeric('temp')),
      temps.map((t) => Number(t.toFixed(3))),
      `seed ${rng.seed}`,
    );
  });
});

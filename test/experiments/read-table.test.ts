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

describe('a finance export (Yahoo): dividend dates without values, and the day quote after the last month', () => {
  it('are left out and said, so the months are a monthly index init reads as one', async () => {
    const rng = seededRng();
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-yahoo-'));
    const months = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2000, i, 1)));
    const iso = (d: Date): string => d.toISOString().slice(0, 10);
    const rows: string[] = [];
    let dividends = 0;
    for (const m of months) {
      rows.push(`${iso(m)},${(10 + rng.uniform()).toFixed(3)},${(50 + rng.uniform()).toFixed(3)}`);
      // A dividend some months, dated a few days into the month: only the date filled.
      if (rng.uniform() < 0.3) {
        rows.push(`${iso(new Date(m.getTime() + rng.int(2, 20) * 86_400_000))},,`);
        dividends++;
      }
    }
    // The day's quote repeats the last month's prices (not a dividend row's empty cells).
    const lastMonth = rows.filter((r) => !r.endsWith(',,')).at(-1)!;
    rows.push(
      `${iso(new Date(months.at(-1)!.getTime() + 27 * 86_400_000))},${lastMonth.split(',').slice(1).join(',')}`,
    );
    const path = join(dir, 'prices.csv');
    writeFileSync(path, `# Data source: a finance site\nDate,IBM,AAPL\n${rows.join('\n')}\n`);
    const notes: string[] = [];
    const f = await readTable(path, { notes });
    assert.equal(f.nRows, 40, `seed ${rng.seed}, ${dividends} dividends`);
    assert.ok(
      notes.some((n) => n.startsWith(`${dividends} row(s) hold a date and no value`)) || dividends === 0,
      notes.join('\n'),
    );
    assert.ok(
      notes.some((n) => /the last row \(\d{4}-\d\d-\d\d\) falls inside the monthly step after/.test(n)),
      notes.join('\n'),
    );
    // predict answers every row it is given: nothing left out there.
    assert.equal((await readTable(path, { everyRow: true })).nRows, 40 + dividends + 1);
    const { inference } = await configFromData(path, { label: 'AAPL' });
    assert.deepEqual(
      [inference.task, inference.frequency?.name],
      ['forecasting', 'monthly'],
      `seed ${rng.seed}`,
    );
  });
});

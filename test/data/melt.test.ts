/** Series written across (World Bank, Eurostat) or down (a column per series): found, read in long form, and a panel to forecast. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Frame } from '../../src/data/frame.js';
import { layoutOfRows } from '../../src/data/io/sniff.js';
import {
  applyMelt,
  columnSeries,
  meltColumns,
  meltWide,
  meltYearGrid,
  wideSeries,
  yearGrid,
} from '../../src/data/melt.js';
import { parseTime } from '../../src/data/time.js';
import { validateConfig } from '../../src/experiments/config.js';
import { loadExperimentData } from '../../src/experiments/data.js';
import { configFromData } from '../../src/experiments/from-data.js';
import { seqlab } from '../e2e/helpers.js';
import { seededRng } from '../helpers/rng.js';

test('names that end in a number are not dates ("Store 5" was May 2001); dates with month names still are', () => {
  for (const s of ['Store 5', 'Country 0', 'Line 7', 'Product 12']) assert.equal(parseTime(s), null, s);
  // Numbers written as text (labels "1"/"2" in JSON, codes) were January and February 2001.
  for (const s of ['1', '2', '12', '0', '199', '1.5', '-3', '.5']) assert.equal(parseTime(s), null, s);
  assert.equal(parseTime('2020')?.toISOString(), '2020-01-01T00:00:00.000Z');
  assert.equal(parseTime('1 March 2020')?.toISOString(), '2020-03-01T00:00:00.000Z');
  assert.equal(parseTime('Tue May 01 2001')?.toISOString(), '2001-05-01T00:00:00.000Z');
  // Twitter's created_at (sentiment140): a US zone name.
  assert.equal(parseTime('Mon Apr 06 22:19:45 PDT 2009')?.toISOString(), '2009-04-07T05:19:45.000Z');
  assert.equal(parseTime('1/31/2021 1:45 PM')?.toISOString(), '2021-01-31T13:45:00.000Z');
});

test('dates as Chinese, Japanese and Korean spreadsheets write them (2022年1月1日, 2019年1月, 2022년 1월 1일)', () => {
  const rng = seededRng();
  // A drawn day, written each way, against the day itself.
  const day = new Date(Date.UTC(1990, 0, 1) + rng.int(0, 15000) * 86_400_000);
  const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
  const iso = day.toISOString();
  const msg = `seed ${rng.seed}: ${iso}`;
  for (const s of [
    `${y}年${m}月${d}日`,
    `${y}年${String(m).padStart(2, '0')}月${d}号`,
    `${y}년 ${m}월 ${d}일`,
  ])
    assert.equal(parseTime(s)?.toISOString(), iso, `${s}, ${msg}`);
  assert.equal(parseTime(`${y}年${m}月`)?.toISOString(), new Date(Date.UTC(y, m - 1, 1)).toISOString(), msg);
  assert.equal(
    parseTime(`${y}年${m}月${d}日 13:05`)?.toISOString(),
    new Date(day.getTime() + 47_100_000).toISOString(),
    msg,
  );
  for (const bad of ['2022年13月1日', '2022年2月30日', '2022年1月1日 25:00', '第2022年'])
    assert.equal(parseTime(bad), null, bad);
});

test('months and weeks as statistics offices and spreadsheets write them', () => {
  const iso = (v: unknown): string | null => parseTime(v)?.toISOString().slice(0, 10) ?? null;
  // Eurostat and the IMF; month/year; Excel's mmm-yy, which Date read as a day of 2001.
  for (const [s, want] of [
    ['2020M01', '2020-01-01'],
    ['2020-M11', '2020-11-01'],
    ['03/2020', '2020-03-01'],
    ['Jan-20', '2020-01-01'],
    ['Sept-19', '2019-09-01'],
    ['Dec-29', '2029-12-01'],
    ['Jan-49', '1949-01-01'], // Excel's two-digit years: 30–99 are the 1900s
    ['2020-W05', '2020-01-27'], // ISO weeks: that week's Monday
    ['2021W01', '2021-01-04'],
    ['2020-W53', '2020-12-28'],
  ])
    assert.equal(iso(s), want, s);
  // A week 53 the year does not have, month 13, a word that is no month: none.
  for (const s of ['2021-W53', '2020M13', '13/2020', 'Foo-20']) assert.equal(iso(s), null, s);
  // YYYYMM and YYYYMMDD integers; a month or day that does not exist is none.
  assert.deepEqual(
    [iso(202011), iso(20200229), iso(20190229), iso(202013)],
    ['2020-11-01', '2020-02-29', null, null],
  );
});

test('a header of years in order is a header (it was read as a first data row)', () => {
  const years = Array.from({ length: 10 }, (_, i) => String(2000 + i));
  const rows = [
    ['country', ...years],
    ...['a', 'b', 'c'].map((c) => [c, ...years.map((_, i) => String(i * 1.5))]),
  ];
  const layout = layoutOfRows(rows, ',');
  assert.equal(layout.header, true);
  assert.match(layout.evidence.join(' '), /names the numeric columns by years in order \(2000 … 2009\)/);
});

test('a table written across is found, melted and forecast as a panel', async () => {
  const rng = seededRng();
  const years = Array.from({ length: 12 }, (_, i) => 2009 + i);
  const countries = ['Aland', 'Borduria', 'Carpania', 'Dalmia'];
  const values = countries.map(() => years.map(() => Math.round(rng.uniform() * 1e4) / 10));
  const f = Frame.fromColumns({
    name: countries,
    code: ['AL', 'BO', 'CA', 'DA'],
    ...Object.fromEntries(years.map((y, i) => [String(y), values.map((v) => v[i]!)])),
  });
  assert.deepEqual(wideSeries(f), { id: 'name', times: years.map(String) });
  const long = meltWide(f, 'name', 'x.csv');
  assert.deepEqual(long.columns, ['name', 'time', 'value']);
  assert.equal(long.nRows, 48);
  assert.equal(long.column('name')[13], 'Borduria');
  assert.equal((long.column('time')[13] as Date).toISOString(), '2010-01-01T00:00:00.000Z');
  assert.equal(long.numeric('value')[13], values[1]![1], `seed ${rng.seed}`);
  // The World Bank's DataBank names its years `2009 [YR2009]`, R's read.csv `X2009`.
  for (const name of [(y: number) => `${y} [YR${y}]`, (y: number) => `X${y}`]) {
    const g = Frame.fromColumns({
      name: countries,
      ...Object.fromEntries(years.map((y, i) => [name(y), values.map((v) => v[i]!)])),
    });
    const long = meltWide(g, wideSeries(g)!.id, 'x.csv');
    assert.equal((long.column('time')[13] as Date).toISOString(), '2010-01-01T00:00:00.000Z');
  }
  // Not across: too few year columns, or no column naming each row once.
  assert.equal(wideSeries(Frame.fromColumns({ name: ['a', 'b'], 2001: [1, 2], 2002: [3, 4] })), undefined);
  assert.throws(() => meltWide(f, 'region', 'x.csv'), /data.melt.id 'region' is not a column/);

  const dir = mkdtempSync(join(tmpdir(), 'seqlab-melt-'));
  const csv = [
    ['"Country Name"', '"Country Code"', ...years.map((y) => `"${y}"`)].join(','),
    ...countries.map((c, i) => [`"${c}"`, `"${f.column('code')[i]}"`, ...values[i]!.map(String)].join(',')),
  ];
  writeFileSync(join(dir, 'gdp.csv'), `${csv.join('\n')}\n`);
  const { init, inference } = await configFromData(join(dir, 'gdp.csv'));
  assert.equal(inference.task, 'forecasting');
  assert.equal(inference.seriesId, 'Country Name');
  const cfg = validateConfig(init.config);
  assert.deepEqual(cfg.data.melt, { id: 'Country Name' });
  const loaded = await loadExperimentData(cfg);
  assert.deepEqual(loaded.frame.columns, ['Country Name', 'time', 'value']);
  assert.equal(loaded.frame.nRows, 48);

  // From the command line: train on the file, then forecast from next year's file, written across too.
  const run = join(dir, 'run');
  const r = seqlab(['train', join(dir, 'gdp.csv'), '--out', run, '--epochs', '1', '-q']);
  assert.equal(r.status, 0, r.stderr);
  const next = [
    [csv[0], '"2021"'].join(','),
    ...countries.map((_, i) => [csv[i + 1], String(Math.round(rng.uniform() * 1e4) / 10)].join(',')),
  ];
  writeFileSync(join(dir, 'gdp-2021.csv'), `${next.join('\n')}\n`);
  const fc = seqlab(['forecast', run, '--data', join(dir, 'gdp-2021.csv')]);
  assert.equal(fc.status, 0, fc.stderr);
  const lines = fc.stdout.trim().split('\n');
  assert.equal(lines[0], 'Country Name,time,forecast,lower_80,upper_80,lower_95,upper_95');
  for (const c of countries)
    assert.match(lines.find((l) => l.startsWith(`${c},`)) ?? '', new RegExp(`^${c},2022-01-01,-?\\d`), c);
});

test('one series written as a year × month grid (NOAA El Niño) is one monthly series, trained and forecast', async () => {
  const rng = seededRng();
  const years = Array.from({ length: 30 }, (_, i) => 1950 + i);
  const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
  // A yearly cycle and noise; the last year's last 3 months not yet measured (empty).
  const sst = years.map(() =>
    months.map(
      (_, m) =>
        Math.round((24 + 2 * Math.sin((2 * Math.PI * m) / 12) + (rng.uniform() - 0.5) * 0.6) * 100) / 100,
    ),
  );
  const rows = years.map((y, i) => [y, ...sst[i]!.map((v, m) => (i === 29 && m >= 9 ? '' : String(v)))]);
  const f = Frame.fromColumns({
    YEAR: years,
    ...Object.fromEntries(months.map((m, k) => [m, sst.map((r, i) => (i === 29 && k >= 9 ? NaN : r[k]!))])),
    ANNUAL: sst.map((r) => r.reduce((a, b) => a + b) / 12),
  });
  assert.deepEqual(yearGrid(f), { year: 'YEAR', unit: 'month', columns: months, others: ['ANNUAL'] });
  const long = meltYearGrid(f, 'YEAR', 'x.csv');
  assert.deepEqual(long.columns, ['time', 'value']);
  assert.equal(long.nRows, 30 * 12 - 3, 'the months still to come are left out');
  assert.equal((long.column('time')[13] as Date).toISOString(), '1951-02-01T00:00:00.000Z');
  assert.equal(long.numeric('value')[13], sst[1]![1], `seed ${rng.seed}`);
  // Quarters Q1 … Q4 and month names written out, in any column order.
  const q = Frame.fromColumns({ Q3: [3, 7], Year: [2000, 2001], Q1: [1, 5], Q2: [2, 6], Q4: [4, 8] });
  assert.deepEqual(Array.from(meltYearGrid(q, 'Year', 'q.csv').numeric('value')), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(
    (meltYearGrid(q, 'Year', 'q.csv').column('time')[2] as Date).toISOString().slice(0, 10),
    '2000-07-01',
  );
  // Not a grid: 11 months, or years out of order.
  assert.equal(
    yearGrid(
      Frame.fromColumns({
        YEAR: [1, 2].map((i) => 2000 + i),
        ...Object.fromEntries(months.slice(1).map((m) => [m, [1, 2]])),
      }),
    ),
    undefined,
  );
  assert.equal(
    yearGrid(
      Frame.fromColumns({ YEAR: [2001, 2000], ...Object.fromEntries(months.map((m) => [m, [1, 2]])) }),
    ),
    undefined,
  );
  assert.throws(
    () => applyMelt(q, { year: 'Q1' }, 'q.csv'),
    /data.melt.year 'Q1' needs a column of whole years/,
  );

  const dir = mkdtempSync(join(tmpdir(), 'seqlab-grid-'));
  const header = ['YEAR', ...months, 'ANNUAL'].join(',');
  const lines = rows.map((r, i) => [...r, f.numeric('ANNUAL')[i]!.toFixed(2)].join(','));
  writeFileSync(join(dir, 'elnino.csv'), `${header}\n${lines.join('\n')}\n`);
  const { init, inference } = await configFromData(join(dir, 'elnino.csv'));
  assert.deepEqual(
    [inference.task, inference.frequency?.name, inference.seriesId],
    ['forecasting', 'monthly', undefined],
  );
  assert.deepEqual(validateConfig(init.config).data.melt, { year: 'YEAR' });
  // --label naming the month columns (what the old error advised) reads the grid the same way.
  assert.deepEqual(
    (await configFromData(join(dir, 'elnino.csv'), { label: 'JAN,FEB,MAR' })).init.config.data.melt,
    { year: 'YEAR' },
  );
  const run = join(dir, 'run');
  const r = seqlab(['train', join(dir, 'elnino.csv'), '--out', run, '--epochs', '1', '--horizon', '3', '-q']);
  assert.equal(r.status, 0, r.stderr);
  // The newer file in the same grid: forecasts follow its last measured month.
  const newer = [
    header,
    ...lines.slice(0, 20),
    [years[20], ...sst[20]!.slice(0, 5), '', '', '', '', '', '', '', ''].join(','),
  ];
  writeFileSync(join(dir, 'elnino-1970.csv'), `${newer.join('\n')}\n`);
  const fc = seqlab(['forecast', run, '--data', join(dir, 'elnino-1970.csv')]);
  assert.equal(fc.status, 0, fc.stderr);
  assert.deepEqual(
    fc.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]),
    ['1970-06-01', '1970-07-01', '1970-08-01'],
  );
});

test('a table written down (a column per series: MT_001 …) is found, melted and forecast as a panel', async () => {
  const rng = seededRng();
  const T = 200;
  const K = 4;
  const start = Date.UTC(2014, 0, 1);
  const stamp = (t: number): string =>
    new Date(start + 3_600_000 * t).toISOString().slice(0, 19).replace('T', ' ');
  const names = Array.from({ length: K }, (_, k) => `MT_${String(k + 1).padStart(3, '0')}`);
  const values = names.map((_, k) =>
    Array.from(
      { length: T },
      (_, t) =>
        Math.round((10 * (k + 1) * (2 + Math.sin((2 * Math.PI * t) / 24)) + rng.uniform()) * 1e3) / 1e3,
    ),
  );
  const f = Frame.fromColumns({
    date: Array.from({ length: T }, (_, t) => stamp(t)),
    ...Object.fromEntries(names.map((c, k) => [c, values[k]!])),
  });
  assert.deepEqual(columnSeries(f), { time: 'date', series: 'MT_*', columns: names });
  const long = meltColumns(f, 'date', names, 'x.csv');
  assert.deepEqual(long.columns, ['date', 'series', 'value']);
  assert.equal(long.nRows, T * K);
  // Row T + 5: the second series, its sixth step.
  assert.deepEqual([long.column('date')[T + 5], long.column('series')[T + 5]], [stamp(5), 'MT_002']);
  assert.equal(long.numeric('value')[T + 5], values[1]![5], `seed ${rng.seed}`);
  // A prefix pattern or a list (stock tickers, no shared name) read the same.
  const listed = applyMelt(f, { time: 'date', series: [...names] }, 'x.csv');
  assert.deepEqual(
    Array.from(listed.numeric('value')),
    Array.from(applyMelt(f, { time: 'date', series: 'MT_*' }, 'x.csv').numeric('value')),
  );
  // Different quantities, or too few columns, are not series written down.
  const weather = Frame.fromColumns({
    date: f.column('date'),
    temp: values[0]!,
    humidity: values[1]!,
    wind: values[2]!,
  });
  assert.equal(columnSeries(weather), undefined);
  assert.equal(columnSeries(f.select(['date', 'MT_001', 'MT_002'])), undefined);
  assert.throws(
    () => applyMelt(f, { time: 'date', series: 'XY_*' }, 'x.csv'),
    /data.melt.series 'XY_\*' names no column/,
  );
  assert.throws(
    () => applyMelt(f, { time: 'date', series: ['MT_001', 'AAPL'] }, 'x.csv'),
    /names 'AAPL', which is not a column/,
  );

  // UCI's electricity file: semicolons, decimal commas, an empty first header cell.
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-melt-'));
  const csv = [
    ['""', ...names.map((c) => `"${c}"`)].join(';'),
    ...Array.from({ length: T }, (_, t) =>
      [`"${stamp(t)}"`, ...values.map((v) => String(v[t]).replace('.', ','))].join(';'),
    ),
  ];
  writeFileSync(join(dir, 'LD.txt'), `${csv.join('\n')}\n`);
  const { init, inference } = await configFromData(join(dir, 'LD.txt'));
  assert.deepEqual([inference.task, inference.seriesId, inference.value], ['forecasting', 'series', 'value']);
  const cfg = validateConfig(init.config);
  assert.deepEqual(cfg.data.melt, { time: 'col0', series: 'MT_*' });
  const loaded = await loadExperimentData(cfg);
  assert.deepEqual(loaded.frame.columns, ['col0', 'series', 'value']);
  assert.equal(loaded.frame.numeric('value')[T + 5], values[1]![5]);

  // From the command line: train, then forecast every series from the file as it is.
  const run = join(dir, 'run');
  const r = seqlab(['train', join(dir, 'LD.txt'), '--out', run, '--epochs', '1', '-q']);
  assert.equal(r.status, 0, r.stderr);
  const fc = seqlab(['forecast', join(run, 'model'), '--data', join(dir, 'LD.txt')]);
  assert.equal(fc.status, 0, fc.stderr);
  const lines = fc.stdout.trim().split('\n');
  assert.equal(lines[0], 'series,time,forecast,lower_80,upper_80,lower_95,upper_95');
  for (const c of names)
    assert.match(
      lines.find((l) => l.startsWith(`${c},`)) ?? '',
      new RegExp(`^${c},2014-01-09T08:00:00Z,-?\\d`),
      c,
    );
});

test('tickers with no shared name are a panel when --label lists them; the question without it says how', async () => {
  const rng = seededRng();
  const days = Array.from({ length: 120 }, (_, i) =>
    new Date(Date.UTC(2021, 0, 4 + i)).toISOString().slice(0, 10),
  );
  const walk = (start: number): string[] => {
    let p = start;
    return days.map(() => (p *= Math.exp((rng.uniform() - 0.5) * 0.04)).toFixed(2));
  };
  const [a, m, g] = [walk(100), walk(200), walk(1500)];
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-tickers-'));
  const file = join(dir, 'stocks.csv');
  writeFileSync(
    file,
    ['Date,AAPL,MSFT,GOOG', ...days.map((d, i) => `${d},${a[i]},${m[i]},${g[i]}`)].join('\n') + '\n',
  );
  await assert.rejects(
    () => configFromData(file),
    /which one is to be predicted\? .* list them: --label AAPL,MSFT,GOOG/,
  );
  const { inference, init } = await configFromData(file, { label: 'AAPL,MSFT,GOOG' });
  assert.deepEqual([inference.task, inference.seriesId, inference.value], ['forecasting', 'series', 'value']);
  const cfg = validateConfig(init.config);
  assert.deepEqual(cfg.data.melt, { time: 'Date', series: ['AAPL', 'MSFT', 'GOOG'] });
  // As the run reads the file: three series of 120 days, GOOG's values where it put them.
  const loaded = await loadExperimentData(cfg);
  assert.equal(loaded.frame.nRows, 360);
  assert.equal(loaded.frame.numeric('value')[240 + 7], Number(g[7]), `seed ${rng.seed}`);
  // Two of them: a panel of two.
  const two = await configFromData(file, { label: 'AAPL, GOOG' });
  assert.equal(two.inference.seriesRows?.length, 2);
});

test('a panel keyed by two columns (store_nbr, family): trained and forecast from the command line', () => {
  const rng = seededRng();
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-pair-'));
  const lines = ['id,date,store_nbr,family,sales'];
  let k = 0;
  for (let t = 0; t < 120; t++) {
    const day = new Date(Date.UTC(2016, 0, 1 + t)).toISOString().slice(0, 10);
    for (const s of [1, 2])
      for (const f of ['BREAD', 'CLEANING'])
        lines.push(
          `${k++},${day},${s},${f},${(10 * s + (f === 'BREAD' ? 5 : 0) + (t % 7) + rng.uniform()).toFixed(3)}`,
        );
  }
  writeFileSync(join(dir, 'sales.csv'), `${lines.join('\n')}\n`);
  const run = join(dir, 'run');
  const r = seqlab([
    'train',
    join(dir, 'sales.csv'),
    '--label',
    'sales',
    '--out',
    run,
    '--epochs',
    '1',
    '-q',
  ]);
  assert.equal(r.status, 0, r.stderr);
  const fc = seqlab(['forecast', join(run, 'model'), '--data', join(dir, 'sales.csv')]);
  assert.equal(fc.status, 0, fc.stderr);
  const out = fc.stdout.trim().split('\n');
  assert.equal(out[0], 'store_nbr/family,time,forecast,lower_80,upper_80,lower_95,upper_95');
  for (const id of ['1/BREAD', '1/CLEANING', '2/BREAD', '2/CLEANING'])
    assert.match(
      out.find((l) => l.startsWith(`${id},`)) ?? '',
      new RegExp(`^${id},2016-04-30,-?\\d`),
      `seed ${rng.seed}`,
    );
});

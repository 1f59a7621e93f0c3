/**
 * An hourly series written with UTC offsets across a daylight-saving change (a US utility's load in
 * Eastern time): init reads it in America/New_York's local time, the run and its forecasts follow
 * the local clock, and newer rows (forecast --data, POST /forecast) are read the same way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable } from '../../src/experiments/data.js';
import { validateConfig } from '../../src/experiments/config.js';
import { configFromData } from '../../src/experiments/from-data.js';
import { Predictor } from '../../src/serve/predictor.js';
import { seqlab, csvColumn } from '../e2e/helpers.js';
import { seededRng } from '../helpers/rng.js';

test('hourly readings with -05:00/-04:00 offsets: read in New York time, forecast with its offsets', async () => {
  const rng = seededRng();
  // 2024-03-01 00:00 EST (05:00 UTC) for 20 days, over the change of 10 March (07:00 UTC).
  const start = Date.UTC(2024, 2, 1, 5);
  const hours = 20 * 24;
  const change = Date.UTC(2024, 2, 10, 7);
  const stamps: string[] = [];
  const values: number[] = [];
  for (let i = 0; i < hours; i++) {
    const t = start + i * 3_600_000;
    const offset = t >= change ? -4 : -5;
    const local = new Date(t + offset * 3_600_000);
    stamps.push(`${local.toISOString().slice(0, 19)}-0${-offset}:00`);
    // The load follows the local hour: a peak at 18:00 local, whatever the offset.
    values.push(
      100 + 40 * Math.cos((2 * Math.PI * (local.getUTCHours() - 18)) / 24) + 6 * (rng.uniform() - 0.5),
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-tz-'));
  const file = join(dir, 'load.csv');
  const rows = stamps.map((s, i) => `${s},${values[i]!.toFixed(2)}`);
  writeFileSync(file, `timestamp,load_mw\n${rows.join('\n')}\n`);

  // Read in the zone: local hours; the skipped 02:00 of 10 March is a gap.
  const frame = await readTable(file, { timeZone: 'America/New_York' });
  const times = frame.column('timestamp') as Date[];
  assert.equal(times[0]!.toISOString(), '2024-03-01T00:00:00.000Z');
  assert.equal(
    times[hours - 1]!.toISOString(),
    '2024-03-21T00:00:00.000Z',
    '480 hours on, the clock an hour ahead',
  );
  const across = times.findIndex((d) => d.toISOString() === '2024-03-10T01:00:00.000Z');
  assert.equal(
    times[across + 1]!.toISOString(),
    '2024-03-10T03:00:00.000Z',
    '01:00 EST is followed by 03:00 EDT',
  );
  assert.throws(
    () =>
      validateConfig({ data: { source: file, type: 'series', timeZone: 'Eastern' }, model: { layers: [] } }),
    /data\.timeZone: 'Eastern' is not a time zone: an IANA name such as America\/New_York/,
  );

  const cfg = join(dir, 'load.yaml');
  const init = seqlab(['init', file, '--out', cfg]);
  assert.equal(init.status, 0, init.stderr);
  const said = init.stdout + init.stderr;
  assert.match(said, /UTC offsets -05:00 and -04:00, as America\/New_York does/);
  assert.match(said, /1 missing step\(s\) to fill/);
  const run = join(dir, 'run');
  const r = seqlab(['train', cfg, '--out', run, '--epochs', '1', '-q']);
  assert.equal(r.status, 0, `seed ${rng.seed}: ${r.stderr}`);
  const f = seqlab(['forecast', run, '--horizon', '3']);
  assert.equal(f.status, 0, f.stderr);
  assert.deepEqual(csvColumn(f.stdout, 0), [
    '2024-03-21T01:00:00-04:00',
    '2024-03-21T02:00:00-04:00',
    '2024-03-21T03:00:00-04:00',
  ]);
  // predict writes each step's time with the offset of its day.
  const p = seqlab(['predict', run, file]);
  assert.equal(p.status, 0, p.stderr);
  const stamped = csvColumn(p.stdout, 1);
  assert.equal(stamped.at(-1), '2024-03-21T01:00:00-04:00', 'the step after the file: the next hour');
  assert.ok(stamped.includes('2024-03-10T01:00:00-05:00') && stamped.includes('2024-03-10T03:00:00-04:00'));
  assert.ok(
    stamped.every((t) => /T\d\d:00:00-0[45]:00$/.test(t)),
    stamped[0],
  );
  // The same rows given again (forecast --data) and sent as POST /forecast sends them: the same forecast.
  const again = seqlab(['forecast', run, '--horizon', '3', '--data', file]);
  assert.equal(again.stdout, f.stdout);
  const predictor = await Predictor.load(run);
  const served = predictor.forecast(
    values.map((v) => Number(v.toFixed(2))),
    { times: stamps, horizon: 3 },
  );
  const cli = csvColumn(f.stdout, 1).map(Number);
  served.forecast.forEach((v, k) =>
    assert.ok(Math.abs(v - cli[k]!) < 1e-5 * Math.max(1, Math.abs(v)), `step ${k + 1}`),
  );
});

test("times with one fixed offset (India's +05:30) are read in it; UTC times are left as they are", async () => {
  const rng = seededRng();
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-tz-fixed-'));
  const write = (name: string, suffix: string): string => {
    const rows = Array.from({ length: 24 * 14 }, (_, i) => {
      const t = new Date(Date.UTC(2024, 5, 1) + i * 3_600_000).toISOString().slice(0, 19);
      return `${t}${suffix},${(50 + 10 * rng.uniform()).toFixed(2)}`;
    });
    const file = join(dir, name);
    writeFileSync(file, `time,demand\n${rows.join('\n')}\n`);
    return file;
  };
  const india = await configFromData(write('india.csv', '+05:30'));
  assert.equal((india.init.config.data as { timeZone?: string }).timeZone, '+05:30');
  const first = (await readTable(join(dir, 'india.csv'), { timeZone: '+05:30' })).column('time')[0] as Date;
  assert.equal(first.toISOString(), '2024-06-01T00:00:00.000Z', 'the wall clock as written');
  // The same rows as JSON lines (an API's export): read the same way.
  const lines = readFileSync(join(dir, 'india.csv'), 'utf8').trim().split('\n').slice(1);
  const jsonl = join(dir, 'india.jsonl');
  writeFileSync(
    jsonl,
    lines.map((l) => JSON.stringify({ time: l.split(',')[0], demand: Number(l.split(',')[1]) })).join('\n'),
  );
  assert.equal((await configFromData(jsonl)).init.config.data.timeZone, '+05:30');
  const fromJson = (await readTable(jsonl, { timeZone: '+05:30' })).column('time') as Date[];
  assert.equal(fromJson[0]!.toISOString(), '2024-06-01T00:00:00.000Z');
  const utcFile = await configFromData(write('utc.csv', 'Z'));
  assert.equal((utcFile.init.config.data as { timeZone?: string }).timeZone, undefined);
});

test("a JSON panel of local midnights written in UTC (JavaScript's toJSON) is read in their zone: monthly series", async () => {
  const rng = seededRng();
  // vega-datasets' unemployment-across-industries.json: a block of months per industry, each month's
  // first day at midnight in Los Angeles written in UTC (07:00Z April–November, 08:00Z otherwise, the
  // US rules since 2007). Read in UTC, the steps were 30 or 31 days plus or minus an hour: no monthly
  // index, and the dates were even split at '-' as codes of three parts.
  const rows = ['Government', 'Construction', 'Finance'].flatMap((series) =>
    Array.from({ length: 60 }, (_, i) => {
      const m = i % 12;
      return {
        series,
        count: Math.round(500 + 100 * Math.sin((2 * Math.PI * m) / 12) + 30 * rng.uniform()),
        date: new Date(Date.UTC(2010 + Math.floor(i / 12), m, 1, m >= 3 && m <= 10 ? 7 : 8)).toISOString(),
      };
    }),
  );
  const file = join(mkdtempSync(join(tmpdir(), 'seqlab-tz-json-')), 'unemployment.json');
  writeFileSync(file, JSON.stringify(rows));
  const { init } = await configFromData(file, { label: 'count' });
  const data = init.config.data as {
    timeZone?: string;
    seriesId?: string;
    time?: string;
    splitColumns?: unknown;
  };
  assert.equal(data.timeZone, 'America/Los_Angeles', `seed ${rng.seed}`);
  assert.equal(data.seriesId, 'series');
  assert.equal(data.time, 'date');
  assert.equal(data.splitColumns, undefined);
  assert.equal(init.config.data.type, 'series');
});

/**
 * Time zones against the published rules: the US changes clocks at 02:00 local on the second Sunday
 * of March and the first Sunday of November (EST −05:00, EDT −04:00); the EU at 01:00 UTC on the last
 * Sundays of March and October (CET +01:00, CEST +02:00); India keeps +05:30.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isTimeZone,
  offsetText,
  utcOffsetOf,
  wallClock,
  withOffset,
  OffsetSamples,
  zoneOffset,
  zoneOfClock,
  zoneOfOffsets,
} from '../../src/data/time-zone.js';

const utc = (iso: string): number => new Date(`${iso}Z`).getTime();

test('the UTC offset a timestamp is written with', () => {
  assert.equal(utcOffsetOf('2024-03-10T03:00:00-04:00'), -240);
  assert.equal(utcOffsetOf('2024-03-10 03:00:00+0530'), 330);
  assert.equal(utcOffsetOf('2024-03-10T03:00Z'), 0);
  assert.equal(utcOffsetOf('2024-03-10 03:00:00.250 UTC'), 0);
  assert.equal(utcOffsetOf('2024-03-10 03:00:00'), undefined, 'no offset: local already');
  assert.equal(utcOffsetOf('2024-03-10'), undefined, 'a date: its -10 is the day, not an offset');
  assert.equal(offsetText(-240), '-04:00');
  assert.equal(offsetText(330), '+05:30');
});

test("zones' offsets either side of their daylight-saving changes", () => {
  // 2024: the US changed on 10 March (07:00 UTC) and 3 November (06:00 UTC); the EU on 31 March and 27 October at 01:00 UTC.
  assert.equal(zoneOffset('America/New_York', utc('2024-03-10T06:59')), -300);
  assert.equal(zoneOffset('America/New_York', utc('2024-03-10T07:00')), -240);
  assert.equal(zoneOffset('America/New_York', utc('2024-11-03T05:59')), -240);
  assert.equal(zoneOffset('America/New_York', utc('2024-11-03T06:00')), -300);
  assert.equal(zoneOffset('Europe/Berlin', utc('2024-03-31T00:59')), 60);
  assert.equal(zoneOffset('Europe/Berlin', utc('2024-03-31T01:00')), 120);
  assert.equal(zoneOffset('Europe/Berlin', utc('2024-10-27T01:00')), 60);
  assert.equal(zoneOffset('Asia/Kolkata', utc('2024-07-01T00:00')), 330);
  assert.equal(zoneOffset('+05:30', 0), 330);
  assert.equal(zoneOffset('UTC', 0), 0);
  assert.ok(isTimeZone('Europe/Berlin') && isTimeZone('-03:00'));
  assert.ok(!isTimeZone('Mars/Olympus_Mons') && !isTimeZone('EST5'));
});

test('instants as the wall clock, and wall-clock times written back with their offset', () => {
  assert.equal(
    wallClock(new Date(utc('2024-03-10T06:30')), 'America/New_York').toISOString(),
    '2024-03-10T01:30:00.000Z',
  );
  assert.equal(
    wallClock(new Date(utc('2024-03-10T07:30')), 'America/New_York').toISOString(),
    '2024-03-10T03:30:00.000Z',
  );
  const ny = (wall: string): string => withOffset(new Date(`${wall}Z`), 'America/New_York');
  assert.equal(ny('2024-03-10T01:00:00'), '2024-03-10T01:00:00-05:00');
  assert.equal(ny('2024-03-10T03:00:00'), '2024-03-10T03:00:00-04:00');
  assert.equal(
    ny('2024-03-10T02:00:00'),
    '2024-03-10T02:00:00-04:00',
    'a skipped hour: the offset after the change',
  );
  assert.equal(ny('2024-11-03T01:30:00'), '2024-11-03T01:30:00-04:00', 'an hour passed twice: the first');
  assert.equal(ny('2024-11-03T02:00:00'), '2024-11-03T02:00:00-05:00');
  assert.equal(withOffset(new Date('2024-07-01T14:00:00Z'), 'Europe/Berlin'), '2024-07-01T14:00:00+02:00');
});

test("the zone of a file's offsets: the one whose rules give every offset at its instant", () => {
  const us = [
    [utc('2024-03-10T06:00'), -300],
    [utc('2024-03-10T07:00'), -240],
  ] as const;
  assert.equal(zoneOfOffsets(us), 'America/New_York');
  assert.equal(
    zoneOfOffsets([
      [utc('2024-03-31T00:00'), 60],
      [utc('2024-03-31T01:00'), 120],
    ]),
    'Europe/Berlin',
  );
  // The same two offsets changing on the EU's date are not New York's (it changed three weeks before).
  assert.notEqual(
    zoneOfOffsets([
      [utc('2024-03-31T04:00'), -300],
      [utc('2024-03-31T05:00'), -240],
    ]),
    'America/New_York',
  );
  assert.equal(zoneOfOffsets([[0, 17]]), undefined, 'no zone is 17 minutes east of UTC');
});

test('local midnights written in UTC (JavaScript toJSON) give their zone; other clocks none', () => {
  // The first of each month at midnight in Los Angeles, 2008–2018 (the US rules since 2007): on the
  // 1st, April to November are daylight time (UTC−7; November's change comes at 02:00 on its first
  // Sunday), December to March standard time (UTC−8). vega-datasets'
  // unemployment-across-industries.json writes its months so.
  const samples = new OffsetSamples();
  for (let y = 2008; y <= 2018; y++)
    for (let m = 0; m < 12; m++) samples.note(Date.UTC(y, m, 1, m >= 3 && m <= 10 ? 7 : 8), 0);
  assert.equal(zoneOfClock(samples.samples), 'America/Los_Angeles');
  // Hourly times, a fixed time of day, or two an hour apart at changes no zone makes: none.
  const hourly = new OffsetSamples();
  for (let h = 0; h < 72; h++) hourly.note(Date.UTC(2024, 2, 1, h), 0);
  assert.equal(zoneOfClock(hourly.samples), undefined);
  const fixed = new OffsetSamples();
  for (let d = 0; d < 400; d++) fixed.note(Date.UTC(2024, 0, 1 + d, 8), 0);
  assert.equal(zoneOfClock(fixed.samples), undefined);
  const odd = new OffsetSamples();
  for (let d = 0; d < 60; d++) odd.note(Date.UTC(2024, 0, 1 + d, d % 2 ? 7 : 8), 0);
  assert.equal(zoneOfClock(odd.samples), undefined);
});

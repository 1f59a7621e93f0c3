/**
 * The report as a browser draws it: a small run's report.html through headless Chromium
 * (scripts/screenshot-report.mjs). Skipped where no Chromium is installed (`apt-get install -y chromium`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeFixtures, seqlab } from './helpers.js';

const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'screenshot-report.mjs');
const browser = ['chromium', 'chromium-browser', 'google-chrome'].find(
  (b) => spawnSync('which', [b]).status === 0,
);

test(
  'report.html renders in headless Chromium as a full page',
  { skip: browser ? false : 'no Chromium installed' },
  () => {
    const dir = makeFixtures();
    const run = join(dir, 'run');
    const trained = seqlab(['train', join(dir, 'table.yaml'), '--out', run, '--quiet']);
    assert.equal(trained.status, 0, trained.stderr);
    const png = join(dir, 'report.png');
    const shot = spawnSync(process.execPath, [SCRIPT, run, png], { encoding: 'utf8', timeout: 180_000 });
    assert.equal(shot.status, 0, shot.stderr);
    assert.ok(existsSync(png) && statSync(png).size > 50_000, 'the screenshot is missing or nearly empty');
    // "OUT: 1280xH": H is where the page's content ends (the script crops the plain background below it).
    // Every section of a binary attention run (data tables, six charts, metrics, confusion matrix, ROC,
    // attention) stacks to several thousand pixels; a page whose styles or layout failed would be far shorter.
    const m = /: 1280x(\d+)/.exec(shot.stdout);
    assert.ok(m, shot.stdout);
    assert.ok(Number(m[1]) > 3000, `the rendered page is only ${m[1]} px tall`);
    assert.doesNotMatch(shot.stdout, /cut off/);
  },
);

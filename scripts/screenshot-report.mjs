#!/usr/bin/env node
// Full-page screenshot of a run folder's report.html with headless Chromium (Debian's `chromium`):
//   node scripts/screenshot-report.mjs RUN_DIR OUT.png [--html NAME] [--width 1280] [--slices N]
// Chromium's --screenshot captures only the window, so the window is made tall and the plain
// background below the page's end is cropped off. --slices N also writes OUT-1.png … OUT-N.png,
// consecutive parts of the page, for looking at in an image viewer. Nothing is fetched from the
// network (the report is self-contained; background networking is switched off).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import pngjs from 'pngjs';

const { PNG } = pngjs;

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const [v] = args.splice(i, 2).slice(1);
  return v;
};
const htmlName = opt('html', 'report.html');
const width = Number(opt('width', '1280'));
const slices = Number(opt('slices', '0'));
const maxHeight = Number(opt('height', '16000'));
const [runDir, out] = args;
if (!runDir || !out) {
  console.error(
    'usage: node scripts/screenshot-report.mjs RUN_DIR OUT.png [--html report.html] [--width 1280] [--slices N]',
  );
  process.exit(2);
}
const page = resolve(runDir, htmlName);
if (!existsSync(page)) {
  console.error(`${page} does not exist; run \`seqlab report ${runDir}\` first`);
  process.exit(1);
}
const browser = ['chromium', 'chromium-browser', 'google-chrome'].find(
  (b) => spawnSync('which', [b]).status === 0,
);
if (!browser) {
  console.error('no chromium found: apt-get install -y chromium');
  process.exit(1);
}

const profile = mkdtempSync(join(tmpdir(), 'seqlab-chromium-'));
const raw = join(profile, 'full.png');
const result = spawnSync(
  browser,
  [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--hide-scrollbars',
    `--user-data-dir=${profile}`,
    `--screenshot=${raw}`,
    `--window-size=${width},${maxHeight}`,
    pathToFileURL(page).href,
  ],
  { encoding: 'utf8', timeout: 120_000 },
);
if (!existsSync(raw)) {
  console.error(`chromium did not write a screenshot (exit ${result.status}):\n${result.stderr}`);
  process.exit(1);
}

// Chromium's screenshot is as tall as the window; the page's end is where the rows stop changing.
const img = PNG.sync.read(readFileSync(raw)); // RGBA, 4 bytes a pixel
const stride = img.width * 4;
const row = (y) => img.data.subarray(y * stride, (y + 1) * stride);
const last = row(img.height - 1);
let end = img.height;
while (end > 1 && row(end - 1).equals(last)) end--;
end = Math.min(img.height, end + 16);
/** Rows [y0, y1) as a PNG file. */
function crop(y0, y1) {
  const part = new PNG({ width: img.width, height: y1 - y0 });
  img.data.copy(part.data, 0, y0 * stride, y1 * stride);
  return PNG.sync.write(part);
}
writeFileSync(out, crop(0, end));
const parts = [];
if (slices > 0) {
  const size = Math.ceil(end / slices);
  for (let k = 0; k < slices; k++) {
    const file = out.replace(/\.png$/, '') + `-${k + 1}.png`;
    writeFileSync(file, crop(k * size, Math.min(end, (k + 1) * size)));
    parts.push(file);
  }
}
rmSync(profile, { recursive: true, force: true });
console.log(
  `${out}: ${img.width}x${end}${end >= maxHeight ? ` (page is taller than --height ${maxHeight}; cut off)` : ''}${parts.length ? `; slices ${parts.join(', ')}` : ''}`,
);

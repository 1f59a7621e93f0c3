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
import { deflateSync, inflateSync } from 'node:zlib';

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
  console.error('usage: node scripts/screenshot-report.mjs RUN_DIR OUT.png [--html report.html] [--width 1280] [--slices N]');
  process.exit(2);
}
const page = resolve(runDir, htmlName);
if (!existsSync(page)) {
  console.error(`${page} does not exist; run \`seqlab report ${runDir}\` first`);
  process.exit(1);
}
const browser = ['chromium', 'chromium-browser', 'google-chrome'].find((b) => spawnSync('which', [b]).status === 0);
if (!browser) {
  console.error('no chromium found: apt-get install -y chromium');
  process.exit(1);
}

const profile = mkdtempSync(join(tmpdir(), 'seqlab-chromium-'));
const raw = join(profile, 'full.png');
const result = spawnSync(
  browser,
  [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--hide-scrollbars', `--user-data-dir=${profile}`, `--screenshot=${raw}`,
    `--window-size=${width},${maxHeight}`, pathToFileURL(page).href,
  ],
  { encoding: 'utf8', timeout: 120_000 },
);
if (!existsSync(raw)) {
  console.error(`chromium did not write a screenshot (exit ${result.status}):\n${result.stderr}`);
  process.exit(1);
}

// --- minimal PNG codec: 8-bit RGB/RGBA, non-interlaced (what Chromium writes) ---
function decodePng(buf) {
  let pos = 8;
  let w = 0, h = 0, channels = 4;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      w = data.readUInt32BE(0);
      h = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0 || ![2, 6].includes(data[9])) throw new Error('unsupported PNG layout');
      channels = data[9] === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const src = inflateSync(Buffer.concat(idat));
  const stride = w * channels;
  const px = Buffer.alloc(h * stride);
  for (let y = 0; y < h; y++) {
    const f = src[y * (stride + 1)];
    const line = src.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? px[y * stride + x - channels] : 0;
      const b = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? px[(y - 1) * stride + x - channels] : 0;
      const p = a + b - c;
      const pred = f === 0 ? 0 : f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 :
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      px[y * stride + x] = (line[x] + pred) & 255;
    }
  }
  return { w, h, channels, px };
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b) {
  let c = 0xffffffff;
  for (const x of b) c = crcTable[(c ^ x) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
function encodePng({ w, channels, px }, y0, y1) {
  const stride = w * channels;
  const rows = Buffer.alloc((y1 - y0) * (stride + 1));
  for (let y = y0; y < y1; y++) px.copy(rows, (y - y0) * (stride + 1) + 1, y * stride, (y + 1) * stride);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(y1 - y0, 4);
  ihdr[8] = 8;
  ihdr[9] = channels === 4 ? 6 : 2;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

const img = decodePng(readFileSync(raw));
const stride = img.w * img.channels;
const last = img.px.subarray((img.h - 1) * stride, img.h * stride);
let end = img.h;
while (end > 1 && img.px.subarray((end - 1) * stride, end * stride).equals(last)) end--;
end = Math.min(img.h, end + 16);
writeFileSync(out, encodePng(img, 0, end));
const parts = [];
if (slices > 0) {
  const size = Math.ceil(end / slices);
  for (let k = 0; k < slices; k++) {
    const file = out.replace(/\.png$/, '') + `-${k + 1}.png`;
    writeFileSync(file, encodePng(img, k * size, Math.min(end, (k + 1) * size)));
    parts.push(file);
  }
}
rmSync(profile, { recursive: true, force: true });
console.log(`${out}: ${img.w}x${end}${end >= maxHeight ? ` (page is taller than --height ${maxHeight}; cut off)` : ''}${parts.length ? `; slices ${parts.join(', ')}` : ''}`);

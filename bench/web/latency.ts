/**
 * Per-review inference latency of an exported text model in headless Chromium (wasm backend): exports
 * MODEL with `seqlab export --format web`, serves it (with --isolated, cross-origin isolated, so the page
 * runs on wasm threads), loads it in the page and times `predict([review])` on real reviews (the first
 * `warm` calls untimed), and the page's load().
 * Usage: node --import tsx bench/web/latency.ts MODEL_OR_RUN [--n 50] [--isolated]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { exportWeb } from '../../src/interop/web/export.js';
import { serveFolder } from '../../test/helpers/static-site.js';

const [model, ...rest] = process.argv.slice(2);
if (!model) throw new Error('usage: latency.ts MODEL_OR_RUN [--n 50]');
const n = Number(rest[rest.indexOf('--n') + 1] ?? 50) || 50;
const site = mkdtempSync(join(tmpdir(), 'seqlab-latency-'));
await exportWeb(model, site);
const server = await serveFolder(site, { isolated: rest.includes('--isolated') });
const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const reviews = [
  'This movie was a complete waste of time. The plot made no sense and the acting was wooden throughout.',
  'One of the best films I have seen in years: moving, funny and beautifully shot, with a superb cast.',
  'I expected more from the director. Some good scenes, but it drags in the middle and the ending is weak.',
];
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/index.html`);
  const result = await page.evaluate(`(async () => {
    const t0 = performance.now();
    const { load } = await import('./seqlab-model.js');
    const model = await load();
    const loadMs = performance.now() - t0;
    const reviews = ${JSON.stringify(reviews)};
    for (let i = 0; i < 5; i++) model.predict([reviews[i % reviews.length]]);
    const times = [];
    for (let i = 0; i < ${n}; i++) {
      const s = performance.now();
      model.predict([reviews[i % reviews.length]]);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    return { loadMs, median: times[times.length >> 1], p90: times[Math.floor(times.length * 0.9)], backend: model.backend };
  })()`);
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
  server.close();
}

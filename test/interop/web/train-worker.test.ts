/**
 * Training in the browser: the library bundled with esbuild (src/interop/web/train-worker.ts) trains the
 * demo model in a module Web Worker in headless Chromium on seqlab's wasm backend, and Node trains the
 * same model (same seed, same batches) with setBackend('wasm'): the loss curves agree within 1e-5 (the
 * same kernels and the same JavaScript: in practice the same bits). Twice: a plain page (one thread,
 * and the backend says why), and a cross-origin isolated one where the worker trains on 3 wasm threads.
 * Skipped where no Chromium is installed; under CI it must run.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { getBackend, setBackend } from '../../../src/backend/select.js';
import { wasmPath, wasmThreadsPath } from '../../../src/backend/wasm/index.js';
import { bundleWebRuntime } from '../../../src/interop/web/bundle.js';
import { trainDemoModel, type DemoBatch } from '../../../src/interop/web/train-demo.js';
import { seededRng } from '../../helpers/rng.js';
import { serveFolder } from '../../helpers/static-site.js';

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
  existsSync,
);
const ci = process.env.CI === 'true' || process.env.CI === '1';
const V = 200;

/** Reviews of random length whose label is whether most of their words are in the vocabulary's top half. */
function makeBatches(): DemoBatch[] {
  const rng = seededRng();
  return Array.from({ length: 6 }, () => {
    const B = 16;
    const T = 12;
    const ids = new Int32Array(B * T);
    const labels = new Float32Array(B);
    for (let b = 0; b < B; b++) {
      const len = rng.int(3, T + 1);
      let high = 0;
      for (let t = T - len; t < T; t++) {
        ids[b * T + t] = rng.int(1, V);
        if (ids[b * T + t]! >= V / 2) high++;
      }
      labels[b] = high * 2 > len ? 1 : 0;
    }
    return { ids, labels, B, T };
  });
}

for (const isolated of [false, true]) {
  test(
    `the demo model trains in a Chromium Web Worker with the loss curve it has in Node (${isolated ? '3 threads, cross-origin isolated page' : 'one thread'})`,
    { skip: chromium || ci ? false : 'no Chromium installed' },
    async () => {
      assert.ok(chromium, 'CI needs Chromium (apt-get install -y chromium)');
      const batches = makeBatches();
      const before = getBackend();
      setBackend('wasm');
      let node: number[];
      try {
        node = trainDemoModel(batches, V, 3);
      } finally {
        setBackend(before);
      }
      // One batch's loss is noisy; the last epoch's mean must be below the first's (6 batches an epoch).
      const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
      assert.ok(
        mean(node.slice(-6)) < mean(node.slice(0, 6)),
        `the loss did not fall in Node: ${node.join(', ')}`,
      );

      const site = mkdtempSync(join(tmpdir(), 'seqlab-worker-'));
      writeFileSync(join(site, 'seqlab-train-worker.js'), await bundleWebRuntime(true, 'train-worker'));
      writeFileSync(join(site, 'seqlab.wasm'), readFileSync(wasmPath));
      writeFileSync(join(site, 'seqlab-mt.wasm'), readFileSync(wasmThreadsPath));
      writeFileSync(join(site, 'index.html'), '<!doctype html><title>train</title>');
      const server = await serveFolder(site, { isolated });
      const { chromium: pw } = await import('playwright-core');
      const browser = await pw.launch({ executablePath: chromium, args: ['--no-sandbox'] });
      try {
        const page = await browser.newPage();
        await page.goto(`${server.url}/index.html`);
        const plain = batches.map((b) => ({ ...b, ids: Array.from(b.ids), labels: Array.from(b.labels) }));
        // In the page (a string: the browser's Worker and location are not Node types).
        const inPage = `new Promise((resolve) => {
      const req = ${JSON.stringify({ batches: plain, V })};
      const worker = new Worker('./seqlab-train-worker.js', { type: 'module' });
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => resolve({ error: e.message });
      const batches = req.batches.map((b) => ({ ...b, ids: Int32Array.from(b.ids), labels: Float32Array.from(b.labels) }));
      const url = (f) => new URL(f, location.href).href;
      worker.postMessage({ wasmUrl: url('seqlab.wasm'), wasmThreadsUrl: url('seqlab-mt.wasm'), threads: 3, batches, vocabulary: req.V, epochs: 3 });
    })`;
        const result = (await page.evaluate(inPage)) as {
          losses?: number[];
          error?: string;
          backend?: { name: string; threads: number; threadsReason?: string };
        };
        assert.equal(result.error, undefined, result.error);
        assert.equal(result.backend!.name, 'wasm');
        if (isolated) assert.equal(result.backend!.threads, 3, JSON.stringify(result.backend));
        else {
          assert.equal(result.backend!.threads, 1);
          assert.match(result.backend!.threadsReason ?? '', /not cross-origin isolated/);
        }
        assert.equal(result.losses!.length, node.length);
        result.losses!.forEach((l, i) =>
          assert.ok(Math.abs(l - node[i]!) <= 1e-5, `step ${i}: worker ${l} vs node ${node[i]}`),
        );
      } finally {
        await browser.close();
        server.close();
      }
    },
  );
}

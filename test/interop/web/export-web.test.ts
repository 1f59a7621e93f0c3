/**
 * `seqlab export --format web` in a real browser: a small text model is trained with the CLI, exported,
 * served over HTTP and opened in headless Chromium (Debian's chromium, driven by playwright-core with
 * executablePath: playwright never downloads a browser). The test types reviews into the page, reads the
 * prediction from the DOM and compares it with the same rows predicted in Node (predictFrame, as
 * `seqlab predict`, on the native backend) within 1e-5, and the words the page shades by attention with
 * Node's attention weights; the screenshot goes to test-artifacts/. The same page served cross-origin
 * isolated runs on wasm threads (Web Workers) and predicts the same numbers.
 * Skipped where no Chromium is installed (`apt-get install -y chromium`); under CI it must run.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { Frame } from '../../../src/data/frame.js';
import { explainFrame, loadTrainedModel, predictFrame } from '../../../src/experiments/predict.js';
import { makeFixtures, seqlab, TEXT_CONFIG } from '../../e2e/helpers.js';
import { serveFolder } from '../../helpers/static-site.js';

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
  existsSync,
);
const ci = process.env.CI === 'true' || process.env.CI === '1';

test(
  'the exported web page predicts in Chromium what Node predicts',
  { skip: chromium || ci ? false : 'no Chromium installed' },
  async () => {
    assert.ok(chromium, 'CI needs Chromium (apt-get install -y chromium)');
    const dir = makeFixtures();
    // The fixture's text model with attention pooling over a bidirectional GRU, so the page shades words.
    const attention = TEXT_CONFIG.replace(
      '- { type: lstm, units: 8 }',
      '- { type: bidirectional, layer: { type: gru, units: 8, returnSequences: true } }\n    - { type: attentionPooling, units: 8 }',
    );
    assert.notEqual(attention, TEXT_CONFIG);
    writeFileSync(join(dir, 'text-attention.yaml'), attention);
    const run = join(dir, 'run-text');
    const trained = seqlab([
      'train',
      join(dir, 'text-attention.yaml'),
      '--out',
      run,
      '--quiet',
      '--set',
      'training.epochs=1',
    ]);
    assert.equal(trained.status, 0, trained.stderr);
    const site = join(dir, 'site');
    const exported = seqlab(['export', run, '--format', 'web', '--out', site]);
    assert.equal(exported.status, 0, exported.stderr);
    for (const f of [
      'index.html',
      'seqlab-model.js',
      'seqlab.wasm',
      'seqlab-mt.wasm',
      'model.json',
      'weights.safetensors',
    ])
      assert.ok(existsSync(join(site, f)), `export wrote no ${f}`);

    const reviews = [
      'a wonderful film with a great story and fine acting',
      'terrible boring plot, the worst movie i have seen',
      'not bad',
    ];
    const model = await loadTrainedModel(run);
    const node = predictFrame(model, new Frame({ text: reviews }));
    const nodeWords = explainFrame(model, new Frame({ text: reviews }))!;

    const server = await serveFolder(site);
    const isolatedServer = await serveFolder(site, { isolated: true });
    const { chromium: pw } = await import('playwright-core');
    const browser = await pw.launch({ executablePath: chromium, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/index.html`);
      await page.waitForSelector('#predict:not([disabled])', { timeout: 60_000 });
      assert.match((await page.textContent('#status'))!, /backend wasm \(wasm-simd128, 1 thread\)/);
      await page.fill('#input', reviews.join('\n'));
      await page.click('#predict');
      await page.waitForSelector('#output table');
      const web = JSON.parse((await page.getAttribute('#output', 'data-result'))!) as typeof node;
      assert.deepEqual(web.header, node.header);
      assert.equal(web.rows.length, reviews.length);
      web.rows.forEach((row, i) => {
        assert.equal(row[1], node.rows[i]![1], `review ${i}: label`);
        for (let j = 2; j < row.length; j++) {
          const d = Math.abs((row[j] as number) - (node.rows[i]![j] as number));
          assert.ok(d <= 1e-5, `review ${i}, ${web.header[j]}: page ${row[j]} vs node ${node.rows[i]![j]}`);
        }
      });
      // The DOM shows the same labels.
      const cells = await page.$$eval('#output tbody tr', (trs) =>
        trs.map((tr) => tr.children[1]!.textContent),
      );
      assert.deepEqual(
        cells,
        node.rows.map((r) => String(r[1])),
      );
      // Each review's words, shaded by the attention weights Node computes for them.
      const shaded = await page.$$eval('#output .shaded', (divs) =>
        divs.map((d) => [...d.querySelectorAll('.tok')].map((t) => t.textContent)),
      );
      assert.deepEqual(
        shaded,
        nodeWords.map((w) => w.tokens),
      );
      const pageWords = await page.evaluate(
        (texts) =>
          (
            globalThis as unknown as { seqlabModel: { explain(x: string[]): { weights: number[] }[] } }
          ).seqlabModel.explain(texts),
        reviews,
      );
      pageWords.forEach((w, i) =>
        w.weights.forEach((v, k) =>
          assert.ok(Math.abs(v - nodeWords[i]!.weights[k]!) <= 1e-5, `review ${i}, word ${k}: weight`),
        ),
      );
      // A batch large enough for op outputs over 64 KB (those take another allocation path).
      const many = Array.from({ length: 400 }, (_, i) => reviews[i % reviews.length]!);
      const big = await page.evaluate(
        (texts) =>
          (
            globalThis as unknown as { seqlabModel: { predict(x: string[]): { rows: unknown[][] } } }
          ).seqlabModel.predict(texts).rows.length,
        many,
      );
      assert.equal(big, many.length);
      // Raw input of the wrong kind is a clear error in the page, not a crash.
      const wrong = await page.evaluate(() => {
        try {
          (globalThis as unknown as { seqlabModel: { predict(x: unknown[]): unknown } }).seqlabModel.predict(
            [],
          );
          return '';
        } catch (e) {
          return (e as Error).message;
        }
      });
      assert.match(wrong, /no input/);
      assert.deepEqual(errors, []);
      mkdirSync('test-artifacts', { recursive: true });
      await page.screenshot({ path: join('test-artifacts', 'web-export.png'), fullPage: true });

      // Cross-origin isolated: the page gets SharedArrayBuffer, so threads (as many as its cores).
      const threaded = await browser.newPage();
      const threadedErrors: string[] = [];
      threaded.on('pageerror', (e) => threadedErrors.push(e.message));
      await threaded.goto(`${isolatedServer.url}/index.html`);
      await threaded.waitForSelector('#predict:not([disabled])', { timeout: 60_000 });
      const cores = await threaded.evaluate(
        () =>
          (globalThis as unknown as { navigator: { hardwareConcurrency: number } }).navigator
            .hardwareConcurrency,
      );
      const status = (await threaded.textContent('#status'))!;
      if (cores > 1) assert.match(status, new RegExp(`wasm-simd128, ${Math.min(cores, 16)} threads`));
      const rows = await threaded.evaluate(
        (texts) =>
          (
            globalThis as unknown as { seqlabModel: { predict(x: string[]): { rows: unknown[][] } } }
          ).seqlabModel.predict(texts).rows,
        reviews,
      );
      rows.forEach((row, i) => {
        for (let j = 2; j < row.length; j++) {
          const d = Math.abs((row[j] as number) - (node.rows[i]![j] as number));
          assert.ok(d <= 1e-5, `threaded page, review ${i}: ${row[j]} vs node ${node.rows[i]![j]}`);
        }
      });
      assert.deepEqual(threadedErrors, []);
    } finally {
      await browser.close();
      server.close();
      isolatedServer.close();
    }
  },
);

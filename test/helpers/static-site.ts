/** A folder served over HTTP on 127.0.0.1 (a free port), as a browser test or benchmark opens a web export. */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/**
 * With `isolated`, every response carries the headers that make a page cross-origin isolated
 * (SharedArrayBuffer, so the wasm threads).
 * @example const site = await serveFolder(dir); await page.goto(`${site.url}/index.html`); site.close();
 */
export async function serveFolder(
  dir: string,
  { isolated = false } = {},
): Promise<{ url: string; close(): void }> {
  const isolation = isolated
    ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' }
    : {};
  const server = createServer((req, res) => {
    const file = join(
      dir,
      decodeURIComponent(new URL(req.url!, 'http://x').pathname).replace(/^\/$/, '/index.html'),
    );
    if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...isolation });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/**
 * Bundles ./runtime.ts for browsers with esbuild into one ES module. seqlab's Node-only parts that the
 * runtime's imports reach but never call in a page (file reading, the native addon, spreadsheet and
 * Parquet readers) are replaced by empty modules; the two backend loaders by browser versions.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { SeqlabError } from '../../errors.js';
import { VERSION } from '../../version.js';

const here = dirname(fileURLToPath(import.meta.url));

// The Node loaders, as a browser sees them: no addon; the .wasm comes through runtime.ts's load().
const BROWSER_NATIVE = `export function loadNativeBackend() { return { error: 'no native addon in a browser' }; }
export function setNativeThreads() { return 1; }
export function setNativeCpuLimit() { return null; }
export function nativeFmaCeiling() { return null; }
export const addonPath = '';`;
const BROWSER_WASM = `export * from './module.js';
export const wasmPath = 'seqlab.wasm';
export function loadWasmBackend() { return { error: 'in a browser the .wasm is loaded by load() (instantiateWasmBackend)' }; }`;

/**
 * The browser ES module of the runtime (or of another file here, e.g. 'train-worker'), as text
 * (minified unless `minify` is false).
 * @example const js = await bundleWebRuntime(); // write it as seqlab-model.js
 */
export async function bundleWebRuntime(minify = true, entryName = 'runtime'): Promise<string> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new SeqlabError(
      "export --format web bundles seqlab for the browser with esbuild, which is not installed: run 'npm install esbuild'",
    );
  }
  const entry = [join(here, `${entryName}.ts`), join(here, `${entryName}.js`)].find((f) => existsSync(f))!;
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    write: false,
    legalComments: 'none',
    // Modules that read process.env at load time see an empty environment.
    banner: { js: 'const process = globalThis.process ?? { env: {}, emitWarning() {} };' },
    plugins: [
      {
        name: 'seqlab-browser',
        setup(build) {
          build.onResolve({ filter: /(native|wasm)[\\/]index\.js$/ }, (args) => {
            const path = join(args.resolveDir, args.path);
            const m = /[\\/]backend[\\/](native|wasm)[\\/]index\.js$/.exec(path);
            return m ? { path, namespace: `seqlab-${m[1]}` } : undefined;
          });
          build.onLoad({ filter: /.*/, namespace: 'seqlab-native' }, () => ({
            contents: BROWSER_NATIVE,
            loader: 'js',
          }));
          build.onLoad({ filter: /.*/, namespace: 'seqlab-wasm' }, (args) => ({
            contents: BROWSER_WASM,
            loader: 'js',
            resolveDir: dirname(args.path),
          }));
          // seqlab's version, read from package.json at bundle time instead of at load time.
          build.onResolve({ filter: /[\\/]version\.js$/ }, (args) => {
            const path = join(args.resolveDir, args.path);
            return /[\\/]src[\\/]version\.js$|[\\/]dist[\\/]version\.js$/.test(path)
              ? { path, namespace: 'seqlab-version' }
              : undefined;
          });
          build.onLoad({ filter: /.*/, namespace: 'seqlab-version' }, () => ({
            contents: `export const VERSION = ${JSON.stringify(VERSION)};`,
            loader: 'js',
          }));
          // Node built-ins and packages: empty modules (their users are Node-only paths).
          build.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, namespace: 'seqlab-empty' }));
          build.onLoad({ filter: /.*/, namespace: 'seqlab-empty' }, () => ({
            contents: 'module.exports = {};',
            loader: 'js',
          }));
        },
      },
    ],
  });
  return result.outputFiles[0]!.text;
}

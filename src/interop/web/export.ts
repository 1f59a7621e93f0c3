/**
 * `seqlab export MODEL --format web --out site/`: a folder a static web server can serve, holding the
 * model (model.json with its fitted preprocessing, weights.safetensors), the WebAssembly kernels
 * (seqlab.wasm, and seqlab-mt.wasm for threads where the page is cross-origin isolated), the ES
 * module seqlab-model.js (`import { load } from './seqlab-model.js'`) and a demo index.html (a
 * textarea → label and probabilities).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { wasmPath, wasmThreadsPath } from '../../backend/wasm/index.js';
import { writeFilesAtomic } from '../../data/io/atomic-write.js';
import { loadTrainedModel } from '../../experiments/predict.js';
import { bundleWebRuntime } from './bundle.js';
import { demoPage } from './page.js';

/**
 * Writes the web folder for the model (or run) folder `modelDir` into `outDir` and returns the files written.
 * @example await exportWeb('runs/imdb-lstm', 'site'); // then serve site/ and open index.html
 */
export async function exportWeb(modelDir: string, outDir: string): Promise<string[]> {
  // Loading checks that the model and its raw-input preprocessing load (the page would fail later).
  const { info } = await loadTrainedModel(modelDir);
  const dir = (await readFile(join(modelDir, 'model.json')).catch(() => null))
    ? modelDir
    : join(modelDir, 'model');
  await mkdir(outDir, { recursive: true });
  const files = {
    'model.json': await readFile(join(dir, 'model.json')),
    'weights.safetensors': await readFile(join(dir, 'weights.safetensors')),
    'seqlab-model.js': await bundleWebRuntime(),
    'index.html': demoPage(info),
  };
  const wasm = { 'seqlab.wasm': await readFile(wasmPath), 'seqlab-mt.wasm': await readFile(wasmThreadsPath) };
  await writeFilesAtomic(outDir, [...Object.entries(files), ...Object.entries(wasm)]);
  return [...Object.keys(files), ...Object.keys(wasm)].map((f) => join(outDir, f));
}

// native/wasm/seqlab.wasm and seqlab-mt.wasm (threads) are checked in (so installing needs no compiler);
// manifest.json records the SHA-256 of every source they were built from. This fails when a kernel source changed without a rebuild, when a
// new source file is not in the build, or when the .wasm is not the one the manifest describes. The fix
// each time: `npm run build:wasm` (needs emscripten) and commit native/wasm/. Under CI,
// `node scripts/build-wasm.mjs --check` also rebuilds it and compares the bytes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const src = join('native', 'src');
const manifest = JSON.parse(readFileSync(join('native', 'wasm', 'manifest.json'), 'utf8')) as {
  sources: string[];
  headers: string[];
  files: Record<string, string>;
  wasm: Record<string, { sha256: string }>;
};
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const FIX = "run 'npm run build:wasm' (needs emscripten) and commit native/wasm/";

test('every kernel source matches the hash the checked-in .wasm was built from', () => {
  for (const f of [...manifest.sources, ...manifest.headers]) {
    assert.equal(
      sha256(readFileSync(join(src, f))),
      manifest.files[f],
      `native/src/${f} changed since the .wasm was built: ${FIX}`,
    );
  }
});

test('the .wasm build covers every kernel source (all but the N-API glue and the x86 kernels)', () => {
  const all = readdirSync(src);
  const expected = all
    .filter((f) => f.endsWith('.cc') && !/^(addon.*\.cc|napi_helpers\.cc|.*_avx2\.cc|.*_avx512\.cc)$/.test(f))
    .sort();
  assert.deepEqual(manifest.sources, expected, `the .wasm's sources differ from native/src: ${FIX}`);
  assert.deepEqual(manifest.headers, all.filter((f) => f.endsWith('.h')).sort(), `headers differ: ${FIX}`);
});

test('the checked-in .wasm files are the ones the manifest describes', () => {
  assert.deepEqual(Object.keys(manifest.wasm).sort(), ['seqlab-mt.wasm', 'seqlab.wasm'], FIX);
  for (const [file, { sha256: recorded }] of Object.entries(manifest.wasm)) {
    assert.equal(sha256(readFileSync(join('native', 'wasm', file))), recorded, `${file}: ${FIX}`);
  }
});

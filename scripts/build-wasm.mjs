#!/usr/bin/env node
// Builds the WebAssembly backend (native/wasm/seqlab.wasm) from the same C++ kernel sources as the native
// addon, with emscripten's emcc (Debian: `apt-get install emscripten`), and writes
// native/wasm/manifest.json: the emcc version, the flags, and the SHA-256 of every source that went in
// and of the .wasm. The .wasm is checked in, so `npm install` never needs emscripten;
// test/backend/wasm/manifest.test.ts fails when a source no longer matches its recorded hash (run
// `npm run build:wasm` and commit both files), and under CI `node scripts/build-wasm.mjs --check`
// rebuilds into a temporary folder and fails unless the result is the checked-in .wasm byte for byte.
//
// Usage: node scripts/build-wasm.mjs [--check]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'native', 'src');
const outDir = join(root, 'native', 'wasm');
const check = process.argv.includes('--check');

// Every native/src file goes in except the N-API glue and the x86 instruction-set kernels (their wasm128
// counterparts are gemm_wasm.cc and rnn_wasm.cc; the x86 files compile to nothing off x86 anyway).
const NATIVE_ONLY = /^(addon.*\.cc|napi_helpers\.cc|.*_avx2\.cc|.*_avx512\.cc)$/;
const sources = readdirSync(srcDir)
  .filter((f) => f.endsWith('.cc') && !NATIVE_ONLY.test(f))
  .sort();
const headers = readdirSync(srcDir)
  .filter((f) => f.endsWith('.h'))
  .sort();

// Single-threaded, SIMD (wasm128), no JavaScript glue: src/backend/wasm/ loads the module itself and
// supplies its few WASI imports. -g0 and the prefix map keep the output free of paths and byte-stable.
const FLAGS = [
  '-O3',
  '-std=c++17',
  '-msimd128',
  '-fno-exceptions',
  '-fno-math-errno',
  '-g0',
  `-ffile-prefix-map=${root}=.`,
  '-sSTANDALONE_WASM=1',
  '--no-entry',
  '-sALLOW_MEMORY_GROWTH=1',
  '-sINITIAL_MEMORY=16777216',
  '-sMAXIMUM_MEMORY=4294967296',
  '-sTOTAL_STACK=1048576',
  '-sEXPORTED_FUNCTIONS=_malloc,_free',
  '-sERROR_ON_UNDEFINED_SYMBOLS=1',
];

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

function emccVersion() {
  const r = spawnSync('emcc', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    console.error(
      "build-wasm: emcc not found. Install emscripten (Debian/Ubuntu: 'apt-get install emscripten'), then rerun.",
    );
    process.exit(1);
  }
  return /\d+\.\d+\.\d+/.exec(r.stdout)?.[0] ?? r.stdout.split('\n')[0];
}

const version = emccVersion();
const tmp = mkdtempSync(join(tmpdir(), 'seqlab-wasm-'));
try {
  const wasmTmp = join(tmp, 'seqlab.wasm');
  const args = [...FLAGS, ...sources.map((f) => join('native', 'src', f)), '-o', wasmTmp];
  console.log(`build-wasm: emcc ${version}, ${sources.length} sources`);
  const r = spawnSync('emcc', args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('build-wasm: emcc failed (see above)');
    process.exit(1);
  }
  const wasm = readFileSync(wasmTmp);
  if (check) {
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
    const built = sha256(wasm);
    if (built !== manifest.wasmSha256) {
      console.error(
        `build-wasm --check: rebuilding gave a .wasm with SHA-256 ${built}, but native/wasm/manifest.json ` +
          `records ${manifest.wasmSha256} (built with emcc ${manifest.emscripten}; this is ${version}). ` +
          `Run 'npm run build:wasm' and commit native/wasm/.`,
      );
      process.exit(1);
    }
    console.log(`build-wasm --check: the rebuilt .wasm matches the checked-in one (${built})`);
  } else {
    const files = {};
    for (const f of [...sources, ...headers]) files[f] = sha256(readFileSync(join(srcDir, f)));
    const manifest = {
      note: 'Written by scripts/build-wasm.mjs; test/backend/wasm/manifest.test.ts checks the sources against it.',
      emscripten: version,
      flags: FLAGS.filter((f) => !f.startsWith('-ffile-prefix-map')),
      sources,
      headers,
      files,
      wasmSha256: sha256(wasm),
      wasmBytes: wasm.length,
    };
    // Each file is written whole and renamed into place, so a failed build never leaves half a .wasm.
    writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    renameOrCopy(wasmTmp, join(outDir, 'seqlab.wasm'));
    renameOrCopy(join(tmp, 'manifest.json'), join(outDir, 'manifest.json'));
    console.log(`build-wasm: wrote native/wasm/seqlab.wasm (${wasm.length} bytes) and manifest.json`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

function renameOrCopy(from, to) {
  try {
    renameSync(from, to);
  } catch {
    // another file system (tmpdir on tmpfs): write beside the target, then rename
    writeFileSync(to + '.tmp', readFileSync(from));
    renameSync(to + '.tmp', to);
  }
}

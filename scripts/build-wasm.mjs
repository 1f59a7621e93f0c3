#!/usr/bin/env node
// Builds the WebAssembly backend from the same C++ kernel sources as the native addon, with emscripten's
// emcc (Debian: `apt-get install emscripten`), twice: native/wasm/seqlab.wasm (one thread, for any host)
// and native/wasm/seqlab-mt.wasm (threads: shared memory and atomics, for hosts with SharedArrayBuffer).
// It writes native/wasm/manifest.json: the emcc version, the flags, and the SHA-256 of every source that
// went in and of each .wasm. The .wasm files are checked in, so `npm install` never needs emscripten;
// test/backend/wasm/manifest.test.ts fails when a source no longer matches its recorded hash (run
// `npm run build:wasm` and commit native/wasm/), and under CI `node scripts/build-wasm.mjs --check`
// rebuilds into a temporary folder and fails unless the results are the checked-in files byte for byte.
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

// The threaded module. emcc refuses -pthread with STANDALONE_WASM, and its pthread runtime is JavaScript
// glue seqlab does not load, so threads are seqlab's own (threadpool.cc, src/backend/wasm/threads.ts):
// the kernels are compiled with atomics (and bulk memory, which the shared memory's passive data segments
// need) and linked into one imported shared memory, which every worker instantiates the module on. The
// single-threaded libc links in unchanged (--no-check-features: it has no atomics, and touches no
// memory another thread uses, except through malloc, which wasm_malloc.cc locks). Each worker sets its
// own stack (stackRestore) and thread-local block (__wasm_init_tls, __tls_size, __tls_align).
const MT_FLAGS = [
  '-matomics',
  '-mbulk-memory',
  '-DSEQLAB_WASM_THREADS=1',
  '-sEXPORTED_FUNCTIONS=_malloc,_free,stackSave,stackRestore',
  '-Wl,--no-check-features',
  '-Wl,--shared-memory',
  '-Wl,--import-memory',
  '-Wl,--export=__wasm_init_tls',
  '-Wl,--export=__tls_size',
  '-Wl,--export=__tls_align',
];

const VARIANTS = [
  { file: 'seqlab.wasm', flags: FLAGS },
  {
    file: 'seqlab-mt.wasm',
    flags: [...FLAGS.filter((f) => !f.startsWith('-sEXPORTED_FUNCTIONS')), ...MT_FLAGS],
  },
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
  const built = {};
  for (const v of VARIANTS) {
    const out = join(tmp, v.file);
    const args = [...v.flags, ...sources.map((f) => join('native', 'src', f)), '-o', out];
    console.log(`build-wasm: emcc ${version}, ${sources.length} sources → ${v.file}`);
    const r = spawnSync('emcc', args, { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`build-wasm: emcc failed on ${v.file} (see above)`);
      process.exit(1);
    }
    const wasm = readFileSync(out);
    built[v.file] = {
      flags: v.flags.filter((f) => !f.startsWith('-ffile-prefix-map')),
      sha256: sha256(wasm),
      bytes: wasm.length,
    };
  }
  if (check) {
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
    for (const v of VARIANTS) {
      const want = manifest.wasm?.[v.file]?.sha256;
      if (built[v.file].sha256 !== want) {
        console.error(
          `build-wasm --check: rebuilding gave a ${v.file} with SHA-256 ${built[v.file].sha256}, but ` +
            `native/wasm/manifest.json records ${want} (built with emcc ${manifest.emscripten}; this is ` +
            `${version}). Run 'npm run build:wasm' and commit native/wasm/.`,
        );
        process.exit(1);
      }
      console.log(`build-wasm --check: the rebuilt ${v.file} matches the checked-in one (${want})`);
    }
  } else {
    const files = {};
    for (const f of [...sources, ...headers]) files[f] = sha256(readFileSync(join(srcDir, f)));
    const manifest = {
      note: 'Written by scripts/build-wasm.mjs; test/backend/wasm/manifest.test.ts checks the sources against it.',
      emscripten: version,
      sources,
      headers,
      files,
      wasm: built,
    };
    // Each file is written whole and renamed into place, so a failed build never leaves half a .wasm.
    writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    for (const v of VARIANTS) renameOrCopy(join(tmp, v.file), join(outDir, v.file));
    renameOrCopy(join(tmp, 'manifest.json'), join(outDir, 'manifest.json'));
    const sizes = VARIANTS.map((v) => `${v.file} (${built[v.file].bytes} bytes)`).join(', ');
    console.log(`build-wasm: wrote native/wasm/${sizes} and manifest.json`);
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

#!/usr/bin/env node
// Builds the native addon (native/binding.gyp → native/build/Release/seqlab_native.node) with the
// node-gyp that npm ships. Run by `npm install` and `npm run build:native`.
// If the build fails (no C++ compiler, no python3, no Node headers), seqlab still works on the
// WebAssembly backend (the same kernels, checked in as native/wasm/*.wasm): we print one warning and
// exit 0, so installing never breaks.
// Under CI=true a failed build is an error (exit 1): CI must test the native backend.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ci = process.env.CI === 'true' || process.env.CI === '1';

/** node-gyp's CLI script: npm's own (npm_config_node_gyp), a local dependency, or npm's bundled copy. */
function findNodeGyp() {
  const candidates = [];
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  try {
    candidates.push(createRequire(join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not a dependency: fine, npm bundles one
  }
  const nodeDir = dirname(process.execPath); // <prefix>/bin
  for (const prefix of [join(nodeDir, '..'), nodeDir]) {
    candidates.push(
      join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    );
    candidates.push(join(prefix, 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')); // Windows
  }
  if (process.env.npm_execpath) {
    // .../npm/bin/npm-cli.js → .../npm/node_modules/node-gyp/bin/node-gyp.js
    candidates.push(
      join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    );
  }
  candidates.push('/usr/share/nodejs/node-gyp/bin/node-gyp.js'); // Debian's packaged node-gyp
  return candidates.find((c) => c && existsSync(c)) ?? null;
}

function giveUp(reason) {
  if (ci) {
    console.error(`seqlab: building the native addon failed under CI: ${reason}`);
    process.exit(1);
  }
  console.warn(
    `seqlab warning: the native addon was not built (${reason}); seqlab will run on its WebAssembly ` +
      `backend (the same kernels, 2-5x slower). Install g++, make and python3, then run 'npm run build:native'.`,
  );
  process.exit(0);
}

const nodeGyp = findNodeGyp();
if (!nodeGyp) giveUp('node-gyp was not found next to npm');

const args = [nodeGyp, 'rebuild', '--directory', 'native', '-j', '2'];
// Outside npm (no npm_config_nodedir), prefer the headers installed with this node (e.g. /usr/include/node)
// over a download: the build then works offline.
const prefix = resolve(dirname(process.execPath), '..');
if (!process.env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'common.gypi'))) {
  args.push(`--nodedir=${prefix}`);
}
const result = spawnSync(process.execPath, args, {
  cwd: root,
  stdio: ci || process.env.SEQLAB_BUILD_VERBOSE ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
});
if (result.error) giveUp(`node-gyp could not start: ${result.error.message}`);
if (result.status !== 0) {
  // The first few lines that say what went wrong (compiler errors, a missing tool), not gyp's epilogue.
  const noise = /gyp ERR! (command|cwd|node -v|node-gyp -v|not ok|System)/;
  const lines = `${result.stdout ?? ''}\n${result.stderr ?? ''}`
    .split('\n')
    .filter((l) => /error|not found|no such file|failed/i.test(l) && !noise.test(l))
    .slice(0, 3);
  giveUp(`node-gyp exited with status ${result.status}${lines.length ? `:\n  ${lines.join('\n  ')}\n` : ''}`);
}
if (!existsSync(join(root, 'native', 'build', 'Release', 'seqlab_native.node'))) {
  giveUp('node-gyp succeeded but native/build/Release/seqlab_native.node is missing');
}
console.log('seqlab: native addon built (native/build/Release/seqlab_native.node)');

// The parity suite (test/backend/parity: every kernel against the reference backend on fresh random
// inputs) run on the WebAssembly backend: the same files in a child process with
// SEQLAB_PARITY_BACKEND=wasm, where requireNative hands them the wasm backend and the native-only tests
// (instruction-set levels, the addon's environment) skip. Twice: the single-threaded module
// (SEQLAB_NUM_THREADS=1), and the threaded one on 3 threads (workers even on a one-core machine, and
// splits that do not divide evenly), whose thread tests compare 1, 2 and 3 threads bit for bit.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

for (const threads of ['1', '3']) {
  test(`the parity suite passes on the wasm backend, SEQLAB_NUM_THREADS=${threads}`, () => {
    const dir = join('test', 'backend', 'parity');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => join(dir, f));
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...files], {
      // Without NODE_TEST_CONTEXT: under `node --test` the child would otherwise think it is nested and skip.
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_TEST_CONTEXT')),
        SEQLAB_PARITY_BACKEND: 'wasm',
        SEQLAB_NUM_THREADS: threads,
      },
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    const out = run.stdout + run.stderr;
    const failures = out.split('\n').filter((l) => /^\s*not ok/.test(l));
    assert.equal(run.status, 0, `parity on wasm failed:\n${failures.join('\n')}\n${out.slice(-4000)}`);
    // Not vacuous: the kernels ran (skips are only the native-only tests).
    const pass = Number(/^# pass (\d+)/m.exec(out)?.[1] ?? 0);
    assert.ok(pass >= 25, `only ${pass} parity tests passed on wasm:\n${out.slice(-2000)}`);
  });
}

#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's own test runner (through tsx, which strips types).
// Node 20's `--test` takes no globs, so the files are listed here. Extra arguments are
// passed on as filters: `npm test -- lstm` runs only files whose path contains "lstm".
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.test.ts') ? [path] : [];
  });
}

const filters = process.argv.slice(2);
const files = walk('test')
  .map((f) => relative('.', f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
const reporter = process.env.CI ? ['--test-reporter=spec'] : [];
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', ...reporter, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);

#!/usr/bin/env node
// The `seqlab` command. Runs the compiled CLI (dist/); in a source checkout without a build it
// falls back to the TypeScript sources through tsx when that is installed.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli', 'index.js');

if (existsSync(built)) {
  const { main } = await import(pathToFileURL(built).href);
  await main(process.argv);
} else {
  let tsx = null;
  try {
    tsx = createRequire(join(root, 'package.json')).resolve('tsx');
  } catch {
    tsx = null;
  }
  if (!tsx) {
    process.stderr.write(
      'seqlab: error: the CLI is not built (no dist/cli/index.js); run `npm run build` first\n',
    );
    process.exit(1);
  }
  process.on('SIGINT', () => {}); // the child stops cleanly on Ctrl-C; wait for it
  const result = spawnSync(
    process.execPath,
    // Import tsx by file URL: a bare 'tsx' would be resolved from the user's working directory.
    ['--import', pathToFileURL(tsx).href, join(root, 'src', 'cli', 'index.ts'), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(result.status ?? 1);
}

/** Atomic writes: relative names, folders as targets, and failures that leave nothing half-written. */
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { writeFileAtomic, writeFilesAtomic } from '../../../src/data/io/atomic-write.js';
import { SeqlabError } from '../../../src/errors.js';

test('writeFileAtomic keeps the whole name of a relative path without a folder', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'seqlab-atomic-'));
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    await writeFileAtomic('x.json', '{"a":1}');
    await writeFileAtomic('./y.csv', 'a\n1\n');
    await writeFileAtomic('sub/z.txt', 'z');
  } finally {
    process.chdir(cwd);
  }
  assert.deepEqual((await readdir(dir)).sort(), ['sub', 'x.json', 'y.csv']);
  assert.equal(await readFile(join(dir, 'x.json'), 'utf8'), '{"a":1}');
  assert.equal(await readFile(join(dir, 'sub', 'z.txt'), 'utf8'), 'z');
});

test('writeFileAtomic refuses a folder as the target and leaves no temporary file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'seqlab-atomic-'));
  await mkdir(join(dir, 'out'));
  await assert.rejects(writeFileAtomic(join(dir, 'out'), 'data'), (e: unknown) => {
    assert.ok(e instanceof SeqlabError);
    assert.match(e.message, /is a folder/);
    return true;
  });
  await assert.rejects(writeFileAtomic(join(dir, 'out') + '/', 'data'), SeqlabError);
  assert.deepEqual(await readdir(dir), ['out']);
  assert.deepEqual(await readdir(join(dir, 'out')), []);
});

test('a set whose last file cannot be written leaves the old files untouched and no temporaries', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'seqlab-atomic-'));
  await writeFile(join(dir, 'a.txt'), 'old');
  // A file where a folder is needed makes the second write fail after the first temp was written.
  await writeFile(join(dir, 'blocker'), '');
  await assert.rejects(
    writeFilesAtomic(dir, [
      ['a.txt', 'new'],
      ['blocker/b.txt', 'b'],
    ]),
  );
  assert.equal(await readFile(join(dir, 'a.txt'), 'utf8'), 'old');
  assert.deepEqual((await readdir(dir)).sort(), ['a.txt', 'blocker']);
});

/**
 * The one way seqlab writes files a user keeps: to a temporary name beside the target, then renamed
 * into place, so a reader (or a crash) never sees a half-written file; on failure the temporaries
 * are removed.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { SeqlabError } from '../../errors.js';

/**
 * Writes files into `dir` atomically as a set: every file goes to a temporary name first and is
 * renamed into place only when all of them were written.
 * @example await writeFilesAtomic('runs/x', [['report.html', html], ['report.png', png]]);
 */
export async function writeFilesAtomic(dir: string, files: [string, string | Uint8Array][]): Promise<void> {
  const suffix = `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const targets = files.map(([name]) => join(dir, name));
  const temps = targets.map((t) => t + suffix);
  for (const t of targets) {
    const existing = await stat(t).catch(() => undefined);
    if (existing?.isDirectory())
      throw new SeqlabError(
        `Cannot write ${t}: it is a folder. Give a file name (for example ${join(t, 'out')}).`,
      );
  }
  try {
    for (const t of new Set(targets.map(dirname))) await mkdir(t, { recursive: true });
    for (let i = 0; i < files.length; i++) await writeFile(temps[i]!, files[i]![1]);
    for (let i = 0; i < files.length; i++) await rename(temps[i]!, targets[i]!);
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    throw e;
  }
}

/**
 * Writes one file atomically, creating its folder.
 * @example await writeFileAtomic('out/predictions.csv', csv);
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  if (path === '' || /[/\\]$/.test(path))
    throw new SeqlabError(`Cannot write '${path}': it names a folder, not a file. Give a file name.`);
  await writeFilesAtomic(dirname(path), [[basename(path), content]]);
}

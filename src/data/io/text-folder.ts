/** Text corpora laid out one folder per class: root/<class>/*.txt (the aclImdb layout). */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '../errors.js';

export interface TextFolder {
  texts: string[];
  /** Class index per text, into classNames. */
  labels: Int32Array;
  /** Sorted folder names. */
  classNames: string[];
  /** File names relative to root, aligned with texts. */
  files: string[];
}

export interface ReadTextFolderOptions {
  /** Which sub-folders are classes (default: every sub-folder, sorted). e.g. ['neg', 'pos'] skips aclImdb's 'unsup'. */
  classNames?: string[];
  /** File extension to read (default '.txt'). */
  extension?: string;
  /** Files read at once (default 64). */
  concurrency?: number;
}

/**
 * Reads every text file of root/<class>/ with the class index as label (classes in sorted order,
 * files in natural order: 2.txt before 10.txt).
 * @example const { texts, labels, classNames } = await readTextFolder('aclImdb/train', { classNames: ['neg', 'pos'] });
 */
export async function readTextFolder(root: string, options: ReadTextFolderOptions = {}): Promise<TextFolder> {
  const ext = options.extension ?? '.txt';
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    throw new DataError(
      `${root}: no such folder; expected one sub-folder per class (e.g. ${root}/pos/*.txt, ${root}/neg/*.txt)`,
    );
  }
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const classNames = options.classNames ?? dirs;
  for (const c of classNames)
    if (!dirs.includes(c))
      throw new DataError(
        `${root}: no class folder "${c}"; found ${dirs.map((d) => `"${d}"`).join(', ') || 'no folders'}`,
      );
  if (classNames.length === 0)
    throw new DataError(`${root}: no class sub-folders; expected e.g. ${root}/pos/*.txt`);
  const files: string[] = [];
  const labelList: number[] = [];
  const collator = new Intl.Collator('en', { numeric: true });
  for (const [k, c] of classNames.entries()) {
    const names = (await readdir(join(root, c))).filter((n) => n.endsWith(ext)).sort(collator.compare);
    for (const n of names) {
      files.push(join(c, n));
      labelList.push(k);
    }
  }
  if (files.length === 0) throw new DataError(`${root}: no ${ext} files in ${classNames.join(', ')}`);
  const texts = new Array<string>(files.length);
  const concurrency = options.concurrency ?? 64;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, files.length) }, async () => {
      while (next < files.length) {
        const i = next++;
        texts[i] = await readFile(join(root, files[i]!), 'utf8');
      }
    }),
  );
  return { texts, labels: Int32Array.from(labelList), classNames, files };
}

/** True when path is a folder. */
export async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

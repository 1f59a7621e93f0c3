/** Text corpora in a folder: one folder per class (root/<class>/*.txt, the aclImdb layout), or one file per class. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '../errors.js';
import { Frame } from '../frame.js';
import { readTextFile } from './compressed.js';

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
  const texts = await readAll(
    files.map((f) => join(root, f)),
    (p) => readFile(p, 'utf8'),
    options.concurrency,
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

/** Names that are not texts of a class: hidden files, and what archives and editors leave behind. */
const SKIP = /^(\.|__MACOSX$|Thumbs\.db$|desktop\.ini$)/i;
/** Files of tables, not texts: a folder of them is not a corpus. */
const TABLE_FILE = /\.(csv|tsv|xlsx|xls|parquet|pq|jsonl|ndjson|json|npy|npz)(\.(gz|xz|bz2|zip))?$/i;

/** A licence or a readme beside the texts. */
const PAPERS = /^(LICENSE|LICENCE|README|COPYING)(\.(txt|md))?$/i;

/**
 * A text corpus in a folder, as a Frame (`text`, `label`), in either layout people download:
 * - one sub-folder per class, one text per file (aclImdb's `train/pos/*.txt`, BBC News, 20 Newsgroups'
 *   files without an extension): Keras's `text_dataset_from_directory`. Every sub-folder is a class, as
 *   in Keras (aclImdb's `train/unsup` too: remove it first; readTextFolder's `classNames` picks some);
 * - one file per class, one text per line (Pang and Lee's `rt-polarity.pos` / `rt-polarity.neg`,
 *   `pos.txt` / `neg.txt`): the class is the file's name less what every name shares (`rt-polarity.`,
 *   `.txt`).
 * Files are decoded as readTextFile does (UTF-8, or Windows-1252 when that is what they are). What was
 * read is said in `notes`.
 * @example const df = await readTextFolderFrame('aclImdb/test'); df.columns // ['text', 'label']
 */
export async function readTextFolderFrame(
  root: string,
  notes?: string[],
  readTable?: (path: string) => Promise<Frame>,
): Promise<Frame> {
  const entries = (await readdir(root, { withFileTypes: true })).filter((e) => !SKIP.test(e.name));
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  const collator = new Intl.Collator('en', { numeric: true });
  const texts: string[] = [];
  const labels: string[] = [];
  if (dirs.length) {
    const classes = dirs.sort(collator.compare);
    const counts: string[] = [];
    const papers: string[] = [];
    for (const c of classes) {
      const all = (await readdir(join(root, c), { withFileTypes: true }))
        .filter((e) => e.isFile() && !SKIP.test(e.name))
        .map((e) => e.name);
      // A corpus's own papers in a class folder (livedoor's LICENSE.txt in each) are not texts of it.
      const files = all.filter((f) => !PAPERS.test(f)).sort(collator.compare);
      tablesIn(
        root,
        files.map((f) => join(c, f)),
      );
      papers.push(...all.filter((f) => PAPERS.test(f)).map((f) => `${c}/${f}`));
      const read = await readAll(files.map((f) => join(root, c, f)));
      texts.push(...read);
      labels.push(...read.map(() => c));
      counts.push(`${c} ${read.length}`);
    }
    if (texts.length === 0)
      throw new DataError(`${root}: the class folders ${classes.join(', ')} hold no files`);
    notes?.push(
      `a folder of class folders (Keras's text_dataset_from_directory): one text per file, the folder's name its label (${counts.join(', ')})${papers.length ? `; ${papers.slice(0, 2).join(', ')}${papers.length > 2 ? ', …' : ''} left out (a licence or readme, not a text of the class)` : ''}`,
    );
  } else {
    const files = entries
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort(collator.compare);
    if (
      readTable &&
      files.length >= 2 &&
      files.every((f) => TABLE_FILE.test(f)) &&
      !files.some((f) => SPLIT.test(f))
    )
      return tablePerClass(root, files, readTable, notes);
    tablesIn(root, files);
    if (files.length < 2)
      throw new DataError(
        `${root}: expected one sub-folder per class (${root}/pos/*.txt, ${root}/neg/*.txt) or one file per class with a text per line (pos.txt, neg.txt); found ${files.length ? `one file, ${files[0]}` : 'nothing'}`,
      );
    const classes = distinctParts(files);
    const counts: string[] = [];
    for (const [k, f] of files.entries()) {
      const lines = (await readTextFile(join(root, f))).split(/\r?\n/);
      if (lines.at(-1) === '') lines.pop(); // the newline that ends the file
      texts.push(...lines);
      labels.push(...lines.map(() => classes[k]!));
      counts.push(`${classes[k]} ${lines.length}`);
    }
    notes?.push(
      `a folder of one file per class: one text per line, the label from the file's name (${counts.join(', ')})`,
    );
  }
  return Frame.fromColumns({ text: texts, label: labels });
}

/** A file named like a split of one data set, not a class. */
const SPLIT = /(^|[^a-z])(train|training|test|testing|valid|validation|val|dev|eval)([^a-z]|$)/i;

/**
 * One table per class (the ISOT fake news set's `Fake.csv` and `True.csv`): the rows of all, the
 * file's name (less what the names share) as column `label`. The tables must have the same columns,
 * none named `label`.
 */
async function tablePerClass(
  root: string,
  files: readonly string[],
  readTable: (path: string) => Promise<Frame>,
  notes?: string[],
): Promise<Frame> {
  const classes = distinctParts(files);
  const frames: Frame[] = [];
  for (const f of files) {
    const frame = await readTable(join(root, f));
    const first = frames[0];
    if (first && first.columns.join('\u0000') !== frame.columns.join('\u0000'))
      throw new DataError(
        `${root}: one table per class needs the same columns in each; ${files[0]} has ${first.columns.join(', ')}, ${f} has ${frame.columns.join(', ')}. Give one file (seqlab init ${join(root, files[0]!)})`,
      );
    if (frame.columns.includes('label'))
      throw new DataError(
        `${root}: ${f} has a 'label' column of its own, so its file name is not its class; give one file (seqlab init ${join(root, f)}, with --test for another)`,
      );
    frames.push(frame);
  }
  const all = Frame.concat(frames);
  notes?.push(
    `a folder of one table per class (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''}): their rows joined, the file's name as column 'label' (${frames.map((f, k) => `${classes[k]} ${f.nRows.toLocaleString('en-US')}`).join(', ')})`,
  );
  return all.withColumn(
    'label',
    frames.flatMap((f, k) => new Array<string>(f.nRows).fill(classes[k]!)),
  );
}

/** Refuses a folder of tables (train.csv, test.csv): it would be read as texts, a line or a file each. */
function tablesIn(root: string, files: readonly string[]): void {
  const tables = files.filter((f) => TABLE_FILE.test(f));
  if (tables.length === 0) return;
  const train = tables.find((f) => /train/i.test(f)) ?? tables[0]!;
  const test = tables.find((f) => /test/i.test(f) && f !== train);
  throw new DataError(
    `${root}: a folder of texts holds text files, but it holds tables (${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', …' : ''}); give one file, and a test file with --test (seqlab init ${join(root, train)}${test ? ` --test ${join(root, test)}` : ''})`,
  );
}

/** The files' texts, `concurrency` read at a time, in the order of `paths`. */
async function readAll(
  paths: readonly string[],
  read: (path: string) => Promise<string> = readTextFile,
  concurrency = 64,
): Promise<string[]> {
  const out = new Array<string>(paths.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, paths.length) }, async () => {
      while (next < paths.length) {
        const i = next++;
        out[i] = await read(paths[i]!);
      }
    }),
  );
  return out;
}

/**
 * File names less the prefix and suffix they all share, cut where a word ends: rt-polarity.neg,
 * rt-polarity.pos → neg, pos; neg.txt, neu.txt → neg, neu (not g, u).
 */
function distinctParts(names: readonly string[]): string[] {
  const first = names[0]!;
  const shortest = Math.min(...names.map((n) => n.length));
  let pre = 0;
  while (pre < shortest && names.every((n) => n[pre] === first[pre])) pre++;
  while (pre > 0 && /[\p{L}\p{N}]/u.test(first[pre - 1]!)) pre--;
  let suf = 0;
  while (suf < shortest - pre && names.every((n) => n[n.length - 1 - suf] === first[first.length - 1 - suf]))
    suf++;
  while (suf > 0 && /[\p{L}\p{N}]/u.test(first[first.length - suf]!)) suf--;
  return names.map((n) => n.slice(pre, n.length - suf) || n);
}

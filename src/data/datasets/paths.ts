/** Where data sets are looked for: an explicit path, then $SEQLAB_DATA, then ~/.cache/seqlab. */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../errors.js';

/** The folders searched, in order, for a data set file. */
export function dataDirs(path?: string): string[] {
  const dirs: string[] = [];
  if (path) dirs.push(path);
  if (process.env.SEQLAB_DATA) dirs.push(process.env.SEQLAB_DATA);
  dirs.push(join(homedir(), '.cache', 'seqlab'));
  return dirs;
}

/**
 * The first existing candidate: `path` itself when it is a file, else `dir/name` for each data folder.
 * Throws a DataError listing the places searched and `howToGet`.
 * @example resolveDataFile(['breast_cancer.csv'], { path: '../shared/data' })
 */
export function resolveDataFile(
  names: string[],
  opts: { path?: string; dataset: string; howToGet: string },
): string {
  if (opts.path && existsSync(opts.path) && statSync(opts.path).isFile()) return opts.path;
  const tried: string[] = [];
  for (const dir of dataDirs(opts.path)) {
    for (const n of names) {
      const p = join(dir, n);
      tried.push(p);
      if (existsSync(p)) return p;
    }
  }
  throw new DataError(
    `${opts.dataset}: data not found; looked for ${tried.join(', ')}. ${opts.howToGet} Then pass { path }, set SEQLAB_DATA to the folder, or put the files in ~/.cache/seqlab.`,
  );
}

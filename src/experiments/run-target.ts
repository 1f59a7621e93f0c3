/**
 * Where a run is built and how it replaces what was there: a run folder that already holds files is
 * never written into, unless the user asked to continue it (--resume) or to replace it (--force); a
 * replacement is built beside the old run and swapped in only when complete, so a failed or killed
 * re-run leaves the old run (and its model) as it was.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';

import { claimLock, describeHolder } from '../data/io/lock-file.js';
import { SeqlabError } from '../errors.js';
import { CHECKPOINT_DIR, findCheckpoint, type FoundCheckpoint } from './checkpoint.js';

/** The run folder cannot be used as asked. */
export class RunFolderError extends SeqlabError {}

export interface RunTarget {
  /** The folder the user named. */
  out: string;
  /** Where this run writes (out itself, or out.new when replacing a run with --force). */
  buildDir: string;
  /** The checkpoint to continue from (--resume). */
  checkpoint: FoundCheckpoint | null;
}

const listing = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir) : []);

/**
 * Decides where the run goes, before any data is read or any epoch is trained.
 * @example const target = await chooseRunTarget('runs/airline', { force: false, resume: false });
 */
export async function chooseRunTarget(
  out: string,
  { force = false, resume = false }: { force?: boolean; resume?: boolean },
): Promise<RunTarget> {
  if (existsSync(out) && !statSync(out).isDirectory())
    throw new RunFolderError(`${out} is a file, not a run folder; choose another --out`);
  const staging = `${out}.new`;
  if (resume) {
    for (const dir of [out, staging]) {
      const checkpoint = await findCheckpoint(dir);
      if (checkpoint) return { out, buildDir: dir, checkpoint };
    }
    const complete = listing(out).includes('metrics.json');
    throw new RunFolderError(
      complete
        ? `${out} holds a complete run (metrics.json) and no checkpoint: there is nothing to resume. ` +
            `Use --force to train it again, or another --out.`
        : `${out} has no training checkpoint to resume (a run saves one after every epoch, in ${out}/${CHECKPOINT_DIR}). ` +
            `Train without --resume.`,
    );
  }
  const files = listing(out);
  if (files.length === 0) return { out, buildDir: out, checkpoint: null };
  if (!force) {
    const shown = files.slice(0, 5).join(', ') + (files.length > 5 ? `, … (${files.length} entries)` : '');
    const hint = files.includes(CHECKPOINT_DIR)
      ? ' It holds an interrupted run: add --resume to continue it.'
      : '';
    throw new RunFolderError(
      `${out} already holds files (${shown}); a run never writes into another run's folder.${hint} ` +
        `Use --force to replace it (the old run is kept until the new one is complete), or choose another --out.`,
    );
  }
  await rm(staging, { recursive: true, force: true }); // a replacement that never finished
  return { out, buildDir: staging, checkpoint: null };
}

/** Makes a completed run the run folder: swaps a replacement in (old run removed only afterwards). */
export async function commitRunTarget(target: RunTarget): Promise<void> {
  if (target.buildDir === target.out) return;
  const old = `${target.out}.old-${randomBytes(4).toString('hex')}`;
  if (existsSync(target.out)) await rename(target.out, old);
  await rename(target.buildDir, target.out);
  await rm(old, { recursive: true, force: true });
}

/**
 * Claims a run folder for this process until the returned function is called: `<out>.lock` (beside
 * the folder, so it covers the `.new` replacement too) names the writer. Two runs started with the
 * same --out would otherwise both write checkpoints into it, and the one that failed would remove the
 * folder with the other's finished run in it.
 * @example const release = lockRunFolder('runs/airline'); try { … } finally { release(); }
 */
export function lockRunFolder(out: string): () => void {
  const lock = `${resolve(out)}.lock`; // resolve: 'runs/x/' must not put the lock inside the folder
  return claimLock(
    lock,
    (holder) =>
      new RunFolderError(
        `${out} is being written by another seqlab run (${describeHolder(holder)}): wait for it to end, ` +
          `or choose another --out. If that run is gone, delete ${lock}.`,
      ),
  );
}

/**
 * A lock file that says who writes a folder: a run folder (`RUN.lock`) or a study (`study.lock`).
 * It holds the writer's pid, host and start time. The writer touches it every 30 s, so a lock on a
 * shared disk written from another machine or container counts as held only while it stays fresh.
 * A lock whose process is gone (`kill -9`, a crash) is taken over.
 */
import { mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  started: string;
}

const HEARTBEAT_MS = 30_000;
/** A lock from another host untouched this long is left over from a machine or container that is gone. */
const STALE_MS = 10 * 60_000;
/** Locks this process holds (a second claim on one of them, from this same process, is refused too). */
const heldHere = new Set<string>();

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}

/** The lock's writer; a bare pid (the study lock's earlier format) is read as one on this host. */
function readHolder(path: string): LockHolder | undefined {
  try {
    const text = readFileSync(path, 'utf8').trim();
    if (/^\d+$/.test(text)) return { pid: Number(text), host: hostname(), started: 'earlier' };
    return JSON.parse(text) as LockHolder;
  } catch {
    return undefined; // being written this instant, or removed: counted as held
  }
}

function stillHeld(path: string, holder: LockHolder): boolean {
  if (holder.host !== hostname()) {
    const age = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    return age < STALE_MS;
  }
  // The same pid as this process: held only if this process took it (else a container restarted
  // with the pid the killed writer had).
  return holder.pid === process.pid ? heldHere.has(resolve(path)) : pidAlive(holder.pid);
}

/**
 * Takes the lock at `path` for this process, or throws `refuse(holder)` while another writer holds
 * it. Returns the release function; the lock is also released when the process exits normally.
 * @example
 * const release = claimLock('runs/x.lock', (h) => new Error(`held by ${h?.pid}`));
 * try { … } finally { release(); }
 */
export function claimLock(path: string, refuse: (holder: LockHolder | undefined) => Error): () => void {
  mkdirSync(dirname(path), { recursive: true });
  const me: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, `${JSON.stringify(me)}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readHolder(path);
    if (attempt > 0 || !holder || stillHeld(path, holder)) throw refuse(holder);
    rmSync(path, { force: true }); // left by a writer that is gone; claim it once more
  }
  const key = resolve(path);
  heldHere.add(key);
  const heartbeat = setInterval(() => {
    const now = new Date();
    try {
      utimesSync(path, now, now);
    } catch {
      // removed by hand: nothing to refresh
    }
  }, HEARTBEAT_MS).unref();
  const release = (): void => {
    clearInterval(heartbeat);
    process.off('exit', release);
    heldHere.delete(key);
    rmSync(path, { force: true });
  };
  process.on('exit', release); // process.exit() (a second Ctrl-C) skips finally blocks
  return release;
}

/** "process 123 on host, started 2026-…" for a refusal message. */
export function describeHolder(holder: LockHolder | undefined): string {
  return holder ? `process ${holder.pid} on ${holder.host}, started ${holder.started}` : 'another process';
}

/** Lock files (RUN.lock, study.lock): held while the writer lives, taken over once it is gone. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { claimLock } from '../../../src/data/io/lock-file.js';

const refuse = (h: { pid: number; host: string } | undefined): Error =>
  new Error(`held by ${h ? `${h.pid}@${h.host}` : '?'}`);
const lockPath = (): string => join(mkdtempSync(join(tmpdir(), 'seqlab-lock-')), 'run.lock');

test('a lock is held until released, also against a second claim from the same process', () => {
  const path = lockPath();
  const release = claimLock(path, refuse);
  assert.throws(() => claimLock(path, refuse), new RegExp(`held by ${process.pid}@`));
  release();
  assert.ok(!existsSync(path));
  claimLock(path, refuse)();
});

test('the lock of a process that is gone is taken over; a live one (bare pid too) is not', () => {
  const path = lockPath();
  const gone = spawnSync(process.execPath, ['-e', '']).pid!; // exited: its pid is free
  writeFileSync(path, JSON.stringify({ pid: gone, host: hostname(), started: 'x' }));
  claimLock(path, refuse)();
  // The same pid as this process but not taken by it: a container restarted with the killed writer's pid.
  writeFileSync(path, JSON.stringify({ pid: process.pid, host: hostname(), started: 'x' }));
  claimLock(path, refuse)();
  // study.lock's earlier format: a bare pid, here of a live process (pid 1 always runs).
  writeFileSync(path, '1');
  assert.throws(() => claimLock(path, refuse), /held by 1@/);
});

test('a lock from another host is held while it is refreshed, and taken over after ten quiet minutes', () => {
  const path = lockPath();
  writeFileSync(path, JSON.stringify({ pid: 4242, host: 'elsewhere', started: 'x' }));
  assert.throws(() => claimLock(path, refuse), /held by 4242@elsewhere/);
  const old = new Date(Date.now() - 11 * 60_000);
  utimesSync(path, old, old);
  claimLock(path, refuse)();
});

/**
 * Writing a run folder safely: every file is written to a temp name and renamed into place, and a
 * failed run removes what it wrote, so a folder never looks complete when it is not.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../data/io/atomic-write.js';

/** The files of a run, written atomically; `abort()` removes everything this run wrote. */
export class RunFolder {
  private readonly written: string[] = [];
  private readonly createdDir: boolean;

  constructor(readonly dir: string) {
    this.createdDir = !existsSync(dir) || readdirSync(dir).length === 0;
  }

  /** Creates the folder. */
  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  /**
   * Writes one file atomically (temp file + rename).
   * @example await run.write('metrics.json', JSON.stringify(metrics, null, 2));
   */
  async write(name: string, content: string | Uint8Array): Promise<void> {
    const target = this.path(name);
    await writeFileAtomic(target, content);
    this.written.push(target);
  }

  async writeJson(name: string, value: unknown): Promise<void> {
    await this.write(name, `${JSON.stringify(value, jsonReplacer, 2)}\n`);
  }

  /** Records a path written by someone else (the model folder) so abort() removes it too. */
  track(path: string): void {
    this.written.push(path);
  }

  /** Removes what this run wrote (and the folder when this run created it). Synchronous, so it works in exit handlers. */
  abort(): void {
    if (this.createdDir) {
      rmSync(this.dir, { recursive: true, force: true });
      return;
    }
    for (const p of this.written.reverse()) rmSync(p, { recursive: true, force: true });
  }
}

/** JSON without NaN/Infinity (written as null) and typed arrays as lists. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

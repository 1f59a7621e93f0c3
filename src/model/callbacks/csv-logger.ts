import { appendFile, writeFile } from 'node:fs/promises';
import type { Callback, Logs } from './callback.js';

/**
 * Appends one row per epoch (epoch, then the logs in a stable column order) to a CSV file.
 * @example callbacks.csvLogger({ filename: 'runs/imdb/history.csv' })
 */
export class CSVLogger implements Callback {
  private columns: string[] | null = null;

  constructor(private readonly config: { filename: string; append?: boolean; separator?: string }) {}

  async onTrainBegin(): Promise<void> {
    this.columns = null;
    if (!this.config.append) await writeFile(this.config.filename, '');
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    const sep = this.config.separator ?? ',';
    let text = '';
    if (!this.columns) {
      this.columns = Object.keys(logs).sort();
      if (!this.config.append) text += ['epoch', ...this.columns].join(sep) + '\n';
    }
    text += [epoch, ...this.columns.map((c) => logs[c] ?? '')].join(sep) + '\n';
    await appendFile(this.config.filename, text);
  }
}

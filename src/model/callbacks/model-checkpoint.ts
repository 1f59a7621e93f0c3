import { improves, resolveMode, type Callback, type CallbackModel, type Logs } from './callback.js';

export interface ModelCheckpointConfig {
  /** Folder to save to; `{epoch}` and any log name in braces are filled in (e.g. 'ckpt/{epoch}'). */
  filepath: string;
  /** Default 'val_loss'. */
  monitor?: string;
  /** Only save when the monitored value improves. Default false. */
  saveBestOnly?: boolean;
  /** Default 'auto'. */
  mode?: 'auto' | 'min' | 'max';
  /** Save the optimizer state too, so training can resume. Default true. */
  includeOptimizer?: boolean;
}

/**
 * Saves the model after each epoch (or only the best one). Saves are atomic: a crash never leaves
 * a half-written model behind.
 *
 * @example
 * callbacks.modelCheckpoint({ filepath: 'runs/imdb/best', monitor: 'val_loss', saveBestOnly: true })
 */
export class ModelCheckpoint implements Callback {
  private readonly monitor: string;
  private readonly mode: 'min' | 'max';
  private best: number;
  private model: CallbackModel | null = null;
  /** Paths written so far, in order. */
  readonly saved: string[] = [];

  constructor(private readonly config: ModelCheckpointConfig) {
    this.monitor = config.monitor ?? 'val_loss';
    this.mode = resolveMode(config.mode ?? 'auto', this.monitor);
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  setModel(model: CallbackModel): void {
    this.model = model;
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    if (this.config.saveBestOnly) {
      const current = logs[this.monitor];
      if (current === undefined || !improves(this.mode, current, this.best, 0)) return;
      this.best = current;
    }
    const path = this.config.filepath.replace(/\{(\w+)\}/g, (_, key: string) =>
      key === 'epoch' ? String(epoch + 1) : String(logs[key] ?? key),
    );
    await this.model!.save(path, { includeOptimizer: this.config.includeOptimizer ?? true });
    this.saved.push(path);
  }
}

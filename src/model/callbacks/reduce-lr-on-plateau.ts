import { improves, resolveMode, type Callback, type CallbackModel, type Logs } from './callback.js';

export interface ReduceLROnPlateauConfig {
  /** Default 'val_loss'. */
  monitor?: string;
  /** New rate = rate · factor. Default 0.1. */
  factor?: number;
  /** Epochs without improvement before reducing. Default 10. */
  patience?: number;
  /** Default 'auto'. */
  mode?: 'auto' | 'min' | 'max';
  /** Default 1e-4. */
  minDelta?: number;
  /** Epochs to wait after a reduction. Default 0. */
  cooldown?: number;
  /** Lower bound on the learning rate. Default 0. */
  minLr?: number;
}

/**
 * Multiplies the learning rate by `factor` when `monitor` stops improving (Keras' ReduceLROnPlateau).
 * @example callbacks.reduceLrOnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 2 })
 */
export class ReduceLROnPlateau implements Callback {
  private readonly monitor: string;
  private readonly mode: 'min' | 'max';
  private best: number;
  private wait = 0;
  private cooldownLeft = 0;
  private model: CallbackModel | null = null;

  constructor(private readonly config: ReduceLROnPlateauConfig = {}) {
    this.monitor = config.monitor ?? 'val_loss';
    this.mode = resolveMode(config.mode ?? 'auto', this.monitor);
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  setModel(model: CallbackModel): void {
    this.model = model;
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    const current = logs[this.monitor];
    if (current === undefined) return;
    logs.learning_rate = this.model!.learningRate;
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      this.wait = 0;
    }
    if (improves(this.mode, current, this.best, this.config.minDelta ?? 1e-4)) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownLeft === 0 && ++this.wait >= (this.config.patience ?? 10)) {
      const minLr = this.config.minLr ?? 0;
      const old = this.model!.learningRate;
      if (old > minLr) {
        this.model!.learningRate = Math.max(old * (this.config.factor ?? 0.1), minLr);
        this.cooldownLeft = this.config.cooldown ?? 0;
        this.wait = 0;
      }
    }
  }
}

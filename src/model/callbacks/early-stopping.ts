import type { Tensor } from '../../autograd/tensor.js';
import { improves, resolveMode, type Callback, type CallbackModel, type Logs } from './callback.js';

export interface EarlyStoppingConfig {
  /** Quantity to watch. Default 'val_loss'. */
  monitor?: string;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping. Default 0. */
  patience?: number;
  /** 'min', 'max' or 'auto' (max for accuracy-like names). Default 'auto'. */
  mode?: 'auto' | 'min' | 'max';
  /** Stop if the monitored value does not beat this. Default none. */
  baseline?: number | null;
  /** At the end, put back the weights of the best epoch. Default false. */
  restoreBestWeights?: boolean;
  /** Epochs to wait before watching. Default 0. */
  startFromEpoch?: number;
}

/**
 * Stops training when `monitor` has not improved for `patience` epochs (Keras' EarlyStopping),
 * optionally restoring the best epoch's weights — which, unlike TF.js, works.
 *
 * @example
 * callbacks.earlyStopping({ monitor: 'val_loss', patience: 3, restoreBestWeights: true })
 */
export class EarlyStopping implements Callback {
  readonly monitor: string;
  private readonly mode: 'min' | 'max';
  private readonly minDelta: number;
  private readonly patience: number;
  private wait = 0;
  private best = NaN;
  private bestWeights: Tensor[] | null = null;
  /** The epoch at which training stopped (0 if it ran to the end). */
  stoppedEpoch = 0;
  /** The epoch with the best monitored value. */
  bestEpoch = 0;
  private model: CallbackModel | null = null;

  constructor(private readonly config: EarlyStoppingConfig = {}) {
    this.monitor = config.monitor ?? 'val_loss';
    this.mode = resolveMode(config.mode ?? 'auto', this.monitor);
    this.minDelta = Math.abs(config.minDelta ?? 0);
    this.patience = config.patience ?? 0;
  }

  setModel(model: CallbackModel): void {
    this.model = model;
  }

  onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.bestWeights = null;
    this.bestEpoch = 0;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const current = logs[this.monitor];
    if (current === undefined) {
      process.emitWarning(
        `EarlyStopping: '${this.monitor}' is not among the logged values (${Object.keys(logs).join(', ')}); ` +
          `use validationSplit/validationData for val_ metrics`,
      );
      return;
    }
    if (epoch < (this.config.startFromEpoch ?? 0)) return;
    if (this.config.restoreBestWeights && this.bestWeights === null)
      this.bestWeights = this.model!.getWeights();
    this.wait++;
    if (improves(this.mode, current, this.best, this.minDelta)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.config.restoreBestWeights) this.bestWeights = this.model!.getWeights();
      // Only restart the wait if we beat both the baseline and our previous best.
      if (
        this.config.baseline === undefined ||
        this.config.baseline === null ||
        improves(this.mode, current, this.config.baseline, this.minDelta)
      ) {
        this.wait = 0;
      }
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model!.stopTraining = true;
    }
  }

  onTrainEnd(): void {
    if (this.config.restoreBestWeights && this.bestWeights) this.model!.setWeights(this.bestWeights);
  }
}

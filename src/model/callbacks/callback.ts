import type { Tensor } from '../../autograd/tensor.js';
import type { Optimizer } from '../../optimizers/optimizer.js';

/** Per-batch or per-epoch values: loss, metrics, and val_ versions at epoch end. */
export type Logs = Record<string, number>;

/** What a callback may do to the model being trained. */
export interface CallbackModel {
  /** Set to true to stop after the current batch/epoch. */
  stopTraining: boolean;
  getWeights(): Tensor[];
  setWeights(weights: readonly Tensor[]): void;
  save(path: string, options?: { includeOptimizer?: boolean }): Promise<void>;
  /** The optimizer's current learning rate (settable). */
  learningRate: number;
  /** The compiled optimizer (SwapEMAWeights swaps its weight averages in). */
  optimizer: Optimizer | null;
  readonly trainableWeights: Tensor[];
}

/** Training parameters a callback may read (progress bars use them). */
export interface TrainingParams {
  epochs: number;
  steps: number | null;
  samples: number | null;
  verbose: number;
  metrics: string[];
}

/**
 * Hooks into fit(). Implement any subset; methods may be async.
 *
 * @example
 * const printer: Callback = { onEpochEnd: (epoch, logs) => console.log(epoch, logs.loss) };
 * await model.fit(x, y, { epochs: 3, callbacks: [printer] });
 */
export interface Callback {
  setModel?(model: CallbackModel, params: TrainingParams): void;
  onTrainBegin?(logs: Logs): void | Promise<void>;
  onTrainEnd?(logs: Logs): void | Promise<void>;
  onEpochBegin?(epoch: number, logs: Logs): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs): void | Promise<void>;
  onBatchBegin?(batch: number, logs: Logs): void | Promise<void>;
  onBatchEnd?(batch: number, logs: Logs): void | Promise<void>;
  /** Around the validation pass at the end of each epoch (before onEpochEnd). */
  onTestBegin?(): void | Promise<void>;
  onTestEnd?(): void | Promise<void>;
}

/** Runs a list of callbacks in order. */
export class CallbackList {
  constructor(private readonly callbacks: readonly Callback[]) {}

  setModel(model: CallbackModel, params: TrainingParams): void {
    for (const c of this.callbacks) c.setModel?.(model, params);
  }
  async trainBegin(logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onTrainBegin?.(logs);
  }
  async trainEnd(logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onTrainEnd?.(logs);
  }
  async epochBegin(epoch: number, logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onEpochBegin?.(epoch, logs);
  }
  async epochEnd(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochEnd?.(epoch, logs);
  }
  async batchBegin(batch: number, logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onBatchBegin?.(batch, logs);
  }
  async batchEnd(batch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchEnd?.(batch, logs);
  }
  async testBegin(): Promise<void> {
    for (const c of this.callbacks) await c.onTestBegin?.();
  }
  async testEnd(): Promise<void> {
    for (const c of this.callbacks) await c.onTestEnd?.();
  }
}

/** Whether `current` improves on `best` for a monitored quantity. */
export function improves(mode: 'min' | 'max', current: number, best: number, minDelta: number): boolean {
  return mode === 'min' ? current < best - minDelta : current > best + minDelta;
}

/** Keras's 'auto' mode: maximise accuracy-like metrics, minimise the rest. */
export function resolveMode(mode: 'auto' | 'min' | 'max', monitor: string): 'min' | 'max' {
  if (mode !== 'auto') return mode;
  return /acc|auc|precision|recall|f1/.test(monitor) ? 'max' : 'min';
}

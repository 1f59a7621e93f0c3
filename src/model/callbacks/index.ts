import { CSVLogger } from './csv-logger.js';
import { EarlyStopping, type EarlyStoppingConfig } from './early-stopping.js';
import { ModelCheckpoint, type ModelCheckpointConfig } from './model-checkpoint.js';
import { ProgressBar } from './progress-bar.js';
import { ReduceLROnPlateau, type ReduceLROnPlateauConfig } from './reduce-lr-on-plateau.js';
import { SwapEMAWeights } from './swap-ema-weights.js';

export type { Callback, CallbackModel, Logs, TrainingParams } from './callback.js';
export { CallbackList } from './callback.js';
export { CSVLogger, EarlyStopping, ModelCheckpoint, ProgressBar, ReduceLROnPlateau, SwapEMAWeights };
export type { EarlyStoppingConfig, ModelCheckpointConfig, ReduceLROnPlateauConfig };

/** Factories with Keras's names in camelCase: `callbacks.earlyStopping({ patience: 3 })`. */
export const callbacks = {
  earlyStopping: (config?: EarlyStoppingConfig) => new EarlyStopping(config),
  modelCheckpoint: (config: ModelCheckpointConfig) => new ModelCheckpoint(config),
  reduceLrOnPlateau: (config?: ReduceLROnPlateauConfig) => new ReduceLROnPlateau(config),
  csvLogger: (config: { filename: string; append?: boolean; separator?: string }) => new CSVLogger(config),
  swapEmaWeights: (config?: { swapOnEpoch?: boolean }) => new SwapEMAWeights(config),
  progressBar: (options?: { stream?: NodeJS.WriteStream }) => new ProgressBar(options),
};

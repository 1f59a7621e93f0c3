/**
 * seqlab: recurrent neural networks for text, tables and time series, with a Keras-like API.
 * This file only re-exports; each name is documented where it is defined.
 */
export { VERSION } from './version.js';
export { SeqlabError, ShapeError, DTypeError } from './errors.js';

// Engine: backends, tensors, autograd, ops.
export { backendInfo, getBackend, setBackend } from './backend/select.js';
export type { Backend, BackendInfo, FloatArray } from './backend/interface.js';
export {
  Tensor,
  tensor,
  zeros,
  ones,
  fill,
  scalar,
  variable,
  type DType,
  type Shape,
  type NestedArray,
} from './autograd/tensor.js';
export { backward, noGrad } from './autograd/tape.js';
export { gradcheck } from './autograd/gradcheck.js';
export * as ops from './autograd/ops/index.js';
export {
  RandomGenerator,
  initialize,
  orthogonalMatrix,
  type InitializerConfig,
} from './initializers/index.js';

// Models.
export { layers, Layer, registerLayer, type LayerConfig, type CallContext } from './layers/index.js';
export { Sequential, sequential, setRandomSeed, type CompileConfig } from './model/sequential.js';
export { loadModel } from './model/serialization.js';
export { History } from './model/history.js';
export { callbacks, type Callback, type Logs } from './model/callbacks/index.js';
export type { FitOptions, FitDatasetOptions, Batch } from './model/trainer.js';
export type { TrainableModel } from './model/trainable.js';
export type { TensorLike } from './model/inputs.js';
export * as optimizers from './optimizers/index.js';
export * as losses from './losses/index.js';
export * as metrics from './metrics/index.js';

// Data.
export * from './data/index.js';

// Forecasting, and predictions from a model saved by `seqlab train`.
export * from './forecasting/index.js';
export {
  loadTrainedModel,
  predictFrame,
  readPredictInput,
  type TrainedModel,
  type PredictOutput,
} from './experiments/predict.js';
export {
  tfidfLogisticBaseline,
  type TextBaselineOptions,
  type TextBaselineResult,
} from './experiments/text-baseline.js';

// Reports.
export * from './report/index.js';

// Interoperability and serving.
export * from './interop/index.js';
export * from './serve/index.js';
/** Hyper-parameter search (seqlab tune): studies, samplers, pruners, workers. */
export * as tuning from './tuning/index.js';

import { ColumnEmbedding, type ColumnEmbeddingConfig } from './column-embedding.js';
import { Conv1D, type Conv1DConfig } from './conv1d.js';
import { Dense, type DenseConfig } from './dense.js';
import { Dropout, SpatialDropout1D, type DropoutConfig } from './dropout.js';
import { Embedding, type EmbeddingConfig } from './embedding.js';
import type { LayerConfig } from './layer.js';
import { GlobalAveragePooling1D, GlobalMaxPooling1D } from './pooling.js';
import { Flatten, Reshape, type ReshapeConfig } from './reshape.js';

/** Factories for the non-recurrent layers, named as in TensorFlow.js (`tf.layers.dense`). */
export const coreLayers = {
  /** @example layers.dense({ units: 16, activation: 'relu' }) */
  dense: (config: DenseConfig) => new Dense(config),
  /** @example layers.embedding({ inputDim: 10000, outputDim: 64, maskZero: true }) */
  embedding: (config: EmbeddingConfig) => new Embedding(config),
  /** @example layers.columnEmbedding({ inputDims: [42], outputDims: [13] }) */
  columnEmbedding: (config: ColumnEmbeddingConfig) => new ColumnEmbedding(config),
  /** @example layers.dropout({ rate: 0.5 }) */
  dropout: (config: DropoutConfig) => new Dropout(config),
  /** @example layers.spatialDropout1d({ rate: 0.2 }) */
  spatialDropout1d: (config: DropoutConfig) => new SpatialDropout1D(config),
  /** @example layers.flatten() */
  flatten: (config: LayerConfig = {}) => new Flatten(config),
  /** @example layers.reshape({ targetShape: [10, 1] }) */
  reshape: (config: ReshapeConfig) => new Reshape(config),
  /** @example layers.globalAveragePooling1d() */
  globalAveragePooling1d: (config: LayerConfig = {}) => new GlobalAveragePooling1D(config),
  /** @example layers.globalMaxPooling1d() */
  globalMaxPooling1d: (config: LayerConfig = {}) => new GlobalMaxPooling1D(config),
  /** @example layers.conv1d({ filters: 32, kernelSize: 3, activation: 'relu' }) */
  conv1d: (config: Conv1DConfig) => new Conv1D(config),
};

export {
  ColumnEmbedding,
  Conv1D,
  Dense,
  Dropout,
  Embedding,
  Flatten,
  GlobalAveragePooling1D,
  GlobalMaxPooling1D,
  Reshape,
  SpatialDropout1D,
};
export type {
  ColumnEmbeddingConfig,
  Conv1DConfig,
  DenseConfig,
  DropoutConfig,
  EmbeddingConfig,
  ReshapeConfig,
};

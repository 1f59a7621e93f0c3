import { coreLayers } from './core.js';
import { attention, attentionPooling } from './attention/index.js';
import { bidirectional, gru, lstm, simpleRnn } from './recurrent/index.js';

/**
 * Layer factories, named as TensorFlow.js names them (Keras classes in camelCase).
 * @example
 * layers.bidirectional({ layer: layers.gru({ units: 64, returnSequences: true }) })
 */
export const layers = { ...coreLayers, lstm, gru, simpleRnn, bidirectional, attentionPooling, attention };

export * from './core.js';
export * from './recurrent/index.js';
export * from './attention/index.js';
export { Layer, type LayerConfig, type CallContext, type SymbolicShape } from './layer.js';
export { registerLayer, layerFromConfig } from './registry.js';
export { makeRegularizer, type RegularizerConfig, type Regularizer } from './regularizers.js';
export type { ActivationName } from './activations.js';

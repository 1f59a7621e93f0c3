/**
 * Keras layer configs (class_name + snake_case config, as Keras 2 and 3 write them) → seqlab layer
 * configs (camelCase). Options seqlab does not have, when set to anything but their default, are
 * reported as problems rather than silently dropped.
 */
import type { LayerConfig } from '../../layers/layer.js';

/** One Keras layer entry: `{ class_name, config }` (Keras 3 adds module and registered_name). */
export interface KerasLayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

/** A seqlab layer to create, or the reasons it cannot be. */
export type MappedLayer =
  | { className: string; config: LayerConfig; problems: string[] }
  | { skip: true; inputShape?: (number | null)[] };

const ACTIVATIONS = new Set([
  'linear',
  'relu',
  'sigmoid',
  'tanh',
  'softmax',
  'hard_sigmoid',
  'swish',
  'silu',
  'gelu',
  'elu',
  'selu',
  'softplus',
  'exponential',
  'log_softmax',
]);

/** Keras's config key → seqlab's, for every key a seqlab layer understands. */
const COMMON = { name: 'name', trainable: 'trainable' };
const RECURRENT = {
  ...COMMON,
  units: 'units',
  activation: 'activation',
  recurrent_activation: 'recurrentActivation',
  use_bias: 'useBias',
  return_sequences: 'returnSequences',
  return_state: 'returnState',
  go_backwards: 'goBackwards',
  dropout: 'dropout',
  recurrent_dropout: 'recurrentDropout',
};
const KEYS: Record<string, Record<string, string>> = {
  Dense: { ...COMMON, units: 'units', activation: 'activation', use_bias: 'useBias' },
  Embedding: { ...COMMON, input_dim: 'inputDim', output_dim: 'outputDim', mask_zero: 'maskZero' },
  Dropout: { ...COMMON, rate: 'rate' },
  SpatialDropout1D: { ...COMMON, rate: 'rate' },
  Flatten: COMMON,
  Reshape: { ...COMMON, target_shape: 'targetShape' },
  GlobalAveragePooling1D: COMMON,
  GlobalMaxPooling1D: COMMON,
  Conv1D: {
    ...COMMON,
    filters: 'filters',
    activation: 'activation',
    use_bias: 'useBias',
    padding: 'padding',
  },
  LSTM: { ...RECURRENT, unit_forget_bias: 'unitForgetBias' },
  GRU: { ...RECURRENT, reset_after: 'resetAfter' },
  SimpleRNN: RECURRENT,
  Bidirectional: { ...COMMON, merge_mode: 'mergeMode' },
};

/** Options that change the computation and that seqlab lacks: allowed only at these values. */
const MUST_BE: Record<string, unknown> = {
  stateful: false,
  unroll: false,
  time_major: false,
  dilation_rate: 1,
  data_format: 'channels_last',
  keepdims: false,
  noise_shape: null,
  groups: 1,
  lora_rank: null,
};

const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

function activationProblem(key: string, value: unknown, kerasVersion: 2 | 3): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string')
    return `${key} ${JSON.stringify(value)} (only named activations are supported)`;
  if (!ACTIVATIONS.has(value)) return `${key} '${value}'`;
  // Keras 2's hard_sigmoid is clip(0.2·x + 0.5); seqlab (like Keras 3) uses clip(x/6 + 0.5).
  if (value === 'hard_sigmoid' && kerasVersion === 2)
    return `${key} 'hard_sigmoid' (Keras 2's 0.2·x + 0.5 differs from seqlab's x/6 + 0.5)`;
  return null;
}

/** The shape of one sample from an InputLayer or a first layer's batch_input_shape / batch_shape. */
export function inputShapeOf(config: Record<string, unknown>): (number | null)[] | undefined {
  const shape = (config.batch_shape ?? config.batch_input_shape) as (number | null)[] | undefined;
  return Array.isArray(shape) ? shape.slice(1) : undefined;
}

/**
 * Maps one Keras layer entry to a seqlab layer config, collecting what cannot be mapped.
 * @example mapKerasLayer({ class_name: 'LSTM', config: { name: 'lstm', units: 8, return_sequences: true } }, 3)
 */
export function mapKerasLayer(layer: KerasLayerJson, kerasVersion: 2 | 3): MappedLayer {
  const cls = layer.class_name;
  const c = layer.config ?? {};
  if (cls === 'InputLayer') return { skip: true, inputShape: inputShapeOf(c) };
  const keys = KEYS[cls];
  if (!keys)
    return {
      className: cls,
      config: {},
      problems: [`layer class ${cls} (supported: ${Object.keys(KEYS).join(', ')}, InputLayer)`],
    };
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c))
    if (k in keys) config[keys[k]!] = k.endsWith('activation') && v === 'log_softmax' ? 'logSoftmax' : v;
  for (const [k, expected] of Object.entries(MUST_BE)) {
    if (c[k] !== undefined && first(c[k]) !== expected) problems.push(`${k}=${JSON.stringify(c[k])}`);
  }
  for (const key of ['activation', 'recurrent_activation']) {
    const p = activationProblem(key, c[key], kerasVersion);
    if (p) problems.push(p);
  }
  // Keras 2 GRUs before TF 2 had no reset_after key and used the reset-before formulation.
  if (cls === 'GRU' && c.reset_after === undefined) config.resetAfter = false;
  if (cls === 'Conv1D') {
    config.kernelSize = first(c.kernel_size);
    config.strides = first(c.strides ?? 1);
    if (c.padding === 'causal') problems.push("padding 'causal'");
  }
  if (cls === 'Dropout' || cls === 'SpatialDropout1D') config.rate = Number(c.rate ?? 0);
  if (cls === 'Bidirectional') {
    if (c.merge_mode === null) problems.push('merge_mode None (seqlab merges the two outputs)');
    const inner = mapKerasLayer(c.layer as KerasLayerJson, kerasVersion);
    if ('skip' in inner) problems.push('an InputLayer inside Bidirectional');
    else {
      problems.push(...inner.problems.map((p) => `inner ${inner.className}: ${p}`));
      if (!['LSTM', 'GRU', 'SimpleRNN'].includes(inner.className))
        problems.push(`inner layer ${inner.className} (Bidirectional wraps LSTM, GRU or SimpleRNN)`);
      config.layer = { className: inner.className, config: inner.config };
    }
  }
  const inputShape = inputShapeOf(c);
  if (inputShape) config.inputShape = inputShape;
  return { className: cls, config: config as LayerConfig, problems };
}

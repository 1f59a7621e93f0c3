/**
 * Non-recurrent layers → standard ONNX operators. Each converter takes the name of the layer's
 * input tensor (batch-major, float32) and returns the name of its output tensor.
 */
import { resolveActivation, type ActivationName } from '../../layers/activations.js';
import { AttentionPooling } from '../../layers/attention/attention-pooling.js';
import { Conv1D } from '../../layers/conv1d.js';
import { Dense } from '../../layers/dense.js';
import { Dropout } from '../../layers/dropout.js';
import { ColumnEmbedding } from '../../layers/column-embedding.js';
import { Embedding } from '../../layers/embedding.js';
import type { Layer } from '../../layers/layer.js';
import { GlobalAveragePooling1D, GlobalMaxPooling1D } from '../../layers/pooling.js';
import { Bidirectional } from '../../layers/recurrent/bidirectional.js';
import { RecurrentLayer } from '../../layers/recurrent/rnn-base.js';
import { Flatten, Reshape } from '../../layers/reshape.js';
import type { GraphBuilder } from './graph.js';
import { convertBidirectional, convertRecurrent, recurrentProblems } from './recurrent.js';

const SIMPLE_ACTIVATIONS: Partial<Record<ActivationName, string>> = {
  relu: 'Relu',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  softplus: 'Softplus',
  elu: 'Elu',
  selu: 'Selu',
  exp: 'Exp',
  abs: 'Abs',
  softmax: 'Softmax',
  logSoftmax: 'LogSoftmax',
};

/** Applies a seqlab activation (softmax over the last axis). */
export function convertActivation(g: GraphBuilder, name: ActivationName, x: string, where: string): string {
  if (name === 'linear') return x;
  const simple = SIMPLE_ACTIVATIONS[name];
  if (simple === 'Selu') {
    // seqlab's constants in full double precision (ONNX's defaults are rounded to float32).
    return g.node(
      'Selu',
      [x],
      { alpha: { float: 1.6732632423543772 }, gamma: { float: 1.0507009873554805 } },
      `${where}/selu`,
    );
  }
  if (simple) return g.node(simple, [x], simple.endsWith('Softmax') ? { axis: -1 } : {}, `${where}/${name}`);
  switch (name) {
    case 'hardSigmoid': // clip(x / 6 + 0.5, 0, 1), Keras 3's definition
      return g.node(
        'HardSigmoid',
        [x],
        { alpha: { float: 1 / 6 }, beta: { float: 0.5 } },
        `${where}/hard_sigmoid`,
      );
    case 'square':
      return g.node('Mul', [x, x], {}, `${where}/square`);
    case 'swish':
      return g.node('Mul', [x, g.node('Sigmoid', [x], {}, `${where}/swish_gate`)], {}, `${where}/swish`);
    case 'gelu': {
      // tanh approximation, as seqlab computes it: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
      const x3 = g.node('Mul', [x, g.node('Mul', [x, x])]);
      const inner = g.node('Mul', [
        g.node('Add', [x, g.node('Mul', [x3, g.scalar(0.044715)])]),
        g.scalar(Math.sqrt(2 / Math.PI)),
      ]);
      const t = g.node('Add', [g.node('Tanh', [inner]), g.scalar(1)]);
      return g.node('Mul', [g.node('Mul', [x, t]), g.scalar(0.5)], {}, `${where}/gelu`);
    }
    default:
      throw new Error(`internal error: activation ${name} has no ONNX mapping`);
  }
}

/** Why a layer cannot be exported (empty when it can). */
export function layerProblems(layer: Layer): string[] {
  if (layer instanceof Bidirectional) {
    const inner = [
      ...new Set([
        ...recurrentProblems(layer.forwardLayer, true),
        ...recurrentProblems(layer.backwardLayer, true).filter((p) => !p.startsWith('goBackwards')),
      ]),
    ];
    return inner;
  }
  if (layer instanceof RecurrentLayer) return recurrentProblems(layer);
  if (layer instanceof Embedding)
    return layer.config.maskZero ? ['maskZero (padding masks are not exported)'] : [];
  if (layer instanceof Dense || layer instanceof Conv1D || layer instanceof AttentionPooling) return [];
  if (layer instanceof ColumnEmbedding) return [];
  if (layer instanceof Dropout || layer instanceof Flatten || layer instanceof Reshape) return [];
  if (layer instanceof GlobalAveragePooling1D || layer instanceof GlobalMaxPooling1D) return [];
  return [
    `layer class ${layer.className} (exportable: Dense, Embedding, ColumnEmbedding, Dropout, SpatialDropout1D, Flatten, Reshape, Conv1D, GlobalAveragePooling1D, GlobalMaxPooling1D, LSTM, GRU, SimpleRNN, Bidirectional, AttentionPooling)`,
  ];
}

function dense(g: GraphBuilder, layer: Dense, x: string): string {
  const kernel = layer.weight('kernel');
  let y = g.node(
    'MatMul',
    [x, g.initializer(`${layer.name}/kernel`, kernel.data, kernel.shape)],
    {},
    `${layer.name}/matmul`,
  );
  const bias = layer.optionalWeight('bias');
  if (bias)
    y = g.node(
      'Add',
      [y, g.initializer(`${layer.name}/bias`, bias.data, bias.shape)],
      {},
      `${layer.name}/bias_add`,
    );
  return convertActivation(g, resolveActivation(layer.config.activation, layer.name), y, layer.name);
}

function conv1d(g: GraphBuilder, layer: Conv1D, x: string): string {
  const kernel = layer.weight('kernel'); // (K, C, F) → ONNX (F, C, K)
  const [K, C, F] = kernel.shape as [number, number, number];
  const w = new Float32Array(F * C * K);
  for (let k = 0; k < K; k++)
    for (let c = 0; c < C; c++)
      for (let f = 0; f < F; f++) w[(f * C + c) * K + k] = kernel.data[(k * C + c) * F + f]!;
  const inputs = [
    g.node('Transpose', [x], { perm: [0, 2, 1] }, `${layer.name}/to_channels_first`),
    g.initializer(`${layer.name}/kernel`, w, [F, C, K]),
  ];
  const bias = layer.optionalWeight('bias');
  if (bias) inputs.push(g.initializer(`${layer.name}/bias`, bias.data, bias.shape));
  const { strides = 1, padding = 'valid' } = layer.config;
  // TensorFlow's 'same' puts the odd padding element at the end, as ONNX's SAME_UPPER does.
  const y = g.node(
    'Conv',
    inputs,
    { kernel_shape: [K], strides: [strides], auto_pad: padding === 'same' ? 'SAME_UPPER' : 'VALID' },
    `${layer.name}/conv`,
  );
  const out = g.node('Transpose', [y], { perm: [0, 2, 1] }, `${layer.name}/to_channels_last`);
  return convertActivation(g, resolveActivation(layer.config.activation, layer.name), out, layer.name);
}

/** score_t = vᵀ tanh(W h_t + b); α = softmax over t; out = Σ_t α_t h_t. */
function attentionPooling(g: GraphBuilder, layer: AttentionPooling, x: string): string {
  const n = layer.name;
  const kernel = layer.weight('kernel');
  const bias = layer.weight('bias');
  const v = layer.weight('score_vector');
  const projected = g.node(
    'MatMul',
    [x, g.initializer(`${n}/kernel`, kernel.data, kernel.shape)],
    {},
    `${n}/matmul`,
  );
  const hidden = g.node(
    'Tanh',
    [g.node('Add', [projected, g.initializer(`${n}/bias`, bias.data, bias.shape)], {}, `${n}/bias_add`)],
    {},
    `${n}/tanh`,
  );
  const scores = g.node(
    'MatMul',
    [hidden, g.initializer(`${n}/score_vector`, v.data, [v.size, 1])],
    {},
    `${n}/scores`,
  ); // (B, T, 1)
  const alpha = g.node('Softmax', [scores], { axis: 1 }, `${n}/alpha`);
  const weighted = g.node('Mul', [x, alpha], {}, `${n}/weighted`);
  return g.node('ReduceSum', [weighted, g.int64([1])], { keepdims: 0 }, `${n}/pool`);
}

/**
 * ColumnEmbedding: the other columns Slice'd off (B, F − k), then each id column (B, 1) Cast to int64,
 * Gather'ed from its table (B, 1, D) and Reshape'd to (B, D), all Concat'ed on axis 1.
 */
function columnEmbedding(g: GraphBuilder, layer: ColumnEmbedding, x: string): string {
  const n = layer.name;
  const f = layer.inputShape![1]!;
  const k = layer.config.inputDims.length;
  const column = (from: number, to: number, name: string): string =>
    g.node('Slice', [x, g.int64([from]), g.int64([to]), g.int64([1])], {}, name);
  const parts = f > k ? [column(0, f - k, `${n}/rest`)] : [];
  layer.config.inputDims.forEach((_, c) => {
    const ids = g.node(
      'Cast',
      [column(f - k + c, f - k + c + 1, `${n}/ids_${c}`)],
      { to: 7 },
      `${n}/cast_${c}`,
    );
    const table = layer.weight(`embeddings_${c}`);
    const rows = g.node(
      'Gather',
      [g.initializer(`${n}/embeddings_${c}`, table.data, table.shape), ids],
      { axis: 0 },
      `${n}/gather_${c}`,
    );
    parts.push(g.node('Reshape', [rows, g.int64([0, -1])], {}, `${n}/vectors_${c}`));
  });
  return parts.length === 1 ? parts[0]! : g.node('Concat', parts, { axis: 1 }, `${n}/concat`);
}

/** Emits one layer; `x` is its input tensor. Integer inputs are cast to float for non-embedding layers. */
export function convertLayer(g: GraphBuilder, layer: Layer, x: string): string {
  if (layer instanceof Bidirectional) return convertBidirectional(g, layer, x);
  if (layer instanceof RecurrentLayer) return convertRecurrent(g, layer, x);
  if (layer instanceof Dense) return dense(g, layer, x);
  if (layer instanceof Conv1D) return conv1d(g, layer, x);
  if (layer instanceof AttentionPooling) return attentionPooling(g, layer, x);
  if (layer instanceof Embedding) {
    const table = layer.weight('embeddings');
    return g.node(
      'Gather',
      [g.initializer(`${layer.name}/embeddings`, table.data, table.shape), x],
      { axis: 0 },
      `${layer.name}/gather`,
    );
  }
  if (layer instanceof ColumnEmbedding) return columnEmbedding(g, layer, x);
  if (layer instanceof Dropout) return x; // inference: identity (SpatialDropout1D extends Dropout)
  if (layer instanceof Flatten) return g.node('Reshape', [x, g.int64([0, -1])], {}, `${layer.name}/reshape`);
  if (layer instanceof Reshape)
    return g.node('Reshape', [x, g.int64([0, ...layer.config.targetShape])], {}, `${layer.name}/reshape`);
  if (layer instanceof GlobalAveragePooling1D)
    return g.node('ReduceMean', [x], { axes: [1], keepdims: 0 }, `${layer.name}/mean`);
  if (layer instanceof GlobalMaxPooling1D)
    return g.node('ReduceMax', [x], { axes: [1], keepdims: 0 }, `${layer.name}/max`);
  throw new Error(`internal error: no converter for ${layer.className}`);
}

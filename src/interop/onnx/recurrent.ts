/**
 * LSTM, GRU, SimpleRNN and Bidirectional → the ONNX LSTM, GRU and RNN operators.
 *
 * Layouts. Keras: kernel (I, G·H), recurrent_kernel (H, G·H), gate blocks as columns; LSTM gates
 * i,f,c,o, GRU z,r,h. ONNX: W (dirs, G·H, I), R (dirs, G·H, H), gate blocks as rows (so each block
 * is the transpose of Keras's), LSTM gates i,o,f,c, GRU z,r,h; B (dirs, 2·G·H) = [Wb, Rb].
 * ONNX runs time-major: X (T, B, I) → Y (T, dirs, B, H), Y_h (dirs, B, H). A reverse direction's Y
 * is in input time order, which is what Keras's Bidirectional does with the backward sequence.
 */
import type { Tensor } from '../../autograd/tensor.js';
import { Bidirectional, type MergeMode } from '../../layers/recurrent/bidirectional.js';
import { GRU } from '../../layers/recurrent/gru.js';
import { LSTM } from '../../layers/recurrent/lstm.js';
import type { RecurrentLayer } from '../../layers/recurrent/rnn-base.js';
import { SimpleRNN } from '../../layers/recurrent/simple-rnn.js';
import type { GraphBuilder } from './graph.js';

/** ONNX gate position → Keras gate position. */
const GATE_ORDER: Record<string, number[]> = { LSTM: [0, 3, 1, 2], GRU: [0, 1, 2], SimpleRNN: [0] };
const OP_TYPE: Record<string, string> = { LSTM: 'LSTM', GRU: 'GRU', SimpleRNN: 'RNN' };
const ONNX_ACTIVATION: Record<string, string> = { sigmoid: 'Sigmoid', tanh: 'Tanh', relu: 'Relu' };

/** Why a recurrent layer cannot be exported (empty when it can). */
export function recurrentProblems(layer: RecurrentLayer, inBidirectional = false): string[] {
  const c = layer.config;
  const out: string[] = [];
  if (!(layer instanceof LSTM || layer instanceof GRU || layer instanceof SimpleRNN))
    out.push(`recurrent class ${layer.className}`);
  for (const [key, value] of [
    ['activation', c.activation ?? 'tanh'],
    ['recurrentActivation', c.recurrentActivation ?? 'sigmoid'],
  ] as const) {
    if (key === 'recurrentActivation' && layer instanceof SimpleRNN) continue;
    if (!(value in ONNX_ACTIVATION))
      out.push(`${key} '${value}' (exportable: ${Object.keys(ONNX_ACTIVATION).join(', ')})`);
  }
  if (!inBidirectional && c.goBackwards && c.returnSequences) out.push('goBackwards with returnSequences');
  if (inBidirectional && c.goBackwards) out.push('goBackwards inside Bidirectional');
  return out;
}

/** Keras column blocks → ONNX row blocks in ONNX gate order: out[(g·H + j)·rows + k] = m[k, order[g]·H + j]. */
function gateRows(m: Tensor, gates: number, H: number, order: number[]): Float32Array {
  const rows = m.shape[0]!;
  const out = new Float32Array(gates * H * rows);
  for (let g = 0; g < gates; g++) {
    const src = order[g]! * H;
    for (let j = 0; j < H; j++) {
      for (let k = 0; k < rows; k++) out[(g * H + j) * rows + k] = m.data[k * gates * H + src + j]!;
    }
  }
  return out;
}

/** A Keras bias vector slice in ONNX gate order. */
function gateVector(
  v: ArrayLike<number>,
  offset: number,
  gates: number,
  H: number,
  order: number[],
): Float32Array {
  const out = new Float32Array(gates * H);
  for (let g = 0; g < gates; g++) for (let j = 0; j < H; j++) out[g * H + j] = v[offset + order[g]! * H + j]!;
  return out;
}

/** W, R and B of one direction, flat, in ONNX layout. */
function directionWeights(layer: RecurrentLayer): { W: Float32Array; R: Float32Array; B: Float32Array } {
  const H = layer.config.units;
  const order = GATE_ORDER[layer.className]!;
  const G = order.length;
  const W = gateRows(layer.weight('kernel'), G, H, order);
  const R = gateRows(layer.weight('recurrent_kernel'), G, H, order);
  const B = new Float32Array(2 * G * H);
  const bias = layer.optionalWeight('bias');
  if (bias) {
    B.set(gateVector(bias.data, 0, G, H, order), 0);
    // GRU resetAfter: bias (2, 3H) = [input bias; recurrent bias] → Wb, Rb. Otherwise Rb stays 0.
    if (bias.rank === 2) B.set(gateVector(bias.data, G * H, G, H, order), G * H);
  }
  return { W, R, B };
}

function concatFlat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Emits the ONNX recurrent node for one or two directions; returns [Y, Y_h] names. */
function recurrentNode(
  g: GraphBuilder,
  x: string,
  layers: RecurrentLayer[],
  name: string,
  direction: string,
): [string, string] {
  const first = layers[0]!;
  const H = first.config.units;
  const I = first.weight('kernel').shape[0]!;
  const G = GATE_ORDER[first.className]!.length;
  const dirs = layers.length;
  const ws = layers.map(directionWeights);
  const W = g.initializer(`${name}/W`, concatFlat(ws.map((w) => w.W)), [dirs, G * H, I]);
  const R = g.initializer(`${name}/R`, concatFlat(ws.map((w) => w.R)), [dirs, G * H, H]);
  const B = g.initializer(`${name}/B`, concatFlat(ws.map((w) => w.B)), [dirs, 2 * G * H]);
  const xt = g.node('Transpose', [x], { perm: [1, 0, 2] }, `${name}/to_time_major`);
  const c = first.config;
  const act = (n: string | undefined, d: string): string => ONNX_ACTIVATION[n ?? d]!;
  let activations: string[];
  if (first instanceof LSTM)
    activations = [
      act(c.recurrentActivation, 'sigmoid'),
      act(c.activation, 'tanh'),
      act(c.activation, 'tanh'),
    ];
  else if (first instanceof GRU)
    activations = [act(c.recurrentActivation, 'sigmoid'), act(c.activation, 'tanh')];
  else activations = [act(c.activation, 'tanh')];
  const attrs: Record<string, number | string | string[]> = {
    hidden_size: H,
    direction,
    activations: Array.from({ length: dirs }, () => activations).flat(),
  };
  if (first instanceof GRU) attrs.linear_before_reset = (first.config.resetAfter ?? true) ? 1 : 0;
  const outputs = first instanceof LSTM ? 3 : 2;
  const [Y, Yh] = g.nodeN(OP_TYPE[first.className]!, [xt, W, R, B], outputs, attrs, name);
  return [Y!, Yh!];
}

/** A recurrent layer: (B, T, I) → (B, H), or (B, T, H) with returnSequences. */
export function convertRecurrent(g: GraphBuilder, layer: RecurrentLayer, x: string): string {
  const direction = layer.config.goBackwards ? 'reverse' : 'forward';
  const [Y, Yh] = recurrentNode(g, x, [layer], layer.name, direction);
  if (!layer.config.returnSequences) return g.node('Squeeze', [Yh, g.int64([0])], {}, `${layer.name}/last`);
  const seq = g.node('Squeeze', [Y, g.int64([1])], {}, `${layer.name}/squeeze`);
  return g.node('Transpose', [seq], { perm: [1, 0, 2] }, `${layer.name}/to_batch_major`);
}

/** Bidirectional: one ONNX node with direction 'bidirectional', then the merge. */
export function convertBidirectional(g: GraphBuilder, layer: Bidirectional, x: string): string {
  const name = layer.name;
  const [Y, Yh] = recurrentNode(g, x, [layer.forwardLayer, layer.backwardLayer], name, 'bidirectional');
  const sequences = layer.forwardLayer.config.returnSequences ?? false;
  const mode: MergeMode = layer.config.mergeMode ?? 'concat';
  // Batch-major with the direction axis just before the features: (B, T, 2, H) or (B, 2, H).
  const both = sequences
    ? g.node('Transpose', [Y], { perm: [2, 0, 1, 3] }, `${name}/to_batch_major`)
    : g.node('Transpose', [Yh], { perm: [1, 0, 2] }, `${name}/to_batch_major`);
  const dirAxis = sequences ? 2 : 1;
  if (mode === 'concat')
    return g.node('Reshape', [both, g.int64(sequences ? [0, 0, -1] : [0, -1])], {}, `${name}/concat`);
  if (mode === 'sum') return g.node('ReduceSum', [both, g.int64([dirAxis])], { keepdims: 0 }, `${name}/sum`);
  if (mode === 'ave') return g.node('ReduceMean', [both], { axes: [dirAxis], keepdims: 0 }, `${name}/ave`);
  const fwd = g.node('Gather', [both, g.int64([0], true)], { axis: dirAxis }, `${name}/forward`);
  const bwd = g.node('Gather', [both, g.int64([1], true)], { axis: dirAxis }, `${name}/backward`);
  return g.node('Mul', [fwd, bwd], {}, `${name}/mul`);
}

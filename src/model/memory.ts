/**
 * Memory estimates made before anything is allocated: the parameters (with gradients and optimizer
 * slots) and the activations a training batch keeps for backward, so a config asking for 10^8 units
 * fails at once with the figure instead of exhausting the machine minutes later.
 */
import { freemem, totalmem } from 'node:os';

import { SeqlabError } from '../errors.js';
import type { SymbolicShape } from '../layers/layer.js';

/** A layer as far as the estimate needs it: its class, config and output shape. */
export interface SizedLayer {
  className: string;
  name: string;
  getConfig(): object;
  computeOutputShape(inputShape: SymbolicShape): SymbolicShape;
}

/** The figures of an estimate (counts of float32 values and bytes). */
export interface MemoryEstimate {
  params: number;
  /** Parameters, gradients and optimizer slots. */
  paramBytes: number;
  /** Activations a training batch keeps for backward (forward outputs, recurrent gates). */
  activationBytes: number;
  totalBytes: number;
  /** The largest layer by parameters. */
  largest: { name: string; params: number } | null;
}

/** The estimate is larger than the machine can hold. */
export class MemoryLimitError extends SeqlabError {}

type Config = Record<string, unknown>;
const num = (v: unknown, fallback = 0): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;

/** Parameters of one layer from its config and the size of its input's last axis (formulas as Keras). */
function layerParams(
  className: string,
  config: Config,
  inputLast: number,
): { params: number; gates: number } {
  const u = num(config.units);
  const bias = config.useBias === false ? 0 : 1;
  switch (className) {
    case 'Dense':
      return { params: inputLast * u + bias * u, gates: 1 };
    case 'LSTM':
      return { params: 4 * (inputLast * u + u * u + bias * u), gates: 6 };
    case 'GRU':
      return {
        params: 3 * (inputLast * u + u * u + bias * u * (config.resetAfter === false ? 1 : 2)),
        gates: 5,
      };
    case 'SimpleRNN':
      return { params: inputLast * u + u * u + bias * u, gates: 2 };
    case 'Embedding':
      return { params: num(config.inputDim) * num(config.outputDim), gates: 1 };
    case 'Conv1D':
      return {
        params: num(config.kernelSize) * inputLast * num(config.filters) + bias * num(config.filters),
        gates: 1,
      };
    case 'AttentionPooling': {
      const units = num(config.units, inputLast);
      return { params: inputLast * units + 2 * units, gates: 2 };
    }
    case 'Bidirectional': {
      const inner = (config.layer ?? {}) as { className?: string; config?: Config };
      const one = layerParams(String(inner.className), inner.config ?? {}, inputLast);
      return { params: 2 * one.params, gates: 2 * one.gates };
    }
    default:
      return { params: 0, gates: 1 };
  }
}

/**
 * Estimates the memory training needs, layer by layer, without building anything.
 * `slots` is the optimizer's slots per parameter (adam 2, rmsprop 1, sgd 0 or 1).
 * @example estimateMemory(layers, [null, 100, 1], { batchSize: 64, slots: 2 }).totalBytes
 */
export function estimateMemory(
  layers: readonly SizedLayer[],
  inputShape: SymbolicShape,
  { batchSize = 32, slots = 2 }: { batchSize?: number; slots?: number } = {},
): MemoryEstimate {
  let shape = inputShape;
  let params = 0;
  let activations = 0;
  let largest: MemoryEstimate['largest'] = null;
  for (const layer of layers) {
    const inputLast = num(shape[shape.length - 1], 1);
    const { params: p, gates } = layerParams(layer.className, layer.getConfig() as Config, inputLast);
    params += p;
    if (!largest || p > largest.params) largest = { name: layer.name, params: p };
    let out: SymbolicShape;
    try {
      out = layer.computeOutputShape(shape);
    } catch {
      break; // the build reports the shape problem with its own message
    }
    // A recurrent layer keeps its gates for every time step even when it returns only the last one:
    // steps × units × gates (gates counts both directions of a Bidirectional, units is one direction's).
    const steps = shape.length >= 3 ? num(shape[1], 1) : 1;
    const outSize = out.slice(1).reduce<number>((a, d) => a * num(d, 1), 1);
    const config = layer.getConfig() as Config;
    const units =
      layer.className === 'Bidirectional'
        ? num(((config.layer ?? {}) as { config?: Config }).config?.units)
        : num(config.units);
    const kept = ['LSTM', 'GRU', 'SimpleRNN', 'Bidirectional'].includes(layer.className)
      ? Math.max(outSize, steps * units * gates)
      : outSize;
    activations += batchSize * kept;
    shape = out;
  }
  const paramBytes = params * 4 * (2 + slots);
  const activationBytes = activations * 4 * 2; // forward values and their gradients
  return { params, paramBytes, activationBytes, totalBytes: paramBytes + activationBytes, largest };
}

/** "1.2 GB", "340 MB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toPrecision(3)} ${units[i]}`;
}

/**
 * Throws a MemoryLimitError when the estimate exceeds the memory this machine has (total memory,
 * or `limitBytes`). `what` says what is being built, for the message.
 */
export function requireMemory(estimate: MemoryEstimate, what: string, limitBytes = totalmem()): void {
  if (estimate.totalBytes <= limitBytes * 0.9) return;
  const big = estimate.largest
    ? ` The largest layer is '${estimate.largest.name}' with ${estimate.largest.params.toExponential(2)} parameters.`
    : '';
  throw new MemoryLimitError(
    `${what} needs about ${formatBytes(estimate.totalBytes)} (${estimate.params.toExponential(2)} parameters: ` +
      `${formatBytes(estimate.paramBytes)} with gradients and optimizer state, ${formatBytes(estimate.activationBytes)} ` +
      `of activations per batch), but this machine has ${formatBytes(limitBytes)} of memory ` +
      `(${formatBytes(freemem())} free).${big} Reduce units, the vocabulary, the sequence length or batchSize.`,
  );
}

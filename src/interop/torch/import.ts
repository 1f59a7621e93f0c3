/**
 * PyTorch state dicts (safetensors) → weights of a built seqlab model.
 *
 * PyTorch layouts: nn.Linear weight (out, in) = Keras kernelᵀ; nn.Embedding weight (V, E) as is;
 * nn.LSTM / nn.GRU / nn.RNN weight_ih_l{k}[_reverse] (G·H, I), weight_hh_l{k} (G·H, H), two biases.
 * Gate blocks: LSTM i,f,g,o (Keras i,f,c,o: same order, transposed; the two biases are summed);
 * GRU r,z,n (Keras z,r,h; PyTorch's n applies r after the recurrent product, which is Keras's
 * resetAfter=true, so b_ih and b_hh become the two rows of the (2, 3H) bias).
 */
import { readFile } from 'node:fs/promises';
import { Tensor } from '../../autograd/tensor.js';
import { SeqlabError } from '../../errors.js';
import { Dense } from '../../layers/dense.js';
import { Embedding } from '../../layers/embedding.js';
import type { Layer } from '../../layers/layer.js';
import { Bidirectional } from '../../layers/recurrent/bidirectional.js';
import { GRU } from '../../layers/recurrent/gru.js';
import { LSTM } from '../../layers/recurrent/lstm.js';
import type { RecurrentLayer } from '../../layers/recurrent/rnn-base.js';
import { SimpleRNN } from '../../layers/recurrent/simple-rnn.js';
import { decodeSafetensors, type NamedArray } from '../../model/safetensors.js';
import type { Sequential } from '../../model/sequential.js';

/** Thrown when the state dict does not fit the model; says which layer and which tensors. */
export class TorchImportError extends SeqlabError {}

/** One importable unit of a state dict: a matrix module, or one level of a recurrent module. */
interface Unit {
  id: string;
  kind: 'matrix' | 'recurrent';
  used: boolean;
  weight?: NamedArray;
  bias?: NamedArray;
  /** Recurrent: gates (4 LSTM, 3 GRU, 1 RNN), hidden and input sizes, and the tensors by suffix. */
  gates?: number;
  hidden?: number;
  input?: number;
  reverse?: boolean;
  get?: (name: string, reverse: boolean) => NamedArray | undefined;
}

const RECURRENT_KEY = /^(.*?)\.?(weight_ih|weight_hh|bias_ih|bias_hh)_l(\d+)(_reverse)?$/;

function collectUnits(tensors: Map<string, NamedArray>): Unit[] {
  const units = new Map<string, Unit>();
  for (const [key, t] of tensors) {
    const m = RECURRENT_KEY.exec(key);
    if (m) {
      const [, prefix, , level] = m;
      const id = `${prefix}@${level}`;
      if (!units.has(id)) {
        const at = (name: string, reverse: boolean): NamedArray | undefined =>
          tensors.get(`${prefix}${prefix ? '.' : ''}${name}_l${level}${reverse ? '_reverse' : ''}`);
        const ih = at('weight_ih', false);
        const hh = at('weight_hh', false);
        if (!ih || !hh)
          throw new TorchImportError(
            `state dict: '${prefix}' level ${level} lacks weight_ih_l${level} or weight_hh_l${level}`,
          );
        const hidden = hh.shape[1]!;
        units.set(id, {
          id,
          kind: 'recurrent',
          used: false,
          gates: ih.shape[0]! / hidden,
          hidden,
          input: ih.shape[1]!,
          reverse: at('weight_ih', true) !== undefined,
          get: at,
        });
      }
      continue;
    }
    const dot = key.lastIndexOf('.');
    const [prefix, leaf] = dot < 0 ? ['', key] : [key.slice(0, dot), key.slice(dot + 1)];
    if (leaf !== 'weight' && leaf !== 'bias') continue;
    const unit = units.get(prefix) ?? { id: prefix, kind: 'matrix' as const, used: false };
    unit[leaf] = t;
    units.set(prefix, unit);
  }
  return [...units.values()];
}

const f32 = (a: NamedArray): Float32Array => Float32Array.from(a.data);

/** (rows, cols) row-major → its transpose, with the row blocks reordered: block b of the output ← block order[b] of the input. */
function transposeBlocks(a: NamedArray, blocks: number, order: number[]): Float32Array {
  const [rows, cols] = a.shape as [number, number];
  const size = rows / blocks;
  const out = new Float32Array(rows * cols);
  for (let b = 0; b < blocks; b++) {
    for (let r = 0; r < size; r++) {
      const src = (order[b]! * size + r) * cols;
      for (let c = 0; c < cols; c++) out[c * rows + b * size + r] = a.data[src + c]!;
    }
  }
  return out;
}

function reorder(v: NamedArray | undefined, n: number, blocks: number, order: number[]): Float32Array {
  const out = new Float32Array(n);
  if (!v) return out;
  const size = n / blocks;
  for (let b = 0; b < blocks; b++)
    out.set(Array.from(v.data).slice(order[b]! * size, (order[b]! + 1) * size), b * size);
  return out;
}

function recurrentWeights(layer: RecurrentLayer, unit: Unit, reverse: boolean): Tensor[] {
  const G = unit.gates!;
  const H = unit.hidden!;
  const order = layer instanceof GRU ? [1, 0, 2] : Array.from({ length: G }, (_, i) => i);
  const ih = unit.get!('weight_ih', reverse)!;
  const hh = unit.get!('weight_hh', reverse)!;
  const out = [
    new Tensor(transposeBlocks(ih, G, order), [unit.input!, G * H]),
    new Tensor(transposeBlocks(hh, G, order), [H, G * H]),
  ];
  if (layer.config.useBias === false) return out;
  const bi = reorder(unit.get!('bias_ih', reverse), G * H, G, order);
  const bh = reorder(unit.get!('bias_hh', reverse), G * H, G, order);
  if (layer instanceof GRU) {
    const bias = new Float32Array(2 * G * H);
    bias.set(bi, 0);
    bias.set(bh, G * H);
    out.push(new Tensor(bias, [2, G * H]));
  } else
    out.push(
      new Tensor(
        bi.map((v, i) => v + bh[i]!),
        [G * H],
      ),
    );
  return out;
}

function gatesOf(layer: RecurrentLayer): number {
  return layer instanceof LSTM ? 4 : layer instanceof GRU ? 3 : 1;
}

/** The state dict unit for a layer: the mapped one, or the first unused one that fits. */
function matchUnit(layer: Layer, units: Unit[], mapping: Record<string, string>): Unit | null {
  const wanted = mapping[layer.name];
  const fits = (u: Unit): boolean => {
    if (layer instanceof Dense)
      return (
        u.kind === 'matrix' &&
        u.weight?.shape.length === 2 &&
        u.weight.shape[0] === layer.config.units &&
        u.weight.shape[1] === layer.weight('kernel').shape[0] &&
        (u.bias !== undefined) === (layer.optionalWeight('bias') !== null)
      );
    if (layer instanceof Embedding)
      return (
        u.kind === 'matrix' &&
        u.bias === undefined &&
        u.weight?.shape[0] === layer.config.inputDim &&
        u.weight.shape[1] === layer.config.outputDim
      );
    const rec = layer instanceof Bidirectional ? layer.forwardLayer : (layer as RecurrentLayer);
    return (
      u.kind === 'recurrent' &&
      u.reverse === layer instanceof Bidirectional &&
      u.gates === gatesOf(rec) &&
      u.hidden === rec.config.units &&
      u.input === rec.weight('kernel').shape[0]
    );
  };
  if (wanted !== undefined) {
    const id = wanted.includes('@') || units.some((u) => u.id === wanted) ? wanted : `${wanted}@0`;
    const u = units.find((x) => x.id === id);
    if (!u)
      throw new TorchImportError(
        `mapping: '${wanted}' (for layer '${layer.name}') is not in the state dict; modules: ${units.map((x) => x.id).join(', ')}`,
      );
    if (!fits(u))
      throw new TorchImportError(
        `mapping: '${wanted}' does not fit layer '${layer.name}' (${layer.className}): kind, gate count or shapes differ`,
      );
    return u;
  }
  return units.find((u) => !u.used && fits(u)) ?? null;
}

/**
 * Copies the weights of a PyTorch state dict (a .safetensors file) into a built Sequential model.
 * Layers are matched in order to the first unused nn.Linear / nn.Embedding / recurrent level of the
 * right kind and shape (a stacked nn.LSTM serves several LSTM layers, `name@1` its second level);
 * pass `mapping` (seqlab layer name → module prefix) when two modules fit. GRU layers need
 * resetAfter: true (PyTorch's formulation). Returns which module went where.
 *
 * @example
 * const model = sequential([layers.embedding({ inputDim: 20000, outputDim: 128 }), layers.lstm({ units: 64 }), layers.dense({ units: 1, activation: 'sigmoid' })]);
 * model.build([null, 100]);
 * await importTorchStateDict('sentiment.safetensors', model); // [{ layer: 'embedding', from: 'embedding' }, …]
 */
export async function importTorchStateDict(
  path: string,
  model: Sequential,
  options: { mapping?: Record<string, string> } = {},
): Promise<{ layer: string; from: string }[]> {
  if (!model.built)
    throw new TorchImportError(`importTorchStateDict: build the model first (model.build([null, …]))`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new TorchImportError(
      `${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  const units = collectUnits(decodeSafetensors(bytes, path).tensors);
  const mapping = options.mapping ?? {};
  const assigned: { layer: string; from: string }[] = [];
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    if (!(
      layer instanceof Dense ||
      layer instanceof Embedding ||
      layer instanceof Bidirectional ||
      layer instanceof LSTM ||
      layer instanceof GRU ||
      layer instanceof SimpleRNN
    )) {
      throw new TorchImportError(
        `${path}: layer '${layer.name}' (${layer.className}) has no PyTorch counterpart the importer knows (nn.Linear, nn.Embedding, nn.LSTM, nn.GRU, nn.RNN)`,
      );
    }
    const rec = layer instanceof Bidirectional ? layer.forwardLayer : layer;
    if (rec instanceof GRU && (rec.config.resetAfter ?? true) === false) {
      throw new TorchImportError(
        `${path}: layer '${layer.name}': PyTorch's GRU applies the reset gate after the recurrent product; use resetAfter: true`,
      );
    }
    const unit = matchUnit(layer, units, mapping);
    if (!unit) {
      const free = units
        .filter((u) => !u.used)
        .map((u) =>
          u.kind === 'matrix'
            ? `${u.id} [${u.weight?.shape.join(', ')}]`
            : `${u.id} (gates ${u.gates}, hidden ${u.hidden}, input ${u.input}${u.reverse ? ', bidirectional' : ''})`,
        );
      throw new TorchImportError(
        `${path}: no tensors fit layer '${layer.name}' (${layer.className}); unused modules: ${free.join('; ') || 'none'}`,
      );
    }
    unit.used = true;
    let values: Tensor[];
    if (layer instanceof Dense) {
      values = [
        new Tensor(transposeBlocks(unit.weight!, 1, [0]), [unit.weight!.shape[1]!, unit.weight!.shape[0]!]),
      ];
      if (unit.bias) values.push(new Tensor(f32(unit.bias), [unit.bias.data.length]));
    } else if (layer instanceof Embedding) values = [new Tensor(f32(unit.weight!), unit.weight!.shape)];
    else if (layer instanceof Bidirectional)
      values = [
        ...recurrentWeights(layer.forwardLayer, unit, false),
        ...recurrentWeights(layer.backwardLayer, unit, true),
      ];
    else values = recurrentWeights(layer as RecurrentLayer, unit, false);
    try {
      layer.setWeights(values);
    } catch (e) {
      throw new TorchImportError(`${path}: layer '${layer.name}' from '${unit.id}': ${(e as Error).message}`);
    }
    assigned.push({ layer: layer.name, from: unit.id });
  }
  return assigned;
}

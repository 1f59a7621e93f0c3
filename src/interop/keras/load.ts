/**
 * Keras models → seqlab Sequential models. Reads a Keras 3 `.keras` archive (a zip of config.json,
 * model.weights.h5 and metadata.json) and a legacy Keras 2 `.h5` file (model_config attribute +
 * model_weights group). Keras's weight layouts are seqlab's, so weights are copied unchanged.
 *
 * Weight paths. Keras 3 (saving_lib): `layers/<snake_case(ClassName)>[_<n>]/vars/<i>`, recurrent
 * layers one level down in `cell/`, Bidirectional in `forward_layer/cell/` and `backward_layer/cell/`.
 * Keras 2 (legacy h5): `model_weights/<layer name>` with a `weight_names` attribute listing the
 * datasets (`<layer>/<cell>/kernel:0` …) in get_weights() order.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type H5Module from 'h5wasm/node';
import { Tensor } from '../../autograd/tensor.js';
import { readZip } from '../../data/io/zip.js';
import { SeqlabError } from '../../errors.js';
import type { Layer } from '../../layers/layer.js';
import { layerFromConfig } from '../../layers/registry.js';
import { Sequential } from '../../model/sequential.js';
import { inputShapeOf, mapKerasLayer, type KerasLayerJson } from './config.js';

/** Thrown when a Keras file cannot be read or maps to layers seqlab lacks (lists every one). */
export class KerasImportError extends SeqlabError {}

type H5wasm = typeof H5Module;
type H5File = InstanceType<H5wasm['File']>;
type H5Node = ReturnType<H5File['get']>;

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Keras's naming.to_snake_case: 'SimpleRNN' → 'simple_rnn', 'Conv1D' → 'conv1d'. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

// h5wasm (a WebAssembly HDF5 library) costs hundreds of MB when loaded, so it is imported only
// when a Keras file is actually read, not with the package.
let h5wasm: H5wasm = null as unknown as H5wasm;

async function loadH5wasm(): Promise<void> {
  if (!h5wasm) h5wasm = (await import('h5wasm/node')).default;
  await h5wasm.ready;
}

function isGroup(node: H5Node): node is InstanceType<H5wasm['Group']> {
  return node instanceof h5wasm.Group;
}

function readDataset(file: H5File, path: string, where: string): Tensor {
  const node = file.get(path);
  if (!(node instanceof h5wasm.Dataset)) throw new KerasImportError(`${where}: dataset '${path}' is missing`);
  const value = node.value as ArrayLike<number> | null;
  if (!value || typeof value === 'number')
    throw new KerasImportError(`${where}: dataset '${path}' is not a numeric array`);
  return new Tensor(Float32Array.from(value), node.shape ?? [value.length]);
}

/** Every dataset of a Keras 3 `vars` group, in index order. */
function readVars(file: H5File, path: string, where: string): Tensor[] | null {
  const group = file.get(path);
  if (!isGroup(group)) return null;
  return group
    .keys()
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => readDataset(file, `${path}/${k}`, where));
}

function attrString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return String(value);
}

function attrList(node: H5Node, name: string): string[] {
  const attrs = (node as { attrs?: Record<string, { value: unknown }> } | null)?.attrs;
  const value = attrs?.[name]?.value;
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(attrString);
}

/** Sets a seqlab layer's weights from a list in Keras order, with a clear message on a mismatch. */
function assign(layer: Layer, values: Tensor[], where: string): void {
  try {
    layer.setWeights(values);
  } catch (e) {
    throw new KerasImportError(
      `${where}: layer '${layer.name}' (${layer.className}): ${(e as Error).message}`,
    );
  }
}

function keras3Weights(file: H5File, model: Sequential, classes: string[], where: string): void {
  const counts = new Map<string, number>();
  model.layers.forEach((layer, i) => {
    const snake = toSnakeCase(classes[i]!);
    const n = counts.get(snake) ?? -1;
    counts.set(snake, n + 1);
    const candidates = [`layers/${n + 1 === 0 ? snake : `${snake}_${n + 1}`}`, `layers/${layer.name}`];
    if (layer.weights.length === 0) return;
    for (const base of candidates) {
      const parts =
        classes[i] === 'Bidirectional'
          ? [`${base}/forward_layer/cell/vars`, `${base}/backward_layer/cell/vars`]
          : [`${base}/cell/vars`, `${base}/vars`];
      const found = parts
        .map((p) => readVars(file, p, where))
        .filter((v): v is Tensor[] => v !== null && v.length > 0);
      if (found.length === 0) continue;
      assign(layer, classes[i] === 'Bidirectional' ? found.flat() : found[0]!, where);
      return;
    }
    throw new KerasImportError(
      `${where}: no weights for layer '${layer.name}' (looked in ${candidates.join(', ')})`,
    );
  });
}

function keras2Weights(file: H5File, model: Sequential, names: string[], where: string): void {
  const root = file.get('model_weights') ? 'model_weights' : '';
  model.layers.forEach((layer, i) => {
    if (layer.weights.length === 0) return;
    const group = `${root}${root ? '/' : ''}${names[i]}`;
    const weightNames = attrList(file.get(group), 'weight_names');
    if (weightNames.length === 0)
      throw new KerasImportError(
        `${where}: no weights for layer '${names[i]}' (group '${group}' or its weight_names attribute is missing)`,
      );
    assign(
      layer,
      weightNames.map((w) => readDataset(file, `${group}/${w}`, where)),
      where,
    );
  });
}

interface ModelConfigJson {
  class_name?: string;
  config?:
    { name?: string; layers?: KerasLayerJson[]; build_input_shape?: (number | null)[] } | KerasLayerJson[];
  build_config?: { input_shape?: (number | null)[] };
}

/** Builds the seqlab model from a Keras model config; throws one error listing every problem. */
function buildFromConfig(
  json: ModelConfigJson,
  kerasVersion: 2 | 3,
  where: string,
): { model: Sequential; classes: string[]; names: string[] } {
  if (
    json.class_name !== 'Sequential' ||
    !json.config ||
    Array.isArray(json.config) ||
    !Array.isArray(json.config.layers)
  ) {
    throw new KerasImportError(
      `${where}: only Sequential models can be imported; this is a ${json.class_name ?? 'model of unknown class'}${Array.isArray(json.config) ? ' from Keras 1' : ''}`,
    );
  }
  let inputShape: (number | null)[] | undefined;
  const problems: string[] = [];
  const specs: { className: string; config: Record<string, unknown> }[] = [];
  for (const entry of json.config.layers) {
    const mapped = mapKerasLayer(entry, kerasVersion);
    if ('skip' in mapped) {
      inputShape ??= mapped.inputShape;
      continue;
    }
    inputShape ??= inputShapeOf(entry.config ?? {});
    problems.push(
      ...mapped.problems.map(
        (p) => `  - layer '${String(entry.config?.name ?? '?')}' (${entry.class_name}): ${p}`,
      ),
    );
    specs.push({ className: mapped.className, config: mapped.config as unknown as Record<string, unknown> });
  }
  if (problems.length)
    throw new KerasImportError(
      `${where}: the model uses what seqlab does not support:\n${problems.join('\n')}`,
    );
  const buildShape = json.config.build_input_shape ?? json.build_config?.input_shape;
  inputShape ??= Array.isArray(buildShape) ? buildShape.slice(1) : undefined;
  if (!inputShape)
    throw new KerasImportError(
      `${where}: the config gives no input shape (no InputLayer, batch_input_shape or build_input_shape)`,
    );
  const layers = specs.map(({ className, config }) => {
    const { inputShape: _drop, ...rest } = config;
    return layerFromConfig(className, rest);
  });
  const model = new Sequential(layers, { name: json.config.name ?? 'keras_model' });
  model.build([null, ...inputShape]);
  return { model, classes: specs.map((s) => s.className), names: specs.map((s) => String(s.config.name)) };
}

async function withH5<T>(bytes: Buffer | null, path: string, fn: (file: H5File) => T): Promise<T> {
  await loadH5wasm();
  let temp: string | null = null;
  let file: H5File | null = null;
  try {
    let h5Path = path;
    if (bytes) {
      temp = await mkdtemp(join(tmpdir(), 'seqlab-keras-'));
      h5Path = join(temp, 'model.weights.h5');
      await writeFile(h5Path, bytes);
    }
    file = new h5wasm.File(h5Path, 'r');
    return fn(file);
  } finally {
    file?.close();
    if (temp) await rm(temp, { recursive: true, force: true });
  }
}

/**
 * Loads a Keras Sequential model: a Keras 3 `.keras` archive or a Keras 2 `.h5` file. Layers map to
 * seqlab's (Dense, Embedding, Dropout, SpatialDropout1D, Flatten, Reshape, Conv1D, global pooling,
 * LSTM, GRU, SimpleRNN, Bidirectional); anything else is listed in one KerasImportError.
 *
 * @example
 * const model = await loadKerasModel('sentiment.keras');
 * model.predict(x);
 */
export async function loadKerasModel(path: string): Promise<Sequential> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    throw new KerasImportError(
      `${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  if (buf.subarray(0, 2).toString('latin1') === 'PK') {
    const entries = readZip(buf, path);
    const configBytes = entries.get('config.json');
    const weights = entries.get('model.weights.h5');
    if (!configBytes || !weights)
      throw new KerasImportError(
        `${path}: not a Keras 3 archive (needs config.json and model.weights.h5; has ${[...entries.keys()].join(', ')})`,
      );
    const meta = entries.get('metadata.json');
    const { model, classes } = buildFromConfig(
      JSON.parse(configBytes.toString('utf8')) as ModelConfigJson,
      3,
      `${path}: config.json`,
    );
    await withH5(weights, path, (file) => keras3Weights(file, model, classes, `${path}: model.weights.h5`));
    model.metadata = {
      importedFrom: {
        format: 'keras3',
        file: path,
        ...(meta ? (JSON.parse(meta.toString('utf8')) as object) : {}),
      },
    };
    return model;
  }
  if (!buf.subarray(0, 8).equals(HDF5_SIGNATURE))
    throw new KerasImportError(`${path}: neither a Keras 3 .keras archive (zip) nor an HDF5 .h5 file`);
  return withH5(null, path, (file) => {
    const configAttr = (file.attrs as Record<string, { value: unknown }>)['model_config'];
    if (!configAttr)
      throw new KerasImportError(
        `${path}: an HDF5 file without a model_config attribute (a weights-only file? save the whole model with model.save)`,
      );
    const { model, names } = buildFromConfig(
      JSON.parse(attrString(configAttr.value)) as ModelConfigJson,
      2,
      `${path}: model_config`,
    );
    keras2Weights(file, model, names, path);
    const version = (file.attrs as Record<string, { value: unknown }>)['keras_version']?.value;
    model.metadata = {
      importedFrom: {
        format: 'keras2-h5',
        file: path,
        ...(version ? { kerasVersion: attrString(version) } : {}),
      },
    };
    return model;
  });
}

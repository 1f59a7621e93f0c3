import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SeqlabError } from '../errors.js';
import type { LayerConfig, SymbolicShape } from '../layers/layer.js';
import { layerFromConfig } from '../layers/registry.js';
import type { LossConfig } from '../losses/index.js';
import type { OptimizerConfig } from '../optimizers/index.js';
import { VERSION } from '../version.js';
// The data index registers every preprocessing step kind, which Pipeline.fromJSON needs.
import { Pipeline, type PipelineJSON } from '../data/index.js';
import { writeFilesAtomic } from '../data/io/atomic-write.js';
import { convertV1 } from './format-v1.js';
import { decodeSafetensors, encodeSafetensors, type NamedArray } from './safetensors.js';
import { Sequential } from './sequential.js';

/** The model.json format this version writes; loading refuses newer ones. */
export const MODEL_FORMAT_VERSION = 2;

interface ModelJson {
  format: 'seqlab-model';
  formatVersion: number;
  seqlabVersion: string;
  className: 'Sequential';
  config: {
    name: string;
    seed: number;
    inputShape: SymbolicShape | null;
    layers: { className: string; config: LayerConfig }[];
  };
  compileConfig: { optimizer: OptimizerConfig; loss: LossConfig; metrics: string[] } | null;
  weights: { key: string; shape: number[] }[];
  optimizerState: boolean;
  metadata: Record<string, unknown>;
  preprocessing?: PipelineJSON | null;
}

/** @internal Sequential.save. */
export async function saveModel(
  model: Sequential,
  dir: string,
  { includeOptimizer = true } = {},
): Promise<void> {
  if (!model.built)
    throw new SeqlabError(
      `save: model '${model.name}' is not built yet; call it on data or model.build(shape) first`,
    );
  const tensors = new Map<string, NamedArray>();
  for (const layer of model.layers) {
    for (const name of layer.weightNames()) {
      const w = layer.weight(name);
      tensors.set(`${layer.name}/${name}`, { data: w.data, shape: w.shape });
    }
  }
  const optimizerState = includeOptimizer && model.optimizer ? model.optimizer.getState() : null;
  const json: ModelJson = {
    format: 'seqlab-model',
    formatVersion: MODEL_FORMAT_VERSION,
    seqlabVersion: VERSION,
    className: 'Sequential',
    config: {
      name: model.name,
      seed: model.seed,
      inputShape: model.inputShape,
      layers: model.layers.map((l) => ({ className: l.className, config: l.getConfig() })),
    },
    compileConfig:
      model.optimizer && model.lossConfig
        ? { optimizer: model.optimizer.getConfig(), loss: model.lossConfig, metrics: model.metricNames }
        : null,
    weights: [...tensors].map(([key, t]) => ({ key, shape: t.shape })),
    optimizerState: optimizerState !== null,
    metadata: model.metadata,
    preprocessing: model.preprocessing ? model.preprocessing.toJSON() : null,
  };
  await mkdir(dir, { recursive: true });
  const files: [string, string | Uint8Array][] = [
    ['weights.safetensors', encodeSafetensors(tensors, { format: 'seqlab', seqlabVersion: VERSION })],
  ];
  if (optimizerState) {
    const state = new Map<string, NamedArray>(
      Object.entries(optimizerState.slots).map(([k, v]) => [k, { data: v, shape: [v.length] }]),
    );
    files.push([
      'optimizer.safetensors',
      encodeSafetensors(state, { iterations: String(optimizerState.iterations) }),
    ]);
  }
  files.push(['model.json', JSON.stringify(json, null, 2) + '\n']);
  await writeFilesAtomic(dir, files);
}

async function readOrFail(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SeqlabError(
      code === 'ENOENT' ? `${path}: ${what} is missing` : `${path}: cannot read ${what} (${code})`,
    );
  }
}

/**
 * Loads a model saved with `model.save(dir)`: architecture, weights, compile settings, optimizer
 * state (so fit can resume) and metadata such as the fitted preprocessing. Every file is validated;
 * errors name the file and the problem.
 *
 * @example
 * const model = await loadModel('runs/imdb/model');
 * model.predict(x);
 */
export async function loadModel(dir: string): Promise<Sequential> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory())
    throw new SeqlabError(
      `${dir}: not a model folder (expected a folder with model.json and weights.safetensors)`,
    );
  const jsonPath = join(dir, 'model.json');
  const weightsPath = join(dir, 'weights.safetensors');
  const text = (await readOrFail(jsonPath, 'model.json')).toString('utf8');
  const { model, json } = modelFromParts(
    text,
    await readOrFail(weightsPath, 'weights.safetensors'),
    jsonPath,
    weightsPath,
  );
  if (json.compileConfig) {
    model.compile(json.compileConfig);
    if (json.optimizerState) {
      const optPath = join(dir, 'optimizer.safetensors');
      const state = decodeSafetensors(await readOrFail(optPath, 'optimizer.safetensors'), optPath);
      const slots = Object.fromEntries([...state.tensors].map(([k, v]) => [k, v.data as Float32Array]));
      model.optimizer!.setState({ slots, iterations: Number(state.metadata.iterations ?? 0) });
    }
  }
  return model;
}

/**
 * A model from the text of its model.json and the bytes of its weights.safetensors, without the
 * optimizer state: loadModel's parsing and checks, for places with no file system (the web bundle
 * fetches both files). The paths only name the files in error messages.
 * @example
 * const { model } = modelFromParts(await (await fetch('model.json')).text(), weightsBytes, 'model.json', 'weights.safetensors');
 */
export function modelFromParts(
  text: string,
  weights: Uint8Array,
  jsonPath: string,
  weightsPath: string,
): { model: Sequential; json: ModelJson } {
  let json: ModelJson;
  try {
    json = JSON.parse(text) as ModelJson;
  } catch (e) {
    if (e instanceof SeqlabError) throw e;
    throw new SeqlabError(
      `${jsonPath}: not valid JSON (${(e as Error).message}); the file is damaged — re-save the model`,
    );
  }
  if (json.format !== 'seqlab-model' || typeof json.formatVersion !== 'number' || !json.config?.layers) {
    throw new SeqlabError(
      `${jsonPath}: not a seqlab model.json (missing format, formatVersion or config.layers)`,
    );
  }
  if (json.formatVersion > MODEL_FORMAT_VERSION) {
    throw new SeqlabError(
      `${jsonPath}: written by seqlab ${json.seqlabVersion} in model format ${json.formatVersion}, but this seqlab ` +
        `(${VERSION}) reads format ≤ ${MODEL_FORMAT_VERSION}; upgrade seqlab to load it`,
    );
  }
  const layers = json.config.layers.map((l, i) => {
    try {
      return layerFromConfig(l.className, l.config);
    } catch (e) {
      throw new SeqlabError(`${jsonPath}: layer ${i} (${l.className}): ${(e as Error).message}`);
    }
  });
  const model = new Sequential(layers, { name: json.config.name, seed: json.config.seed });
  if (json.config.inputShape) model.build(json.config.inputShape);
  const { tensors } = decodeSafetensors(weights, weightsPath);
  for (const layer of model.layers) {
    for (const name of layer.weightNames()) {
      const key = `${layer.name}/${name}`;
      const saved = tensors.get(key);
      const w = layer.weight(name);
      if (!saved) throw new SeqlabError(`${weightsPath}: weight '${key}' is missing`);
      if (saved.shape.length !== w.shape.length || saved.shape.some((d, i) => d !== w.shape[i])) {
        throw new SeqlabError(
          `${weightsPath}: weight '${key}' has shape [${saved.shape.join(', ')}], the architecture needs [${w.shape.join(', ')}]`,
        );
      }
      w.data.set(saved.data);
    }
  }
  const { metadata, preprocessing } =
    json.formatVersion < 2
      ? convertV1(json.metadata ?? {}, json.preprocessing)
      : { metadata: json.metadata ?? {}, preprocessing: json.preprocessing };
  model.metadata = metadata;
  if (preprocessing) {
    try {
      model.preprocessing = Pipeline.fromJSON(preprocessing);
    } catch (e) {
      throw new SeqlabError(
        `${jsonPath}: the saved preprocessing cannot be restored: ${(e as Error).message}`,
      );
    }
  }
  return { model, json };
}

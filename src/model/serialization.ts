import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SeqlabError } from '../errors.js';
import { layerFromConfig } from '../layers/registry.js';
import { withoutInitializers } from '../initializers/initializers.js';
import { VERSION } from '../version.js';
// The data index registers every preprocessing step kind, which Pipeline.fromJSON needs.
import { Pipeline } from '../data/index.js';
import { convertV1 } from './format-v1.js';
import { decodeSafetensors } from './safetensors.js';
import { MODEL_FORMAT_VERSION, type ModelJson } from './save.js';
import { Sequential } from './sequential.js';
import { requireFiniteWeights } from './finite.js';
import { estimateMemory, formatBytes } from './memory.js';

export { MODEL_FORMAT_VERSION } from './save.js';

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
    stage(jsonPath, 'compileConfig cannot be used', () => model.compile(json.compileConfig!));
    if (json.optimizerState) {
      const optPath = join(dir, 'optimizer.safetensors');
      const state = decodeSafetensors(await readOrFail(optPath, 'optimizer.safetensors'), optPath);
      const slots = Object.fromEntries([...state.tensors].map(([k, v]) => [k, v.data as Float32Array]));
      stage(optPath, 'the optimizer state does not fit the model', () =>
        model.optimizer!.setState({ slots, iterations: Number(state.metadata.iterations ?? 0) }),
      );
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
  if (
    json === null ||
    typeof json !== 'object' ||
    json.format !== 'seqlab-model' ||
    typeof json.formatVersion !== 'number' ||
    !Array.isArray(json.config?.layers)
  ) {
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
      throw new SeqlabError(`${jsonPath}: layer ${i} (${l?.className}): ${(e as Error).message}`);
    }
  });
  const model = stage(
    jsonPath,
    'the model cannot be made from config',
    () => new Sequential(layers, { name: json.config.name, seed: json.config.seed }),
  );
  const inputShape = checkInputShape(json.config.inputShape, jsonPath);
  const { tensors } = decodeSafetensors(weights, weightsPath);
  // The architecture is checked against the weights file before any layer allocates its weights.
  const estimate = estimateMemory(model.layers, inputShape, { batchSize: 1, slots: 0 });
  let saved = 0;
  for (const t of tensors.values()) saved += t.data.length;
  if (estimate.params > saved) {
    throw new SeqlabError(
      `${jsonPath}: the architecture has ${estimate.params} parameters (${formatBytes(estimate.params * 4)}), ` +
        `but ${weightsPath} holds only ${saved} values; model.json and the weights do not belong ` +
        `together (re-save the model)`,
    );
  }
  // Every weight is set from the file below (a missing one is an error), so none is drawn here.
  stage(jsonPath, 'the layers cannot be built for config.inputShape', () =>
    withoutInitializers(() => model.build(inputShape)),
  );
  const used = new Set<string>();
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
      used.add(key);
    }
  }
  const unused = [...tensors.keys()].filter((k) => !used.has(k));
  if (unused.length > 0) {
    throw new SeqlabError(
      `${weightsPath}: weight${unused.length > 1 ? 's' : ''} ${unused.slice(0, 5).join(', ')} match no layer of ` +
        `${jsonPath}; a model whose weights cannot all be placed would predict with untrained layers (re-save the model)`,
    );
  }
  requireFiniteWeights(model, 'load', weightsPath);
  const { metadata, preprocessing } = stage(jsonPath, 'metadata cannot be read', () =>
    json.formatVersion < 2
      ? convertV1(json.metadata ?? {}, json.preprocessing)
      : { metadata: json.metadata ?? {}, preprocessing: json.preprocessing },
  );
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

/** model.json's inputShape: a list of sizes (null for the batch and variable axes), needed to place the weights. */
function checkInputShape(shape: unknown, jsonPath: string): (number | null)[] {
  if (
    !Array.isArray(shape) ||
    shape.length < 2 ||
    !shape.every((d) => d === null || (Number.isInteger(d) && (d as number) > 0))
  ) {
    throw new SeqlabError(
      `${jsonPath}: config.inputShape must be a list like [null, 10, 1] (batch axis first), got ` +
        `${JSON.stringify(shape)}; without it the saved weights cannot be placed on the layers (re-save the model)`,
    );
  }
  return shape as (number | null)[];
}

/** Runs one step of loading; an unexpected error (a damaged value of the wrong JSON type) names the file. */
function stage<T>(file: string, what: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    const message = (e as Error).message;
    if (e instanceof SeqlabError && message.includes(file)) throw e;
    throw new SeqlabError(`${file}: ${what} (${message}); the file is damaged — re-save the model`);
  }
}

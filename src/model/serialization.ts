import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SeqlabError } from '../errors.js';
import { layerFromConfig } from '../layers/registry.js';
import { VERSION } from '../version.js';
// The data index registers every preprocessing step kind, which Pipeline.fromJSON needs.
import { Pipeline } from '../data/index.js';
import { convertV1 } from './format-v1.js';
import { decodeSafetensors } from './safetensors.js';
import { MODEL_FORMAT_VERSION, type ModelJson } from './save.js';
import { Sequential } from './sequential.js';

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
  let json: ModelJson;
  try {
    json = JSON.parse((await readOrFail(jsonPath, 'model.json')).toString('utf8')) as ModelJson;
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
  const weightsPath = join(dir, 'weights.safetensors');
  const { tensors } = decodeSafetensors(await readOrFail(weightsPath, 'weights.safetensors'), weightsPath);
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

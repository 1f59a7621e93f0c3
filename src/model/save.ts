import { mkdir } from 'node:fs/promises';
import { SeqlabError } from '../errors.js';
import type { PipelineJSON } from '../data/preprocessing/pipeline.js';
import { writeFilesAtomic } from '../data/io/atomic-write.js';
import type { LayerConfig, SymbolicShape } from '../layers/layer.js';
import type { LossConfig } from '../losses/index.js';
import type { OptimizerConfig } from '../optimizers/index.js';
import { VERSION } from '../version.js';
import { encodeSafetensors, type NamedArray } from './safetensors.js';
import type { Sequential } from './sequential.js';
import { requireFiniteWeights } from './finite.js';

/** The model.json format this version writes; loading refuses newer ones. */
export const MODEL_FORMAT_VERSION = 2;

/** model.json as this version writes it (loadModel reads it, converting older versions). */
export interface ModelJson {
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

/**
 * Sequential.save: model.json, weights.safetensors and (with includeOptimizer, once compiled)
 * optimizer.safetensors, written together through writeFilesAtomic so a folder never holds half a model.
 *
 * @example await saveModel(model, 'runs/imdb/model')
 */
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
  requireFiniteWeights(model, 'save', `model '${model.name}' to ${dir}`);
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

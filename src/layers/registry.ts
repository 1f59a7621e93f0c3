import { SeqlabError } from '../errors.js';
import { Attention, AttentionPooling } from './attention/index.js';
import { ColumnEmbedding } from './column-embedding.js';
import { Conv1D } from './conv1d.js';
import { Dense } from './dense.js';
import { Dropout, SpatialDropout1D } from './dropout.js';
import { Embedding } from './embedding.js';
import type { Layer, LayerConfig } from './layer.js';
import { GlobalAveragePooling1D, GlobalMaxPooling1D } from './pooling.js';
import { Bidirectional, GRU, LSTM, SimpleRNN } from './recurrent/index.js';
import { Flatten, Reshape } from './reshape.js';

type LayerClass = { className: string; new (config: never): Layer };

const registry = new Map<string, LayerClass>();

/** Makes a layer class loadable from a saved model by its className. Custom layers call this too. */
export function registerLayer(cls: LayerClass): void {
  registry.set(cls.className, cls);
}

for (const cls of [
  Dense,
  Embedding,
  ColumnEmbedding,
  Dropout,
  SpatialDropout1D,
  Flatten,
  Reshape,
  GlobalAveragePooling1D,
  GlobalMaxPooling1D,
  Conv1D,
  LSTM,
  GRU,
  SimpleRNN,
  Bidirectional,
  AttentionPooling,
  Attention,
]) {
  registerLayer(cls as unknown as LayerClass);
}

/** Rebuilds a layer from `{ className, config }` as stored in model.json. */
export function layerFromConfig(className: string, config: LayerConfig): Layer {
  const cls = registry.get(className);
  if (!cls) {
    throw new SeqlabError(
      `unknown layer class '${className}'; known: ${[...registry.keys()].sort().join(', ')} ` +
        `(custom layers must be registered with registerLayer before loading)`,
    );
  }
  return new cls(config as never);
}

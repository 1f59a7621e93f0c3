/** Building and compiling a Sequential model from the config's layer list. */
import { SeqlabError } from '../errors.js';
import { layers } from '../layers/index.js';
import type { Layer } from '../layers/layer.js';
import { sequential, type Sequential } from '../model/sequential.js';
import { canonicalLossName, pinball, type LossConfig } from '../losses/index.js';
import type { OptimizerConfig } from '../optimizers/index.js';
import type { ExperimentConfig, LayerSpec } from './config-schema.js';
import type { Prepared } from './prepare.js';
import { labelCounts } from '../data/preprocessing/label-sets.js';
import { estimateMemory, requireMemory } from '../model/memory.js';
import { shapeOf } from '../model/inputs.js';

type Factory = (config: never) => Layer;
const FACTORIES: Record<string, Factory> = {
  dense: layers.dense,
  embedding: layers.embedding,
  columnEmbedding: layers.columnEmbedding,
  dropout: layers.dropout,
  spatialDropout1d: layers.spatialDropout1d,
  lstm: layers.lstm,
  gru: layers.gru,
  simpleRnn: layers.simpleRnn,
  bidirectional: layers.bidirectional,
  attentionPooling: layers.attentionPooling,
  attention: layers.attention,
  conv1d: layers.conv1d,
  flatten: layers.flatten,
  reshape: layers.reshape,
  globalAveragePooling1d: layers.globalAveragePooling1d,
  globalMaxPooling1d: layers.globalMaxPooling1d,
} as unknown as Record<string, Factory>;

/**
 * An embedded column's vector width when the config gives none: fastai's rule for entity embeddings,
 * round(1.6 · levels^0.56), at most 50.
 */
export function embeddingWidth(levels: number): number {
  return Math.min(50, Math.max(1, Math.round(1.6 * levels ** 0.56)));
}

/** What the prepared data fills in: an embedding's vocabulary, a column embedding's tables. */
export interface LayerContext {
  vocabulary?: number;
  embedded?: { column: string; levels: number }[];
}

/** One layer from its spec, with the sizes the data decides filled in. */
export function buildLayer(spec: LayerSpec, context: LayerContext = {}): Layer {
  const { type, pretrained: _pretrained, ...options } = spec as LayerSpec & Record<string, unknown>;
  if (type === 'bidirectional') {
    const inner = buildLayer((spec as Extract<LayerSpec, { type: 'bidirectional' }>).layer);
    return FACTORIES[type]!({ ...options, layer: inner } as never);
  }
  if (type === 'columnEmbedding') {
    const embedded = context.embedded ?? [];
    if (!embedded.length)
      throw new SeqlabError(
        `model.layers: columnEmbedding needs categorical columns given as ids, and this data has none (a categorical column is embedded when it has more than preprocessing.maxLevels levels); remove the layer`,
      );
    const { outputDim, outputDims, ...rest } = options as { outputDim?: number; outputDims?: number[] };
    if (outputDims && outputDims.length !== embedded.length)
      throw new SeqlabError(
        `model.layers: columnEmbedding has ${outputDims.length} outputDims for ${embedded.length} embedded columns (${embedded.map((e) => e.column).join(', ')})`,
      );
    return FACTORIES[type]!({
      ...rest,
      inputDims: embedded.map((e) => e.levels),
      outputDims: embedded.map((e, c) => outputDims?.[c] ?? outputDim ?? embeddingWidth(e.levels)),
    } as never);
  }
  const vocabulary = context.vocabulary;
  if (type === 'embedding' && options.inputDim === undefined) {
    if (!vocabulary)
      throw new SeqlabError(
        'model.layers: embedding needs inputDim (no tokenizer to take the vocabulary size from). Example: { type: embedding, inputDim: 20000, outputDim: 128 }',
      );
    options.inputDim = vocabulary;
  }
  return FACTORIES[type]!(options as never);
}

/**
 * training.classWeight for a multi-label model: a weight on each label's positive term of the loss
 * (PyTorch's pos_weight), since a row has several labels and cannot be weighed by one. `balanced`
 * gives each label its training negatives / positives (1 for a label no training row has); a record
 * names labels (the others get 1).
 * @example labelWeights('balanced', prepared) // [3.2, 41.5, …]
 */
export function labelWeights(spec: 'balanced' | Record<string, number>, prepared: Prepared): number[] {
  const labels = prepared.info.labels!;
  if (spec !== 'balanced') {
    const unknown = Object.keys(spec).filter((l) => !labels.includes(l));
    if (unknown.length)
      throw new SeqlabError(
        `training.classWeight: ${unknown.map((l) => `'${l}'`).join(', ')} is not a label of this model (its labels: ${labels.slice(0, 10).join(', ')}${labels.length > 10 ? ', …' : ''})`,
      );
    return labels.map((l) => spec[l] ?? 1);
  }
  const sets = prepared.setsTrain!;
  const n = sets.length / labels.length;
  return Array.from(labelCounts(sets, labels.length), (on) => (on > 0 && on < n ? (n - on) / on : 1));
}

/** The loss that fits the task when the config gives none. */
export function defaultLoss(prepared: Prepared): string {
  return prepared.info.task === 'binary' || prepared.info.task === 'multilabel'
    ? 'binaryCrossentropy'
    : prepared.info.task === 'multiclass'
      ? 'categoricalCrossentropy'
      : 'mse';
}

/**
 * The model of an experiment, built for the prepared inputs and compiled.
 * @example const model = buildModel(config, prepared);
 */
export function buildModel(config: ExperimentConfig, prepared: Prepared): Sequential {
  const { vocabulary, embedded } = prepared.info;
  const misplaced = config.model.layers.findIndex((l, i) => i > 0 && l.type === 'columnEmbedding');
  if (misplaced > 0)
    throw new SeqlabError(
      `model.layers[${misplaced}]: columnEmbedding reads the table's id columns, so it must be the first layer (or left out: it is added when needed)`,
    );
  // Categorical columns given as ids need their embedding first: added when the config has none.
  const specs: LayerSpec[] =
    embedded?.length && config.model.layers[0]?.type !== 'columnEmbedding'
      ? [{ type: 'columnEmbedding' }, ...config.model.layers]
      : config.model.layers;
  const offset = specs.length - config.model.layers.length;
  const model = sequential(
    specs.map((l) =>
      buildLayer(l, { ...(vocabulary ? { vocabulary } : {}), ...(embedded ? { embedded } : {}) }),
    ),
    { seed: config.seed, name: config.name.replace(/[^\w-]/g, '_') },
  );
  const inputShape = [null, ...shapeOf(prepared.xTrain).slice(1)];
  // Before any weight exists: a config asking for 10^8 units fails here with the figure, not minutes later.
  requireMemory(
    estimateMemory(model.layers, inputShape, { batchSize: config.training.batchSize }),
    `model '${config.name}' (batchSize ${config.training.batchSize})`,
  );
  model.build(inputShape);
  config.model.layers.forEach((spec, i) => {
    if (spec.type !== 'embedding' || !spec.pretrained) return;
    const aligned = prepared.pretrained;
    if (!aligned)
      throw new SeqlabError(
        `model.layers[${i}]: pretrained vectors were not loaded (run through runExperiment)`,
      );
    if (aligned.dim !== spec.outputDim)
      throw new SeqlabError(
        `model.layers[${i}]: ${spec.pretrained} has ${aligned.dim}-dimensional vectors but the embedding has outputDim ${spec.outputDim}; set outputDim: ${aligned.dim}`,
      );
    const table = model.layers[i + offset]!.weights[0]!;
    if (table.size !== aligned.matrix.length)
      throw new SeqlabError(
        `model.layers[${i}]: the embedding table has ${table.size / aligned.dim} rows, the vocabulary ${aligned.matrix.length / aligned.dim}; leave inputDim unset`,
      );
    table.data.set(aligned.matrix);
  });
  const out = model.outputShape!;
  const width = out[out.length - 1];
  const info = prepared.info;
  const quantiles = info.quantiles;
  const want =
    info.task === 'multiclass' || info.task === 'multilabel'
      ? info.labels!.length
      : info.strategy === 'direct'
        ? (info.horizon ?? 1) * (quantiles?.length ?? 1)
        : 1;
  if (out.length !== 2 || width !== want) {
    const hint =
      info.task === 'multiclass'
        ? `{ type: dense, units: ${want}, activation: softmax }`
        : info.task === 'binary' || info.task === 'multilabel'
          ? `{ type: dense, units: ${want}, activation: sigmoid }`
          : `{ type: dense, units: ${want} }`;
    const what = quantiles
      ? `${quantiles.length} quantiles (forecast.quantiles) of a ${info.horizon ?? 1}-step forecast`
      : want > 1 && info.task === 'regression'
        ? `a direct ${want}-step forecast`
        : `a ${info.task} task`;
    throw new SeqlabError(
      `model.layers: the model's output shape is [${out.map((d) => d ?? 'batch').join(', ')}] but ${what} needs [batch, ${want}]; end with ${hint}`,
    );
  }
  const task = info.task;
  const last = config.model.layers[config.model.layers.length - 1] as { activation?: unknown } | undefined;
  if (task === 'multilabel' && last?.activation === 'softmax')
    throw new SeqlabError(
      `model.layers: a multi-label model ends with one sigmoid per label, not softmax (softmax makes the ${want} labels compete for one share); end with { type: dense, units: ${want}, activation: sigmoid }`,
    );
  const lossName = typeof config.compile.loss === 'string' ? canonicalLossName(config.compile.loss) : null;
  if (
    task === 'multilabel' &&
    (lossName === 'categoricalCrossentropy' || lossName === 'sparseCategoricalCrossentropy')
  )
    throw new SeqlabError(
      `compile.loss: ${config.compile.loss} scores one class per row; a multi-label model is trained with binaryCrossentropy on each label (remove compile.loss: it is the default)`,
    );
  if (quantiles) {
    // The network's outputs are quantile tracks, not the targets' values: only the pinball loss reads them.
    const loss = config.compile.loss;
    const name = typeof loss === 'string' ? loss : (loss as { name?: string } | undefined)?.name;
    if ((name !== undefined && canonicalLossName(name) !== 'pinball') || config.compile.metrics?.length)
      throw new SeqlabError(
        'compile: with forecast.quantiles the model is trained with the pinball loss on its quantile outputs; remove compile.loss and compile.metrics (the backtest scores the median and the intervals)',
      );
  }
  const posWeight =
    task === 'multilabel' && config.training.classWeight
      ? labelWeights(config.training.classWeight, prepared)
      : undefined;
  if (posWeight && config.compile.loss !== undefined && lossName !== 'binaryCrossentropy')
    throw new SeqlabError(
      "training.classWeight of a multi-label model sets binaryCrossentropy's posWeight: leave compile.loss out, or give posWeight in it instead of classWeight",
    );
  model.compile({
    optimizer: config.compile.optimizer as OptimizerConfig,
    loss: quantiles
      ? pinball({ quantiles })
      : posWeight
        ? { name: 'binaryCrossentropy', posWeight } // a config, so model.json keeps the weights
        : ((config.compile.loss ?? defaultLoss(prepared)) as LossConfig),
    metrics: quantiles ? [] : (config.compile.metrics ?? (task === 'regression' ? ['mae'] : ['accuracy'])),
  });
  return model;
}

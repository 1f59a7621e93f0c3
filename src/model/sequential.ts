import { SeqlabError, ShapeError } from '../errors.js';
import { concat } from '../autograd/ops/index.js';
import { isRecording, noGrad } from '../autograd/tape.js';
import { formatShape, type Tensor } from '../autograd/tensor.js';
import { RandomGenerator } from '../initializers/random.js';
import type { Pipeline } from '../data/preprocessing/pipeline.js';
import {
  formatShapeSymbolic,
  rowsShape,
  type CallContext,
  type Layer,
  type SymbolicShape,
} from '../layers/layer.js';
import { getLoss, type Loss, type LossConfig } from '../losses/index.js';
import { getMetric } from '../metrics/index.js';
import { getOptimizer, type Optimizer, type OptimizerConfig } from '../optimizers/index.js';
import type { Logs } from './callbacks/callback.js';
import { evaluate } from './evaluate.js';
import type { History } from './history.js';
import { rowRange, shapeOf, toInputRows, toTensor, type TensorLike } from './inputs.js';
import { saveModel } from './save.js';
import { formatSummary } from './summary.js';
import { requireCompiled, type TrainableModel } from './trainable.js';
import {
  fitArrays,
  fitDataset,
  trainOnBatch,
  type BatchSource,
  type FitDatasetOptions,
  type FitOptions,
} from './trainer.js';

export interface CompileConfig {
  /** 'adam', { name: 'adam', learningRate: 1e-3 }, or an optimizer object. */
  optimizer: OptimizerConfig;
  /** 'binaryCrossentropy', { name: 'huber', delta: 2 }, … */
  loss: LossConfig;
  /** 'accuracy', 'precision', 'recall', 'auc', 'mse', 'mae', 'rmse'. */
  metrics?: string[];
}

export interface SequentialOptions {
  name?: string;
  /** Seeds weight initialisation, dropout and shuffling; same seed + backend + threads ⇒ same run. */
  seed?: number;
}

let globalSeed: number | null = null;

/**
 * Seeds every model created afterwards that gets no seed of its own (Keras' set_random_seed).
 * @example setRandomSeed(42)
 */
export function setRandomSeed(seed: number): void {
  globalSeed = seed;
}

function freshSeed(): number {
  return globalSeed ?? Math.floor(Math.random() * 2 ** 31);
}

/**
 * A linear stack of layers with Keras's training API: compile, fit, evaluate, predict, summary,
 * save. Weights are created on the first call (or `build`) from the input shape.
 *
 * @example
 * const model = sequential([
 *   layers.embedding({ inputDim: 20000, outputDim: 128 }),
 *   layers.lstm({ units: 64 }),
 *   layers.dense({ units: 1, activation: 'sigmoid' }),
 * ]);
 * model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
 * await model.fit(xTrain, yTrain, { epochs: 5, batchSize: 64, validationSplit: 0.2 });
 */
export class Sequential implements TrainableModel {
  readonly layers: Layer[] = [];
  readonly name: string;
  /** Set by callbacks (or Ctrl-C) to stop fit() after the current batch or epoch. */
  stopTraining = false;
  optimizer: Optimizer | null = null;
  lossFunction: Loss | null = null;
  lossConfig: LossConfig | null = null;
  metricNames: string[] = [];
  /** Free-form data saved with the model: label names, task, metrics … */
  metadata: Record<string, unknown> = {};
  /**
   * Fitted preprocessing saved with the model (vocabulary, scaler parameters, label classes, window
   * size), so a loaded model can take raw inputs: `model.predict(model.preprocessing.transform(raw))`.
   */
  preprocessing: Pipeline | null = null;
  seed: number;
  rng: RandomGenerator;
  private builtInputShape: SymbolicShape | null = null;

  constructor(layers: Layer[] = [], options: SequentialOptions = {}) {
    this.name = options.name ?? 'sequential';
    this.seed = options.seed ?? freshSeed();
    this.rng = new RandomGenerator(this.seed);
    for (const layer of layers) this.add(layer);
  }

  /** Appends a layer. */
  add(layer: Layer): void {
    if (this.layers.some((l) => l.name === layer.name)) {
      throw new SeqlabError(
        `model '${this.name}' already has a layer named '${layer.name}'; give it another name`,
      );
    }
    this.layers.push(layer);
    const first = this.layers[0]!.config.inputShape;
    if (this.layers.length === 1 && first) this.build([null, ...first]);
    else if (this.builtInputShape) this.build(this.builtInputShape);
  }

  /** Creates all weights for inputs of this shape (batch axis first, may be null). */
  build(inputShape: SymbolicShape): void {
    let shape = inputShape;
    for (const layer of this.layers) {
      try {
        layer.ensureBuilt(shape, this.rng);
        shape = layer.computeOutputShape(shape);
      } catch (e) {
        if (e instanceof ShapeError) throw e;
        throw new ShapeError(
          `layer '${layer.name}' (${layer.className}) with input ${formatShapeSymbolic(shape)}: ${(e as Error).message}`,
        );
      }
    }
    this.builtInputShape = [...inputShape];
  }

  get built(): boolean {
    return this.builtInputShape !== null;
  }

  /** The shape of the model's input (batch axis first) once built. */
  get inputShape(): SymbolicShape | null {
    return this.builtInputShape;
  }

  /** The shape of the model's output once built. */
  get outputShape(): SymbolicShape | null {
    if (!this.builtInputShape) return null;
    return this.layers.reduce<SymbolicShape>((s, l) => l.computeOutputShape(s), this.builtInputShape);
  }

  /**
   * Runs the layers on a batch, passing masks along (an embedding with maskZero masks later layers).
   * `training` turns dropout on. Records gradients unless inside noGrad.
   */
  call(x: Tensor, training = false, rng: RandomGenerator = this.rng): Tensor {
    return this.forward(x, training, rng, null);
  }

  /** @internal `call`, also listing each layer's output in `outputs` (see trainingStep). */
  forward(x: Tensor, training: boolean, rng: RandomGenerator, outputs: Tensor[] | null): Tensor {
    if (this.layers.length === 0) throw new SeqlabError(`model '${this.name}' has no layers`);
    if (!this.builtInputShape) this.build([null, ...x.shape.slice(1)]);
    let y = x;
    let mask: Tensor | null = null;
    for (let i = 0; i < this.layers.length; i++) {
      const layer = this.layers[i]!;
      const ctx: CallContext = { training, mask, rng };
      const nextMask = layer.computeMask(y, mask);
      const reader = !training && !isRecording() ? rowReader(this.layers, i, y) : null;
      if (reader) {
        // Inference after a layer that gives rows of a table (Embedding): the next reader (a recurrent
        // layer) reads the rows in place, so the (B, T, features) sequence is never written out (layers
        // in between are the identity outside training: Dropout).
        layer.prepareInput(y.shape, rng);
        const { table, ids } = reader.rows(y);
        const shape = rowsShape(table, ids);
        for (const between of this.layers.slice(i + 1, reader.index)) between.prepareInput(shape, rng);
        y = reader.read(table, ids, { training, mask: nextMask, rng });
        mask = reader.layer.computeMask(y, nextMask); // a recurrent layer's mask does not depend on its input
        i = reader.index;
        continue;
      }
      y = layer.apply(y, ctx);
      outputs?.push(y);
      mask = nextMask;
    }
    return y;
  }

  /** Configures training: optimizer, loss and metrics. */
  compile(config: CompileConfig): void {
    this.optimizer = getOptimizer(config.optimizer);
    this.lossFunction = getLoss(config.loss);
    this.lossConfig = config.loss;
    this.metricNames = config.metrics ?? [];
    for (const name of this.metricNames) getMetric(name, this.lossFunction.name); // validate names now
  }

  /** The weight penalties of all layers (L1/L2 regularizers), in layer order. */
  regularizationTerms(): Tensor[] {
    return this.layers.flatMap((l) => l.regularizationTerms());
  }

  /**
   * Trains on arrays for a number of epochs; returns the History of per-epoch loss and metrics.
   * Options follow Keras: batchSize (32), epochs (1), validationSplit (the last fraction of the
   * data, before shuffling), validationData, shuffle (true), classWeight, sampleWeight,
   * initialEpoch, verbose (1: progress bar on a TTY), callbacks, seed.
   */
  fit(x: TensorLike, y: TensorLike, options: FitOptions = {}): Promise<History> {
    return fitArrays(this, toInputRows(x, 'x'), toTensor(y, 'y', { float: true }), options);
  }

  /**
   * Trains on batches from an async iterable (re-iterated each epoch), so data larger than memory
   * can stream from disk.
   *
   * @example
   * await model.fitDataset(() => readBatches('train.jsonl', 64), { epochs: 3 });
   */
  fitDataset(batches: BatchSource, options: FitDatasetOptions = {}): Promise<History> {
    return fitDataset(this, batches, options);
  }

  /**
   * One optimisation step on one batch; returns its loss and metrics. A loss that is not finite (NaN,
   * ±Infinity) is returned without a step, as `fit` does, so the weights are not overwritten with NaN.
   */
  trainOnBatch(x: TensorLike, y: TensorLike, sampleWeight: TensorLike | null = null): Logs {
    requireCompiled(this, 'trainOnBatch');
    const w = sampleWeight === null ? null : toTensor(sampleWeight, 'sampleWeight', { float: true });
    return trainOnBatch(this, toTensor(x, 'x'), toTensor(y, 'y', { float: true }), w);
  }

  /** Loss and metrics on data, in inference mode (no dropout). */
  evaluate(x: TensorLike, y: TensorLike, options: { batchSize?: number } = {}): Logs {
    requireCompiled(this, 'evaluate');
    return evaluate(this, toInputRows(x, 'x'), toTensor(y, 'y', { float: true }), options);
  }

  /** Outputs for inputs, computed in batches in inference mode. */
  predict(x: TensorLike, { batchSize = 32 }: { batchSize?: number } = {}): Tensor {
    const xt = toInputRows(x, 'x');
    const n = shapeOf(xt)[0]!;
    if (n === 0) throw new ShapeError(`predict: x has no rows (shape ${formatShape(shapeOf(xt))})`);
    return noGrad(() => {
      const parts: Tensor[] = [];
      for (let start = 0; start < n; start += batchSize) {
        parts.push(this.call(rowRange(xt, start, Math.min(n, start + batchSize)), false));
      }
      return parts.length === 1 ? parts[0]! : concat(parts, 0);
    });
  }

  /**
   * Attention weights per time step for each sample, from the model's first attention-pooling layer.
   * @example
   * const { weights } = model.explain(xSample); // (B, T), rows sum to 1
   */
  explain(x: TensorLike): { layer: string; weights: Tensor } {
    const layer = this.layers.find((l) => l.stepAttention !== undefined);
    if (!layer)
      throw new SeqlabError(`explain: model '${this.name}' has no attention-pooling layer to explain`);
    this.predict(x, { batchSize: shapeOf(toInputRows(x, 'x'))[0]! });
    const weights = layer.stepAttention!();
    if (!weights) throw new SeqlabError(`explain: layer '${layer.name}' recorded no attention weights`);
    return { layer: layer.name, weights };
  }

  /** All weights, layer by layer, in Keras's order. */
  get weights(): Tensor[] {
    return this.layers.flatMap((l) => l.weights);
  }

  get trainableWeights(): Tensor[] {
    return this.layers.flatMap((l) => l.trainableWeights);
  }

  /** Copies of all weights (Keras's order and layouts). */
  getWeights(): Tensor[] {
    return this.weights.map((w) => w.clone());
  }

  /** Sets all weights from tensors in Keras's order (as getWeights returns them). */
  setWeights(values: readonly Tensor[]): void {
    const total = this.weights.length;
    if (values.length !== total)
      throw new ShapeError(`setWeights: model '${this.name}' has ${total} weights, got ${values.length}`);
    let i = 0;
    for (const layer of this.layers) {
      const n = layer.weights.length;
      layer.setWeights(values.slice(i, i + n));
      i += n;
    }
  }

  countParams(): number {
    return this.layers.reduce((n, l) => n + l.countParams(), 0);
  }

  get learningRate(): number {
    return requireCompiled(this, 'learningRate').optimizer.learningRate;
  }

  set learningRate(value: number) {
    requireCompiled(this, 'learningRate').optimizer.learningRate = value;
  }

  /**
   * A Keras-style table: layer (type), output shape, params; totals. Printed unless print is null.
   */
  summary(print: ((line: string) => void) | null = console.log): string {
    const text = formatSummary(this);
    print?.(text);
    return text;
  }

  /** Saves model.json + weights.safetensors (+ optimizer state) into a folder, atomically per file. */
  save(path: string, options: { includeOptimizer?: boolean } = {}): Promise<void> {
    return saveModel(this, path, options);
  }
}

/**
 * Creates a Sequential model.
 * @example const model = sequential([layers.dense({ units: 1, inputShape: [4] })], { seed: 1 });
 */
export function sequential(layers: Layer[] = [], options: SequentialOptions = {}): Sequential {
  return new Sequential(layers, options);
}

/** What `forward` needs to let a layer read the rows of an earlier layer's table in place. */
interface RowReader {
  /** The reading layer and its index. */
  layer: Layer;
  index: number;
  /** The giving layer's output as a table and ids. */
  rows(x: Tensor): { table: Tensor; ids: Tensor };
  /** The reading layer's call on gather(table, ids). */
  read(table: Tensor, ids: Tensor, ctx: CallContext): Tensor;
}

/**
 * In inference, the layer that reads layers[i]'s output as rows of its table: layers[i] gives rows
 * (`rowsOf`, an Embedding) of (B, T) ids, then only layers that are the identity at inference (Dropout),
 * then a layer that reads rows (`callOnRows`, a recurrent layer). Else null.
 */
function rowReader(layers: readonly Layer[], i: number, x: Tensor): RowReader | null {
  const giver = layers[i]!;
  if (!giver.rowsOf || x.rank !== 2) return null;
  let j = i + 1;
  while (layers[j]?.identityAtInference) j++;
  const reader = layers[j];
  if (!reader?.callOnRows) return null;
  return {
    layer: reader,
    index: j,
    rows: (y) => giver.rowsOf!(y),
    read: (table, ids, ctx) => reader.callOnRows!(table, ids, ctx),
  };
}

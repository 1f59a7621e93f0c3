import { SeqlabError, ShapeError } from '../errors.js';
import { recycle } from '../autograd/buffers.js';
import { backward, isSparse } from '../autograd/tape.js';
import { Tensor } from '../autograd/tensor.js';
import { RandomGenerator } from '../initializers/random.js';
import type { Metric } from '../metrics/index.js';
import type { Callback, Logs } from './callbacks/callback.js';
import { CallbackList } from './callbacks/callback.js';
import { ProgressBar } from './callbacks/progress-bar.js';
import { evaluate } from './evaluate.js';
import { History } from './history.js';
import {
  checkSameRows,
  shapeOf,
  sliceRows,
  takeRows,
  toInputRows,
  toTensor,
  type InputRows,
  type TensorLike,
} from './inputs.js';
import { makeMetrics, requireCompiled, totalLoss, type TrainableModel } from './trainable.js';
import { checkWeightsFinite } from './finite.js';

// The trainer: fit's loop over epochs and batches, the training step, and trainOnBatch. It sees the model
// only through the TrainableModel type (Keras keeps the same in its Trainer class, keras/src/trainers).

export interface FitOptions {
  /** Default 1. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** Fraction of the data (the last rows, taken before shuffling, as Keras) held out for validation. Default 0. */
  validationSplit?: number;
  /** [xVal, yVal] evaluated at the end of each epoch (overrides validationSplit). */
  validationData?: [TensorLike, TensorLike];
  /** Shuffle the training rows every epoch. Default true. */
  shuffle?: boolean;
  /** Weight of each class in the loss, e.g. { 0: 1, 1: 3 } for an imbalanced binary task. */
  classWeight?: Record<number, number>;
  /** One weight per training sample (N,). */
  sampleWeight?: TensorLike;
  /** Epoch to start from (after loading a checkpoint). Default 0. */
  initialEpoch?: number;
  /** 0 silent, 1 progress bar (on a TTY; a line per epoch otherwise), 2 a line per epoch. Default 1. */
  verbose?: 0 | 1 | 2;
  callbacks?: Callback[];
  /** Reseeds dropout and shuffling for this call. */
  seed?: number;
  /** The generator for dropout and shuffling (overrides seed): a checkpoint can read and restore its state. */
  rng?: RandomGenerator;
}

/** A batch from a dataset: inputs, targets and optional per-sample weights. */
export interface Batch {
  xs: TensorLike;
  ys: TensorLike;
  sampleWeight?: TensorLike;
}

/** An async (or sync) iterable of batches, or a function returning a fresh one for each epoch. */
export type BatchSource =
  (() => AsyncIterable<Batch> | Iterable<Batch>) | AsyncIterable<Batch> | Iterable<Batch>;

export interface FitDatasetOptions extends Omit<
  FitOptions,
  'batchSize' | 'validationSplit' | 'shuffle' | 'sampleWeight'
> {
  /** Batches per epoch, if known (for the progress bar). */
  batchesPerEpoch?: number;
}

function nonFinite(epoch: number, batch: number, loss: number): SeqlabError {
  return new SeqlabError(
    `loss became ${loss} at epoch ${epoch + 1}, batch ${batch + 1}. Training stopped. ` +
      `Try a lower learning rate (e.g. { name: 'adam', learningRate: 1e-4 }), gradient clipping ` +
      `({ clipNorm: 1 }), scaling the inputs (MinMaxScaler/StandardScaler), or checking the data for NaN.`,
  );
}

/** Per-sample weights from class weights: the class of a row is its label, or argmax for one-hot rows. */
function classWeightsFor(y: Tensor, classWeight: Record<number, number>): Tensor {
  const n = y.shape[0]!;
  const width = y.size / Math.max(n, 1);
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let cls = 0;
    if (width === 1) cls = Math.round(y.data[i]!);
    else for (let c = 1; c < width; c++) if (y.data[i * width + c]! > y.data[i * width + cls]!) cls = c;
    const weight = classWeight[cls];
    if (weight === undefined) {
      throw new SeqlabError(
        `classWeight has no entry for class ${cls} (row ${i}); give a weight for every class`,
      );
    }
    w[i] = weight;
  }
  return new Tensor(w, [n]);
}

/** Loss and metric state for one pass over batches. */
class Tracker {
  private lossSum = 0;
  private count = 0;
  constructor(readonly metrics: Metric[]) {}

  update(loss: number, batchSize: number, yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | null): void {
    this.lossSum += loss * batchSize;
    this.count += batchSize;
    for (const m of this.metrics) m.update(yTrue, yPred, sampleWeight);
  }

  logs(prefix = ''): Logs {
    const logs: Logs = { [`${prefix}loss`]: this.lossSum / Math.max(this.count, 1) };
    for (const m of this.metrics) logs[`${prefix}${m.name}`] = m.result();
    return logs;
  }
}

/**
 * One training step: forward, loss, backward and the optimizer's update (skipped when the loss is not
 * finite; the caller reports it). Returns the predictions (for metrics) and the loss.
 *
 * The layers' outputs in between are dead after the step: nothing outside it saw them, and the tape's
 * closures that refer to them are unreachable once backward has run. Their memory goes back to the
 * buffer pool (autograd/buffers.ts) for the next step's outputs, except where it is also the input's or
 * the predictions' (a layer that returns its input, a reshape of the last output). Without this (and the
 * optimizer handing back a gather's gradient) a step of the benchmark's A left ~9.8 MB of new arrays to the
 * garbage collector, since its two 3.3 MB outputs were never handed back: V8 answered with a mark-compact
 * every ~4 steps in some runs, whose concurrent marking took CPU from the second kernel thread (2 threads:
 * 1300 samples/s in those runs, 1600 in the others).
 *
 * @example const { pred, loss } = trainingStep(model, xb, yb, null, model.rng);
 */
export function trainingStep(
  model: TrainableModel,
  x: Tensor,
  y: Tensor,
  sampleWeight: Tensor | null,
  rng: RandomGenerator,
): { pred: Tensor; loss: number } {
  const { optimizer } = requireCompiled(model, 'fit');
  const outputs: Tensor[] = [];
  const pred = model.forward(x, true, rng, outputs);
  const lossTensor = totalLoss(model, y, pred, sampleWeight);
  const loss = lossTensor.item();
  if (!Number.isFinite(loss)) return { pred, loss };
  const params = model.trainableWeights;
  for (const p of params) p.gradData = null;
  if (lossTensor.requiresGrad) backward(lossTensor);
  // The weights' dense gradients are dead once applied (no caller of trainOnBatch sees them): their
  // memory goes back to the pool for the next step's.
  const applied = params.flatMap((p) => (p.gradData && !isSparse(p.gradData) ? [p.gradData] : []));
  optimizer.apply(params);
  for (const g of applied) recycle(g);
  const live = new Set([x.data.buffer, pred.data.buffer]);
  for (const t of outputs) if (!(t.data instanceof Int32Array) && !live.has(t.data.buffer)) recycle(t.data);
  return { pred, loss };
}

/**
 * One optimisation step on one batch with the model's generator; returns its loss and metrics. A loss that
 * is not finite is returned without a step, so the weights are not overwritten with NaN.
 *
 * @example trainOnBatch(model, xb, yb, null).loss
 */
export function trainOnBatch(model: TrainableModel, x: Tensor, y: Tensor, sampleWeight: Tensor | null): Logs {
  requireCompiled(model, 'trainOnBatch');
  const { pred, loss } = trainingStep(model, x, y, sampleWeight, model.rng);
  const logs: Logs = { loss };
  for (const m of makeMetrics(model)) {
    m.update(y, pred);
    logs[m.name] = m.result();
  }
  return logs;
}

/** One training step inside fit; returns the batch loss. */
function trainStep(
  model: TrainableModel,
  x: Tensor,
  y: Tensor,
  w: Tensor | null,
  tracker: Tracker,
  rng: RandomGenerator,
): number {
  const { pred, loss } = trainingStep(model, x, y, w, rng);
  if (Number.isFinite(loss)) tracker.update(loss, x.shape[0]!, y, pred, w);
  return loss;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface EpochSource {
  steps: number | null;
  samples: number | null;
  batches(epoch: number, rng: RandomGenerator): AsyncIterable<{ x: Tensor; y: Tensor; w: Tensor | null }>;
}

async function runTraining(
  model: TrainableModel,
  source: EpochSource,
  options: FitOptions,
  validation: [InputRows, Tensor] | null,
): Promise<History> {
  const { epochs = 1, initialEpoch = 0, verbose = 1, batchSize = 32 } = options;
  const { optimizer } = requireCompiled(model, 'fit');
  const rng = options.rng ?? (options.seed === undefined ? model.rng : new RandomGenerator(options.seed));
  const history = new History();
  const userCallbacks = options.callbacks ?? [];
  const list = new CallbackList(verbose === 0 ? userCallbacks : [...userCallbacks, new ProgressBar()]);
  const metricNames = makeMetrics(model).map((m) => m.name);
  list.setModel(model, {
    epochs,
    steps: source.steps,
    samples: source.samples,
    verbose,
    metrics: metricNames,
  });
  model.stopTraining = false;
  await list.trainBegin();
  for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
    await list.epochBegin(epoch);
    const tracker = new Tracker(makeMetrics(model));
    let batch = 0;
    for await (const { x, y, w } of source.batches(epoch, rng)) {
      await list.batchBegin(batch);
      const loss = trainStep(model, x, y, w, tracker, rng);
      if (!Number.isFinite(loss)) throw nonFinite(epoch, batch, loss);
      checkWeightsFinite(model, epoch, batch); // the update after a finite loss can still overflow
      await list.batchEnd(batch, tracker.logs());
      batch++;
      await yieldToEventLoop(); // lets Ctrl-C handlers set stopTraining between batches
      if (model.stopTraining) break;
    }
    if (batch === 0) {
      throw new SeqlabError(
        `fit: epoch ${epoch + 1} had no batches: the data is empty, or a one-shot iterable was used up by an ` +
          `earlier epoch (pass a function that returns a fresh iterable, e.g. () => readBatches(file))`,
      );
    }
    const logs = tracker.logs();
    if (validation) {
      await list.testBegin();
      Object.assign(logs, prefixed(evaluate(model, validation[0], validation[1], { batchSize }), 'val_'));
      await list.testEnd();
    }
    await list.epochEnd(epoch, logs);
    history.record(epoch, logs);
  }
  // Keras's order: the weights' moving averages (useEma) first, then onTrainEnd (EarlyStopping's restore).
  optimizer.finalizeVariableValues(model.trainableWeights);
  await list.trainEnd();
  return history;
}

function prefixed(logs: Logs, prefix: string): Logs {
  return Object.fromEntries(Object.entries(logs).map(([k, v]) => [prefix + k, v]));
}

/**
 * Trains on arrays (Sequential.fit): validation split or data, class/sample weights, shuffled batches.
 * @example await fitArrays(model, x, y, { epochs: 5, batchSize: 64, validationSplit: 0.2 })
 */
export async function fitArrays(
  model: TrainableModel,
  xAll: InputRows,
  yAll: Tensor,
  options: FitOptions,
): Promise<History> {
  checkSameRows(xAll, yAll);
  const { batchSize = 32, validationSplit = 0, shuffle = true } = options;
  if (!Number.isInteger(batchSize) || batchSize <= 0)
    throw new SeqlabError(`fit: batchSize must be a positive integer, got ${batchSize}`);
  if (!(validationSplit >= 0 && validationSplit < 1))
    throw new SeqlabError(`fit: validationSplit must be in [0, 1), got ${validationSplit}`);
  let weightsAll =
    options.sampleWeight === undefined
      ? null
      : toTensor(options.sampleWeight, 'sampleWeight', { float: true });
  if (options.classWeight) weightsAll = classWeightsFor(yAll, options.classWeight);
  if (weightsAll && weightsAll.size !== shapeOf(xAll)[0]) {
    throw new ShapeError(`sampleWeight has ${weightsAll.size} values for ${shapeOf(xAll)[0]} samples`);
  }
  const total = shapeOf(xAll)[0]!;
  let validation: [InputRows, Tensor] | null = null;
  let n = total;
  if (options.validationData) {
    const [xv, yv] = options.validationData;
    validation = [toInputRows(xv, 'validationData x'), toTensor(yv, 'validationData y', { float: true })];
    checkSameRows(validation[0], validation[1]);
  } else if (validationSplit > 0) {
    n = Math.floor(total * (1 - validationSplit));
    if (n === 0 || n === total)
      throw new SeqlabError(
        `fit: validationSplit ${validationSplit} of ${total} samples leaves an empty part`,
      );
    validation = [sliceRows(xAll, n, total), sliceRows(yAll, n, total)];
  }
  if (n === 0) throw new SeqlabError('fit: no training samples (x has 0 rows)');
  const x = n === total ? xAll : sliceRows(xAll, 0, n);
  const y = n === total ? yAll : sliceRows(yAll, 0, n);
  const w = weightsAll && n !== total ? sliceRows(weightsAll, 0, n) : weightsAll;
  const steps = Math.ceil(n / batchSize);
  const source: EpochSource = {
    steps,
    samples: n,
    async *batches(_epoch, rng) {
      const order = shuffle ? rng.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
      for (let s = 0; s < steps; s++) {
        const idx = order.subarray(s * batchSize, Math.min(n, (s + 1) * batchSize));
        yield { x: takeRows(x, idx), y: takeRows(y, idx), w: w ? takeRows(w, idx) : null };
      }
    },
  };
  return runTraining(model, source, options, validation);
}

/**
 * Trains on batches from an iterable re-read each epoch (Sequential.fitDataset).
 * @example await fitDataset(model, () => readBatches('train.jsonl', 64), { epochs: 3 })
 */
export async function fitDataset(
  model: TrainableModel,
  batches: BatchSource,
  options: FitDatasetOptions,
): Promise<History> {
  const validation: [InputRows, Tensor] | null = options.validationData
    ? [
        toInputRows(options.validationData[0], 'validationData x'),
        toTensor(options.validationData[1], 'validationData y', { float: true }),
      ]
    : null;
  const source: EpochSource = {
    steps: options.batchesPerEpoch ?? null,
    samples: null,
    async *batches() {
      const iterable = typeof batches === 'function' ? batches() : batches;
      for await (const b of iterable) {
        const x = toTensor(b.xs, 'batch xs');
        const y = toTensor(b.ys, 'batch ys', { float: true });
        checkSameRows(x, y);
        yield {
          x,
          y,
          w:
            b.sampleWeight === undefined
              ? null
              : toTensor(b.sampleWeight, 'batch sampleWeight', { float: true }),
        };
      }
    },
  };
  return runTraining(model, source, options, validation);
}

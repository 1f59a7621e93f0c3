/**
 * K-fold cross-validation on the training rows (`training.cv`): what `seqlab train` reports beside the
 * one validation split, and the `cv:<metric>` objective of `seqlab tune`.
 */
import { seededRandom } from '../data/random.js';
import { rowCount, takeRows } from '../data/split.js';
import { SeqlabError } from '../errors.js';
import { callbacks as cb, type Callback, type Logs } from '../model/callbacks/index.js';
import type { ExperimentConfig } from './config-schema.js';
import type { Tensor } from '../autograd/tensor.js';
import { buildModel } from './model-build.js';
import { predictArray } from './evaluate-run.js';
import type { Prepared } from './prepare.js';
import type { Arr } from './preprocess.js';

/**
 * Fold ids 0..K−1 for n rows: a seeded shuffle, dealt round-robin within each class when stratified,
 * so every fold holds about n/K rows and (stratified) the class proportions.
 * @example cvFolds(10, 5, 0) // Int32Array of 10 fold ids, two rows per fold
 */
export function cvFolds(n: number, k: number, seed: number, classes?: Int32Array): Int32Array {
  checkFolds(n, k);
  const rng = seededRandom(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  if (classes) order.sort((a, b) => classes[a]! - classes[b]!); // stable: shuffled within each class
  const folds = new Int32Array(n);
  order.forEach((row, i) => (folds[row] = i % k));
  return folds;
}

/** Throws unless K folds can be cut from n training rows (run before training, not after it). */
export function checkFolds(n: number, k: number): void {
  if (k < 2 || k > n)
    throw new SeqlabError(`training.cv.folds: expected 2 ≤ folds ≤ ${n} (training rows), got ${k}`);
}

/** Per metric (without the val_ prefix): the mean and sample sd over folds, and each fold's value. */
export type CvSummary = Record<string, { mean: number; sd: number; folds: number[] }>;

export interface CvHooks {
  /** After every epoch of every fold. */
  onEpoch?(): void;
  /** After each fold: the running mean of `key` over the folds done. */
  onFold?(runningMean: number): void;
  /** Each fold's history. */
  onCurves?(history: Record<string, number[]>): void;
}

/**
 * A fresh model (same seed) per fold, trained on the other folds and scored on this one at its best
 * epoch by `key` (e.g. 'val_loss'; lower is better for losses and errors, higher otherwise). The
 * preprocessing stays the one fitted on the whole training part, as validationSplit's does.
 * @example const { summary } = await crossValidate(config, prepared, 'val_loss'); summary.accuracy.mean
 */
export async function crossValidate(
  config: ExperimentConfig,
  prepared: Prepared,
  key: string,
  hooks: CvHooks = {},
): Promise<{ value: number; summary: CvSummary }> {
  const t = config.training;
  const cv = t.cv ?? { folds: 5, stratify: true };
  const n = rowCount(prepared.xTrain);
  const folds = cvFolds(n, cv.folds, config.seed, cv.stratify ? prepared.idsTrain : undefined);
  const perFold: Record<string, number[]> = {};
  const direction = /loss|error|mse|mae|rmse/.test(key) ? 1 : -1;
  // A score in the label's units (rmse_units, mae_units) is taken once a fold is trained; the fold's
  // best epoch is then the one with the lowest val_loss (both are minimised: direction 1).
  const units = key.endsWith('_units');
  const scoreUnits = Boolean(prepared.invert && prepared.truthTrain && !prepared.series);
  const select = units ? 'val_loss' : key;
  for (let k = 0; k < cv.folds; k++) {
    const trainIdx: number[] = [];
    const valIdx: number[] = [];
    folds.forEach((f, i) => (f === k ? valIdx : trainIdx).push(i));
    const model = buildModel(config, prepared);
    let best: Logs | undefined;
    let bestWeights: Tensor[] | undefined;
    const watch: Callback = {
      onEpochEnd: (_e, logs) => {
        hooks.onEpoch?.();
        if (logs[select] === undefined)
          throw new SeqlabError(
            `cross-validation by '${select}': the fold's logs have no '${select}' (they have ${Object.keys(logs).join(', ')}); add it to compile.metrics`,
          );
        if (!best || direction * logs[select]! < direction * best[select]!) {
          best = { ...logs };
          // A table regression is scored in units from the best epoch's weights, whatever early stopping does.
          if (scoreUnits) bestWeights = model.getWeights();
        }
      },
    };
    const list: Callback[] = [watch];
    if (t.earlyStopping) list.unshift(cb.earlyStopping({ ...t.earlyStopping }));
    const h = await model.fit(
      takeRows(prepared.xTrain, trainIdx),
      takeRows(prepared.yTrain as Arr, trainIdx),
      {
        epochs: t.epochs,
        batchSize: t.batchSize,
        validationData: [takeRows(prepared.xTrain, valIdx), takeRows(prepared.yTrain as Arr, valIdx)],
        shuffle: t.shuffle,
        verbose: 0,
        seed: config.seed,
        callbacks: list,
      },
    );
    hooks.onCurves?.(h.history);
    for (const [m, v] of Object.entries(best!))
      if (m.startsWith('val_')) (perFold[m.slice(4)] ??= []).push(v);
    // A table regression also in the label's own units: the val_ metrics are on the network's scale
    // (standardised, or log with data.targetTransform: log), which two such configs do not share.
    if (scoreUnits) {
      if (bestWeights) model.setWeights(bestWeights);
      const pred = prepared.invert!(predictArray(model, takeRows(prepared.xTrain, valIdx)), valIdx);
      const truth = valIdx.map((i) => prepared.truthTrain![i]!);
      const err = truth.map((y, i) => y - pred[i]!);
      (perFold.rmse_units ??= []).push(Math.sqrt(err.reduce((a, e) => a + e * e, 0) / err.length));
      (perFold.mae_units ??= []).push(err.reduce((a, e) => a + Math.abs(e), 0) / err.length);
    }
    const sofar = perFold[key.slice(4)];
    if (!sofar)
      throw new SeqlabError(
        `cross-validation by '${key.slice(4)}': scored for table regressions only (data.type: table, data.task: regression); use cv:loss or another compiled metric`,
      );
    hooks.onFold?.(sofar.reduce((a, b) => a + b, 0) / sofar.length);
  }
  const summary: CvSummary = Object.fromEntries(
    Object.entries(perFold).map(([m, xs]) => {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
      return [m, { mean, sd, folds: xs }];
    }),
  );
  return { value: summary[key.slice(4)]!.mean, summary };
}

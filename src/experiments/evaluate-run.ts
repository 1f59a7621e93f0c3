/** Scoring a trained model on the train and test splits, with the baselines of the same run. */
import type { Sequential } from '../model/sequential.js';
import type { ExperimentConfig } from './config-schema.js';
import type { Prepared } from './prepare.js';
import { denseInputs, type Arr, type Inputs } from './preprocess.js';
import { rowCount } from '../data/split.js';
import { classesFromProbs } from '../data/preprocessing/labels.js';
import { labelCounts, setsFromProbs } from '../data/preprocessing/label-sets.js';
import { idsOneHot } from '../data/preprocessing/table-columns.js';
import {
  sparseLogisticBaseline,
  sparseRidgeBaseline,
  tfidfLogisticBaseline,
  tfidfOneVsRestBaseline,
  tfidfRidgeBaseline,
  type TextRidgeResult,
} from './text-baseline.js';
import { medianTrack } from '../forecasting/forecast.js';
import { imbalanced } from '../metrics/classification.js';
import { fitOneVsRest, predictOneVsRest } from './sparse-logistic.js';
import { csrFromDense, isCsr } from '../data/sparse.js';
import {
  multilabelScores,
  classificationScores,
  linearRegression,
  logisticRegression,
  windowStatistics,
  majorityClass,
  regressionScores,
} from './scoring.js';

/** Predictions and scores of a run. */
export interface Evaluation {
  train: Record<string, unknown>;
  test: Record<string, unknown>;
  baselines: Record<string, Record<string, unknown>>;
  /** Raw model outputs (N × width). */
  outTrain: Float32Array;
  outTest: Float32Array;
  width: number;
  /** Classification: predicted class ids. Regression: predictions in original units. Multi-label: multi-hot rows. */
  predTrain: Int32Array | Float64Array | Uint8Array;
  predTest: Int32Array | Float64Array | Uint8Array;
  /** Regression baselines on the test rows, by name (original units). */
  baselineForecasts?: Record<string, Float64Array>;
  /** Classification: the network against the baselines on the test part, in one sentence. */
  verdict?: string;
  /** Classification: what the scores hide (a model that predicts one class for every row). */
  warnings?: string[];
}

/** Model outputs for an array in batches. */
export function predictArray(model: Sequential, x: Inputs, batchSize = 256): Float32Array {
  if (rowCount(x) === 0) return new Float32Array(0);
  return model.predict(x, { batchSize }).data as Float32Array;
}

/**
 * Train/test metrics and the configured baselines (defaults: logistic regression and majority
 * class for tables, the same and logistic regression on window statistics for windows, TF-IDF
 * logistic regression and majority class for text, naive and seasonal naive for series).
 * @example const ev = await evaluateRun(model, prepared, config); ev.test.accuracy
 */
export async function evaluateRun(
  model: Sequential,
  prepared: Prepared,
  config: ExperimentConfig,
): Promise<Evaluation> {
  const { info } = prepared;
  // Linear baselines read embedded categorical columns one-hot (they cannot learn the embedding).
  const levels = info.embedded?.map((e) => e.levels) ?? [];
  const linear = (x: Inputs): Arr => (levels.length ? idsOneHot(denseInputs(x), levels) : denseInputs(x));
  // A quantile model's one-split view scores its median.
  const point = (out: Float32Array, x: Inputs): Float32Array => medianTrack(out, rowCount(x), info.quantiles);
  const outTrain = point(predictArray(model, prepared.xTrain), prepared.xTrain);
  const outTest = point(predictArray(model, prepared.xTest), prepared.xTest);
  const width = outTest.length / Math.max(rowCount(prepared.xTest), 1);
  const baselines: Record<string, Record<string, unknown>> = {};
  if (info.task === 'regression') {
    // The one-split view scores the one-step-ahead forecast (the first output of a direct multi-step model).
    const oneStep = (v: Float64Array): Float64Array =>
      width === 1 ? v : Float64Array.from({ length: v.length / width }, (_, i) => v[i * width]!);
    const predTrain = oneStep(prepared.invert!(outTrain, prepared.trainRows));
    const predTest = oneStep(prepared.invert!(outTest, prepared.testRows));
    const baselineForecasts: Record<string, Float64Array> = {};
    let ridge: TextRidgeResult | undefined;
    if (!prepared.series) {
      // A table regression: the mean of the training targets and least squares on the same inputs; a
      // text regression: ridge regression on TF-IDF of the texts.
      const texts = prepared.textsTrain && prepared.textsTest;
      const names =
        config.evaluation.baselines ?? (texts ? ['tfidfRidge', 'mean'] : ['linearRegression', 'mean']);
      for (const name of names) {
        if (name === 'mean') {
          const t = prepared.truthTrain!;
          const mean = t.reduce((a, b) => a + b, 0) / t.length;
          baselineForecasts.mean = new Float64Array(prepared.testRows.length).fill(mean);
        } else if (name === 'tfidfRidge' && texts) {
          ridge = tfidfRidgeBaseline(prepared.textsTrain!, prepared.truthTrain!, prepared.textsTest!, {
            ...(prepared.textSplit !== undefined ? { split: prepared.textSplit } : {}),
            seed: config.seed,
          });
          baselineForecasts.tfidfRidge = ridge.predictions;
        } else if (name === 'linearRegression' && isCsr(prepared.xTrain) && isCsr(prepared.xTest)) {
          // A text's n-grams with the columns beside it: the same inputs, kept sparse (ridge, alpha
          // chosen on validation rows as for the text alone).
          baselineForecasts.linearRegression = sparseRidgeBaseline(
            prepared.xTrain,
            prepared.truthTrain!,
            prepared.xTest,
            { seed: config.seed },
          ).predictions;
        } else if (name === 'linearRegression' && !texts) {
          baselineForecasts.linearRegression = linearRegression(
            linear(prepared.xTrain),
            prepared.truthTrain!,
          ).predict(linear(prepared.xTest));
        }
      }
    } else {
      const y = prepared.series;
      const names = config.evaluation.baselines ?? ['naive', 'seasonalNaive'];
      const period = config.evaluation.seasonPeriod;
      for (const name of names) {
        // A season of 1 makes seasonal naive the naive forecast: it is not listed twice.
        const lag = name === 'naive' ? 1 : name === 'seasonalNaive' && period > 1 ? period : 0;
        // Every forecast reads its own series' past (panel series lie one after another in `y`).
        if (!lag || prepared.testRows.some((t) => t - lag < (prepared.firstStep?.[t] ?? 0))) continue;
        const f = Float64Array.from(prepared.testRows, (t) => y[t - lag]!);
        baselineForecasts[name] = f;
      }
    }
    for (const [name, f] of Object.entries(baselineForecasts))
      baselines[name] = compactScores(regressionScores(prepared.truthTest!, f));
    // Said as the classification baseline is: what it is, and the alpha validation chose.
    if (baselines.linearRegression && isCsr(prepared.xTrain))
      baselines.linearRegression = {
        ...baselines.linearRegression,
        about:
          "ridge regression (alpha = 1) on the model's own inputs: the text's n-grams and the columns beside it",
      };
    if (ridge)
      baselines.tfidfRidge = {
        ...baselines.tfidfRidge,
        about: `TF-IDF ${ridge.analyzer} (${ridge.features} features, sublinear tf, min_df 2) + ridge regression, alpha = ${ridge.alpha} chosen on 20% of the training rows`,
        fit: { alpha: ridge.alpha, validationRmse: ridge.validation, seconds: ridge.seconds },
      };
    const train = regressionScores(prepared.truthTrain!, predTrain);
    const test = regressionScores(prepared.truthTest!, predTest);
    // A series is judged by its backtest's verdict (every origin, every baseline).
    const verdict = info.input === 'series' ? undefined : regressionVerdict(test, baselines);
    return {
      train,
      test,
      baselines,
      ...(verdict ? { verdict } : {}),
      warnings: zeroTargetWarning(train, test, info.input === 'series'),
      outTrain,
      outTest,
      width,
      predTrain,
      predTest,
      baselineForecasts,
    };
  }
  if (info.task === 'multilabel')
    return { ...multilabelEvaluation(prepared, config, { outTrain, outTest, width }, linear), width };
  const labels = info.labels!;
  const threshold = info.threshold;
  const predTrain = classesFromProbs(outTrain, width, threshold);
  const predTest = classesFromProbs(outTest, width, threshold);
  const positive = (out: Float32Array): Float32Array | undefined => (width === 1 ? out : undefined);
  const names =
    config.evaluation.baselines ??
    (info.input === 'table' || info.input === 'windows'
      ? info.input === 'windows'
        ? ['logisticRegression', 'windowStatistics', 'majorityClass'] // the first on the flattened window
        : ['logisticRegression', 'majorityClass']
      : info.input === 'text'
        ? ['tfidfLogisticRegression', 'majorityClass']
        : ['majorityClass']);
  for (const name of names) {
    if (name === 'majorityClass') {
      baselines.majorityClass = compactScores(
        classificationScores(
          prepared.idsTest!,
          majorityClass(prepared.idsTrain!, prepared.idsTest!.length),
          labels,
        ),
      );
    } else if (name === 'tfidfLogisticRegression' && prepared.textsTrain && prepared.textsTest) {
      const b = tfidfLogisticBaseline(
        prepared.textsTrain,
        prepared.idsTrain!,
        prepared.textsTest,
        labels.length,
        {
          ...(prepared.textSplit !== undefined ? { split: prepared.textSplit } : {}),
          seed: config.seed,
        },
      );
      baselines.tfidfLogisticRegression = {
        ...compactScores(classificationScores(prepared.idsTest!, b.classes, labels, b.positive)),
        about: `TF-IDF ${b.analyzer} (${b.features} features, sublinear tf, min_df 2) + L2 logistic regression, C = ${b.c} chosen on 20% of the training rows`,
        fit: { c: b.c, validationAccuracy: b.validation, seconds: b.seconds },
      };
    } else if (name === 'logisticRegression' && isCsr(prepared.xTrain) && isCsr(prepared.xTest)) {
      // A text's n-grams with the columns beside it: the same inputs, kept sparse, C chosen on
      // validation rows as for the text alone.
      const b = sparseLogisticBaseline(prepared.xTrain, prepared.idsTrain!, prepared.xTest, labels.length, {
        seed: config.seed,
      });
      baselines.logisticRegression = {
        ...compactScores(classificationScores(prepared.idsTest!, b.classes, labels, b.positive)),
        about: `L2 logistic regression on the network's inputs (the text's TF-IDF and the columns beside it), C = ${b.c} chosen on 20% of the training rows`,
        fit: { c: b.c, validationAccuracy: b.validation },
      };
    } else if (name === 'logisticRegression' || (name === 'windowStatistics' && info.input === 'windows')) {
      const x = (on: Inputs): Arr =>
        name === 'windowStatistics' ? windowStatistics(linear(on)) : linear(on);
      const lr = logisticRegression(x(prepared.xTrain), prepared.idsTrain!, labels.length);
      const { classes, scores } = lr.predict(x(prepared.xTest));
      baselines[name] = {
        ...compactScores(
          classificationScores(prepared.idsTest!, classes, labels, scores.length ? scores : undefined),
        ),
        ...(name === 'windowStatistics'
          ? {
              about:
                "logistic regression (C = 1) on each feature's mean, standard deviation, minimum, maximum and last value over the window",
            }
          : {}),
      };
    }
  }
  const test = classificationScores(prepared.idsTest!, predTest, labels, positive(outTest));
  return {
    train: classificationScores(prepared.idsTrain!, predTrain, labels, positive(outTrain)),
    test,
    baselines,
    outTrain,
    outTest,
    width,
    predTrain,
    predTest,
    ...classificationVerdict(test, baselines, prepared.idsTrain!, predTest, labels),
  };
}

/**
 * A multi-label run's scores and baselines: each label's training majority value (for most data:
 * no label at all) and one logistic regression per label (TF-IDF for text), judged on micro-F1.
 */
function multilabelEvaluation(
  prepared: Prepared,
  config: ExperimentConfig,
  out: { outTrain: Float32Array; outTest: Float32Array; width: number },
  linear: (x: Inputs) => Arr,
): Omit<Evaluation, 'width'> {
  const { info } = prepared;
  const labels = info.labels!;
  const k = labels.length;
  const [setsTrain, setsTest] = [prepared.setsTrain!, prepared.setsTest!];
  const predTrain = setsFromProbs(out.outTrain, info.threshold);
  const predTest = setsFromProbs(out.outTest, info.threshold);
  const baselines: Record<string, Record<string, unknown>> = {};
  const names =
    config.evaluation.baselines ??
    (info.input === 'text'
      ? ['tfidfLogisticRegression', 'majorityClass']
      : ['logisticRegression', 'majorityClass']);
  const nTest = setsTest.length / k;
  for (const name of names) {
    if (name === 'majorityClass') {
      const on = Array.from(labelCounts(setsTrain, k), (c) => (c * 2 > setsTrain.length / k ? 1 : 0));
      const sets = Uint8Array.from({ length: nTest * k }, (_, i) => on[i % k]!);
      baselines.majorityClass = {
        ...compactScores(multilabelScores(setsTest, sets, labels)),
        about: "each label's most common value in training (on when over half the training rows carry it)",
      };
    } else if (name === 'tfidfLogisticRegression' && prepared.textsTrain && prepared.textsTest) {
      const b = tfidfOneVsRestBaseline(prepared.textsTrain, setsTrain, k, prepared.textsTest, {
        ...(prepared.textSplit !== undefined ? { split: prepared.textSplit } : {}),
        seed: config.seed,
      });
      baselines.tfidfLogisticRegression = {
        ...compactScores(multilabelScores(setsTest, b.sets, labels, b.probs)),
        about: `TF-IDF ${b.analyzer} (${b.features} features, sublinear tf, min_df 2) + one L2 logistic regression per label, C = ${b.c} chosen on validation micro-F1 (20% of the training rows)${b.absent ? `; ${b.absent} of the ${k} labels (on under 5 training rows, or beyond the 100 most frequent) predicted absent` : ''}`,
        fit: { c: b.c, validationMicroF1: b.validation, seconds: b.seconds },
      };
    } else if (name === 'logisticRegression') {
      const models = fitOneVsRest(
        csrFromDense(linear(prepared.xTrain)),
        (j) => Int32Array.from({ length: setsTrain.length / k }, (_, i) => setsTrain[i * k + j]!),
        k,
        1,
      );
      const b = predictOneVsRest(models, csrFromDense(linear(prepared.xTest)), k);
      baselines.logisticRegression = {
        ...compactScores(multilabelScores(setsTest, b.sets, labels, b.probs)),
        about: 'one L2 logistic regression per label (C = 1) on the same inputs',
      };
    }
  }
  const test = multilabelScores(setsTest, predTest, labels, out.outTest);
  const verdict = Object.entries(baselines).reduce<[string, number] | null>((best, [name, b]) => {
    const v = b.microF1;
    return typeof v === 'number' && (!best || v > best[1]) ? [name, v] : best;
  }, null);
  const mine = test.microF1 as number;
  const none = predTest.every((v) => v === 0);
  return {
    train: multilabelScores(setsTrain, predTrain, labels, out.outTrain),
    test,
    baselines,
    outTrain: out.outTrain,
    outTest: out.outTest,
    predTrain,
    predTest,
    ...(verdict ? { verdict: againstBest('microF1', mine, ...verdict) } : {}),
    warnings:
      none && predTest.length > 0
        ? [
            `the model predicts no label for any of the ${nTest.toLocaleString('en-US')} test rows: rare labels need more epochs, training.classWeight: balanced (each label's positives weighed by its negatives / positives) or a lower evaluation.threshold`,
          ]
        : [],
  };
}

const round4 = (v: number): string => v.toFixed(4);

/** The network's score against the best baseline's, in one sentence (higher is better). */
function againstBest(metric: string, mine: number, best: string, value: number): string {
  return mine > value
    ? `the network beats every baseline on ${metric} (${round4(mine)} against ${best}'s ${round4(value)})`
    : `the network ${mine === value ? 'ties' : 'is below'} ${best} on ${metric} (${round4(mine)}${mine === value ? '' : ` against ${round4(value)}`}): it does not earn its cost here`;
}

const units = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(2) : v.toFixed(4));

/**
 * Whether a regression network beats its baselines (least squares, the training mean) on test RMSE.
 * @example regressionVerdict({ rmse: 19168.6 }, { linearRegression: { rmse: 15272.9 }, mean: { rmse: 92534.5 } })
 * // 'the network trails linearRegression on rmse (19168.60 against 15272.90): it does not earn its cost here'
 */
export function regressionVerdict(
  test: Record<string, unknown>,
  baselines: Record<string, Record<string, unknown>>,
): string | undefined {
  const mine = test.rmse;
  const scored = Object.entries(baselines).flatMap(([name, b]) =>
    typeof b.rmse === 'number' ? [[name, b.rmse] as [string, number]] : [],
  );
  if (typeof mine !== 'number' || scored.length === 0) return undefined;
  const [best, value] = scored.reduce((a, b) => (b[1] < a[1] ? b : a));
  return mine < value
    ? `the network beats every baseline on rmse (${units(mine)} against ${best}'s ${units(value)})`
    : `the network ${mine === value ? 'ties' : 'trails'} ${best} on rmse (${units(mine)}${mine === value ? '' : ` against ${units(value)}`}): it does not earn its cost here`;
}

/** Why metrics.json holds no MAPE: true values of 0 (regressionScores' zeroTargets). */
function zeroTargetWarning(
  train: Record<string, unknown>,
  test: Record<string, unknown>,
  series: boolean,
): string[] {
  const parts = (
    [
      ['training', train],
      ['test', test],
    ] as const
  ).flatMap(([name, m]) =>
    typeof m.zeroTargets === 'number' ? [`${m.zeroTargets} of the ${String(m.support)} ${name} values`] : [],
  );
  if (parts.length === 0) return [];
  // Said for the part it is left out of: a zero among the training values alone leaves the test MAPE.
  const where =
    typeof train.zeroTargets === 'number' && typeof test.zeroTargets === 'number'
      ? ''
      : typeof train.zeroTargets === 'number'
        ? ' for the training part'
        : ' for the test part';
  return [
    `MAPE is left out${where}: ${parts.join(' and ')} are 0, where a percentage error is undefined (scikit-learn's formula gives about 1e15 there); read MAE and RMSE${series ? ", or the backtest's sMAPE and MASE" : ''}`,
  ];
}

/**
 * Whether the network beats the baselines on the test part (on macro-F1 when the smallest class has
 * under half its even share of the training rows — under 25% of two classes, 12.5% of four — where
 * accuracy rewards predicting the majority; on accuracy otherwise), and a warning when it predicts
 * one class for every test row.
 * @example classificationVerdict(ev.test, ev.baselines, idsTrain, predTest, ['no', 'yes']).verdict
 * // 'the network is below logisticRegression on macroF1 (0.4912 against 0.4978): it does not earn its cost here'
 */
export function classificationVerdict(
  test: Record<string, unknown>,
  baselines: Record<string, Record<string, unknown>>,
  idsTrain: Int32Array,
  predTest: Int32Array | Float64Array,
  labels: string[],
): { verdict?: string; warnings: string[] } {
  const counts = labels.map((_, c) => idsTrain.filter((id) => id === c).length);
  const smallest = Math.min(...counts) / Math.max(idsTrain.length, 1);
  const metric = imbalanced(counts) ? 'macroF1' : 'accuracy';
  const mine = test[metric];
  const scored = Object.entries(baselines).flatMap(([name, b]) =>
    typeof b[metric] === 'number' ? [[name, b[metric]] as [string, number]] : [],
  );
  let verdict: string | undefined;
  if (typeof mine === 'number' && scored.length) {
    const best = scored.reduce((a, b) => (b[1] > a[1] ? b : a));
    verdict = againstBest(metric, mine, ...best);
    // A win or a loss of a row or two on a small test part (54 rows of a food survey: 11 test rows,
    // 0.9091 against 0.8182, one row = 9 points) is said as what it is.
    const n = predTest.length;
    const rows = Math.round(Math.abs(mine - best[1]) * n);
    if (mine !== best[1] && (n < 30 || (metric === 'accuracy' && rows <= 2)))
      verdict += ` — on ${n} test rows${metric === 'accuracy' ? `, a difference of ${rows} row${rows === 1 ? '' : 's'}` : ''}: too few to tell them apart (more data, or training.cv to see the spread)`;
  }
  const warnings: string[] = [];
  const predicted = new Set(predTest);
  if (predicted.size === 1 && predTest.length > 1) {
    const only = labels[predTest[0]!]!;
    const minority = labels[counts.indexOf(Math.min(...counts))]!;
    // Its rows as well as its share: a class of 1 row in 12,000 was "0.0% of the training rows".
    const fmt = (v: number): string => v.toLocaleString('en-US');
    const share = `${fmt(Math.min(...counts))} of the ${fmt(idsTrain.length)} training rows (${+(smallest * 100).toPrecision(2)}%)`;
    const auc =
      typeof test.auc === 'number' ? ` (AUC ${round4(test.auc)}: the scores still rank the rows)` : '';
    warnings.push(
      `the model predicts '${only}' for all ${predTest.length.toLocaleString('en-US')} test rows. '${minority}' is ${share}: set training.classWeight: balanced${labels.length === 2 ? `, or lower evaluation.threshold${auc}` : ''}`,
    );
  }
  return { ...(verdict ? { verdict } : {}), warnings };
}

/** Baseline records keep the scalar metrics and the confusion matrix (not the long report text). */
function compactScores(m: Record<string, unknown>): Record<string, unknown> {
  const { classificationReport: _r, perClass: _p, ...rest } = m;
  return rest;
}

/**
 * The forecasting part of a series run: the rolling-origin backtest against the baselines, the
 * conformal intervals calibrated on it (saved in the model's preprocessing) and the forecast of the
 * steps after the data, for metrics.json and forecast.json.
 */
import { ForecastIntervals } from '../data/preprocessing/intervals.js';
import { Pipeline } from '../data/preprocessing/pipeline.js';
import { backtest, backtestOrigins, scoreBacktest, verdict } from '../forecasting/backtest.js';
import { forecastFrom, forecastFuture } from '../forecasting/forecast.js';
import { rawBatch, type RowBatch } from '../data/preprocessing/batch.js';
import { takeRows } from '../data/split.js';
import { callbacks as cb } from '../model/callbacks/index.js';
import { buildModel } from './model-build.js';
import type { Arr } from './preprocess.js';
import { BASELINES, type BaselineName } from '../forecasting/baselines.js';
import type { Sequential } from '../model/sequential.js';
import type { ForecastFile } from '../report/run-files.js';
import type { ExperimentConfig } from './config-schema.js';
import type { Prepared } from './prepare.js';

/** True when a series config asks for more than the one-step tutorial view. */
export function wantsBacktest(config: ExperimentConfig): boolean {
  return (
    config.data.type === 'series' &&
    (!!config.evaluation.backtest || (config.forecast?.horizon ?? 1) > 1 || !!config.forecast?.intervals)
  );
}

/**
 * The backtest's origins: evaluation.backtest, or up to 12 origins one step apart after the training
 * part. Throws (before any training) when they do not fit in the data.
 * @example backtestPlan(config, prepared).origins // 12
 */
export function backtestPlan(
  config: ExperimentConfig,
  prepared: Prepared,
): { origins: number; stride: number; horizon: number } {
  const H = config.forecast?.horizon ?? 1;
  const n = prepared.series!.length;
  const trainEnd = prepared.trainEnd!;
  const cfg = config.evaluation.backtest;
  const stride = cfg?.stride ?? 1;
  const fit = Math.floor((n - H - trainEnd) / stride) + 1;
  const origins = cfg?.origins ?? Math.max(1, Math.min(12, fit));
  backtestOrigins(n, H, origins, stride, trainEnd);
  return { origins, stride, horizon: H };
}

/**
 * The model's backtest forecasts when it is retrained before every K-th origin: for each block of K
 * origins, the preprocessing is fitted again and a fresh model (same seed and recipe) trains on every
 * window that ends before the block's first origin.
 */
async function retrainedForecasts(
  prepared: Prepared,
  config: ExperimentConfig,
  origins: number[],
  K: number,
): Promise<Float64Array> {
  const H = config.forecast?.horizon ?? 1;
  const t = config.training;
  const out = new Float64Array(origins.length * H);
  for (let b = 0; b < origins.length; b += K) {
    const block = origins.slice(b, b + K);
    const end = block[0]!;
    const pipeline = Pipeline.fromJSON(prepared.pipeline.toJSON()).fit(
      rawBatch(prepared.edaFrame, config.data.source, { fitEnd: end }),
    );
    const batch = pipeline.transform(rawBatch(prepared.edaFrame, config.data.source)) as RowBatch;
    const W = batch.targets!.length / batch.rows.length;
    const train = batch.rows.flatMap((r, i) => (r + W <= end ? [i] : []));
    const xTrain = takeRows(batch.x as Arr, train);
    const yTrain = takeRows({ data: batch.targets!, shape: [batch.rows.length, W] }, train);
    const model = buildModel(config, { ...prepared, xTrain });
    const early = t.earlyStopping && t.validationSplit > 0 ? [cb.earlyStopping({ ...t.earlyStopping })] : [];
    await model.fit(xTrain, yTrain, {
      epochs: t.epochs,
      batchSize: t.batchSize,
      shuffle: t.shuffle,
      verbose: 0,
      seed: config.seed,
      validationSplit: t.validationSplit,
      callbacks: early,
    });
    out.set(forecastFrom(model, pipeline, batch, block, H).values, b * H);
  }
  return out;
}

/**
 * Backtests the trained model (or fresh ones, with evaluation.backtest.retrain), stores calibrated
 * intervals in its preprocessing (when asked) and forecasts past the end of the data.
 * @example const { report, metrics } = await forecastRun(model, prepared, config);
 */
export async function forecastRun(
  model: Sequential,
  prepared: Prepared,
  config: ExperimentConfig,
): Promise<{ report: ForecastFile; metrics: Record<string, unknown> }> {
  const { origins: count, stride, horizon: H } = backtestPlan(config, prepared);
  const batch = prepared.seriesBatch!;
  const trainEnd = prepared.trainEnd!;
  const retrain = config.evaluation.backtest?.retrain ?? 'never';
  const asked = (config.evaluation.baselines ?? BASELINES).filter((b): b is BaselineName =>
    (BASELINES as readonly string[]).includes(b),
  );
  const season = config.evaluation.seasonPeriod;
  const baselines = asked.filter((b) => b !== 'seasonalNaive' || trainEnd >= season);
  const coverage = config.forecast?.intervals?.coverage;
  const options = { horizon: H, season, trainEnd, baselines, ...(coverage ? { coverage } : {}) };
  const bt =
    retrain === 'never'
      ? backtest(model, prepared.pipeline, batch, { ...options, origins: count, stride })
      : await (async () => {
          const origins = backtestOrigins(prepared.series!.length, H, count, stride, trainEnd);
          return scoreBacktest(
            prepared.series!,
            origins,
            await retrainedForecasts(prepared, config, origins, retrain),
            options,
          );
        })();
  if (coverage) {
    model.preprocessing = new Pipeline([
      ['intervals', new ForecastIntervals({ coverage, halfWidths: bt.halfWidths })],
      ...prepared.pipeline.steps,
    ]);
  }
  const future = forecastFuture(
    model,
    model.preprocessing ?? prepared.pipeline,
    prepared.edaFrame,
    H,
    config.data.source,
  );
  const line = verdict(bt);
  const overall = {
    model: bt.scores.overall,
    ...Object.fromEntries(Object.entries(bt.baselineScores).map(([k, v]) => [k, v.overall])),
  };
  const report: ForecastFile = {
    horizon: H,
    strategy: config.forecast?.strategy ?? 'direct',
    verdict: line,
    time: prepared.time!,
    series: Array.from(prepared.series!),
    trainEnd,
    retrain,
    origins: bt.origins.map((origin, j) => ({
      origin,
      forecast: Array.from(bt.forecast.subarray(j * H, (j + 1) * H)),
    })),
    byStep: {
      model: bt.scores.byStep,
      ...Object.fromEntries(Object.entries(bt.baselineScores).map(([k, v]) => [k, v.byStep])),
    },
    overall,
    coverage: bt.coverage,
    exactIntervals: bt.exactIntervals,
    future: {
      times: future.times,
      forecast: Array.from(future.forecast),
      intervals: future.intervals.map((iv) => ({
        coverage: iv.coverage,
        lower: Array.from(iv.lower),
        upper: Array.from(iv.upper),
      })),
      frequency: future.frequency,
    },
  };
  const metrics = {
    horizon: H,
    origins: bt.origins.length,
    stride,
    retrain,
    verdict: line,
    overall,
    wins: bt.wins,
    ...(bt.coverage.length ? { coverage: bt.coverage } : {}),
  };
  return { report, metrics };
}

/**
 * The forecasting part of a series run: the rolling-origin backtest against the baselines, the
 * conformal intervals calibrated on it (saved in the model's preprocessing) and the forecast of the
 * steps after the data, for metrics.json and forecast.json.
 */
import { ForecastIntervals } from '../data/preprocessing/intervals.js';
import { Pipeline } from '../data/preprocessing/pipeline.js';
import { backtest, backtestOrigins, verdict } from '../forecasting/backtest.js';
import { BASELINES, type BaselineName } from '../forecasting/baselines.js';
import { forecastFuture } from '../forecasting/forecast.js';
import type { Sequential } from '../model/sequential.js';
import type { ForecastFile } from '../report/run-files.js';
import type { ExperimentConfig } from './config-schema.js';
import type { Prepared } from './prepare.js';

/** True when a series config asks for more than the one-step tutorial view. */
export function wantsBacktest(config: ExperimentConfig): boolean {
  return config.data.type === 'series' && (!!config.evaluation.backtest || (config.forecast?.horizon ?? 1) > 1 || !!config.forecast?.intervals);
}

/**
 * The backtest's origins: evaluation.backtest, or up to 12 origins one step apart after the training
 * part. Throws (before any training) when they do not fit in the data.
 * @example backtestPlan(config, prepared).origins // 12
 */
export function backtestPlan(config: ExperimentConfig, prepared: Prepared): { origins: number; stride: number; horizon: number } {
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
 * Backtests the trained model, stores calibrated intervals in its preprocessing (when asked) and
 * forecasts past the end of the data.
 * @example const { report, metrics } = forecastRun(model, prepared, config);
 */
export function forecastRun(model: Sequential, prepared: Prepared, config: ExperimentConfig): { report: ForecastFile; metrics: Record<string, unknown> } {
  const { origins, stride, horizon: H } = backtestPlan(config, prepared);
  const batch = prepared.seriesBatch!;
  const trainEnd = prepared.trainEnd!;
  const asked = (config.evaluation.baselines ?? BASELINES).filter((b): b is BaselineName => (BASELINES as readonly string[]).includes(b));
  const season = config.evaluation.seasonPeriod;
  const baselines = asked.filter((b) => b !== 'seasonalNaive' || trainEnd >= season);
  const coverage = config.forecast?.intervals?.coverage;
  const bt = backtest(model, prepared.pipeline, batch, { origins, stride, horizon: H, season, trainEnd, baselines, ...(coverage ? { coverage } : {}) });
  if (coverage) {
    model.preprocessing = new Pipeline([['intervals', new ForecastIntervals({ coverage, halfWidths: bt.halfWidths })], ...prepared.pipeline.steps]);
  }
  const future = forecastFuture(model, model.preprocessing ?? prepared.pipeline, prepared.edaFrame, H, config.data.source);
  const line = verdict(bt);
  const overall = { model: bt.scores.overall, ...Object.fromEntries(Object.entries(bt.baselineScores).map(([k, v]) => [k, v.overall])) };
  const report: ForecastFile = {
    horizon: H,
    strategy: config.forecast?.strategy ?? 'direct',
    verdict: line,
    time: prepared.time!,
    series: Array.from(prepared.series!),
    trainEnd,
    origins: bt.origins.map((origin, j) => ({ origin, forecast: Array.from(bt.forecast.subarray(j * H, (j + 1) * H)) })),
    byStep: { model: bt.scores.byStep, ...Object.fromEntries(Object.entries(bt.baselineScores).map(([k, v]) => [k, v.byStep])) },
    overall,
    coverage: bt.coverage,
    exactIntervals: bt.exactIntervals,
    future: {
      times: future.times,
      forecast: Array.from(future.forecast),
      intervals: future.intervals.map((iv) => ({ coverage: iv.coverage, lower: Array.from(iv.lower), upper: Array.from(iv.upper) })),
      frequency: future.frequency,
    },
  };
  const metrics = { horizon: H, origins: bt.origins.length, stride, verdict: line, overall, wins: bt.wins, ...(bt.coverage.length ? { coverage: bt.coverage } : {}) };
  return { report, metrics };
}

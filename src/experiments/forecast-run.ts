/**
 * The forecasting part of a series run: the rolling-origin backtest against the baselines, the
 * conformal intervals calibrated on it (saved in the model's preprocessing) and the forecast of the
 * steps after the data, for metrics.json and forecast.json.
 */
import { SeqlabError } from '../errors.js';
import { DataError } from '../data/errors.js';
import { ForecastIntervals } from '../data/preprocessing/intervals.js';
import { Pipeline } from '../data/preprocessing/pipeline.js';
import {
  backtest,
  backtestOrigins,
  scoreBacktest,
  verdict,
  baselineLabel,
  withBetterFirst,
  type BacktestResult,
} from '../forecasting/backtest.js';
import {
  forecastFrom,
  forecastFuture,
  forecastPanel,
  quantileLayout,
  type FutureForecast,
} from '../forecasting/forecast.js';
import type { SeriesPanel } from '../data/preprocessing/series-panel.js';
import { rawBatch, type Predictions, type RowBatch } from '../data/preprocessing/batch.js';
import { takeRows } from '../data/split.js';
import { callbacks as cb } from '../model/callbacks/index.js';
import { buildModel } from './model-build.js';
import type { Arr } from './preprocess.js';
import { BASELINES, type BaselineName } from '../forecasting/baselines.js';
import {
  coverageExcess,
  coverageShortfall,
  intervalShortfall,
  type CoverageRow,
} from '../forecasting/intervals.js';
import type { Sequential } from '../model/sequential.js';
import type { ForecastFile, ForecastScoreRow } from '../report/run-files.js';
import type { ExperimentConfig } from './config-schema.js';
import type { Prepared } from './prepare.js';

type Interval = NonNullable<Predictions['intervals']>[number];

/** True when a series config asks for more than the one-step tutorial view. */
export function wantsBacktest(config: ExperimentConfig): boolean {
  return (
    config.data.type === 'series' &&
    (!!config.evaluation.backtest ||
      !!config.data.seriesId ||
      (config.forecast?.horizon ?? 1) > 1 ||
      !!config.forecast?.intervals)
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
  const cfg = config.evaluation.backtest;
  const stride = cfg?.stride ?? 1;
  // Each series (one, or every series of a panel): its length and first test step.
  const series = prepared.panel
    ? prepared.panel.map((s) => ({ id: s.part.id, n: s.part.batch.series!.y.length, trainEnd: s.trainEnd }))
    : [{ id: '', n: prepared.series!.length, trainEnd: prepared.trainEnd! }];
  const windowSize = config.preprocessing.series?.windowSize ?? 0;
  if (cfg?.trainLength !== undefined && cfg.trainLength < windowSize + H)
    throw new SeqlabError(
      `evaluation.backtest.trainLength ${cfg.trainLength} leaves no training window: it must be at least the window (${windowSize}) plus the horizon (${H})`,
    );
  const fit = Math.min(...series.map((s) => Math.floor((s.n - H - s.trainEnd) / stride) + 1));
  // Intervals calibrate on the origins: 24 when the data allow, so that a 95% interval has its
  // ⌈25 × 0.95⌉ = 24th residual (with 12 it takes the widest and may under-cover).
  const origins = cfg?.origins ?? Math.max(1, Math.min(config.forecast?.intervals ? 24 : 12, fit));
  for (const s of series) {
    try {
      backtestOrigins(s.n, H, origins, stride, s.trainEnd);
    } catch (e) {
      throw s.id ? new SeqlabError(`series '${s.id}': ${(e as Error).message}`) : e;
    }
  }
  return { origins, stride, horizon: H };
}

/**
 * The model's backtest forecasts when it is retrained before every K-th origin: for each block of K
 * origins, the preprocessing is fitted again and a fresh model (same seed and recipe) trains on every
 * window that ends before the block's first origin — or, with evaluation.backtest.trainLength, on those
 * that also start inside the last trainLength steps before it (the preprocessing still fits on every
 * step before the origin). Panel data: one global model per block, trained on the windows of every
 * series before that series' own origin (`origins[s]` are series s's, in prepared.panel's order; one
 * series: `origins[0]`). Returns each series' forecasts (origins × H, original units), with the
 * intervals of a quantile model.
 */
export async function retrainedForecasts(
  prepared: Prepared,
  config: ExperimentConfig,
  origins: number[][],
  K: number,
): Promise<{ values: Float64Array; intervals?: Interval[] }[]> {
  const H = config.forecast?.horizon ?? 1;
  const t = config.training;
  const windowSize = config.preprocessing.series?.windowSize ?? 0;
  const trainLength = config.evaluation.backtest?.trainLength ?? Infinity;
  const ids = prepared.panel?.map((s) => s.part.id);
  // A quantile model's intervals, in the order forecastFrom gives them.
  const coverages = quantileLayout(config.forecast?.quantiles ?? []).intervals;
  const out = origins.map((o) => {
    const size = o.length * H;
    const intervals = coverages.map(({ coverage }) => ({
      coverage,
      lower: new Float64Array(size),
      upper: new Float64Array(size),
    }));
    return { values: new Float64Array(size), ...(intervals.length ? { intervals } : {}) };
  });
  for (let b = 0; b < origins[0]!.length; b += K) {
    const blocks = origins.map((o) => o.slice(b, b + K));
    const ends = blocks.map((block) => block[0]!);
    const fit = ids
      ? { fitEnds: Object.fromEntries(ids.map((id, s) => [id, ends[s]!])) }
      : { fitEnd: ends[0]! };
    const pipeline = Pipeline.fromJSON(prepared.pipeline.toJSON()).fit(
      rawBatch(prepared.edaFrame, config.data.source, fit),
    );
    const batch = pipeline.transform(rawBatch(prepared.edaFrame, config.data.source)) as RowBatch;
    const W = batch.targets!.length / batch.rows.length;
    // Each series' part of the batch, in `origins`' order.
    const parts = ids
      ? ids.map((id) => batch.panel!.find((p) => p.id === id)!)
      : [{ batch, pipeline, first: 0 }];
    const train = parts.flatMap((p, s) => {
      const start = ends[s]! - trainLength + windowSize;
      return p.batch.rows.flatMap((r, i) => (r + W <= ends[s]! && r >= start ? [p.first + i] : []));
    });
    if (train.length === 0)
      throw new SeqlabError(
        `evaluation.backtest.trainLength ${config.evaluation.backtest?.trainLength} leaves no training window before origin ${ends[0]}`,
      );
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
    parts.forEach((p, s) => {
      const pred = forecastFrom(model, p.pipeline, p.batch, blocks[s]!, H);
      out[s]!.values.set(pred.values, b * H);
      out[s]!.intervals?.forEach((iv, l) => {
        iv.lower.set(pred.intervals![l]!.lower, b * H);
        iv.upper.set(pred.intervals![l]!.upper, b * H);
      });
    });
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
  const asked = (config.evaluation.baselines ?? BASELINES).filter((b): b is BaselineName =>
    (BASELINES as readonly string[]).includes(b),
  );
  const season = config.evaluation.seasonPeriod;
  const retrain = config.evaluation.backtest?.retrain ?? 'never';
  const trainLength = retrain === 'never' ? undefined : config.evaluation.backtest?.trainLength;
  if (prepared.panel)
    return panelForecastRun(model, prepared, config, {
      origins: count,
      stride,
      horizon: H,
      season,
      baselines: asked,
      retrain,
      ...(trainLength ? { trainLength } : {}),
    });
  const batch = prepared.seriesBatch!;
  const trainEnd = prepared.trainEnd!;
  const baselines = asked.filter((b) => b !== 'seasonalNaive' || (season > 1 && trainEnd >= season));
  const coverage = config.forecast?.intervals?.coverage;
  const options = { horizon: H, season, trainEnd, baselines, ...(coverage ? { coverage } : {}) };
  const bt =
    retrain === 'never'
      ? backtest(model, prepared.pipeline, batch, { ...options, origins: count, stride })
      : await (async () => {
          const origins = backtestOrigins(prepared.series!.length, H, count, stride, trainEnd);
          const [f] = await retrainedForecasts(prepared, config, [origins], retrain);
          return scoreBacktest(prepared.series!, origins, f!.values, options, f!.intervals);
        })();
  if (coverage) {
    model.preprocessing = new Pipeline([
      ['intervals', new ForecastIntervals({ coverage, halfWidths: bt.halfWidths })],
      ...prepared.pipeline.steps,
    ]);
  }
  const { future, futureNote } = pastTheData(config, () =>
    forecastFuture(model, model.preprocessing ?? prepared.pipeline, prepared.edaFrame, H, config.data.source),
  );
  const report = forecastFile(bt, future, futureNote, {
    horizon: H,
    strategy: config.forecast?.strategy ?? 'direct',
    time: prepared.time!,
    series: prepared.series!,
    trainEnd,
    retrain,
    ...(trainLength ? { trainLength } : {}),
    ...(config.forecast?.quantiles ? { quantiles: config.forecast.quantiles } : {}),
  });
  const note = intervalNote(
    config,
    bt.origins.length,
    stride,
    H,
    prepared.series!.length - trainEnd,
    bt.coverage,
  );
  if (note) report.intervalNote = note;
  const line = report.verdict;
  const overall = report.overall;
  const metrics = {
    horizon: H,
    origins: bt.origins.length,
    stride,
    retrain,
    ...(trainLength ? { trainLength } : {}),
    verdict: line,
    overall,
    wins: bt.wins,
    ...(bt.coverage.length ? { coverage: bt.coverage } : {}),
  };
  return { report, metrics };
}

/**
 * The forecast past the end of the data, or why there is none: a model with known-future covariates
 * needs their values for the steps ahead (rows after the last value), which a training file seldom
 * has. The run keeps its model, backtest and report, and says how to forecast later; before, the whole
 * run failed after training.
 */
function pastTheData<T>(config: ExperimentConfig, forecast: () => T): { future?: T; futureNote?: string } {
  try {
    return { future: forecast() };
  } catch (e) {
    if (!config.data.covariates?.future?.length || !(e instanceof DataError)) throw e;
    return {
      futureNote: `no forecast past the data: ${e.message}; or forecast later with seqlab forecast RUN --data FILE, FILE holding those rows`,
    };
  }
}

/**
 * What too few origins do to the conformal intervals asked for, with the fix this run allows: more
 * origins, or a longer test part. Undefined when every level has its exact quantile, or the network
 * predicts quantiles (its intervals are not calibrated on origins).
 */
function intervalNote(
  config: ExperimentConfig,
  origins: number,
  stride: number,
  H: number,
  testSteps: number,
  measured: readonly CoverageRow[],
): string | undefined {
  const coverage = config.forecast?.intervals?.coverage;
  const shortfall =
    coverage?.length && !config.forecast?.quantiles?.length
      ? intervalShortfall(origins, coverage, (needed) => {
          const steps = (needed - 1) * stride + H;
          return steps <= testSteps
            ? `set evaluation.backtest.origins to ${needed}`
            : `that takes a test part of ${steps} steps (this one has ${testSteps}): raise data.split.testSize${stride > 1 ? ' or lower evaluation.backtest.stride' : ''}`;
        })
      : undefined;
  return (
    [shortfall, coverageShortfall(measured), coverageExcess(measured)].filter(Boolean).join('. ') || undefined
  );
}

/** What forecast.json says of one series' backtest and future forecast. */
function forecastFile(
  bt: BacktestResult,
  future: FutureForecast | undefined,
  futureNote: string | undefined,
  o: Pick<
    ForecastFile,
    'horizon' | 'strategy' | 'time' | 'trainEnd' | 'retrain' | 'trainLength' | 'quantiles'
  > & {
    series: Float64Array;
  },
): ForecastFile {
  const H = o.horizon;
  return {
    ...o,
    verdict: verdict(bt),
    series: Array.from(o.series),
    origins: bt.origins.map((origin, j) => ({
      origin,
      forecast: Array.from(bt.forecast.subarray(j * H, (j + 1) * H)),
    })),
    byStep: {
      model: bt.scores.byStep,
      ...Object.fromEntries(Object.entries(bt.baselineScores).map(([k, v]) => [k, v.byStep])),
    },
    overall: overallScores(bt),
    coverage: bt.coverage,
    exactIntervals: bt.exactIntervals,
    ...(future
      ? {
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
        }
      : {}),
    ...(futureNote ? { futureNote } : {}),
  };
}

function overallScores(bt: BacktestResult): Record<string, ForecastScoreRow> {
  return {
    model: bt.scores.overall,
    ...Object.fromEntries(Object.entries(bt.baselineScores).map(([k, v]) => [k, v.overall])),
  };
}

/**
 * The backtest of a panel model: every series from the same origins (counted from each series' end),
 * forecast by the trained model or, with retrain, by fresh global models (retrainedForecasts), each
 * forecast in its own units and scored against its own baselines; intervals calibrated per
 * series; the pooled figures are the mean over series (MASE and sMAPE are scale-free, so their mean
 * is the one to compare; MAE and RMSE mix units).
 */
async function panelForecastRun(
  model: Sequential,
  prepared: Prepared,
  config: ExperimentConfig,
  o: {
    origins: number;
    stride: number;
    horizon: number;
    season: number;
    baselines: BaselineName[];
    retrain: 'never' | number;
    trainLength?: number;
  },
): Promise<{ report: ForecastFile; metrics: Record<string, unknown> }> {
  const H = o.horizon;
  const coverage = config.forecast?.intervals?.coverage;
  const panelStep = (model.preprocessing ?? prepared.pipeline).get<SeriesPanel>('panel');
  const panel = prepared.panel!;
  const origins = panel.map((s) =>
    backtestOrigins(s.part.batch.series!.y.length, H, o.origins, o.stride, s.trainEnd),
  );
  const retrained =
    o.retrain === 'never' ? null : await retrainedForecasts(prepared, config, origins, o.retrain);
  const results = panel.map((s, i) => {
    const options = {
      horizon: H,
      season: o.season,
      trainEnd: s.trainEnd,
      baselines: o.baselines.filter((b) => b !== 'seasonalNaive' || (o.season > 1 && s.trainEnd >= o.season)),
      ...(coverage ? { coverage } : {}),
    };
    const bt = retrained
      ? scoreBacktest(
          s.part.batch.series!.y,
          origins[i]!,
          retrained[i]!.values,
          options,
          retrained[i]!.intervals,
        )
      : backtest(model, s.part.pipeline, s.part.batch, { ...options, origins: o.origins, stride: o.stride });
    if (coverage) {
      const steps = panelStep.series.get(s.part.id)!.steps;
      panelStep.series.set(
        s.part.id,
        new Pipeline([
          ['intervals', new ForecastIntervals({ coverage, halfWidths: bt.halfWidths })],
          ...steps,
        ]),
      );
    }
    return { s, bt };
  });
  const { future, futureNote } = pastTheData(config, () =>
    forecastPanel(model, model.preprocessing!, prepared.edaFrame, H, config.data.source),
  );
  const names = Object.keys(overallScores(results[0]!.bt)).filter((k) =>
    results.every((r) => k in overallScores(r.bt)),
  );
  // MASE is infinite for a series constant over its training part (no error to scale by: a job that
  // employed no women in any census of vega's jobs.json); the mean MASE is over the others.
  const scaled = results.filter((r) => names.every((k) => Number.isFinite(overallScores(r.bt)[k]!.mase)));
  const mean = (name: string, key: keyof ForecastScoreRow): number => {
    const over = key === 'mase' ? scaled : results;
    return over.reduce((a, r) => a + overallScores(r.bt)[name]![key], 0) / over.length;
  };
  const unscaled =
    scaled.length < results.length
      ? `; ${results.length - scaled.length} series constant in their training part have no MASE and are left out`
      : '';
  const pooled = Object.fromEntries(
    names.map((name) => [
      name,
      {
        mae: mean(name, 'mae'),
        rmse: mean(name, 'rmse'),
        smape: mean(name, 'smape'),
        mase: mean(name, 'mase'),
      },
    ]),
  );
  const against = names.includes('seasonalNaive') ? 'seasonalNaive' : names.find((n) => n !== 'model');
  const wins = against
    ? scaled.filter((r) => r.bt.scores.overall.mase < r.bt.baselineScores[against]!.overall.mase).length
    : 0;
  const line = against
    ? withBetterFirst(
        `beats ${baselineLabel(against)} on ${wins > scaled.length / 2 ? '' : 'only '}${wins} of ${scaled.length} series (mean MASE ${pooled.model!.mase.toFixed(2)} vs ${pooled[against]!.mase.toFixed(2)}${unscaled})`,
        pooled.model!.mase,
        Object.fromEntries(names.filter((n) => n !== 'model').map((n) => [n, pooled[n]!.mase])),
        against,
      )
    : `mean MASE ${pooled.model!.mase.toFixed(2)} over ${scaled.length} series (no baseline to compare${unscaled})`;
  const first = results[0]!;
  const n = first.s.part.batch.series!.y.length;
  const testSteps = Math.min(...panel.map((s) => s.part.batch.series!.y.length - s.trainEnd));
  const measured = results[0]!.bt.coverage.map((c, k) => ({
    ...c,
    empirical: results.reduce((a, r) => a + r.bt.coverage[k]!.empirical, 0) / results.length,
  }));
  const note = intervalNote(config, o.origins, o.stride, H, testSteps, measured);
  const report: ForecastFile = {
    ...forecastFile(first.bt, future?.[0], futureNote, {
      horizon: H,
      strategy: config.forecast?.strategy ?? 'direct',
      time: prepared.time!.slice(first.s.offset, first.s.offset + n),
      series: first.s.part.batch.series!.y,
      trainEnd: first.s.trainEnd,
      retrain: o.retrain,
      ...(o.trainLength ? { trainLength: o.trainLength } : {}),
      ...(config.forecast?.quantiles ? { quantiles: config.forecast.quantiles } : {}),
    }),
    ...(note ? { intervalNote: note } : {}),
    panel: {
      idColumn: config.data.seriesId!,
      shown: first.s.part.id,
      verdict: line,
      pooled,
      series: results.map((r, i) => ({
        id: r.s.part.id,
        verdict: verdict(r.bt),
        overall: overallScores(r.bt),
        ...(future ? { future: { times: future[i]!.times, forecast: Array.from(future[i]!.forecast) } } : {}),
      })),
    },
  };
  const metrics = {
    horizon: H,
    origins: o.origins,
    stride: o.stride,
    retrain: o.retrain,
    ...(o.trainLength ? { trainLength: o.trainLength } : {}),
    verdict: line,
    overall: pooled,
    series: Object.fromEntries(results.map((r) => [r.s.part.id, r.bt.scores.overall])),
    wins: { against: against ?? '', wins, of: results.length },
    ...(results[0]!.bt.coverage.length
      ? {
          coverage: measured.map((c) => ({
            nominal: c.nominal,
            empirical: c.empirical,
            series: results.length,
          })),
        }
      : {}),
  };
  return { report, metrics };
}

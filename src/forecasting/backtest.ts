/**
 * Rolling-origin backtests: from each of N origins (every `stride` steps, the last one H steps before
 * the end), the model forecasts the next H values and so do the baselines, from exactly the same
 * history; every forecast is scored against what happened. Without retraining, all origins are one
 * batched forecast.
 */
import { SeqlabError } from '../errors.js';
import { pipelineInfo, type RowBatch } from '../data/preprocessing/batch.js';
import type { Pipeline } from '../data/preprocessing/pipeline.js';
import type { Sequential } from '../model/sequential.js';
import { baselineForecast, type BaselineName } from './baselines.js';
import { forecastFrom } from './forecast.js';
import { halfWidths, measureCoverage, type CoverageRow } from './intervals.js';
import { horizonScores, maseScale, type HorizonScores } from './metrics.js';

export interface BacktestOptions {
  /** Number of forecast origins. */
  origins: number;
  /** Steps between origins. */
  stride: number;
  horizon: number;
  /** Season length (seasonal naive, MASE scale, MSTL). */
  season: number;
  /** The first step the model did not train on: no origin may come before it. */
  trainEnd: number;
  baselines: readonly BaselineName[];
  /** Nominal coverages of the conformal intervals. */
  coverage?: readonly number[];
}

export interface BacktestResult {
  origins: number[];
  horizon: number;
  /** origins × H, original units. */
  actual: Float64Array;
  forecast: Float64Array;
  baselineForecasts: Record<string, Float64Array>;
  scores: HorizonScores;
  baselineScores: Record<string, HorizonScores>;
  /** Per origin: does the model's MAE beat seasonal naive's (or naive's when there is no season)? */
  wins: { against: string; wins: number; of: number };
  coverage: CoverageRow[];
  /** Half-widths (levels × H) from all origins, for the saved intervals. */
  halfWidths: number[][];
  /** False when there are too few origins for the asked coverage (the widest residual is used). */
  exactIntervals: boolean;
}

/**
 * The origins of a backtest: N steps, `stride` apart, the last at n − H.
 * @example backtestOrigins(144, 12, 3, 12, 100) // [108, 120, 132]
 */
export function backtestOrigins(n: number, H: number, N: number, stride: number, earliest: number): number[] {
  const origins = Array.from({ length: N }, (_, j) => n - H - (N - 1 - j) * stride);
  if (origins[0]! < earliest) {
    const fit = Math.floor((n - H - earliest) / stride) + 1;
    throw new SeqlabError(
      `evaluation.backtest: ${N} origins ${stride} step(s) apart with horizon ${H} need ${(N - 1) * stride + H} steps after the training part, ` +
        `but ${n - earliest} follow it; use at most ${Math.max(0, fit)} origins, a smaller stride or horizon, or a larger data.split.testSize`,
    );
  }
  return origins;
}

/**
 * Backtests a trained series model on the rows of `batch` (its pipeline's training-mode transform of
 * the whole series), trained once on the steps before `trainEnd`.
 * @example const bt = backtest(model, pipeline, batch, { origins: 12, stride: 1, horizon: 12, season: 12, trainEnd: 96, baselines: ['naive', 'seasonalNaive'] });
 */
export function backtest(
  model: Pick<Sequential, 'predict'>,
  pipeline: Pipeline,
  batch: RowBatch,
  o: BacktestOptions,
): BacktestResult {
  const y = batch.series!.y;
  const origins = backtestOrigins(
    y.length,
    o.horizon,
    o.origins,
    o.stride,
    Math.max(o.trainEnd, batch.rows[0]!),
  );
  const pred = forecastFrom(model, pipeline, batch, origins, o.horizon);
  // A quantile model's own intervals are scored as they are; other models get conformal ones.
  const own = pipelineInfo(pipeline).quantiles ? pred.intervals : undefined;
  return scoreBacktest(y, origins, pred.values, o, own);
}

/**
 * Scores the model's forecasts from the given origins (origins × H, original units) beside the
 * baselines from the same histories: what backtest does once the forecasts exist (also for models
 * retrained between origins). A quantile model gives its own `intervals` (origins × H bounds): their
 * coverage is measured on every origin, and no conformal half-widths are fitted.
 * @example scoreBacktest(y, [120, 132], forecasts, { horizon: 12, season: 12, trainEnd: 96, baselines: ['naive'] })
 */
export function scoreBacktest(
  y: Float64Array,
  origins: number[],
  forecast: Float64Array,
  o: Omit<BacktestOptions, 'origins' | 'stride'>,
  intervals?: { coverage: number; lower: Float64Array; upper: Float64Array }[],
): BacktestResult {
  const H = o.horizon;
  const pred = { values: forecast };
  const actual = Float64Array.from(
    { length: origins.length * H },
    (_, i) => y[origins[Math.floor(i / H)]! + (i % H)]!,
  );
  const scale = maseScale(y, o.season, o.trainEnd);
  const baselineForecasts: Record<string, Float64Array> = {};
  const baselineScores: Record<string, HorizonScores> = {};
  for (const name of o.baselines) {
    const f = new Float64Array(origins.length * H);
    origins.forEach((t, j) => f.set(baselineForecast(name, y, t, H, o.season), j * H));
    baselineForecasts[name] = f;
    baselineScores[name] = horizonScores(actual, f, H, scale);
  }
  // Seasonal naive is the yardstick; with a season of 1 it is the naive forecast, and named so.
  const against =
    baselineForecasts.naive && (o.season <= 1 || !baselineForecasts.seasonalNaive)
      ? 'naive'
      : baselineForecasts.seasonalNaive
        ? 'seasonalNaive'
        : (Object.keys(baselineForecasts)[0] ?? '');
  const mae = (f: Float64Array, j: number): number => {
    let s = 0;
    for (let k = 0; k < H; k++) s += Math.abs(actual[j * H + k]! - f[j * H + k]!);
    return s;
  };
  const wins = against
    ? origins.filter((_, j) => mae(pred.values, j) < mae(baselineForecasts[against]!, j)).length
    : 0;
  const common = {
    origins,
    horizon: H,
    actual,
    forecast: pred.values,
    baselineForecasts,
    scores: horizonScores(actual, pred.values, H, scale),
    baselineScores,
    wins: { against, wins, of: origins.length },
  };
  const residuals = actual.map((a, i) => a - pred.values[i]!);
  if (intervals) {
    const inside = (iv: (typeof intervals)[number]) =>
      actual.reduce((c, a, i) => c + (a >= iv.lower[i]! && a <= iv.upper[i]! ? 1 : 0), 0);
    return {
      ...common,
      coverage: intervals.map((iv) => ({
        nominal: iv.coverage,
        empirical: actual.length ? inside(iv) / actual.length : NaN,
        calibrationOrigins: 0,
        heldOutOrigins: origins.length,
      })),
      halfWidths: [],
      exactIntervals: true,
    };
  }
  const coverage = o.coverage ?? [];
  const all = halfWidths(
    residuals,
    H,
    coverage,
    origins.map((_, j) => j),
  );
  return {
    ...common,
    coverage: coverage.length && origins.length >= 4 ? measureCoverage(residuals, H, coverage) : [],
    halfWidths: all.widths,
    exactIntervals: all.exact,
  };
}

const BASELINE_LABELS: Record<string, string> = {
  seasonalNaive: 'seasonal naive',
  naive: 'naive',
  drift: 'drift',
  mstl: 'MSTL',
  ar: 'AR',
};

/** How a verdict names a baseline. */
export const baselineLabel = (name: string): string => BASELINE_LABELS[name] ?? name;

/**
 * Two scores as a verdict compares them: 2 decimals, more (up to 4) when 2 would print a tie between
 * different values (co2 with season 52 printed "MASE 0.26 vs 0.26" for MSTL and the model, MAE 0.321 and 0.323).
 * @example versus(0.2580, 0.2597) // '0.258 vs 0.260'
 */
export function versus(a: number, b: number): string {
  let digits = 2;
  while (digits < 4 && a !== b && a.toFixed(digits) === b.toFixed(digits)) digits++;
  return `${a.toFixed(digits)} vs ${b.toFixed(digits)}`;
}

/**
 * The verdict's line led by the baseline that does better than the model overall, when one does:
 * the comparison with seasonal naive (`beats`) comes after it, so that a win over a weak baseline does
 * not read as the headline.
 * @example withBetterFirst('beats naive on 3 of 3 origins (…)', 2.87, { naive: 3.34, drift: 2.42 }, 'naive')
 * // 'drift does better than the model (MASE 2.42 vs 2.87); it beats naive on 3 of 3 origins (…)'
 */
export function withBetterFirst(
  beats: string,
  model: number,
  scores: Record<string, number>,
  against: string,
  metric = 'MASE',
): string {
  const best = Object.entries(scores)
    .filter(([name, v]) => name !== against && v < model)
    .sort((a, b) => a[1] - b[1])[0];
  return best
    ? `${baselineLabel(best[0])} does better than the model (${metric} ${versus(best[1], model)}); it ${beats}`
    : beats;
}

/**
 * The one-line verdict of a backtest, honest either way: against seasonal naive (naive when the
 * season is 1), led by any other baseline that does better than the model.
 * @example verdict(bt) // 'beats seasonal naive on 9 of 12 origins (MASE 0.83 vs 1.00, better overall)'
 */
export function verdict(bt: BacktestResult): string {
  const { against, wins, of } = bt.wins;
  // A series constant over its training part has no MASE (nothing to scale by): MAE instead, and said.
  const scaled = [bt.scores, ...Object.values(bt.baselineScores)].every((s) =>
    Number.isFinite(s.overall.mase),
  );
  const metric = scaled ? 'mase' : 'mae';
  const name = scaled ? 'MASE' : 'MAE';
  const unscaled = scaled ? '' : '; no MASE: the series is constant over its training part';
  const model = bt.scores.overall[metric];
  if (!against) return `${name} ${model.toFixed(2)} over ${of} origins (no baseline to compare${unscaled})`;
  const base = bt.baselineScores[against]!.overall[metric];
  const overall = model < base ? 'better overall' : 'worse overall';
  const others = Object.fromEntries(
    Object.entries(bt.baselineScores).map(([n, s]) => [n, s.overall[metric]]),
  );
  return withBetterFirst(
    `beats ${baselineLabel(against)} on ${wins > of / 2 ? '' : 'only '}${wins} of ${of} origins ` +
      `(${name} ${versus(model, base)}, ${overall}${unscaled})`,
    model,
    others,
    against,
    name,
  );
}

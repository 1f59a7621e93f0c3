/**
 * Steps of a forecasting model: the value column and its invertible transforms (log, seasonal
 * difference, difference), then windows of the previous values before each step to predict.
 */
import { DataError } from '../errors.js';
import { BatchStep, type RowBatch, type PipelineInfo, type Predictions, type TimePolicy } from './batch.js';
import { requireNumeric } from './frame-steps.js';
import { field, registerStep, type StepJSON } from './step.js';
import { inferFrequency, type DuplicateTimes, type Frequency, type GapFill, type Resample } from '../time.js';
import type { CovariateValues } from './covariates.js';

export interface SeriesTransformOptions {
  log: boolean;
  /** Lag of the (non-seasonal) difference, 0 for none. */
  difference: number;
  /** Season length of the seasonal difference, 0 for none. */
  seasonalDifference: number;
}

/**
 * Series transforms of a whole series: log, then the seasonal difference, then the difference;
 * z[t] is NaN before `start`, the first step where every lag exists.
 * @example seriesTransform([1, 2, 4, 7], { log: false, difference: 1, seasonalDifference: 0 }) // z [NaN, 1, 2, 3], start 1
 */
export function seriesTransform(
  y: ArrayLike<number>,
  s: SeriesTransformOptions,
): { z: Float64Array; start: number } {
  const n = y.length;
  const l = Float64Array.from(y, (v) => (s.log ? Math.log(v) : v));
  // A missing value stays NaN (its windows are refused downstream, with the row); ≤ 0 has no log.
  const bad = s.log ? Array.from(y).findIndex((v) => v <= 0 || v === Infinity) : -1;
  if (bad >= 0)
    throw new DataError(
      `preprocessing.series.log: the series has a value ≤ 0 (${y[bad]}, step ${bad + 1}); the log transform needs positive values`,
    );
  let z = l;
  let start = 0;
  if (s.seasonalDifference > 0) {
    const p = s.seasonalDifference;
    z = Float64Array.from({ length: n }, (_, t) => (t >= p ? l[t]! - l[t - p]! : NaN));
    start += p;
  }
  if (s.difference > 0) {
    const d = s.difference;
    const prev = z;
    z = Float64Array.from({ length: n }, (_, t) => (t >= start + d ? prev[t]! - prev[t - d]! : NaN));
    start += d;
  }
  return { z, start };
}

/**
 * Undoes seriesTransform for a prediction ẑ of step t from the values before t (`y` as an array, or a
 * function of the step for multi-step forecasts, where the steps after the origin are forecasts).
 * @example seriesInvert(3, 3, [1, 2, 4], { log: false, difference: 1, seasonalDifference: 0 }) // 7
 */
export function seriesInvert(
  zHat: number,
  t: number,
  y: ArrayLike<number> | ((i: number) => number),
  s: SeriesTransformOptions,
): number {
  const at = typeof y === 'function' ? y : (i: number): number => y[i]!;
  const l = (i: number): number => (s.log ? Math.log(at(i)) : at(i));
  const p = s.seasonalDifference;
  const seasonal = (i: number): number => (p > 0 ? l(i) - l(i - p) : l(i));
  let v = zHat;
  if (s.difference > 0) v += seasonal(t - s.difference);
  if (p > 0) v += l(t - p);
  return s.log ? Math.exp(v) : v;
}

/**
 * The value column of a series (and its time column), transformed; predictions of step t are turned
 * back into original units from the actual values before t.
 * @example new SeriesValues({ valueColumn: 'Passengers', timeColumn: 'Month', log: true, difference: 0, seasonalDifference: 12 })
 */
export class SeriesValues extends BatchStep {
  readonly kind = 'SeriesValues';
  readonly valueColumn: string;
  readonly timeColumn: string | null;
  readonly transforms: SeriesTransformOptions;
  /** The time column's step, learned in fit (null without a time column, or when it is irregular: see frequencyProblem). */
  frequency: Frequency | null;
  frequencyProblem: string | null;
  /** How training read and regularised the time column: forecasts from new rows do the same. */
  readonly timePolicy: TimePolicy;
  /** The value cannot be negative (counts): forecasts below 0 are raised to 0 (preprocessing.series.nonNegative). */
  readonly nonNegative: boolean;

  constructor(
    opts: {
      valueColumn: string;
      timeColumn?: string | null;
      frequency?: Frequency | null;
      frequencyProblem?: string | null;
      fill?: GapFill;
      duplicates?: DuplicateTimes;
      resample?: Resample | undefined;
      /** The training file wrote its times day first (`01/02/2021` = 1 February) or month first; undefined for other times. */
      dayFirst?: boolean | undefined;
      /** data.timeZone: times with a UTC offset were read in this zone's local time. */
      timeZone?: string | undefined;
      nonNegative?: boolean;
    } & SeriesTransformOptions,
  ) {
    super();
    this.valueColumn = opts.valueColumn;
    this.timeColumn = opts.timeColumn ?? null;
    this.timePolicy = {
      fill: opts.fill ?? 'error',
      duplicates: opts.duplicates ?? 'error',
      ...(opts.resample ? { resample: opts.resample } : {}),
      ...(opts.dayFirst !== undefined ? { dayFirst: opts.dayFirst } : {}),
      ...(opts.timeZone !== undefined ? { timeZone: opts.timeZone } : {}),
    };
    this.transforms = {
      log: opts.log,
      difference: opts.difference,
      seasonalDifference: opts.seasonalDifference,
    };
    this.frequency = opts.frequency ?? null;
    this.frequencyProblem = opts.frequencyProblem ?? null;
    this.nonNegative = opts.nonNegative ?? false;
  }

  /** Learns the time column's frequency, so forecasts can be given timestamps. */
  override fit(batch: RowBatch): this {
    if (!this.timeColumn || !batch.frame.columns.includes(this.timeColumn)) return this;
    try {
      const times = batch.frame.column(this.timeColumn);
      this.frequency = inferFrequency(times, `${batch.where}: time column '${this.timeColumn}'`);
      // Integer years (global temperatures' 1880 …): the forecasts are years too, not 2024-01-01.
      if (this.frequency.name === 'yearly' && times instanceof Float64Array)
        this.frequency = { ...this.frequency, written: 'year' };
      this.frequencyProblem = null;
    } catch (e) {
      this.frequency = null;
      this.frequencyProblem = (e as Error).message;
    }
    return this;
  }

  transform(batch: RowBatch): RowBatch {
    requireNumeric(batch.frame, [this.valueColumn], batch.where);
    let y = Float64Array.from(batch.frame.numeric(this.valueColumn));
    if (batch.forecastNext) {
      // Rows after the last value carry known-future covariates for the forecast, not values.
      let n = y.length;
      while (n > 0 && Number.isNaN(y[n - 1]!)) n--;
      y = y.subarray(0, n);
    }
    // The step after the last has no value yet; a copy of the last stands in so every lag exists.
    const { z, start } = seriesTransform(
      batch.forecastNext && y.length ? [...y, y[y.length - 1]!] : y,
      this.transforms,
    );
    return { ...batch, x: null, series: { y, z, start } };
  }

  /**
   * Sample i forecasts steps rows[i] … rows[i] + width − 1; each is inverted from the actual values
   * before rows[i] and the forecasts of the steps between.
   */
  override invert(pred: Predictions, batch: RowBatch): Predictions {
    const y = batch.series?.y;
    if (!y) throw new DataError('SeriesValues.invert: the batch has no series; transform it first');
    const W = pred.width;
    const values = new Float64Array(pred.values.length);
    // A count's forecast is raised to 0 before the next step builds on it (a differenced series).
    const floor = this.nonNegative ? 0 : -Infinity;
    batch.rows.forEach((t, i) => {
      const at = (j: number): number => (j < t ? y[j]! : values[i * W + j - t]!);
      for (let k = 0; k < W; k++)
        values[i * W + k] = Math.max(
          floor,
          seriesInvert(pred.values[i * W + k]!, t + k, W === 1 ? y : at, this.transforms),
        );
    });
    return { ...pred, values, ...(this.nonNegative ? { floor: 0 } : {}) };
  }

  override describe(): Partial<PipelineInfo> {
    return {
      input: 'series',
      task: 'regression',
      valueColumn: this.valueColumn,
      frequency: this.frequency,
      ...(this.timeColumn ? { timeColumn: this.timeColumn } : {}),
      timePolicy: this.timePolicy,
      differencedSteps: this.transforms.seasonalDifference + this.transforms.difference,
    };
  }

  toJSON(): StepJSON {
    return {
      kind: this.kind,
      valueColumn: this.valueColumn,
      timeColumn: this.timeColumn,
      ...this.transforms,
      frequency: this.frequency,
      frequencyProblem: this.frequencyProblem,
      ...(this.timePolicy.fill !== 'error' ? { fill: this.timePolicy.fill } : {}),
      ...(this.timePolicy.duplicates !== 'error' ? { duplicates: this.timePolicy.duplicates } : {}),
      ...(this.timePolicy.resample ? { resample: this.timePolicy.resample } : {}),
      ...(this.timePolicy.dayFirst !== undefined ? { dayFirst: this.timePolicy.dayFirst } : {}),
      ...(this.timePolicy.timeZone !== undefined ? { timeZone: this.timePolicy.timeZone } : {}),
      ...(this.nonNegative ? { nonNegative: true } : {}),
    };
  }

  static fromJSON(json: StepJSON): SeriesValues {
    return new SeriesValues({
      valueColumn: field<string>(json, 'valueColumn'),
      timeColumn: field<string | null>(json, 'timeColumn'),
      log: field<boolean>(json, 'log'),
      difference: field<number>(json, 'difference'),
      seasonalDifference: field<number>(json, 'seasonalDifference'),
      frequency: (json.frequency as Frequency | undefined) ?? null,
      frequencyProblem: (json.frequencyProblem as string | undefined) ?? null,
      // Models saved before these were recorded read new rows as given.
      fill: (json.fill as GapFill | undefined) ?? 'error',
      duplicates: (json.duplicates as DuplicateTimes | undefined) ?? 'error',
      resample: json.resample as Resample | undefined,
      dayFirst: json.dayFirst as boolean | undefined,
      timeZone: json.timeZone as string | undefined,
      nonNegative: json.nonNegative === true,
    });
  }
}

export type Recursion = 'window' | 'state';

/**
 * One sample per origin t (the first step forecast) with `windowSize` transformed values before it:
 * x (samples, windowSize, 1), and when known the targets z[t … t + W − 1], W = horizon for the direct
 * strategy (one model output per step) and 1 for the recursive one (a one-step model fed its own
 * forecasts). RowBatch.rows becomes the origins.
 * @example new SeriesWindows({ windowSize: 24, horizon: 12, strategy: 'direct' })
 */
export class SeriesWindows extends BatchStep {
  readonly kind = 'SeriesWindows';
  readonly windowSize: number;
  readonly horizon: number;
  readonly strategy: 'direct' | 'recursive';
  /** Recursive forecasts: each step reads the last windowSize values (window), or continues the recurrent state (state). */
  readonly recursion: Recursion;
  /** Quantile models (direct): the quantiles the network predicts for each step; the targets stay the H values. */
  readonly quantiles: number[] | null;

  constructor(opts: {
    windowSize: number;
    horizon?: number;
    strategy?: 'direct' | 'recursive';
    recursion?: Recursion;
    quantiles?: number[] | null;
  }) {
    super();
    this.windowSize = opts.windowSize;
    this.horizon = opts.horizon ?? 1;
    this.strategy = opts.strategy ?? 'direct';
    this.recursion = opts.recursion ?? 'window';
    this.quantiles = opts.quantiles ?? null;
  }

  /** Model outputs per sample. */
  get width(): number {
    return this.strategy === 'direct' ? this.horizon : 1;
  }

  transform(batch: RowBatch): RowBatch {
    const s = batch.series;
    if (!s) throw new DataError(`${this.kind}: expects a series from an earlier step (SeriesValues)`);
    const w = this.windowSize;
    const W = this.width;
    const n = s.y.length;
    const first = s.start + w;
    // Training: origins whose W targets are all known; forecasting: also the origin after the last value.
    const last = batch.forecastNext ? n : n - W;
    const rows = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
    if (rows.length === 0)
      throw new DataError(
        `${batch.where}: ${n} values are too few for windows of ${w}${W > 1 && !batch.forecastNext ? ` and ${W} targets` : ''}${s.start ? ` after differencing (${s.start} steps lost)` : ''}: give at least ${first + (batch.forecastNext ? 0 : W)}`,
      );
    const cov = batch.covariates;
    const x = cov ? this.withCovariates(s.z, cov, rows) : new Float32Array(rows.length * w);
    if (!cov) {
      rows.forEach((t, i) => {
        for (let k = 0; k < w; k++) x[i * w + k] = s.z[t - w + k]!;
      });
    }
    const known = rows.filter((t) => t + W <= n);
    const targets = new Float32Array(known.length * W);
    known.forEach((t, i) => {
      for (let k = 0; k < W; k++) targets[i * W + k] = s.z[t + k]!;
    });
    const [steps, channels] = cov ? this.inputShape(cov) : [w, 1];
    return { ...batch, rows, x: { data: x, shape: [rows.length, steps, channels] }, targets };
  }

  /** Steps and channels of one sample with covariates: w past steps, then (with known-future covariates) `horizon` future ones. */
  private inputShape(cov: CovariateValues): [number, number] {
    const future = cov.futureWidth > 0 ? this.horizon : 0;
    return [this.windowSize + future, 1 + cov.pastWidth + cov.futureWidth + (future ? 1 : 0)];
  }

  /**
   * Channels per step: [z, past covariates, future covariates, is-future flag]. Past steps t − w … t − 1
   * carry everything observed; the future steps t … t + H − 1 carry only the known-future covariates
   * (z and past covariates 0, flag 1), so a direct model reads what it will know when forecasting.
   */
  private withCovariates(z: Float64Array, cov: CovariateValues, rows: number[]): Float32Array {
    const w = this.windowSize;
    const [steps, C] = this.inputShape(cov);
    const { pastWidth: P, futureWidth: F } = cov;
    const x = new Float32Array(rows.length * steps * C);
    rows.forEach((t, i) => {
      for (let k = 0; k < steps; k++) {
        const at = t - w + k;
        const o = (i * steps + k) * C;
        if (k < w) {
          x[o] = z[at]!;
          x.set(cov.past.subarray(at * P, (at + 1) * P), o + 1);
        } else x[o + C - 1] = 1;
        if (F) x.set(cov.future.subarray(at * F, (at + 1) * F), o + 1 + P);
      }
    });
    return x;
  }

  override describe(): Partial<PipelineInfo> {
    return {
      windowSize: this.windowSize,
      horizon: this.horizon,
      strategy: this.strategy,
      ...(this.strategy === 'recursive' ? { recursion: this.recursion } : {}),
      ...(this.quantiles ? { quantiles: this.quantiles } : {}),
    };
  }

  toJSON(): StepJSON {
    return {
      kind: this.kind,
      windowSize: this.windowSize,
      horizon: this.horizon,
      strategy: this.strategy,
      ...(this.recursion !== 'window' ? { recursion: this.recursion } : {}),
      ...(this.quantiles ? { quantiles: this.quantiles } : {}),
    };
  }

  static fromJSON(json: StepJSON): SeriesWindows {
    return new SeriesWindows({
      windowSize: field<number>(json, 'windowSize'),
      horizon: (json.horizon as number | undefined) ?? 1,
      strategy: (json.strategy as 'direct' | 'recursive' | undefined) ?? 'direct',
      recursion: (json.recursion as Recursion | undefined) ?? 'window',
      quantiles: (json.quantiles as number[] | undefined) ?? null,
    });
  }
}

registerStep('SeriesValues', SeriesValues.fromJSON);
registerStep('SeriesWindows', SeriesWindows.fromJSON);

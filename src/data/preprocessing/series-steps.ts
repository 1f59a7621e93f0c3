/**
 * Steps of a forecasting model: the value column and its invertible transforms (log, seasonal
 * difference, difference), then windows of the previous values before each step to predict.
 */
import { DataError } from '../errors.js';
import { BatchStep, type Batch, type PipelineInfo, type Predictions } from './batch.js';
import { requireNumeric } from './frame-steps.js';
import { field, registerStep, type StepJSON } from './step.js';

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
export function seriesTransform(y: ArrayLike<number>, s: SeriesTransformOptions): { z: Float64Array; start: number } {
  const n = y.length;
  const l = Float64Array.from(y, (v) => (s.log ? Math.log(v) : v));
  if (s.log && l.some((v) => !Number.isFinite(v))) throw new DataError('preprocessing.series.log: the series has values ≤ 0; the log transform needs positive values');
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
 * Undoes seriesTransform for a prediction ẑ of step t, using the actual values before t (one step ahead).
 * @example seriesInvert(3, 3, [1, 2, 4], { log: false, difference: 1, seasonalDifference: 0 }) // 7
 */
export function seriesInvert(zHat: number, t: number, y: ArrayLike<number>, s: SeriesTransformOptions): number {
  const l = (i: number): number => (s.log ? Math.log(y[i]!) : y[i]!);
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

  constructor(opts: { valueColumn: string; timeColumn?: string | null } & SeriesTransformOptions) {
    super();
    this.valueColumn = opts.valueColumn;
    this.timeColumn = opts.timeColumn ?? null;
    this.transforms = { log: opts.log, difference: opts.difference, seasonalDifference: opts.seasonalDifference };
  }

  transform(batch: Batch): Batch {
    requireNumeric(batch.frame, [this.valueColumn], batch.where);
    const y = Float64Array.from(batch.frame.numeric(this.valueColumn));
    // The step after the last has no value yet; a copy of the last stands in so every lag exists.
    const { z, start } = seriesTransform(batch.forecastNext && y.length ? [...y, y[y.length - 1]!] : y, this.transforms);
    return { ...batch, x: null, series: { y, z, start } };
  }

  override invert(pred: Predictions, batch: Batch): Predictions {
    const y = batch.series?.y;
    if (!y) throw new DataError('SeriesValues.invert: the batch has no series; transform it first');
    return { ...pred, values: Float64Array.from(batch.rows, (t, i) => seriesInvert(pred.values[i]!, t, y, this.transforms)) };
  }

  override describe(): Partial<PipelineInfo> {
    return { input: 'series', task: 'regression', valueColumn: this.valueColumn, ...(this.timeColumn ? { timeColumn: this.timeColumn } : {}) };
  }

  toJSON(): StepJSON {
    return { kind: this.kind, valueColumn: this.valueColumn, timeColumn: this.timeColumn, ...this.transforms };
  }

  static fromJSON(json: StepJSON): SeriesValues {
    return new SeriesValues({
      valueColumn: field<string>(json, 'valueColumn'),
      timeColumn: field<string | null>(json, 'timeColumn'),
      log: field<boolean>(json, 'log'),
      difference: field<number>(json, 'difference'),
      seasonalDifference: field<number>(json, 'seasonalDifference'),
    });
  }
}

/**
 * One sample per step t with `windowSize` transformed values before it: x (samples, windowSize, 1),
 * the target z[t] when step t is known; Batch.rows becomes the steps predicted.
 * @example new SeriesWindows({ windowSize: 10 })
 */
export class SeriesWindows extends BatchStep {
  readonly kind = 'SeriesWindows';
  readonly windowSize: number;

  constructor(opts: { windowSize: number }) {
    super();
    this.windowSize = opts.windowSize;
  }

  transform(batch: Batch): Batch {
    const s = batch.series;
    if (!s) throw new DataError(`${this.kind}: expects a series from an earlier step (SeriesValues)`);
    const w = this.windowSize;
    const first = s.start + w;
    const rows = Array.from({ length: Math.max(0, s.z.length - first) }, (_, i) => first + i);
    if (rows.length === 0) throw new DataError(`${batch.where}: ${s.y.length} values are too few for windows of ${w}${s.start ? ` after differencing (${s.start} steps lost)` : ''}`);
    const x = new Float32Array(rows.length * w);
    rows.forEach((t, i) => {
      for (let k = 0; k < w; k++) x[i * w + k] = s.z[t - w + k]!;
    });
    const known = rows.filter((t) => t < s.y.length);
    return { ...batch, rows, x: { data: x, shape: [rows.length, w, 1] }, targets: Float32Array.from(known, (t) => s.z[t]!) };
  }

  override describe(): Partial<PipelineInfo> {
    return { windowSize: this.windowSize };
  }

  toJSON(): StepJSON {
    return { kind: this.kind, windowSize: this.windowSize };
  }

  static fromJSON(json: StepJSON): SeriesWindows {
    return new SeriesWindows({ windowSize: field<number>(json, 'windowSize') });
  }
}

registerStep('SeriesValues', SeriesValues.fromJSON);
registerStep('SeriesWindows', SeriesWindows.fromJSON);

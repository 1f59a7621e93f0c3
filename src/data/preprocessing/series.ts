/** Invertible series transforms for forecasting: log, differencing, seasonal differencing. */
import { DataError } from '../errors.js';
import { field, notFitted, registerStep, type Step, type StepJSON } from './step.js';

/**
 * d[t] = x[t + lag] − x[t] (length n − lag). lag = the season length gives seasonal differencing.
 * @example difference([1, 4, 9, 16]) // Float64Array [3, 5, 7]
 */
export function difference(series: ArrayLike<number>, lag = 1): Float64Array {
  if (!Number.isInteger(lag) || lag < 1)
    throw new DataError(`difference: lag ${lag} must be a positive integer`);
  if (series.length <= lag)
    throw new DataError(`difference: a series of ${series.length} values is too short for lag ${lag}`);
  const out = new Float64Array(series.length - lag);
  for (let t = 0; t < out.length; t++) out[t] = series[t + lag]! - series[t]!;
  return out;
}

/**
 * Undoes difference: given the first `lag` original values, rebuilds the series (length lag + d.length).
 * For forecasts, pass the last `lag` observed values as `head` and the predicted differences as `diffs`,
 * then drop the first `lag` values of the result.
 * @example invertDifference([3, 5, 7], [1]) // Float64Array [1, 4, 9, 16]
 */
export function invertDifference(
  diffs: ArrayLike<number>,
  head: ArrayLike<number>,
  lag = head.length,
): Float64Array {
  if (head.length !== lag)
    throw new DataError(`invertDifference: need exactly lag = ${lag} head values, got ${head.length}`);
  const out = new Float64Array(lag + diffs.length);
  for (let t = 0; t < lag; t++) out[t] = head[t]!;
  for (let t = 0; t < diffs.length; t++) out[t + lag] = out[t]! + diffs[t]!;
  return out;
}

/**
 * Seasonal differencing: difference(series, period).
 * @example seasonalDifference(monthly, 12)
 */
export function seasonalDifference(series: ArrayLike<number>, period: number): Float64Array {
  return difference(series, period);
}

/**
 * log(x + offset) as a pipeline step; inverse exp(y) − offset. Values ≤ −offset are an error naming the index.
 * @example new LogTransform().transform([1, Math.E]) // Float64Array [0, 1]
 */
export class LogTransform implements Step<ArrayLike<number>, Float64Array> {
  readonly kind = 'LogTransform';
  constructor(readonly offset = 0) {}

  fit(): this {
    return this;
  }

  transform(x: ArrayLike<number>): Float64Array {
    return Float64Array.from(x, (v, i) => {
      if (!(v + this.offset > 0))
        throw new DataError(
          `LogTransform: value ${v} at index ${i} is not above −offset (${-this.offset}); choose an offset so that x + offset > 0`,
        );
      return Math.log(v + this.offset);
    });
  }

  inverseTransform(y: ArrayLike<number>): Float64Array {
    return Float64Array.from(y, (v) => Math.exp(v) - this.offset);
  }

  toJSON(): StepJSON {
    return { kind: this.kind, offset: this.offset };
  }

  static fromJSON(json: StepJSON): LogTransform {
    return new LogTransform(field<number>(json, 'offset'));
  }
}

/**
 * Differencing as a fitted step: fit remembers the first `lag` values of the training series, so
 * inverseTransform(transform(x)) gives x back; inverseFrom() continues from other observed values.
 * @example
 * const d = new Differencer({ lag: 12 }).fit(train);
 * const back = d.inverseTransform(d.transform(train)); // == train
 */
export class Differencer implements Step<ArrayLike<number>, Float64Array> {
  readonly kind = 'Differencer';
  readonly lag: number;
  head?: number[];

  constructor(opts: { lag?: number } = {}) {
    this.lag = opts.lag ?? 1;
  }

  fit(series: ArrayLike<number>): this {
    if (series.length <= this.lag)
      throw new DataError(
        `Differencer: a series of ${series.length} values is too short for lag ${this.lag}`,
      );
    this.head = Array.from({ length: this.lag }, (_, i) => series[i]!);
    return this;
  }

  transform(series: ArrayLike<number>): Float64Array {
    return difference(series, this.lag);
  }

  inverseTransform(diffs: ArrayLike<number>): Float64Array {
    if (!this.head) notFitted(this.kind);
    return invertDifference(diffs, this.head, this.lag);
  }

  /** Rebuilds values following `previous` (the last `lag` observed values): forecasts in original units. */
  inverseFrom(diffs: ArrayLike<number>, previous: ArrayLike<number>): Float64Array {
    const prev = Array.from({ length: this.lag }, (_, i) => previous[previous.length - this.lag + i]!);
    if (previous.length < this.lag)
      throw new DataError(
        `Differencer.inverseFrom: need the last ${this.lag} observed values, got ${previous.length}`,
      );
    return invertDifference(diffs, prev, this.lag).slice(this.lag);
  }

  toJSON(): StepJSON {
    return { kind: this.kind, lag: this.lag, head: this.head ?? null };
  }

  static fromJSON(json: StepJSON): Differencer {
    const d = new Differencer({ lag: field<number>(json, 'lag') });
    const head = field<number[] | null>(json, 'head');
    if (head) d.head = head;
    return d;
  }
}

registerStep('LogTransform', LogTransform.fromJSON);
registerStep('Differencer', Differencer.fromJSON);

/** Feature scalers with scikit-learn's semantics: statistics per feature (the last axis). */
import { DataError } from '../errors.js';
import { isArrayWithShape, type ArrayWithShape, type FloatMatrix } from '../types.js';
import { field, notFitted, registerStep, type Step, type StepJSON } from './step.js';

/** Numbers to scale: rows of features, an ArrayWithShape (features on the last axis), or a 1-D series (one feature). */
export type NumericInput = ReadonlyArray<ArrayLike<number>> | ArrayWithShape | ArrayLike<number>;

/** Flat float64 copy of the input, its shape, and the feature count (last axis). */
export function flatten(x: NumericInput): { data: Float64Array; shape: number[]; features: number } {
  if (isArrayWithShape(x))
    return {
      data: Float64Array.from(x.data),
      shape: [...x.shape],
      features: x.shape.length > 1 ? x.shape[x.shape.length - 1]! : 1,
    };
  const arr = x as ArrayLike<unknown>;
  if (arr.length > 0 && typeof arr[0] === 'object') {
    const rows = x as ReadonlyArray<ArrayLike<number>>;
    const d = rows[0]!.length;
    const data = new Float64Array(rows.length * d);
    rows.forEach((r, i) => {
      if (r.length !== d) throw new DataError(`row ${i} has ${r.length} features, expected ${d} like row 0`);
      for (let j = 0; j < d; j++) data[i * d + j] = r[j]!;
    });
    return { data, shape: [rows.length, d], features: d };
  }
  return { data: Float64Array.from(x as ArrayLike<number>), shape: [arr.length], features: 1 };
}

function checkFinite(kind: string, data: Float64Array, features: number): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!))
      throw new DataError(
        `${kind}: row ${Math.floor(i / features)}, feature ${i % features} is ${data[i]}; ` +
          (Number.isNaN(data[i]!)
            ? `handle missing values first (frame.handleMissing('drop' | 'fillMean' | { fillValue }))`
            : `an infinite value cannot be scaled: remove or replace it in the data`),
      );
  }
}

/** Common fit/transform plumbing: y = (x - shift) * scale per feature. */
abstract class AffineScaler implements Step<NumericInput, FloatMatrix> {
  abstract readonly kind: string;
  protected shift?: Float64Array;
  protected scale?: Float64Array;

  protected abstract computeStats(data: Float64Array, features: number): void;

  /** True once fit (or a restored fitted scaler) has set the statistics. */
  get fitted(): boolean {
    return this.shift !== undefined;
  }

  /** Learns per-feature statistics. Returns this. */
  fit(x: NumericInput): this {
    const { data, features } = flatten(x);
    if (data.length === 0) throw new DataError(`${this.kind}.fit: no data`);
    checkFinite(this.kind, data, features);
    this.computeStats(data, features);
    return this;
  }

  /** Scales x (a new float32 array of the same shape). */
  transform(x: NumericInput): FloatMatrix {
    const { data, shape, features } = this.check(x);
    const out = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++)
      out[i] = (data[i]! - this.shift![i % features]!) * this.scale![i % features]!;
    return { data: out, shape };
  }

  /** Undoes transform: original units (float32). */
  inverseTransform(y: NumericInput): FloatMatrix {
    const { data, shape, features } = this.check(y);
    const out = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++)
      out[i] = data[i]! / this.scale![i % features]! + this.shift![i % features]!;
    return { data: out, shape };
  }

  /** fit(x) then transform(x). */
  fitTransform(x: NumericInput): FloatMatrix {
    return this.fit(x).transform(x);
  }

  private check(x: NumericInput): { data: Float64Array; shape: number[]; features: number } {
    if (!this.shift || !this.scale) notFitted(this.kind);
    const f = flatten(x);
    if (f.features !== this.shift.length)
      throw new DataError(
        `${this.kind} was fitted on ${this.shift.length} features but got ${f.features} (shape [${f.shape.join(', ')}])`,
      );
    return f;
  }

  abstract toJSON(): StepJSON;
}

/**
 * Scales each feature to featureRange (default [0, 1]): x' = (x − min) / (max − min) · (b − a) + a.
 * A constant feature maps to a (scikit-learn's convention).
 * @example
 * const s = new MinMaxScaler().fit([[1], [3]]);
 * s.transform([[2]]).data; // Float32Array [0.5]
 */
export class MinMaxScaler extends AffineScaler {
  readonly kind = 'MinMaxScaler';
  readonly featureRange: [number, number];
  dataMin?: Float64Array;
  dataMax?: Float64Array;

  constructor(opts: { featureRange?: [number, number] } = {}) {
    super();
    this.featureRange = opts.featureRange ?? [0, 1];
    if (!(this.featureRange[0] < this.featureRange[1]))
      throw new DataError(`MinMaxScaler featureRange [${this.featureRange}] must be increasing`);
  }

  protected computeStats(data: Float64Array, features: number): void {
    const min = new Float64Array(features).fill(Infinity);
    const max = new Float64Array(features).fill(-Infinity);
    for (let i = 0; i < data.length; i++) {
      const j = i % features;
      if (data[i]! < min[j]!) min[j] = data[i]!;
      if (data[i]! > max[j]!) max[j] = data[i]!;
    }
    this.setStats(min, max);
  }

  private setStats(min: Float64Array, max: Float64Array): void {
    const [a, b] = this.featureRange;
    this.dataMin = min;
    this.dataMax = max;
    // y = (x - shift) * scale with shift = min - a / scale
    this.scale = min.map((m, j) => (b - a) / (max[j]! - m || 1));
    this.shift = min.map((m, j) => m - a / this.scale![j]!);
  }

  toJSON(): StepJSON {
    if (!this.dataMin) notFitted(this.kind);
    return {
      kind: this.kind,
      featureRange: this.featureRange,
      dataMin: Array.from(this.dataMin),
      dataMax: Array.from(this.dataMax!),
    };
  }

  /** Restores a fitted scaler. @example MinMaxScaler.fromJSON(s.toJSON()) */
  static fromJSON(json: StepJSON): MinMaxScaler {
    const s = new MinMaxScaler({ featureRange: field<[number, number]>(json, 'featureRange') });
    s.setStats(
      Float64Array.from(field<number[]>(json, 'dataMin')),
      Float64Array.from(field<number[]>(json, 'dataMax')),
    );
    return s;
  }
}

/**
 * Standardises each feature to zero mean and unit variance (population std, as scikit-learn;
 * a constant feature keeps scale 1).
 * @example new StandardScaler().fitTransform([[1], [3]]).data // Float32Array [-1, 1]
 */
export class StandardScaler extends AffineScaler {
  readonly kind = 'StandardScaler';
  mean?: Float64Array;
  std?: Float64Array;

  protected computeStats(data: Float64Array, features: number): void {
    const n = data.length / features;
    const mean = new Float64Array(features);
    for (let i = 0; i < data.length; i++) mean[i % features]! += data[i]! / n;
    const v = new Float64Array(features);
    for (let i = 0; i < data.length; i++) v[i % features]! += (data[i]! - mean[i % features]!) ** 2 / n;
    this.setStats(mean, v.map(Math.sqrt));
  }

  private setStats(mean: Float64Array, std: Float64Array): void {
    this.mean = mean;
    this.std = std;
    this.shift = mean;
    this.scale = std.map((s) => 1 / (s || 1));
  }

  toJSON(): StepJSON {
    if (!this.mean) notFitted(this.kind);
    return { kind: this.kind, mean: Array.from(this.mean), std: Array.from(this.std!) };
  }

  /** Restores a fitted scaler. */
  static fromJSON(json: StepJSON): StandardScaler {
    const s = new StandardScaler();
    s.setStats(
      Float64Array.from(field<number[]>(json, 'mean')),
      Float64Array.from(field<number[]>(json, 'std')),
    );
    return s;
  }
}

registerStep('MinMaxScaler', MinMaxScaler.fromJSON);
registerStep('StandardScaler', StandardScaler.fromJSON);

/** Sliding windows over time series: (samples, steps, features) inputs with aligned targets. */
import { DataError } from '../errors.js';
import type { FloatMatrix } from '../types.js';
import { flatten, type NumericInput } from './scalers.js';
import { field, registerStep, type Step, type StepJSON } from './step.js';

export interface WindowOptions {
  /** Steps per input window (the tutorials' look_back). */
  windowSize: number;
  /** Future steps to predict after each window (default 1). */
  horizon?: number;
  /** Steps between window starts (default 1). */
  stride?: number;
  /** Feature (column index) the targets come from (default 0; a univariate series has only 0). */
  targetColumn?: number;
}

function timeMajor(series: NumericInput): { data: Float64Array; steps: number; features: number } {
  const { data, shape, features } = flatten(series);
  if (shape.length > 2)
    throw new DataError(
      `slidingWindows: expected a series of shape (time) or (time, features), got [${shape.join(', ')}]`,
    );
  return { data, steps: shape[0]!, features };
}

/**
 * Cuts a series (time, features) — or a 1-D series — into windows: x[i] = rows i·stride … i·stride + windowSize − 1
 * (all features) and y[i] = targetColumn at the next `horizon` steps. Sample count is
 * floor((n − windowSize − horizon) / stride) + 1 (the tutorials' create_dataset drops one more).
 * @example
 * const { x, y } = slidingWindows([1, 2, 3, 4, 5], { windowSize: 3 });
 * // x.shape [2, 3, 1]: [1,2,3], [2,3,4]; y.shape [2, 1]: [4], [5]
 */
export function slidingWindows(
  series: NumericInput,
  opts: WindowOptions,
): { x: FloatMatrix; y: FloatMatrix } {
  const { windowSize: w, horizon: h = 1, stride = 1, targetColumn = 0 } = opts;
  const { data, steps: n, features: f } = timeMajor(series);
  for (const [name, v] of [
    ['windowSize', w],
    ['horizon', h],
    ['stride', stride],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new DataError(`slidingWindows: ${name} ${v} must be a positive integer`);
  }
  if (!Number.isInteger(targetColumn) || targetColumn < 0 || targetColumn >= f)
    throw new DataError(`slidingWindows: targetColumn ${targetColumn} is not a feature index 0..${f - 1}`);
  if (n < w + h)
    throw new DataError(
      `slidingWindows: a series of ${n} steps is too short for windowSize ${w} + horizon ${h}`,
    );
  const samples = Math.floor((n - w - h) / stride) + 1;
  const x = new Float32Array(samples * w * f);
  const y = new Float32Array(samples * h);
  for (let s = 0; s < samples; s++) {
    const t0 = s * stride;
    x.set(data.subarray(t0 * f, (t0 + w) * f), s * w * f);
    for (let k = 0; k < h; k++) y[s * h + k] = data[(t0 + w + k) * f + targetColumn]!;
  }
  return { x: { data: x, shape: [samples, w, f] }, y: { data: y, shape: [samples, h] } };
}

/**
 * Windows for sequence classification: x[i] = feature rows i·stride … + windowSize − 1, y[i] = the label
 * at the window's last step.
 * @example windowedClassification([[0.1], [0.2], [0.3]], [0, 1, 1], { windowSize: 2 }).y // Int32Array [1, 1]
 */
export function windowedClassification(
  features: NumericInput,
  labels: ArrayLike<number>,
  opts: { windowSize: number; stride?: number },
): { x: FloatMatrix; y: Int32Array } {
  const { windowSize: w, stride = 1 } = opts;
  const { data, steps: n, features: f } = timeMajor(features);
  if (labels.length !== n)
    throw new DataError(
      `windowedClassification: ${labels.length} labels for ${n} time steps; they must be aligned`,
    );
  if (!Number.isInteger(w) || w < 1 || n < w)
    throw new DataError(`windowedClassification: windowSize ${w} must be in 1..${n}`);
  const samples = Math.floor((n - w) / stride) + 1;
  const x = new Float32Array(samples * w * f);
  const y = new Int32Array(samples);
  for (let s = 0; s < samples; s++) {
    const t0 = s * stride;
    x.set(data.subarray(t0 * f, (t0 + w) * f), s * w * f);
    y[s] = labels[t0 + w - 1]!;
  }
  return { x: { data: x, shape: [samples, w, f] }, y };
}

/**
 * The windowing as a pipeline step, so the window size is saved with a model. transform returns
 * only x; use slidingWindows directly to get targets for training.
 * @example new WindowStep({ windowSize: 10 }).transform(series).shape // [n - 10, 10, features]
 */
export class WindowStep implements Step<NumericInput, FloatMatrix> {
  readonly kind = 'WindowStep';
  constructor(readonly options: WindowOptions) {}

  fit(): this {
    return this;
  }

  /** Windows of the whole series including the last one (no target needed): n − windowSize + 1 at stride 1. */
  transform(series: NumericInput): FloatMatrix {
    const { data, steps: n, features: f } = timeMajor(series);
    const w = this.options.windowSize;
    const stride = this.options.stride ?? 1;
    if (n < w) throw new DataError(`WindowStep: a series of ${n} steps is shorter than windowSize ${w}`);
    const samples = Math.floor((n - w) / stride) + 1;
    const x = new Float32Array(samples * w * f);
    for (let s = 0; s < samples; s++) x.set(data.subarray(s * stride * f, (s * stride + w) * f), s * w * f);
    return { data: x, shape: [samples, w, f] };
  }

  toJSON(): StepJSON {
    return { kind: this.kind, options: { ...this.options } };
  }

  static fromJSON(json: StepJSON): WindowStep {
    return new WindowStep(field<WindowOptions>(json, 'options'));
  }
}

registerStep('WindowStep', WindowStep.fromJSON);

/** Label and one-hot encoding with scikit-learn's semantics (classes sorted), plus Keras' toCategorical. */
import { DataError } from '../errors.js';
import type { FloatMatrix } from '../types.js';
import { field, notFitted, registerStep, type Step, type StepJSON } from './step.js';

export type Label = string | number | boolean;

function sortClasses(values: Iterable<Label>): Label[] {
  const uniq = [...new Set(values)];
  return uniq.sort((a, b) =>
    typeof a === 'number' && typeof b === 'number'
      ? a - b
      : String(a) < String(b)
        ? -1
        : String(a) > String(b)
          ? 1
          : 0,
  );
}

function listLabels(classes: Label[]): string {
  const shown = classes
    .slice(0, 20)
    .map((c) => JSON.stringify(c))
    .join(', ');
  return classes.length > 20 ? `${shown}, … (${classes.length} in all)` : shown;
}

/**
 * Maps labels to 0..k-1 in sorted order; a label not seen in fit is an error that lists the known ones.
 * @example
 * const enc = new LabelEncoder().fit(['b', 'a', 'b']);
 * enc.transform(['a', 'b']); // Int32Array [0, 1]
 * enc.inverseTransform([1]); // ['b']
 */
export class LabelEncoder implements Step<ArrayLike<Label>, Int32Array> {
  readonly kind = 'LabelEncoder';
  classes?: Label[];
  private index?: Map<Label, number>;

  fit(labels: ArrayLike<Label | null>): this {
    const vals = Array.from(labels);
    const missing = vals.findIndex(
      (v) => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)),
    );
    if (missing >= 0)
      throw new DataError(
        `LabelEncoder.fit: label at row ${missing} is missing; drop or fill missing labels first`,
      );
    return this.setClasses(sortClasses(vals as Label[]));
  }

  private setClasses(classes: Label[]): this {
    this.classes = classes;
    this.index = new Map(classes.map((c, i) => [c, i]));
    return this;
  }

  transform(labels: ArrayLike<Label | null>): Int32Array {
    if (!this.index) notFitted(this.kind);
    const out = new Int32Array(labels.length);
    for (let i = 0; i < labels.length; i++) {
      const k = this.index.get(labels[i] as Label);
      if (k === undefined)
        throw new DataError(
          `LabelEncoder: label ${JSON.stringify(labels[i])} at row ${i} was not seen in fit; known labels: ${listLabels(this.classes!)}`,
        );
      out[i] = k;
    }
    return out;
  }

  fitTransform(labels: ArrayLike<Label>): Int32Array {
    return this.fit(labels).transform(labels);
  }

  inverseTransform(codes: ArrayLike<number>): Label[] {
    if (!this.classes) notFitted(this.kind);
    return Array.from(codes, (c, i) => {
      if (!Number.isInteger(c) || c < 0 || c >= this.classes!.length)
        throw new DataError(
          `LabelEncoder.inverseTransform: code ${c} at row ${i} is not in 0..${this.classes!.length - 1}`,
        );
      return this.classes![c]!;
    });
  }

  toJSON(): StepJSON {
    if (!this.classes) notFitted(this.kind);
    return { kind: this.kind, classes: this.classes };
  }

  static fromJSON(json: StepJSON): LabelEncoder {
    return new LabelEncoder().setClasses(field<Label[]>(json, 'classes'));
  }
}

/**
 * Integer class vector → one-hot matrix (Keras' to_categorical).
 * @example toCategorical([0, 2], 3).data // Float32Array [1,0,0, 0,0,1]
 */
export function toCategorical(y: ArrayLike<number>, numClasses?: number): FloatMatrix {
  let k = numClasses ?? 0;
  if (numClasses === undefined) for (let i = 0; i < y.length; i++) k = Math.max(k, y[i]! + 1);
  const out = new Float32Array(y.length * k);
  for (let i = 0; i < y.length; i++) {
    const c = y[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= k)
      throw new DataError(
        `toCategorical: y[${i}] = ${c} is not a class index in 0..${k - 1}${numClasses === undefined ? '' : ` (numClasses ${numClasses})`}; encode labels with LabelEncoder first`,
      );
    out[i * k + c] = 1;
  }
  return { data: out, shape: [y.length, k] };
}

/** Categorical rows: one value per column, or a single column given as a flat array. */
export type CategoricalInput = ReadonlyArray<ReadonlyArray<Label>> | ReadonlyArray<Label>;

function asRows(x: CategoricalInput): Label[][] {
  return x.map((r) => (Array.isArray(r) ? [...r] : [r as Label]));
}

/**
 * One-hot encodes categorical columns (categories sorted per column, as scikit-learn).
 * handleUnknown 'error' (default) names the unseen value; 'ignore' encodes it as all zeros.
 * @example
 * const enc = new OneHotEncoder().fit(['red', 'green', 'red']);
 * enc.transform(['green']).data; // Float32Array [1, 0]  (categories: green, red)
 */
export class OneHotEncoder implements Step<CategoricalInput, FloatMatrix> {
  readonly kind = 'OneHotEncoder';
  categories?: Label[][];
  readonly handleUnknown: 'error' | 'ignore';

  constructor(opts: { handleUnknown?: 'error' | 'ignore' } = {}) {
    this.handleUnknown = opts.handleUnknown ?? 'error';
  }

  fit(x: CategoricalInput): this {
    const rows = asRows(x);
    if (rows.length === 0) throw new DataError('OneHotEncoder.fit: no rows');
    this.categories = rows[0]!.map((_, j) => sortClasses(rows.map((r) => r[j]!)));
    return this;
  }

  /** Width of the output: the sum of category counts. */
  get outputWidth(): number {
    return (this.categories ?? []).reduce((a, c) => a + c.length, 0);
  }

  transform(x: CategoricalInput): FloatMatrix {
    if (!this.categories) notFitted(this.kind);
    const rows = asRows(x);
    const w = this.outputWidth;
    const maps = this.categories.map((c) => new Map(c.map((v, i) => [v, i])));
    const out = new Float32Array(rows.length * w);
    rows.forEach((r, i) => {
      if (r.length !== maps.length)
        throw new DataError(`OneHotEncoder: row ${i} has ${r.length} columns, fitted on ${maps.length}`);
      let offset = 0;
      r.forEach((v, j) => {
        const k = maps[j]!.get(v);
        if (k === undefined) {
          if (this.handleUnknown === 'error')
            throw new DataError(
              `OneHotEncoder: value ${JSON.stringify(v)} in column ${j}, row ${i} was not seen in fit; known: ${listLabels(this.categories![j]!)} (or use handleUnknown: 'ignore')`,
            );
        } else out[i * w + offset + k] = 1;
        offset += this.categories![j]!.length;
      });
    });
    return { data: out, shape: [rows.length, w] };
  }

  fitTransform(x: CategoricalInput): FloatMatrix {
    return this.fit(x).transform(x);
  }

  /** One-hot (or probability) rows back to categories: the argmax within each column's block. */
  inverseTransform(y: FloatMatrix): Label[][] {
    if (!this.categories) notFitted(this.kind);
    const w = this.outputWidth;
    if (y.shape[1] !== w)
      throw new DataError(
        `OneHotEncoder.inverseTransform: expected width ${w}, got shape [${y.shape.join(', ')}]`,
      );
    const n = y.shape[0]!;
    return Array.from({ length: n }, (_, i) => {
      let offset = 0;
      return this.categories!.map((cats) => {
        let best = 0;
        for (let k = 1; k < cats.length; k++)
          if (y.data[i * w + offset + k]! > y.data[i * w + offset + best]!) best = k;
        offset += cats.length;
        return cats[best]!;
      });
    });
  }

  toJSON(): StepJSON {
    if (!this.categories) notFitted(this.kind);
    return { kind: this.kind, handleUnknown: this.handleUnknown, categories: this.categories };
  }

  static fromJSON(json: StepJSON): OneHotEncoder {
    const e = new OneHotEncoder({ handleUnknown: field<'error' | 'ignore'>(json, 'handleUnknown') });
    e.categories = field<Label[][]>(json, 'categories');
    return e;
  }
}

registerStep('LabelEncoder', LabelEncoder.fromJSON);
registerStep('OneHotEncoder', OneHotEncoder.fromJSON);

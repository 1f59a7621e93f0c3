/** The label column of a model: class names in, class ids to the model, predicted classes back to names. */
import { DataError } from '../errors.js';
import { BatchStep, isBatch, type RowBatch, type PipelineInfo, type Predictions } from './batch.js';
import { LabelEncoder, type Label } from './encoders.js';
import { requireColumn } from './frame-steps.js';
import type { Pipeline } from './pipeline.js';
import { field, registerStep, type StepJSON } from './step.js';

/**
 * Class ids of (samples × width) probabilities: p ≥ threshold for one sigmoid column, else the arg max.
 * @example classesFromProbs(Float32Array.of(0.2, 0.9), 1) // Int32Array [0, 1]
 */
export function classesFromProbs(probs: ArrayLike<number>, width: number, threshold = 0.5): Int32Array {
  const n = probs.length / width;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (width === 1) out[i] = probs[i]! >= threshold ? 1 : 0;
    else {
      let best = 0;
      for (let k = 1; k < width; k++) if (probs[i * width + k]! > probs[i * width + best]!) best = k;
      out[i] = best;
    }
  }
  return out;
}

/**
 * The classes of a classifier. In a pipeline that reads rows it encodes the label column (when the
 * rows have it) into the class id of each sample; in any pipeline it names the predicted classes.
 * Labels read from a file at predict time may be numbers where training saw strings, or the reverse:
 * they are matched by their text.
 * @example
 * const labels = new Labels({ column: 'sentiment' }).fit(rawBatch(trainFrame, 'train.csv'));
 * labels.describe().labels; // ['neg', 'pos']
 */
export class Labels extends BatchStep {
  readonly kind = 'Labels';
  readonly column: string | null;
  readonly threshold: number;
  private encoder: LabelEncoder | null;

  constructor(opts: { column?: string | null; classes?: Label[]; threshold?: number } = {}) {
    super();
    this.column = opts.column ?? null;
    this.threshold = opts.threshold ?? 0.5;
    this.encoder = opts.classes
      ? LabelEncoder.fromJSON({ kind: 'LabelEncoder', classes: opts.classes })
      : null;
  }

  /** The classes in model order. */
  get classes(): Label[] {
    if (!this.encoder?.classes) throw new DataError('Labels: not fitted; call fit() on training rows first');
    return this.encoder.classes;
  }

  /** Learns the classes from every row's label (sorted, as scikit-learn's LabelEncoder). */
  override fit(batch: RowBatch): this {
    if (!this.column) return this;
    requireColumn(batch.frame, this.column, 'label', batch.where);
    const enc = new LabelEncoder().fit(batch.frame.column(this.column) as ArrayLike<Label | null>);
    if (enc.classes!.length < 2)
      throw new DataError(
        `${batch.where}: label column '${this.column}' has only one class (${String(enc.classes![0])}); need at least two`,
      );
    this.encoder = enc;
    return this;
  }

  override transform<T>(batch: T): T {
    if (!isBatch(batch) || !this.column || !batch.frame.columns.includes(this.column)) return batch;
    const all = this.encode(batch.frame.column(this.column) as ArrayLike<Label | null>, batch.where);
    return { ...batch, ids: Int32Array.from(batch.rows, (r) => all[r]!) };
  }

  /** Class ids of raw labels, naming the first label training did not see. */
  encode(raw: ArrayLike<Label | null>, where: string): Int32Array {
    const classes = this.classes;
    const byText = new Map(classes.map((v, i) => [String(v), i]));
    return Int32Array.from(Array.from(raw), (v, i) => {
      const k = v === null ? undefined : byText.get(String(v));
      if (k === undefined)
        throw new DataError(
          `${where}: label ${JSON.stringify(v)} in row ${i + 1} was not seen in training; known: ${classes.join(', ')}`,
        );
      return k;
    });
  }

  override invert(pred: Predictions): Predictions {
    const names = this.classes.map(String);
    const classes = classesFromProbs(pred.values, pred.width, this.threshold);
    return { ...pred, classes, labels: Array.from(classes, (c) => names[c]!) };
  }

  override describe(): Partial<PipelineInfo> {
    const classes = this.classes;
    return {
      task: classes.length === 2 ? 'binary' : 'multiclass',
      labels: classes.map(String),
      labelValues: classes,
      threshold: this.threshold,
      ...(this.column ? { labelColumn: this.column } : {}),
    };
  }

  toJSON(): StepJSON {
    return { kind: this.kind, column: this.column, classes: this.classes, threshold: this.threshold };
  }

  static fromJSON(json: StepJSON): Labels {
    return new Labels({
      column: field<string | null>(json, 'column'),
      classes: field<Label[]>(json, 'classes'),
      threshold: field<number>(json, 'threshold'),
    });
  }
}

registerStep('Labels', Labels.fromJSON);

/**
 * The step of a model's preprocessing that names its outputs, if it has one.
 * @example labelStep(model.preprocessing)?.classes // ['neg', 'pos']
 */
export function labelStep(p: Pipeline | null): Labels | null {
  return (p?.steps.map(([, s]) => s).find((s) => s instanceof Labels) as Labels | undefined) ?? null;
}

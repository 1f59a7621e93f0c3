/**
 * Steps that read numeric columns of raw rows: the feature matrix of a table, its scaling, rows as
 * sequences, and windows of consecutive rows.
 */
import { DataError } from '../errors.js';
import { nanMean, type Frame } from '../frame.js';
import { formatCell } from '../table.js';
import { BatchStep, denseX, type RowBatch, type PipelineInfo, type Predictions } from './batch.js';
import { MinMaxScaler, StandardScaler } from './scalers.js';
import { field, registerStep, stepFromJSON, type StepJSON } from './step.js';

/**
 * A frame's column, with a message that lists the columns when it is not there, and names the one
 * that differs only in case or spaces (`Name` for `name`: names are matched exactly, as pandas does).
 */
export function requireColumn(frame: Frame, name: string, what: string, where: string): void {
  if (!frame.columns.includes(name)) {
    const key = (s: string): string => s.trim().toLowerCase();
    const near = frame.columns.find((c) => key(c) === key(name));
    throw new DataError(
      `${where}: ${what} column '${name}' not found${near ? ` (the input has '${near}': rename it to '${name}', names are matched exactly)` : ''}; the columns are: ${frame.columns.join(', ')}`,
    );
  }
}

/**
 * Several columns of `names` the frame lacks, in one message (a predict file without 'south' and
 * 'union' named 'south' alone, then 'union' on the next try); one is left to requireColumn, which
 * names its kind and a near name.
 */
export function requireColumns(frame: Frame, names: readonly string[], what: string, where: string): void {
  const absent = names.filter((n) => !frame.columns.includes(n));
  if (absent.length > 1)
    throw new DataError(
      `${where}: ${absent.length} ${what} columns not found: ${absent.map((n) => `'${n}'`).join(', ')}; the columns are: ${frame.columns.join(', ')}`,
    );
}

/** Checks that feature columns exist and are numeric, naming the first bad value. */
export function requireNumeric(frame: Frame, names: readonly string[], where: string): void {
  requireColumns(frame, names, 'feature', where);
  for (const name of names) {
    requireColumn(frame, name, 'feature', where);
    if (frame.dtype(name) !== 'number') {
      const col = frame.column(name);
      let i = 0;
      while (i < col.length && (col[i] === null || !Number.isNaN(Number(col[i])))) i++;
      const example =
        i < col.length ? `, e.g. ${JSON.stringify(formatCell(col[i] as never))} in row ${i + 1}` : '';
      throw new DataError(
        `${where}: feature column '${name}' is not numeric (${frame.dtype(name)}${example}); ` +
          `list only numeric columns in data.features (leaving this one out), or encode it first`,
      );
    }
  }
}

/**
 * The numeric feature columns of each row → x (rows, features), in training order.
 * @example new FeatureColumns({ features: ['x1', 'x2'] }).transform(rawBatch(frame, 'rows.csv')).x!.shape // [n, 2]
 */
export class FeatureColumns extends BatchStep {
  readonly kind = 'FeatureColumns';
  readonly features: string[];
  /** 'windows' when later steps cut windows of consecutive rows (one sample per window). */
  readonly input: 'table' | 'windows';
  /** A missing value becomes the feature's training mean (data.missing: fillMean). */
  readonly fillMissing: boolean;
  /** Fitted with fillMissing: each feature's mean over the training rows. */
  means: number[] | null;
  /** Rows of the last transform whose missing value was filled with the training mean, by feature. */
  lastFilled: Record<string, number> = {};

  constructor(opts: {
    features: string[];
    input?: 'table' | 'windows';
    fillMissing?: boolean;
    means?: number[] | null;
  }) {
    super();
    this.features = opts.features;
    this.input = opts.input ?? 'table';
    this.fillMissing = opts.fillMissing ?? false;
    this.means = opts.means ?? null;
  }

  override fit(batch: RowBatch): this {
    if (!this.fillMissing) return this;
    requireNumeric(batch.frame, this.features, batch.where);
    const end = batch.fitEnd ?? batch.frame.nRows;
    this.means = this.features.map((name) => nanMean(batch.frame.numeric(name).subarray(0, end)));
    return this;
  }

  transform(batch: RowBatch): RowBatch {
    requireNumeric(batch.frame, this.features, batch.where);
    let frame = batch.frame;
    this.lastFilled = {};
    this.means?.forEach((m, j) => {
      const name = this.features[j]!;
      const missing = frame.numeric(name).reduce((k, v) => k + (Number.isNaN(v) ? 1 : 0), 0);
      if (missing === 0) return;
      this.lastFilled[name] = missing;
      frame = frame.handleMissing({ fillValue: m }, [name]);
    });
    return { ...batch, x: frame.toMatrix(this.features) };
  }

  override describe(): Partial<PipelineInfo> {
    return {
      input: this.input,
      features: this.features,
      ...(this.fillMissing ? { fillsMissing: true } : {}),
    };
  }

  toJSON(): StepJSON {
    return {
      kind: this.kind,
      features: this.features,
      input: this.input,
      ...(this.fillMissing ? { fillMissing: true, means: this.means } : {}),
    };
  }

  static fromJSON(json: StepJSON): FeatureColumns {
    return new FeatureColumns({
      features: field<string[]>(json, 'features'),
      input: field<'table' | 'windows'>(json, 'input'),
      fillMissing: (json.fillMissing as boolean | undefined) ?? false,
      means: (json.means as number[] | undefined) ?? null,
    });
  }
}

type Scaler = MinMaxScaler | StandardScaler;

/**
 * Per-feature scaling fitted on the training rows (RowBatch.fitEnd): of the feature matrix x, or of a
 * series model's transformed series (whose predictions it scales back).
 * @example new Scale({ scaler: new MinMaxScaler(), on: 'series' })
 */
export class Scale extends BatchStep {
  readonly kind = 'Scale';
  readonly scaler: Scaler;
  readonly on: 'x' | 'series';
  /** Trailing columns of x left as they are: category ids (RowBatch.idColumns at fit time). */
  passthrough: number;

  constructor(opts: { scaler: Scaler; on?: 'x' | 'series'; passthrough?: number }) {
    super();
    this.scaler = opts.scaler;
    this.on = opts.on ?? 'x';
    this.passthrough = opts.passthrough ?? 0;
  }

  override fit(batch: RowBatch): this {
    if (this.on === 'series') {
      const s = seriesOf(batch, this.kind);
      const end = batch.fitEnd ?? s.z.length;
      this.scaler.fit({ data: Float32Array.from(s.z.subarray(s.start, end)), shape: [end - s.start, 1] });
      return this;
    }
    const x = matrixOf(batch, this.kind);
    this.passthrough = batch.idColumns ?? 0;
    const f = x.shape[1]! - this.passthrough;
    if (f === 0) return this; // every column a category id (a table of embedded categories): nothing to scale
    const end = batch.fitEnd ?? x.shape[0]!;
    this.scaler.fit({ data: this.measured(x).subarray(0, end * f), shape: [end, f] });
    return this;
  }

  /** The columns to scale: all but the trailing id columns. */
  private measured(x: { data: Float32Array; shape: number[] }): Float32Array {
    if (!this.passthrough) return x.data;
    const [n, width] = x.shape as [number, number];
    const f = width - this.passthrough;
    const out = new Float32Array(n * f);
    for (let i = 0; i < n; i++) out.set(x.data.subarray(i * width, i * width + f), i * f);
    return out;
  }

  transform(batch: RowBatch): RowBatch {
    if (this.on === 'series') {
      const s = seriesOf(batch, this.kind);
      const z = new Float64Array(s.z.length).fill(NaN);
      const tail = Float32Array.from(s.z.subarray(s.start));
      // A series shorter than the differencing lags has nothing to scale; the windows step says so.
      if (tail.length > 0)
        z.set(this.scaler.transform({ data: tail, shape: [tail.length, 1] }).data, s.start);
      return { ...batch, series: { ...s, z } };
    }
    const x = matrixOf(batch, this.kind);
    if (this.passthrough === x.shape[1]) return batch;
    if (!this.passthrough) return { ...batch, x: { data: this.scaler.transform(x).data, shape: x.shape } };
    const [n, width] = x.shape as [number, number];
    const f = width - this.passthrough;
    const scaled = this.scaler.transform({ data: this.measured(x), shape: [n, f] }).data;
    const out = Float32Array.from(x.data);
    for (let i = 0; i < n; i++) out.set(scaled.subarray(i * f, (i + 1) * f), i * width);
    return { ...batch, x: { data: out, shape: x.shape } };
  }

  override invert(pred: Predictions): Predictions {
    if (this.on !== 'series') return pred;
    const back = this.scaler.inverseTransform({
      data: Float32Array.from(pred.values),
      shape: [pred.values.length, 1],
    }).data;
    return { ...pred, values: Float64Array.from(back) };
  }

  toJSON(): StepJSON {
    return {
      kind: this.kind,
      on: this.on,
      // null: fitted on no column (every one passed through).
      scaler: this.scaler.fitted ? this.scaler.toJSON() : null,
      ...(this.passthrough ? { passthrough: this.passthrough } : {}),
    };
  }

  static fromJSON(json: StepJSON): Scale {
    return new Scale({
      scaler:
        json.scaler === null
          ? new StandardScaler()
          : (stepFromJSON(field<StepJSON>(json, 'scaler')) as Scaler),
      on: field<'x' | 'series'>(json, 'on'),
      passthrough: (json.passthrough as number | undefined) ?? 0,
    });
  }
}

function matrixOf(batch: RowBatch, kind: string): { data: Float32Array; shape: number[] } {
  const x = denseX(batch, kind);
  if (x.shape.length !== 2 || !(x.data instanceof Float32Array))
    throw new DataError(`${kind}: expects a (rows, features) float matrix from an earlier step`);
  return x as { data: Float32Array; shape: number[] };
}

function seriesOf(batch: RowBatch, kind: string): NonNullable<RowBatch['series']> {
  if (!batch.series) throw new DataError(`${kind}: expects a series from an earlier step (SeriesValues)`);
  return batch.series;
}

/**
 * Each row's features as a sequence of one-feature steps: x (rows, features) → (rows, features, 1),
 * so a recurrent layer reads a table row feature by feature.
 * @example new RowsAsSequences().transform(batch).x!.shape // [n, 10, 1]
 */
export class RowsAsSequences extends BatchStep {
  readonly kind = 'RowsAsSequences';

  transform(batch: RowBatch): RowBatch {
    const x = matrixOf(batch, this.kind);
    return { ...batch, x: { data: x.data, shape: [...x.shape, 1] } };
  }

  toJSON(): StepJSON {
    return { kind: this.kind };
  }
}

/**
 * Windows of consecutive rows: one sample per row that has `windowSize` rows up to and including it,
 * x (samples, windowSize, features); RowBatch.rows becomes each window's last row.
 * @example new FeatureWindows({ windowSize: 24 }).transform(batch).x!.shape // [n - 23, 24, features]
 */
export class FeatureWindows extends BatchStep {
  readonly kind = 'FeatureWindows';
  readonly windowSize: number;

  constructor(opts: { windowSize: number }) {
    super();
    this.windowSize = opts.windowSize;
  }

  transform(batch: RowBatch): RowBatch {
    const x = matrixOf(batch, this.kind);
    const [n, f] = x.shape as [number, number];
    const w = this.windowSize;
    if (n < w) throw new DataError(`${batch.where}: ${n} rows, but the model reads windows of ${w}`);
    const rows = Array.from({ length: n - w + 1 }, (_, i) => i + w - 1);
    const out = new Float32Array(rows.length * w * f);
    rows.forEach((t, i) => out.set(x.data.subarray((t - w + 1) * f, (t + 1) * f), i * w * f));
    return { ...batch, rows, x: { data: out, shape: [rows.length, w, f] } };
  }

  override describe(): Partial<PipelineInfo> {
    return { windowSize: this.windowSize };
  }

  toJSON(): StepJSON {
    return { kind: this.kind, windowSize: this.windowSize };
  }

  static fromJSON(json: StepJSON): FeatureWindows {
    return new FeatureWindows({ windowSize: field<number>(json, 'windowSize') });
  }
}

registerStep('FeatureColumns', FeatureColumns.fromJSON);
registerStep('Scale', Scale.fromJSON);
registerStep('RowsAsSequences', () => new RowsAsSequences());
registerStep('FeatureWindows', FeatureWindows.fromJSON);

/**
 * The contract between raw data and a model: a model's preprocessing is one fitted Pipeline of
 * BatchSteps, saved in model.json, that takes a RowBatch built from raw rows (a Frame) to model inputs,
 * and takes the model's outputs back to label names or original units. `seqlab train` builds and
 * fits it; predict, evaluate, serve, export and the report only read it.
 *
 * A new transform is one BatchStep subclass plus its registerStep call. What a step tells its
 * readers about the data (columns, labels, task, window size) it reports through describe(), and
 * pipelineInfo merges those answers, so no reader needs to know the step classes.
 */
import { DataError } from '../errors.js';
import type { Frame } from '../frame.js';
import type { DuplicateTimes, Frequency, GapFill, Resample } from '../time.js';
import { isCsr, type CsrMatrix } from '../sparse.js';
import type { ArrayWithShape } from '../types.js';
import type { CovariateValues } from './covariates.js';
import type { Label } from './encoders.js';
import type { Pipeline } from './pipeline.js';
import type { PanelPart } from './series-panel.js';
import type { Step, StepJSON } from './step.js';

/**
 * How a series model's training read and regularised its time column (data.dayFirst or the order the
 * file was read in, data.fill, data.duplicates, data.resample): forecasts from new rows do the same.
 */
export interface TimePolicy {
  fill: GapFill;
  duplicates: DuplicateTimes;
  resample?: Resample;
  /** The times were day first (`01/02/2021` = 1 February) or month first; undefined for other times. */
  dayFirst?: boolean;
  /** Times written with a UTC offset were read in this zone's local time (data.timeZone). */
  timeZone?: string;
}

/** What flows from step to step: the raw rows and what the steps have built from them so far. */
export interface RowBatch {
  /** The raw rows (table, text) or time steps (series, windows). */
  frame: Frame;
  /** Where the rows came from, for error messages ('train.csv', 'input'). */
  where: string;
  /** Sample i was made from frame row rows[i] (for windows and series: the step it ends at or predicts). */
  rows: number[];
  /** The model input built so far: dense, or sparse rows for bag-of-n-gram text vectors. */
  x: ArrayWithShape | CsrMatrix | null;
  /** Text models: the documents, cleaned. */
  texts?: string[];
  /**
   * Text models: the samples whose text has no token the vocabulary knows (empty, only punctuation or
   * emoji, another language): the model reads them as it reads an empty text, whatever they say.
   */
  unreadable?: number[];
  /** Series models: the value column in original units, and the transformed (then scaled) series z, NaN before `start`. */
  series?: { y: Float64Array; z: Float64Array; start: number };
  /** Series models with covariates: past (rows × P) and known-future (rows + future rows × F) values, standardised. */
  covariates?: CovariateValues;
  /** Tables: the last idColumns columns of x are category ids (ColumnEmbedding's input), not measurements to scale. */
  idColumns?: number;
  /** Class id of each sample, when the frame has the label column. */
  ids?: Int32Array;
  /** Multi-label models: each sample's labels, multi-hot (samples × labels), when the frame has them. */
  labelSets?: Uint8Array;
  /** Regression targets of each sample in model units, when they are known. */
  targets?: Float32Array;
  /** Steps before this index are the training part: what fit learns from (default: all rows). */
  fitEnd?: number;
  /** Panel data: each series' fitEnd, by series id. */
  fitEnds?: Record<string, number>;
  /** Panel data: each series' own batch (SeriesPanel). */
  panel?: PanelPart[];
  /** Series models: also make the window that predicts the step after the last row. */
  forecastNext?: boolean;
}

/** The model's outputs on their way back to the data's own terms. */
export interface Predictions {
  /** (samples, width) model outputs, or values in original units once a step has inverted them. */
  values: Float64Array;
  width: number;
  /** Classification: each sample's predicted class id and its label name. */
  classes?: Int32Array;
  labels?: string[];
  /** Forecasts with calibrated intervals: bounds in original units, one pair per nominal coverage. */
  intervals?: { coverage: number; lower: Float64Array; upper: Float64Array }[];
  /** Forecasts of a value that cannot go below this (0 for counts): interval bounds are raised to it too. */
  floor?: number;
}

/** What the fitted steps say about the data; each field comes from the step that owns it. */
export interface PipelineInfo {
  /** What one raw input is. */
  input: 'table' | 'text' | 'series' | 'windows';
  task: 'binary' | 'multiclass' | 'multilabel' | 'regression';
  labels?: string[];
  labelValues?: Label[];
  labelColumn?: string;
  /** Multi-label models read from several 0/1 columns: those columns (each one a label). */
  labelColumns?: string[];
  threshold?: number;
  features?: string[];
  textColumn?: string;
  /** Text models reading several columns (data.text: [title, description]): each of them. */
  textColumns?: string[];
  valueColumn?: string;
  timeColumn?: string;
  /** The columns the time column is built from (data.time: [Date, Time] or year, month, day …). */
  timeParts?: string[];
  /** Series: how training read the times, merged repeated ones and filled gaps (SeriesValues.timePolicy). */
  timePolicy?: TimePolicy;
  /** Rows one sample reads (windows, series). */
  windowSize?: number;
  /** Series: the first values a difference or seasonal difference uses up (a window starts after them). */
  differencedSteps?: number;
  /** Series models: steps forecast from each origin, how (one model output per step, or one step fed back), the time step. */
  horizon?: number;
  strategy?: 'direct' | 'recursive';
  /** Recursive models: each step reads the last window (window) or carries the recurrent state (state). */
  recursion?: 'window' | 'state';
  /** Quantile models: the quantiles each horizon step is predicted at (outputs: quantile-major tracks of horizon values). */
  quantiles?: number[];
  frequency?: Frequency | null;
  covariates?: { past: string[]; future: string[]; calendar: string[] };
  /** Panel models: the series id column and the ids the model knows. */
  seriesId?: string;
  seriesIds?: string[];
  /** Panel series left out in training (too short); forecasts skip them. */
  skippedSeries?: string[];
  /** Series models with calibrated intervals: their nominal coverages. */
  coverage?: number[];
  /** Tables: what each feature column holds (numeric, boolean, categorical, date), for request schemas. */
  columnKinds?: Record<string, string>;
  /** Numbers that stand for a missing value (data.naValues), read as blank cells. */
  naValues?: number[];
  /** Tables and windows: missing values are filled with the training means (data.missing: fillMean), so a request may leave one empty. */
  fillsMissing?: boolean;
  /** Tables: the categorical columns given as ids at the end of the row, and each one's table size. */
  embedded?: { column: string; levels: number }[];
  /** Text models: vocabulary size (the Embedding's inputDim) and the word of each index. */
  vocabulary?: number;
  decode?: (row: ArrayLike<number>) => string[];
}

/**
 * A step of a model's preprocessing. fit learns from a training RowBatch, transform returns a new
 * RowBatch (never mutating its input), invert turns predictions back (identity by default).
 */
export abstract class BatchStep implements Step<RowBatch, RowBatch> {
  abstract readonly kind: string;

  fit(batch: RowBatch): this {
    void batch;
    return this;
  }

  abstract transform(batch: RowBatch): RowBatch;

  /** Predictions of samples made from `batch` → the data's terms; identity unless the step changes outputs. */
  invert(pred: Predictions, batch: RowBatch): Predictions {
    void batch;
    return pred;
  }

  /** What this step knows about the data. */
  describe(): Partial<PipelineInfo> {
    return {};
  }

  abstract toJSON(): StepJSON;
}

/** True for a RowBatch (a step's transform may be handed other things, as Pipeline steps are). */
export function isBatch(x: unknown): x is RowBatch {
  return typeof x === 'object' && x !== null && 'frame' in x && 'rows' in x;
}

/** The batch's model input as a dense array: what windows, scalers and series readers need. */
export function denseX(batch: RowBatch, kind: string): ArrayWithShape {
  const x = batch.x;
  if (!x || isCsr(x))
    throw new DataError(
      `${kind}: expects a dense model input from an earlier step, got ${x ? 'sparse rows' : 'none'}`,
    );
  return x;
}

/** A RowBatch of raw rows, before any step. */
export function rawBatch(frame: Frame, where: string, extra: Partial<RowBatch> = {}): RowBatch {
  return { frame, where, rows: Array.from({ length: frame.nRows }, (_, i) => i), x: null, ...extra };
}

function batchSteps(p: Pipeline): BatchStep[] {
  return p.steps.map(([, s]) => s).filter((s): s is BatchStep => s instanceof BatchStep);
}

/** True when the pipeline reads raw rows: one of its steps (built by `seqlab train`) takes them from a Frame. */
export function readsRows(p: Pipeline): boolean {
  return batchSteps(p).some((s) => s.describe().input !== undefined);
}

/**
 * What a model's fitted pipeline says about its data: input kind, task, labels, columns.
 * @example pipelineInfo(model.preprocessing!).labels // ['neg', 'pos']
 */
export function pipelineInfo(p: Pipeline): PipelineInfo {
  const info: Partial<PipelineInfo> = {};
  for (const s of batchSteps(p)) Object.assign(info, s.describe());
  if (!info.input) throw new DataError('the model preprocessing has no step that reads raw rows');
  return { task: 'regression', ...info } as PipelineInfo;
}

/**
 * Model outputs (samples × width) → label names or original units, through each step's invert, last first.
 * @example const { labels } = invertPredictions(model.preprocessing!, out, batch);
 */
export function invertPredictions(p: Pipeline, out: ArrayLike<number>, batch: RowBatch): Predictions {
  const n = batch.rows.length;
  let pred: Predictions = { values: Float64Array.from(out), width: n ? out.length / n : 1 };
  for (const s of batchSteps(p).reverse()) pred = s.invert(pred, batch);
  return pred;
}

/**
 * Turning raw frames into model inputs and back, with state fitted on the training part only. The
 * fitted state is plain JSON (saved in model.json's metadata), so `seqlab predict` can apply the
 * same steps to raw CSV rows, text lines or JSONL records.
 */
import { SeqlabError } from '../errors.js';
import type { Frame } from '../data/frame.js';
import { formatCell } from '../data/table.js';
import { MinMaxScaler, StandardScaler } from '../data/preprocessing/scalers.js';
import { LabelEncoder, type Label } from '../data/preprocessing/encoders.js';
import { Tokenizer } from '../data/preprocessing/tokenizer.js';
import { padSequences } from '../data/preprocessing/pad-sequences.js';
import { stepFromJSON, type StepJSON } from '../data/preprocessing/step.js';
import type { ExperimentConfig } from './config-schema.js';
import type { Task } from '../report/run-files.js';

/** Everything `predict` needs to map raw input to the model and outputs back to names and units. */
export interface PreprocessingState {
  version: 1;
  type: 'table' | 'text' | 'series' | 'windows';
  task: Task;
  labels?: string[];
  /** The label values as read (numbers stay numbers), parallel to `labels`. */
  labelValues?: Label[];
  labelColumn?: string;
  features?: string[];
  textColumn?: string;
  timeColumn?: string;
  valueColumn?: string;
  scaler: StepJSON | null;
  rowsAsSequences?: boolean;
  text?: { mode: 'sequence' | 'multiHot'; numWords: number; maxlen?: number; padding: 'pre' | 'post'; truncating: 'pre' | 'post'; tokenizer: StepJSON };
  series?: { windowSize: number; log: boolean; difference: number; seasonalDifference: number };
  windows?: { windowSize: number; stride: number };
  threshold: number;
}

export type Arr = { data: Float32Array | Int32Array; shape: number[] };

/** A frame's column, with a message that lists the columns when it is not there. */
export function requireColumn(frame: Frame, name: string, what: string, where: string): void {
  if (!frame.columns.includes(name)) {
    throw new SeqlabError(`${where}: ${what} column '${name}' not found; the columns are: ${frame.columns.join(', ')}`);
  }
}

/** Checks that feature columns exist and are numeric, naming the first bad value. */
export function requireNumeric(frame: Frame, names: readonly string[], where: string): void {
  for (const name of names) {
    requireColumn(frame, name, 'feature', where);
    if (frame.dtype(name) !== 'number') {
      const col = frame.column(name);
      let i = 0;
      while (i < col.length && (col[i] === null || !Number.isNaN(Number(col[i])))) i++;
      const example = i < col.length ? `, e.g. ${JSON.stringify(formatCell(col[i] as never))} in row ${i + 1}` : '';
      throw new SeqlabError(
        `${where}: feature column '${name}' is not numeric (${frame.dtype(name)}${example}); ` +
          `list only numeric columns in data.features (leaving this one out), or encode it first`,
      );
    }
  }
}

/** The default feature columns: every numeric column except the label and time columns. */
export function defaultFeatures(frame: Frame, exclude: (string | undefined)[], where = 'data'): string[] {
  const candidates = frame.columns.filter((c) => !exclude.includes(c) && c.toLowerCase() !== 'no');
  // A column that is not numeric is an error here rather than silently left out: list features to skip it.
  requireNumeric(frame, candidates, where);
  return candidates;
}

/** Class ids from a label column, with the encoder fitted on `fitRows` (all rows by default). */
export function encodeLabels(frame: Frame, column: string, state: PreprocessingState, where: string): Int32Array {
  requireColumn(frame, column, 'label', where);
  const raw = frame.column(column) as ArrayLike<Label | null>;
  if (!state.labelValues) {
    const enc = new LabelEncoder().fit(raw);
    state.labelValues = enc.classes!;
    state.labels = enc.classes!.map((c) => String(c));
    state.task = state.labels.length === 2 ? 'binary' : 'multiclass';
    if (state.labels.length < 2) throw new SeqlabError(`${where}: label column '${column}' has only one class (${state.labels[0]}); need at least two`);
  }
  const enc = LabelEncoder.fromJSON({ kind: 'LabelEncoder', classes: state.labelValues });
  // Labels read from a CSV at predict time may be numbers where training saw strings or vice versa.
  const byString = new Map(state.labelValues.map((v, i) => [String(v), i]));
  try {
    return enc.transform(raw);
  } catch {
    return Int32Array.from(Array.from(raw), (v, i) => {
      const k = byString.get(String(v));
      if (k === undefined) throw new SeqlabError(`${where}: label ${JSON.stringify(v)} in row ${i + 1} was not seen in training; known: ${state.labels!.join(', ')}`);
      return k;
    });
  }
}

/** Model targets from class ids: (N, 1) 0/1 for binary, one-hot (N, K) for multiclass. */
export function targetsFor(ids: Int32Array, state: PreprocessingState): Arr {
  if (state.task === 'binary') return { data: Float32Array.from(ids), shape: [ids.length, 1] };
  const k = state.labels!.length;
  const out = new Float32Array(ids.length * k);
  ids.forEach((c, i) => (out[i * k + c] = 1));
  return { data: out, shape: [ids.length, k] };
}

function makeScaler(kind: string): MinMaxScaler | StandardScaler | null {
  return kind === 'minmax' ? new MinMaxScaler() : kind === 'standard' ? new StandardScaler() : null;
}

/** Fits the configured scaler on rows of a (rows, features) matrix. */
export function fitScaler(kind: string, matrix: Float32Array, features: number, rows: ArrayLike<number>): StepJSON | null {
  const scaler = makeScaler(kind);
  if (!scaler) return null;
  const data = new Float32Array(rows.length * features);
  for (let i = 0; i < rows.length; i++) data.set(matrix.subarray(rows[i]! * features, (rows[i]! + 1) * features), i * features);
  return scaler.fit({ data, shape: [rows.length, features] }).toJSON();
}

/** Applies a fitted scaler (or nothing) to a (rows, features) matrix. */
export function applyScaler(json: StepJSON | null, matrix: Float32Array, features: number): Float32Array {
  if (!json) return matrix;
  const scaler = stepFromJSON(json) as MinMaxScaler;
  return scaler.transform({ data: matrix, shape: [matrix.length / features, features] }).data;
}

/** Inverse of applyScaler for one column of values (the series' only feature). */
export function invertScaler(json: StepJSON | null, values: Float32Array | Float64Array): Float64Array {
  if (!json) return Float64Array.from(values);
  const scaler = stepFromJSON(json) as MinMaxScaler;
  return Float64Array.from(scaler.inverseTransform({ data: Float32Array.from(values), shape: [values.length, 1] }).data);
}

/** The numeric feature matrix (rows, features) of a frame. */
export function featureMatrix(frame: Frame, features: readonly string[]): Float32Array {
  return frame.toMatrix([...features]).data;
}

/** Table rows → model input, (N, F) or (N, F, 1). */
export function tableInput(frame: Frame, state: PreprocessingState): Arr {
  const f = state.features!.length;
  const x = applyScaler(state.scaler, featureMatrix(frame, state.features!), f);
  return { data: x, shape: state.rowsAsSequences ? [frame.nRows, f, 1] : [frame.nRows, f] };
}

/** `<br />` tags become spaces, as in the IMDB tutorials. */
export function cleanText(t: string | null): string {
  return (t ?? '').replace(/<br\s*\/?>/gi, ' ');
}

/** Fits the tokenizer on training texts. */
export function fitText(texts: string[], cfg: NonNullable<ExperimentConfig['preprocessing']['text']>): PreprocessingState['text'] {
  const tok = new Tokenizer({ numWords: cfg.numWords, lower: cfg.lower, ...(cfg.mode === 'sequence' ? { oovToken: '<OOV>' } : {}) });
  tok.fitOnTexts(texts.map(cleanText));
  return { mode: cfg.mode, numWords: cfg.numWords, ...(cfg.maxlen ? { maxlen: cfg.maxlen } : {}), padding: cfg.padding, truncating: cfg.truncating, tokenizer: tok.toJSON() };
}

const tokenizerCache = new WeakMap<object, Tokenizer>();
export function tokenizerOf(state: PreprocessingState): Tokenizer {
  const json = state.text!.tokenizer;
  let tok = tokenizerCache.get(json);
  if (!tok) {
    tok = Tokenizer.fromJSON(json);
    tokenizerCache.set(json, tok);
  }
  return tok;
}

/** Texts → padded index sequences (N, maxlen) or multi-hot vectors (N, numWords). */
export function textInput(texts: (string | null)[], state: PreprocessingState): Arr {
  const t = state.text!;
  const tok = tokenizerOf(state);
  const clean = texts.map(cleanText);
  if (t.mode === 'multiHot') return tok.textsToMatrix(clean, 'binary');
  const seqs = tok.textsToSequences(clean);
  return padSequences(seqs, { maxlen: t.maxlen ?? 200, padding: t.padding, truncating: t.truncating });
}

/** Words of a padded index row (for attention maps); padding becomes ''. */
export function decodeRow(row: ArrayLike<number>, state: PreprocessingState): string[] {
  const tok = tokenizerOf(state);
  return Array.from(row, (i) => (i === 0 ? '' : (tok.indexWord.get(i) ?? '?')));
}

/**
 * Series transforms (log, seasonal difference, difference) of a whole series; z[t] is NaN before
 * the first step where every lag exists. Inversion uses the actual earlier values (one step ahead).
 */
export function seriesTransform(y: ArrayLike<number>, s: NonNullable<PreprocessingState['series']>): { z: Float64Array; start: number } {
  const n = y.length;
  const l = Float64Array.from(y, (v) => (s.log ? Math.log(v) : v));
  if (s.log && l.some((v) => !Number.isFinite(v))) throw new SeqlabError('preprocessing.series.log: the series has values ≤ 0; the log transform needs positive values');
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

/** Undoes seriesTransform for a prediction ẑ of step t, using the actual values before t. */
export function seriesInvert(zHat: number, t: number, y: ArrayLike<number>, s: NonNullable<PreprocessingState['series']>): number {
  const l = (i: number): number => (s.log ? Math.log(y[i]!) : y[i]!);
  const p = s.seasonalDifference;
  const seasonal = (i: number): number => (p > 0 ? l(i) - l(i - p) : l(i));
  let v = zHat;
  if (s.difference > 0) v += seasonal(t - s.difference);
  if (p > 0) v += l(t - p);
  return s.log ? Math.exp(v) : v;
}

/** Windows of `w` scaled transformed values before each target step t (targets as given). */
export function seriesWindows(zScaled: Float64Array | Float32Array, targets: readonly number[], w: number): Arr {
  const x = new Float32Array(targets.length * w);
  targets.forEach((t, i) => {
    for (let k = 0; k < w; k++) x[i * w + k] = zScaled[t - w + k]!;
  });
  return { data: x, shape: [targets.length, w, 1] };
}

/** Windows of feature rows ending at each step in `ends` (inclusive), shape (N, w, F). */
export function featureWindows(matrix: Float32Array, features: number, ends: readonly number[], w: number): Arr {
  const x = new Float32Array(ends.length * w * features);
  ends.forEach((t, i) => x.set(matrix.subarray((t - w + 1) * features, (t + 1) * features), i * w * features));
  return { data: x, shape: [ends.length, w, features] };
}

/** The window end steps of a series of n rows: every `stride`-th step from w−1. */
export function windowEnds(from: number, to: number, w: number, stride: number): number[] {
  const out: number[] = [];
  for (let t = Math.max(from, w - 1); t < to; t += stride) out.push(t);
  return out;
}

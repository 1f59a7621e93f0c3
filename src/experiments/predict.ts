/** Predictions from raw input with a saved model and its saved preprocessing (predict, evaluate). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SeqlabError } from '../errors.js';
import { Frame } from '../data/frame.js';
import { readCsvText } from '../data/io/csv.js';
import { readTextFile } from '../data/io/compressed.js';
import { loadModel } from '../model/serialization.js';
import type { Sequential } from '../model/sequential.js';
import { readTable } from './data.js';
import {
  applyScaler,
  encodeLabels,
  featureMatrix,
  featureWindows,
  invertScaler,
  requireColumn,
  requireNumeric,
  seriesInvert,
  seriesTransform,
  seriesWindows,
  tableInput,
  textInput,
  windowEnds,
  type Arr,
  type PreprocessingState,
} from './preprocess.js';
import { predictArray } from './evaluate-run.js';
import { classesFromProbs, classificationScores, classProbabilities, regressionScores } from './scoring.js';

/**
 * A saved model with the preprocessing `seqlab train` stored in it.
 * @example const { model, state } = await loadTrainedModel('runs/imdb/model');
 */
export async function loadTrainedModel(dir: string): Promise<{ model: Sequential; state: PreprocessingState }> {
  const modelDir = existsSync(join(dir, 'model.json')) ? dir : existsSync(join(dir, 'model', 'model.json')) ? join(dir, 'model') : dir;
  if (!existsSync(join(modelDir, 'model.json'))) throw new SeqlabError(`${dir}: no model.json here (give a model folder or a run folder that has model/)`);
  const model = await loadModel(modelDir);
  const state = model.metadata.seqlab as PreprocessingState | undefined;
  if (!state || state.version !== 1) {
    throw new SeqlabError(`${modelDir}/model.json: no seqlab preprocessing in its metadata (it was not saved by \`seqlab train\`); use the library API to predict with it`);
  }
  return { model, state };
}

/**
 * Reads prediction input: a CSV/XLSX/JSONL file, a text file (one document per line, text models),
 * or '-' for stdin (JSONL when it starts with '{', else lines for text models, else CSV).
 */
export async function readPredictInput(input: string, state: PreprocessingState): Promise<Frame> {
  let text: string | null = null;
  let where = input;
  if (input === '-') {
    where = 'stdin';
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
  } else if (!/\.(csv|tsv|xlsx|jsonl|json|ndjson)(\.(gz|xz))?$/i.test(input)) {
    if (!existsSync(input)) throw new SeqlabError(`${input}: no such file`);
    text = await readTextFile(input);
  }
  if (text === null) return readTable(input);
  if (text.trim() === '') throw new SeqlabError(`${where}: the input is empty`);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    const records = trimmed.split(/\r?\n/).filter((l) => l.trim()).map((l, i) => {
      try {
        return JSON.parse(l) as Record<string, string | number | null>;
      } catch {
        throw new SeqlabError(`${where}, line ${i + 1}: not valid JSON`);
      }
    });
    return Frame.fromRecords(records);
  }
  if (state.type === 'text') {
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    return new Frame({ [state.textColumn ?? 'text']: lines });
  }
  return readCsvText(text, { sourceName: where });
}

/** Model input built from raw rows, with the sample index of each output row. */
function modelInput(frame: Frame, state: PreprocessingState, where: string): { x: Arr; rows: number[]; y?: Float64Array } {
  switch (state.type) {
    case 'table':
      requireNumeric(frame, state.features!, where);
      return { x: tableInput(frame, state), rows: Array.from({ length: frame.nRows }, (_, i) => i) };
    case 'text': {
      requireColumn(frame, state.textColumn!, 'text', where);
      const texts = Array.from(frame.column(state.textColumn!) as ArrayLike<unknown>, (v) => (v === null ? null : String(v)));
      return { x: textInput(texts, state), rows: texts.map((_, i) => i) };
    }
    case 'windows': {
      requireNumeric(frame, state.features!, where);
      const f = state.features!.length;
      const w = state.windows!.windowSize;
      if (frame.nRows < w) throw new SeqlabError(`${where}: ${frame.nRows} rows, but the model reads windows of ${w}`);
      const scaled = applyScaler(state.scaler, featureMatrix(frame, state.features!), f);
      const rows = windowEnds(0, frame.nRows, w, 1);
      return { x: featureWindows(scaled, f, rows, w), rows };
    }
    case 'series': {
      requireNumeric(frame, [state.valueColumn!], where);
      const y = Float64Array.from(frame.numeric(state.valueColumn!));
      const s = state.series!;
      const { z, start } = seriesTransform([...y, y[y.length - 1]!], s);
      const zs = new Float64Array(z.length).fill(NaN);
      zs.set(applyScaler(state.scaler, Float32Array.from(z.subarray(start)), 1), start);
      // One-step forecasts for every step with a full window, and for the step after the last.
      const rows = Array.from({ length: y.length + 1 - start - s.windowSize }, (_, i) => start + s.windowSize + i);
      if (rows.length <= 0) throw new SeqlabError(`${where}: ${y.length} values are too few for windows of ${s.windowSize}`);
      return { x: seriesWindows(zs, rows, s.windowSize), rows, y };
    }
  }
}

export interface PredictOutput {
  header: string[];
  rows: unknown[][];
  /** Metrics when the input has the label (or value) column. */
  metrics?: Record<string, unknown>;
}

/**
 * Predicts for raw rows: probabilities and labels in the original names, or forecasts in original units.
 * @example const { header, rows } = await predictFrame(model, state, frame);
 */
export function predictFrame(model: Sequential, state: PreprocessingState, frame: Frame, where = 'input'): PredictOutput {
  if (frame.nRows === 0) throw new SeqlabError(`${where}: no rows to predict`);
  const { x, rows, y } = modelInput(frame, state, where);
  const out = predictArray(model, x);
  if (state.task === 'regression') {
    const unscaled = invertScaler(state.scaler, out);
    const series = y!;
    const extended = [...series, NaN];
    const pred = rows.map((t, i) => seriesInvert(unscaled[i]!, t, extended, state.series!));
    const time = state.timeColumn && frame.columns.includes(state.timeColumn) ? frame.column(state.timeColumn) : null;
    const table = rows.map((t, i) => [t, time && t < time.length ? String(time[t]) : '', t < series.length ? series[t] : '', pred[i]]);
    const known = rows.map((t, i) => [t, i] as const).filter(([t]) => t < series.length);
    const metrics = known.length ? regressionScores(known.map(([t]) => series[t]!), known.map(([, i]) => pred[i]!)) : undefined;
    return { header: ['index', 'time', 'y_true', 'y_pred'], rows: table, ...(metrics ? { metrics } : {}) };
  }
  const labels = state.labels!;
  const width = out.length / rows.length;
  const pred = classesFromProbs(out, width, state.threshold);
  const probs = classProbabilities(out, width);
  const hasLabel = state.labelColumn !== undefined && frame.columns.includes(state.labelColumn);
  const truthAll = hasLabel ? encodeLabels(frame, state.labelColumn!, state, where) : null;
  const truth = truthAll ? Int32Array.from(rows, (r) => truthAll[r]!) : null;
  const table = rows.map((r, i) => [r, ...(truth ? [labels[truth[i]!]] : []), labels[pred[i]!], ...probs[i]!.map((p) => Math.round(p * 1e6) / 1e6)]);
  const header = ['index', ...(truth ? ['y_true'] : []), 'label', ...labels.map((l) => `p_${l}`)];
  const metrics = truth ? classificationScores(truth, pred, labels, width === 1 ? out : undefined) : undefined;
  return { header, rows: table, ...(metrics ? { metrics } : {}) };
}

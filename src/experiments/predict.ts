/** Predictions from raw input with a saved model and the preprocessing Pipeline saved in it (predict, evaluate). */
import { unzipped } from '../data/io/zip.js';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SeqlabError } from '../errors.js';
import { flattenJsonRecord, Frame } from '../data/frame.js';
import { formatCell } from '../data/table.js';
import { readCsvText } from '../data/io/csv.js';
import { detectCompression, notATable, readTextFile } from '../data/io/compressed.js';
import { parseFastText } from '../data/io/fasttext.js';
import { typedMixed } from '../data/io/jsonl.js';
import {
  denseX,
  invertPredictions,
  pipelineInfo,
  rawBatch,
  readsRows,
  type RowBatch,
  type PipelineInfo,
} from '../data/preprocessing/batch.js';
import type { Pipeline } from '../data/preprocessing/pipeline.js';
import { loadModel } from '../model/serialization.js';
import type { Sequential } from '../model/sequential.js';
import { readTable } from './data.js';
import { namedLikeId } from './infer.js';
import { predictArray } from './evaluate-run.js';
import { medianTrack, seriesAsTrained } from '../forecasting/forecast.js';
import { formatTime, nextTimes } from '../data/time.js';
import { classificationScores, classProbabilities, multilabelScores, regressionScores } from './scoring.js';
import { setName, setsFromProbs } from '../data/preprocessing/label-sets.js';

/** A saved model whose preprocessing reads raw rows, with what that preprocessing says about the data. */
export interface TrainedModel {
  model: Sequential;
  pipeline: Pipeline;
  info: PipelineInfo;
}

/**
 * A saved model with the preprocessing `seqlab train` stored in it.
 * @example const { model, info } = await loadTrainedModel('runs/imdb/model');
 */
export async function loadTrainedModel(dir: string): Promise<TrainedModel> {
  const modelDir = existsSync(join(dir, 'model.json'))
    ? dir
    : existsSync(join(dir, 'model', 'model.json'))
      ? join(dir, 'model')
      : dir;
  if (!existsSync(join(modelDir, 'model.json')))
    throw new SeqlabError(`${dir}: no model.json here (give a model folder or a run folder that has model/)`);
  const model = await loadModel(modelDir);
  const pipeline = model.preprocessing;
  if (!pipeline || !readsRows(pipeline)) {
    throw new SeqlabError(
      `${modelDir}/model.json: its preprocessing does not read raw rows (it was not saved by \`seqlab train\`); use the library API to predict with it`,
    );
  }
  return { model, pipeline, info: pipelineInfo(pipeline) };
}

/**
 * How to read newer rows' dates: in the order the model's training file wrote its times, where they
 * fit both (a 48-hour file of `05/12/2026 00:00` … `06/12/2026 23:00` has no day above 12 to say),
 * and in the local time of the zone it read them in (data.timeZone).
 */
export function datesAsTrained(info: PipelineInfo): { dayFirst?: boolean; timeZone?: string } {
  const { dayFirst, timeZone } = info.timePolicy ?? {};
  return {
    ...(dayFirst !== undefined ? { dayFirst } : {}),
    ...(timeZone !== undefined ? { timeZone } : {}),
  };
}

/**
 * Reads prediction input: a CSV/XLSX/JSONL file, a folder of texts (readTable), a text file (one
 * document per line, text models; in fastText's `__label__` format, labelled), or '-' for stdin
 * (JSONL when it starts with '{', else lines for text models, else CSV).
 */
export async function readPredictInput(input: string, info: PipelineInfo): Promise<Frame> {
  if (input !== '-') input = await unzipped(input);
  let text: string | null = null;
  let where = input;
  if (input === '-') {
    where = 'stdin';
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
  } else if (
    !/\.(csv|tsv|xlsx|xlsm|parquet|pq|jsonl|json|ndjson)(\.(gz|xz|bz2))?$/i.test(input) &&
    !(existsSync(input) && statSync(input).isDirectory()) // a folder of texts: readTable
  ) {
    if (!existsSync(input)) throw new SeqlabError(`${input}: no such file`);
    // Lines of text, unless the bytes say otherwise (an .xls, a pickle).
    const what = (await detectCompression(input)) === 'none' ? await notATable(input) : undefined;
    if (what) throw new SeqlabError(`${input}: ${what}`);
    text = await readTextFile(input);
  }
  if (text === null) return readTable(input, { ...datesAsTrained(info), everyRow: true });
  if (text.trim() === '') throw new SeqlabError(`${where}: the input is empty`);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    const records = trimmed
      .split(/\r?\n/)
      .filter((l) => l.trim())
      .map((l, i) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          throw new SeqlabError(`${where}, line ${i + 1}: not valid JSON`);
        }
      });
    return typedMixed(Frame.fromRecords(records.map((r) => flattenJsonRecord(r))));
  }
  if (trimmed.startsWith('__label__')) return parseFastText(text.split(/\r?\n/), where);
  if (info.input === 'text') {
    // One prediction per line, empty lines included, so output row i is input line i (only the newline
    // that ends the file starts no line).
    const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
    return new Frame({ [info.textColumn ?? 'text']: lines });
  }
  return readCsvText(text, { sourceName: where, ...datesAsTrained(info) });
}

export interface PredictOutput {
  header: string[];
  rows: unknown[][];
  /** Metrics when the input has the label (or value) column. */
  metrics?: Record<string, unknown>;
  /**
   * Text models: the output rows (positions in `rows`) whose text has no word the model knows; their
   * prediction is its answer to an empty text (unreadableTextsWarning says so).
   */
  unreadable?: number[];
}

/**
 * Predicts for raw rows: probabilities and labels in the original names, or forecasts in original units.
 * @example const { header, rows } = predictFrame(await loadTrainedModel('runs/imdb'), frame);
 */
export function predictFrame(trained: TrainedModel, frame: Frame, where = 'input'): PredictOutput {
  if (frame.nRows === 0) throw new SeqlabError(`${where}: no rows to predict`);
  const { model, pipeline, info } = trained;
  // A series' rows as training read them: gathered into periods, merged and filled (its time policy).
  if (info.input === 'series' && !info.seriesId) frame = seriesAsTrained(frame, info, where);
  const batch = pipeline.transform(
    rawBatch(frame, where, { forecastNext: info.input === 'series' }),
  ) as RowBatch;
  const rows = batch.rows;
  const notes = batch.unreadable?.length ? { unreadable: batch.unreadable } : {};
  const out = medianTrack(predictArray(model, batch.x as never), rows.length, info.quantiles);
  const pred = invertPredictions(pipeline, out, batch);
  if (info.task === 'regression' && info.input !== 'series') {
    // A table or text regression: one value per row, with the truth and the scores when the label is given.
    const label = info.labelColumn;
    const truth = label && frame.columns.includes(label) ? frame.numeric(label) : null;
    const table = rows.map((r, i) => [r, ...(truth ? [truth[r]] : []), pred.values[i]]);
    const metrics = truth
      ? regressionScores(
          rows.map((r) => truth[r]!),
          Array.from(pred.values),
        )
      : undefined;
    return {
      header: ['index', ...(truth ? ['y_true'] : []), 'y_pred'],
      rows: table,
      ...(metrics ? { metrics } : {}),
      ...notes,
    };
  }
  if (info.task === 'regression') {
    // One-step use: each origin's first forecast step (a direct multi-step model gives H per origin).
    const oneStep = (i: number): number => pred.values[i * pred.width]!;
    const series = batch.series!.y;
    const time =
      info.timeColumn && frame.columns.includes(info.timeColumn) ? frame.column(info.timeColumn) : null;
    const stamp = (v: unknown): string =>
      v instanceof Date && info.frequency
        ? formatTime(v, info.frequency, info.timePolicy?.timeZone)
        : formatCell(v as never);
    // The step after the file's last: the time after its last.
    const last = time?.[time.length - 1];
    const after = last instanceof Date && info.frequency ? nextTimes(last, info.frequency, 1)[0] : '';
    const table = rows.map((t, i) => [
      t,
      time && t < time.length ? stamp(time[t]) : stamp(after),
      t < series.length ? series[t] : '',
      oneStep(i),
    ]);
    const known = rows.map((t, i) => [t, i] as const).filter(([t]) => t < series.length);
    const metrics = known.length
      ? regressionScores(
          known.map(([t]) => series[t]!),
          known.map(([, i]) => oneStep(i)),
        )
      : undefined;
    return { header: ['index', 'time', 'y_true', 'y_pred'], rows: table, ...(metrics ? { metrics } : {}) };
  }
  const labels = info.labels!;
  const width = pred.width;
  const rounded = (p: number): number => Math.round(p * 1e6) / 1e6;
  if (info.task === 'multilabel') {
    // Each row's label set (joined with |) and every label's probability.
    const sets = batch.labelSets ?? null;
    const k = labels.length;
    const table = rows.map((r, i) => [
      r,
      ...(sets ? [setName(labels, sets, i)] : []),
      pred.labels![i],
      ...Array.from(out.subarray(i * k, (i + 1) * k), rounded),
    ]);
    const header = ['index', ...(sets ? ['y_true'] : []), 'label', ...labels.map((l) => `p_${l}`)];
    const metrics = sets
      ? multilabelScores(sets, setsFromProbs(out, info.threshold), labels, out)
      : undefined;
    return { header, rows: table, ...(metrics ? { metrics } : {}), ...notes };
  }
  const probs = classProbabilities(out, width);
  const truth = batch.ids ?? null;
  const table = rows.map((r, i) => [
    r,
    ...(truth ? [labels[truth[i]!]] : []),
    pred.labels![i],
    ...probs[i]!.map(rounded),
  ]);
  const header = ['index', ...(truth ? ['y_true'] : []), 'label', ...labels.map((l) => `p_${l}`)];
  const metrics = truth
    ? classificationScores(truth, pred.classes!, labels, width === 1 ? out : undefined)
    : undefined;
  return { header, rows: table, ...(metrics ? { metrics } : {}), ...notes };
}

/**
 * The output with input columns copied in after `index` (a Kaggle submission's PassengerId beside
 * each prediction): the named ones, or by default those named like an id (namedLikeId), for
 * predictions of rows (tables, texts).
 * @example withKeptColumns(out, frame, ['PassengerId']).header // ['index', 'PassengerId', 'label', …]
 */
export function withKeptColumns(
  out: PredictOutput,
  frame: Frame,
  info: PipelineInfo,
  keep?: string[],
): PredictOutput {
  const missing = keep?.filter((c) => !frame.columns.includes(c)) ?? [];
  if (missing.length)
    throw new SeqlabError(
      `--keep: ${missing.map((c) => `'${c}'`).join(', ')} not in the input (its columns: ${frame.columns.join(', ')})`,
    );
  const columns = keep ?? (info.input === 'series' ? [] : frame.columns.filter(namedLikeId));
  if (!columns.length) return out;
  const cells = columns.map((c) => frame.column(c));
  return {
    ...out,
    header: [out.header[0]!, ...columns, ...out.header.slice(1)],
    rows: out.rows.map((r) => [
      r[0],
      ...cells.map((col) => {
        // Numbers stay numbers (JSON Lines), dates are written as the other outputs write them.
        const v = col[r[0] as number];
        return v instanceof Date
          ? formatCell(v as never)
          : typeof v === 'number' && Number.isNaN(v)
            ? null
            : v;
      }),
      ...r.slice(1),
    ]),
  };
}

/** A text's tokens (padding left out) and the attention weight the model gave each. */
export interface TokenWeights {
  tokens: string[];
  weights: number[];
}

/**
 * One encoded text's tokens and their weights, leaving out the padding positions (decoded as '').
 * @example tokenWeights(info.decode!, [4, 9, 0], [0.7, 0.3, 0]) // { tokens: ['great', 'film'], weights: [0.7, 0.3] }
 */
export function tokenWeights(
  decode: NonNullable<PipelineInfo['decode']>,
  row: ArrayLike<number>,
  weights: ArrayLike<number>,
): TokenWeights {
  const all = decode(row);
  const keep = all.flatMap((t, k) => (t === '' ? [] : [k]));
  return { tokens: keep.map((k) => all[k]!), weights: keep.map((k) => weights[k]!) };
}

/**
 * For each raw text, its tokens and the weight the model's attention-pooling layer gave each; null for
 * models that do not read token sequences through attention pooling.
 * @example explainFrame(trained, new Frame({ text: ['great film'] }))?.[0] // { tokens: ['great', 'film'], weights: [0.8, 0.2] }
 */
export function explainFrame(trained: TrainedModel, frame: Frame, where = 'input'): TokenWeights[] | null {
  const { model, pipeline, info } = trained;
  const decode = info.decode;
  if (info.input !== 'text' || !decode || !model.layers.some((l) => l.stepAttention !== undefined))
    return null;
  if (frame.nRows === 0) throw new SeqlabError(`${where}: no rows to explain`);
  const x = denseX(pipeline.transform(rawBatch(frame, where)) as RowBatch, 'explain');
  const T = x.shape[1]!;
  const w = model.explain(x as never).weights.data;
  return Array.from({ length: x.shape[0]! }, (_, i) =>
    tokenWeights(decode, x.data.subarray(i * T, (i + 1) * T), w.subarray(i * T, (i + 1) * T)),
  );
}

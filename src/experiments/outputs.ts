/** The run folder's data files: history.csv, predictions.csv, series.json, attention.json. */
import type { Sequential } from '../model/sequential.js';
import type { AttentionSamples, SeriesPlot } from '../report/run-files.js';
import type { Evaluation } from './evaluate-run.js';
import type { Prepared } from './prepare.js';
import type { Arr } from './preprocess.js';
import { isCsr } from '../data/sparse.js';
import { classProbabilities } from './scoring.js';
import { tokenWeights } from './predict.js';
import { toCsv } from '../data/io/write-csv.js';
import { setName } from '../data/preprocessing/label-sets.js';

/**
 * history.csv: epoch, then train metrics, then val_ metrics.
 * @example historyCsv({ loss: [0.7, 0.5], val_loss: [0.8, 0.6] })
 */
export function historyCsv(history: Record<string, number[]>): string {
  const keys = Object.keys(history).sort(
    (a, b) => Number(a.startsWith('val_')) - Number(b.startsWith('val_')),
  );
  const n = Math.max(0, ...keys.map((k) => history[k]!.length));
  return toCsv(
    ['epoch', ...keys],
    Array.from({ length: n }, (_, i) => [i + 1, ...keys.map((k) => history[k]![i])]),
  );
}

/** predictions.csv per the run-file contract (train rows first, then test). */
export function predictionsCsv(prepared: Prepared, ev: Evaluation): string {
  const { info } = prepared;
  if (info.task === 'regression') {
    const time = prepared.time ?? [];
    // Panel runs: each row's series id and its step within the series.
    const panel = prepared.panel;
    const seriesOf = (t: number): [string, number] => {
      const s = [...panel!].reverse().find((p) => p.offset <= t)!;
      return [s.part.id, t - s.offset];
    };
    const rows: unknown[][] = [];
    const add = (split: string, idx: number[], truth: Float64Array, pred: ArrayLike<number>): void =>
      idx.forEach((t, i) =>
        rows.push([...(panel ? seriesOf(t) : [t]), split, time[t] ?? '', truth[i], pred[i]]),
      );
    add('train', prepared.trainRows, prepared.truthTrain!, ev.predTrain);
    add('test', prepared.testRows, prepared.truthTest!, ev.predTest);
    const index = panel ? [prepared.info.seriesId!, 'index'] : ['index'];
    return toCsv([...index, 'split', 'time', 'y_true', 'y_pred'], rows);
  }
  const labels = info.labels!;
  const rows: unknown[][] = [];
  if (info.task === 'multilabel') {
    const k = labels.length;
    const addSets = (
      split: string,
      idx: number[],
      truth: Uint8Array,
      pred: ArrayLike<number>,
      out: Float32Array,
    ) =>
      idx.forEach((r, i) =>
        rows.push([
          r,
          split,
          setName(labels, truth, i),
          setName(labels, pred, i),
          ...out.subarray(i * k, (i + 1) * k),
        ]),
      );
    addSets('train', prepared.trainRows, prepared.setsTrain!, ev.predTrain, ev.outTrain);
    addSets('test', prepared.testRows, prepared.setsTest!, ev.predTest, ev.outTest);
    return toCsv(['index', 'split', 'y_true', 'y_pred', ...labels.map((l) => `p_${l}`)], rows);
  }
  const add = (
    split: string,
    idx: number[],
    truth: Int32Array,
    pred: ArrayLike<number>,
    out: Float32Array,
  ): void => {
    const probs = classProbabilities(out, ev.width);
    idx.forEach((r, i) => rows.push([r, split, labels[truth[i]!], labels[pred[i]!], ...probs[i]!]));
  };
  add('train', prepared.trainRows, prepared.idsTrain!, ev.predTrain, ev.outTrain);
  add('test', prepared.testRows, prepared.idsTest!, ev.predTest, ev.outTest);
  return toCsv(['index', 'split', 'y_true', 'y_pred', ...labels.map((l) => `p_${l}`)], rows);
}

/** series.json: the whole series with train/test predictions and the baselines, in original units. */
export function seriesPlot(prepared: Prepared, ev: Evaluation): SeriesPlot {
  const n = prepared.series!.length;
  const place = (rows: number[], values: ArrayLike<number>): (number | null)[] => {
    const out = new Array<number | null>(n).fill(null);
    rows.forEach((t, i) => (out[t] = round(values[i]!)));
    return out;
  };
  return {
    time: prepared.time!,
    original: Array.from(prepared.series!, round),
    trainPrediction: place(prepared.trainRows, ev.predTrain),
    testPrediction: place(prepared.testRows, ev.predTest),
    baselines: Object.fromEntries(
      Object.entries(ev.baselineForecasts ?? {}).map(([k, v]) => [k, place(prepared.testRows, v)]),
    ),
  };
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

function rowsOf(x: Arr, start: number, end: number): Arr {
  const size = x.data.length / x.shape[0]!;
  return { data: x.data.slice(start * size, end * size), shape: [end - start, ...x.shape.slice(1)] } as Arr;
}

/**
 * attention.json for models with an attention-pooling layer: text samples with word weights, or
 * for tables the mean weight per feature (overall and per class). Null for other models.
 */
export function attentionSamples(
  model: Sequential,
  prepared: Prepared,
  ev: Evaluation,
  count: number,
): AttentionSamples | null {
  const xTest = prepared.xTest;
  if (!model.layers.some((l) => l.stepAttention !== undefined) || isCsr(xTest)) return null;
  const { info } = prepared;
  const labels = info.labels ?? [];
  const n = xTest.shape[0]!;
  if (n === 0) return null;
  const steps = xTest.shape[1]!;
  const decode = info.decode;
  const k = labels.length;
  const sets = info.task === 'multilabel' ? prepared.setsTest! : null;
  // The classes of test row i: its class, or every label of its set.
  const classesOf = (i: number): number[] =>
    sets
      ? labels.flatMap((_, j) => (sets[i * k + j] ? [j] : []))
      : prepared.idsTest
        ? [prepared.idsTest[i]!]
        : [];
  if (decode && xTest.data instanceof Int32Array) {
    // Pick a mix: correct and wrong predictions from both classes, the first few of each (multi-label: the first rows).
    const picks: number[] = sets ? Array.from({ length: Math.min(count, n) }, (_, i) => i) : [];
    for (const wrong of sets ? [] : [false, true]) {
      for (let c = 0; c < labels.length; c++) {
        let taken = 0;
        for (let i = 0; i < n && taken < Math.ceil(count / 4); i++) {
          if (prepared.idsTest![i] === c && (ev.predTest[i] !== c) === wrong && !picks.includes(i)) {
            picks.push(i);
            taken++;
          }
        }
      }
    }
    const chosen = picks.slice(0, count);
    const samples = chosen.map((i) => {
      const x = rowsOf(xTest, i, i + 1);
      const { tokens, weights } = tokenWeights(decode, x.data, model.explain(x).weights.data);
      if (sets) {
        const probs = ev.outTest.subarray(i * k, (i + 1) * k);
        return {
          tokens,
          weights: weights.map(round),
          label: setName(labels, sets, i),
          predicted: setName(labels, ev.predTest, i),
          probability: round(Math.max(...probs)),
        };
      }
      const pred = ev.predTest[i]!;
      const p = ev.width === 1 ? ev.outTest[i]! : ev.outTest[i * ev.width + pred]!;
      return {
        tokens,
        weights: weights.map(round),
        label: labels[prepared.idsTest![i]!]!,
        predicted: labels[pred]!,
        probability: round(p),
      };
    });
    return { kind: 'text', samples };
  }
  const sums = new Float64Array(steps);
  const byClass = labels.map(() => ({ sum: new Float64Array(steps), count: 0 }));
  for (let start = 0; start < n; start += 256) {
    const end = Math.min(n, start + 256);
    const w = model.explain(rowsOf(xTest, start, end)).weights.data;
    for (let i = 0; i < end - start; i++) {
      const of = classesOf(start + i).map((c) => byClass[c]!);
      for (const c of of) c.count++;
      for (let t = 0; t < steps; t++) {
        sums[t]! += w[i * steps + t]!;
        for (const c of of) c.sum[t]! += w[i * steps + t]!;
      }
    }
  }
  const names =
    info.features && info.features.length === steps
      ? info.features
      : Array.from({ length: steps }, (_, k) => `t${k + 1}`);
  return {
    kind: 'table',
    steps: names,
    meanWeights: Array.from(sums, (s) => round(s / n)),
    meanWeightsByClass: Object.fromEntries(
      labels.map((l, c) => [
        l,
        Array.from(byClass[c]!.sum, (s) => round(s / Math.max(1, byClass[c]!.count))),
      ]),
    ),
  };
}

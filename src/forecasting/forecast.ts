/**
 * Forecasting H steps from origins with a trained series model and its preprocessing Pipeline:
 * direct (one model output per step) or recursive (a one-step model fed its own forecasts, all
 * origins in one batch per step), inverted to original units with intervals when calibrated.
 */
import { timesFromParts } from '../data/preprocessing/time-parts.js';
import { withoutMarks } from '../data/preprocessing/missing-marks.js';
import { SeqlabError } from '../errors.js';
import { Frame } from '../data/frame.js';
import {
  denseX,
  invertPredictions,
  pipelineInfo,
  rawBatch,
  type RowBatch,
  type PipelineInfo,
  type Predictions,
} from '../data/preprocessing/batch.js';
import type { Pipeline } from '../data/preprocessing/pipeline.js';
import { groupRows } from '../data/preprocessing/series-panel.js';
import {
  fillInOrder,
  formatTime,
  nextTimes,
  parseTime,
  regularTimes,
  type DuplicateTimes,
  type GapFill,
} from '../data/time.js';

/**
 * How new rows' gaps and repeated times are read when that differs from training's data.fill and
 * data.duplicates (a model trained on a clean file, given a file with a gap): `seqlab forecast --fill`.
 */
export interface GapPolicy {
  fill?: GapFill;
  duplicates?: DuplicateTimes;
}
import type { Sequential } from '../model/sequential.js';
import { noGrad } from '../autograd/tape.js';
import { Tensor } from '../autograd/tensor.js';
import { RecurrentStepper } from '../autograd/ops/recurrent.js';
import { newFloats, uninitializedFloats } from '../autograd/ops/broadcast.js';
import { recycle } from '../autograd/buffers.js';
import type { FloatArray } from '../backend/interface.js';
import { getBackend } from '../backend/select.js';
import type { CallContext, Layer } from '../layers/layer.js';
import { RecurrentLayer } from '../layers/recurrent/rnn-base.js';

type Model = Pick<Sequential, 'predict'> & Partial<Pick<Sequential, 'layers' | 'rng'>>;

/**
 * Model-space forecasts (samples × H) for windows x (samples, w, 1): the model's outputs (direct),
 * or H one-step predictions, each window shifted left with the last forecast appended (recursive).
 * A quantile model's outputs are `tracks` quantile-major tracks: then samples × tracks × H.
 * @example modelForecasts(model, batch.x, 12, 'recursive')
 */
export function modelForecasts(
  model: Model,
  x: { data: Float32Array; shape: number[] },
  H: number,
  strategy: 'direct' | 'recursive',
  recursion: 'window' | 'state' = 'window',
  tracks = 1,
): Float32Array {
  const [n, w, channels = 1] = x.shape as [number, number, number?];
  if (strategy === 'recursive' && channels !== 1)
    throw new SeqlabError(
      'recursive forecasting reads the series alone; a model with covariates forecasts directly (forecast.strategy: direct)',
    );
  if (n === 0) return new Float32Array(0);
  if (strategy === 'direct') {
    const out = model.predict(x, { batchSize: 256 }).data as Float32Array;
    const width = out.length / n;
    const per = width / tracks;
    if (per < H)
      throw new SeqlabError(
        `the model forecasts ${per} steps per origin; it was trained for fewer than the ${H} asked (a direct model forecasts at most its training horizon; train with a longer forecast.horizon or strategy: recursive)`,
      );
    if (per === H) return out;
    // The first H steps of each track.
    return Float32Array.from(
      { length: n * tracks * H },
      (_, i) => out[Math.floor(i / H / tracks) * width + (Math.floor(i / H) % tracks) * per + (i % H)]!,
    );
  }
  if (recursion === 'state') return stateForecasts(model, x, H);
  const out = new Float32Array(n * H);
  const win = Float32Array.from(x.data);
  for (let k = 0; k < H; k++) {
    const p = model.predict({ data: win, shape: [n, w, 1] }, { batchSize: 1024 }).data;
    for (let i = 0; i < n; i++) {
      out[i * H + k] = p[i]!;
      win.copyWithin(i * w, i * w + 1, (i + 1) * w);
      win[(i + 1) * w - 1] = p[i]!;
    }
  }
  return out;
}

/**
 * Where a quantile model's tracks are: the 0.5 one (the point forecast), and each pair (q, 1 − q) as an
 * interval of coverage 1 − 2q, innermost first.
 * @example quantileLayout([0.1, 0.25, 0.5, 0.75, 0.9]) // { median: 2, intervals: [{ coverage: 0.5, lo: 1, hi: 3 }, { coverage: 0.8, lo: 0, hi: 4 }] }
 */
export function quantileLayout(quantiles: readonly number[]): {
  median: number;
  intervals: { coverage: number; lo: number; hi: number }[];
} {
  const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;
  return {
    median: quantiles.findIndex((q) => near(q, 0.5)),
    intervals: quantiles
      .map((q, lo) => ({ coverage: 1 - 2 * q, lo, hi: quantiles.findIndex((p) => near(p + q, 1)) }))
      .filter((p) => p.coverage > 0 && p.hi > p.lo)
      .reverse(),
  };
}

/**
 * The point forecast of a quantile model's raw outputs for n samples (n × Q·H, quantile-major): the
 * 0.5 track, n × H. Other models' outputs come back as they are.
 * @example medianTrack(model.predict(x).data, 2, [0.1, 0.5, 0.9]) // the middle third of each row
 */
export function medianTrack(
  out: Float32Array,
  n: number,
  quantiles: readonly number[] | undefined,
): Float32Array {
  if (!quantiles?.length || n === 0) return out;
  const m = quantileLayout(quantiles).median;
  const width = out.length / n;
  const H = width / quantiles.length;
  return Float32Array.from({ length: n * H }, (_, i) => out[Math.floor(i / H) * width + m * H + (i % H)]!);
}

/**
 * The recurrent layers and the head of a model that `recursion: state` can run: unidirectional LSTM /
 * GRU / SimpleRNN layers (every one but the last returning sequences), then Dense layers; Dropout
 * anywhere (the identity at inference). Throws naming the layers otherwise.
 */
export function stateStack(layers: readonly Layer[]): { stack: RecurrentLayer[]; head: Layer[] } {
  let last = -1;
  layers.forEach((l, i) => (last = l instanceof RecurrentLayer ? i : last));
  const stack = layers.slice(0, last + 1).filter((l) => !l.identityAtInference);
  const head = layers.slice(last + 1).filter((l) => !l.identityAtInference);
  const fits =
    last >= 0 &&
    stack.every(
      (l, i) =>
        l instanceof RecurrentLayer &&
        !l.config.goBackwards &&
        (l.config.returnSequences ?? false) === i < stack.length - 1,
    ) &&
    head.every((l) => l.className === 'Dense');
  if (!fits)
    throw new SeqlabError(
      `forecast.recursion: state needs recurrent layers (LSTM, GRU, SimpleRNN; forward, every one but the last with returnSequences) followed by Dense layers; this model is ${layers.map((l) => l.className).join(' → ')}: use recursion: window`,
    );
  return { stack: stack as RecurrentLayer[], head };
}

/**
 * Recursive forecasts that carry the recurrent state: the network reads each window once, then takes
 * its own forecast as the next step, one step per forecast (H + w steps in all, against H · w when
 * every forecast re-reads a window). For a stack of unidirectional LSTM / GRU / SimpleRNN layers
 * followed by layers of the last output (Dense, Dropout).
 */
function stateForecasts(model: Model, x: { data: Float32Array; shape: number[] }, H: number): Float32Array {
  const { stack, head } = stateStack(model.layers ?? []);
  const [n, w] = x.shape as [number, number];
  const ctx = { training: false, mask: null, rng: model.rng! };
  const folded = noGrad(() => foldedForecasts(stack, head, x, H, ctx));
  if (folded) return folded;
  const out = new Float32Array(n * H);
  noGrad(() => {
    // The window, once through each layer, leaves the states the steps start from.
    let y = new Tensor(Float32Array.from(x.data), [n, w, 1]);
    const steppers = stack.map((layer) => {
      const features = y.shape[2]!;
      const r = layer.callCarryingState(y, ctx, null);
      y = r.output;
      const call = layer.sequenceCall(new Tensor(new Float32Array(n * features), [n, 1, features]), ctx);
      return new RecurrentStepper(call.kind, call.weights, call.options, r.states, n);
    });
    const stepHead = denseHead(head, n, ctx);
    const input = new Float32Array(n);
    let h = y.data as Float32Array; // the last layer's output after the window: (n, units)
    for (let k = 0; k < H; k++) {
      if (k > 0) {
        // The last forecast is the next step's input; the states are carried in place.
        for (let b = 0; b < n; b++) input[b] = out[b * H + k - 1]!;
        h = input;
        for (const s of steppers) h = s.step(h) as Float32Array;
      }
      const p = stepHead(h);
      for (let b = 0; b < n; b++) out[b * H + k] = p[b]!;
    }
  });
  return out;
}

/**
 * The state recursion of one LSTM or SimpleRNN layer under linear Dense layers that end in one unit,
 * as ONE sequence-kernel call (null for other stacks). The head is then affine, p = h·a + c, and the
 * forecast fed back enters the gates as p·W_x = h·(a ⊗ W_x) + c·W_x: the same gates as a layer with
 * recurrent kernel W_h + a ⊗ W_x, bias b + c·W_x, and input zero. (GRU's candidate multiplies only the
 * recurrent part by the reset gate, so it does not fold.) The H − 1 steps after the window then run
 * inside one kernel call, where the stepper pays a call per step (its setup and thread hand-off): 48
 * steps for 1,000 series with LSTM(32) went from 2.27× to 1.79× the direct forecast's time
 * (`npm run bench -- backtest`). Equal to the stepper up to float rounding (forecasting.test.ts).
 */
function foldedForecasts(
  stack: readonly RecurrentLayer[],
  head: readonly Layer[],
  x: { data: Float32Array; shape: number[] },
  H: number,
  ctx: CallContext,
): Float32Array | null {
  const [n, w] = x.shape as [number, number];
  const linear = head.every(
    (l) => ((l.config as { activation?: string | null }).activation ?? 'linear') === 'linear',
  );
  if (stack.length !== 1 || !linear || (head.at(-1)?.config as { units?: number } | undefined)?.units !== 1)
    return null;
  const layer = stack[0]!;
  const window = new Tensor(Float32Array.from(x.data), [n, w, 1]);
  const call = layer.sequenceCall(window, ctx);
  if (call.kind === 'gru') return null;
  // The head as one affine map of h, composed in float64: a (U), c.
  const U = layer.config.units;
  let map = Float64Array.from({ length: U * U }, (_, i) => +(Math.floor(i / U) === i % U));
  let offset = new Float64Array(U);
  for (const dense of head) {
    const kernel = dense.weight('kernel');
    const bias = dense.optionalWeight('bias')?.data;
    const [rows, units] = kernel.shape as [number, number];
    const k = kernel.data;
    const product = (m: Float64Array, r: number) =>
      Float64Array.from({ length: r * units }, (_, i) => {
        let sum = 0;
        for (let j = 0; j < rows; j++)
          sum += m[Math.floor(i / units) * rows + j]! * k[j * units + (i % units)]!;
        return sum;
      });
    map = product(map, U);
    offset = product(offset, 1).map((v, j) => v + (bias?.[j] ?? 0));
  }
  const c = offset[0]!;
  const { kernel, recurrentKernel, bias } = call.weights;
  const G = kernel.shape[1]!;
  const wx = kernel.data; // (1, G): the one input channel's row
  const like = recurrentKernel.data as FloatArray;
  const wh = newFloats(like, U * G);
  for (let i = 0; i < U * G; i++) wh[i] = recurrentKernel.data[i]! + map[Math.floor(i / G)]! * wx[i % G]!;
  const b = newFloats(like, G);
  for (let g = 0; g < G; g++) b[g] = (bias?.data[g] ?? 0) + c * wx[g]!;
  const a = newFloats(like, U);
  a.set(map);

  const out = new Float32Array(n * H);
  const first = layer.callCarryingState(window, ctx, null);
  const p0 = newFloats(like, n);
  getBackend().gemm(n, 1, U, first.output.data as FloatArray, a, p0);
  for (let i = 0; i < n; i++) out[i * H] = p0[i]! + c;
  if (H === 1) return out;
  // The steps after the window, time-major: h of step k for series i is row (k − 1)·n + i.
  const T = H - 1;
  const stepper = new RecurrentStepper(
    call.kind,
    { kernel, recurrentKernel: new Tensor(wh, recurrentKernel.shape), bias: new Tensor(b, [G]) },
    call.options,
    first.states,
    n,
  );
  // Pooled buffers (autograd/buffers.ts): 6 MB of fresh hs alone cost 1.7 ms of page faults here.
  const zeros = newFloats(like, T * n);
  const hs = uninitializedFloats(like, T * n * U); // the kernel writes every step
  stepper.step(zeros, T, hs);
  const p = uninitializedFloats(like, T * n);
  getBackend().gemm(T * n, 1, U, hs, a, p);
  for (let i = 0; i < n; i++) for (let k = 1; k < H; k++) out[i * H + k] = p[(k - 1) * n + i]! + c;
  for (const buffer of [zeros, hs, p]) recycle(buffer);
  return out;
}

/**
 * The Dense head of a state recursion as one function of h (n, H): linear layers through the backend's
 * gemm into buffers made once (through the layers' autograd ops, the head of a 1,000-series step cost
 * 50–80 µs, for 32,000 multiply-adds), layers with an activation through their own call.
 */
function denseHead(
  head: readonly Layer[],
  n: number,
  ctx: CallContext,
): (h: Float32Array) => ArrayLike<number> {
  const steps = head.map((layer): ((h: Float32Array) => Float32Array) => {
    const activation = (layer.config as { activation?: string | null }).activation;
    if (activation && activation !== 'linear')
      return (h) => layer.call(new Tensor(h, [n, h.length / n]), ctx).data as Float32Array;
    const kernel = layer.weight('kernel');
    const bias = layer.optionalWeight('bias')?.data;
    const [features, units] = kernel.shape as [number, number];
    const y = new Float32Array(n * units);
    return (h) => {
      getBackend().gemm(n, units, features, h, kernel.data as Float32Array, y);
      if (bias) for (let i = 0; i < y.length; i++) y[i]! += bias[i % units]!;
      return y;
    };
  });
  return (h) => steps.reduce((x, step) => step(x), h);
}

/**
 * H-step forecasts in original units from the given origins (steps of the batch's rows), with
 * interval bounds when the pipeline has calibrated ones.
 * @example const pred = forecastFrom(model, pipeline, batch, [120, 121], 12); pred.values // 2 × 12
 */
export function forecastFrom(
  model: Model,
  pipeline: Pipeline,
  batch: RowBatch,
  origins: readonly number[],
  H: number,
  info: PipelineInfo = pipelineInfo(pipeline),
): Predictions {
  const x = denseX(batch, 'forecast');
  const w = x.shape.slice(1).reduce((a, b) => a * b, 1);
  const first = batch.rows[0]!;
  const data = new Float32Array(origins.length * w);
  origins.forEach((t, i) => {
    const r = t - first;
    if (r < 0 || r >= batch.rows.length || batch.rows[r] !== t)
      throw new SeqlabError(
        `no window ends before step ${t} (origins run from ${first} to ${batch.rows[batch.rows.length - 1]})`,
      );
    data.set(x.data.subarray(r * w, (r + 1) * w), i * w);
  });
  const quantiles = info.quantiles ?? [];
  const out = modelForecasts(
    model,
    { data, shape: [origins.length, ...x.shape.slice(1)] },
    H,
    info.strategy ?? 'direct',
    info.recursion ?? 'window',
    Math.max(1, quantiles.length),
  );
  const at = { ...batch, rows: [...origins] };
  if (!quantiles.length) return invertPredictions(pipeline, out, at);
  // Each quantile's track goes through the inverse transforms on its own, then the tracks are sorted per
  // step so that no two cross. Scaling, log and differences from known values are monotone, so they
  // keep a quantile a quantile; a difference over earlier forecast steps adds up each track's own
  // steps, which approximates the quantile of the sum.
  const n = origins.length;
  const Q = quantiles.length;
  const tracks = quantiles.map(
    (_, q) =>
      invertPredictions(
        pipeline,
        Float32Array.from({ length: n * H }, (_, i) => out[(Math.floor(i / H) * Q + q) * H + (i % H)]!),
        at,
      ).values,
  );
  const column = new Float64Array(Q);
  for (let i = 0; i < n * H; i++) {
    tracks.forEach((t, q) => (column[q] = t[i]!));
    column.sort();
    tracks.forEach((t, q) => (t[i] = column[q]!));
  }
  const layout = quantileLayout(quantiles);
  return {
    values: tracks[layout.median]!,
    width: H,
    intervals: layout.intervals.map((p) => ({
      coverage: p.coverage,
      lower: tracks[p.lo]!,
      upper: tracks[p.hi]!,
    })),
  };
}

/** The next H values after the data, with their timestamps. */
export interface FutureForecast {
  /** ISO 8601 timestamps (or step numbers when the model has no time column). */
  times: string[];
  forecast: Float64Array;
  intervals: { coverage: number; lower: Float64Array; upper: Float64Array }[];
  frequency: string | null;
  /** What reading the rows did that the user should know: steps filled in a gap (how many, the longest). */
  notes?: string[];
}

/**
 * Forecasts the H steps after the last row of `frame` (the series so far, in original units).
 * @example const f = forecastFuture(model, model.preprocessing!, frame, 12); f.times[0] // '1961-01-01'
 */
export function forecastFuture(
  model: Model,
  pipeline: Pipeline,
  frame: Frame,
  H?: number,
  where = 'input',
  gaps: GapPolicy = {},
): FutureForecast {
  const { info, horizon } = checkForecast(pipeline, H, where, gaps);
  if (info.seriesId)
    throw new SeqlabError(
      `${where}: this model forecasts a panel of series (by '${info.seriesId}'); use forecastPanel`,
    );
  // Too few rows for one window is said as the windows say it, before reading their times needs
  // three (filled gaps can add rows, so fewer than three only).
  const least = (info.windowSize ?? 1) + (info.differencedSteps ?? 0);
  if (frame.nRows < Math.min(3, least) && !info.timePolicy?.resample)
    throw new SeqlabError(
      `${where}: ${frame.nRows} values are too few for windows of ${info.windowSize}: give at least ${least}`,
    );
  const notes: string[] = [];
  const batch = pipeline.transform(
    rawBatch(seriesAsTrained(frame, info, where, notes), where, { forecastNext: true }),
  ) as RowBatch;
  return { ...futureOf(model, pipeline, batch, info, horizon, where), ...(notes.length ? { notes } : {}) };
}

/**
 * The rows as training saw them: repeated timestamps merged (data.duplicates) and gaps filled
 * (data.fill) as the model's SeriesValues step recorded, so that the last window holds the steps it
 * should. A model trained on an irregular time column reads its rows as given.
 */
export function seriesAsTrained(frame: Frame, info: PipelineInfo, where: string, notes?: string[]): Frame {
  // Codes for a missing value become gaps before the gaps are filled, as in training.
  if (info.naValues) frame = withoutMarks(frame, info.naValues);
  const time = info.timeColumn;
  // A time built from parts (Date and Time, year … hour) is built here, so that gaps are filled.
  if (
    time &&
    info.timeParts &&
    !frame.columns.includes(time) &&
    info.timeParts.every((p) => frame.columns.includes(p))
  )
    frame = frame.withColumn(time, timesFromParts(frame, info.timeParts, where));
  const value = info.valueColumn;
  const covariates = [...(info.covariates?.past ?? []), ...(info.covariates?.future ?? [])];
  // A series read in row order: its gaps filled where they are, as in training (no row dropped). A
  // model trained with fill: error leaves them for the check below, which names the row.
  if (!time && info.timePolicy && info.timePolicy.fill !== 'error' && value)
    return fillInOrder(frame, [value, ...covariates], info.timePolicy.fill, where);
  if (!time || !info.frequency || !info.timePolicy || !frame.columns.includes(time)) return frame;
  // Rows of the history missing the value (or a covariate) are left out, so that the gap fill makes
  // them up as training's data.missing: drop then data.fill did. Rows after the last value are the
  // steps ahead (their known-future covariates), kept as given.
  if (info.timePolicy.fill !== 'error' && value && frame.dtype(value) === 'number') {
    const y = frame.numeric(value);
    let last = y.length - 1;
    while (last >= 0 && Number.isNaN(y[last]!)) last--;
    const cols = [value, ...covariates]
      .filter((c) => frame.columns.includes(c) && frame.dtype(c) === 'number')
      .map((c) => frame.numeric(c));
    const keep = Array.from({ length: frame.nRows }, (_, i) => i).filter(
      (i) => i > last || cols.every((c) => !Number.isNaN(c[i]!)),
    );
    if (keep.length < frame.nRows && last >= 0) frame = frame.take(keep);
  }
  return regularTimes(frame, time, info.timePolicy, `${where}: time column '${time}'`, notes);
}

/**
 * Forecasts the H steps after the last row of each series of a panel model (data.seriesId): the
 * frame holds the series so far, told apart by the id column; each series is forecast from its own
 * history, in its own units.
 * @example forecastPanel(model, model.preprocessing!, frame, 12).map((f) => f.id) // ['AAPL', 'MSFT']
 */
export function forecastPanel(
  model: Model,
  pipeline: Pipeline,
  frame: Frame,
  H?: number,
  where = 'input',
  gaps: GapPolicy = {},
): (FutureForecast & { id: string })[] {
  const { info, horizon } = checkForecast(pipeline, H, where, gaps);
  if (!info.seriesId) throw new SeqlabError(`${where}: this model forecasts one series; use forecastFuture`);
  // Each series' repeated timestamps merged and gaps filled on its own, as training did.
  const notes = new Map<string, string[]>();
  const groups = [...groupRows(frame, info.seriesId, where)].map(([id, rows]) => {
    const said: string[] = [];
    notes.set(id, said);
    return seriesAsTrained(frame.take(rows), info, `${where}: series '${id}'`, said);
  });
  const batch = pipeline.transform(rawBatch(Frame.concat(groups), where, { forecastNext: true })) as RowBatch;
  return batch.panel!.map((p) => ({
    id: p.id,
    ...futureOf(model, p.pipeline, p.batch, pipelineInfo(p.pipeline), horizon, p.batch.where),
    ...(notes.get(p.id)?.length ? { notes: notes.get(p.id)! } : {}),
  }));
}

function checkForecast(
  pipeline: Pipeline,
  H: number | undefined,
  where: string,
  gaps: GapPolicy = {},
): { info: PipelineInfo; horizon: number } {
  const trained = pipelineInfo(pipeline);
  const info: PipelineInfo = trained.timePolicy
    ? { ...trained, timePolicy: { ...trained.timePolicy, ...gaps } }
    : trained;
  if (info.input !== 'series')
    throw new SeqlabError(
      `${where}: forecasting needs a series model; this one reads ${info.input} inputs (use seqlab predict)`,
    );
  const horizon = H ?? info.horizon ?? 1;
  if (!Number.isInteger(horizon) || horizon < 1)
    throw new SeqlabError(`horizon must be a positive integer, got ${H}`);
  if (info.strategy !== 'recursive' && horizon > (info.horizon ?? 1)) {
    throw new SeqlabError(
      `horizon ${horizon} is longer than the ${info.horizon ?? 1} steps this direct model was trained for; ask for at most ${info.horizon ?? 1}, or train with forecast.horizon: ${horizon} (or strategy: recursive)`,
    );
  }
  return { info, horizon };
}

/** The forecast from the origin after the last value of a transformed series batch. */
function futureOf(
  model: Model,
  pipeline: Pipeline,
  batch: RowBatch,
  info: PipelineInfo,
  horizon: number,
  where: string,
): FutureForecast {
  const n = batch.series!.y.length;
  const pred = forecastFrom(model, pipeline, batch, [n], horizon, info);
  // A missing value in the last window makes every forecast NaN: said, never written as blank cells.
  if (pred.values.some(Number.isNaN)) {
    const y = batch.series!.y;
    const from = Math.max(0, n - (info.windowSize ?? n));
    const row = y.findIndex((v, i) => i >= from && Number.isNaN(v));
    throw new SeqlabError(
      `${where}: the last ${info.windowSize ?? n} steps the forecast reads hold a missing value${row >= 0 ? ` ('${info.valueColumn}', data row ${row + 1})` : ' (in a covariate)'}; fill it in, or give the series up to a step before it`,
    );
  }
  return {
    times: futureTimes(batch.frame, info, n, horizon, where),
    forecast: pred.values,
    intervals: pred.intervals ?? [],
    frequency: info.frequency?.name ?? null,
  };
}

function futureTimes(frame: Frame, info: PipelineInfo, n: number, H: number, where: string): string[] {
  const col = info.timeColumn;
  if (!col || !frame.columns.includes(col)) return Array.from({ length: H }, (_, k) => String(n + k));
  if (!info.frequency)
    throw new SeqlabError(
      `${where}: the model could not infer the frequency of '${col}' when it was trained, so it cannot date its forecasts; fix the time column (regular steps) and retrain`,
    );
  const last = parseTime(frame.column(col)[n - 1]);
  if (!last)
    throw new SeqlabError(
      `${where}: the last row's '${col}' (${String(frame.column(col)[n - 1])}) is not a timestamp`,
    );
  return nextTimes(last, info.frequency, H).map((d) =>
    formatTime(d, info.frequency!, info.timePolicy?.timeZone),
  );
}

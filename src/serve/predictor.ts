/**
 * A saved model ready to answer prediction requests from raw inputs, as its preprocessing Pipeline
 * (model.preprocessing, the one record of it) says:
 * - a pipeline that reads raw rows (saved by `seqlab train`): texts, table rows, series or windows of
 *   rows, and predictions come back with the original label names or in original units;
 * - a pipeline of array steps saved by library code (TextVectorization, SelectColumns, …), whose
 *   Labels step, when it has one, names the outputs;
 * - no input steps: inputs are numeric arrays of the model's sample shape.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Frame, type Column } from '../data/frame.js';
import { spreadsheetDates } from '../data/io/column-types.js';
import { parseTime, restateTimeHints } from '../data/time.js';
import { utcOffsetOf, wallClock } from '../data/time-zone.js';
import { pipelineInfo, readsRows, type PipelineInfo } from '../data/preprocessing/batch.js';
import { labelStep, type Labels } from '../data/preprocessing/labels.js';
import { LABEL_JOIN } from '../data/preprocessing/label-sets.js';
import { Pipeline } from '../data/preprocessing/pipeline.js';
import { SeqlabError } from '../errors.js';
import { loadModel } from '../model/serialization.js';
import type { Sequential } from '../model/sequential.js';
import { predictFrame, type TrainedModel } from '../experiments/predict.js';
import { UNREADABLE_NOTE } from '../experiments/text-notices.js';
import {
  forecastFuture,
  forecastPanel,
  type FutureForecast,
  type GapPolicy,
} from '../forecasting/forecast.js';
import {
  arraySchema,
  DEFAULT_LIMITS,
  rowSchema,
  textSchema,
  type JsonSchema,
  type ServeLimits,
} from './schemas.js';

/** What one input must be. */
export type InputKind = 'text' | 'row' | 'series' | 'windows' | 'array';

/**
 * A text model's note on one prediction: set when the text has no word the model knows (emoji only,
 * another language), whose prediction is the model's answer to an empty text.
 */
interface Noted {
  note?: string;
}

/** The prediction for one input. */
export type Prediction =
  | ({ label: string; probabilities: Record<string, number> } & Noted)
  /** Multi-label models: every label at or above the threshold (maybe none), and each label's probability. */
  | ({ labels: string[]; probabilities: Record<string, number> } & Noted)
  | { windows: { end: number; label: string; probabilities: Record<string, number> }[] }
  | { forecast: number; fitted: number[] }
  | ({ value: number } & Noted)
  | { output: number[] };

/** A request's inputs waiting in the predictor's queue, with the predictions made so far. */
interface Queued {
  inputs: unknown[];
  /** Inputs handed to model calls so far. */
  taken: number;
  out: Prediction[];
  /** Inputs whose predictions have not come yet. */
  left: number;
  resolve(p: Prediction[]): void;
  reject(e: unknown): void;
}

/** Thrown for inputs the model cannot use (answered with 400, not 500). */
export class InputError extends SeqlabError {}

const round = (p: number): number => Math.round(p * 1e6) / 1e6;
const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * @example
 * const predictor = await Predictor.load('runs/imdb-lstm');
 * await predictor.predict(['A wonderful film.']); // [{ label: 'pos', probabilities: { neg: 0.1, pos: 0.9 } }]
 */
export class Predictor {
  private constructor(
    readonly model: Sequential,
    readonly modelDir: string,
    readonly kind: InputKind,
    readonly item: JsonSchema,
    readonly labels: string[] | null,
    readonly task: string | null,
    readonly metrics: unknown,
    readonly limits: ServeLimits,
    /** A pipeline that reads raw rows, with what it says about them. */
    private readonly trained: TrainedModel | null,
    /** Library pipelines: the array steps, and the Labels step that names the outputs. */
    private readonly arraySteps: Pipeline | null,
    private readonly namer: Labels | null,
  ) {}

  /**
   * Loads a model folder (or a run folder with model/ inside) and works out the input it expects.
   * @example const p = await Predictor.load('runs/demo', { maxBatch: 32 });
   */
  static async load(dir: string, limits: Partial<ServeLimits> = {}): Promise<Predictor> {
    const lim = { ...DEFAULT_LIMITS, ...limits };
    if (!existsSync(dir))
      throw new SeqlabError(
        `${dir}: no such model folder (give the folder with model.json, or a run folder with model/)`,
      );
    const modelDir = existsSync(join(dir, 'model.json'))
      ? dir
      : existsSync(join(dir, 'model', 'model.json'))
        ? join(dir, 'model')
        : dir;
    const model = await loadModel(modelDir);
    if (!model.inputShape)
      throw new SeqlabError(
        `${modelDir}/model.json: the model has no input shape; it cannot serve predictions`,
      );
    const metrics = await readMetrics(modelDir);
    const pipeline = model.preprocessing;
    requireLabelClasses(pipeline, modelDir);
    if (pipeline && readsRows(pipeline)) {
      const info = pipelineInfo(pipeline);
      const [kind, item] = rowsInput(info, lim);
      return new Predictor(
        model,
        modelDir,
        kind,
        item,
        info.labels ?? null,
        info.task,
        metrics,
        lim,
        { model, pipeline, info },
        null,
        null,
      );
    }
    const namer = labelStep(pipeline);
    const labels = namer ? namer.classes.map(String) : null;
    const task = labels ? (labels.length === 2 ? 'binary' : 'multiclass') : null;
    const steps = pipeline?.steps.filter(([, s]) => s !== namer) ?? [];
    if (steps.length > 0) {
      const arraySteps = new Pipeline(steps);
      const first = steps[0]![1] as { kind: string; columns?: string[] };
      let kind: InputKind = 'array';
      let item: JsonSchema = { type: 'array', minItems: 1 };
      if (first.kind === 'TextVectorization' || first.kind === 'Tokenizer')
        [kind, item] = ['text', textSchema(lim)];
      else if (first.kind === 'SelectColumns' && first.columns)
        [kind, item] = ['row', rowSchema(first.columns)];
      return new Predictor(model, modelDir, kind, item, labels, task, metrics, lim, null, arraySteps, namer);
    }
    return new Predictor(
      model,
      modelDir,
      'array',
      arraySchema(model.inputShape.slice(1)),
      labels,
      task,
      metrics,
      lim,
      null,
      null,
      namer,
    );
  }

  /** A one-line description of an input, for /model and error messages. */
  get inputDescription(): string {
    const s = this.trained?.info;
    switch (this.kind) {
      case 'text':
        return 'a text (string)';
      case 'row':
        return `a row object with the fields ${(s?.features ?? (this.item.required as string[]))
          .map((f) => `${f} (${s?.columnKinds?.[f] ?? 'numeric'})`)
          .join(', ')}`;
      case 'series':
        return `a series: an array of at least ${(s?.windowSize ?? 0) + (s?.differencedSteps ?? 0) || '?'} numbers (the column '${s?.valueColumn}')`;
      case 'windows':
        return `a sequence of at least ${s?.windowSize ?? '?'} rows with the numeric fields ${s?.features?.join(', ')}`;
      default:
        return `a numeric array of shape (${this.model
          .inputShape!.slice(1)
          .map((d) => d ?? 'any')
          .join(', ')})`;
    }
  }

  /**
   * Predicts for a batch of raw inputs. Series and windows inputs run one at a time with the event loop
   * free between them. Other inputs join one queue shared by all requests: each turn of the event loop
   * runs one model call on up to `limits.chunkSize` inputs taken in arrival order, across requests
   * (dynamic batching, as serving systems do). The loop is never held for more than one such call, so
   * the server keeps accepting connections and dropping stalled ones on time, and 50 clients sending one
   * review each share a few calls instead of 50.
   */
  async predict(inputs: unknown[]): Promise<Prediction[]> {
    if (this.kind === 'series' || this.kind === 'windows') {
      const out: Prediction[] = [];
      for (let i = 0; i < inputs.length; i++) {
        if (i > 0) await nextTick();
        out.push(...this.predictChunk([inputs[i]]));
      }
      return out;
    }
    return new Promise((resolve, reject) => {
      this.queue.push({
        inputs,
        taken: 0,
        out: new Array(inputs.length),
        left: inputs.length,
        resolve,
        reject,
      });
      this.schedule();
    });
  }

  private readonly queue: Queued[] = [];
  private scheduled = false;

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.runQueued();
      this.schedule();
    });
  }

  /** One model call on the next `chunkSize` queued inputs; each request's part gets its predictions. */
  private runQueued(): void {
    const parts: { req: Queued; from: number; to: number }[] = [];
    let n = 0;
    for (const req of this.queue) {
      const take = Math.min(this.limits.chunkSize - n, req.inputs.length - req.taken);
      if (take <= 0) continue;
      parts.push({ req, from: req.taken, to: req.taken + take });
      req.taken += take;
      n += take;
      if (n === this.limits.chunkSize) break;
    }
    const fail = (req: Queued, e: unknown): void => {
      this.queue.splice(this.queue.indexOf(req), 1);
      req.reject(e);
    };
    let results: Prediction[] | null = null;
    try {
      results = this.predictChunk(parts.flatMap((p) => p.req.inputs.slice(p.from, p.to)));
    } catch (e) {
      // One request's bad input must not fail the others: run each part alone to find whose it is.
      if (parts.length === 1) fail(parts[0]!.req, e);
    }
    let at = 0;
    for (const { req, from, to } of parts) {
      if (!this.queue.includes(req)) continue;
      let got: Prediction[];
      if (results) got = results.slice(at, at + to - from);
      else {
        try {
          got = this.predictChunk(req.inputs.slice(from, to));
        } catch (e) {
          fail(req, e);
          continue;
        }
      }
      at += to - from;
      got.forEach((g, i) => (req.out[from + i] = g));
      req.left -= to - from;
      if (req.left === 0) {
        this.queue.splice(this.queue.indexOf(req), 1);
        req.resolve(req.out);
      }
    }
  }

  private predictChunk(chunk: unknown[]): Prediction[] {
    try {
      if (this.trained) return this.predictRows(chunk, this.trained);
      if (!this.arraySteps) {
        // Inputs of different lengths (a model with a free time axis) cannot share a batch.
        const shapes = chunk.map((c) => shapeOf(c).join(','));
        if (shapes.some((s) => s !== shapes[0]) && chunk.length > 1)
          return chunk.flatMap((c) => this.predictChunk([c]));
      }
      const x = this.arraySteps
        ? this.arraySteps.transform(chunk)
        : {
            data: Float32Array.from(chunk.flat(Infinity as 1) as number[]),
            shape: [chunk.length, ...shapeOf(chunk[0])],
          };
      const y = this.model.predict(x as never, { batchSize: chunk.length });
      const width = y.size / chunk.length;
      return chunk.map((_, i) => this.interpret(Array.from(y.data.subarray(i * width, (i + 1) * width))));
    } catch (e) {
      if (e instanceof SeqlabError) throw new InputError(e.message);
      throw e;
    }
  }

  /** Turns one output row into labels and probabilities when the labels say how. */
  private interpret(values: number[]): Prediction {
    const labels = this.labels;
    if (labels && labels.length === 2 && values.length === 1) {
      const p = values[0]!;
      return {
        label: labels[p >= (this.namer?.threshold ?? 0.5) ? 1 : 0]!,
        probabilities: { [labels[0]!]: round(1 - p), [labels[1]!]: round(p) },
      };
    }
    if (labels && labels.length === values.length && values.length > 1) {
      const best = values.indexOf(Math.max(...values));
      return {
        label: labels[best]!,
        probabilities: Object.fromEntries(labels.map((l, j) => [l, round(values[j]!)])),
      };
    }
    return { output: values };
  }

  private predictRows(chunk: unknown[], trained: TrainedModel): Prediction[] {
    const info = trained.info;
    if (info.input === 'series') {
      return chunk.map((series) => {
        const { rows } = predictFrame(
          trained,
          new Frame({ [info.valueColumn!]: Float64Array.from(series as number[]) }),
          'input',
        );
        const values = rows.map((r) => Number(r[3]));
        return { forecast: values[values.length - 1]!, fitted: values.slice(0, -1) };
      });
    }
    if (info.input === 'windows') {
      return chunk.map((rows) => {
        const res = predictFrame(trained, Frame.fromRecords(rows as Record<string, number>[]), 'input');
        return {
          windows: classRows(res.header, res.rows).map((c, i) => ({ end: Number(res.rows[i]![0]), ...c })),
        };
      });
    }
    const frame =
      info.input === 'text' && !textRows(info)
        ? new Frame({ [info.textColumn ?? 'text']: chunk as string[] })
        : Frame.fromRecords(chunk as Record<string, number>[]);
    const res = predictFrame(trained, frame, 'input');
    const out: Prediction[] =
      // A table regression: the prediction in the target's own units.
      info.task === 'regression'
        ? res.rows.map((r) => ({ value: Number(r.at(-1)) }))
        : info.task === 'multilabel'
          ? classRows(res.header, res.rows).map(({ label, probabilities }) => ({
              labels: label === '' ? [] : label.split(LABEL_JOIN),
              probabilities,
            }))
          : classRows(res.header, res.rows);
    // "" is refused by the schema, but "😀🎉" or a text in another language reaches the model.
    for (const i of res.unreadable ?? []) (out[i] as Noted).note = UNREADABLE_NOTE;
    return out;
  }

  /**
   * Forecasts the steps after a series (original units), dated from `times` when the model has a time column.
   * @example await predictor.forecast([112, 118, 132], { times: ['1949-01', '1949-02', '1949-03'], horizon: 12 })
   * (panel models also take the series' id: { seriesId: 'north' })
   */
  forecast(
    series: number[],
    opts: { times?: string[]; horizon?: number; seriesId?: string } & GapPolicy = {},
  ): FutureForecast {
    const info = this.trained?.info;
    if (!this.trained || info?.input !== 'series')
      throw new InputError(
        `this model does not forecast series (its input is ${this.inputDescription}); use POST /predict`,
      );
    if (opts.times && opts.times.length !== series.length)
      throw new InputError(
        `times has ${opts.times.length} entries for ${series.length} values; give one timestamp per value`,
      );
    const columns: Record<string, Column> = {
      [info.valueColumn!]: Float64Array.from(series),
    };
    // Times as spreadsheets write them (13.01.2021) are read day or month first on all of them, in the
    // training file's order where they fit both.
    if (opts.times && info.timeColumn)
      columns[info.timeColumn] =
        spreadsheetDates(opts.times, info.timePolicy?.dayFirst)?.dates ??
        inZone(opts.times, info.timePolicy?.timeZone);
    // A panel model forecasts the series the request names, from its own history.
    if (info.seriesId && !info.seriesIds?.includes(opts.seriesId ?? ''))
      throw new InputError(
        `this model forecasts series of '${info.seriesId}': give seriesId, one of ${info.seriesIds!.join(', ')}${opts.seriesId ? ` (got '${opts.seriesId}')` : ''}`,
      );
    if (info.seriesId) columns[info.seriesId] = series.map(() => opts.seriesId!);
    const gaps: GapPolicy = {
      ...(opts.fill ? { fill: opts.fill } : {}),
      ...(opts.duplicates ? { duplicates: opts.duplicates } : {}),
    };
    try {
      const frame = new Frame(columns);
      return info.seriesId
        ? forecastPanel(this.model, this.trained.pipeline, frame, opts.horizon, 'input', gaps)[0]!
        : forecastFuture(this.model, this.trained.pipeline, frame, opts.horizon, 'input', gaps);
    } catch (e) {
      restateTimeHints(e, (key, example) => `send "${key}": "${example}"`);
      if (e instanceof SeqlabError) throw new InputError(e.message);
      throw e;
    }
  }

  /** What GET /model shows. */
  describe(): Record<string, unknown> {
    const model = this.model;
    return {
      name: model.name,
      // The folder's name only: the server's file system layout is none of a client's business.
      folder: basename(this.modelDir),
      task: this.task,
      labels: this.labels,
      inputShape: model.inputShape,
      outputShape: model.outputShape,
      params: model.countParams(),
      layers: model.layers.map((l) => ({ name: l.name, className: l.className })),
      summary: model.summary(null),
      input: { kind: this.kind, description: this.inputDescription, schema: this.item },
      request: {
        single: '{ "input": <input> }',
        batch: `{ "inputs": [<input>, …] } (at most ${this.limits.maxBatch})`,
      },
      limits: this.limits,
      metrics: this.metrics,
    };
  }
}

function rowsInput(info: PipelineInfo, lim: ServeLimits): [InputKind, JsonSchema] {
  switch (info.input) {
    case 'text': {
      // Several text columns, or columns beside the text (SideColumns): a row with each of them.
      const texts = info.textColumns ?? [info.textColumn ?? 'text'];
      return textRows(info)
        ? [
            'row',
            rowSchema([...texts, ...(info.features ?? [])], info.fillsMissing ?? false, {
              ...info.columnKinds,
              ...Object.fromEntries(texts.map((t) => [t, 'text'])),
            }),
          ]
        : ['text', textSchema(lim)];
    }
    case 'table':
      return ['row', rowSchema(info.features ?? [], info.fillsMissing ?? false, info.columnKinds)];
    case 'series':
      return [
        'series',
        {
          type: 'array',
          // A window of values, after those a difference uses up, forecasts the step after it.
          minItems: (info.windowSize ?? 1) + (info.differencedSteps ?? 0),
          maxItems: lim.maxSeriesLength,
          items: { type: 'number' },
        },
      ];
    case 'windows':
      return [
        'windows',
        {
          type: 'array',
          minItems: info.windowSize ?? 1,
          maxItems: lim.maxSeriesLength,
          items: rowSchema(info.features ?? [], info.fillsMissing ?? false),
        },
      ];
  }
}

/** Rows of predictFrame's classification table → label and probabilities by label name. */
function classRows(
  header: string[],
  rows: unknown[][],
): { label: string; probabilities: Record<string, number> }[] {
  const labelAt = header.indexOf('label');
  const probCols = header.map((h, j) => [h, j] as const).filter(([h]) => h.startsWith('p_'));
  return rows.map((r) => ({
    label: String(r[labelAt]),
    probabilities: Object.fromEntries(probCols.map(([h, j]) => [h.slice(2), Number(r[j])])),
  }));
}

function shapeOf(x: unknown): number[] {
  return Array.isArray(x) ? [x.length, ...shapeOf(x[0])] : [];
}

/** metrics.json beside the model folder (a run folder) or inside it; null when absent or unreadable. */
async function readMetrics(modelDir: string): Promise<unknown> {
  for (const path of [join(dirname(modelDir), 'metrics.json'), join(modelDir, 'metrics.json')]) {
    if (!existsSync(path)) continue;
    try {
      return JSON.parse(await readFile(path, 'utf8')) as unknown;
    } catch {
      return null;
    }
  }
  return null;
}

/** A model whose label step lost its classes (labels: null) cannot name a prediction: refused at load, not with a 500 per request. */
function requireLabelClasses(pipeline: Pipeline | null, modelDir: string): void {
  const namer = labelStep(pipeline);
  if (!namer) return;
  try {
    if (namer.classes.length >= 2) return;
  } catch {
    // not fitted: said below
  }
  throw new SeqlabError(
    `${join(modelDir, 'model.json')}: the Labels step has no classes (at least two are needed to name a prediction); ` +
      `the file is damaged or was edited — re-save the model from its run`,
  );
}

/**
 * Times sent with a UTC offset (`…T03:00:00-04:00`), read in the zone the model was trained in
 * (data.timeZone) as its reader does; the others as they are.
 */
function inZone(times: string[], zone: string | undefined): string[] {
  if (!zone) return times;
  return times.map((t) => {
    const d = utcOffsetOf(t) === undefined ? null : parseTime(t);
    return d ? wallClock(d, zone).toISOString() : t;
  });
}

/** A text model that reads rows, not strings: several text columns, or columns beside the text. */
function textRows(info: PipelineInfo): boolean {
  return Boolean(info.features?.length || info.textColumns);
}

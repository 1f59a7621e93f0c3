/**
 * Panel data: many series in one table, told apart by an id column (a store, a sensor, a symbol).
 * One global model reads windows of every series; each series has its own fitted copy of the
 * series steps (so its own scaling and transforms), saved in the model as id → Pipeline.
 */
import { DataError } from '../errors.js';
import type { Frame } from '../frame.js';
import {
  BatchStep,
  denseX,
  invertPredictions,
  type PipelineInfo,
  type Predictions,
  type RowBatch,
} from './batch.js';
import { Pipeline, type PipelineJSON } from './pipeline.js';
import { field, registerStep, type StepJSON } from './step.js';

/** One series of a panel batch: its id, its rows of the frame, and its steps' output. */
export interface PanelPart {
  id: string;
  /** Frame row of each step of the series, in time order. */
  frameRows: number[];
  /** The series' own pipeline's transform of its rows (rows are steps of the series). */
  batch: RowBatch;
  pipeline: Pipeline;
  /** Samples [first, first + batch.rows.length) of the panel batch are this series'. */
  first: number;
}

/**
 * The series id of each row: the id column's values, or, for an id joined from several columns
 * (data.seriesId: [store_nbr, family] names it `store_nbr/family`) that the frame does not hold, those
 * columns' values joined by `/`. Undefined when neither is there.
 * @example seriesIdValues(sales, 'store_nbr/family') // ['1/AUTOMOTIVE', '1/BEVERAGES', …]
 */
export function seriesIdValues(frame: Frame, idColumn: string): ArrayLike<unknown> | undefined {
  if (frame.columns.includes(idColumn)) return frame.column(idColumn) as ArrayLike<unknown>;
  const parts = idColumn.split('/');
  if (parts.length < 2 || !parts.every((p) => frame.columns.includes(p))) return undefined;
  const cols = parts.map((p) => frame.column(p) as ArrayLike<unknown>);
  const blank = (v: unknown): boolean => v === null || v === undefined || v === '' || Number.isNaN(v);
  return Array.from({ length: frame.nRows }, (_, i) =>
    cols.some((c) => blank(c[i])) ? null : cols.map((c) => String(c[i])).join('/'),
  );
}

/** The frame with its joined series id as a column (seriesIdValues), when it lacks one. */
export function withSeriesId(frame: Frame, idColumn: string): Frame {
  if (frame.columns.includes(idColumn)) return frame;
  const ids = seriesIdValues(frame, idColumn);
  return ids ? frame.withColumn(idColumn, Array.from(ids) as (string | null)[]) : frame;
}

/**
 * The rows of each id, in order of first appearance.
 * @example groupRows(frame, 'store') // Map { 'a' => [0, 2], 'b' => [1, 3] }
 */
export function groupRows(frame: Frame, idColumn: string, where: string): Map<string, number[]> {
  const ids = seriesIdValues(frame, idColumn);
  if (!ids)
    throw new DataError(
      `${where}: no series id column '${idColumn}' (data.seriesId); columns: ${frame.columns.join(', ')}`,
    );
  const groups = new Map<string, number[]>();
  for (let i = 0; i < frame.nRows; i++) {
    const v = ids[i];
    if (v === null || v === undefined || v === '')
      throw new DataError(`${where}: row ${i + 1} has no series id ('${idColumn}' is empty)`);
    const id = String(v);
    const rows = groups.get(id);
    if (rows) rows.push(i);
    else groups.set(id, [i]);
  }
  return groups;
}

/**
 * Wraps the series steps (values, scaling, covariates, windows) so that each series of the panel is
 * fitted and transformed on its own; the samples of all series are concatenated, series after
 * series. Series too short for one window are an error, or skipped with a warning when
 * `shortSeries: 'skip'`.
 * @example new SeriesPanel({ idColumn: 'store', steps: new Pipeline([['values', values], ['windows', windows]]) })
 */
export class SeriesPanel extends BatchStep {
  readonly kind = 'SeriesPanel';
  readonly idColumn: string;
  readonly shortSeries: 'error' | 'skip';
  /**
   * The steps every series gets a copy of: given unfitted, then kept as the first fitted series' JSON
   * (fit learns everything again, so a fitted copy is as good a template, and unfitted scalers have no JSON).
   */
  private template: PipelineJSON | null = null;
  private unfitted: Pipeline | null;
  /** Fitted pipelines by series id (fit order). */
  readonly series = new Map<string, Pipeline>();
  /** Series left out in fit, with why. */
  skipped: { id: string; reason: string }[] = [];

  constructor(opts: {
    idColumn: string;
    steps: Pipeline;
    shortSeries?: 'error' | 'skip';
    series?: Map<string, Pipeline>;
    skipped?: { id: string; reason: string }[];
  }) {
    super();
    this.idColumn = opts.idColumn;
    this.unfitted = opts.steps;
    const first = opts.series?.values().next().value;
    // A loaded model's series carry their calibrated intervals first; a template refits without them.
    if (first)
      this.template = {
        kind: 'Pipeline',
        steps: (first.toJSON() as PipelineJSON).steps.filter((s) => s.step.kind !== 'ForecastIntervals'),
      };
    this.shortSeries = opts.shortSeries ?? 'error';
    for (const [id, p] of opts.series ?? []) this.series.set(id, p);
    this.skipped = opts.skipped ?? [];
  }

  /** The series ids the model knows. */
  get ids(): string[] {
    return [...this.series.keys()];
  }

  /** Fits a fresh copy of the steps on each series' training steps (RowBatch.fitEnds, default all). */
  override fit(batch: RowBatch): this {
    this.series.clear();
    const groups = groupRows(batch.frame, this.idColumn, batch.where);
    // Series left out before fit (too short for the run's split) stay known as skipped.
    this.skipped = this.skipped.filter((s) => !groups.has(s.id));
    for (const [id, rows] of groups) {
      const pipeline = this.template ? Pipeline.fromJSON(this.template) : this.unfitted!;
      const fitEnd = batch.fitEnds?.[id] ?? rows.length;
      try {
        pipeline.fit(this.partBatch(batch, id, rows, { fitEnd }));
      } catch (e) {
        if (this.shortSeries === 'error' || !(e instanceof DataError)) throw this.named(e, id);
        this.skipped.push({ id, reason: (e as Error).message });
        continue;
      }
      this.series.set(id, pipeline);
      if (!this.template) this.template = JSON.parse(JSON.stringify(pipeline.toJSON())) as PipelineJSON;
    }
    if (this.series.size === 0)
      throw new DataError(
        `${batch.where}: no series of '${this.idColumn}' is long enough to train on: ${this.skipped.map((s) => s.reason).join('; ')}`,
      );
    return this;
  }

  transform(batch: RowBatch): RowBatch {
    const groups = groupRows(batch.frame, this.idColumn, batch.where);
    const unknown = [...groups.keys()].filter((id) => !this.series.has(id) && !this.isSkipped(id));
    if (unknown.length)
      throw new DataError(
        `${batch.where}: series ${unknown.map((u) => `'${u}'`).join(', ')} of '${this.idColumn}' were not in the training data; the model knows ${this.ids.join(', ')}`,
      );
    const panel: PanelPart[] = [];
    let first = 0;
    let skipped: { id: string; error: unknown } | undefined;
    for (const [id, rows] of groups) {
      const pipeline = this.series.get(id);
      if (!pipeline) continue;
      let part: RowBatch;
      try {
        part = pipeline.transform(this.partBatch(batch, id, rows, {})) as RowBatch;
      } catch (e) {
        if (this.shortSeries === 'skip' && e instanceof DataError) {
          skipped ??= { id, error: e };
          continue;
        }
        throw this.named(e, id);
      }
      panel.push({ id, frameRows: rows, batch: part, pipeline, first });
      first += part.rows.length;
    }
    // Every series left out: the first one's reason (a missing future covariate, too few rows).
    if (panel.length === 0)
      throw skipped
        ? this.named(skipped.error, skipped.id)
        : new DataError(`${batch.where}: no series to forecast`);
    const x0 = denseX(panel[0]!.batch, 'SeriesPanel');
    const sample = x0.shape.slice(1);
    const size = sample.reduce((a, b) => a * b, 1);
    const x = new Float32Array(first * size);
    for (const p of panel) x.set(denseX(p.batch, 'SeriesPanel').data as Float32Array, p.first * size);
    const withTargets = panel.every((p) => p.batch.targets);
    const W = withTargets ? panel[0]!.batch.targets!.length / Math.max(panel[0]!.batch.rows.length, 1) : 0;
    const targets = withTargets ? concat(panel.map((p) => p.batch.targets!)) : undefined;
    return {
      ...batch,
      // Targets exist for samples whose W steps are known; with forecastNext the last sample of each
      // series has none, so concatenated targets would not line up: leave them to the parts.
      ...(targets && (!batch.forecastNext || W === 0) ? { targets } : {}),
      rows: panel.flatMap((p) => p.batch.rows.map((t) => p.frameRows[t] ?? -1)),
      x: { data: x, shape: [first, ...sample] },
      panel,
    };
  }

  /** Each series' predictions through its own steps' invert. */
  override invert(pred: Predictions, batch: RowBatch): Predictions {
    const panel = batch.panel;
    if (!panel) throw new DataError('SeriesPanel.invert: the batch has no panel; transform it first');
    const W = pred.width;
    const parts = panel.map((p) =>
      invertPredictions(
        p.pipeline,
        pred.values.subarray(p.first * W, (p.first + p.batch.rows.length) * W),
        p.batch,
      ),
    );
    return { values: concat(parts.map((p) => p.values)), width: W };
  }

  override describe(): Partial<PipelineInfo> {
    const first = this.series.values().next().value ?? this.unfitted!;
    const info: Partial<PipelineInfo> = {};
    for (const [, s] of first.steps) if (s instanceof BatchStep) Object.assign(info, s.describe());
    return {
      ...info,
      seriesId: this.idColumn,
      seriesIds: this.ids,
      skippedSeries: this.skipped.map((s) => s.id),
    };
  }

  toJSON(): StepJSON {
    return {
      kind: this.kind,
      idColumn: this.idColumn,
      shortSeries: this.shortSeries,
      series: [...this.series].map(([id, p]) => ({ id, pipeline: p.toJSON() })),
      skipped: this.skipped,
    };
  }

  static fromJSON(json: StepJSON): SeriesPanel {
    const series = field<{ id: string; pipeline: PipelineJSON }[]>(json, 'series');
    return new SeriesPanel({
      idColumn: field<string>(json, 'idColumn'),
      shortSeries: (json.shortSeries as 'error' | 'skip' | undefined) ?? 'error',
      steps: Pipeline.fromJSON(series[0]!.pipeline),
      series: new Map(series.map((s) => [s.id, Pipeline.fromJSON(s.pipeline)])),
      skipped: (json.skipped as { id: string; reason: string }[] | undefined) ?? [],
    });
  }

  private isSkipped(id: string): boolean {
    return this.skipped.some((s) => s.id === id);
  }

  private partBatch(batch: RowBatch, id: string, rows: number[], extra: Partial<RowBatch>): RowBatch {
    const frame = batch.frame.take(rows);
    return {
      frame,
      where: `${batch.where}, series '${id}'`,
      rows: Array.from({ length: frame.nRows }, (_, i) => i),
      x: null,
      ...(batch.forecastNext ? { forecastNext: true } : {}),
      ...extra,
    };
  }

  private named(e: unknown, id: string): Error {
    if (!(e instanceof DataError) || e.message.includes(`series '${id}'`)) return e as Error;
    return new DataError(`series '${id}' of '${this.idColumn}': ${e.message}`);
  }
}

/** The parts one after another, in a new array of the first's type. */
function concat<T extends Float32Array | Float64Array>(parts: T[]): T {
  const out = new (parts[0]!.constructor as new (n: number) => T)(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

registerStep('SeriesPanel', SeriesPanel.fromJSON);

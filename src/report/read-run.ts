import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { SeqlabError } from '../errors.js';
import type { AttentionSamples, DataSummary, ForecastFile, RunMetrics, SeriesPlot } from './run-files.js';
import type { HistoryColumns } from './charts/training.js';

/** A CSV file as columns of strings, in header order. */
export interface CsvColumns {
  columns: string[];
  rows: Record<string, string>[];
}

/** Everything the report can use from a run folder; a file that is absent is undefined. */
export interface RunData {
  dir: string;
  metrics?: RunMetrics;
  history?: HistoryColumns;
  predictions?: CsvColumns;
  data?: DataSummary;
  series?: SeriesPlot;
  forecast?: ForecastFile;
  attention?: AttentionSamples;
  /** config.yaml as written (shown verbatim). */
  config?: string;
  /** model/model.json, parsed (only checked to be a JSON object). */
  model?: Record<string, unknown>;
}

const num = z
  .number()
  .or(z.null())
  .transform((v) => (v === null ? NaN : v));
const numOrNull = z.number().nullable();

const metricsSchema = z.looseObject({
  task: z.enum(['binary', 'multiclass', 'multilabel', 'regression']),
  test: z.record(z.string(), z.unknown()),
  train: z.record(z.string(), z.unknown()),
  baselines: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  labels: z.array(z.string()).optional(),
  epochs: z.number(),
  bestEpoch: z.number().optional(),
  refit: z.looseObject({ epochs: z.number() }).optional(),
  cv: z.record(z.string(), z.looseObject({ mean: num, sd: num, folds: z.array(num) })).optional(),
  monitor: z.string().optional(),
  trainSeconds: z.number(),
  seqlabVersion: z.string(),
  backend: z.looseObject({ name: z.string(), cpuFeatures: z.string(), threads: z.number() }).optional(),
  modelSummary: z.string().optional(),
  layers: z
    .array(
      z.looseObject({ name: z.string(), className: z.string(), outputShape: z.string(), params: z.number() }),
    )
    .optional(),
  name: z.string().optional(),
  data: z.string().optional(),
});

export const dataSummarySchema = z.looseObject({
  rows: z.number(),
  columns: z.array(z.string()),
  head: z.array(z.array(z.string())),
  info: z.array(
    z.looseObject({ column: z.string(), dtype: z.string(), nonNull: z.number(), missing: z.number() }),
  ),
  describe: z.array(
    z.looseObject({
      column: z.string(),
      count: num,
      mean: num,
      std: num,
      min: num,
      q25: num,
      q50: num,
      q75: num,
      max: num,
    }),
  ),
  label: z
    .looseObject({
      column: z.string(),
      counts: z.record(z.string(), z.number()),
      perRow: z.boolean().optional(),
    })
    .optional(),
  featureByClass: z
    .array(z.looseObject({ feature: z.string(), byClass: z.record(z.string(), z.array(num)) }))
    .optional(),
  correlation: z.looseObject({ columns: z.array(z.string()), matrix: z.array(z.array(num)) }).optional(),
  textSamples: z.array(z.looseObject({ text: z.string(), label: z.string() })).optional(),
  lengths: z.array(z.number()).optional(),
});

const seriesSchema = z.looseObject({
  time: z.array(z.union([z.string(), z.number()]).transform(String)),
  original: z.array(num),
  trainPrediction: z.array(numOrNull),
  testPrediction: z.array(numOrNull),
  baselines: z.record(z.string(), z.array(numOrNull)).optional(),
});

const scoreRow = z.looseObject({ mae: num, rmse: num, smape: num, mase: num });
const forecastSchema = z.looseObject({
  horizon: z.number(),
  strategy: z.string(),
  verdict: z.string(),
  time: z.array(z.union([z.string(), z.number()]).transform(String)),
  series: z.array(num),
  trainEnd: z.number(),
  retrain: z.union([z.literal('never'), z.number()]).default('never'),
  trainLength: z.number().optional(),
  quantiles: z.array(z.number()).optional(),
  origins: z.array(z.looseObject({ origin: z.number(), forecast: z.array(num) })),
  byStep: z.record(z.string(), z.array(scoreRow)),
  overall: z.record(z.string(), scoreRow),
  coverage: z.array(
    z.looseObject({
      nominal: z.number(),
      empirical: num,
      calibrationOrigins: z.number(),
      heldOutOrigins: z.number(),
    }),
  ),
  exactIntervals: z.boolean(),
  intervalNote: z.string().optional(),
  future: z
    .looseObject({
      times: z.array(z.string()),
      forecast: z.array(num),
      intervals: z.array(z.looseObject({ coverage: z.number(), lower: z.array(num), upper: z.array(num) })),
      frequency: z.string().nullable(),
    })
    .optional(),
  futureNote: z.string().optional(),
});

const attentionSchema = z.looseObject({
  kind: z.enum(['text', 'table']),
  samples: z
    .array(
      z.looseObject({
        tokens: z.array(z.string()),
        weights: z.array(z.number()),
        label: z.string(),
        predicted: z.string(),
        probability: z.number(),
      }),
    )
    .optional(),
  steps: z.array(z.string()).optional(),
  meanWeights: z.array(z.number()).optional(),
  meanWeightsByClass: z.record(z.string(), z.array(z.number())).optional(),
});

function damaged(file: string, problem: string): SeqlabError {
  return new SeqlabError(
    `${file} is damaged: ${problem}. Rerun \`seqlab train\` to rewrite the run folder, or remove the file to leave its section out of the report.`,
  );
}

function readText(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new SeqlabError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

/** Parses and validates a JSON file; undefined when it does not exist. */
export function readJsonFile<T>(path: string, schema: z.ZodType<T>): T | undefined {
  const text = readText(path);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw damaged(path, `not valid JSON (${(e as Error).message})`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length > 0 ? `at "${issue.path.join('.')}"` : 'at the top level';
    throw damaged(path, `${where}: ${issue.message}`);
  }
  return result.data;
}

/** Reads a CSV with a header line; undefined when it does not exist. */
export function readCsvFile(path: string): CsvColumns | undefined {
  const text = readText(path);
  if (text === undefined) return undefined;
  try {
    const rows = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<
      string,
      string
    >[];
    const header = text.split(/\r?\n/, 1)[0] ?? '';
    const columns = rows.length > 0 ? Object.keys(rows[0]!) : header.split(',').map((c) => c.trim());
    return { columns, rows };
  } catch (e) {
    throw damaged(path, (e as Error).message);
  }
}

function readHistory(path: string): HistoryColumns | undefined {
  const csv = readCsvFile(path);
  if (!csv) return undefined;
  const history: HistoryColumns = {};
  for (const column of csv.columns) {
    history[column] = csv.rows.map((row, i) => {
      const cell = row[column] ?? '';
      const v = cell === '' || /^nan$/i.test(cell) ? NaN : Number(cell);
      if (Number.isNaN(v) && cell !== '' && !/^nan$/i.test(cell))
        throw damaged(path, `line ${i + 2}, column "${column}": "${cell}" is not a number`);
      return v;
    });
  }
  return history;
}

/**
 * Reads every file of a run folder that exists, validating each (see run-files.ts).
 * A missing file is left undefined; a damaged one throws a SeqlabError naming it.
 * @example
 * const run = readRun('runs/imdb-lstm');
 * run.metrics?.test.accuracy;
 */
export function readRun(dir: string): RunData {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new SeqlabError(
      `run folder ${dir} does not exist; pass the --out folder of a \`seqlab train\` run`,
    );
  }
  const at = (name: string): string => join(dir, name);
  const run: RunData = {
    dir,
    metrics: readJsonFile(at('metrics.json'), metricsSchema) as RunMetrics | undefined,
    history: readHistory(at('history.csv')),
    predictions: readCsvFile(at('predictions.csv')),
    data: readJsonFile(at('data.json'), dataSummarySchema) as DataSummary | undefined,
    series: readJsonFile(at('series.json'), seriesSchema) as SeriesPlot | undefined,
    forecast: readJsonFile(at('forecast.json'), forecastSchema) as ForecastFile | undefined,
    attention: readJsonFile(at('attention.json'), attentionSchema) as AttentionSamples | undefined,
    config: readText(at('config.yaml')),
    model: readJsonFile(join(dir, 'model', 'model.json'), z.record(z.string(), z.unknown())),
  };
  if (run.predictions && !['y_true', 'y_pred'].every((c) => run.predictions!.columns.includes(c))) {
    throw damaged(
      at('predictions.csv'),
      `expected columns y_true and y_pred, found ${run.predictions.columns.join(', ')}`,
    );
  }
  return run;
}

/** Loading an experiment's data from a file or a builtin source into Frames. */
import { existsSync, statSync } from 'node:fs';
import { SeqlabError } from '../errors.js';
import { Frame } from '../data/frame.js';
import { readCsv } from '../data/io/csv.js';
import { readXlsx } from '../data/io/xlsx.js';
import { readJsonl } from '../data/io/jsonl.js';
import { loadImdbRaw } from '../data/datasets/imdb.js';
import { makeClassification, type MakeClassificationOptions } from '../data/datasets/make-classification.js';
import { loadBreastCancer } from '../data/datasets/sklearn.js';
import { loadDemo, type DemoName } from '../data/datasets/demo.js';
import { permutation } from '../data/random.js';
import type { ExperimentConfig } from './config-schema.js';

/** The data of one experiment: all rows, or train and test when the source has its own test set. */
export interface LoadedData {
  frame: Frame;
  /** A test set given by the source (IMDB's official split); else the runner splits `frame`. */
  testFrame?: Frame;
  /** Where it came from, for the report's title. */
  source: string;
}

/**
 * Reads a table file by its extension (.csv, .tsv, .xlsx, .jsonl, .json; .gz/.xz compressed).
 * @example const df = await readTable('data/airline-passengers.csv');
 */
export async function readTable(path: string, maxRows?: number): Promise<Frame> {
  if (!existsSync(path)) throw new SeqlabError(`${path}: no such file`);
  if (statSync(path).isDirectory())
    throw new SeqlabError(`${path}: is a folder; expected a CSV, XLSX or JSONL file`);
  if (statSync(path).size === 0) throw new SeqlabError(`${path}: the file is empty`);
  const base = path.toLowerCase().replace(/\.(gz|xz)$/, '');
  let frame: Frame;
  if (base.endsWith('.xlsx')) frame = await readXlsx(path);
  else if (base.endsWith('.jsonl') || base.endsWith('.json') || base.endsWith('.ndjson'))
    frame = await readJsonl(path);
  else frame = await readCsv(path, maxRows === undefined ? {} : { maxRows });
  if (frame.nRows === 0) throw new SeqlabError(`${path}: the file has a header but no data rows`);
  return maxRows !== undefined && frame.nRows > maxRows ? frame.head(maxRows) : frame;
}

/** A seeded sample of at most n rows (keeps the order of a sorted file from biasing a quick run). */
function sampleRows(frame: Frame, n: number | undefined, seed: number): Frame {
  if (n === undefined || frame.nRows <= n) return frame;
  const idx = permutation(frame.nRows, seed).slice(0, n);
  return frame.take(idx);
}

function tableFrame(
  x: { data: ArrayLike<number>; shape: readonly number[] },
  y: ArrayLike<number>,
  names?: string[],
): Frame {
  const [n, f] = [x.shape[0]!, x.shape[1]!];
  const cols: Record<string, Float64Array> = {};
  for (let j = 0; j < f; j++) {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = x.data[i * f + j]!;
    cols[names?.[j] ?? `x${j + 1}`] = c;
  }
  cols.y = Float64Array.from(y);
  return new Frame(cols);
}

/**
 * Loads the data an experiment config names.
 * @example const { frame } = await loadExperimentData(config);
 */
export async function loadExperimentData(config: ExperimentConfig): Promise<LoadedData> {
  const { source, maxRows, options = {}, split } = config.data;
  switch (source) {
    case 'imdb': {
      const raw = await loadImdbRaw(typeof options.path === 'string' ? { path: options.path } : {});
      const frame = (part: { texts: string[]; labels: Int32Array }): Frame =>
        new Frame({ text: part.texts, label: Float64Array.from(part.labels) });
      // The files are sorted by label: shuffle once (seeded) so validationSplit takes both classes.
      const train = frame(raw.train);
      const trainOrder = permutation(train.nRows, split.seed);
      return {
        frame: train.take(maxRows === undefined ? trainOrder : trainOrder.slice(0, maxRows)),
        testFrame: sampleRows(frame(raw.test), maxRows, split.seed + 1),
        source: raw.source,
      };
    }
    case 'makeClassification': {
      const { x, y } = makeClassification({
        nSamples: 2000,
        nFeatures: 10,
        seed: 42,
        ...(options as MakeClassificationOptions),
      });
      const frame = tableFrame(x, y);
      return {
        frame: maxRows === undefined ? frame : frame.head(maxRows),
        source: `makeClassification(${JSON.stringify(options)})`,
      };
    }
    case 'breastCancer': {
      const data = await loadBreastCancer(typeof options.path === 'string' ? { path: options.path } : {});
      const frame = tableFrame(data.x, data.y, data.featureNames);
      return {
        frame: sampleRows(frame, maxRows, split.seed),
        source: 'breast_cancer.csv (scikit-learn WDBC)',
      };
    }
    case 'demo:tabular':
    case 'demo:timeseries':
    case 'demo:text': {
      const frame = loadDemo(source.slice(5) as DemoName);
      return {
        frame: maxRows === undefined ? frame : frame.head(maxRows),
        source: `bundled demo data (${source.slice(5)})`,
      };
    }
    default: {
      const ordered = config.data.type === 'series' || config.data.type === 'windows';
      const frame = await readTable(source, ordered ? maxRows : undefined);
      return { frame: ordered ? frame : sampleRows(frame, maxRows, split.seed), source };
    }
  }
}

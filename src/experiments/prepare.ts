/** From loaded frames to train/test arrays for each data type, fitting preprocessing on train only. */
import { SeqlabError } from '../errors.js';
import type { Frame } from '../data/frame.js';
import { splitIndices } from '../data/split.js';
import type { ExperimentConfig } from './config-schema.js';
import type { LoadedData } from './data.js';
import {
  defaultFeatures,
  encodeLabels,
  featureMatrix,
  featureWindows,
  fitScaler,
  fitText,
  applyScaler,
  invertScaler,
  requireColumn,
  requireNumeric,
  seriesInvert,
  seriesTransform,
  seriesWindows,
  tableInput,
  targetsFor,
  textInput,
  windowEnds,
  type Arr,
  type PreprocessingState,
} from './preprocess.js';

/** Model-ready arrays plus what is needed to report predictions in the data's own terms. */
export interface Prepared {
  state: PreprocessingState;
  xTrain: Arr;
  yTrain: Arr;
  xTest: Arr;
  yTest: Arr;
  /** Row (table, text) or time step (series, windows) of each sample. */
  trainRows: number[];
  testRows: number[];
  idsTrain?: Int32Array;
  idsTest?: Int32Array;
  /** Regression: targets in original units and the inverse of the preprocessing for predictions. */
  truthTrain?: Float64Array;
  truthTest?: Float64Array;
  invert?: (pred: ArrayLike<number>, rows: readonly number[]) => Float64Array;
  /** Series: the whole series and its time labels. */
  series?: Float64Array;
  time?: string[];
  /** The frame whose EDA goes in the report (the training rows, or all rows for series). */
  edaFrame: Frame;
  /** Test frame rows for text samples in attention maps. */
  testFrame?: Frame;
}

function rowsOf(frame: Frame, idx: ArrayLike<number>): Frame {
  return frame.take(idx);
}

function handleMissing(frame: Frame, config: ExperimentConfig, columns: string[]): Frame {
  const policy = config.data.missing;
  if (policy === 'error') {
    for (const c of columns) {
      const col = frame.column(c);
      for (let i = 0; i < col.length; i++) {
        const v = col[i];
        if (v === null || (typeof v === 'number' && Number.isNaN(v))) {
          throw new SeqlabError(
            `${config.data.source}: column '${c}' has a missing value in data row ${i + 1}; set data.missing to drop or fillMean`,
          );
        }
      }
    }
    return frame;
  }
  if (policy === 'drop') return frame.handleMissing('drop', columns);
  return frame.handleMissing('fillMean', columns.filter((c) => frame.dtype(c) === 'number'));
}

function baseState(config: ExperimentConfig): PreprocessingState {
  return { version: 1, type: config.data.type, task: 'regression', scaler: null, threshold: config.evaluation.threshold };
}

function prepareTable(data: LoadedData, config: ExperimentConfig): Prepared {
  const where = config.data.source;
  const label = config.data.label ?? 'y';
  requireColumn(data.frame, label, 'label', where);
  const features = config.data.features ?? defaultFeatures(data.frame, [label], where);
  if (features.length === 0) throw new SeqlabError(`${where}: no numeric feature columns besides the label '${label}'; list them in data.features`);
  requireNumeric(data.frame, features, where);
  const state: PreprocessingState = { ...baseState(config), labelColumn: label, features, rowsAsSequences: config.preprocessing.rowsAsSequences };
  let frame = handleMissing(data.frame, config, [...features, label]);
  let test = data.testFrame ? handleMissing(data.testFrame, config, [...features, label]) : undefined;
  const ids = encodeLabels(frame, label, state, where);
  const parts = splitFrames(frame, test, ids, config);
  const { trainRows, testRows } = parts;
  frame = parts.frame;
  test = parts.test;
  const idsTrain = encodeLabels(frame, label, state, where);
  const idsTest = encodeLabels(test, label, state, where);
  const f = features.length;
  const all = config.preprocessing.scalerFit === 'all' ? featureMatrix(data.frame, features) : featureMatrix(frame, features);
  state.scaler = fitScaler(config.preprocessing.scaler, all, f, Array.from({ length: all.length / f }, (_, i) => i));
  return {
    state,
    xTrain: tableInput(frame, state),
    yTrain: targetsFor(idsTrain, state),
    xTest: tableInput(test, state),
    yTest: targetsFor(idsTest, state),
    trainRows,
    testRows,
    idsTrain,
    idsTest,
    edaFrame: frame,
  };
}

/**
 * The train and test frames: the given test file, or a (stratified, seeded) split of the data with the
 * row numbers each part came from.
 */
function splitFrames(
  frame: Frame,
  test: Frame | undefined,
  ids: ArrayLike<number>,
  config: ExperimentConfig,
): { frame: Frame; test: Frame; trainRows: number[]; testRows: number[] } {
  if (test) {
    return {
      frame,
      test,
      trainRows: Array.from({ length: frame.nRows }, (_, i) => i),
      testRows: Array.from({ length: test.nRows }, (_, i) => i),
    };
  }
  const { testSize, stratify, seed } = config.data.split;
  const s = splitIndices(frame.nRows, { testSize, seed, ...(stratify ? { stratify: ids } : {}) });
  const trainRows = Array.from(s.train);
  const testRows = Array.from(s.test);
  return { frame: rowsOf(frame, trainRows), test: rowsOf(frame, testRows), trainRows, testRows };
}

function prepareText(data: LoadedData, config: ExperimentConfig): Prepared {
  const where = config.data.source;
  const label = config.data.label ?? 'label';
  const textCol = config.data.text ?? 'text';
  const textCfg = config.preprocessing.text ?? { mode: 'sequence' as const, numWords: 10000, padding: 'pre' as const, truncating: 'pre' as const, lower: true };
  requireColumn(data.frame, textCol, 'text', where);
  const state: PreprocessingState = { ...baseState(config), labelColumn: label, textColumn: textCol };
  let frame = data.frame;
  let test = data.testFrame;
  const ids = encodeLabels(frame, label, state, where);
  const parts = splitFrames(frame, test, ids, config);
  const { trainRows, testRows } = parts;
  frame = parts.frame;
  test = parts.test;
  const texts = (f: Frame): (string | null)[] => Array.from(f.column(textCol) as ArrayLike<unknown>, (v) => (v === null ? null : String(v)));
  state.text = fitText(texts(frame) as string[], textCfg);
  const idsTrain = encodeLabels(frame, label, state, where);
  const idsTest = encodeLabels(test, label, state, where);
  return {
    state,
    xTrain: textInput(texts(frame), state),
    yTrain: targetsFor(idsTrain, state),
    xTest: textInput(texts(test), state),
    yTest: targetsFor(idsTest, state),
    trainRows,
    testRows,
    idsTrain,
    idsTest,
    edaFrame: frame,
    testFrame: test,
  };
}

function seriesColumns(frame: Frame, config: ExperimentConfig): { value: string; time: string | undefined } {
  const where = config.data.source;
  const time = config.data.time ?? frame.columns.find((c) => frame.dtype(c) !== 'number');
  if (config.data.time) requireColumn(frame, config.data.time, 'time', where);
  const value = config.data.value ?? config.data.label ?? frame.columns.filter((c) => c !== time && frame.dtype(c) === 'number').pop();
  if (!value) throw new SeqlabError(`${where}: no numeric value column to forecast; set data.value`);
  requireNumeric(frame, [value], where);
  return { value, time };
}

function prepareSeries(data: LoadedData, config: ExperimentConfig): Prepared {
  const where = config.data.source;
  const s = config.preprocessing.series;
  if (!s) throw new SeqlabError('preprocessing.series: required for data.type series. Example: series: { windowSize: 12 }');
  const { value, time } = seriesColumns(data.frame, config);
  const frame = handleMissing(data.frame, config, [value]);
  const y = Float64Array.from(frame.numeric(value));
  const n = y.length;
  const nTrain = Math.floor(n * (1 - config.data.split.testSize) + 1e-9);
  const state: PreprocessingState = {
    ...baseState(config),
    valueColumn: value,
    ...(time ? { timeColumn: time } : {}),
    series: { windowSize: s.windowSize, log: s.log, difference: s.difference, seasonalDifference: s.seasonalDifference },
  };
  const { z, start } = seriesTransform(y, state.series!);
  const w = s.windowSize;
  if (start + w >= nTrain) throw new SeqlabError(`${where}: ${nTrain} training steps are too few for windowSize ${w} after differencing (${start} steps lost)`);
  const fitEnd = config.preprocessing.scalerFit === 'all' ? n : nTrain;
  state.scaler = fitScaler(config.preprocessing.scaler, Float32Array.from(z.subarray(start, fitEnd)), 1, Array.from({ length: fitEnd - start }, (_, i) => i));
  const zs = new Float64Array(n).fill(NaN);
  zs.set(applyScaler(state.scaler, Float32Array.from(z.subarray(start)), 1), start);
  const trainRows = Array.from({ length: nTrain - start - w }, (_, i) => start + w + i);
  const testRows = Array.from({ length: n - nTrain }, (_, i) => nTrain + i);
  const targets = (rows: number[]): Arr => ({ data: Float32Array.from(rows, (t) => zs[t]!), shape: [rows.length, 1] });
  const sState = state.series!;
  const invert = (pred: ArrayLike<number>, rows: readonly number[]): Float64Array => {
    const unscaled = invertScaler(state.scaler, Float64Array.from(pred));
    return Float64Array.from(rows, (t, i) => seriesInvert(unscaled[i]!, t, y, sState));
  };
  const timeLabels = time ? Array.from(frame.column(time) as ArrayLike<unknown>, (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? ''))) : Array.from({ length: n }, (_, i) => String(i));
  return {
    state,
    xTrain: seriesWindows(zs, trainRows, w),
    yTrain: targets(trainRows),
    xTest: seriesWindows(zs, testRows, w),
    yTest: targets(testRows),
    trainRows,
    testRows,
    truthTrain: Float64Array.from(trainRows, (t) => y[t]!),
    truthTest: Float64Array.from(testRows, (t) => y[t]!),
    invert,
    series: y,
    time: timeLabels,
    edaFrame: frame,
  };
}

function prepareWindows(data: LoadedData, config: ExperimentConfig): Prepared {
  const where = config.data.source;
  const wCfg = config.preprocessing.windows;
  if (!wCfg) throw new SeqlabError('preprocessing.windows: required for data.type windows. Example: windows: { windowSize: 24 }');
  const label = config.data.label;
  if (!label) throw new SeqlabError('data.label: required for data.type windows (the class of each window’s last step)');
  requireColumn(data.frame, label, 'label', where);
  const features = config.data.features ?? defaultFeatures(data.frame, [label, config.data.time], where);
  requireNumeric(data.frame, features, where);
  const frame = handleMissing(data.frame, config, [...features, label]);
  const state: PreprocessingState = { ...baseState(config), labelColumn: label, features, windows: { windowSize: wCfg.windowSize, stride: wCfg.stride } };
  const ids = encodeLabels(frame, label, state, where);
  const n = frame.nRows;
  const nTrain = Math.floor(n * (1 - config.data.split.testSize) + 1e-9);
  const f = features.length;
  const matrix = featureMatrix(frame, features);
  const fitRows = Array.from({ length: config.preprocessing.scalerFit === 'all' ? n : nTrain }, (_, i) => i);
  state.scaler = fitScaler(config.preprocessing.scaler, matrix, f, fitRows);
  const scaled = applyScaler(state.scaler, matrix, f);
  const w = wCfg.windowSize;
  const trainRows = windowEnds(0, nTrain, w, wCfg.stride);
  const testRows = windowEnds(nTrain, n, w, wCfg.stride);
  if (trainRows.length === 0 || testRows.length === 0) throw new SeqlabError(`${where}: ${n} rows are too few for windows of ${w} in both splits`);
  const idsTrain = Int32Array.from(trainRows, (t) => ids[t]!);
  const idsTest = Int32Array.from(testRows, (t) => ids[t]!);
  return {
    state,
    xTrain: featureWindows(scaled, f, trainRows, w),
    yTrain: targetsFor(idsTrain, state),
    xTest: featureWindows(scaled, f, testRows, w),
    yTest: targetsFor(idsTest, state),
    trainRows,
    testRows,
    idsTrain,
    idsTest,
    edaFrame: frame.take(Array.from({ length: nTrain }, (_, i) => i)),
  };
}

/**
 * Splits and preprocesses loaded data as the config says.
 * @example const prepared = prepareData(await loadExperimentData(config), config);
 */
export function prepareData(data: LoadedData, config: ExperimentConfig): Prepared {
  switch (config.data.type) {
    case 'table':
      return prepareTable(data, config);
    case 'text':
      return prepareText(data, config);
    case 'series':
      return prepareSeries(data, config);
    case 'windows':
      return prepareWindows(data, config);
  }
}

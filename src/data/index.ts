/** seqlab's data layer: loading, inspection, splitting, preprocessing and data sets. Re-exports only. */
export { DataError } from './errors.js';
export type { ArrayWithShape, FloatMatrix, IntMatrix, Matrix2D } from './types.js';
export { toDense, toNestedArray, isArrayWithShape } from './types.js';
export { seededRandom, permutation, type SeededRandom } from './random.js';
export { Series, Table, type Cell } from './table.js';
export { Frame, FrameInfo, dtypeOf, type Column, type ColumnDType, type MissingPolicy } from './frame.js';

export { readCsv, readCsvText, parseCsvStream, detectDelimiter, type ReadCsvOptions } from './io/csv.js';
export { DEFAULT_NA_VALUES, parseNumber } from './io/column-types.js';
export { frameToCsv, writeCsv, toCsv, csvField } from './io/write-csv.js';
export { writeFileAtomic, writeFilesAtomic } from './io/atomic-write.js';
export { readXlsx, type ReadXlsxOptions } from './io/xlsx.js';
export { readJson, readJsonl } from './io/jsonl.js';
export { readTextFolder, type TextFolder, type ReadTextFolderOptions } from './io/text-folder.js';
export {
  openDecompressed,
  readTextFile,
  readLines,
  detectCompression,
  type Compression,
} from './io/compressed.js';
export { readSklearnCsv, type SklearnData } from './io/sklearn-csv.js';

export {
  trainTestSplit,
  splitIndices,
  kFold,
  chronologicalSplit,
  timeSeriesSplit,
  takeRows,
  rowCount,
  type SplitOptions,
  type Rows,
} from './split.js';

export { registerStep, stepFromJSON, type Step, type StepJSON } from './preprocessing/step.js';
export { MinMaxScaler, StandardScaler, type NumericInput } from './preprocessing/scalers.js';
export { LabelEncoder, OneHotEncoder, toCategorical, type Label } from './preprocessing/encoders.js';
export {
  difference,
  invertDifference,
  seasonalDifference,
  LogTransform,
  Differencer,
} from './preprocessing/series.js';
export {
  slidingWindows,
  windowedClassification,
  WindowStep,
  type WindowOptions,
} from './preprocessing/windows.js';
export { padSequences, vectorizeSequences, type PadOptions } from './preprocessing/pad-sequences.js';
export {
  Tokenizer,
  textToWordSequence,
  KERAS_FILTERS,
  type TokenizerOptions,
} from './preprocessing/tokenizer.js';
export { TextVectorization, type TextVectorizationOptions } from './preprocessing/text-vectorization.js';
export {
  segmentWords,
  tokenizeText,
  ngramTokens,
  type Split,
  type Standardize,
} from './preprocessing/text-tokens.js';
export {
  VectorizeText,
  COLUMN_SEPARATOR,
  type VectorizeTextOptions,
} from './preprocessing/vectorize-text.js';
export { readWordVectors, alignVectors, type AlignedVectors } from './word-vectors.js';
export { csrFromRows, csrToDense, csrTakeRows, type CsrMatrix } from './sparse.js';
export { Pipeline, type PipelineJSON } from './preprocessing/pipeline.js';
export { SelectColumns, type RowsInput } from './preprocessing/columns.js';
export {
  BatchStep,
  rawBatch,
  readsRows,
  pipelineInfo,
  invertPredictions,
  type RowBatch,
  type Predictions,
  type PipelineInfo,
} from './preprocessing/batch.js';
export {
  FeatureColumns,
  Scale,
  RowsAsSequences,
  FeatureWindows,
  requireColumn,
  requireNumeric,
} from './preprocessing/frame-steps.js';
export {
  SeriesValues,
  SeriesWindows,
  seriesTransform,
  seriesInvert,
  type SeriesTransformOptions,
} from './preprocessing/series-steps.js';
export { TokenizeText, cleanText, type TokenizeTextOptions } from './preprocessing/text-steps.js';
export { Labels, classesFromProbs, labelStep } from './preprocessing/labels.js';
export { LabelSets, labelsInCell, guessSeparator, countLabels } from './preprocessing/label-sets.js';
export { ForecastIntervals } from './preprocessing/intervals.js';
export { TimeFromParts } from './preprocessing/time-parts.js';
export { MissingMarks, missingMarksOf, withoutMarks } from './preprocessing/missing-marks.js';
export { SplitColumns, compositeColumnsOf, splitParts } from './preprocessing/split-columns.js';
export { SideColumns } from './preprocessing/side-columns.js';
export {
  ReplaceValues,
  caseVariantsOf,
  withReplaced,
  type ValueMap,
} from './preprocessing/replace-values.js';
export { SeriesPanel, groupRows, type PanelPart } from './preprocessing/series-panel.js';
export { Covariates, CALENDAR_FEATURES, type CalendarFeature } from './preprocessing/covariates.js';
export { inferFrequency, nextTimes, formatTime, parseTime, type Frequency } from './time.js';

export {
  loadImdb,
  loadImdbRaw,
  imdbWords,
  type ImdbData,
  type ImdbRaw,
  type ImdbLoadOptions,
} from './datasets/imdb.js';
export { makeClassification, type MakeClassificationOptions } from './datasets/make-classification.js';
export { loadBreastCancer, loadIris, loadWine } from './datasets/sklearn.js';
export { loadDemo, writeDemoCsv, type DemoName } from './datasets/demo.js';
export { dataDirs, resolveDataFile } from './datasets/paths.js';
export * as datasets from './datasets/index.js';
export { TableColumns, type TableColumn, type ColumnKind } from './preprocessing/table-columns.js';
export { RegressionTarget } from './preprocessing/regression-target.js';
export { readParquet } from './io/parquet.js';
export { sniffLayout, layoutOfRows, type FileLayout } from './io/sniff.js';

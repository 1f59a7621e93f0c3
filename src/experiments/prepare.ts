/** From loaded frames to train/test arrays for each data type, fitting the model's preprocessing Pipeline on train only. */
import { SeqlabError } from '../errors.js';
import { Frame } from '../data/frame.js';
import { splitIndices, takeRows } from '../data/split.js';
import { permutation } from '../data/random.js';
import { Pipeline } from '../data/preprocessing/pipeline.js';
import {
  invertPredictions,
  pipelineInfo,
  rawBatch,
  type RowBatch,
  type BatchStep,
  type PipelineInfo,
} from '../data/preprocessing/batch.js';
import {
  FeatureColumns,
  FeatureWindows,
  requireColumn,
  requireNumeric,
  RowsAsSequences,
  Scale,
} from '../data/preprocessing/frame-steps.js';
import { Labels } from '../data/preprocessing/labels.js';
import { labelCounts, LabelSets } from '../data/preprocessing/label-sets.js';
import { MinMaxScaler, StandardScaler } from '../data/preprocessing/scalers.js';
import { SeriesValues, SeriesWindows } from '../data/preprocessing/series-steps.js';
import { TokenizeText } from '../data/preprocessing/text-steps.js';
import type { Split } from '../data/preprocessing/text-tokens.js';
import type { AlignedVectors } from '../data/word-vectors.js';
import { VectorizeText } from '../data/preprocessing/vectorize-text.js';
import { vectorizeTextStep } from './text-prepare.js';
import { fillInOrder, regularTimes, ROW_COUNT } from '../data/time.js';
import { withOffset } from '../data/time-zone.js';
import { Covariates } from '../data/preprocessing/covariates.js';
import { TimeFromParts } from '../data/preprocessing/time-parts.js';
import { MissingMarks } from '../data/preprocessing/missing-marks.js';
import { ReplaceValues } from '../data/preprocessing/replace-values.js';
import { partNames, SplitColumns, type SplitSpec } from '../data/preprocessing/split-columns.js';
import { groupRows, SeriesPanel, type PanelPart } from '../data/preprocessing/series-panel.js';
import { TableColumns, type TableColumn } from '../data/preprocessing/table-columns.js';
import { SideColumns } from '../data/preprocessing/side-columns.js';
import { RegressionTarget } from '../data/preprocessing/regression-target.js';
import type { ExperimentConfig } from './config-schema.js';
import type { LoadedData } from './data.js';
import { defaultFeatures, targetsFor, type Arr, type Inputs } from './preprocess.js';
import { requireFloat32Range } from '../data/finite-check.js';
import { quantileLayout } from '../forecasting/forecast.js';
import { classWarnings } from './class-warnings.js';
import { ansiCodesWarning, unreadableTrainingWarning } from './text-notices.js';

/** Model-ready arrays plus what is needed to report predictions in the data's own terms. */
export interface Prepared {
  /** The fitted preprocessing, saved in the model. */
  pipeline: Pipeline;
  /** What the pipeline says about the data (task, labels, columns). */
  info: PipelineInfo;
  xTrain: Inputs;
  yTrain: Arr;
  xTest: Inputs;
  yTest: Arr;
  /** Row (table, text) or time step (series, windows) of each sample. */
  trainRows: number[];
  testRows: number[];
  idsTrain?: Int32Array;
  idsTest?: Int32Array;
  /** Multi-label: each sample's labels, multi-hot (samples × labels). */
  setsTrain?: Uint8Array;
  setsTest?: Uint8Array;
  /** Regression: targets in original units and the inverse of the preprocessing for predictions. */
  truthTrain?: Float64Array;
  truthTest?: Float64Array;
  invert?: (pred: ArrayLike<number>, rows: readonly number[]) => Float64Array;
  /** Series: the whole series and its time labels. */
  series?: Float64Array;
  time?: string[];
  /** Series: the pipeline's transform of the whole series (the backtest's origins) and the first test step. */
  seriesBatch?: RowBatch;
  trainEnd?: number;
  /** Panel series: each series' samples, training end and place in the concatenated `series`. */
  panel?: PanelSeries[];
  /** Series: the first step of the series each step belongs to (panel data; 0 for one series). */
  firstStep?: Int32Array;
  /** What the user should know about the data that did not stop the run (e.g. skipped series). */
  warnings?: string[];
  /** The frame whose EDA goes in the report (the training rows, or all rows for series). */
  edaFrame: Frame;
  /** Test frame rows for text samples in attention maps. */
  testFrame?: Frame;
  /** Text: the documents of each part (for the TF-IDF baseline) and how the model split them. */
  textsTrain?: string[];
  textsTest?: string[];
  textSplit?: Split;
  /** Text: pretrained word vectors aligned to the vocabulary (model.layers embedding pretrained). */
  pretrained?: AlignedVectors;
}

/** One series of a panel: its part of the panel batch, its first test step and its offset in Prepared.series. */
export interface PanelSeries {
  part: PanelPart;
  trainEnd: number;
  offset: number;
}

/**
 * The rows that have a label. A row without one is left out whatever data.missing says (pandas users
 * drop them with dropna(subset=[label])): there is nothing to learn from or score it on; `warnings`
 * gets how many.
 */
function labelledRows(f: Frame, columns: string[], file: string, warnings: string[]): Frame {
  const kept = f.handleMissing('drop', columns);
  if (kept.nRows < f.nRows)
    warnings.push(
      `${file}: ${f.nRows - kept.nRows} of ${f.nRows} rows have no '${columns.join("' or '")}': left out of training and testing (seqlab predict scores them)`,
    );
  return kept;
}

/**
 * The columns a row must have a value in to be labelled: the label column(s). A column listing label
 * sets (data.task multilabel) needs none: its blank cell is the empty set, a sample with no label.
 */
function labelColumnsOf(config: ExperimentConfig, fallback: string): string[] {
  if (config.data.task === 'multilabel' && !Array.isArray(config.data.label)) return [];
  return [config.data.label ?? fallback].flat();
}

/** A multi-label config (several label columns, or data.task multilabel): its LabelSets step, fitted on every labelled row. */
function labelSetsOf(config: ExperimentConfig, all: Frame, where: string): LabelSets | null {
  const label = config.data.label;
  if (!Array.isArray(label) && config.data.task !== 'multilabel') return null;
  return new LabelSets({
    ...(Array.isArray(label) ? { columns: label } : { column: label ?? 'label' }),
    ...(config.data.labelSeparator ? { separator: config.data.labelSeparator } : {}),
    threshold: config.evaluation.threshold,
  }).fit(rawBatch(all, where));
}

/**
 * A multi-label run's targets and truth from its transformed parts, with what the user should know:
 * labels no training (or no test) row carries, and labels of the test file that training never saw.
 */
function multiLabelParts(
  sets: LabelSets,
  train: RowBatch,
  test: RowBatch,
): Pick<Prepared, 'yTrain' | 'yTest' | 'setsTrain' | 'setsTest' | 'warnings'> {
  const unseen = sets.lastUnseen; // the test part was transformed last
  const k = sets.classes.length;
  const [inTrain, inTest] = [labelCounts(train.labelSets!, k), labelCounts(test.labelSets!, k)];
  // The first few names of a list (arXiv-sized label sets leave hundreds of labels on no test row).
  const some = (list: string[]): string =>
    list
      .slice(0, 8)
      .map((c) => `'${c}'`)
      .join(', ') + (list.length > 8 ? ` and ${list.length - 8} more` : '');
  const names = (pick: (j: number) => boolean): string => some(sets.classes.filter((_, j) => pick(j)));
  const untrained = names((j) => inTrain[j] === 0);
  const untested = names((j) => inTest[j] === 0 && inTrain[j]! > 0);
  const arr = (m: Uint8Array): Arr => ({ data: Float32Array.from(m), shape: [m.length / k, k] });
  return {
    yTrain: arr(train.labelSets!),
    yTest: arr(test.labelSets!),
    setsTrain: train.labelSets!,
    setsTest: test.labelSets!,
    warnings: [
      ...(untrained
        ? [
            `label(s) ${untrained} are on no training row: the model cannot learn them; gather more rows or drop them`,
          ]
        : []),
      ...(untested ? [`label(s) ${untested} are on no test row: they are not scored`] : []),
      ...(unseen.length
        ? [`the test rows carry ${unseen.length} label(s) no training row has (${some(unseen)}): ignored`]
        : []),
    ],
  };
}

/** Applies data.missing to the given columns (error names the first missing value). */
export function handleMissing(frame: Frame, config: ExperimentConfig, columns: string[]): Frame {
  requireFloat32Range(frame, columns, config.data.source);
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
  return frame.handleMissing(
    'fillMean',
    columns.filter((c) => frame.dtype(c) === 'number'),
  );
}

/** The configured scaler as a step (none: no step). */
function scaleStep(config: ExperimentConfig, on: 'x' | 'series'): [string, BatchStep][] {
  const kind = config.preprocessing.scaler;
  if (kind === 'none') return [];
  return [
    ['scale', new Scale({ scaler: kind === 'minmax' ? new MinMaxScaler() : new StandardScaler(), on })],
  ];
}

/**
 * Fits the input steps on `fitBatch` (each on the output of the ones before) and returns the
 * Pipeline of them plus `labels`, which was fitted on every row so a class seen only in the test
 * part is still a class.
 */
/**
 * data.naValues, data.replace and data.splitColumns as the pipeline's first steps, so that a saved
 * model reads them as blank cells, merged spellings and parts too (the parts' kinds as `frame`, the
 * training rows already split, has them).
 */
function marksStep(config: ExperimentConfig, frame: Frame): [string, BatchStep][] {
  const { naValues, replace, splitColumns } = config.data;
  const split = (column: string, separator: string): SplitSpec => {
    let k = 0;
    while (frame.columns.includes(`${column}_${k + 1}`)) k++;
    return { separator, numeric: partNames(column, k).map((n) => frame.dtype(n) === 'number') };
  };
  return [
    ...(naValues?.length ? [['naValues', new MissingMarks(naValues)] as [string, BatchStep]] : []),
    ...(replace ? [['replace', new ReplaceValues(replace)] as [string, BatchStep]] : []),
    ...(splitColumns
      ? [
          [
            'split',
            new SplitColumns(
              Object.fromEntries(Object.entries(splitColumns).map(([c, sep]) => [c, split(c, sep)])),
            ),
          ] as [string, BatchStep],
        ]
      : []),
  ];
}

function fitPipeline(
  config: ExperimentConfig,
  given: [string, BatchStep][],
  fitBatch: RowBatch,
  labels?: BatchStep,
): Pipeline {
  const steps = [...marksStep(config, fitBatch.frame), ...given];
  new Pipeline(steps).fit(fitBatch);
  const name = labels instanceof Labels || labels instanceof LabelSets ? 'labels' : 'target';
  return new Pipeline(labels ? [...steps, [name, labels]] : steps);
}

function transform(pipeline: Pipeline, batch: RowBatch): RowBatch {
  return pipeline.transform(batch) as RowBatch;
}

/** The table's input columns: numeric ones, and the categorical and date columns the config names. */
function tableColumns(frame: Frame, config: ExperimentConfig, label: string[]): TableColumn[] {
  const where = config.data.source;
  const categorical = config.data.categorical ?? [];
  const dates = config.data.dates ?? [];
  for (const c of [...categorical, ...dates]) requireColumn(frame, c, 'feature', where);
  const listed = config.data.features ?? defaultFeatures(frame, [...label, ...categorical, ...dates], where);
  const names = [
    ...listed,
    ...categorical.filter((c) => !listed.includes(c)),
    ...dates.filter((c) => !listed.includes(c)),
  ];
  return names.map((name) => {
    if (categorical.includes(name)) return { name, kind: 'categorical' as const };
    if (dates.includes(name)) return { name, kind: 'date' as const };
    requireColumn(frame, name, 'feature', where);
    if (frame.dtype(name) === 'boolean') return { name, kind: 'boolean' as const };
    requireNumeric(frame, [name], where);
    return { name, kind: 'numeric' as const };
  });
}

/**
 * Test labels written differently from the training file's only by a trailing period (UCI adult.test:
 * `>50K.` against `>50K`) are matched to the training classes; anything else stays for Labels to report.
 */
function alignTestLabels(test: Frame, label: string, classes: readonly unknown[]): Frame {
  const known = new Set(classes.map(String));
  const col = test.column(label);
  if (col instanceof Float64Array) return test;
  const fixed = (col as (string | boolean | Date | null)[]).map((v) =>
    typeof v === 'string' && !known.has(v) && known.has(v.replace(/\.$/, '')) ? v.replace(/\.$/, '') : v,
  );
  return test.withColumn(label, fixed as (string | null)[]);
}

function prepareTable(data: LoadedData, config: ExperimentConfig): Prepared {
  const where = config.data.source;
  const labelColumns = [config.data.label ?? 'y'].flat();
  const label = labelColumns[0]!;
  for (const c of labelColumns) requireColumn(data.frame, c, 'label', where);
  const columns = tableColumns(data.frame, config, labelColumns);
  const features = columns.map((c) => c.name);
  if (features.length === 0)
    throw new SeqlabError(
      `${where}: no numeric feature columns besides the label '${labelColumns.join("', '")}'; list them in data.features`,
    );
  // Categorical columns keep a missing value as a level of its own. With fillMean the feature step
  // fills the others with the training rows' means (saved in the model, so predictions fill the same
  // way). A row without a label is left out (labelledRows).
  const numbers = columns.filter((c) => c.kind !== 'categorical').map((c) => c.name);
  const fillMissing = config.data.missing === 'fillMean';
  const warnings: string[] = [];
  const rowsOf = (f: Frame, file: string): Frame => {
    if (fillMissing) requireFloat32Range(f, numbers, where);
    else f = handleMissing(f, config, numbers); // an error names the file's row: before any row is left out
    return labelledRows(f, labelColumnsOf(config, 'y'), file, warnings);
  };
  const all = rowsOf(data.frame, where);
  let given = data.testFrame ? rowsOf(data.testFrame, config.data.test ?? 'test file') : undefined;
  const regression = config.data.task === 'regression';
  const sets = labelSetsOf(config, all, where);
  let target: Labels | RegressionTarget | LabelSets;
  let ids: ArrayLike<number>;
  if (sets) {
    target = sets;
    ids = new Int32Array(all.nRows); // label sets are not stratified: the split is random (seeded)
  } else if (regression) {
    requireNumeric(all, [label], where);
    target = new RegressionTarget({ column: label, log: config.data.targetTransform === 'log' });
    ids = new Int32Array(all.nRows); // no classes to stratify by
  } else {
    const labels = new Labels({ column: label, threshold: config.evaluation.threshold }).fit(
      rawBatch(all, where),
    );
    checkClassCount(all, label, labels.classes.length, where);
    if (given) given = alignTestLabels(given, label, labels.classes);
    target = labels;
    ids = labels.encode(all.column(label) as never, where);
  }
  const { frame, test, trainRows, testRows } = splitFrames(all, given, ids, {
    ...config,
    data: {
      ...config.data,
      split: { ...config.data.split, stratify: config.data.split.stratify && !regression && !sets },
    },
  });
  const plain = columns.every((c) => c.kind === 'numeric');
  const steps: [string, BatchStep][] = [
    [
      'features',
      plain
        ? new FeatureColumns({ features, fillMissing })
        : new TableColumns({
            columns,
            fillMissing,
            maxLevels: config.preprocessing.maxLevels,
            // A row read as a sequence of numbers has no place for ids: one-hot as before.
            embed: config.preprocessing.embedCategorical && !config.preprocessing.rowsAsSequences,
            ...(config.data.dateFeatures ? { calendar: config.data.dateFeatures } : {}),
          }),
    ],
    ...scaleStep(config, 'x'),
    ...(config.preprocessing.rowsAsSequences
      ? [['rowsAsSequences', new RowsAsSequences()] as [string, BatchStep]]
      : []),
  ];
  const fitFrame = config.preprocessing.scalerFit === 'all' ? all : frame;
  if (regression) target.fit(rawBatch(frame, where));
  const pipeline = fitPipeline(config, steps, rawBatch(fitFrame, where), target);
  const info = pipelineInfo(pipeline);
  const train = transform(pipeline, rawBatch(frame, where));
  const testBatch = transform(pipeline, rawBatch(test, where));
  const encoder = steps[0]![1];
  if (encoder instanceof TableColumns && Object.keys(encoder.lastUnseen).length)
    process.stderr.write(
      `note: test rows with a level not kept from training (encoded as "other"): ${Object.entries(
        encoder.lastUnseen,
      )
        .map(([c, k]) => `${c}: ${k}`)
        .join(', ')}\n`,
    );
  const base = {
    pipeline,
    info,
    xTrain: train.x as Arr,
    xTest: testBatch.x as Arr,
    trainRows,
    testRows,
    edaFrame: frame,
  };
  if (target instanceof LabelSets) {
    const parts = multiLabelParts(target, train, testBatch);
    return { ...base, ...parts, warnings: [...warnings, ...parts.warnings!] };
  }
  if (target instanceof RegressionTarget)
    return { ...base, warnings, ...regressionParts(target, train, testBatch, frame, test) };
  return {
    ...base,
    yTrain: targetsFor(train.ids!, info),
    yTest: targetsFor(testBatch.ids!, info),
    idsTrain: train.ids!,
    idsTest: testBatch.ids!,
    warnings: [...warnings, ...classWarnings(label, info.labels!, train.ids!, testBatch.ids!)],
  };
}

/** A classification label with more distinct values than half the rows is almost surely a number to predict. */
function checkClassCount(frame: Frame, label: string, k: number, where: string): void {
  if (k > 2 && k > frame.nRows / 2)
    throw new SeqlabError(
      `${where}: label column '${label}' has ${k} distinct values in ${frame.nRows} rows, too many classes to learn; ` +
        `if it is a quantity, set data.task: regression (seqlab train … --task regression)`,
    );
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
    // Files are often sorted by class (IMDB: all negatives, then positives): shuffle the training rows
    // (seeded) so validationSplit, which takes the last rows, sees every class.
    // (Builtin sources with their own test set arrive shuffled already.)
    const trainRows = config.data.test
      ? Array.from(permutation(frame.nRows, config.data.split.seed))
      : Array.from({ length: frame.nRows }, (_, i) => i);
    return {
      frame: frame.take(trainRows),
      test,
      trainRows,
      testRows: Array.from({ length: test.nRows }, (_, i) => i),
    };
  }
  const { testSize, stratify, seed } = config.data.split;
  const s = splitIndices(frame.nRows, { testSize, seed, ...(stratify ? { stratify: ids } : {}) });
  const trainRows = Array.from(s.train);
  const testRows = Array.from(s.test);
  return { frame: frame.take(trainRows), test: frame.take(testRows), trainRows, testRows };
}

/** A regression's targets (standardised) for the model, its truths in original units, and the way back. */
function regressionParts(
  target: RegressionTarget,
  train: RowBatch,
  testBatch: RowBatch,
  frame: Frame,
  test: Frame,
): Pick<Prepared, 'yTrain' | 'yTest' | 'truthTrain' | 'truthTest' | 'invert'> {
  const yOf = (f: Frame): Float64Array => Float64Array.from(f.numeric(target.column));
  return {
    yTrain: { data: train.targets!, shape: [train.targets!.length, 1] },
    yTest: { data: testBatch.targets!, shape: [testBatch.targets!.length, 1] },
    truthTrain: yOf(frame),
    truthTest: yOf(test),
    invert: (pred) => target.invert({ values: Float64Array.from(pred), width: 1 }).values,
  };
}

function prepareText(data: LoadedData, config: ExperimentConfig): Prepared {
  const where = config.data.source;
  const labelColumns = [config.data.label ?? 'label'].flat();
  const columns = [config.data.text ?? 'text'].flat();
  const column = columns[0]!;
  const textCfg = config.preprocessing.text ?? {
    mode: 'sequence' as const,
    numWords: 10000,
    padding: 'pre' as const,
    truncating: 'pre' as const,
    lower: true,
  };
  for (const c of columns) requireColumn(data.frame, c, 'text', where);
  for (const c of labelColumns) requireColumn(data.frame, c, 'label', where);
  const warnings: string[] = [];
  const required = labelColumnsOf(config, 'label');
  // Columns beside the text (data.features, data.categorical, data.dates): read as a table's are,
  // appended to the bag of n-grams (SideColumns). Only the ones the config lists.
  const listed = [config.data.features ?? [], config.data.categorical ?? [], config.data.dates ?? []].flat();
  const side = listed.length
    ? tableColumns(
        data.frame,
        { ...config, data: { ...config.data, features: config.data.features ?? [] } },
        [...labelColumns, ...columns],
      )
    : [];
  const bag = textCfg.outputMode !== undefined && textCfg.outputMode !== 'int';
  if (side.length && !bag)
    throw new SeqlabError(
      `data.features / data.categorical beside a text: they are appended to its bag of n-grams, so set preprocessing.text.outputMode: tfIdf, multiHot or count (a sequence model reads the text alone)`,
    );
  const fillMissing = config.data.missing === 'fillMean';
  const sideNumbers = side.filter((c) => c.kind !== 'categorical').map((c) => c.name);
  const rowsOf = (f: Frame, file: string): Frame =>
    labelledRows(fillMissing ? f : handleMissing(f, config, sideNumbers), required, file, warnings);
  const all = rowsOf(data.frame, where);
  const given = data.testFrame ? rowsOf(data.testFrame, config.data.test ?? 'test file') : undefined;
  const sets = labelSetsOf(config, all, where);
  // A numeric label (a score, a price, a readability grade): text regression, the target standardised
  // as a table regression's is.
  const regression = config.data.task === 'regression';
  if (regression) requireNumeric(all, [labelColumns[0]!], where);
  const target =
    sets ??
    (regression
      ? new RegressionTarget({ column: labelColumns[0]!, log: config.data.targetTransform === 'log' })
      : new Labels({ column: labelColumns[0]!, threshold: config.evaluation.threshold }).fit(
          rawBatch(all, where),
        ));
  const { frame, test, trainRows, testRows } = splitFrames(
    all,
    given,
    target instanceof Labels
      ? target.encode(all.column(labelColumns[0]!) as never, where)
      : new Int32Array(all.nRows),
    target instanceof Labels
      ? config
      : { ...config, data: { ...config.data, split: { ...config.data.split, stratify: false } } },
  );
  if (target instanceof RegressionTarget) target.fit(rawBatch(frame, where));
  const tokenize: BatchStep = textCfg.outputMode
    ? vectorizeTextStep(columns, textCfg)
    : columns.length > 1
      ? vectorizeTextStep(columns, {
          ...textCfg,
          outputMode: textCfg.mode === 'multiHot' ? 'multiHot' : 'int',
        })
      : new TokenizeText({ column, ...textCfg });
  const sideStep: [string, BatchStep][] = side.length
    ? [
        [
          'side',
          new SideColumns(
            new TableColumns({
              columns: side,
              fillMissing,
              maxLevels: config.preprocessing.maxLevels,
              ...(config.data.dateFeatures ? { calendar: config.data.dateFeatures } : {}),
            }),
          ),
        ],
      ]
    : [];
  const pipeline = fitPipeline(config, [['text', tokenize], ...sideStep], rawBatch(frame, where), target);
  if (tokenize instanceof VectorizeText)
    for (const w of tokenize.warnings()) process.stderr.write(`warning: ${where}: ${w}\n`);
  const info = pipelineInfo(pipeline);
  const train = transform(pipeline, rawBatch(frame, where));
  const testBatch = transform(pipeline, rawBatch(test, where));
  const textsOf = (b: RowBatch): string[] => (b.unreadable ?? []).map((i) => b.texts![i]!);
  // Only the training texts: the vocabulary learned their codes as words.
  const ansi = ansiCodesWarning(
    train.texts!,
    tokenize instanceof VectorizeText ? (t) => tokenize.vectorizer.split(t) : undefined,
  );
  const unreadable = unreadableTrainingWarning(
    textsOf(train),
    train.rows.length,
    textsOf(testBatch),
    testBatch.rows.length,
  );
  const parts: Partial<Prepared> & Pick<Prepared, 'yTrain' | 'yTest'> = sets
    ? multiLabelParts(sets, train, testBatch)
    : target instanceof RegressionTarget
      ? regressionParts(target, train, testBatch, frame, test)
      : {
          yTrain: targetsFor(train.ids!, info),
          yTest: targetsFor(testBatch.ids!, info),
          idsTrain: train.ids!,
          idsTest: testBatch.ids!,
          warnings: classWarnings(labelColumns[0]!, info.labels!, train.ids!, testBatch.ids!),
        };
  return {
    pipeline,
    info,
    xTrain: train.x as Inputs,
    xTest: testBatch.x as Inputs,
    trainRows,
    testRows,
    ...parts,
    edaFrame: frame,
    testFrame: test,
    textsTrain: train.texts!,
    textsTest: testBatch.texts!,
    textSplit:
      tokenize instanceof VectorizeText ? (tokenize.vectorizer.options.split ?? 'auto') : 'whitespace',
    warnings: [
      ...warnings,
      ...(parts.warnings ?? []),
      ...(unreadable ? [unreadable] : []),
      ...(ansi ? [ansi] : []),
    ],
  };
}

/**
 * data.trainPartOnly: the steps before the test part of a series (its rows as the model reads them:
 * gathered into periods, gaps filled), so a tuning trial's backtest never sees the test part.
 */
function trainingPart(series: Frame, config: ExperimentConfig): Frame {
  if (!config.data.trainPartOnly) return series;
  return series.head(Math.floor(series.nRows * (1 - config.data.split.testSize) + 1e-9));
}

/**
 * A series' time labels for the report and predictions.csv: dates, with the time of day when any
 * step has one (hourly data was labelled with its day alone, 24 steps to a label).
 */
function timeLabelsOf(col: ArrayLike<unknown>, timeZone: string | undefined): string[] {
  const values = Array.from(col);
  const midnight = values.every((v) => !(v instanceof Date) || v.getTime() % 86_400_000 === 0);
  return values.map((v) =>
    v instanceof Date
      ? midnight
        ? v.toISOString().slice(0, 10)
        : timeZone
          ? withOffset(v, timeZone) // a wall-clock time in data.timeZone
          : v.toISOString().replace('.000Z', 'Z')
      : String(v ?? ''),
  );
}

function seriesColumns(
  frame: Frame,
  config: ExperimentConfig,
  parts: string[],
  built: string,
): { value: string; time: string | undefined; counted: boolean } {
  const where = config.data.source;
  const given = typeof config.data.time === 'string' ? config.data.time : undefined;
  const time = parts.length ? built : (given ?? frame.columns.find((c) => frame.dtype(c) !== 'number'));
  if (given) requireColumn(frame, given, 'time', where);
  const value =
    config.data.value ??
    (config.data.label as string | undefined) ??
    frame.columns
      .filter(
        (c) => c !== time && c !== config.data.seriesId && !parts.includes(c) && frame.dtype(c) === 'number',
      )
      .pop();
  if (!value) throw new SeqlabError(`${where}: no numeric value column to forecast; set data.value`);
  // The rows per period, made by data.resample with how: count.
  const counted =
    value === ROW_COUNT && config.data.resample?.how === 'count' && !frame.columns.includes(value);
  if (!counted) requireNumeric(frame, [value], where);
  return { value, time, counted };
}

function prepareSeries(data: LoadedData, config: ExperimentConfig): Prepared {
  const where = config.data.source;
  const s = config.preprocessing.series;
  if (!s)
    throw new SeqlabError(
      'preprocessing.series: required for data.type series. Example: series: { windowSize: 12 }',
    );
  const parts = Array.isArray(config.data.time) ? config.data.time : [];
  // The built column is 'time', or 'Date_Time' where the file has a 'time' column of its own
  // (`date,time,value`: the time of day).
  const built = data.frame.columns.includes('time') ? parts.join('_') : 'time';
  const timeSteps: [string, BatchStep][] = parts.length
    ? [['time', new TimeFromParts({ parts, name: built })]]
    : [];
  const raw = timeSteps.length
    ? (timeSteps[0]![1].transform(rawBatch(data.frame, where)) as RowBatch).frame
    : data.frame;
  const { value, time, counted } = seriesColumns(raw, config, parts, built);
  const cov = config.data.covariates;
  const covColumns = cov ? [...cov.past, ...cov.future] : [];
  const read = counted ? covColumns : [value, ...covColumns]; // the columns the file holds
  // Without a time column the row order is the time: gaps inside are filled where they are (data.fill).
  const ordered =
    time || config.data.seriesId || config.data.missing === 'fillMean'
      ? raw
      : fillInOrder(raw, read, config.data.fill, where);
  let frame = handleMissing(ordered, config, read);
  const warnings: string[] = [];
  if (time && !config.data.seriesId)
    frame = regularTimes(frame, time, config.data, `${where}: time column '${time}'`, warnings);
  if (!config.data.seriesId) frame = trainingPart(frame, config);
  const n = frame.nRows;
  const nTrain = Math.floor(n * (1 - config.data.split.testSize) + 1e-9);
  const w = s.windowSize;
  const lost = s.seasonalDifference + s.difference;
  const windows = new SeriesWindows({
    windowSize: w,
    horizon: config.forecast?.horizon ?? 1,
    strategy: config.forecast?.strategy ?? 'direct',
    recursion: config.forecast?.recursion ?? 'window',
    quantiles: checkedQuantiles(config.forecast),
  });
  if (windows.recursion === 'state' && windows.strategy !== 'recursive')
    throw new SeqlabError(
      'forecast.recursion: state applies to strategy: recursive; remove it or set strategy: recursive',
    );
  const W = windows.width;
  if (lost + w + W > nTrain && !config.data.seriesId)
    throw new SeqlabError(
      `${where}: ${nTrain} training steps are too few for windowSize ${w}${W > 1 ? ` and ${W} targets` : ''} after differencing (${lost} steps lost)`,
    );
  const covariates: [string, BatchStep][] = [];
  if (cov && (covColumns.length || cov.calendar.length)) {
    if (windows.strategy === 'recursive')
      throw new SeqlabError(
        'data.covariates: a recursive model reads the series alone; use forecast.strategy: direct with covariates',
      );
    if (cov.calendar.length && !time)
      throw new SeqlabError('data.covariates.calendar: needs a time column (data.time)');
    requireNumeric(frame, covColumns, where);
    covariates.push([
      'covariates',
      new Covariates({ ...cov, timeColumn: time ?? null, steps: windows.horizon }),
    ]);
  }
  const seriesSteps: [string, BatchStep][] = [
    [
      'values',
      new SeriesValues({
        valueColumn: value,
        timeColumn: time ?? null,
        log: s.log,
        difference: s.difference,
        seasonalDifference: s.seasonalDifference,
        fill: config.data.fill,
        duplicates: config.data.duplicates,
        resample: config.data.resample,
        dayFirst: time && data.dateOrders?.[time] ? data.dateOrders[time] === 'dmy' : undefined,
        timeZone: config.data.timeZone,
        nonNegative: s.nonNegative,
      }),
    ],
    ...scaleStep(config, 'series'),
    ...covariates,
    ['windows', windows],
  ];
  if (config.data.seriesId)
    return preparePanel(frame, config, timeSteps, seriesSteps, { time, W, minTrain: lost + w + W });
  const steps = [...timeSteps, ...seriesSteps];
  const pipeline = fitPipeline(
    config,
    steps,
    rawBatch(frame, where, { fitEnd: config.preprocessing.scalerFit === 'all' ? n : nTrain }),
  );
  const all = transform(pipeline, rawBatch(frame, where));
  const y = all.series!.y;
  // Training samples have all W targets in the training part; test samples start after it.
  const trainIdx = all.rows.flatMap((t, i) => (t + W <= nTrain ? [i] : []));
  const testIdx = all.rows.flatMap((t, i) => (t >= nTrain ? [i] : []));
  if (testIdx.length === 0)
    throw new SeqlabError(
      `${where}: the test part (${n - nTrain} steps) has no origin with all ${W} targets; lower forecast.horizon or raise data.split.testSize`,
    );
  const rowsOf = (idx: number[]): number[] => idx.map((i) => all.rows[i]!);
  const targets = (idx: number[]): Arr => ({
    data: Float32Array.from(
      { length: idx.length * W },
      (_, j) => all.targets![idx[Math.floor(j / W)]! * W + (j % W)]!,
    ),
    shape: [idx.length, W],
  });
  const invert = (pred: ArrayLike<number>, rows: readonly number[]): Float64Array =>
    invertPredictions(pipeline, pred, { ...all, rows: [...rows] }).values;
  const timeLabels = time
    ? timeLabelsOf(frame.column(time) as ArrayLike<unknown>, config.data.timeZone)
    : Array.from({ length: n }, (_, i) => String(i));
  return {
    pipeline,
    info: pipelineInfo(pipeline),
    xTrain: takeRows(all.x as Arr, trainIdx),
    yTrain: targets(trainIdx),
    xTest: takeRows(all.x as Arr, testIdx),
    yTest: targets(testIdx),
    trainRows: rowsOf(trainIdx),
    testRows: rowsOf(testIdx),
    truthTrain: Float64Array.from(rowsOf(trainIdx), (t) => y[t]!),
    truthTest: Float64Array.from(rowsOf(testIdx), (t) => y[t]!),
    invert,
    series: y,
    time: timeLabels,
    seriesBatch: all,
    trainEnd: nTrain,
    edaFrame: frame,
    warnings,
  };
}

/**
 * Panel data (data.seriesId): the frame's series, each with its gaps filled and its own training part
 * (the first 1 − testSize of its steps), one SeriesPanel step fitting the series steps per series,
 * and the samples of all series concatenated for one global model. Prepared.series holds the series
 * one after another (panel[i].offset is where each starts), so step numbers are unique.
 */
function preparePanel(
  frame: Frame,
  config: ExperimentConfig,
  timeSteps: [string, BatchStep][],
  seriesSteps: [string, BatchStep][],
  o: { time: string | undefined; W: number; minTrain: number },
): Prepared {
  const where = config.data.source;
  const idColumn = config.data.seriesId!;
  const warnings: string[] = [];
  const kept: Frame[] = [];
  const fitEnds: Record<string, number> = {};
  const short: { id: string; steps: number }[] = [];
  for (const [id, rows] of groupRows(frame, idColumn, where)) {
    let part = frame.take(rows);
    if (o.time)
      part = regularTimes(part, o.time, config.data, `${where}: series '${id}', time column '${o.time}'`);
    part = trainingPart(part, config);
    const nTrain = Math.floor(part.nRows * (1 - config.data.split.testSize) + 1e-9);
    if (nTrain < o.minTrain || part.nRows - nTrain < o.W) {
      short.push({ id, steps: part.nRows });
      continue;
    }
    fitEnds[id] = config.preprocessing.scalerFit === 'all' ? part.nRows : nTrain;
    kept.push(part);
  }
  if (short.length) {
    const what = `series ${short.map((s) => `'${s.id}' (${s.steps} steps)`).join(', ')} of '${idColumn}' are too short: each needs ${o.minTrain} training steps (window, targets and differencing) and ${o.W} test steps`;
    if (config.data.shortSeries === 'error' || kept.length === 0)
      throw new SeqlabError(
        `${where}: ${what}; ${kept.length ? 'set data.shortSeries: skip to leave them out, or ' : ''}lower preprocessing.series.windowSize, forecast.horizon or data.split.testSize`,
      );
    warnings.push(`${what}; skipped (data.shortSeries: skip)`);
  }
  const panelFrame = Frame.concat(kept);
  const panel = new SeriesPanel({
    idColumn,
    steps: new Pipeline(seriesSteps),
    shortSeries: config.data.shortSeries,
    skipped: short.map((s) => ({ id: s.id, reason: `${s.steps} steps are too few for the run's split` })),
  });
  const pipeline = fitPipeline(
    config,
    [...timeSteps, ['panel', panel]],
    rawBatch(panelFrame, where, { fitEnds }),
  );
  const all = transform(pipeline, rawBatch(panelFrame, where));
  const W = o.W;
  const series: PanelSeries[] = [];
  let offset = 0;
  for (const part of all.panel!) {
    const nTrain = Math.floor(part.batch.series!.y.length * (1 - config.data.split.testSize) + 1e-9);
    series.push({ part, trainEnd: nTrain, offset });
    offset += part.batch.series!.y.length;
  }
  const y = new Float64Array(offset);
  const firstStep = new Int32Array(offset);
  for (const s of series) {
    y.set(s.part.batch.series!.y, s.offset);
    firstStep.fill(s.offset, s.offset, s.offset + s.part.batch.series!.y.length);
  }
  // Samples (indices into the panel batch) and their global steps, series after series.
  const pick = (test: boolean): { idx: number[]; rows: number[] } => {
    const idx: number[] = [];
    const rows: number[] = [];
    for (const s of series)
      s.part.batch.rows.forEach((t, i) => {
        if (test ? t >= s.trainEnd : t + W <= s.trainEnd) {
          idx.push(s.part.first + i);
          rows.push(s.offset + t);
        }
      });
    return { idx, rows };
  };
  const train = pick(false);
  const test = pick(true);
  const targets = (idx: number[]): Arr =>
    takeRows({ data: all.targets!, shape: [all.targets!.length / W, W] }, idx);
  const invert = (pred: ArrayLike<number>, rows: readonly number[]): Float64Array => {
    const width = rows.length ? pred.length / rows.length : 1;
    const out = new Float64Array(pred.length);
    for (const s of series) {
      const n = s.part.batch.series!.y.length;
      const at = rows.flatMap((g, j) => (g >= s.offset && g < s.offset + n ? [j] : []));
      if (!at.length) continue;
      const sub = Float64Array.from(
        { length: at.length * width },
        (_, i) => pred[at[Math.floor(i / width)]! * width + (i % width)]!,
      );
      const values = invertPredictions(s.part.pipeline, sub, {
        ...s.part.batch,
        rows: at.map((j) => rows[j]! - s.offset),
      }).values;
      at.forEach((j, i) => out.set(values.subarray(i * width, (i + 1) * width), j * width));
    }
    return out;
  };
  const time = series.flatMap((s) =>
    o.time
      ? timeLabelsOf(s.part.batch.frame.column(o.time) as ArrayLike<unknown>, config.data.timeZone)
      : Array.from(s.part.batch.series!.y, (_, i) => String(i)),
  );
  return {
    pipeline,
    info: pipelineInfo(pipeline),
    xTrain: takeRows(all.x as Arr, train.idx),
    yTrain: targets(train.idx),
    xTest: takeRows(all.x as Arr, test.idx),
    yTest: targets(test.idx),
    trainRows: train.rows,
    testRows: test.rows,
    truthTrain: Float64Array.from(train.rows, (g) => y[g]!),
    truthTest: Float64Array.from(test.rows, (g) => y[g]!),
    invert,
    series: y,
    time,
    seriesBatch: all,
    panel: series,
    firstStep,
    warnings,
    edaFrame: panelFrame,
  };
}

/** The window end steps in [from, to): every `stride`-th step from the first with a full window. */
function windowEnds(from: number, to: number, w: number, stride: number): number[] {
  const out: number[] = [];
  for (let t = Math.max(from, w - 1); t < to; t += stride) out.push(t);
  return out;
}

function prepareWindows(data: LoadedData, config: ExperimentConfig): Prepared {
  const where = config.data.source;
  const wCfg = config.preprocessing.windows;
  if (!wCfg)
    throw new SeqlabError(
      'preprocessing.windows: required for data.type windows. Example: windows: { windowSize: 24 }',
    );
  const label = config.data.label as string | undefined; // one column: the schema allows several only for tables and text
  if (!label)
    throw new SeqlabError(
      'data.label: required for data.type windows (the class of each window’s last step)',
    );
  requireColumn(data.frame, label, 'label', where);
  if (config.data.task === 'regression')
    throw new SeqlabError(
      `data.task regression: data.type windows classifies each window by its last step's class; to predict the number '${label}' from the steps before it, use data.type series with data.value: ${label}${config.data.features?.length ? ` and data.covariates: { past: [${config.data.features.join(', ')}] }` : ' and the other readings as data.covariates.past'}`,
    );
  const features =
    config.data.features ?? defaultFeatures(data.frame, [label, ...[config.data.time ?? []].flat()], where);
  requireNumeric(data.frame, features, where);
  const frame = handleMissing(data.frame, config, [...features, label]);
  const n = frame.nRows;
  const nTrain = Math.floor(n * (1 - config.data.split.testSize) + 1e-9);
  const w = wCfg.windowSize;
  const trainRows = windowEnds(0, nTrain, w, wCfg.stride);
  const testRows = windowEnds(nTrain, n, w, wCfg.stride);
  if (trainRows.length === 0 || testRows.length === 0)
    throw new SeqlabError(`${where}: ${n} rows are too few for windows of ${w} in both splits`);
  const labels = new Labels({ column: label, threshold: config.evaluation.threshold }).fit(
    rawBatch(frame, where),
  );
  const steps: [string, BatchStep][] = [
    ['features', new FeatureColumns({ features, input: 'windows' })],
    ...scaleStep(config, 'x'),
    ['windows', new FeatureWindows({ windowSize: w })],
  ];
  const pipeline = fitPipeline(
    config,
    steps,
    rawBatch(frame, where, { fitEnd: config.preprocessing.scalerFit === 'all' ? n : nTrain }),
    labels,
  );
  const info = pipelineInfo(pipeline);
  // One window ends at every row from w − 1; the run keeps every stride-th of each part.
  const all = transform(pipeline, rawBatch(frame, where));
  const sample = (rows: number[]): number[] => rows.map((t) => t - (w - 1));
  const idsTrain = Int32Array.from(sample(trainRows), (i) => all.ids![i]!);
  const idsTest = Int32Array.from(sample(testRows), (i) => all.ids![i]!);
  return {
    pipeline,
    info,
    xTrain: takeRows(all.x as Arr, sample(trainRows)),
    yTrain: targetsFor(idsTrain, info),
    xTest: takeRows(all.x as Arr, sample(testRows)),
    yTest: targetsFor(idsTest, info),
    trainRows,
    testRows,
    idsTrain,
    idsTest,
    edaFrame: frame.take(Array.from({ length: nTrain }, (_, i) => i)),
    warnings: classWarnings(label, info.labels!, idsTrain, idsTest),
  };
}

/**
 * Splits and preprocesses loaded data as the config says.
 * @example const prepared = prepareData(await loadExperimentData(config), config);
 */
export function prepareData(data: LoadedData, config: ExperimentConfig): Prepared {
  if (
    config.data.targetTransform === 'log' &&
    ((config.data.type !== 'table' && config.data.type !== 'text') || config.data.task !== 'regression')
  )
    throw new SeqlabError(
      `data.targetTransform: log is for regressions on tables and texts (data.task: regression); a series model takes preprocessing.series.log instead`,
    );
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

/**
 * forecast.quantiles, checked: sorted, 0.5 among them (the point forecast) and each q < 0.5 paired
 * with 1 − q (an interval); direct models only, and instead of the conformal intervals.
 */
function checkedQuantiles(f: ExperimentConfig['forecast']): number[] | null {
  const q = f?.quantiles;
  if (!q) return null;
  const sorted = q.every((v, i) => i === 0 || v > q[i - 1]!);
  const layout = quantileLayout(q);
  const paired = new Set([layout.median, ...layout.intervals.flatMap((p) => [p.lo, p.hi])]);
  const unpaired = q.filter((_, i) => !paired.has(i));
  if (!sorted || layout.median < 0 || unpaired.length)
    throw new SeqlabError(
      `forecast.quantiles ${JSON.stringify(q)}: give increasing quantiles with 0.5 (the point forecast) and each lower one paired with its upper one, e.g. [0.1, 0.5, 0.9]${unpaired.length ? ` (${unpaired.join(' and ')} ${unpaired.length > 1 ? 'have' : 'has'} no partner)` : ''}`,
    );
  if (f.strategy === 'recursive')
    throw new SeqlabError(
      'forecast.quantiles: a recursive model feeds one value back per step, not a distribution; use strategy: direct',
    );
  if (f.intervals)
    throw new SeqlabError(
      'forecast.quantiles and forecast.intervals both give intervals: keep quantiles (the network predicts them) or intervals (conformal, from the backtest)',
    );
  return q;
}

/**
 * The experiment config (YAML or JSON) that `seqlab train` runs, as a zod schema. Every object is
 * strict: an unknown key is an error, so a typo (`epoch:` for `epochs:`) is caught before training.
 */
import { z } from 'zod';
import type { ResampleEvery } from '../data/time.js';
import { encodingNamed, LEGACY_ENCODINGS } from '../data/io/compressed.js';
import { isTimeZone } from '../data/time-zone.js';

const POS_INT = 'expected a positive integer';
const FRACTION = 'expected a number between 0 and 1';

/** A positive integer with a readable message. */
export const posInt = (): z.ZodNumber =>
  z.number({ error: POS_INT }).int({ error: POS_INT }).positive({ error: POS_INT });
const nonNegInt = (): z.ZodNumber =>
  z
    .number({ error: 'expected an integer ≥ 0' })
    .int({ error: 'expected an integer ≥ 0' })
    .min(0, { error: 'expected an integer ≥ 0' });
const fraction = (): z.ZodNumber =>
  z.number({ error: FRACTION }).min(0, { error: FRACTION }).max(1, { error: FRACTION });
const openFraction = (): z.ZodNumber =>
  z.number({ error: 'expected a number strictly between 0 and 1' }).gt(0).lt(1);
const str = (): z.ZodString => z.string({ error: 'expected a string' });
const bool = (): z.ZodBoolean => z.boolean({ error: 'expected true or false' });

const regularizer = z.strictObject({ l1: z.number().min(0).optional(), l2: z.number().min(0).optional() });
const initializer = z.union([str(), z.record(z.string(), z.unknown())]);
const activation = z.enum([
  'linear',
  'relu',
  'sigmoid',
  'tanh',
  'softmax',
  'elu',
  'selu',
  'gelu',
  'swish',
  'softplus',
  'hardSigmoid',
  'leakyRelu',
]);

const common = {
  name: str().optional(),
  trainable: bool().optional(),
  inputShape: z.array(z.union([posInt(), z.null()])).optional(),
};

const recurrentOptions = {
  ...common,
  units: posInt(),
  activation: activation.optional(),
  recurrentActivation: activation.optional(),
  useBias: bool().optional(),
  returnSequences: bool().optional(),
  goBackwards: bool().optional(),
  dropout: fraction().optional(),
  recurrentDropout: fraction().optional(),
  kernelInitializer: initializer.optional(),
  recurrentInitializer: initializer.optional(),
  biasInitializer: initializer.optional(),
  kernelRegularizer: regularizer.optional(),
  recurrentRegularizer: regularizer.optional(),
  biasRegularizer: regularizer.optional(),
};

const lstm = z.strictObject({
  type: z.literal('lstm'),
  ...recurrentOptions,
  unitForgetBias: bool().optional(),
});
const gru = z.strictObject({ type: z.literal('gru'), ...recurrentOptions, resetAfter: bool().optional() });
const simpleRnn = z.strictObject({ type: z.literal('simpleRnn'), ...recurrentOptions });
const recurrent = z.discriminatedUnion('type', [lstm, gru, simpleRnn]);

/** One layer: `{ type, ...the layer's options in camelCase }`. */
export const layerSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('dense'),
    ...common,
    units: posInt(),
    activation: activation.nullable().optional(),
    useBias: bool().optional(),
    kernelInitializer: initializer.optional(),
    biasInitializer: initializer.optional(),
    kernelRegularizer: regularizer.optional(),
    biasRegularizer: regularizer.optional(),
  }),
  z.strictObject({
    type: z.literal('embedding'),
    ...common,
    /** Defaults to the tokenizer's vocabulary size. */
    inputDim: posInt().optional(),
    outputDim: posInt(),
    maskZero: bool().optional(),
    embeddingsInitializer: initializer.optional(),
    embeddingsRegularizer: regularizer.optional(),
    /** Pretrained word vectors (GloVe / word2vec text / fastText .vec, .gz/.xz/.bz2) aligned to the vocabulary; with trainable: false they stay fixed. */
    pretrained: str().optional(),
  }),
  z.strictObject({
    type: z.literal('columnEmbedding'),
    ...common,
    /** One width for every embedded column, or one each; default round(1.6 · levels^0.56), at most 50. */
    outputDim: posInt().optional(),
    outputDims: z.array(posInt()).optional(),
    embeddingsInitializer: initializer.optional(),
    embeddingsRegularizer: regularizer.optional(),
  }),
  z.strictObject({ type: z.literal('dropout'), ...common, rate: fraction() }),
  z.strictObject({ type: z.literal('spatialDropout1d'), ...common, rate: fraction() }),
  lstm,
  gru,
  simpleRnn,
  z.strictObject({
    type: z.literal('bidirectional'),
    ...common,
    layer: recurrent,
    mergeMode: z.enum(['concat', 'sum', 'mul', 'ave']).nullable().optional(),
  }),
  z.strictObject({ type: z.literal('attentionPooling'), ...common, units: posInt().optional() }),
  z.strictObject({
    type: z.literal('attention'),
    ...common,
    useScale: bool().optional(),
    causal: bool().optional(),
  }),
  z.strictObject({
    type: z.literal('conv1d'),
    ...common,
    filters: posInt(),
    kernelSize: posInt(),
    strides: posInt().optional(),
    padding: z.enum(['valid', 'same', 'causal']).optional(),
    activation: activation.nullable().optional(),
  }),
  z.strictObject({ type: z.literal('flatten'), ...common }),
  z.strictObject({ type: z.literal('reshape'), ...common, targetShape: z.array(z.number().int()) }),
  z.strictObject({ type: z.literal('globalAveragePooling1d'), ...common }),
  z.strictObject({ type: z.literal('globalMaxPooling1d'), ...common }),
]);
export type LayerSpec = z.infer<typeof layerSchema>;

const split = z.strictObject({
  /** Fraction of rows (or time steps) for the test split. Default 0.2. */
  testSize: openFraction().default(0.2),
  /** Last rows are the test split (series, windows); default for series and windows. */
  chronological: bool().optional(),
  /** Keep class proportions in both splits (classification). Default true. */
  stratify: bool().default(true),
  seed: z.number().int().default(42),
});

const data = z
  .strictObject({
    /** A CSV/XLSX/JSONL(.gz/.xz/.bz2) path, or a builtin: imdb, makeClassification, breastCancer, demo:tabular|timeseries|text. */
    source: str(),
    /** What a row is: numeric features of one sample (table), a document (text), a step of a series to forecast (series), a step of a multivariate series whose windows are classified (windows). */
    type: z.enum(['table', 'text', 'series', 'windows']),
    /**
     * The label column. Several columns (`[toxic, obscene, insult]`, each 0/1) make a multi-label
     * model: each sample may carry any number of the labels.
     */
    label: z.union([str(), z.array(str()).min(2)]).optional(),
    /**
     * Multi-label (data.task: multilabel, one label column listing each sample's labels): what splits
     * a cell into labels. Left out: a cell written as a list (`['cs.LG', 'stat.ML']`) is read as one,
     * else the first of `|`, `;`, `,` that the column holds.
     */
    labelSeparator: str().optional(),
    features: z.array(str()).optional(),
    /** Text column, or several joined with a separator word. */
    text: z.union([str(), z.array(str()).min(1)]).optional(),
    /** The time column, or the columns its parts are in (year, month, day, hour, minute, second; or a date and a time of day). */
    time: z.union([str(), z.array(str()).min(1).max(6)]).optional(),
    value: str().optional(),
    /** Options for a builtin source (e.g. makeClassification's nSamples, nFeatures, seed). */
    options: z.record(z.string(), z.unknown()).optional(),
    /** What to do with missing numeric values. Default 'error'. */
    missing: z.enum(['error', 'drop', 'fillMean']).default('error'),
    /** Numbers that stand for a missing value in every numeric column (-200, -9999, 9999.9; pandas' na_values), read as blank cells. */
    naValues: z.array(z.number()).optional(),
    /**
     * Text values to read as others, per column (pandas' `df.replace({'col': {'yes': 'Yes'}})`): one
     * label or category written several ways (`Yes`, `yes`, `YES`). Applied in training and to every
     * row the saved model reads later; `seqlab init` proposes it for spellings that differ in case or spaces.
     */
    replace: z.record(str(), z.record(str(), str())).optional(),
    /**
     * Codes made of parts, split into one column per part (`Cabin: /` makes `B/0/P` into Cabin_1,
     * Cabin_2, Cabin_3, numbers where the part is one; pandas' `str.split('/', expand=True)`). Applied in
     * training and to every row the saved model reads later; `seqlab init` proposes it.
     */
    splitColumns: z.record(str(), str().min(1)).optional(),
    /** Series: columns observed up to each origin (past), known in advance (future), and calendar features of the time column. */
    covariates: z
      .strictObject({
        past: z.array(str()).default([]),
        future: z.array(str()).default([]),
        calendar: z.array(z.enum(['month', 'dayOfWeek', 'dayOfYear', 'hour'])).default([]),
      })
      .optional(),
    /** Series: missing timestamps (gaps in the time column) are an error, or rows filled by interpolation or the last value. */
    fill: z.enum(['error', 'interpolate', 'forwardFill']).default('error'),
    /** Series: rows that share a timestamp are an error, or merged into one (numbers by mean, sum, first or last). */
    duplicates: z.enum(['error', 'mean', 'sum', 'first', 'last']).default('error'),
    /**
     * Series: rows at irregular times (transactions, events) gathered into regular periods, numbers by
     * `how` (pandas' `df.resample('D', on=time).sum()`); with sum and count an empty period is 0.
     * `how: count` also adds a column `count`, the rows in each period (`value: count` forecasts it).
     * `every` is a unit or a fixed multiple as pandas writes it ('10min', '2h', '7d'). `align: nearest`
     * puts each row on the nearest mark of a grid `every` apart (pandas' `index.round`): for readings
     * taken at a fixed step whose timestamps wander by seconds.
     */
    resample: z
      .strictObject({
        every: z
          .string()
          .regex(
            /^(minute|hour|day|week|month|quarter|year|[1-9]\d*(min|h|d))$/,
            "a unit (minute, hour, day, week, month, quarter, year) or a multiple such as '10min', '2h', '7d'",
          )
          .transform((v) => v as ResampleEvery),
        how: z.enum(['sum', 'count', 'mean', 'min', 'max', 'first', 'last']),
        align: z.enum(['start', 'nearest']).optional(),
      })
      .refine((r) => r.align !== 'nearest' || !['week', 'month', 'quarter', 'year'].includes(r.every), {
        message:
          'align: nearest needs a fixed period (minute, hour, day or a multiple such as 10min), not week, month, quarter or year',
      })
      .optional(),
    /**
     * Series: the column that tells the series of a panel apart (one global model, each series scaled
     * on its own), or the columns whose values together do (`[store_nbr, family]`, as Darts'
     * group_cols): they are joined into one column, named `store_nbr/family`.
     */
    seriesId: z.union([str(), z.array(str()).min(2)]).optional(),
    /** Written by the run for a seriesId of several columns: the columns the joined id is made of. */
    seriesParts: z.array(str()).min(2).optional(),
    /** Series of a panel too short for one window (and the backtest): an error naming them, or skipped with a warning. */
    shortSeries: z.enum(['error', 'skip']).default('error'),
    /** The first row names the columns (CSV, XLSX). Left out: a CSV's first lines decide, and the run says which. */
    header: bool().optional(),
    /** Column names for a file without a header row (default col0, col1, …). */
    columns: z.array(str()).optional(),
    /** Lines to skip before the header or the data (e.g. scikit-learn's count line). Left out: sniffed. */
    skipLines: nonNegInt().optional(),
    /**
     * A CSV's field separator: ',', ';', 'tab', '|', or 'whitespace' (runs of spaces and tabs, pandas'
     * sep=r'\s+'). Left out: detected from the first lines, and the run says which when not a comma.
     */
    delimiter: z.enum([',', ';', 'tab', '|', 'whitespace']).optional(),
    /** The row under the header holds the columns' units (`°C`, `hPa`), not data: skipped. Left out: detected. */
    unitsRow: bool().optional(),
    /** XLSX: the worksheet, by name or 1-based index (default the first). */
    sheet: z.union([str(), posInt()]).optional(),
    /**
     * A text file's encoding (default: detected; Excel on Windows writes windows-1252, gb18030, shift_jis … or
     * utf-16le). pandas' names are taken too (latin1, cp1252, gbk, utf-8-sig, cp932) and read by their WHATWG name.
     */
    encoding: str()
      .transform((e, ctx) => {
        const name = encodingNamed(e);
        if (name) return name;
        ctx.addIssue({
          code: 'custom',
          message: `'${e}' is not an encoding seqlab reads: one of utf-8, utf-16le, utf-16be, ${LEGACY_ENCODINGS.join(', ')} (or pandas' names for them: latin1, cp1252, gbk, cp932 …); left out, it is detected`,
        });
        return z.NEVER;
      })
      .optional(),
    /**
     * Dates that fit both orders (`01/02/2021`) are day first (true: 1 February) or month first
     * (false: 2 January), as pandas' `dayfirst`. Left out: each column's dates decide (a day above 12,
     * dots, a field that never changes), else month first. A series model saves the order its time
     * column was read in and reads newer files (forecast --data, predict, serve) the same way.
     */
    dayFirst: bool().optional(),
    /**
     * Timestamps written with a UTC offset (`2024-03-10T03:00:00-04:00`, `…Z`) are read in this zone's
     * local time: an IANA name (`America/New_York`, `Europe/Berlin`) or a fixed offset (`+05:30`), as
     * pandas' `tz_convert(zone)`. Hours, days and calendar features then follow that clock, and a series
     * model writes its forecasts with the zone's offsets. Timestamps without an offset are local already.
     */
    timeZone: str()
      .refine(isTimeZone, {
        error: (i) =>
          `'${String(i.input)}' is not a time zone: an IANA name such as America/New_York or Europe/Berlin, UTC, or a fixed offset such as +05:30`,
      })
      .optional(),
    /** A separate test file with the same columns, used as the test split instead of cutting one (tables, text). */
    test: str().optional(),
    /**
     * Tables and text: classify the label (default), predict it as a number (regression: MSE/MAE,
     * linear-regression baseline), or tag each sample with any number of labels (multilabel: the
     * label column lists them, or data.label names one 0/1 column per label).
     */
    task: z.enum(['classification', 'regression', 'multilabel']).optional(),
    /**
     * Table regression: train on log(1 + y) (scikit-learn's TransformedTargetRegressor with log1p), for
     * a skewed target that is never negative (prices, incomes, counts); predictions come back as y.
     */
    targetTransform: z.enum(['none', 'log']).default('none'),
    /** Tables: categorical feature columns: one-hot up to preprocessing.maxLevels levels, an embedding above (embedCategorical). */
    categorical: z.array(str()).optional(),
    /** Tables: date columns expanded into the year and calendar features (dateFeatures, as sin/cos). */
    dates: z.array(str()).optional(),
    dateFeatures: z.array(z.enum(['month', 'dayOfWeek', 'dayOfYear', 'hour'])).optional(),
    /**
     * Many series in one table, read in long form (pandas' melt), one row per series and step.
     * Written across (a row per country, a column per year, as statistics offices publish them):
     * `{ id: 'Country Name' }` gives columns `id`, `time` and `value`. Written down (a row per time, a
     * column per series: UCI's electricity `MT_001` … `MT_370`, sensors, stock tickers):
     * `{ time: date, series: 'MT_*' }` (a prefix, or a list of columns) gives `date`, `series`, `value`.
     * One series as a grid, a row per year and a column per month or quarter (NOAA's El Niño table):
     * `{ year: YEAR }` gives `time` and `value`.
     */
    melt: z
      .union([
        z.strictObject({ id: str() }),
        z.strictObject({ time: str(), series: z.union([str(), z.array(str()).min(1)]) }),
        z.strictObject({ year: str() }),
      ])
      .optional(),
    /** Use only the first N rows (quick runs). For builtins with their own test set, N per split. */
    maxRows: posInt().optional(),
    /**
     * Series: read only each series' training part (its steps before the test part, counted after
     * data.resample and data.fill); the config's split then cuts that again. The tuner's backtest
     * objective sets it, so no trial sees the test part.
     */
    trainPartOnly: bool().optional(),
    split: split.prefault({}),
  })
  .refine(
    (d) => d.type === 'table' || d.type === 'text' || (!Array.isArray(d.label) && d.task !== 'multilabel'),
    {
      error: 'several label columns and task multilabel apply to a table or text (data.type: table | text)',
      path: ['label'],
    },
  )
  .refine((d) => !Array.isArray(d.label) || (d.task ?? 'multilabel') === 'multilabel', {
    error: 'several label columns make a multi-label model: remove data.task or set it to multilabel',
    path: ['task'],
  })
  .refine((d) => d.type === 'series' || (!d.resample && !d.trainPartOnly), {
    error: 'resample and trainPartOnly apply to a series (data.type: series); remove them, or set the type',
    path: ['resample'],
  })
  // Several id columns: one joined column (made by the loader, and by SeriesPanel from raw rows).
  .transform(({ seriesId, ...d }) =>
    Array.isArray(seriesId)
      ? { ...d, seriesId: seriesId.join('/'), seriesParts: seriesId }
      : { ...d, ...(seriesId !== undefined ? { seriesId } : {}) },
  );

const textPre = z.strictObject({
  /** 'sequence': padded word indices (Embedding); 'multiHot': a numWords-wide 0/1 vector (Dense). */
  mode: z.enum(['sequence', 'multiHot']).default('sequence'),
  numWords: posInt().default(10000),
  maxlen: posInt().optional(),
  padding: z.enum(['pre', 'post']).default('pre'),
  truncating: z.enum(['pre', 'post']).default('pre'),
  lower: bool().default(true),
  /** Every character is a token (Chinese, Japanese: no spaces between words). */
  charLevel: bool().optional(),
  /** Keras TextVectorization (used when outputMode is set): int sequences or multiHot / count / tfIdf vectors. */
  outputMode: z.enum(['int', 'multiHot', 'count', 'tfIdf']).optional(),
  standardize: z.enum(['lower_and_strip_punctuation', 'lower', 'strip_punctuation']).nullable().optional(),
  /** auto: word segmentation (Intl.Segmenter) where a text is in a script without spaces, whitespace otherwise. */
  split: z.enum(['whitespace', 'character', 'words', 'auto']).nullable().optional(),
  locale: str().optional(),
  ngrams: z.union([posInt(), z.array(posInt()).min(1)]).optional(),
  maxTokens: posInt().optional(),
  minDf: posInt().optional(),
  outputSequenceLength: posInt().optional(),
  idfFormula: z.enum(['keras', 'sklearn']).optional(),
  smoothIdf: bool().optional(),
  sublinearTf: bool().optional(),
  norm: z.enum(['l2']).nullable().optional(),
  /** A fixed vocabulary: a text file, one token a line. */
  vocabulary: str().optional(),
});

const seriesPre = z.strictObject({
  windowSize: posInt(),
  log: bool().default(false),
  /** Lag of an ordinary difference (1), or 0 for none. */
  difference: nonNegInt().default(0),
  /** Period of a seasonal difference (12 for monthly data), or 0 for none. */
  seasonalDifference: nonNegInt().default(0),
  /**
   * The value can never be negative (counts, units sold): forecasts and interval bounds below 0 are
   * raised to 0, the truth's floor, so no error or coverage is lost.
   */
  nonNegative: bool().default(false),
});

const preprocessing = z.strictObject({
  scaler: z.enum(['none', 'minmax', 'standard']).default('none'),
  /** Fit the scaler on the training part only (default) or on all rows (the tutorials' leak). */
  scalerFit: z.enum(['train', 'all']).default('train'),
  /** Tables: most levels a categorical column keeps as its own one-hot column (the rest share "other"). */
  maxLevels: posInt().default(32),
  /**
   * Tables: a categorical column with more levels than maxLevels gets a learned embedding (ids into a
   * columnEmbedding layer, added first to the model) instead of one-hot columns for its top levels only.
   */
  embedCategorical: bool().default(true),
  /** Table rows become (features, 1) sequences for recurrent layers. */
  rowsAsSequences: bool().default(false),
  text: textPre.optional(),
  series: seriesPre.optional(),
  windows: z.strictObject({ windowSize: posInt(), stride: posInt().default(1) }).optional(),
});

const named = z.union([str(), z.looseObject({ name: str() })]);
const compile = z.strictObject({
  optimizer: named.default('adam'),
  loss: named.optional(),
  metrics: z.array(str()).optional(),
});

const training = z
  .strictObject({
    epochs: posInt().default(10),
    batchSize: posInt().default(32),
    validationSplit: z.number({ error: 'expected a number in [0, 1)' }).min(0).lt(1).default(0),
    shuffle: bool().default(true),
    earlyStopping: z
      .strictObject({
        monitor: str().default('val_loss'),
        patience: nonNegInt().default(3),
        minDelta: z.number().min(0).default(0),
        restoreBestWeights: bool().default(true),
        mode: z.enum(['auto', 'min', 'max']).default('auto'),
      })
      .optional(),
    reduceLrOnPlateau: z
      .strictObject({
        monitor: str().default('val_loss'),
        factor: fraction().default(0.5),
        patience: nonNegInt().default(2),
      })
      .optional(),
    classWeight: z.union([z.literal('balanced'), z.record(z.string(), z.number())]).optional(),
    /**
     * After the run with validationSplit has chosen the number of epochs (the best epoch), train a fresh
     * model on all training rows for that many epochs and keep it (scikit-learn's refit). Default false.
     */
    refit: bool().default(false),
    /** Save a checkpoint in the run folder after every this many epochs (and the last), for --resume. Default 1. */
    checkpointEvery: posInt().default(1),
    /** K-fold cross-validation on the training rows (the `cv:<metric>` objective of `seqlab tune`). */
    cv: z.strictObject({ folds: posInt().default(5), stratify: bool().default(true) }).optional(),
  })
  .refine((t) => !t.refit || t.validationSplit > 0, {
    error: 'refit needs validationSplit > 0: the validation rows choose the number of epochs',
    path: ['refit'],
  });

const evaluation = z.strictObject({
  baselines: z
    .array(
      z.enum([
        'logisticRegression',
        'tfidfLogisticRegression',
        'tfidfRidge',
        'majorityClass',
        'naive',
        'seasonalNaive',
        'drift',
        'mstl',
        'ar',
        'linearRegression',
        'windowStatistics',
        'mean',
      ]),
    )
    .optional(),
  /** Series: rolling-origin backtest of the H-step forecast (the model trains once, on the training part). */
  backtest: z
    .strictObject({
      origins: posInt(),
      stride: posInt().default(1),
      /** never: one model, trained before the first origin; K: a fresh model on all the data before every K-th origin. */
      retrain: z
        .union([z.literal('never'), posInt()], {
          error: "expected 'never' or a positive integer K (retrain before every K-th origin)",
        })
        .default('never'),
      /**
       * With retrain: each fresh model trains on the windows inside the last trainLength steps before
       * its origins (a sliding window, Darts' train_length); default every step before them (expanding).
       */
      trainLength: posInt().optional(),
    })
    .optional(),
  seasonPeriod: posInt().default(12),
  threshold: fraction().default(0.5),
  attentionSamples: nonNegInt().default(6),
});

/** Series: how far ahead and how, and the intervals calibrated on the backtest. */
const forecast = z.strictObject({
  horizon: posInt().default(1),
  /** direct: the model outputs `horizon` values (end with Dense(horizon)); recursive: a one-step model fed its own forecasts. */
  strategy: z.enum(['direct', 'recursive']).default('direct'),
  /**
   * recursive: window (each step runs the network over the last windowSize values, the forecasts
   * included) or state (the network reads the window once, then one step per forecast, its recurrent
   * state carried on; for stacks of LSTM / GRU / SimpleRNN layers with a dense head).
   */
  recursion: z.enum(['window', 'state']).default('window'),
  intervals: z.strictObject({ coverage: z.array(openFraction()).min(1) }).optional(),
  /**
   * Direct models: the network predicts these quantiles of each step (pinball loss), 0.5 the point
   * forecast and each pair (q, 1 − q) an interval of coverage 1 − 2q; the last Dense has
   * quantiles × horizon units. Instead of the conformal `intervals`.
   */
  quantiles: z.array(openFraction()).min(3).optional(),
});

/** The whole config. */
export const configSchema = z.strictObject({
  name: str().default('experiment'),
  description: str().optional(),
  seed: z.number({ error: 'expected an integer' }).int().default(0),
  data,
  preprocessing: preprocessing.prefault({}),
  model: z.strictObject({ layers: z.array(layerSchema).min(1, { error: 'expected at least one layer' }) }),
  compile: compile.prefault({}),
  training: training.prefault({}),
  evaluation: evaluation.prefault({}),
  forecast: forecast.optional(),
  /** `seqlab tune`: search space, objective, budget, sampler, pruner (checked by src/tuning/spec.ts). */
  tune: z.record(z.string(), z.unknown()).optional(),
});

export type ExperimentConfig = z.output<typeof configSchema>;
export type ExperimentConfigInput = z.input<typeof configSchema>;

/** Valid examples shown with an error, by the key that failed (the most specific match wins). */
export const EXAMPLES: Record<string, string> = {
  name: 'name: airline-lstm',
  seed: 'seed: 0',
  data: 'data: { source: data.csv, type: table, label: y }',
  'data.source':
    'source: ${SEQLAB_DATA}/airline-passengers.csv   (or imdb, makeClassification, breastCancer, demo:tabular)',
  'data.type': 'type: table   (table | text | series | windows)',
  'data.split': 'split: { testSize: 0.2, chronological: false, stratify: true, seed: 42 }',
  'data.maxRows': 'maxRows: 500',
  'data.header': 'header: false   (the file has no header row; columns are col0, col1, … or data.columns)',
  'data.test': 'test: ${SEQLAB_DATA}/adult-test.csv.gz',
  'data.task': 'task: regression   (classification | regression)',
  'data.categorical': 'categorical: [workclass, education]',
  'data.features': 'features: [x1, x2, x3]',
  preprocessing: 'preprocessing: { scaler: standard, rowsAsSequences: true }',
  'preprocessing.text': 'text: { mode: sequence, numWords: 20000, maxlen: 100 }',
  'preprocessing.series': 'series: { windowSize: 12, log: true, seasonalDifference: 12 }',
  'preprocessing.windows': 'windows: { windowSize: 24, stride: 2 }',
  model: 'model: { layers: [ { type: lstm, units: 64 }, { type: dense, units: 1, activation: sigmoid } ] }',
  compile: 'compile: { optimizer: adam, loss: binaryCrossentropy, metrics: [accuracy] }',
  'compile.optimizer': 'optimizer: adam   (or { name: rmsprop, learningRate: 0.001 })',
  training: 'training: { epochs: 10, batchSize: 32, validationSplit: 0.2 }',
  'training.refit': 'refit: true   (with validationSplit: 0.2 and earlyStopping, which choose the epochs)',
  'training.earlyStopping': 'earlyStopping: { monitor: val_loss, patience: 3, restoreBestWeights: true }',
  evaluation: 'evaluation: { baselines: [logisticRegression, majorityClass] }',
  'layer.dense': '{ type: dense, units: 16, activation: relu }',
  'layer.embedding': '{ type: embedding, outputDim: 128 }',
  'layer.dropout': '{ type: dropout, rate: 0.2 }',
  'layer.spatialDropout1d': '{ type: spatialDropout1d, rate: 0.2 }',
  'layer.lstm': '{ type: lstm, units: 64 }',
  'layer.gru': '{ type: gru, units: 64, returnSequences: true }',
  'layer.simpleRnn': '{ type: simpleRnn, units: 32 }',
  'layer.bidirectional': '{ type: bidirectional, layer: { type: gru, units: 64, returnSequences: true } }',
  'layer.attentionPooling': '{ type: attentionPooling, units: 64 }',
  'layer.attention': '{ type: attention }',
  'layer.conv1d': '{ type: conv1d, filters: 32, kernelSize: 3, activation: relu }',
  'layer.reshape': '{ type: reshape, targetShape: [10, 1] }',
  'layer.flatten': '{ type: flatten }',
  'layer.globalAveragePooling1d': '{ type: globalAveragePooling1d }',
  'layer.globalMaxPooling1d': '{ type: globalMaxPooling1d }',
  layer:
    '{ type: lstm, units: 64 }   (types: dense, embedding, dropout, spatialDropout1d, lstm, gru, simpleRnn, bidirectional, attentionPooling, attention, conv1d, flatten, reshape, globalAveragePooling1d, globalMaxPooling1d)',
};

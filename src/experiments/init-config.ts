/**
 * From an Inference to a runnable experiment config, sized to the data (rows, features, sequence
 * lengths, class balance, time step), with a comment on every choice. The recipes per kind of data
 * are the ones the hand-written examples settled on by validation / backtest (docs/guides/own-data.md).
 */
import YAML, { isMap, isScalar, isSeq, visit, type Document } from 'yaml';
import { Frame } from '../data/frame.js';
import { splitText } from '../data/preprocessing/text-tokens.js';
import { parseTime, regularTimes, resampleTimes } from '../data/time.js';
import { SeqlabError } from '../errors.js';
import type { ReadTableOptions } from './data.js';
import type { ValueMap } from '../data/preprocessing/replace-values.js';
import type { ExperimentConfigInput } from './config-schema.js';
import { AMOUNT_NAMES, datesOf, type Inference } from './infer.js';
import { embeddingWidth } from './model-build.js';
import { imbalanced } from '../metrics/classification.js';
import {
  KPSS_CRITICAL,
  kpss,
  ndiffs,
  panelKpss,
  seasonallyAdjusted,
  dominantPeriod,
  lessYearlyCycle,
  seasonalStrength,
} from '../forecasting/stationarity.js';
import { maseScale } from '../forecasting/metrics.js';

/** A config and the comments that explain it, keyed by the path of the value they explain. */
export interface InitConfig {
  config: ExperimentConfigInput;
  comments: [path: (string | number)[], comment: string][];
  /** Lines for the top of the file: the columns' roles with their evidence. */
  header: string[];
}

export interface InitOptions {
  /** data.source as it should appear in the config (relative to the config's folder, or absolute). */
  source: string;
  /** How the file was read (header, count line, sheet): repeated in the config so the run reads it the same way. */
  read: ReadTableOptions & {
    layoutNotes?: string[];
    naValues?: number[];
    replace?: ValueMap;
    splitColumns?: Record<string, string>;
  };
  /** A separate test file (data.test). */
  test?: string;
  name?: string;
  /** Series: the steps to forecast (`--horizon`), in place of the recipe's for the time step. */
  horizon?: number;
}

function percentile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

function tableRecipe(
  inf: Inference,
  frame: Frame,
  cfg: Record<string, unknown>,
  notes: InitConfig['comments'],
): void {
  const features = inf.columns.filter(
    (c) => ['numeric', 'boolean', 'categorical'].includes(c.role) && !inf.derived?.includes(c.name),
  );
  const categorical = features.filter((c) => c.role === 'categorical').map((c) => c.name);
  const dates = inf.columns.filter((c) => c.role === 'date');
  // One-hot up to 32 levels (preprocessing.maxLevels); a column with more gets a learned embedding
  // (a columnEmbedding layer the run adds before the first layer; the roles' evidence says which).
  const width = features.reduce(
    (a, c) =>
      a + (c.role !== 'categorical' ? 1 : c.distinct > 32 ? embeddingWidth(c.distinct + 1) : c.distinct + 1),
    5 * dates.length, // the year plus month and day of week as sin/cos
  );
  const n = inf.nRows;
  const regression = inf.task === 'regression';
  const head = outputOf(inf);
  const out = regression
    ? { type: 'dense', units: 1 }
    : { type: 'dense', units: head.units, activation: head.activation, kernelRegularizer: { l2: 0.001 } };
  const data = cfg.data as Record<string, unknown>;
  data.features = features.map((c) => c.name);
  if (categorical.length) data.categorical = categorical;
  if (dates.length) {
    data.dates = dates.map((c) => c.name);
    // Timestamps with a time of day (a transaction's 02:14): the hour too, which fraud often follows.
    const clocked = dates.some((c) => {
      const times = Array.from(frame.column(c.name) as ArrayLike<unknown>, (v) => parseTime(v)).filter(
        (d): d is Date => d !== null,
      );
      return times.filter((d) => d.getTime() % 86_400_000 !== 0).length >= 0.1 * times.length;
    });
    if (clocked) data.dateFeatures = ['month', 'dayOfWeek', 'hour'];
    notes.push([
      ['data', 'dates'],
      `each as the year plus month, day of week${clocked ? ' and hour (the times hold one)' : ''} (sin/cos); leave out a date that only records when the row was written`,
    ]);
  }
  if (regression) {
    data.task = 'regression';
    // A skewed target that is never negative (prices, incomes, counts): say how to learn its log.
    const y = frame.numeric(inf.label!).filter((v) => !Number.isNaN(v));
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const sd = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length);
    const skew = sd > 0 ? y.reduce((a, b) => a + ((b - mean) / sd) ** 3, 0) / y.length : 0;
    if (skew > 1 && y.every((v) => v >= 0))
      notes.push([
        ['data', 'task'],
        `'${inf.label}' is skewed (skewness ${skew.toFixed(1)}) and never negative: to learn log(1 + y) instead, set data.targetTransform: log (predictions stay in ${inf.label}'s units); choose between the two by cross-validation, training.cv: { folds: 5 }, whose rmse_units is in ${inf.label}'s units for both — not by the test part`,
      ]);
  }
  const missingCols = [...features, ...dates].filter((c) => c.role !== 'categorical' && c.missing > 0);
  if (missingCols.length) {
    data.missing = 'fillMean';
    notes.push([
      ['data', 'missing'],
      `${missingCols.map((c) => `${c.name} (${c.missing})`).join(', ')} have missing values`,
    ]);
  }
  // A dense network, whatever the width: on validation rows (25%, 3 seeds) it beat reading each row as a
  // sequence with a bidirectional GRU and attention on Pima (val_loss 0.480 vs 0.560), breast cancer
  // (0.059 vs 0.086) and wine (0.031 vs 0.223), and tied on iris (docs/guides/own-data.md).
  cfg.preprocessing = { scaler: 'standard' };
  notes.push([
    ['preprocessing', 'scaler'],
    `${width} input columns (one-hot and embeddings included), standardised, into a dense network: on the Pima diabetes, breast cancer and wine tables it did better (iris: a tie) on validation rows than a row read as a sequence by a bidirectional GRU (set rowsAsSequences: true and recurrent layers to try that)`,
  ]);
  cfg.model = {
    layers: [
      { type: 'dense', units: 64, activation: 'relu' },
      { type: 'dropout', rate: 0.3 },
      { type: 'dense', units: 32, activation: 'relu' },
      out,
    ],
  };
  // Small tables take many cheap epochs: with a cap of 60, iris, breast cancer and wine were still
  // improving on validation at epochs 59, 51 and 59; with 200 early stopping ended them at 97, 80 and 148
  // with lower val_loss (0.417 → 0.327, 0.0167 → 0.0147, 0.0276 → 0.0127). Adult (15) gained nothing from 60.
  const epochs = n < 2000 ? 200 : n < 20000 ? 30 : 15;
  cfg.compile = {
    optimizer: 'adam',
    loss: regression ? 'mse' : head.loss,
    metrics: regression ? ['mae'] : ['accuracy'],
  };
  // Small tables: the epoch chosen on a 20% slice, then a fresh model trained on every training row
  // for that many epochs (scikit-learn's refit). In 5-fold cross-validation of the whole recipe on the
  // training parts of eight tables it beat the 10% slice without refit on six (accuracy +0.4 to +1.2
  // points, R² +2.1 and +2.4), tied on iris and was 0.07 below on digits (docs/guides/own-data.md).
  const small = n < 2000;
  cfg.training = {
    epochs,
    batchSize: small ? 32 : 128,
    validationSplit: small ? 0.2 : 0.1,
    earlyStopping: { monitor: 'val_loss', patience: small ? 15 : 5, restoreBestWeights: true },
    ...(small ? { refit: true } : {}),
  };
  notes.push([
    ['training', 'epochs'],
    small
      ? `${n} rows: at most ${epochs} epochs; early stopping on a 20% validation slice picks the epoch, then a fresh model is trained on all training rows for that many (refit)`
      : `${n} rows: at most ${epochs} epochs; early stopping on a 10% validation slice picks the epoch`,
  ]);
  cfg.evaluation = {
    baselines: regression ? ['linearRegression', 'mean'] : ['logisticRegression', 'majorityClass'],
  };
  if (!regression && inf.task !== 'multilabel') {
    const y = frame.column(inf.label!) as ArrayLike<unknown>;
    const counts = new Map<string, number>();
    for (let i = 0; i < y.length; i++) counts.set(String(y[i]), (counts.get(String(y[i])) ?? 0) + 1);
    const min = Math.min(...counts.values());
    const share = min / y.length;
    notes.push([
      ['evaluation', 'baselines'],
      `classes ${[...counts].map(([c, m]) => `${c}: ${m}`).join(', ')}${imbalanced([...counts.values()]) ? ` — imbalanced (smallest ${(share * 100).toFixed(0)}%): read macro-F1 beside accuracy, or set training.classWeight: balanced` : ''}`,
    ]);
  }
}

/**
 * Text: a bag of word 1–2-grams weighted by tf-idf into a small dense network, in any script (words come
 * from Intl.Segmenter where the text has no spaces). On the two corpora here it was the better recipe on
 * the validation rows: IMDB 0.905 test (a multi-hot bag of words 0.880, an LSTM 0.842) and ChnSentiCorp
 * 0.889 (a character LSTM 0.846; a word BiGRU with attention 0.885); docs/guides/text.md and own-data.md.
 * The vectors are sparse rows, so the vocabulary does not shrink as the corpus grows.
 */
function textRecipe(
  inf: Inference,
  frame: Frame,
  cfg: Record<string, unknown>,
  notes: InitConfig['comments'],
): void {
  const col = frame.column(inf.text!) as ArrayLike<unknown>;
  // The script infer found the text in, when it has few spaces (CJK, Thai …).
  const script = / of (\w+) script/.exec(inf.columns.find((c) => c.name === inf.text)!.evidence)?.[1];
  const n = inf.nRows;
  const { units, activation, loss } = outputOf(inf);
  const out = { type: 'dense', units, activation };
  // 20,000 n-grams whatever the corpus size: the vectors stay sparse rows (CSR) up to the model, which
  // densifies a batch at a time. (They were dense when this recipe was written, and the vocabulary
  // shrank to 5·10⁸ / n tokens to stay near 2 GB: 3,000 for Jigsaw's 160,000 comments, too few for
  // its rarer labels' words.)
  const maxTokens = 20000;
  const docs = Array.from({ length: Math.min(col.length, 2000) }, (_, i) => String(col[i] ?? ''));
  const words = docs.map((d) => splitText(d, 'auto').length);
  cfg.preprocessing = {
    text: {
      outputMode: 'tfIdf',
      split: 'auto',
      ngrams: 2,
      maxTokens,
      minDf: 2,
      idfFormula: 'sklearn',
      sublinearTf: true,
      norm: 'l2',
    },
  };
  notes.push([
    ['preprocessing', 'text', 'outputMode'],
    `${n} documents, median ${percentile(words, 0.5)} words${script ? ` (${script} text without spaces: words from Intl.Segmenter, split: auto)` : ''}: a bag of the ${maxTokens.toLocaleString('en-US')} most frequent word 1–2-grams weighted by tf-idf (scikit-learn's weights), into a small dense network — on IMDB and ChnSentiCorp this beat the sequence models on validation; for an LSTM instead, set outputMode: int and outputSequenceLength, and an embedding and a recurrent layer`,
  ]);
  // More labels than 16 hidden units cannot each be told apart: Keras's arXiv multi-label example's
  // network (Dense 512 → Dense 256, Adam), with Dropout 0.5 after each, chosen on validation rows. On
  // a generated corpus of 480 arXiv-like terms the small network predicted no label (best val_loss
  // 0.0226; 0.0113 with this one, 0.0133 without the dropout); on IMDB's two labels (positive,
  // extreme) the small one stays better (0.3814 against 0.3877) at a quarter of the time.
  const many = inf.task === 'multilabel' && units > 16;
  // Many classes through 16 hidden units are squeezed too: on Debian's package descriptions (58
  // sections, 15,000 short texts) the best val_loss was 1.55 with 16 units (seeds 0, 1), 1.32 with
  // 64, 1.29 with 128 and 1.27 with 256; with 6–8 classes (German, Russian and English fortunes by
  // file) 16, 64 and 128 units were within 0.04 of one another. So twice the classes, as a power of two.
  const hidden =
    inf.task === 'multiclass' ? Math.min(256, Math.max(16, 2 ** Math.ceil(Math.log2(2 * units)))) : 16;
  cfg.model = many
    ? {
        layers: [
          { type: 'dense', units: 512, activation: 'relu' },
          { type: 'dropout', rate: 0.5 },
          { type: 'dense', units: 256, activation: 'relu' },
          { type: 'dropout', rate: 0.5 },
          out,
        ],
      }
    : { layers: [{ type: 'dense', units: hidden, activation: 'relu' }, { type: 'dropout', rate: 0.5 }, out] };
  if (many)
    notes.push([
      ['model', 'layers'],
      `${units} labels: Dense 512 → Dense 256 (Keras's arXiv multi-label example, with dropout), wide enough for every label`,
    ]);
  else if (hidden > 16)
    notes.push([
      ['model', 'layers'],
      `${units} classes: a hidden layer of ${hidden} units (the power of two at or above twice the classes), wide enough to tell them apart`,
    ]);
  const regression = inf.task === 'regression';
  cfg.compile = { optimizer: many ? 'adam' : 'rmsprop', loss, metrics: [regression ? 'mae' : 'accuracy'] };
  // At least about 3,000 optimizer steps (capped at 200 epochs), early stopping choosing the epoch:
  // IMDB and ChnSentiCorp keep their 20 epochs; a corpus of 600 short texts had 12 batches an
  // epoch, and after 20 its network still predicted the label priors (val_loss falling).
  const steps = Math.max(1, Math.ceil((n * 0.8 * 0.8) / 32));
  const epochs = Math.min(200, Math.max(20, Math.ceil(3000 / steps)));
  cfg.training = {
    epochs,
    batchSize: 32,
    validationSplit: 0.2,
    earlyStopping: { monitor: 'val_loss', patience: 3, restoreBestWeights: true },
  };
  if (epochs > 20)
    notes.push([
      ['training', 'epochs'],
      `${n} documents make ${steps} batches an epoch: at most ${epochs} epochs (about 3,000 steps); early stopping on the validation part picks the epoch`,
    ]);
  const side = inf.side;
  if (side) {
    const data = cfg.data as Record<string, unknown>;
    if (side.features.length) data.features = side.features;
    if (side.categorical.length) data.categorical = side.categorical;
    notes.push([
      ['data', side.features.length ? 'features' : 'categorical'],
      `${[...side.features, ...side.categorical].map((c) => `'${c}'`).join(', ')} beside the text: standardised (levels one-hot) and appended to its n-grams; remove them to read the text alone`,
    ]);
  }
  cfg.evaluation = {
    baselines: regression
      ? ['mean', 'tfidfRidge', ...(side ? ['linearRegression'] : [])]
      : ['majorityClass', 'tfidfLogisticRegression', ...(side ? ['logisticRegression'] : [])],
  };
  if (regression) {
    (cfg.data as Record<string, unknown>).task = 'regression';
    notes.push([
      ['data', 'task'],
      `'${inf.label}' is a number to predict from the text: Dense(1) without activation, mean squared error on the standardised target; the baselines are its training mean and ridge regression on the same TF-IDF`,
    ]);
  }
}

/**
 * The output layer and loss of a classifier: a sigmoid for two classes, a softmax over k classes,
 * a sigmoid per label of a multi-label model (binary cross-entropy on each).
 */
function outputOf(inf: Inference): { units: number; activation: string; loss: string } {
  if (inf.task === 'regression') return { units: 1, activation: 'linear', loss: 'mse' };
  if (inf.task === 'multilabel')
    return { units: inf.labelNames!.length, activation: 'sigmoid', loss: 'binaryCrossentropy' };
  if (inf.task === 'binary') return { units: 1, activation: 'sigmoid', loss: 'binaryCrossentropy' };
  const k = inf.columns.find((c) => c.name === inf.label)!.distinct;
  return { units: k, activation: 'softmax', loss: 'categoricalCrossentropy' };
}

/** How often each label of a multi-label file is on, and what the scores mean. */
function multiLabelNote(inf: Inference): string {
  const names = inf.labelNames!;
  const shown = names.map((l) => [l, inf.labelCounts?.[l] ?? 0] as const).sort((a, b) => b[1] - a[1]);
  return `${names.length} labels, rows carrying each: ${shown
    .slice(0, 12)
    .map(([l, m]) => `${l}: ${m}`)
    .join(
      ', ',
    )}${shown.length > 12 ? ', …' : ''}; scored on micro-F1 (every row × label decision pooled) beside macro-F1 (each label alike), the split is random (label sets are not stratified)`;
}

/** Series recipes by time step: the ones the forecasting examples chose by backtest (docs/guides/forecasting.md). */
function seriesRecipe(
  inf: Inference,
  frame: Frame,
  cfg: Record<string, unknown>,
  notes: InitConfig['comments'],
  wanted?: number,
): void {
  const data = cfg.data as Record<string, unknown>;
  const freq = inf.frequency?.name ?? (inf.time ? 'unknown' : 'row-ordered');
  if (inf.resample && typeof inf.time === 'string') {
    // Sized and tested on the periods, as the run will read them (a panel's series each on its own, below).
    if (!inf.seriesRows) frame = resampleTimes(frame, inf.time, inf.resample, 'data');
    data.resample = inf.resample;
    const additive = inf.resample.how === 'sum' || inf.resample.how === 'count'; // an empty period is 0
    const periods = inf.seriesRows ? 'in each series' : `${frame.nRows} periods`;
    if (!additive) data.fill = 'interpolate';
    notes.push([
      ['data', 'resample', 'how'],
      inf.resample.align === 'nearest'
        ? `each reading of '${inf.value}' taken at its nearest mark (${inf.seriesRows ? 'in each series' : `${frame.nRows} marks`}; ${inf.resample.how === 'sum' ? 'two on one mark added, a mark without one 0: totals of an amount' : 'two on one mark averaged, empty ones interpolated'})`
        : inf.resample.how === 'count'
          ? `the rows counted per period (${periods}; a period without rows is 0)`
          : inf.resample.how === 'sum'
            ? `'${inf.value}' summed per period (${periods}; a period without rows is 0); how: mean for measurements`
            : `'${inf.value}' averaged per period (${periods}; empty ones interpolated); how: sum for totals of amounts`,
    ]);
  }
  const value = frame.numeric(inf.value!);
  // Each series on its regular time grid (gaps interpolated, repeated times averaged), as the run will
  // read it: taken row by row, one missing hour shifted the phase of every later hour in the cycle and
  // trend tests (a bike-hire file with 0.5% of its hours missing had a daily seasonal strength of 0.003).
  const perSeries = inf.seriesRows && inf.resample ? { resample: inf.resample } : {};
  const dates =
    inf.time && (inf.frequency?.gaps || inf.frequency?.duplicates || perSeries.resample)
      ? datesOf(frame, inf.time)
      : null;
  const onGrid = (rows: number[]): Float64Array => {
    const values = Float64Array.from(rows, (i) => value[i]!);
    if (!dates) return values;
    const f = Frame.fromColumns({ time: rows.map((i) => dates[i]!), v: values });
    try {
      return Float64Array.from(
        regularTimes(f, 'time', { fill: 'interpolate', duplicates: 'mean', ...perSeries }, 'data').numeric(
          'v',
        ),
      );
    } catch {
      return values; // A time column the run will refuse anyway: its error says why, not init's.
    }
  };
  // Panel data: the recipe is sized by the median series, and each series is tested on its own.
  const allSeries = (inf.seriesRows ?? [Array.from(value, (_, i) => i)]).map(onGrid);
  const lengths = allSeries.map((v) => v.length).sort((a, b) => a - b);
  const n = lengths[Math.floor(lengths.length / 2)]!;
  if (inf.seriesId) {
    data.seriesId = inf.seriesId;
    data.shortSeries = 'skip';
    notes.push([
      ['data', 'seriesId'],
      `${allSeries.length} series, one global model; each scaled and scored on its own (series too short for the split are skipped and named)`,
    ]);
  }
  const duplicates = inf.frequency?.duplicates ?? 0;
  if (duplicates) {
    data.duplicates = 'mean';
    notes.push([
      ['data', 'duplicates'],
      `${duplicates} row(s) repeat the timestamp before them (a clock set back, a period exported twice): each group becomes one row, its numbers averaged (sum for counts, first or last to keep one)`,
    ]);
  }
  const positive = value.every((v) => Number.isNaN(v) || v > 0);
  const missing = value.some((v) => Number.isNaN(v));
  if (missing) data.missing = 'drop';
  if (missing || (inf.frequency?.gaps ?? 0) > 0) {
    data.fill = 'interpolate';
    // Empty values before the first one and after the last are not filled: the series starts later
    // or ends earlier (a stock listed in 1997 in a table from 1990: 89 empty months, none filled).
    let lead = 0;
    while (lead < value.length && Number.isNaN(value[lead]!)) lead++;
    let trail = 0;
    while (trail < value.length - lead && Number.isNaN(value[value.length - 1 - trail]!)) trail++;
    const inside = value.filter((v) => Number.isNaN(v)).length - lead - trail;
    notes.push([
      ['data', 'fill'],
      [
        inf.frequency?.gaps ? `${inf.frequency.gaps} missing time step(s)` : '',
        inside
          ? `${inside} empty value(s) (${inf.time ? 'their rows dropped' : 'in place: the row order is the time'})`
          : '',
      ]
        .filter(Boolean)
        .join(' and ') +
        (inf.frequency?.gaps || inside ? ': filled by interpolation' : '') +
        [
          lead
            ? `${inf.frequency?.gaps || inside ? '; ' : ''}the series starts after ${lead} empty value(s)`
            : '',
          trail
            ? `${inf.frequency?.gaps || inside || lead ? '; ' : ''}it ends ${trail} row(s) before the file does`
            : '',
        ].join(''),
    ]);
  }
  let windowSize = 12;
  let horizon = 1;
  let seasonPeriod = 12;
  let series: Record<string, unknown> = {};
  let calendar: string[] = [];
  let layer: Record<string, unknown> = { type: 'lstm', units: 32 };
  let training: Record<string, unknown> = { epochs: 30, batchSize: 32, validationSplit: 0.1 };
  // A horizon asked for (--horizon) needs a test part that holds it: the backtest scores every step.
  const testPart = (h: number): number => Math.max(n < 300 ? 0.33 : 0.2, Math.ceil((100 * h) / n) / 100);
  const testSize = testPart(wanted ?? 0);
  // The training part of each series (the test part is not looked at), on the log scale when logged.
  const trainParts = (log: boolean): Float64Array[] =>
    allSeries.map((v) =>
      v
        .subarray(0, Math.floor(v.length * (1 - testSize)))
        .filter((x) => !Number.isNaN(x))
        .map((x) => (log ? Math.log(x) : x)),
    );
  // The median series' seasonal strength (Wang–Smith–Hyndman F_s, as auto.arima's nsdiffs judges a
  // cycle) at `period` on the training parts, when they hold two full cycles.
  const strengthAt = (period: number): number | undefined => {
    const parts = trainParts(positive).filter((t) => t.length >= 2 * period + 2 * Math.floor(period / 2));
    if (parts.length <= allSeries.length / 2) return undefined;
    const strengths = parts.map((t) => seasonalStrength(t, period)).sort((a, b) => a - b);
    return strengths[Math.floor(strengths.length / 2)]!;
  };
  const cycleNote = (period: number, strength: number | undefined, what: string): void =>
    void notes.push([
      ['evaluation', 'seasonPeriod'],
      strength === undefined
        ? `the training part holds less than two ${what} cycles of ${period} steps: MASE scaled by the naive forecast`
        : strength > 0.64
          ? `a ${what} cycle: seasonal strength ${strength.toFixed(2)} > 0.64 on the training part`
          : `no ${what} cycle to remove (seasonal strength ${strength.toFixed(2)} ≤ 0.64 on the training part): MASE scaled by the naive forecast`,
    ]);
  // A cycle strong enough (F_s > 0.64 on the training part) that a moving level is differenced one
  // period apart, not one step: the same hour a day before, the same weekday a week before.
  let cycle: { period: number; strength: number; what: string; step: string; span: string } | undefined;
  // Steps a year, when the level is judged less a yearly cycle fitted on harmonics (lessYearlyCycle).
  let yearSteps: number | undefined;
  const asCycle = (
    period: number,
    strength: number | undefined,
    what: string,
    step: string,
    span: string,
  ): typeof cycle =>
    strength !== undefined && strength > 0.64 ? { period, strength, what, step, span } : undefined;
  const strongCycle = (period: number, what: string, step: string, span: string): typeof cycle =>
    asCycle(period, strengthAt(period), what, step, span);
  if ((freq === 'monthly' && n < 600) || freq === 'quarterly') {
    // Short series with a yearly cycle (airline, GDP): the log, and a seasonal difference when the cycle
    // is strong and the level under it moves. A steady level is not differenced: on 30 generated years
    // of monthly temperatures, MASE 0.72 with the seasonal difference, 0.54 without (MSTL 0.54).
    const period = freq === 'monthly' ? 12 : 4;
    windowSize = period === 12 ? 12 : 8;
    horizon = period === 12 ? 12 : 8;
    training = { epochs: 100, batchSize: 8 };
    const strength = strengthAt(period);
    const seasonal = strength !== undefined && strength > 0.64;
    series = positive ? { log: true } : {};
    cycle = asCycle(period, strength, 'yearly', period === 12 ? 'month' : 'quarter', 'year');
    seasonPeriod = seasonal ? period : 1;
    cycleNote(period, strength, 'yearly');
  } else if (freq === 'monthly') {
    // Long monthly series (600 steps and more): two years ahead from three. The season is the year when
    // the training part has a strong yearly cycle (CO₂ concentration: 0.99), else none, MASE scaled by
    // naive. It was 132 for every such series, sunspots' 11-year cycle: CO₂'s seasonal naive then
    // compared March with March eleven years before (MASE 1.63, a model 0.05).
    windowSize = 36;
    horizon = 24;
    const strength = strengthAt(12);
    seasonPeriod = strength !== undefined && strength > 0.64 ? 12 : 1;
    cycleNote(12, strength, 'yearly');
    cycle = asCycle(12, strength, 'yearly', 'month', 'year');
    layer = { type: 'gru', units: 64 };
    training = { epochs: 40, batchSize: 32, validationSplit: 0.1 };
  } else if (freq === 'weekly') {
    // A quarter ahead; the window spans a year when there are years enough, so the network sees the
    // cycle (a seasonal difference of 52 would cost a year of the few training weeks).
    windowSize = n >= 4 * 52 ? 52 : 26;
    horizon = 13;
    // MASE scaled by the naive forecast, as the M4 competition scores weekly series (52.18 weeks to
    // a year: seasonal naive at 52 drifts a day and a quarter a year).
    seasonPeriod = 1;
    notes.push([
      ['evaluation', 'seasonPeriod'],
      'weekly: MASE scaled by the naive forecast, as M4 scores weekly series; set 52 to scale it by the same week a year before',
    ]);
    training = { epochs: 60, batchSize: 16, validationSplit: 0.1 };
  } else if (freq === 'yearly') {
    windowSize = 8;
    horizon = 5;
    seasonPeriod = 1;
    training = { epochs: 100, batchSize: 8 };
  } else if (freq === 'daily') {
    windowSize = 30;
    horizon = 30;
    calendar = n > 730 ? ['dayOfYear'] : ['dayOfWeek'];
    // A strong weekly cycle (shops, visits, traffic): a moving level is then differenced a week apart.
    cycle = strongCycle(7, 'weekly', 'day', 'week');
    // The seasonal naive forecast to beat: over two years, the lag among a week, 52 weeks (the same
    // weekday a year before) and 365 days whose copy erred least on the training part. It was 365
    // for every such series: on 20 years of US daily births (weekly strength 0.86) a day a year
    // before fell on another weekday, and the model "beat" it (MASE 0.66 vs 1.34) while a copy of
    // the week before did better than the model.
    seasonPeriod = 7;
    if (n > 730) {
      // Each series' error relative to its week-before copy (panel series differ in scale), the median.
      const parts = trainParts(false).filter((t) => t.length > 2 * 365);
      const relative = (lag: number): number => {
        const r = parts.map((t) => maseScale(t, lag) / maseScale(t, 7)).sort((a, b) => a - b);
        return r.length ? r[Math.floor(r.length / 2)]! : lag === 7 ? 1 : Infinity;
      };
      const errors = [7, 364, 365].map((lag) => ({ lag, ratio: relative(lag) }));
      const best = errors.reduce((a, b) => (b.ratio < a.ratio ? b : a));
      seasonPeriod = best.lag;
      notes.push([
        ['evaluation', 'seasonPeriod'],
        `seasonal naive from ${{ 7: 'a week', 364: '52 weeks (the same weekday a year)', 365: 'a year' }[best.lag]} before: the copy that erred least on the training part (mean absolute error against a week's: ${errors.map((e) => `${e.lag} days ${e.ratio.toFixed(2)}`).join(', ')})`,
      ]);
    }
    // Over two years, the seasons (given to the network as dayOfYear) are taken out before KPSS: read
    // as a drift, they differenced generated daily temperatures (backtest MASE 1.12; 0.66 undifferenced).
    if (n > 730) yearSteps = 365.25;
    // A strong week beside the seasons: the weekday too (generated daily sales, weekly and yearly
    // cycles on a steady level: MASE 0.70 → 0.43 with dayOfWeek; checked 0.87 → 0.49, 0.93 → 0.29).
    if (n > 730 && cycle) calendar = ['dayOfYear', 'dayOfWeek'];
    layer = { type: 'gru', units: 32 };
    training = { epochs: 30, batchSize: 64, validationSplit: 0.1 };
  } else if (freq === 'business-daily') {
    // A market's or an office's days: a month of them ahead, the week as the cycle when it is strong
    // (closing prices have none: MASE is then scaled by the naive forecast, as for a random walk).
    windowSize = 30;
    horizon = 20;
    const strength = strengthAt(5);
    seasonPeriod = strength !== undefined && strength > 0.64 ? 5 : 1;
    cycleNote(5, strength, 'weekly');
    // An office's week (Mondays busy, Fridays quiet): a moving level is differenced a week apart.
    cycle = asCycle(5, strength, 'weekly', 'weekday', 'week');
    calendar = ['dayOfWeek'];
    layer = { type: 'gru', units: 32 };
    training = { epochs: 30, batchSize: 64, validationSplit: 0.1 };
  } else if (freq === 'hourly') {
    windowSize = 48;
    horizon = 24;
    seasonPeriod = 24;
    calendar = ['hour', 'dayOfWeek'];
    // A day's profile that differs by weekday (commutes on workdays, afternoons at weekends) is a
    // weekly cycle of 168 hours: bike hire's daily strength 0.45, weekly 0.83.
    cycle = strongCycle(24, 'daily', 'hour', 'day') ?? strongCycle(168, 'weekly', 'hour', 'week');
    training = { epochs: 10, batchSize: 128, validationSplit: 0.1 };
  } else if (inf.frequency?.perDay) {
    // A day ahead at steps under an hour (at most 96 steps: 16 hours at 10 minutes, 96 minutes at
    // minutely ones), the daily cycle as the season.
    const perDay = inf.frequency.perDay;
    horizon = Math.min(perDay, 96);
    windowSize = 2 * horizon;
    seasonPeriod = n > 3 * perDay ? perDay : 1;
    calendar = ['hour', 'dayOfWeek'];
    training = { epochs: 10, batchSize: 128, validationSplit: 0.1 };
    // Half- and quarter-hourly load or traffic: as hourly, the day first, then the week. Minutely data
    // keeps the step-to-step difference: its 96-minute horizon is short against the day (generated
    // minutely power on a walking level: MASE 0.40 with the first difference, 0.65 a day apart).
    if (perDay <= 96) {
      const step = { 48: 'half hour', 96: 'quarter hour' }[perDay] ?? `${1440 / perDay}-minute step`;
      cycle = strongCycle(perDay, 'daily', step, 'day') ?? strongCycle(7 * perDay, 'weekly', step, 'week');
    }
  } else if (!inf.time) {
    // No time column (the rows in file order): the cycle, if any, is found in the training part, a
    // cycle's length ahead from two cycles; else 12 steps ahead from 24 (exchange rates without dates).
    const found = dominantPeriod(trainParts(positive)[0]!);
    cycle = found ? strongCycle(found, `${found}-step`, 'step', 'cycle') : undefined;
    seasonPeriod = cycle?.period ?? 1;
    horizon = cycle && cycle.period <= 48 ? cycle.period : cycle ? 24 : 12;
    windowSize = cycle && cycle.period <= 48 ? 2 * cycle.period : cycle ? 48 : 24;
    notes.push([
      ['evaluation', 'seasonPeriod'],
      cycle
        ? `a cycle of ${cycle.period} steps (the autocorrelation's highest peak; seasonal strength ${cycle.strength.toFixed(2)} > 0.64 on the training part)`
        : `no cycle found in the training part (no autocorrelation peak with seasonal strength > 0.64): MASE scaled by the naive forecast`,
    ]);
    // A short series (a few hundred steps): the short monthly and quarterly recipe, which the same
    // numbers with their dates get (the log of positive values, windows of a cycle, at least 8 steps,
    // small batches over more epochs).
    if (n < 600) {
      series = positive ? { log: true } : {};
      windowSize = Math.max(8, Math.min(windowSize / 2, 24));
      training = { epochs: 100, batchSize: 8 };
    } else {
      layer = { type: 'gru', units: 32 };
      training = { epochs: 30, batchSize: 64, validationSplit: 0.1 };
    }
  } else {
    // An irregular multiple (every 2 months, every 90 s): no calendar cycle to assume.
    seasonPeriod = 1;
  }
  // A trend or a random walk, judged by KPSS on the training parts only (less their cycle when it is
  // strong: the day's swing would blur the level's drift). One long series: at 1% (a needless
  // difference costs a long-horizon forecast more than a borderline level shift costs the scaled
  // network). Below 40 training steps the 1% value is out of reach of most trends (never reached on
  // 13 steps), so 5%, as auto.arima's ndiffs. Panels: pooled (panelKpss), since a missed difference
  // costs a short growing series far more than a needless one costs a stationary one (generated
  // yearly panels: MASE 14.6 against 2.7 for GDP-like growth, 1.71 against 1.34 for rates).
  const trains = trainParts(series.log === true)
    .filter((t) => t.length >= 12)
    .map((t) => (cycle ? seasonallyAdjusted(t, cycle.period) : t))
    .map((t) => (yearSteps ? lessYearlyCycle(t, yearSteps) : t));
  const less = [cycle ? `its ${cycle.what} cycle` : '', yearSteps ? 'its seasons' : '']
    .filter(Boolean)
    .join(' and ');
  let evidence: string | undefined;
  if (allSeries.length === 1 && trains.length === 1) {
    const alpha = trains[0]!.length >= 40 ? 0.01 : 0.05;
    if (ndiffs(trains[0]!, { alpha, maxD: 1 }) > 0)
      evidence = `the training part${less ? ` less ${less}` : ''} is not level-stationary (KPSS ${kpss(trains[0]!).statistic.toFixed(2)} > ${KPSS_CRITICAL[alpha]}, the ${alpha * 100}% value)`;
  } else if (trains.length > 1) {
    const pooled = panelKpss(trains);
    if (pooled.pValue < 0.01)
      evidence = `${pooled.rejected} of ${pooled.total} series' training parts${less ? ` less ${less.replace(/its /g, 'their ')}` : ''} are not level-stationary (KPSS > ${KPSS_CRITICAL[0.05]}, the 5% value; that many by chance: p ${pooled.pValue < 0.001 ? '< 0.001' : `= ${pooled.pValue.toPrecision(1)}`})`;
  }
  if (evidence && cycle) {
    series = { ...series, seasonalDifference: cycle.period };
    notes.push([
      ['preprocessing', 'series', 'seasonalDifference'],
      `a ${cycle.what} cycle (seasonal strength ${cycle.strength.toFixed(2)} > 0.64) and ${evidence}: forecast the change from the same ${cycle.step} a ${cycle.span} before`,
    ]);
  } else if (evidence) {
    series = { ...series, difference: 1 };
    notes.push([['preprocessing', 'series', 'difference'], `${evidence}: forecast the step-to-step changes`]);
  }
  if ('validationSplit' in training)
    training.earlyStopping = {
      monitor: 'val_loss',
      patience: freq === 'hourly' ? 2 : 5,
      restoreBestWeights: true,
    };
  if (calendar.length) data.covariates = { calendar };
  // Other columns are left out on purpose: on pollution, the weather as past covariates scored worse
  // on the backtest (docs/guides/forecasting.md), so whether they help is for the user's backtest.
  const others = inf.columns.filter((c) => ['numeric', 'boolean'].includes(c.role)).map((c) => c.name);
  if (others.length)
    notes.push([
      ['data', 'value'],
      `${others.join(', ')} not used: to try ${others.length > 1 ? 'them' : 'it'}, add data.covariates.past: [${others.join(', ')}] (observed up to each origin) or future: (known ahead, e.g. planned promotions) and compare the backtests`,
    ]);
  // A short series (17 yearly steps): the horizon shrinks to the test part and the window to half of
  // what the training part leaves after it, so that the config trains as written.
  const nTrain = Math.floor(n * (1 - testSize) + 1e-9);
  const lost = Number(series.seasonalDifference ?? 0) + Number(series.difference ?? 0);
  // The training part must hold the horizon after a window, for at least 8 windows of 2 steps.
  const room = (h: number): number => Math.floor(n * (1 - testPart(h)) + 1e-9) - lost - h;
  if (wanted && (testSize > 0.5 || room(wanted) < 14)) {
    let most = wanted;
    while (most > 1 && (testPart(most) > 0.5 || room(most) < 14)) most--;
    throw new SeqlabError(
      `--horizon ${wanted}: the ${inf.seriesId ? 'median series' : 'series'} has ${n} steps; a ${wanted}-step forecast needs a test part of ${wanted} steps to be scored on, and training windows followed by ${wanted} steps before it. Ask for at most ${most} steps${lost ? ` (${lost} more steps go to differencing)` : ''}`,
    );
  }
  if (wanted) horizon = wanted;
  const fitHorizon = wanted ?? Math.max(1, Math.min(horizon, n - nTrain));
  const fitWindow = Math.max(2, Math.min(windowSize, Math.floor((nTrain - lost - fitHorizon) / 2)));
  if (fitHorizon < horizon || fitWindow < windowSize) {
    notes.push([
      ['preprocessing', 'series', 'windowSize'],
      wanted
        ? `a ${wanted}-step horizon leaves ${nTrain - lost - wanted} steps of the training part before the last forecast: windows of ${fitWindow} instead of ${windowSize}`
        : `the ${inf.seriesId ? 'median ' : ''}series is short (${n} steps, ${nTrain} to train on): horizon ${fitHorizon} and windows of ${fitWindow} instead of ${horizon} and ${windowSize}`,
    ]);
    horizon = fitHorizon;
    windowSize = fitWindow;
  }
  data.split = { testSize };
  // A short daily series makes few batches an epoch: at least about 3,000 optimizer steps (capped at
  // 200 epochs), as the text recipes, early stopping choosing the epoch. 30 epochs of a 400-day series
  // were 120 steps, still improving at the last: generated weekly-cycle series of 400–600 days scored
  // backtest MASE 2.49, 2.13, 1.59 against seasonal naive's 0.81, 1.07, 0.94, and 0.72, 0.74, 0.69 with
  // 200 epochs; series whose early stopping ended before epoch 30 scored the same either way.
  if (freq === 'daily' || freq === 'business-daily') {
    const windows =
      allSeries.length * Math.max(1, Math.floor(0.9 * (nTrain - lost - windowSize - horizon + 1)));
    const batches = Math.ceil(windows / Number(training.batchSize));
    const epochs = Math.min(200, Math.max(Number(training.epochs), Math.ceil(3000 / batches)));
    if (epochs > Number(training.epochs)) {
      training.epochs = epochs;
      notes.push([
        ['training', 'epochs'],
        `about ${windows} training windows make ${batches} batches an epoch: at most ${epochs} epochs, ${(epochs * batches).toLocaleString('en-US')} optimizer steps (about 3,000, at most 200 epochs); early stopping on the validation part picks the epoch`,
      ]);
    }
  }
  // Counts and amounts never below 0 and not logged (units sold, with zero days): the forecasts and
  // interval bounds a network and a symmetric interval put below 0 are raised to 0.
  const present = Array.from(value).filter((v) => !Number.isNaN(v));
  const whole = present.every((v) => Number.isInteger(v));
  if (!series.log && present.every((v) => v >= 0) && (whole || AMOUNT_NAMES.test(inf.value!))) {
    series.nonNegative = true;
    notes.push([
      ['preprocessing', 'series', 'nonNegative'],
      `'${inf.value}' is never negative (${present.filter((v) => v === 0).length} zero(s)${whole ? ', whole numbers' : ''}): forecasts and interval bounds below 0 are raised to 0`,
    ]);
  }
  cfg.preprocessing = {
    scaler: series.log || freq === 'monthly' ? 'minmax' : 'standard',
    series: { windowSize, ...series },
  };
  notes.push([
    ['preprocessing', 'series'],
    `${freq.startsWith('every ') ? `series of ${n} steps, one ${freq}` : `${freq} series of ${n} steps`}${inf.seriesId ? ' (the median series)' : ''}: windows of ${windowSize}${series.log ? ', the log (all values > 0)' : ''}${series.seasonalDifference ? `, seasonal difference ${series.seasonalDifference}` : ''}${series.difference ? ', first difference' : ''}${cycle && !series.seasonalDifference ? `; a ${cycle.what} cycle (seasonal strength ${cycle.strength.toFixed(2)}) on a level-stationary training part: no difference` : ''}${yearSteps && !cycle && !series.difference ? '; seasons (dayOfYear) on a level-stationary training part: no difference' : ''}`,
  ]);
  cfg.model = { layers: [layer, { type: 'dense', units: horizon }] };
  cfg.compile = { optimizer: { name: 'adam', learningRate: 0.001 }, loss: 'mse' };
  cfg.training = training;
  cfg.evaluation = { seasonPeriod };
  cfg.forecast = { horizon, strategy: 'direct', intervals: { coverage: [0.8, 0.95] } };
  notes.push([
    ['forecast', 'horizon'],
    `a direct ${horizon}-step forecast${wanted ? ' (--horizon)' : ''}, backtested from up to 24 origins after the training part (evaluation.backtest sets them)`,
  ]);
  notes.push([
    ['forecast', 'intervals'],
    'conformal 80% and 95% intervals, calibrated on the backtest residuals of each step ahead',
  ]);
}

function windowsRecipe(
  inf: Inference,
  frame: Frame,
  cfg: Record<string, unknown>,
  notes: InitConfig['comments'],
): void {
  const data = cfg.data as Record<string, unknown>;
  const features = inf.columns.filter((c) => c.role === 'numeric');
  data.features = features.map((c) => c.name);
  const missingCols = features.filter((c) => c.missing > 0);
  if (missingCols.length) {
    data.missing = 'fillMean';
    notes.push([['data', 'missing'], `${missingCols.map((c) => c.name).join(', ')} have missing values`]);
  }
  data.split = { testSize: 0.2, chronological: true };
  const hourly = inf.frequency?.name === 'hourly';
  const windowSize = hourly ? 24 : 12;
  const stride = hourly ? 3 : 1;
  cfg.preprocessing = { scaler: 'standard', windows: { windowSize, stride } };
  notes.push([
    ['preprocessing', 'windows'],
    `${inf.frequency?.name ?? ''} steps: windows of ${windowSize}, one every ${stride}`,
  ]);
  const k = inf.columns.find((c) => c.name === inf.label)!.distinct;
  const binary = k === 2;
  cfg.model = {
    layers: [
      { type: 'lstm', units: 32, returnSequences: true },
      { type: 'lstm', units: 32 },
      binary
        ? { type: 'dense', units: 1, activation: 'sigmoid' }
        : { type: 'dense', units: k, activation: 'softmax' },
    ],
  };
  cfg.compile = {
    optimizer: 'adam',
    loss: binary ? 'binaryCrossentropy' : 'categoricalCrossentropy',
    metrics: ['accuracy'],
  };
  // Sized as the table recipe: few windows take many epochs. On seattle-weather (1,461 days) a cap of
  // 10 epochs with patience 3 stopped at epoch 7 while the validation loss went on falling to epoch 52.
  const windows = Math.floor(Math.max(0, frame.nRows - windowSize) / stride) + 1;
  const epochs = windows < 2000 ? 100 : windows < 20000 ? 30 : 15;
  cfg.training = {
    epochs,
    batchSize: 64,
    validationSplit: 0.1,
    earlyStopping: { monitor: 'val_loss', patience: windows < 2000 ? 15 : 5, restoreBestWeights: true },
  };
  notes.push([
    ['training', 'epochs'],
    `${windows} windows: at most ${epochs} epochs; early stopping on the last 10% of the training windows picks the epoch`,
  ]);
  // What the network must beat: a logistic regression on the flattened window (steps × features), and
  // one on each feature's statistics over the window (classes that differ in how a signal moves).
  cfg.evaluation = { baselines: ['logisticRegression', 'windowStatistics', 'majorityClass'] };
}

/**
 * The config for inferred data.
 * @example const { config } = initConfig(inferRoles(frame, { label: 'y' }), frame, { source: 'data.csv', read: {} });
 */
export function initConfig(inf: Inference, frame: Frame, opts: InitOptions): InitConfig {
  const comments: InitConfig['comments'] = [];
  const data: Record<string, unknown> = { source: opts.source, type: inf.dataType };
  const r = opts.read;
  if (r.header !== undefined) data.header = r.header;
  if (r.skipLines) data.skipLines = r.skipLines;
  if (r.unitsRow) data.unitsRow = true;
  if (r.melt) data.melt = r.melt;
  if (r.naValues) data.naValues = r.naValues;
  if (r.replace) data.replace = r.replace;
  if (r.splitColumns) data.splitColumns = r.splitColumns;
  if (r.columns) data.columns = r.columns;
  if (r.sheet !== undefined) data.sheet = r.sheet;
  if (r.delimiter !== undefined) data.delimiter = r.delimiter;
  if (r.encoding && r.encoding !== 'utf-8') data.encoding = r.encoding;
  if (r.timeZone) data.timeZone = r.timeZone;
  if (opts.test) data.test = opts.test;
  if (inf.labelColumns) data.label = inf.labelColumns;
  else if (inf.label && inf.dataType !== 'series') data.label = inf.label;
  if (inf.task === 'multilabel' && !inf.labelColumns) data.task = 'multilabel';
  if (inf.value) data.value = inf.value;
  if (inf.text) data.text = inf.texts ?? inf.text;
  if (inf.time) data.time = inf.time;
  const cfg: Record<string, unknown> = {
    name: opts.name ?? 'experiment',
    seed: 0,
    data,
  };
  if (inf.dataType === 'table' || inf.dataType === 'text')
    data.split = opts.test
      ? { seed: 42 }
      : { testSize: 0.2, stratify: inf.task !== 'regression' && inf.task !== 'multilabel', seed: 42 };
  if (opts.horizon && inf.dataType !== 'series')
    throw new SeqlabError(
      `--horizon ${opts.horizon}: a horizon is for forecasting a series, and ${opts.source} was read as ${inf.dataType === 'windows' ? 'windowed classification' : `a ${inf.dataType} (${inf.task})`}; give --label a numeric column beside the time column, or leave --horizon out`,
    );
  if (inf.dataType === 'table') tableRecipe(inf, frame, cfg, comments);
  else if (inf.dataType === 'text') textRecipe(inf, frame, cfg, comments);
  else if (inf.dataType === 'series') seriesRecipe(inf, frame, cfg, comments, opts.horizon);
  else windowsRecipe(inf, frame, cfg, comments);
  comments.push([['data', 'type'], `task: ${inf.task}`]);
  if (inf.task === 'multilabel') comments.push([['data', 'label'], multiLabelNote(inf)]);
  if (opts.test) comments.push([['data', 'test'], 'the given test file is the test split']);
  if (r.header === false) comments.push([['data', 'header'], 'the file has no header row']);
  const width = Math.max(...inf.columns.map((c) => c.name.length));
  const header = [
    `Written by seqlab init from ${opts.source} (${inf.nRows.toLocaleString('en-US')} rows). Each column's role and why:`,
    ...inf.columns.map(
      (c) =>
        `  ${c.name.padEnd(width)}  ${c.role.padEnd(11)} ${c.role === 'label' ? 'the column to predict' : c.evidence}`,
    ),
    ...(r.layoutNotes ?? []).map((l) => `File: ${l}`),
    ...inf.notes.map((l) => `Decided: ${l}`),
    'Change anything below and run: seqlab train THIS_FILE',
  ];
  return { config: cfg as ExperimentConfigInput, comments, header };
}

/**
 * The config as commented YAML: the roles on top, each choice explained beside its value.
 * @example await writeFileAtomic('cfg.yaml', initConfigYaml(initConfig(inf, frame, opts)));
 */
export function initConfigYaml(init: InitConfig): string {
  const doc: Document = new YAML.Document(init.config);
  // Lists of names and numbers read best on one line.
  visit(doc, {
    Seq(_key, node) {
      if (node.items.every((i) => isScalar(i))) node.flow = true;
    },
  });
  doc.commentBefore = init.header.map((l) => ` ${l}`).join('\n');
  for (const [path, comment] of init.comments) {
    const node = doc.getIn(path, true);
    if (isScalar(node) || (isSeq(node) && node.flow)) node.comment = ` ${comment}`;
    else if (isMap(node) || isSeq(node)) {
      // A block (preprocessing.series, data.resample): the comment goes after its key.
      const parent = doc.getIn(path.slice(0, -1), true);
      const pair = isMap(parent)
        ? parent.items.find((p) => isScalar(p.key) && p.key.value === path.at(-1))
        : undefined;
      if (pair && isScalar(pair.key)) pair.key.comment = ` ${comment}`;
    }
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}

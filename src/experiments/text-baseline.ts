/**
 * The baseline every text report shows: TF-IDF (scikit-learn's TfidfVectorizer: smooth idf, sublinear tf,
 * L2 rows, min_df 2) of word 1–2-grams — character 1–3-grams when the model splits into characters —
 * then L2 logistic regression with C chosen on a stratified validation part of the training rows,
 * refitted on all of them. Same split and metrics as the network, so a report says at once whether the
 * network earns its cost.
 */
import { csrTakeRows } from '../data/sparse.js';
import { splitIndices } from '../data/split.js';
import { TextVectorization } from '../data/preprocessing/text-vectorization.js';
import type { Split } from '../data/preprocessing/text-tokens.js';
import { fitSparseLogistic, predictSparseLogistic, type SparseLogisticModel } from './sparse-logistic.js';

export interface TextBaselineOptions {
  /** The model's split: 'character' gives character 1–3-grams, anything else word 1–2-grams. */
  split?: Split;
  locale?: string;
  /** Candidate inverse regularisation strengths (default 0.3, 1, 3, 10, 30). */
  cs?: number[];
  /** Share of the training rows that chooses C (default 0.2). */
  validationSize?: number;
  seed?: number;
}

export interface TextBaselineResult {
  classes: Int32Array;
  /** Two classes: probability of class 1. */
  positive?: Float32Array;
  c: number;
  /** Validation accuracy of each candidate C. */
  validation: Record<string, number>;
  analyzer: string;
  features: number;
  seconds: number;
}

/**
 * @example
 * const b = tfidfLogisticBaseline(trainTexts, idsTrain, testTexts, 2, { seed: 42 });
 * b.classes // test predictions; b.c the C chosen on validation
 */
export function tfidfLogisticBaseline(
  trainTexts: string[],
  yTrain: Int32Array,
  testTexts: string[],
  numClasses: number,
  opts: TextBaselineOptions = {},
): TextBaselineResult {
  const started = performance.now();
  const chars = opts.split === 'character';
  const vectorizer = (): TextVectorization =>
    new TextVectorization({
      outputMode: 'tfIdf',
      idfFormula: 'sklearn',
      sublinearTf: true,
      norm: 'l2',
      minDf: 2,
      split: chars ? 'character' : (opts.split ?? 'auto'),
      ngrams: chars ? 3 : 2,
      ...(opts.locale ? { locale: opts.locale } : {}),
    });
  const cs = opts.cs ?? [0.3, 1, 3, 10, 30];
  const { train: fitRows, test: valRows } = splitIndices(trainTexts.length, {
    testSize: opts.validationSize ?? 0.2,
    seed: opts.seed ?? 0,
    stratify: yTrain,
  });
  // Each text is split once: the two vectorizers below (fitted
  // on the fitting rows, then on all training rows) split the same texts.
  const split = vectorizer();
  const trainWords = trainTexts.map((t) => split.split(t));
  // C is chosen with the vectorizer fitted on the fitting rows only, as a pipeline in cross-validation would be.
  const inner = vectorizer().adaptWords(Array.from(fitRows, (i) => trainWords[i]!));
  const all = inner.transformSparseWords(trainWords);
  const xFit = csrTakeRows(all, fitRows);
  const xVal = csrTakeRows(all, valRows);
  const yFit = Int32Array.from(fitRows, (i) => yTrain[i]!);
  const validation: Record<string, number> = {};
  let best: { c: number; acc: number; model?: SparseLogisticModel } = { c: cs[0]!, acc: -1 };
  let warm: SparseLogisticModel | undefined;
  for (const c of [...cs].sort((a, b) => a - b)) {
    warm = fitSparseLogistic(xFit, yFit, numClasses, { c, ...(warm ? { init: warm } : {}) });
    const pred = predictSparseLogistic(warm, xVal).classes;
    let hit = 0;
    valRows.forEach((r, i) => (hit += pred[i] === yTrain[r] ? 1 : 0));
    const acc = hit / Math.max(valRows.length, 1);
    validation[String(c)] = acc;
    if (acc > best.acc) best = { c, acc, model: warm };
  }
  const tv = vectorizer().adaptWords(trainWords);
  const model = fitSparseLogistic(tv.transformSparseWords(trainWords), yTrain, numClasses, {
    c: best.c,
    ...(best.model ? { init: onVocabulary(best.model, inner.getVocabulary(), tv.getVocabulary()) } : {}),
  });
  const out = predictSparseLogistic(model, tv.transformSparse(testTexts));
  return {
    ...out,
    c: best.c,
    validation,
    analyzer: chars ? 'character 1–3-grams' : 'word 1–2-grams',
    features: tv.vocabularySize(),
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * A model's weights moved onto another vocabulary, token by token (0 for tokens it did not have): the
 * chosen C's model warm-starts the refit on all training rows, whose vectorizer knows more n-grams.
 */
function onVocabulary(m: SparseLogisticModel, from: string[], to: string[]): SparseLogisticModel {
  const index = new Map(from.map((t, i) => [t, i]));
  const { width } = m;
  const weights = new Float64Array(to.length * width);
  to.forEach((t, j) => {
    const i = index.get(t);
    if (i !== undefined) weights.set(m.weights.subarray(i * width, (i + 1) * width), j * width);
  });
  return { ...m, weights };
}

import { SeqlabError } from '../errors.js';

export type Label = number | string;
type Labels = ArrayLike<Label>;

function checkLengths(fn: string, yTrue: Labels, yPred: Labels): void {
  if (yTrue.length !== yPred.length) {
    throw new SeqlabError(
      `${fn}: yTrue has ${yTrue.length} labels and yPred ${yPred.length}; they must match`,
    );
  }
}

/**
 * Classes are imbalanced when the smallest holds under half its even share of the rows (under 25% of
 * two classes, 5% of ten): accuracy then rewards predicting the majority, so read macro-F1.
 * @example imbalanced([90, 10]) // true; imbalanced([178, 182, 177]) // false
 */
export function imbalanced(counts: readonly number[]): boolean {
  const n = counts.reduce((a, b) => a + b, 0);
  return counts.length > 1 && Math.min(...counts) / Math.max(n, 1) < 0.5 / counts.length;
}

/**
 * Counts: matrix[i][j] = samples of true class i predicted as class j (scikit-learn's layout).
 * Classes are 0 … numClasses−1 (default: the largest label + 1).
 * @example
 * confusionMatrix([0, 1, 2, 2], [0, 2, 2, 1]); // [[1, 0, 0], [0, 0, 1], [0, 1, 1]]
 */
export function confusionMatrix(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  numClasses?: number,
): number[][] {
  checkLengths('confusionMatrix', yTrue, yPred);
  let k = numClasses ?? 0;
  if (numClasses === undefined)
    for (let i = 0; i < yTrue.length; i++) k = Math.max(k, yTrue[i]! + 1, yPred[i]! + 1);
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    for (const [what, v] of [
      ['yTrue', t],
      ['yPred', p],
    ] as const) {
      if (!Number.isInteger(v) || v < 0 || v >= k) {
        throw new SeqlabError(`confusionMatrix: ${what}[${i}] = ${v} is not a class id in [0, ${k})`);
      }
    }
    m[t]![p]! += 1;
  }
  return m;
}

/** Precision, recall, F1 and support of one class or one average. */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** What classificationReport returns; `toString()` gives scikit-learn's text. */
export interface ClassificationReport {
  classes: (ClassScores & { label: Label; name: string })[];
  /** Overall accuracy, when the report covers every label present (else see microAvg). */
  accuracy: number | null;
  /** Micro average, when the report covers only some labels. */
  microAvg: ClassScores | null;
  macroAvg: ClassScores;
  weightedAvg: ClassScores;
  digits: number;
  toString(): string;
}

export interface ClassificationReportOptions {
  /** Labels to report, in order. Default: every label in yTrue or yPred, sorted. */
  labels?: Label[];
  /** Display names, one per label. Default: the labels. */
  targetNames?: string[];
  /** Decimals shown. Default 2. */
  digits?: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

function scores(tp: number, fp: number, fn: number): Omit<ClassScores, 'support'> {
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return { precision, recall, f1: ratio(2 * tp, 2 * tp + fp + fn) };
}

function sortLabels(values: Iterable<Label>): Label[] {
  return [...new Set(values)].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number'
      ? a - b
      : String(a) < String(b)
        ? -1
        : String(a) > String(b)
          ? 1
          : 0,
  );
}

/**
 * Per-class precision, recall, F1 and support with accuracy, macro and weighted averages, as
 * scikit-learn's classification_report; zero divisions give 0.
 * @example
 * const r = classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], { targetNames: ['class 0', 'class 1', 'class 2'] });
 * r.accuracy; // 0.6
 * console.log(r.toString());
 */
export function classificationReport(
  yTrue: Labels,
  yPred: Labels,
  options: ClassificationReportOptions = {},
): ClassificationReport {
  checkLengths('classificationReport', yTrue, yPred);
  const present = sortLabels([...Array.from(yTrue), ...Array.from(yPred)]);
  const labels = options.labels ?? present;
  const digits = options.digits ?? 2;
  const names = options.targetNames ?? labels.map(String);
  if (names.length !== labels.length) {
    throw new SeqlabError(
      `classificationReport: ${names.length} targetNames for ${labels.length} labels ${JSON.stringify(labels)}`,
    );
  }
  const index = new Map(labels.map((l, i) => [l, i]));
  const tp = new Array<number>(labels.length).fill(0);
  const fp = [...tp];
  const fn = [...tp];
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i]!);
    const p = index.get(yPred[i]!);
    if (t !== undefined && t === p) tp[t]! += 1;
    else {
      if (t !== undefined) fn[t]! += 1;
      if (p !== undefined) fp[p]! += 1;
    }
  }
  return reportOf(
    labels,
    names,
    { tp, fp, fn },
    present.every((l) => index.has(l)),
    digits,
  );
}

/** The report of per-label counts: each label's scores, micro average (as accuracy when `coversAll`), macro and weighted averages. */
function reportOf(
  labels: Label[],
  names: string[],
  { tp, fp, fn }: { tp: number[]; fp: number[]; fn: number[] },
  coversAll: boolean,
  digits: number,
): ClassificationReport {
  const classes = labels.map((label, i) => ({
    label,
    name: names[i]!,
    ...scores(tp[i]!, fp[i]!, fn[i]!),
    support: tp[i]! + fn[i]!,
  }));
  const total = classes.reduce((s, c) => s + c.support, 0);
  const avg = (weight: (c: ClassScores) => number, denominator: number): ClassScores => ({
    precision: ratio(
      classes.reduce((s, c) => s + weight(c) * c.precision, 0),
      denominator,
    ),
    recall: ratio(
      classes.reduce((s, c) => s + weight(c) * c.recall, 0),
      denominator,
    ),
    f1: ratio(
      classes.reduce((s, c) => s + weight(c) * c.f1, 0),
      denominator,
    ),
    support: total,
  });
  const sum = (a: number[]): number => a.reduce((s, v) => s + v, 0);
  const micro = { ...scores(sum(tp), sum(fp), sum(fn)), support: total };
  const report: ClassificationReport = {
    classes,
    accuracy: coversAll ? micro.f1 : null,
    microAvg: coversAll ? null : micro,
    macroAvg: avg(() => 1, classes.length),
    weightedAvg: avg((c) => c.support, total),
    digits,
    toString: () => formatClassificationReport(report),
  };
  Object.defineProperty(report, 'toString', { enumerable: false });
  return report;
}

/** What multilabelReport returns: the per-label report (micro, macro and weighted averages) and the set scores. */
export interface MultilabelReport extends ClassificationReport {
  /** Share of samples whose predicted label set is exactly the true one (scikit-learn's accuracy_score). */
  subsetAccuracy: number;
  /** Share of (sample, label) cells predicted wrong (scikit-learn's hamming_loss). */
  hammingLoss: number;
}

/**
 * scikit-learn's classification_report for multi-label indicator rows (samples × labels, 0/1): each
 * label scored as its own binary problem, then micro, macro and weighted averages; with subset
 * accuracy and Hamming loss. Zero divisions give 0.
 * @example
 * const r = multilabelReport(Uint8Array.of(1, 0, 1, 1), Uint8Array.of(1, 0, 0, 1), ['a', 'b']);
 * r.microAvg!.f1; // 0.8
 */
export function multilabelReport(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  names: string[],
  digits = 2,
): MultilabelReport {
  checkLengths('multilabelReport', yTrue, yPred);
  const k = names.length;
  if (k === 0 || yTrue.length % k !== 0)
    throw new SeqlabError(`multilabelReport: ${yTrue.length} cells are not rows of ${k} labels`);
  const n = yTrue.length / k;
  const tp = new Array<number>(k).fill(0);
  const fp = [...tp];
  const fn = [...tp];
  let exact = 0;
  let wrong = 0;
  for (let i = 0; i < n; i++) {
    let same = true;
    for (let j = 0; j < k; j++) {
      const t = yTrue[i * k + j]! > 0;
      const p = yPred[i * k + j]! > 0;
      if (t && p) tp[j]! += 1;
      else if (p) fp[j]! += 1;
      else if (t) fn[j]! += 1;
      if (t !== p) {
        same = false;
        wrong++;
      }
    }
    if (same) exact++;
  }
  const labels = names.map((_, j) => j);
  const report = reportOf(labels, names, { tp, fp, fn }, false, digits);
  return Object.assign(report, { subsetAccuracy: ratio(exact, n), hammingLoss: ratio(wrong, n * k) });
}

/** Python's '{:.Nf}': round half to even on the exact binary value (JS toFixed rounds ties up). */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x);
  const exact = Math.abs(x).toFixed(100);
  const dot = exact.indexOf('.');
  const tail = exact.slice(dot + 1 + digits);
  if (/^50*$/.test(tail)) {
    const kept = exact.slice(0, dot + 1 + digits).replace(/\.$/, '');
    const lastDigit = Number(kept.replace('.', '').slice(-1));
    const down = lastDigit % 2 === 0;
    const scale = 10 ** digits;
    const magnitude = down ? Number(kept) : (Math.round(Number(kept) * scale) + 1) / scale;
    return (x < 0 ? '-' : '') + magnitude.toFixed(digits);
  }
  return x.toFixed(digits);
}

/**
 * The report as text laid out exactly like scikit-learn's classification_report.
 * @example
 * formatClassificationReport(classificationReport(yTrue, yPred));
 */
export function formatClassificationReport(report: ClassificationReport): string {
  const { digits } = report;
  const last = 'weighted avg';
  const width = Math.max(...report.classes.map((c) => c.name.length), last.length, digits);
  const col = (s: string): string => ' ' + s.padStart(9);
  const num = (v: number): string => col(formatFixed(v, digits));
  const row = (name: string, s: ClassScores): string =>
    name.padStart(width) + ' ' + num(s.precision) + num(s.recall) + num(s.f1) + col(String(s.support)) + '\n';
  let text =
    ' '.repeat(width) + ' ' + ['precision', 'recall', 'f1-score', 'support'].map(col).join('') + '\n\n';
  for (const c of report.classes) text += row(c.name, c);
  text += '\n';
  if (report.accuracy !== null) {
    text +=
      'accuracy'.padStart(width) +
      ' ' +
      col('') +
      col('') +
      num(report.accuracy) +
      col(String(report.macroAvg.support)) +
      '\n';
  } else if (report.microAvg) {
    text += row('micro avg', report.microAvg);
  }
  text += row('macro avg', report.macroAvg);
  text += row(last, report.weightedAvg);
  return text;
}

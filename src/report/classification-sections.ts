import { classificationReport, multilabelReport } from '../metrics/classification.js';
import { rocCurve } from '../metrics/roc.js';
import { LABEL_JOIN, labelCounts } from '../data/preprocessing/label-sets.js';
import { confusionMatrixChart, labelScoresChart, rocChart } from './charts/classification.js';
import type { ChartSet } from './chart-set.js';
import { esc, fmt, table, type Section } from './html-kit.js';
import type { CsvColumns, RunData } from './read-run.js';

/** The rows of the test split (all rows when predictions.csv has no split column or no test rows). */
export function testRows(predictions: CsvColumns): Record<string, string>[] {
  if (!predictions.columns.includes('split')) return predictions.rows;
  const test = predictions.rows.filter((r) => r.split === 'test');
  return test.length > 0 ? test : predictions.rows;
}

/** Class names: metrics.labels, else the sorted distinct y_true/y_pred values. */
export function classLabels(run: RunData, rows: Record<string, string>[]): string[] {
  if (run.metrics?.labels && run.metrics.labels.length > 0) return run.metrics.labels;
  const seen = new Set<string>();
  for (const r of rows) seen.add(r.y_true!).add(r.y_pred!);
  return [...seen].sort((a, b) =>
    Number.isFinite(Number(a)) && Number.isFinite(Number(b)) ? Number(a) - Number(b) : a < b ? -1 : 1,
  );
}

/** y_true/y_pred as class names: names as they are, or class ids 0…k−1 mapped to labels. */
function asNames(values: string[], labels: string[]): string[] {
  const known = new Set(labels);
  return values.map((v) =>
    known.has(v) ? v : /^\d+$/.test(v) && Number(v) < labels.length ? labels[Number(v)]! : v,
  );
}

function matrixFromMetrics(value: unknown, k: number): number[][] | undefined {
  if (!Array.isArray(value) || value.length !== k) return undefined;
  const ok = value.every(
    (row) => Array.isArray(row) && row.length === k && row.every((v) => typeof v === 'number'),
  );
  return ok ? (value as number[][]) : undefined;
}

/** A confusion matrix chart stays readable up to this many classes; beyond, the most frequent ones. */
const MAX_MATRIX_CLASSES = 20;

/** Indices of the k classes with the most true samples (row sums), in class order. */
export function topClasses(matrix: number[][], k: number): number[] {
  if (matrix.length <= k) return matrix.map((_, i) => i);
  const support = matrix.map((row, i) => [row.reduce((a, b) => a + b, 0), i] as const);
  support.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return support
    .slice(0, k)
    .map((e) => e[1])
    .sort((a, b) => a - b);
}

/**
 * Classification report (scikit-learn's text), confusion matrix and, for binary tasks, the ROC
 * curve, from predictions.csv (test split) and metrics.json.
 */
export async function classificationSections(run: RunData, charts: ChartSet): Promise<Section[]> {
  if (run.metrics?.task === 'multilabel') return multilabelSections(run, charts);
  const sections: Section[] = [];
  const rows = run.predictions ? testRows(run.predictions) : [];
  const labels = classLabels(run, rows);
  const yTrue = asNames(
    rows.map((r) => r.y_true!),
    labels,
  );
  const yPred = asNames(
    rows.map((r) => r.y_pred!),
    labels,
  );

  const stored = run.metrics?.test.classificationReport;
  if (rows.length > 0) {
    // As metrics.json scores them (experiments/scoring.ts): the classes the test rows hold or the model predicts.
    const seen = new Set([...yTrue, ...yPred]);
    const scored = labels.length === 2 ? labels : labels.filter((l) => seen.has(l));
    const report = classificationReport(yTrue, yPred, { labels: scored, targetNames: scored, digits: 2 });
    sections.push({
      id: 'classification-report',
      title: 'Classification report',
      body: `<p class="note">Test split, ${rows.length.toLocaleString('en-US')} samples.</p><pre class="clsreport">${esc(report.toString())}</pre>`,
    });
  } else if (typeof stored === 'string') {
    sections.push({
      id: 'classification-report',
      title: 'Classification report',
      body: `<pre class="clsreport">${esc(stored)}</pre>`,
    });
  }

  let matrix = matrixFromMetrics(run.metrics?.test.confusionMatrix, labels.length);
  if (!matrix && rows.length > 0) {
    const index = new Map(labels.map((l, i) => [l, i]));
    matrix = labels.map(() => new Array<number>(labels.length).fill(0));
    yTrue.forEach((t, i) => {
      const a = index.get(t);
      const b = index.get(yPred[i]!);
      if (a !== undefined && b !== undefined) matrix![a]![b]! += 1;
    });
  }
  if (matrix && labels.length > 0) {
    const top = topClasses(matrix, MAX_MATRIX_CLASSES);
    const note =
      top.length < labels.length
        ? `<p class="note">The ${top.length} classes with the most test samples, of ${labels.length}; every class is in the classification report.</p>`
        : '';
    sections.push({
      id: 'confusion-matrix',
      title: 'Confusion matrix',
      body:
        note +
        (await charts.add(
          'confusion-matrix',
          confusionMatrixChart(
            top.map((a) => top.map((b) => matrix![a]![b]!)),
            top.map((i) => labels[i]!),
          ),
        )),
    });
  }

  if (run.metrics?.task === 'binary' && rows.length > 0 && labels.length === 2) {
    const positive = labels[1]!;
    const probColumns = run.predictions!.columns.filter((c) => c.startsWith('p_'));
    const column = probColumns.includes(`p_${positive}`)
      ? `p_${positive}`
      : probColumns.length === 1
        ? probColumns[0]
        : undefined;
    if (column) {
      const scores = rows.map((r) => Number(r[column]));
      const truth = yTrue.map((t) => (t === positive ? 1 : 0));
      if (scores.every(Number.isFinite) && truth.some((t) => t === 1) && truth.some((t) => t === 0)) {
        const roc = rocCurve(truth, scores);
        sections.push({
          id: 'roc',
          title: 'ROC curve',
          body: await charts.add('roc', rocChart(roc.fpr, roc.tpr, roc.auc, positive)),
        });
      }
    }
  }
  return sections;
}

/** A multi-label report's per-label table and chart stay readable up to this many labels: the most frequent ones. */
const MAX_LABEL_ROWS = 40;

/**
 * A multi-label run's classification report (each label scored as its own yes/no question, then micro,
 * macro and weighted averages, as scikit-learn prints it), subset accuracy and Hamming loss, and
 * a table of each label's counts (scikit-learn's multilabel_confusion_matrix: true and false
 * positives, false negatives) with its scores, from predictions.csv's test rows (y_true and y_pred
 * list each row's labels, joined by |).
 */
async function multilabelSections(run: RunData, charts: ChartSet): Promise<Section[]> {
  const rows = run.predictions ? testRows(run.predictions) : [];
  const labels = run.metrics?.labels ?? [];
  const k = labels.length;
  if (rows.length === 0 || k === 0) {
    const stored = run.metrics?.test.classificationReport;
    return typeof stored === 'string'
      ? [
          {
            id: 'classification-report',
            title: 'Classification report',
            body: `<pre class="clsreport">${esc(stored)}</pre>`,
          },
        ]
      : [];
  }
  const index = new Map(labels.map((l, j) => [l, j]));
  const multiHot = (column: 'y_true' | 'y_pred'): Uint8Array => {
    const m = new Uint8Array(rows.length * k);
    rows.forEach((r, i) => {
      for (const l of (r[column] ?? '').split(LABEL_JOIN)) {
        const j = index.get(l);
        if (j !== undefined) m[i * k + j] = 1;
      }
    });
    return m;
  };
  const [truth, pred] = [multiHot('y_true'), multiHot('y_pred')];
  const report = multilabelReport(truth, pred, labels, 2);
  const perClass = (run.metrics?.test.perClass ?? {}) as Record<string, { auc?: number }>;
  // Per label: rows predicted with it, and rows both true and predicted.
  const predicted = labelCounts(pred, k);
  const hits = labelCounts(
    pred.map((v, c) => v & truth[c]!),
    k,
  );
  const order = report.classes
    .map((c, j) => ({ ...c, j }))
    .sort((a, b) => b.support - a.support || a.j - b.j)
    .slice(0, MAX_LABEL_ROWS);
  const tableRows = order.map((c) => {
    const tp = hits[c.j]!;
    return [
      c.name,
      c.support,
      predicted[c.j]!,
      tp,
      predicted[c.j]! - tp,
      c.support - tp,
      c.precision,
      c.recall,
      c.f1,
      perClass[c.name]?.auc ?? null,
    ];
  });
  const note =
    order.length < k
      ? `<p class="note">The ${order.length} labels on the most test rows, of ${k}; every label is in the classification report.</p>`
      : '';
  return [
    {
      id: 'classification-report',
      title: 'Classification report',
      body:
        `<p class="note">Test split, ${rows.length.toLocaleString('en-US')} samples, ${k} labels. Subset accuracy ${fmt(report.subsetAccuracy)} (the whole label set right); Hamming loss ${fmt(report.hammingLoss)} (share of the sample × label decisions wrong).</p>` +
        (k > MAX_LABEL_ROWS
          ? `<details><summary>The report, ${k} labels long</summary><pre class="clsreport">${esc(report.toString())}</pre></details>`
          : `<pre class="clsreport">${esc(report.toString())}</pre>`),
    },
    {
      id: 'labels',
      title: 'Scores per label',
      body:
        note +
        '<p class="note">Each label is a yes/no question of its own: TP, FP and FN count the test rows it was rightly, wrongly and not predicted on (scikit-learn\'s multilabel_confusion_matrix).</p>' +
        table(
          ['label', 'test rows', 'predicted', 'TP', 'FP', 'FN', 'precision', 'recall', 'F1', 'AUC'],
          tableRows,
        ) +
        (await charts.add(
          'label-scores',
          labelScoresChart(order.map((c) => ({ label: c.name, f1: c.f1, support: c.support }))),
        )),
    },
  ];
}

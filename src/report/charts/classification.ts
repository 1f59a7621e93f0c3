import { withDefaults, type ChartSpec } from './render.js';

/**
 * Confusion matrix heatmap: counts in each cell and the row-normalised percentage beneath
 * (the share of the true class predicted as each class). Rows: true class; columns: predicted.
 * @example
 * confusionMatrixChart([[50, 3], [7, 40]], ['neg', 'pos']);
 */
export function confusionMatrixChart(
  matrix: number[][],
  labels: string[],
  title = 'Confusion matrix (test)',
): ChartSpec {
  const values = labels.flatMap((actual, i) => {
    const row = matrix[i] ?? [];
    const total = row.reduce((s, v) => s + v, 0);
    return labels.map((predicted, j) => {
      const count = row[j] ?? 0;
      const share = total === 0 ? 0 : count / total;
      return { actual, predicted, count, share, percent: `${(100 * share).toFixed(1)}%` };
    });
  });
  const cell = Math.max(28, Math.min(130, Math.floor(440 / Math.max(1, labels.length))));
  const small = cell < 60;
  const textColor = { condition: { test: 'datum.share > 0.55', value: 'white' }, value: 'black' };
  return withDefaults({
    title: { text: title, subtitle: 'count and % of the true class (row)' },
    width: cell * labels.length,
    height: cell * labels.length,
    data: { values },
    encoding: {
      x: {
        field: 'predicted',
        type: 'nominal',
        sort: labels,
        title: 'Predicted label',
        axis: { labelAngle: 0, orient: 'bottom' },
      },
      y: { field: 'actual', type: 'nominal', sort: labels, title: 'True label' },
    },
    layer: [
      {
        mark: { type: 'rect', tooltip: true },
        encoding: {
          color: {
            field: 'share',
            type: 'quantitative',
            title: 'Row share',
            scale: { scheme: 'blues', domain: [0, 1] },
            legend: { format: '.0%' },
          },
        },
      },
      {
        mark: { type: 'text', fontSize: small ? 10 : 14, fontWeight: 'bold', dy: small ? 0 : -8 },
        encoding: { text: { field: 'count', type: 'quantitative' }, color: textColor },
      },
      ...(small
        ? []
        : [
            {
              mark: { type: 'text', fontSize: 11, dy: 10 },
              encoding: { text: { field: 'percent', type: 'nominal' }, color: textColor },
            },
          ]),
    ],
  });
}

/**
 * ROC curve with its AUC in the title and the chance diagonal (dashed).
 * @example
 * const roc = rocCurve(yTrue, scores);
 * rocChart(roc.fpr, roc.tpr, roc.auc);
 */
export function rocChart(fpr: number[], tpr: number[], auc: number, positive?: string): ChartSpec {
  // Thin large curves (25 000 test reviews give ~25 000 points) to steps of at least 1/500.
  const values: { fpr: number; tpr: number; order: number }[] = [];
  fpr.forEach((x, i) => {
    const last = values[values.length - 1];
    const y = tpr[i]!;
    if (!last || i === fpr.length - 1 || Math.max(Math.abs(x - last.fpr), Math.abs(y - last.tpr)) >= 0.002)
      values.push({ fpr: x, tpr: y, order: i });
  });
  return withDefaults({
    title: {
      text: `ROC curve (AUC = ${auc.toFixed(3)})`,
      subtitle: positive === undefined ? 'test split' : `test split; positive class: ${positive}`,
    },
    width: 360,
    height: 360,
    layer: [
      {
        data: {
          values: [
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ],
        },
        mark: { type: 'line', color: '#888', strokeDash: [5, 5] },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'y', type: 'quantitative' },
        },
      },
      {
        data: { values },
        mark: { type: 'line', color: '#0072B2', strokeWidth: 2.5 },
        encoding: {
          x: { field: 'fpr', type: 'quantitative', title: 'False positive rate', scale: { domain: [0, 1] } },
          y: { field: 'tpr', type: 'quantitative', title: 'True positive rate', scale: { domain: [0, 1] } },
          order: { field: 'order', type: 'quantitative' },
        },
      },
    ],
  });
}

/**
 * F1 of each label of a multi-label model, one horizontal bar per label (most test rows first), with
 * each label's number of test rows beside its bar.
 * @example labelScoresChart([{ label: 'toxic', f1: 0.81, support: 182 }]);
 */
export function labelScoresChart(rows: { label: string; f1: number; support: number }[]): ChartSpec {
  const labels = rows.map((r) => r.label);
  return withDefaults({
    title: { text: 'F1 per label (test)', subtitle: 'bars in order of test rows with the label (n)' },
    width: 420,
    height: Math.max(60, 22 * rows.length),
    data: { values: rows.map((r) => ({ ...r, n: `n = ${r.support}` })) },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: labels, title: null },
      x: { field: 'f1', type: 'quantitative', title: 'F1', scale: { domain: [0, 1] } },
    },
    layer: [
      { mark: { type: 'bar', tooltip: true, color: '#4c78a8' } },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 },
        encoding: { text: { field: 'n', type: 'nominal' } },
      },
    ],
  });
}

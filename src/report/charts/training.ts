import { withDefaults, type ChartSpec } from './render.js';

/** history.csv as columns: name → one value per epoch (e.g. loss, accuracy, val_loss, val_accuracy). */
export type HistoryColumns = Record<string, number[]>;

/** Metric names in a history (loss first), without the val_ twins and bookkeeping columns. */
export function historyMetrics(history: HistoryColumns): string[] {
  const skip = new Set(['epoch', 'lr', 'learning_rate', 'time', 'seconds']);
  const names = Object.keys(history).filter((k) => !k.startsWith('val_') && !skip.has(k));
  for (const k of Object.keys(history)) {
    const base = k.slice(4);
    if (k.startsWith('val_') && !skip.has(base) && !names.includes(base)) names.push(base);
  }
  return names.sort((a, b) => (a === 'loss' ? -1 : b === 'loss' ? 1 : 0));
}

/**
 * The best epoch (0-based) by `monitor` (default val_loss, else loss): minimum for losses and
 * errors, maximum for anything else (accuracy, auc, f1 …). Undefined when the column is absent.
 * @example
 * bestEpochOf({ loss: [3, 2, 2.5] }); // 1
 */
export function bestEpochOf(history: HistoryColumns, monitor?: string): number | undefined {
  const name = monitor ?? ('val_loss' in history ? 'val_loss' : 'loss');
  const values = history[name];
  if (!values || values.length === 0) return undefined;
  const lowerIsBetter = /loss|error|mse|mae|rmse|mape/.test(name);
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (best < 0 || (lowerIsBetter ? v < values[best]! : v > values[best]!)) best = i;
  }
  return best < 0 ? undefined : best;
}

/**
 * Training curves: one panel per metric (loss first), train and validation lines, and a dashed
 * rule at the best epoch. Epochs are shown 1-based (row i of history.csv is epoch i + 1).
 * @example
 * trainingCurves({ loss: [0.7, 0.5], val_loss: [0.72, 0.6], accuracy: [0.6, 0.8], val_accuracy: [0.58, 0.75] }, { bestEpoch: 1 });
 */
export function trainingCurves(
  history: HistoryColumns,
  options: { bestEpoch?: number; columns?: number } = {},
): ChartSpec {
  const metrics = historyMetrics(history);
  const values: { metric: string; epoch: number; value: number | null; split: string }[] = [];
  for (const metric of metrics) {
    for (const [split, column] of [
      ['train', metric],
      ['validation', `val_${metric}`],
    ] as const) {
      const series = history[column];
      if (!series) continue;
      series.forEach((v, i) =>
        values.push({ metric, epoch: i + 1, value: Number.isFinite(v) ? v : null, split }),
      );
    }
  }
  const best = options.bestEpoch;
  const rules =
    best === undefined
      ? []
      : metrics.map((metric) => ({ metric, epoch: best + 1, value: null, split: 'best' }));
  const columns = options.columns ?? Math.min(2, Math.max(1, metrics.length));
  const width = columns === 1 ? 600 : 300;
  return withDefaults({
    title: {
      text: 'Training curves',
      subtitle:
        best === undefined
          ? 'train vs validation'
          : `train vs validation; dashed line: best epoch (${best + 1})`,
    },
    data: { values: [...values, ...rules] },
    facet: { field: 'metric', type: 'nominal', title: null, sort: metrics },
    columns,
    spec: {
      width,
      height: 200,
      layer: [
        {
          transform: [{ filter: "datum.split !== 'best'" }],
          mark: { type: 'line', point: { size: 25 }, tooltip: true },
          encoding: {
            x: {
              field: 'epoch',
              type: 'quantitative',
              title: 'Epoch',
              axis: { tickMinStep: 1, format: 'd' },
            },
            y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
            color: {
              field: 'split',
              type: 'nominal',
              title: null,
              scale: { domain: ['train', 'validation'] },
            },
            strokeDash: {
              field: 'split',
              type: 'nominal',
              title: null,
              scale: {
                domain: ['train', 'validation'],
                range: [
                  [1, 0],
                  [6, 3],
                ],
              },
            },
          },
        },
        {
          transform: [{ filter: "datum.split === 'best'" }],
          mark: { type: 'rule', color: '#555', strokeDash: [4, 4], strokeWidth: 1.5 },
          encoding: { x: { field: 'epoch', type: 'quantitative' } },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  });
}

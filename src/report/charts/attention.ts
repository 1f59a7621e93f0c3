import { withDefaults, type ChartSpec } from './render.js';

/**
 * Mean attention weight per step (tabular rows: per feature), overall or grouped by class.
 * @example
 * attentionChart(['x1', 'x2'], [0.7, 0.3], { '0': [0.6, 0.4], '1': [0.8, 0.2] });
 */
export function attentionChart(
  steps: string[],
  meanWeights?: number[],
  byClass?: Record<string, number[]>,
): ChartSpec {
  const grouped = byClass !== undefined && Object.keys(byClass).length > 0;
  const values = grouped
    ? Object.entries(byClass).flatMap(([cls, ws]) =>
        steps.map((step, i) => ({ step, weight: ws[i] ?? null, cls })),
      )
    : steps.map((step, i) => ({ step, weight: meanWeights?.[i] ?? null, cls: 'all' }));
  const width = Math.min(700, Math.max(300, steps.length * (grouped ? 40 : 28)));
  return withDefaults({
    title: { text: 'Mean attention per step', subtitle: grouped ? 'test set, by true class' : 'test set' },
    width,
    height: 280,
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: {
        field: 'step',
        type: 'nominal',
        sort: steps,
        title: 'Step (feature)',
        axis: { labelAngle: steps.length > 12 ? -45 : 0 },
      },
      y: { field: 'weight', type: 'quantitative', title: 'Mean attention weight' },
      ...(grouped
        ? {
            color: { field: 'cls', type: 'nominal', title: 'Class' },
            xOffset: { field: 'cls', type: 'nominal' },
          }
        : { color: { value: '#0072B2' } }),
    },
  });
}

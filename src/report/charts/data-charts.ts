import { withDefaults, type ChartSpec } from './render.js';

/**
 * Bar chart of the number of rows per class.
 * @example
 * labelBarChart({ no: 1012, yes: 988 }, 'y');
 */
export function labelBarChart(
  counts: Record<string, number>,
  column = 'label',
  title = `Rows per class (${column})`,
): ChartSpec {
  const values = Object.entries(counts).map(([label, count]) => ({ label, count }));
  return withDefaults({
    title: { text: title },
    width: Math.min(600, Math.max(200, values.length * 60)),
    height: 300,
    data: { values },
    layer: [
      {
        mark: { type: 'bar', tooltip: true },
        encoding: {
          x: { field: 'label', type: 'nominal', title: column, sort: null, axis: { labelAngle: 0 } },
          y: { field: 'count', type: 'quantitative', title: 'Rows' },
          color: { field: 'label', type: 'nominal', legend: null, sort: null },
        },
      },
      {
        mark: { type: 'text', dy: -7, fontSize: 11 },
        encoding: {
          x: { field: 'label', type: 'nominal', sort: null },
          y: { field: 'count', type: 'quantitative' },
          text: { field: 'count', type: 'quantitative' },
        },
      },
    ],
  });
}

/** Equal-width bins over [min, max] of every class together, as rows {start, end, count, class}. */
function binByClass(
  byClass: Record<string, number[]>,
  bins: number,
): { start: number; end: number; count: number; cls: string }[] {
  const all = Object.values(byClass).flat().filter(Number.isFinite);
  if (all.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of all) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (hi === lo) hi = lo + 1;
  const width = (hi - lo) / bins;
  const rows = [];
  for (const [cls, values] of Object.entries(byClass)) {
    const counts = new Array<number>(bins).fill(0);
    for (const v of values)
      if (Number.isFinite(v)) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]! += 1;
    for (let b = 0; b < bins; b++)
      rows.push({ start: lo + b * width, end: lo + (b + 1) * width, count: counts[b]!, cls });
  }
  return rows;
}

/**
 * Overlaid histograms of one numeric feature, one colour per class (bins shared by the classes).
 * @example
 * featureHistogram('x1', { '0': [0.1, 0.5], '1': [1.2, 0.9] });
 */
export function featureHistogram(feature: string, byClass: Record<string, number[]>, bins = 20): ChartSpec {
  return withDefaults({
    title: { text: `Distribution of ${feature} by class` },
    width: 600,
    height: 300,
    data: { values: binByClass(byClass, bins).map((r) => ({ ...r, feature })) },
    ...histogramBody('Class'),
  });
}

function histogramBody(legendTitle: string): ChartSpec {
  return {
    mark: { type: 'bar', opacity: 0.55, binSpacing: 0, tooltip: true },
    encoding: {
      x: { field: 'start', type: 'quantitative', title: null, scale: { zero: false } },
      x2: { field: 'end' },
      y: { field: 'count', type: 'quantitative', title: 'Rows', stack: null, scale: { zero: true } },
      y2: { datum: 0 },
      color: { field: 'cls', type: 'nominal', title: legendTitle },
    },
  };
}

/**
 * Small multiples: one overlaid per-class histogram per feature (each with its own x range), wrapped in rows.
 * @example
 * featureHistograms([{ feature: 'x1', byClass: { '0': [0.1], '1': [1.2] } }]);
 */
export function featureHistograms(
  features: { feature: string; byClass: Record<string, number[]> }[],
  options: { bins?: number; columns?: number; labelColumn?: string } = {},
): ChartSpec {
  const { bins = 20, columns = 3, labelColumn = 'Class' } = options;
  const values = features.flatMap(({ feature, byClass }) =>
    binByClass(byClass, bins).map((r) => ({ ...r, feature })),
  );
  return withDefaults({
    title: {
      text: 'Feature distributions by class',
      subtitle: 'Histograms overlaid per class; each panel has its own scale',
    },
    data: { values },
    facet: { field: 'feature', type: 'nominal', title: null, sort: features.map((f) => f.feature) },
    columns,
    spec: { width: 230, height: 120, ...histogramBody(labelColumn) },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  });
}

/**
 * Heatmap of a correlation matrix with the coefficient written in each cell (hidden above 16 columns).
 * Diverging blue–orange scale fixed to [−1, 1].
 * @example
 * correlationHeatmap(['a', 'b'], [[1, 0.3], [0.3, 1]]);
 */
export function correlationHeatmap(columns: string[], matrix: number[][]): ChartSpec {
  const values = columns.flatMap((a, i) => columns.map((b, j) => ({ a, b, r: matrix[i]?.[j] ?? null })));
  const cell = Math.max(16, Math.min(48, Math.floor(560 / Math.max(1, columns.length))));
  const layers: ChartSpec[] = [
    {
      mark: { type: 'rect', tooltip: true },
      encoding: {
        color: {
          field: 'r',
          type: 'quantitative',
          title: 'r',
          scale: { scheme: 'blueorange', domain: [-1, 1] },
        },
      },
    },
  ];
  if (columns.length <= 16) {
    layers.push({
      mark: { type: 'text', fontSize: columns.length > 10 ? 9 : 11 },
      encoding: {
        text: { field: 'r', type: 'quantitative', format: '.2f' },
        color: { condition: { test: 'abs(datum.r) > 0.6', value: 'white' }, value: 'black' },
      },
    });
  }
  return withDefaults({
    title: { text: 'Correlation (Pearson)' },
    width: cell * columns.length,
    height: cell * columns.length,
    data: { values },
    encoding: {
      x: { field: 'b', type: 'nominal', title: null, sort: columns, axis: { labelAngle: -45 } },
      y: { field: 'a', type: 'nominal', title: null, sort: columns },
    },
    layer: layers,
  });
}

/**
 * Histogram of document lengths (text data), in tokens.
 * @example
 * lengthHistogram([120, 80, 300]);
 */
export function lengthHistogram(lengths: number[]): ChartSpec {
  return withDefaults({
    title: { text: 'Document length' },
    width: 600,
    height: 250,
    data: { values: lengths.map((length) => ({ length })) },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'length', type: 'quantitative', bin: { maxbins: 40 }, title: 'Tokens per document' },
      y: { aggregate: 'count', type: 'quantitative', title: 'Documents' },
    },
  });
}

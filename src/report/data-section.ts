import type { DataSummary } from './run-files.js';
import {
  correlationHeatmap,
  featureHistograms,
  labelBarChart,
  lengthHistogram,
} from './charts/data-charts.js';
import type { ChartSet } from './chart-set.js';
import { esc, table, type Section } from './html-kit.js';

/** One describe statistic, with the same decimals down a column (pandas prints them alike too). */
function stat(v: number): string {
  if (!Number.isFinite(v)) return '—';
  return Math.abs(v) >= 1e7 || (v !== 0 && Math.abs(v) < 1e-4) ? v.toExponential(3) : v.toFixed(4);
}

/** Chart names the Data section writes (without .svg/.png). */
export const DATA_CHARTS = {
  labels: 'label-counts',
  histograms: 'feature-histograms',
  correlation: 'correlation',
  lengths: 'text-lengths',
};

/** The label counts table and bar chart show at most this many classes (the most frequent). */
const MAX_LABEL_BARS = 30;

/**
 * The Data section (EDA): head, info, describe, label counts, per-class histograms, correlation
 * and text samples — each part only when the summary has it.
 * @example
 * const charts = new ChartSet();
 * const section = await dataSection(summary, charts);
 */
export async function dataSection(summary: DataSummary, charts: ChartSet): Promise<Section> {
  const parts: string[] = [];
  const missing = summary.info.reduce((s, c) => s + c.missing, 0);
  parts.push(
    `<p class="note">${summary.rows.toLocaleString('en-US')} rows × ${summary.columns.length} columns; ` +
      `${missing === 0 ? 'no missing values' : `${missing.toLocaleString('en-US')} missing values`}.</p>`,
  );
  if (summary.head.length > 0) {
    const withIndex = summary.head[0]!.length === summary.columns.length + 1;
    parts.push('<h3>Head</h3>', table(withIndex ? ['', ...summary.columns] : summary.columns, summary.head));
  }
  const tables: string[] = [];
  if (summary.info.length > 0) {
    tables.push(
      '<div><h3>Info</h3>' +
        table(
          ['#', 'Column', 'Non-Null Count', 'Missing', 'Dtype'],
          summary.info.map((c, i) => [i, c.column, c.nonNull, c.missing, c.dtype]),
          { className: 'info' },
        ) +
        '</div>',
    );
  }
  if (summary.describe.length > 0) {
    tables.push(
      '<div><h3>Describe</h3>' +
        table(
          ['', 'count', 'mean', 'std', 'min', '25%', '50%', '75%', 'max'],
          summary.describe.map((d) => [
            d.column,
            d.count,
            ...[d.mean, d.std, d.min, d.q25, d.q50, d.q75, d.max].map(stat),
          ]),
          { rowHeaders: true },
        ) +
        '</div>',
    );
  }
  // Over 100 columns (a survey of 1,094): folded, as pandas' info() summarises past max_info_columns
  // (100), with the dtypes counted; listed in full the tables made the page 16,000 pixels long.
  const dtypes = new Map<string, number>();
  for (const c of summary.info) dtypes.set(c.dtype, (dtypes.get(c.dtype) ?? 0) + 1);
  if (tables.length > 0)
    parts.push(
      summary.info.length > 100
        ? `<details><summary>Info and Describe of the ${summary.info.length.toLocaleString('en-US')} columns (dtypes: ${[...dtypes].map(([d, k]) => `${d} ${k.toLocaleString('en-US')}`).join(', ')})</summary><div class="grid">${tables.join('')}</div></details>`
        : `<div class="grid">${tables.join('')}</div>`,
    );
  const figures: string[] = [];
  if (summary.label && Object.keys(summary.label.counts).length > 0) {
    const { column, counts, perRow } = summary.label;
    // Multi-label: each label's share of the rows (the shares add up to more than 100%).
    const total = perRow ? summary.rows : Object.values(counts).reduce((s, v) => s + v, 0);
    // Hundreds of classes or labels (arXiv's terms): the most frequent ones, the rest counted.
    const all = Object.entries(counts);
    const shown =
      all.length > MAX_LABEL_BARS ? [...all].sort((a, b) => b[1] - a[1]).slice(0, MAX_LABEL_BARS) : all;
    parts.push(
      '<h3>Label counts</h3>',
      ...(shown.length < all.length
        ? [
            `<p class="note">The ${shown.length} most frequent of ${all.length.toLocaleString('en-US')} ${perRow ? 'labels' : 'classes'}; data.json counts every one.</p>`,
          ]
        : []),
      table(
        [column, 'count', perRow ? 'share of rows' : 'share'],
        shown.map(([k, v]) => [k, v, `${((100 * v) / Math.max(1, total)).toFixed(1)}%`]),
      ),
    );
    figures.push(
      await charts.add(
        DATA_CHARTS.labels,
        labelBarChart(Object.fromEntries(shown), column, perRow ? 'Rows per label' : undefined),
      ),
    );
  }
  if (summary.correlation && summary.correlation.columns.length > 1) {
    figures.push(
      await charts.add(
        DATA_CHARTS.correlation,
        correlationHeatmap(summary.correlation.columns, summary.correlation.matrix),
      ),
    );
  }
  if (figures.length > 0) parts.push(`<div class="grid">${figures.join('')}</div>`);
  if (summary.featureByClass && summary.featureByClass.length > 0) {
    parts.push(
      await charts.add(
        DATA_CHARTS.histograms,
        featureHistograms(summary.featureByClass, { labelColumn: summary.label?.column ?? 'Class' }),
      ),
    );
  }
  if (summary.textSamples && summary.textSamples.length > 0) {
    const clip = (t: string): string => (t.length > 400 ? t.slice(0, 400) + ' …' : t);
    parts.push(
      '<h3>Sample documents</h3>',
      `<div class="table-wrap"><table class="texts"><thead><tr><th>label</th><th>text</th></tr></thead><tbody>` +
        summary.textSamples
          .map(
            (s) =>
              `<tr><td>${esc(s.label)}</td><td style="white-space:normal">${esc(clip(s.text))}</td></tr>`,
          )
          .join('') +
        '</tbody></table></div>',
    );
  }
  if (summary.lengths && summary.lengths.length > 0) {
    parts.push(await charts.add(DATA_CHARTS.lengths, lengthHistogram(summary.lengths)));
  }
  return { id: 'data', title: 'Data', body: parts.join('\n') };
}

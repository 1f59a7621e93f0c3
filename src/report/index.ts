/** seqlab's reports: charts (Vega-Lite → SVG → PNG) and the self-contained HTML pages. Re-exports only. */
export * from './charts/index.js';
export type { AttentionSamples, DataSummary, RunMetrics, SeriesPlot } from './run-files.js';
export { writeReport, writeEdaReport, buildRunReport, type BuiltReport } from './html.js';
export { readRun, type RunData, type CsvColumns } from './read-run.js';
export { dataSummaryFromFrame } from './summary.js';
export { modelDiagramSvg, type DiagramLayer } from './model-diagram.js';
export { shadedText } from './attention-section.js';

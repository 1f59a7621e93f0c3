/** Chart builders (each returns a Vega-Lite spec) and the SVG/PNG renderers. Re-exports only. */
export { renderSvg, svgToPng, withDefaults, PALETTE, CHART_CONFIG, type ChartSpec } from './render.js';
export {
  labelBarChart,
  featureHistogram,
  featureHistograms,
  correlationHeatmap,
  lengthHistogram,
} from './data-charts.js';
export { trainingCurves, bestEpochOf, historyMetrics, type HistoryColumns } from './training.js';
export { confusionMatrixChart, rocChart } from './classification.js';
export { forecastChart, predictedVsActualChart, residualsChart } from './forecast.js';
export { attentionChart } from './attention.js';

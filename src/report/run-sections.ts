import type { RunMetrics, SeriesPlot } from './run-files.js';
import { forecastChart, predictedVsActualChart, residualsChart } from './charts/forecast.js';
import { bestEpochOf, trainingCurves, historyMetrics } from './charts/training.js';
import type { ChartSet } from './chart-set.js';
import { esc, fmt, table, type Section } from './html-kit.js';
import { modelDiagramSvg, type DiagramLayer } from './model-diagram.js';
import type { RunData } from './read-run.js';

/** Layers for the diagram: metrics.layers, else the classes and names in model/model.json. */
function diagramLayers(run: RunData): DiagramLayer[] {
  if (run.metrics?.layers && run.metrics.layers.length > 0) return run.metrics.layers;
  const config = run.model?.config as
    { layers?: { className?: string; config?: { name?: string } }[] } | undefined;
  if (!Array.isArray(config?.layers)) return [];
  return config.layers.map((l, i) => ({
    className: String(l.className ?? '?'),
    name: String(l.config?.name ?? `layer_${i}`),
    outputShape: '',
  }));
}

/** Model: summary table, the Keras-style summary text and the layer-stack diagram. */
export function modelSection(run: RunData, charts: ChartSet): Section | undefined {
  const layers = diagramLayers(run);
  const summary = run.metrics?.modelSummary;
  if (layers.length === 0 && !summary) return undefined;
  const parts: string[] = [];
  const left: string[] = [];
  if (layers.length > 0) {
    const total = layers.reduce((s, l) => s + (l.params ?? 0), 0);
    const rows: unknown[][] = layers.map((l) => [
      `${l.name} (${l.className})`,
      l.outputShape,
      l.params ?? NaN,
    ]);
    if (layers.some((l) => l.params !== undefined)) rows.push(['Total', '', total]);
    left.push(table(['Layer (type)', 'Output Shape', 'Param #'], rows));
  }
  if (summary)
    left.push(`<details><summary>Summary as printed</summary><pre>${esc(summary)}</pre></details>`);
  parts.push(`<div>${left.join('\n')}</div>`);
  if (layers.length > 0)
    parts.push(charts.addSvg('model-diagram', modelDiagramSvg(layers), 'Layer stack, input at the top.'));
  return { id: 'model', title: 'Model', body: `<div class="grid">${parts.join('\n')}</div>` };
}

/** Training: curves with the best epoch marked, and a line on epochs, best epoch and time. */
export async function trainingSection(run: RunData, charts: ChartSet): Promise<Section | undefined> {
  const history = run.history;
  if (!history || historyMetrics(history).length === 0 || Object.values(history).every((v) => v.length === 0))
    return undefined;
  const m = run.metrics;
  const best = m?.bestEpoch ?? bestEpochOf(history, m?.monitor);
  const epochs = m?.epochs ?? Math.max(...Object.values(history).map((v) => v.length));
  const facts = [
    ['Epochs run', String(epochs)],
    ...(best === undefined ? [] : [['Best epoch', `${best + 1}${m?.monitor ? ` (by ${m.monitor})` : ''}`]]),
    ...(m?.refit
      ? [
          [
            'Kept model',
            `refit: a fresh model trained on all training rows for ${m.refit.epochs} epoch(s); the curves are the validation run's`,
          ],
        ]
      : []),
    ...(m ? [['Training time', `${m.trainSeconds.toFixed(1)} s`]] : []),
  ];
  const atBest =
    best === undefined
      ? []
      : historyMetrics(history)
          .flatMap((k) => [k, `val_${k}`])
          .filter((k) => history[k]?.[best] !== undefined);
  const body = [
    `<dl class="kv">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`,
    await charts.add('training-curves', trainingCurves(history, { bestEpoch: best })),
    atBest.length > 0
      ? `<h3>At the best epoch</h3>${table(atBest, [atBest.map((k) => history[k]![best!]!)])}`
      : '',
  ];
  return { id: 'training', title: 'Training', body: body.join('\n') };
}

const isScalar = (v: unknown): v is number => typeof v === 'number';

/** Metrics: one row per scalar metric, columns train, test and each baseline. */
export function metricsSection(run: RunData): Section | undefined {
  const m = run.metrics;
  if (!m) return undefined;
  const columns: [string, Record<string, unknown>][] = [
    ['train', m.train],
    ['test', m.test],
    ...Object.entries(m.baselines ?? {}).map(
      ([k, v]) => [`${k} (baseline)`, v] as [string, Record<string, unknown>],
    ),
  ];
  const names: string[] = [];
  for (const [, values] of columns)
    for (const [k, v] of Object.entries(values)) if (isScalar(v) && !names.includes(k)) names.push(k);
  if (names.length === 0) return undefined;
  const rows = names.map((n) => [n, ...columns.map(([, values]) => (isScalar(values[n]) ? values[n] : NaN))]);
  const about = Object.entries(m.baselines ?? {}).flatMap(([k, v]) =>
    typeof v.about === 'string' ? [`${k}: ${v.about}.`] : [],
  );
  const note = m.baselines
    ? `<p class="note">Baselines are computed in the same run on the same split.${about.map((a) => ` ${esc(a)}`).join('')}</p>`
    : '';
  const verdict = m.verdict ? `<p class="verdict"><strong>Test: ${esc(m.verdict)}.</strong></p>` : '';
  const warnings = m.warnings?.length
    ? `<ul class="warnings">${m.warnings.map((w) => `<li>warning: ${esc(w)}</li>`).join('')}</ul>`
    : '';
  return {
    id: 'metrics',
    title: 'Metrics',
    body:
      verdict +
      warnings +
      table(['metric', ...columns.map((c) => c[0])], rows, { rowHeaders: true }) +
      note +
      cvTable(m.cv),
  };
}

/** training.cv: each metric's mean ± sd over the folds of the training rows, and every fold's value. */
function cvTable(cv: RunMetrics['cv']): string {
  if (!cv || Object.keys(cv).length === 0) return '';
  const k = Math.max(...Object.values(cv).map((c) => c.folds.length));
  const rows = Object.entries(cv).map(([name, c]) => [name, c.mean, c.sd, ...c.folds]);
  return (
    `<h3>Cross-validation (${k} folds of the training rows)</h3>` +
    table(['metric', 'mean', 'sd', ...Array.from({ length: k }, (_, i) => `fold ${i + 1}`)], rows, {
      rowHeaders: true,
    }) +
    `<p class="note">A fresh model per fold, trained on the other folds and scored on this one at its best epoch; the test figures above are the kept model's.</p>`
  );
}

/** series.json, else (regression) a series rebuilt from predictions.csv ordered by index. */
function seriesOf(run: RunData): SeriesPlot | undefined {
  if (run.series) return run.series;
  // A panel's series lie one after another; the backtest section draws them one at a time.
  if (run.forecast?.panel) return undefined;
  const p = run.predictions;
  if (run.metrics?.task !== 'regression' || !p || p.rows.length === 0) return undefined;
  const rows = [...p.rows].sort((a, b) => Number(a.index) - Number(b.index));
  const values = (r: Record<string, string>): number => Number(r.y_pred);
  return {
    time: rows.map((r, i) => r.time ?? r.index ?? String(i)),
    original: rows.map((r) => Number(r.y_true)),
    trainPrediction: rows.map((r) => (r.split === 'train' ? values(r) : null)),
    testPrediction: rows.map((r) => (r.split !== 'train' ? values(r) : null)),
  };
}

/** Forecast: original series with train/test predictions and baselines, then the residuals. */
export async function forecastSection(run: RunData, charts: ChartSet): Promise<Section | undefined> {
  const series = seriesOf(run);
  if (!series || series.original.length === 0) return undefined;
  const rmse = run.metrics?.test.rmse;
  const base = Object.entries(run.metrics?.baselines ?? {})
    .filter(([, v]) => isScalar(v.rmse))
    .map(([k, v]) => `${k} ${fmt(v.rmse)}`);
  const note = isScalar(rmse)
    ? `<p class="note">Test RMSE ${esc(fmt(rmse))}${base.length ? `; baselines: ${esc(base.join(', '))}` : ''} (original units).</p>`
    : '';
  if (!run.series && !run.predictions?.rows.some((r) => (r.time ?? '') !== ''))
    // A table regression (no series.json, no times): its rows are not steps of a series, so no line
    // over the row index.
    return {
      id: 'predictions',
      title: 'Predictions',
      body: [note, await charts.add('predicted-vs-actual', predictedVsActualChart(series))].join('\n'),
    };
  const body = [
    note,
    await charts.add('forecast', forecastChart(series)),
    await charts.add('residuals', residualsChart(series)),
  ];
  return { id: 'forecast', title: 'Forecast', body: body.join('\n') };
}

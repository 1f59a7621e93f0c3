/** The report's Backtest section: verdict, scores against each baseline, coverage, and three charts. */
import type { ChartSet } from './chart-set.js';
import { backtestChart, errorByStepChart, fanChart } from './charts/backtest.js';
import { esc, fmt, table, type Section } from './html-kit.js';
import type { RunData } from './read-run.js';

const NAMES: Record<string, string> = {
  model: 'model',
  naive: 'naive',
  seasonalNaive: 'seasonal naive',
  drift: 'drift',
  mstl: 'MSTL (augurs)',
  ar: 'AR (lags by AIC)',
};

/**
 * The section for a run with forecast.json; undefined otherwise.
 * @example const section = await backtestSection(readRun('runs/airline'), charts);
 */
export async function backtestSection(run: RunData, charts: ChartSet): Promise<Section | undefined> {
  const f = run.forecast;
  if (!f) return undefined;
  const quantiles = !!f.quantiles?.length;
  const coverage = f.coverage.length
    ? `<h3>Interval coverage on held-out origins</h3>${table(
        ['nominal', 'empirical', 'calibrated on', 'measured on'],
        f.coverage.map((c) => [
          `${Math.round(c.nominal * 100)}%`,
          `${(c.empirical * 100).toFixed(1)}%`,
          quantiles ? "the network's quantiles" : `${c.calibrationOrigins} origins`,
          `${c.heldOutOrigins} origins × ${f.horizon} steps`,
        ]),
      )}<p class="note">${
        quantiles
          ? `The network predicts quantiles ${f.quantiles!.join(', ')} of each step (pinball loss); each pair (q, 1 − q) is an interval of coverage 1 − 2q, scored on every origin, none of which it trained on.`
          : `Split conformal: the half-width of each horizon step is a quantile of the absolute residuals of the earlier origins; the saved model's intervals use every origin.${f.exactIntervals || f.intervalNote ? '' : ' There are fewer origins than the highest coverage needs, so its intervals use the largest residual and may under-cover: add origins (evaluation.backtest.origins).'}`
      }</p>`
    : '';
  const p = f.panel;
  const scoreRow = (
    name: string,
    s: { mae: number; rmse: number; smape: number; mase: number },
  ): unknown[] => [NAMES[name] ?? name, s.mae, s.rmse, s.smape, s.mase];
  // Panel runs: the pooled verdict and every series' scores first; the charts show one series.
  const panel = p
    ? [
        `<p class="verdict"><strong>${esc(p.verdict)}</strong></p>`,
        `<p class="note">${p.series.length} series of '${esc(p.idColumn)}', one global model, each series scaled on its own. Pooled: the mean over series (MAE and RMSE mix the series' units; MASE and sMAPE do not).</p>`,
        table(
          ['forecaster', 'mean MAE', 'mean RMSE', 'mean sMAPE %', 'mean MASE'],
          Object.entries(p.pooled).map(([name, s]) => scoreRow(name, s)),
          { rowHeaders: true },
        ),
        `<h3>By series (MASE)</h3>${table(
          [p.idColumn, ...Object.keys(p.pooled).map((n) => NAMES[n] ?? n), 'verdict'],
          p.series.map((s) => [
            s.id,
            ...Object.keys(p.pooled).map((n) => s.overall[n]?.mase ?? NaN),
            s.verdict,
          ]),
          { rowHeaders: true },
        )}`,
        `<h3>Series '${esc(p.shown)}'</h3>`,
      ]
    : [];
  const future = f.future;
  const body = [
    ...panel,
    `<p class="verdict"><strong>${esc(f.verdict)}</strong></p>`,
    `<p class="note">${f.origins.length} origins, ${f.horizon}-step ${esc(f.strategy)} forecasts, every forecaster from the same history; ${f.retrain === 'never' ? `the model trained once, on the steps before ${esc(f.time[f.trainEnd] ?? String(f.trainEnd))}` : `a fresh model trained on ${f.trainLength ? `the last ${f.trainLength} steps` : 'all the steps'} before every ${f.retrain === 1 ? '' : `${f.retrain}th `}origin`}. MASE is scaled by the in-sample ${'seasonalNaive' in f.overall ? 'seasonal naive' : 'naive'} error (below 1 beats it).</p>`,
    table(
      ['forecaster', 'MAE', 'RMSE', 'sMAPE %', 'MASE'],
      Object.entries(f.overall).map(([name, s]) => scoreRow(name, s)),
      { rowHeaders: true },
    ),
    coverage,
    // Beside the coverage table and above the fan chart whose bands it is about.
    f.intervalNote ? `<p class="note">Intervals: ${esc(f.intervalNote)}.</p>` : '',
    future ? await charts.add('forecast-fan', fanChart({ ...f, future })) : '',
    await charts.add('backtest', backtestChart(f)),
    await charts.add('error-by-step', errorByStepChart(f)),
    future
      ? `<details><summary>Next ${f.horizon} steps</summary>${table(
          [
            'time',
            'forecast',
            ...future.intervals.flatMap((iv) => [
              `lower ${Math.round(iv.coverage * 100)}%`,
              `upper ${Math.round(iv.coverage * 100)}%`,
            ]),
          ],
          future.times.map((t, k) => [
            t,
            fmt(future.forecast[k]),
            ...future.intervals.flatMap((iv) => [fmt(iv.lower[k]), fmt(iv.upper[k])]),
          ]),
        )}</details>`
      : `<p class="note">${esc(f.futureNote ?? 'no forecast past the data')}</p>`,
  ];
  return { id: 'backtest', title: 'Backtest and forecast', body: body.join('\n') };
}

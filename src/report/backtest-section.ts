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
};

/**
 * The section for a run with forecast.json; undefined otherwise.
 * @example const section = await backtestSection(readRun('runs/airline'), charts);
 */
export async function backtestSection(run: RunData, charts: ChartSet): Promise<Section | undefined> {
  const f = run.forecast;
  if (!f) return undefined;
  const rows = Object.entries(f.overall).map(([name, s]) => [
    NAMES[name] ?? name,
    s.mae,
    s.rmse,
    s.smape,
    s.mase,
  ]);
  const coverage = f.coverage.length
    ? `<h3>Interval coverage on held-out origins</h3>${table(
        ['nominal', 'empirical', 'calibrated on', 'measured on'],
        f.coverage.map((c) => [
          `${Math.round(c.nominal * 100)}%`,
          `${(c.empirical * 100).toFixed(1)}%`,
          `${c.calibrationOrigins} origins`,
          `${c.heldOutOrigins} origins × ${f.horizon} steps`,
        ]),
      )}<p class="note">Split conformal: the half-width of each horizon step is a quantile of the absolute residuals of the earlier origins; the saved model's intervals use every origin.${f.exactIntervals ? '' : ' There are fewer origins than the highest coverage needs, so its intervals use the largest residual and may under-cover: add origins (evaluation.backtest.origins).'}</p>`
    : '';
  const body = [
    `<p class="verdict"><strong>${esc(f.verdict)}</strong></p>`,
    `<p class="note">${f.origins.length} origins, ${f.horizon}-step ${esc(f.strategy)} forecasts, every forecaster from the same history; ${f.retrain === 'never' ? `the model trained once, on the steps before ${esc(f.time[f.trainEnd] ?? String(f.trainEnd))}` : `a fresh model trained on all the steps before every ${f.retrain === 1 ? '' : `${f.retrain}th `}origin`}. MASE is scaled by the in-sample seasonal naive error (below 1 beats it).</p>`,
    table(['forecaster', 'MAE', 'RMSE', 'sMAPE %', 'MASE'], rows, { rowHeaders: true }),
    coverage,
    await charts.add('forecast-fan', fanChart(f)),
    await charts.add('backtest', backtestChart(f)),
    await charts.add('error-by-step', errorByStepChart(f)),
    `<details><summary>Next ${f.horizon} steps</summary>${table(
      [
        'time',
        'forecast',
        ...f.future.intervals.flatMap((iv) => [
          `lower ${Math.round(iv.coverage * 100)}%`,
          `upper ${Math.round(iv.coverage * 100)}%`,
        ]),
      ],
      f.future.times.map((t, k) => [
        t,
        fmt(f.future.forecast[k]),
        ...f.future.intervals.flatMap((iv) => [fmt(iv.lower[k]), fmt(iv.upper[k])]),
      ]),
    )}</details>`,
  ];
  return { id: 'backtest', title: 'Backtest and forecast', body: body.join('\n') };
}

/** Charts of a series run's backtest and future forecast (forecast.json), in original units. */
import type { ForecastFile } from '../run-files.js';
import { timeAxis } from './forecast.js';
import { PALETTE, withDefaults, type ChartSpec } from './render.js';

const NAMES: Record<string, string> = {
  model: 'model',
  naive: 'naive',
  seasonalNaive: 'seasonal naive',
  drift: 'drift',
  mstl: 'MSTL',
  ar: 'AR',
};

/**
 * Fan chart: the recent history, then the forecast of the next H steps with its interval bands
 * (widest first, lighter).
 * @example fanChart(readRun('runs/airline').forecast!)
 */
export function fanChart(f: ForecastFile & { future: NonNullable<ForecastFile['future']> }): ChartSpec {
  const keep = Math.min(f.series.length, Math.max(4 * f.horizon, 48));
  const start = f.series.length - keep;
  const axis = timeAxis([...f.time.slice(start), ...f.future.times]);
  const at = (i: number): string | number | undefined => axis.values[i];
  const history = f.series.slice(start).map((v, i) => ({ time: at(i), value: v, series: 'history' }));
  const last = history[history.length - 1]!;
  const forecast = [
    { ...last, series: 'forecast' },
    ...f.future.forecast.map((v, k) => ({ time: at(keep + k), value: v, series: 'forecast' })),
  ];
  const bands = [...f.future.intervals]
    .sort((a, b) => b.coverage - a.coverage)
    .map((iv, j) => ({
      data: { values: iv.lower.map((lo, k) => ({ time: at(keep + k), lo, hi: iv.upper[k] })) },
      mark: { type: 'area', opacity: 0.18 + 0.14 * j, color: PALETTE[0] },
      encoding: {
        x: { field: 'time', type: axis.type },
        y: { field: 'lo', type: 'quantitative' },
        y2: { field: 'hi' },
      },
    }));
  const levels = f.future.intervals.map((iv) => `${Math.round(iv.coverage * 100)}%`).join(' and ');
  return withDefaults({
    title: {
      text: `Forecast of the next ${f.horizon} steps${f.future.frequency ? ` (${f.future.frequency})` : ''}`,
      subtitle: levels
        ? `shaded: ${levels} ${f.quantiles?.length ? "intervals from the network's quantiles" : 'conformal intervals from the backtest'}`
        : 'no intervals asked (forecast.intervals)',
    },
    width: 700,
    height: 300,
    layer: [
      ...bands,
      {
        data: { values: [...history, ...forecast] },
        mark: { type: 'line', strokeWidth: 1.8, tooltip: true },
        encoding: {
          x: axis.x,
          y: { field: 'value', type: 'quantitative', title: 'Value', scale: { zero: false } },
          color: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: { domain: ['history', 'forecast'], range: ['#333333', PALETTE[0]] },
          },
        },
      },
    ],
  });
}

/**
 * Backtest: the actual series after the training part with each origin's H-step forecast drawn over it.
 * @example backtestChart(readRun('runs/airline').forecast!)
 */
export function backtestChart(f: ForecastFile): ChartSpec {
  const first = Math.max(0, (f.origins[0]?.origin ?? f.trainEnd) - f.horizon);
  const axis = timeAxis(f.time.slice(first));
  const at = (t: number): string | number | undefined => axis.values[t - first];
  const actual = f.series.slice(first).map((v, i) => ({ time: at(first + i), value: v }));
  const paths = f.origins.flatMap((o) =>
    o.forecast.map((v, k) => ({ time: at(o.origin + k), value: v, origin: String(o.origin) })),
  );
  return withDefaults({
    title: {
      text: `Backtest: ${f.origins.length} origins, each forecasting ${f.horizon} steps`,
      subtitle: 'thin lines: the forecast from each origin; black: what happened',
    },
    width: 700,
    height: 300,
    layer: [
      {
        data: { values: paths },
        mark: { type: 'line', strokeWidth: 1, opacity: 0.55, color: PALETTE[0] },
        encoding: {
          x: axis.x,
          y: { field: 'value', type: 'quantitative', title: 'Value', scale: { zero: false } },
          detail: { field: 'origin' },
        },
      },
      {
        data: { values: actual },
        mark: { type: 'line', strokeWidth: 2, color: '#222222' },
        encoding: { x: { field: 'time', type: axis.type }, y: { field: 'value', type: 'quantitative' } },
      },
    ],
  });
}

/**
 * MAE by horizon step for the model and each baseline, on the same origins.
 * @example errorByStepChart(readRun('runs/airline').forecast!)
 */
export function errorByStepChart(f: ForecastFile): ChartSpec {
  const names = Object.keys(f.byStep);
  const values = names.flatMap((name) =>
    f.byStep[name]!.map((s, k) => ({ step: k + 1, mae: s.mae, forecaster: NAMES[name] ?? name })),
  );
  const domain = names.map((n) => NAMES[n] ?? n);
  // At most about 24 step labels: 96 steps (a day of 10-minute readings) ran into one another.
  const H = Math.max(0, ...names.map((n) => f.byStep[n]!.length));
  const every = Math.ceil(H / 24);
  const labelled = Array.from({ length: H }, (_, k) => k + 1).filter((s) => (s - 1) % every === 0 || s === H);
  return withDefaults({
    title: { text: 'Error by horizon step (backtest MAE)', subtitle: 'the model solid, baselines dashed' },
    width: 700,
    height: 260,
    data: { values },
    mark: { type: 'line', point: true, strokeWidth: 1.8, tooltip: true },
    encoding: {
      x: { field: 'step', type: 'ordinal', title: 'Steps ahead', axis: { values: labelled, labelAngle: 0 } },
      y: { field: 'mae', type: 'quantitative', title: 'MAE (original units)' },
      color: {
        field: 'forecaster',
        type: 'nominal',
        title: null,
        scale: { domain, range: ['#222222', ...PALETTE].slice(0, domain.length) },
      },
      strokeDash: {
        field: 'forecaster',
        type: 'nominal',
        title: null,
        scale: { domain, range: domain.map((d) => (d === 'model' ? [1, 0] : [5, 4])) },
      },
    },
  });
}

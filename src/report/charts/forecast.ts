import type { SeriesPlot } from '../run-files.js';
import { PALETTE, withDefaults, type ChartSpec } from './render.js';

/**
 * Dates (e.g. 1949-01, 2012-01-01) plot on a time axis; anything else in index order. A time axis
 * gets tick labels by the span it covers (years, months, days or hours, about ten ticks): left to
 * vega-lite, a few years of months thin out to the same month name with no year.
 */
export function timeAxis(time: string[]): {
  type: string;
  values: (string | number)[];
  /** The x encoding of the main layer: field, type, title and, for dates, the tick labels. */
  x: Record<string, unknown>;
} {
  const isDate = time.length > 0 && time.every((t) => /^\d{4}-\d{2}/.test(t) && !Number.isNaN(Date.parse(t)));
  if (isDate) {
    const days = (Date.parse(time[time.length - 1]!) - Date.parse(time[0]!)) / 86_400_000;
    const [format, interval, units] =
      days > 3 * 365
        ? ['%Y', 'year', days / 365.25]
        : days > 90
          ? ['%b %Y', 'month', days / 30.44]
          : days > 3
            ? ['%d %b', 'day', days]
            : ['%d %b %H:%M', 'hours', days * 24]; // vega's interval names: 'hours', not 'hour'
    const step = Math.max(1, Math.ceil(units / 10));
    const axis = { format, tickCount: { interval, step } };
    return {
      type: 'temporal',
      values: time,
      x: { field: 'time', type: 'temporal', title: 'Time', axis },
    };
  }
  const numeric = time.length > 0 && time.every((t) => t.trim() !== '' && Number.isFinite(Number(t)));
  const title = numeric ? 'Time' : 'Step';
  // Years are labelled 1880, not 1,880.
  const years = numeric && time.every((t) => /^\d{4}$/.test(t.trim()));
  return {
    type: 'quantitative',
    values: time.map((t, i) => (numeric ? Number(t) : i)),
    // Years and other numeric times do not start the axis at 0 (a residual chart ran 0–2,000).
    x: {
      field: 'time',
      type: 'quantitative',
      title,
      ...(numeric ? { scale: { zero: false } } : {}),
      ...(years ? { axis: { format: 'd' } } : {}),
    },
  };
}

/**
 * Forecast plot: the original series with the train and test predictions overlaid and the
 * baseline forecasts (naive, seasonal naive …) dashed, all in original units.
 * @example
 * forecastChart({ time: ['1949-01', '1949-02'], original: [112, 118], trainPrediction: [null, 115], testPrediction: [null, null] });
 */
export function forecastChart(series: SeriesPlot, valueTitle = 'Value'): ChartSpec {
  const axis = timeAxis(series.time);
  const lines: [string, (number | null)[]][] = [
    ['original', series.original],
    ['train prediction', series.trainPrediction],
    ['test prediction', series.testPrediction],
    ...Object.entries(series.baselines ?? {}).map(
      ([name, v]) => [`${name} (baseline)`, v] as [string, (number | null)[]],
    ),
  ];
  const values = lines.flatMap(([name, ys]) =>
    ys
      .map((y, i) => ({ time: axis.values[i], value: y, series: name }))
      .filter((d) => d.value !== null && Number.isFinite(d.value)),
  );
  const names = lines.map((l) => l[0]);
  const colors = ['#333333', PALETTE[0], PALETTE[3], PALETTE[2], PALETTE[4], PALETTE[1], PALETTE[5]];
  // Two layers, baselines first: drawn in one, the baselines covered the model's test line (vega
  // draws a layer's lines in the legend's order), and a daily series' dense baselines hid it whole.
  const isBaseline = 'test(/\\(baseline\\)$/, datum.series)';
  return withDefaults({
    title: {
      text: 'Forecast: original series and predictions',
      subtitle: 'baselines dashed, under the model',
    },
    width: 700,
    height: 320,
    data: { values },
    layer: [
      { transform: [{ filter: isBaseline }], mark: { type: 'line', strokeWidth: 1.4, tooltip: true } },
      { transform: [{ filter: `!${isBaseline}` }], mark: { type: 'line', strokeWidth: 1.8, tooltip: true } },
    ],
    encoding: {
      x: axis.x,
      y: { field: 'value', type: 'quantitative', title: valueTitle, scale: { zero: false } },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: names, range: colors.slice(0, names.length) },
      },
      strokeDash: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: names, range: names.map((n) => (n.endsWith('(baseline)') ? [5, 4] : [1, 0])) },
      },
    },
  });
}

/**
 * Residuals (actual − predicted) over time for the train and test predictions, with a zero rule.
 * @example
 * residualsChart(series);
 */
export function residualsChart(series: SeriesPlot): ChartSpec {
  const axis = timeAxis(series.time);
  const values: { time: string | number | undefined; residual: number; split: string }[] = [];
  for (const [split, preds] of [
    ['train', series.trainPrediction],
    ['test', series.testPrediction],
  ] as const) {
    preds.forEach((p, i) => {
      const y = series.original[i];
      if (p !== null && y !== undefined && Number.isFinite(p) && Number.isFinite(y))
        values.push({ time: axis.values[i], residual: y - p, split });
    });
  }
  return withDefaults({
    title: { text: 'Residuals (actual − predicted)' },
    width: 700,
    height: 220,
    layer: [
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 22, tooltip: true },
        encoding: {
          x: axis.x,
          y: { field: 'residual', type: 'quantitative', title: 'Residual' },
          color: {
            field: 'split',
            type: 'nominal',
            title: null,
            scale: { domain: ['train', 'test'], range: [PALETTE[0], PALETTE[3]] },
          },
        },
      },
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule', color: '#555' },
        encoding: { y: { field: 'zero', type: 'quantitative' } },
      },
    ],
  });
}

/**
 * A table regression's predictions against the truth, one point per row (train and test), with the
 * diagonal where they would be equal.
 * @example predictedVsActualChart(series)
 */
export function predictedVsActualChart(series: SeriesPlot): ChartSpec {
  const values: { actual: number; predicted: number; split: string }[] = [];
  for (const [split, preds] of [
    ['train', series.trainPrediction],
    ['test', series.testPrediction],
  ] as const)
    preds.forEach((p, i) => {
      const y = series.original[i];
      if (p !== null && y !== undefined && Number.isFinite(p) && Number.isFinite(y))
        values.push({ actual: y, predicted: p, split });
    });
  const all = values.flatMap((v) => [v.actual, v.predicted]);
  const [lo, hi] = [Math.min(...all), Math.max(...all)];
  // The same range on both axes in every layer (the diagonal's too: a layer without it put 0 on the
  // y axis of house prices and tilted the diagonal).
  const scale = { domain: [lo, hi], zero: false };
  return withDefaults({
    title: {
      text: 'Predicted against actual',
      subtitle: 'one point per row; on the diagonal the prediction is exact',
    },
    width: 420,
    height: 420,
    layer: [
      {
        data: { values: [{ v: lo }, { v: hi }] },
        mark: { type: 'line', color: '#888', strokeDash: [4, 4] },
        encoding: {
          x: { field: 'v', type: 'quantitative', scale },
          y: { field: 'v', type: 'quantitative', scale },
        },
      },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 22, opacity: 0.7, tooltip: true },
        encoding: {
          x: { field: 'actual', type: 'quantitative', title: 'Actual', scale },
          y: { field: 'predicted', type: 'quantitative', title: 'Predicted', scale },
          color: {
            field: 'split',
            type: 'nominal',
            title: null,
            scale: { domain: ['train', 'test'], range: [PALETTE[0], PALETTE[3]] },
          },
        },
      },
    ],
  });
}

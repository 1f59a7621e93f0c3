import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attentionChart,
  bestEpochOf,
  confusionMatrixChart,
  correlationHeatmap,
  featureHistogram,
  featureHistograms,
  forecastChart,
  historyMetrics,
  labelBarChart,
  lengthHistogram,
  predictedVsActualChart,
  renderSvg,
  residualsChart,
  rocChart,
  svgToPng,
  trainingCurves,
} from '../../src/report/index.js';
import { modelDiagramSvg } from '../../src/report/model-diagram.js';
import { PALETTE } from '../../src/report/charts/render.js';
import { errorByStepChart } from '../../src/report/charts/backtest.js';
import { assertWellFormedSvg, pngSize } from './svg-check.js';

const time = ['1949-01', '1949-02', '1949-03', '1949-04'];
const series = {
  time,
  original: [112, 118, 132, 129],
  trainPrediction: [null, 116, 128, null],
  testPrediction: [null, null, null, 135],
  baselines: { naive: [null, null, null, 132] },
};

const cases: [string, ReturnType<typeof labelBarChart>, string[], string[]][] = [
  [
    'labels',
    labelBarChart({ neg: 10, pos: 12 }, 'y'),
    ['Rows per class (y)', 'neg', 'pos', '12'],
    ['mark-rect', 'mark-text'],
  ],
  [
    'histogram',
    featureHistogram('x1', { a: [0, 1, 2, 2], b: [3, 4, 4] }),
    ['Distribution of x1 by class'],
    ['mark-rect'],
  ],
  [
    'histograms',
    featureHistograms([
      { feature: 'x1', byClass: { a: [0, 1], b: [2] } },
      { feature: 'x2', byClass: { a: [10, 20], b: [30] } },
    ]),
    ['Feature distributions by class', 'x1', 'x2'],
    ['mark-rect'],
  ],
  [
    'correlation',
    correlationHeatmap(
      ['a', 'b'],
      [
        [1, -0.25],
        [-0.25, 1],
      ],
    ),
    ['Correlation (Pearson)', '−0.25', '1.00'],
    ['mark-rect', 'mark-text'],
  ],
  [
    'curves',
    trainingCurves(
      {
        loss: [0.7, 0.5, 0.45],
        val_loss: [0.8, 0.6, 0.65],
        accuracy: [0.5, 0.7, 0.8],
        val_accuracy: [0.5, 0.6, 0.6],
      },
      { bestEpoch: 1 },
    ),
    ['Training curves', 'best epoch (2)', 'loss', 'accuracy', 'validation', 'Epoch'],
    ['mark-line', 'mark-rule'],
  ],
  [
    'confusion',
    confusionMatrixChart(
      [
        [50, 3],
        [7, 40],
      ],
      ['neg', 'pos'],
    ),
    ['Confusion matrix (test)', '94.3%', '50', 'Predicted label', 'True label'],
    ['mark-rect', 'mark-text'],
  ],
  [
    'roc',
    rocChart([0, 0.5, 1], [0, 0.75, 1], 0.625),
    ['ROC curve (AUC = 0.625)', 'False positive rate'],
    ['mark-line'],
  ],
  [
    'forecast',
    forecastChart(series, 'Passengers'),
    ['Forecast: original series and predictions', 'naive (baseline)', 'test prediction', 'Passengers'],
    ['mark-line'],
  ],
  [
    // Hourly steps over under three days: the axis ticks every few hours (the interval named 'hour'
    // instead of vega's 'hours' crashed the render, and with it the report of an hourly backtest).
    'forecast, hourly',
    forecastChart({
      ...series,
      time: ['2007-02-12T22:00:00Z', '2007-02-12T23:00:00Z', '2007-02-13T00:00:00Z', '2007-02-13T01:00:00Z'],
    }),
    ['13 Feb 00:00'],
    ['mark-line'],
  ],
  ['residuals', residualsChart(series), ['Residuals (actual − predicted)'], ['mark-symbol', 'mark-rule']],
  [
    'attention',
    attentionChart(['x1', 'x2'], [0.7, 0.3], { a: [0.6, 0.4], b: [0.8, 0.2] }),
    ['Mean attention per step', 'x1'],
    ['mark-rect'],
  ],
  ['lengths', lengthHistogram([10, 20, 20, 35, 100]), ['Document length'], ['mark-rect']],
];

for (const [name, spec, texts, marks] of cases) {
  test(`chart ${name}: renders to SVG with its title, texts and marks, and to PNG`, async () => {
    const svg = await renderSvg(spec);
    assertWellFormedSvg(svg, name);
    for (const t of texts)
      assert.ok(svg.includes(`>${t}<`) || svg.includes(t), `${name}: SVG contains "${t}"`);
    for (const m of marks) assert.ok(svg.includes(m), `${name}: SVG has a ${m}`);
    const png = svgToPng(svg);
    const { width, height } = pngSize(png);
    assert.ok(width > 300 && height > 150, `${name}: PNG ${width}x${height}`);
    assert.ok(png.length > 5000, `${name}: PNG has content (${png.length} bytes)`);
  });
}

test('renderSvg: an invalid spec is a SeqlabError naming the chart', async () => {
  await assert.rejects(
    renderSvg({ title: 'broken', mark: 'nope', data: { values: [] } }),
    /could not render the chart broken/,
  );
});

test('bestEpochOf: minimum for losses, maximum for scores, NaN skipped', () => {
  assert.equal(bestEpochOf({ loss: [3, 2, 2.5] }), 1);
  assert.equal(bestEpochOf({ loss: [3, 2], val_loss: [NaN, 4, 1] }), 2);
  assert.equal(bestEpochOf({ val_accuracy: [0.5, 0.9, 0.8] }, 'val_accuracy'), 1);
  assert.equal(bestEpochOf({ loss: [] }), undefined);
  assert.deepEqual(historyMetrics({ epoch: [0], accuracy: [1], loss: [1], val_loss: [1], val_auc: [1] }), [
    'loss',
    'accuracy',
    'auc',
  ]);
});

test('modelDiagramSvg: one box per layer with class, name and shape, arrows between', () => {
  const svg = modelDiagramSvg([
    { name: 'embedding', className: 'Embedding', outputShape: '(None, 100, 128)', params: 2_560_000 },
    { name: 'lstm', className: 'LSTM', outputShape: '(None, 100)', params: 91_600 },
  ]);
  assertWellFormedSvg(svg, 'diagram');
  assert.equal(svg.match(/<rect [^>]*rx=/g)?.length, 2);
  assert.equal(svg.match(/<path /g)?.length, 1);
  for (const t of ['Embedding', 'lstm', '(None, 100, 128)', '2,560,000 params'])
    assert.ok(svg.includes(t), t);
  assert.ok(pngSize(svgToPng(svg)).width > 400);
});

test('rocChart thins a curve of many points to at most ~500 steps', () => {
  const n = 20_000;
  const fpr = Array.from({ length: n }, (_, i) => i / (n - 1));
  const tpr = fpr.map((x) => Math.sqrt(x));
  const spec = rocChart(fpr, tpr, 0.67) as { layer: { data: { values: unknown[] } }[] };
  const points = spec.layer[1]!.data.values;
  assert.ok(points.length > 100 && points.length <= 1001, `${points.length} points`);
  assert.deepEqual(points[points.length - 1], { fpr: 1, tpr: 1, order: n - 1 });
});

test('a time axis labels its ticks by the span: years for years of months, month and year for months of days', async () => {
  const plot = (time: string[]): Parameters<typeof forecastChart>[0] => ({
    time,
    original: time.map((_, i) => i),
    trainPrediction: time.map(() => null),
    testPrediction: time.map(() => null),
  });
  const months = Array.from(
    { length: 72 },
    (_, i) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`,
  );
  const yearly = await renderSvg(forecastChart(plot(months)));
  for (const y of ['2001', '2003', '2005']) assert.match(yearly, new RegExp(`>${y}<`));
  assert.doesNotMatch(yearly, />(January|April|July|October)</, 'no bare month names');
  const days = Array.from({ length: 180 }, (_, i) =>
    new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10),
  );
  assert.match(await renderSvg(forecastChart(plot(days))), />(Feb|Mar|Apr) 2021</);
});

test('predicted against actual: both axes span the values, not zero (house prices near 100,000s)', async () => {
  const plot = {
    ...series,
    original: [212000, 318000, 452000, 529000],
    trainPrediction: [220000, 305000, 460000, null],
    testPrediction: [null, null, null, 517000],
  };
  const svg = await renderSvg(predictedVsActualChart(plot));
  assertWellFormedSvg(svg, 'predicted-vs-actual');
  const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.trim());
  assert.ok(labels.includes('300,000'), labels.join(' | '));
  assert.ok(!labels.includes('0'), `an axis starts at 0: ${labels.join(' | ')}`);
});

test("the forecast chart draws the model's lines over the baselines, which hid a daily test line whole", async () => {
  const svg = await renderSvg(forecastChart(series));
  // Paths in SVG order are drawn in that order (the legend's symbols come after the plot's lines): the
  // baseline's line first, then the test prediction's over it.
  const strokes = [...svg.matchAll(/<path[^>]*stroke="(#[0-9A-Fa-f]{6})"/g)].map((m) => m[1]!.toUpperCase());
  const test = strokes.indexOf(PALETTE[3]!.toUpperCase());
  const naive = strokes.indexOf(PALETTE[2]!.toUpperCase());
  assert.ok(naive >= 0 && test >= 0, `strokes ${strokes.join(' ')}`);
  assert.ok(
    naive < test,
    `the naive baseline (path ${naive}) is drawn before the test prediction (path ${test})`,
  );
});

test('error by horizon step labels about 24 steps: 96 steps ran into one another', async () => {
  // MAE from 100 up, so that no value label of the y axis reads as a step.
  const row = (k: number) => ({ mae: 100 + k, rmse: 1, smape: 1, mase: 1 });
  const byStep = {
    model: Array.from({ length: 96 }, (_, k) => row(k)),
    naive: Array.from({ length: 96 }, (_, k) => row(2 * k)),
  };
  const svg = await renderSvg(
    errorByStepChart({ byStep } as unknown as Parameters<typeof errorByStepChart>[0]),
  );
  // The x axis' labels: 1, 5, 9, …, 93 and the last step, 96.
  const labels = [...svg.matchAll(/<text[^>]*>(\d+)<\/text>/g)].map((m) => Number(m[1]));
  for (const s of [1, 5, 93, 96]) assert.ok(labels.includes(s), `step ${s} labelled`);
  for (const s of [2, 3, 95]) assert.ok(!labels.includes(s), `step ${s} not labelled`);
});

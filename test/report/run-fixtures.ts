// Synthetic run folders as `seqlab train` writes them (see src/report/run-files.ts), for the report tests
// and the screenshot script. Seeded, so every run gives the same files.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttentionSamples, DataSummary, RunMetrics, SeriesPlot } from '../../src/report/run-files.js';

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

function csv(header: string[], rows: (string | number)[][]): string {
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

function history(epochs: number, metric: string | null, r: () => number): string {
  const header = [
    'epoch',
    'loss',
    ...(metric ? [metric] : []),
    'val_loss',
    ...(metric ? [`val_${metric}`] : []),
  ];
  const rows = Array.from({ length: epochs }, (_, e) => {
    const loss = 0.7 * Math.exp(-e / 4) + 0.15 + 0.01 * r();
    const val = 0.72 * Math.exp(-e / 5) + 0.2 + 0.004 * (e - 7) ** 2 * 0.3 + 0.01 * r();
    const acc = 1 - loss * 0.6;
    return [
      e,
      loss.toFixed(5),
      ...(metric ? [acc.toFixed(5)] : []),
      val.toFixed(5),
      ...(metric ? [(1 - val * 0.6).toFixed(5)] : []),
    ];
  });
  return csv(header, rows);
}

function dataSummary(classes: string[], features: string[], r: () => number, rows = 600): DataSummary {
  const byClass = (shift: number) =>
    Object.fromEntries(classes.map((c, k) => [c, Array.from({ length: 150 }, () => normal(r) + k * shift)]));
  return {
    rows,
    columns: [...features, 'y'],
    head: Array.from({ length: 5 }, (_, i) => [
      String(i),
      ...features.map(() => normal(r).toFixed(4)),
      classes[i % classes.length]!,
    ]),
    info: [...features, 'y'].map((column, i) => ({
      column,
      dtype: column === 'y' ? 'object' : 'float64',
      nonNull: rows - (i === 1 ? 3 : 0),
      missing: i === 1 ? 3 : 0,
    })),
    describe: features.map((column) => ({
      column,
      count: rows,
      mean: normal(r) * 0.1,
      std: 1 + r() * 0.1,
      min: -3.1,
      q25: -0.67,
      q50: 0.01,
      q75: 0.68,
      max: 3.2,
    })),
    label: {
      column: 'y',
      counts: Object.fromEntries(classes.map((c, k) => [c, Math.round(rows / classes.length) + k * 7])),
    },
    featureByClass: features.map((feature, j) => ({ feature, byClass: byClass(j % 2 === 0 ? 1.2 : 0.3) })),
    correlation: {
      columns: features,
      matrix: features.map((_, i) =>
        features.map((_, j) => (i === j ? 1 : Number((0.9 * Math.cos(i * 3 + j * 3) * 0.5).toFixed(3)))),
      ),
    },
  };
}

function baseMetrics(task: RunMetrics['task'], name: string): Omit<RunMetrics, 'test' | 'train'> {
  return {
    task,
    name,
    data: `synthetic ${task} data`,
    epochs: 12,
    bestEpoch: 7,
    monitor: 'val_loss',
    trainSeconds: 12.34,
    seqlabVersion: '0.1.0',
    backend: { name: 'native', cpuFeatures: 'avx2,fma', threads: 2 },
  };
}

function classificationPredictions(
  classes: string[],
  n: number,
  r: () => number,
): { csv: string; matrix: number[][] } {
  const matrix = classes.map(() => classes.map(() => 0));
  const rows = Array.from({ length: n }, (_, i) => {
    const t = i % classes.length;
    const logits = classes.map((_, k) => (k === t ? 1.6 : 0) + normal(r));
    const exp = logits.map(Math.exp);
    const sum = exp.reduce((a, b) => a + b, 0);
    const p = exp.map((v) => v / sum);
    const pred = p.indexOf(Math.max(...p));
    const split = i < n * 0.7 ? 'train' : 'test';
    if (split === 'test') matrix[t]![pred]! += 1;
    return [i, split, classes[t]!, classes[pred]!, ...p.map((v) => v.toFixed(5))];
  });
  return { csv: csv(['index', 'split', 'y_true', 'y_pred', ...classes.map((c) => `p_${c}`)], rows), matrix };
}

const WORDS =
  'this movie was absolutely wonderful and the acting felt honest but the plot dragged terribly in the middle'.split(
    ' ',
  );

/** A binary classification run on a table of 10 features with a BiGRU + attention model. */
export function makeBinaryRun(dir = mkdtempSync(join(tmpdir(), 'seqlab-report-binary-'))): string {
  const r = rng(11);
  const classes = ['negative', 'positive'];
  const features = Array.from({ length: 10 }, (_, i) => `x${i + 1}`);
  const preds = classificationPredictions(classes, 400, r);
  const metrics: RunMetrics = {
    ...baseMetrics('binary', 'tabular-bigru-attention'),
    labels: classes,
    test: {
      accuracy: 0.8917,
      precision: 0.88,
      recall: 0.9,
      f1: 0.89,
      auc: 0.95,
      loss: 0.31,
      confusionMatrix: preds.matrix,
    },
    train: { accuracy: 0.93, precision: 0.92, recall: 0.94, f1: 0.93, auc: 0.97, loss: 0.21 },
    baselines: { logisticRegression: { accuracy: 0.85, precision: 0.84, recall: 0.86, f1: 0.85 } },
    layers: [
      { name: 'reshape', className: 'Reshape', outputShape: '(None, 10, 1)', params: 0 },
      {
        name: 'bidirectional',
        className: 'Bidirectional(GRU)',
        outputShape: '(None, 10, 128)',
        params: 25_728,
      },
      { name: 'attention_pooling', className: 'AttentionPooling', outputShape: '(None, 128)', params: 129 },
      { name: 'dense', className: 'Dense', outputShape: '(None, 1)', params: 129 },
    ],
    modelSummary: 'Model: "sequential"\n(Keras-style table)\nTotal params: 25,986',
  };
  const attention: AttentionSamples = {
    kind: 'table',
    steps: features,
    meanWeights: features.map((_, i) => (i === 2 ? 0.3 : 0.7 / 9)),
    meanWeightsByClass: {
      negative: features.map((_, i) => (i === 2 ? 0.2 : 0.8 / 9)),
      positive: features.map((_, i) => (i === 2 ? 0.4 : 0.6 / 9)),
    },
    samples: [0, 1, 2].map((k) => {
      const tokens = WORDS.slice(k * 3, k * 3 + 14);
      return {
        tokens,
        weights: tokens.map((t) => (t === 'wonderful' || t === 'terribly' ? 0.3 : 0.7 / tokens.length)),
        label: classes[k % 2]!,
        predicted: classes[k === 2 ? 1 : k % 2]!,
        probability: 0.91 - 0.2 * k,
      };
    }),
  };
  writeFileSync(join(dir, 'metrics.json'), JSON.stringify(metrics, null, 2));
  writeFileSync(join(dir, 'history.csv'), history(12, 'accuracy', r));
  writeFileSync(join(dir, 'predictions.csv'), preds.csv);
  writeFileSync(join(dir, 'data.json'), JSON.stringify(dataSummary(classes, features, r)));
  writeFileSync(join(dir, 'attention.json'), JSON.stringify(attention));
  writeFileSync(
    join(dir, 'config.yaml'),
    'name: tabular-bigru-attention\ndata:\n  source: generated\nfit:\n  epochs: 12\n',
  );
  return dir;
}

/** A multiclass run (three weather classes) without attention. */
export function makeMulticlassRun(dir = mkdtempSync(join(tmpdir(), 'seqlab-report-multi-'))): string {
  const r = rng(23);
  const classes = ['drizzle', 'rain', 'sun'];
  const preds = classificationPredictions(classes, 450, r);
  const features = ['precipitation', 'temp_max', 'temp_min', 'wind'];
  const metrics: RunMetrics = {
    ...baseMetrics('multiclass', 'weather-lstm-classifier'),
    labels: classes,
    test: { accuracy: 0.7, macroF1: 0.69, loss: 0.8 },
    train: { accuracy: 0.75, macroF1: 0.74, loss: 0.7 },
    baselines: { majorityClass: { accuracy: 0.34, macroF1: 0.17 } },
    layers: [
      { name: 'lstm', className: 'LSTM', outputShape: '(None, 10, 32)', params: 4_736 },
      { name: 'lstm_1', className: 'LSTM', outputShape: '(None, 32)', params: 8_320 },
      { name: 'dense', className: 'Dense', outputShape: '(None, 3)', params: 99 },
    ],
  };
  writeFileSync(join(dir, 'metrics.json'), JSON.stringify(metrics, null, 2));
  writeFileSync(join(dir, 'history.csv'), history(12, 'accuracy', r));
  writeFileSync(join(dir, 'predictions.csv'), preds.csv);
  writeFileSync(join(dir, 'data.json'), JSON.stringify(dataSummary(classes, features, r)));
  return dir;
}

/** A forecasting run (monthly passengers) with series.json and baselines. */
export function makeRegressionRun(dir = mkdtempSync(join(tmpdir(), 'seqlab-report-reg-'))): string {
  const r = rng(5);
  const n = 144;
  const time = Array.from(
    { length: n },
    (_, i) => `${1949 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
  );
  const original = time.map((_, i) =>
    Math.round((110 + 2.4 * i) * (1 + 0.15 * Math.sin((2 * Math.PI * i) / 12)) + 5 * normal(r)),
  );
  const split = 100;
  const series: SeriesPlot = {
    time,
    original,
    trainPrediction: original.map((v, i) => (i >= 10 && i < split ? v + 6 * normal(r) : null)),
    testPrediction: original.map((v, i) => (i >= split ? v + 15 * normal(r) : null)),
    baselines: {
      naive: original.map((_, i) => (i >= split ? original[i - 1]! : null)),
      seasonalNaive: original.map((_, i) => (i >= split ? original[i - 12]! : null)),
    },
  };
  const metrics: RunMetrics = {
    ...baseMetrics('regression', 'airline-lstm'),
    test: { mse: 420.1, rmse: 20.5, mae: 16.2, mape: 4.1, r2: 0.93 },
    train: { mse: 40.3, rmse: 6.35, mae: 5.1, mape: 2.3, r2: 0.98 },
    baselines: { naive: { rmse: 45.1, mae: 38.2 }, seasonalNaive: { rmse: 41.9, mae: 35 } },
    layers: [
      { name: 'lstm', className: 'LSTM', outputShape: '(None, 10, 50)', params: 10_400 },
      { name: 'lstm_1', className: 'LSTM', outputShape: '(None, 50)', params: 20_200 },
      { name: 'dense', className: 'Dense', outputShape: '(None, 25)', params: 1_275 },
      { name: 'dense_1', className: 'Dense', outputShape: '(None, 1)', params: 26 },
    ],
  };
  const predictions = csv(
    ['index', 'split', 'time', 'y_true', 'y_pred'],
    time.flatMap((t, i) => {
      const p = series.trainPrediction[i] ?? series.testPrediction[i];
      return p === null || p === undefined
        ? []
        : [[i, i < split ? 'train' : 'test', t, original[i]!, p.toFixed(3)]];
    }),
  );
  writeFileSync(join(dir, 'metrics.json'), JSON.stringify(metrics, null, 2));
  writeFileSync(join(dir, 'history.csv'), history(12, null, r));
  writeFileSync(join(dir, 'predictions.csv'), predictions);
  writeFileSync(join(dir, 'series.json'), JSON.stringify(series));
  mkdirSync(join(dir, 'model'));
  writeFileSync(
    join(dir, 'model', 'model.json'),
    JSON.stringify({ format: 'seqlab-model', formatVersion: 1, config: { layers: [] } }),
  );
  return dir;
}

/** A text-attention run (IMDB-like) whose attention.json holds shaded sample reviews. */
export function addTextAttention(dir: string): void {
  const attention: AttentionSamples = {
    kind: 'text',
    samples: [
      {
        tokens: 'one of the best films i have seen this year the cast is superb'.split(' '),
        weights: [],
        label: 'positive',
        predicted: 'positive',
        probability: 0.97,
      },
      {
        tokens: 'a dull boring mess with no redeeming qualities at all'.split(' '),
        weights: [],
        label: 'negative',
        predicted: 'negative',
        probability: 0.04,
      },
      {
        tokens: 'not bad but i expected much more from this director'.split(' '),
        weights: [],
        label: 'negative',
        predicted: 'positive',
        probability: 0.58,
      },
    ].map((s) => ({
      ...s,
      weights: s.tokens.map((t) => (/best|superb|dull|boring|mess|bad|expected/.test(t) ? 0.25 : 0.02)),
    })),
  };
  writeFileSync(join(dir, 'attention.json'), JSON.stringify(attention));
}

/**
 * A multi-label run with `k` labels (label j on a row with probability 0.3 / (1 + j / 5)), predictions
 * that flip a tenth of the decisions, label counts per row in data.json.
 */
export function makeMultilabelRun(
  k: number,
  dir = mkdtempSync(join(tmpdir(), 'seqlab-report-multilabel-')),
): { dir: string; truth: Uint8Array; pred: Uint8Array; labels: string[] } {
  const r = rng(31);
  const labels = Array.from({ length: k }, (_, j) => `tag${String(j).padStart(2, '0')}`);
  const n = 300;
  const truth = Uint8Array.from({ length: n * k }, (_, c) => (r() < 0.3 / (1 + (c % k) / 5) ? 1 : 0));
  const pred = Uint8Array.from(truth, (t) => (r() < 0.1 ? 1 - t : t));
  const set = (m: Uint8Array, i: number): string => labels.filter((_, j) => m[i * k + j]).join('|');
  const rows = Array.from(
    { length: n },
    (_, i) => `${i},test,${set(truth, i)},${set(pred, i)},${labels.map(() => r().toFixed(4)).join(',')}`,
  );
  writeFileSync(
    join(dir, 'predictions.csv'),
    [`index,split,y_true,y_pred,${labels.map((l) => `p_${l}`).join(',')}`, ...rows].join('\n') + '\n',
  );
  const metrics: RunMetrics = {
    ...baseMetrics('multilabel', 'tags'),
    labels,
    test: { microF1: 0.8, macroF1: 0.7, subsetAccuracy: 0.3, hammingLoss: 0.1 },
    train: { microF1: 0.85, macroF1: 0.75, subsetAccuracy: 0.35, hammingLoss: 0.08 },
  };
  writeFileSync(join(dir, 'metrics.json'), JSON.stringify(metrics, null, 2));
  writeFileSync(join(dir, 'history.csv'), history(12, 'accuracy', r));
  const counts = Object.fromEntries(
    labels.map((l, j) => [l, truth.filter((v, c) => v && c % k === j).length]),
  );
  // No histograms per class: a multi-label run has none.
  const { featureByClass: _byClass, ...summary } = dataSummary(['a', 'b'], ['x1'], r, n);
  const data: DataSummary = { ...summary, label: { column: 'labels', counts, perRow: true } };
  writeFileSync(join(dir, 'data.json'), JSON.stringify(data));
  return { dir, truth, pred, labels };
}

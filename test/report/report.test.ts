import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeqlabError } from '../../src/errors.js';
import { Frame } from '../../src/data/frame.js';
import { dataSummaryFromFrame, shadedText, writeEdaReport, writeReport } from '../../src/report/index.js';
import {
  addTextAttention,
  makeBinaryRun,
  makeMulticlassRun,
  makeMultilabelRun,
  makeRegressionRun,
} from './run-fixtures.js';
import { assertWellFormedSvg, pngSize } from './svg-check.js';

function headings(html: string): string[] {
  return [...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1]!);
}

function assertSelfContained(html: string): void {
  assert.doesNotMatch(html, /https?:\/\//, 'no http(s) URL anywhere in report.html');
  assert.doesNotMatch(html, /<(script|link|img|iframe)\b/i, 'no external resources');
  assert.match(html, /<style>/);
}

async function checkRun(dir: string, charts: string[], sections: string[]): Promise<string> {
  const result = await writeReport(dir);
  assert.equal(result.html, join(dir, 'report.html'));
  assert.deepEqual(
    result.charts.map((c) => c.slice(dir.length + 1)).sort(),
    charts.map((c) => `${c}.svg`).sort(),
  );
  for (const name of charts) {
    const svg = readFileSync(join(dir, `${name}.svg`), 'utf8');
    assertWellFormedSvg(svg, name);
    const png = readFileSync(join(dir, `${name}.png`));
    const { width, height } = pngSize(png);
    assert.ok(
      width >= 300 && height >= 150 && png.length > 5000,
      `${name}.png is a real image (${width}x${height}, ${png.length} bytes)`,
    );
  }
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes('.tmp-')),
    [],
    'no temporary files left',
  );
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  assert.deepEqual(headings(html), sections);
  assertSelfContained(html);
  // Every chart is inlined once, with ids made unique per chart.
  assert.equal(html.match(/<svg role="img"/g)?.length, charts.length);
  const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]!);
  assert.equal(new Set(ids).size, ids.length, 'element ids are unique across inlined charts');
  return html;
}

test('binary run with table attention: every chart, section and file', async () => {
  const dir = makeBinaryRun();
  try {
    const html = await checkRun(
      dir,
      [
        'label-counts',
        'correlation',
        'feature-histograms',
        'model-diagram',
        'training-curves',
        'confusion-matrix',
        'roc',
        'attention',
      ],
      [
        'Data',
        'Model',
        'Training',
        'Metrics',
        'Classification report',
        'Confusion matrix',
        'ROC curve',
        'Attention',
        'Configuration',
      ],
    );
    assert.match(html, /seqlab report: tabular-bigru-attention/);
    assert.match(html, /native \(avx2,fma, 2 threads\)/);
    assert.match(html, /logisticRegression \(baseline\)/);
    // scikit-learn's layout: header line, a blank line, one line per class, blank, accuracy, averages.
    const report = /<pre class="clsreport">([^<]*)<\/pre>/.exec(html)![1]!;
    const lines = report.split('\n');
    assert.equal(lines[0], '              precision    recall  f1-score   support');
    assert.equal(lines[1], '');
    assert.match(lines[2]!, /^ {4}negative {7}\d\.\d\d {6}\d\.\d\d {6}\d\.\d\d {8}60$/);
    assert.match(lines[5]!, /^ {4}accuracy {27}\d\.\d\d {7}120$/);
    const roc = readFileSync(join(dir, 'roc.svg'), 'utf8');
    assert.match(roc, /ROC curve \(AUC = 0\.\d{3}\)/);
    const cm = readFileSync(join(dir, 'confusion-matrix.svg'), 'utf8');
    assert.ok(cm.includes('>negative<') && cm.includes('>positive<') && cm.includes('%<'));
    assert.match(readFileSync(join(dir, 'training-curves.svg'), 'utf8'), /best epoch \(8\)/);
    // Text samples of attention.json are shaded word by word.
    assert.equal(html.match(/<span class="tok"/g)?.length, 14 + 14 + 12);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('regression run with series.json: forecast and residuals, no classification sections', async () => {
  const dir = makeRegressionRun();
  try {
    const html = await checkRun(
      dir,
      ['model-diagram', 'training-curves', 'forecast', 'residuals'],
      ['Model', 'Training', 'Metrics', 'Forecast'],
    );
    assert.match(html, /Test RMSE 20\.5000; baselines: naive 45\.1000, seasonalNaive 41\.9000/);
    // Scored as a regression, but a series model's task is forecasting for the reader.
    assert.match(html, /<span>Task: <b>forecasting<\/b><\/span>/);
    const forecast = readFileSync(join(dir, 'forecast.svg'), 'utf8');
    for (const t of [
      'original',
      'train prediction',
      'test prediction',
      'naive (baseline)',
      'seasonalNaive (baseline)',
    ])
      assert.ok(forecast.includes(`>${t}<`), t);
    assert.match(forecast, /stroke-dasharray/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('regression run without series.json: the forecast is rebuilt from predictions.csv', async () => {
  const dir = makeRegressionRun();
  try {
    rmSync(join(dir, 'series.json'));
    const html = await checkRun(
      dir,
      ['model-diagram', 'training-curves', 'forecast', 'residuals'],
      ['Model', 'Training', 'Metrics', 'Forecast'],
    );
    assert.ok(html.includes('test prediction'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('table regression (no series.json, no times): predicted against actual, not a forecast line', async () => {
  const dir = makeRegressionRun();
  try {
    rmSync(join(dir, 'series.json'));
    // The rows of a table have no times: predictions.csv's time column is empty.
    const csv = readFileSync(join(dir, 'predictions.csv'), 'utf8').split('\n');
    const at = csv[0]!.split(',').indexOf('time');
    writeFileSync(
      join(dir, 'predictions.csv'),
      csv
        .map((l, i) =>
          i === 0 || !l
            ? l
            : l
                .split(',')
                .map((f, j) => (j === at ? '' : f))
                .join(','),
        )
        .join('\n'),
    );
    const html = await checkRun(
      dir,
      ['model-diagram', 'training-curves', 'predicted-vs-actual'],
      ['Model', 'Training', 'Metrics', 'Predictions'],
    );
    assert.ok(html.includes('Predicted against actual'));
    assert.match(html, /<span>Task: <b>regression<\/b><\/span>/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('multiclass run: 3×3 confusion matrix, no ROC, text attention samples', async () => {
  const dir = makeMulticlassRun();
  try {
    addTextAttention(dir);
    const html = await checkRun(
      dir,
      [
        'label-counts',
        'correlation',
        'feature-histograms',
        'model-diagram',
        'training-curves',
        'confusion-matrix',
      ],
      ['Data', 'Model', 'Training', 'Metrics', 'Classification report', 'Confusion matrix', 'Attention'],
    );
    const cm = readFileSync(join(dir, 'confusion-matrix.svg'), 'utf8');
    assert.equal(cm.match(/\d\.\d%<\/text>/g)?.length, 9, 'a row percentage in each of the 3×3 cells');
    for (const c of ['drizzle', 'rain', 'sun']) assert.ok(cm.includes(`>${c}<`), c);
    assert.match(html, /misclassified/);
    assert.match(html, /background:rgba\(230,159,0,1\.000\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing optional file drops only its section', async () => {
  const dir = makeBinaryRun();
  try {
    for (const f of ['data.json', 'attention.json', 'config.yaml']) rmSync(join(dir, f));
    await checkRun(
      dir,
      ['model-diagram', 'training-curves', 'confusion-matrix', 'roc'],
      ['Model', 'Training', 'Metrics', 'Classification report', 'Confusion matrix', 'ROC curve'],
    );
    rmSync(join(dir, 'history.csv'));
    rmSync(join(dir, 'predictions.csv'));
    // The confusion matrix still comes from metrics.json; the report and ROC need predictions.
    await checkRun(dir, ['model-diagram', 'confusion-matrix'], ['Model', 'Metrics', 'Confusion matrix']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('damaged files: a SeqlabError naming the file, and no report.html', async () => {
  const cases: [string, string, RegExp][] = [
    ['metrics.json', '{"task": "binary", "test": {', /metrics\.json is damaged: not valid JSON/],
    [
      'metrics.json',
      JSON.stringify({
        task: 'ranking',
        test: {},
        train: {},
        epochs: 1,
        trainSeconds: 1,
        seqlabVersion: '0.1.0',
      }),
      /metrics\.json is damaged: at "task"/,
    ],
    [
      'history.csv',
      'epoch,loss\n0,0.5\n1,abc\n',
      /history\.csv is damaged: line 3, column "loss": "abc" is not a number/,
    ],
    [
      'predictions.csv',
      'index,split,label\n0,test,a\n',
      /predictions\.csv is damaged: expected columns y_true and y_pred/,
    ],
    ['series.json', '{"time": [], "original": "x"}', /series\.json is damaged: at "original"/],
    ['data.json', '[]', /data\.json is damaged/],
  ];
  for (const [file, content, message] of cases) {
    const dir = makeBinaryRun();
    try {
      writeFileSync(join(dir, file), content);
      await assert.rejects(writeReport(dir), (e: Error) => {
        assert.ok(e instanceof SeqlabError, `${file}: a SeqlabError`);
        assert.match(e.message, message);
        assert.ok(e.message.includes(join(dir, file)), `${file}: the message names the path`);
        return true;
      });
      assert.equal(existsSync(join(dir, 'report.html')), false, `${file}: no report.html`);
      assert.deepEqual(
        readdirSync(dir).filter((f) => f.endsWith('.svg') || f.endsWith('.png') || f.includes('.tmp-')),
        [],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  await assert.rejects(writeReport(join(tmpdir(), 'seqlab-no-such-run')), /run folder .* does not exist/);
});

test('writeEdaReport with dataSummaryFromFrame: the Data section and its charts beside eda.html', async () => {
  const n = 120;
  const frame = Frame.fromColumns({
    a: Array.from({ length: n }, (_, i) => Math.sin(i)),
    b: Array.from({ length: n }, (_, i) => (i === 5 ? null : Math.cos(i) + (i % 2))),
    c: Array.from({ length: n }, (_, i) => i / n),
    y: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'yes' : 'no')),
  });
  const summary = dataSummaryFromFrame(frame, 'y');
  assert.equal(summary.rows, n);
  assert.deepEqual(summary.label, { column: 'y', counts: { no: 80, yes: 40 } });
  assert.deepEqual(
    summary.info.find((c) => c.column === 'b'),
    { column: 'b', dtype: 'float64', nonNull: 119, missing: 1 },
  );
  assert.equal(summary.describe.length, 3);
  assert.equal(summary.featureByClass?.length, 3);
  assert.equal(summary.featureByClass![0]!.byClass.yes!.length, 40);
  assert.deepEqual(summary.correlation?.columns, ['a', 'b', 'c']);
  assert.equal(summary.head.length, 5);

  const dir = mkdtempSync(join(tmpdir(), 'seqlab-eda-'));
  try {
    await writeEdaReport(join(dir, 'eda.html'), summary);
    const html = readFileSync(join(dir, 'eda.html'), 'utf8');
    assert.deepEqual(headings(html), ['Data']);
    for (const h of ['Head', 'Info', 'Describe', 'Label counts'])
      assert.ok(html.includes(`<h3>${h}</h3>`), h);
    assertSelfContained(html);
    for (const c of ['label-counts', 'correlation', 'feature-histograms']) {
      assertWellFormedSvg(readFileSync(join(dir, `${c}.svg`), 'utf8'), c);
      pngSize(readFileSync(join(dir, `${c}.png`)));
    }
    assert.ok(!html.includes('Info and Describe of the'), 'a narrow table is listed in full');
    // A survey of 120 columns: the Info and Describe tables folded, the dtypes counted.
    const wide = Frame.fromColumns(
      Object.fromEntries([
        ...Array.from({ length: 119 }, (_, j) => [
          `q${j}`,
          Array.from({ length: 30 }, (_, i) => (i * (j + 1)) % 7),
        ]),
        ['y', Array.from({ length: 30 }, (_, i) => (i % 2 ? 'a' : 'b'))],
      ]),
    );
    await writeEdaReport(join(dir, 'wide.html'), dataSummaryFromFrame(wide, 'y'));
    assert.match(
      readFileSync(join(dir, 'wide.html'), 'utf8'),
      /<details><summary>Info and Describe of the 120 columns \(dtypes: float64 119, object 1\)<\/summary>/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('shaded text spans the review’s own range of weights and says how concentrated they are', () => {
  const html = shadedText({
    tokens: ['a', 'b', 'c'],
    weights: [0.2, 0.3, 0.5],
    label: 'pos',
    predicted: 'pos',
    probability: 0.9,
  });
  const alphas = [...html.matchAll(/rgba\(230,159,0,([\d.]+)\)/g)].map((m) => Number(m[1]));
  assert.deepEqual(alphas, [0, 0.333, 1]);
  assert.match(html, /largest weight 1\.5× an even spread/);
  const even = shadedText({
    tokens: ['a', 'b'],
    weights: [0.5, 0.5],
    label: 'pos',
    predicted: 'neg',
    probability: 0.4,
  });
  assert.deepEqual(
    [...even.matchAll(/rgba\(230,159,0,([\d.]+)\)/g)].map((m) => Number(m[1])),
    [0, 0],
  );
  assert.match(even, /largest weight 1\.0× an even spread/);
});

test('multi-label run: scikit-learn report, per-label counts, at most 30 label bars and 40 label rows', async () => {
  const { dir, truth, pred, labels } = makeMultilabelRun(45);
  try {
    const html = await checkRun(
      dir,
      ['label-counts', 'training-curves', 'label-scores'],
      ['Data', 'Training', 'Metrics', 'Classification report', 'Scores per label'],
    );
    assert.match(html, /The 30 most frequent of 45 labels; data\.json counts every one\./);
    assert.match(html, /share of rows/);
    assert.match(html, /The 40 labels on the most test rows, of 45/);
    assert.match(html, /<details><summary>The report, 45 labels long<\/summary>/);
    assert.doesNotMatch(html, /Confusion matrix/);
    // tag00's row of the per-label table: counted here from the rows the fixture wrote.
    const k = labels.length;
    let [support, predicted, tp] = [0, 0, 0];
    for (let i = 0; i < truth.length / k; i++) {
      support += truth[i * k]!;
      predicted += pred[i * k]!;
      tp += truth[i * k]! & pred[i * k]!;
    }
    const row = new RegExp(
      `<td>tag00</td><td class="num">${support}</td><td class="num">${predicted}</td><td class="num">${tp}</td><td class="num">${predicted - tp}</td><td class="num">${support - tp}</td>`,
    );
    assert.match(html, row);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

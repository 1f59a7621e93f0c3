#!/usr/bin/env node
// Runs every example config (examples/*.yaml) on the full data, one at a time, and checks the
// figures of the reference-pipeline table (issue 5). `npm run examples` (not part of npm test).
//   node scripts/run-examples.mjs                 all examples
//   node scripts/run-examples.mjs airline imdb-dense   only names containing these words
//   node scripts/run-examples.mjs --set data.maxRows=2000 --set training.epochs=1   quick smoke run
// Run folders go to runs/examples/<name>; the summary table is printed at the end (Markdown).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const num = (v) => (typeof v === 'number' ? v : NaN);
const f4 = (v) => (Number.isFinite(v) ? v.toFixed(4) : '–');
const f2 = (v) => (Number.isFinite(v) ? v.toFixed(2) : '–');

/** What each example must reach on its test split. */
const CHECKS = {
  'tabular-bigru-attention': (m) => {
    const lr = num(m.baselines?.logisticRegression?.accuracy);
    return {
      metric: 'accuracy',
      value: f4(m.test.accuracy),
      target: `> logistic regression`,
      baseline: `logReg ${f4(lr)}, majority ${f4(num(m.baselines?.majorityClass?.accuracy))}`,
      ok: m.test.accuracy > lr,
    };
  },
  'tabular-bigru-attention-breast-cancer': (m) => ({
    metric: 'accuracy',
    value: f4(m.test.accuracy),
    target: '≥ 0.95',
    baseline: `logReg ${f4(num(m.baselines?.logisticRegression?.accuracy))}`,
    ok: m.test.accuracy >= 0.95,
  }),
  'imdb-dense': (m) => ({
    metric: 'accuracy',
    value: f4(m.test.accuracy),
    target: '≥ 0.87',
    baseline: `majority ${f4(num(m.baselines?.majorityClass?.accuracy))}`,
    ok: m.test.accuracy >= 0.87,
  }),
  'imdb-lstm': (m) => ({
    metric: 'accuracy',
    value: f4(m.test.accuracy),
    target: '≥ 0.84',
    baseline: `majority ${f4(num(m.baselines?.majorityClass?.accuracy))}`,
    ok: m.test.accuracy >= 0.84,
  }),
  'imdb-bigru-attention': (m) => ({
    metric: 'accuracy',
    value: f4(m.test.accuracy),
    target: '≥ 0.88',
    baseline: `majority ${f4(num(m.baselines?.majorityClass?.accuracy))}`,
    ok: m.test.accuracy >= 0.88,
  }),
  'airline-lstm': (m) => ({
    metric: 'test RMSE',
    value: f2(m.test.rmse),
    target: 'reported beside naive / seasonal naive',
    baseline: `naive ${f2(num(m.baselines?.naive?.rmse))}, seasonal ${f2(num(m.baselines?.seasonalNaive?.rmse))}`,
    ok: Number.isFinite(m.baselines?.naive?.rmse) && Number.isFinite(m.baselines?.seasonalNaive?.rmse),
  }),
  'airline-lstm-tuned': (m) => ({
    metric: 'test RMSE',
    value: f2(m.test.rmse),
    target: '< seasonal naive',
    baseline: `naive ${f2(num(m.baselines?.naive?.rmse))}, seasonal ${f2(num(m.baselines?.seasonalNaive?.rmse))}`,
    ok: m.test.rmse < m.baselines?.seasonalNaive?.rmse,
  }),
  ...Object.fromEntries(
    ['airline-forecast', 'temperatures-forecast', 'sunspots-forecast', 'pollution-forecast'].map((name) => [
      name,
      (m) => {
        const o = m.backtest?.overall ?? {};
        return {
          metric: `backtest MASE (${m.backtest?.origins} origins × ${m.backtest?.horizon})`,
          value: f2(num(o.model?.mase)),
          target: 'reported beside every baseline (verdict vs seasonal naive)',
          baseline: `seasonal naive ${f2(num(o.seasonalNaive?.mase))}, MSTL ${f2(num(o.mstl?.mase))}, naive ${f2(num(o.naive?.mase))}`,
          ok: Number.isFinite(o.model?.mase) && Number.isFinite(o.seasonalNaive?.mase),
        };
      },
    ]),
  ),
  'stocks-panel': (m) => {
    const o = m.backtest?.overall ?? {};
    return {
      metric: `mean backtest MASE over ${m.backtest?.wins?.of} series (${m.backtest?.origins} origins × ${m.backtest?.horizon})`,
      value: f2(num(o.model?.mase)),
      target: 'reported beside naive and drift, per series and pooled',
      baseline: `naive ${f2(num(o.naive?.mase))}, drift ${f2(num(o.drift?.mase))}`,
      ok: Number.isFinite(o.model?.mase) && Object.keys(m.backtest?.series ?? {}).length === 5,
    };
  },
  'imdb-tfidf-bigrams': (m) => ({
    metric: 'accuracy',
    value: f4(m.test.accuracy),
    target: '≥ 0.89 (issue 27)',
    baseline: `TF-IDF + LogReg ${f4(num(m.baselines?.tfidfLogisticRegression?.accuracy))}`,
    ok: m.test.accuracy >= 0.89,
  }),
  ...Object.fromEntries(
    ['chnsenticorp-ngrams', 'chnsenticorp-bigru'].map((name) => [
      name,
      (m) => ({
        metric: 'accuracy',
        value: f4(m.test.accuracy),
        target: 'beside the TF-IDF baseline (scikit-learn char 1–2-grams: 0.888)',
        baseline: `TF-IDF + LogReg ${f4(num(m.baselines?.tfidfLogisticRegression?.accuracy))}, majority ${f4(num(m.baselines?.majorityClass?.accuracy))}`,
        ok: m.test.accuracy > num(m.baselines?.majorityClass?.accuracy),
      }),
    ]),
  ),
  'weather-lstm-classifier': (m) => ({
    metric: 'macro F1 / accuracy',
    value: `${f4(m.test.macroF1)} / ${f4(m.test.accuracy)}`,
    target: 'beside majority class',
    baseline: `majority ${f4(num(m.baselines?.majorityClass?.macroF1))} / ${f4(num(m.baselines?.majorityClass?.accuracy))}`,
    ok: m.test.accuracy > num(m.baselines?.majorityClass?.accuracy),
  }),
};

const args = process.argv.slice(2);
const sets = [];
const filters = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--set') sets.push('--set', args[++i]);
  else filters.push(args[i]);
}
const names = readdirSync('examples')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -5))
  .filter((n) => filters.length === 0 || filters.some((x) => n.includes(x)))
  .sort();

const rows = [];
for (const name of names) {
  const out = join('runs', 'examples', name);
  process.stderr.write(`\n=== ${name} → ${out}\n`);
  const t0 = Date.now();
  const r = spawnSync(
    process.execPath,
    ['bin/seqlab.js', 'train', `examples/${name}.yaml`, '--out', out, '--quiet', ...sets],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const wall = (Date.now() - t0) / 1000;
  const metricsPath = join(out, 'metrics.json');
  if (r.status !== 0 || !existsSync(metricsPath)) {
    rows.push({
      name,
      metric: '–',
      value: 'FAILED',
      target: '',
      baseline: '',
      epochs: '',
      train: '',
      wall,
      ok: false,
    });
    continue;
  }
  const m = JSON.parse(readFileSync(metricsPath, 'utf8'));
  const check = (
    CHECKS[name] ??
    ((x) => ({ metric: 'accuracy', value: f4(x.test.accuracy), target: '', baseline: '', ok: true }))
  )(m);
  rows.push({ name, ...check, epochs: m.epochs, train: m.trainSeconds.toFixed(1), wall, ok: check.ok });
}

const header =
  '| example | metric (test) | value | target | baselines (same run) | epochs | train s | wall s | ok |';
const lines = [header, '|---|---|---|---|---|---:|---:|---:|---|'];
for (const r of rows)
  lines.push(
    `| ${r.name} | ${r.metric} | ${r.value} | ${r.target} | ${r.baseline} | ${r.epochs} | ${r.train} | ${r.wall.toFixed(0)} | ${r.ok ? 'yes' : '**no**'} |`,
  );
process.stdout.write(
  `\n${lines.join('\n')}\n${sets.length ? `\n(overrides: ${sets.filter((_, i) => i % 2).join(' ')})\n` : ''}`,
);
process.exitCode = rows.every((r) => r.ok) ? 0 : 1;

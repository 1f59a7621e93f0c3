/**
 * Columns beside a text (SideColumns): standardised on the training rows and appended after the
 * n-gram columns of each sparse row, against values computed here by hand; and from the command
 * line, a label only the side columns carry is learned, where the text alone learns nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Frame } from '../../../src/data/frame.js';
import { rawBatch } from '../../../src/data/preprocessing/batch.js';
import { SideColumns } from '../../../src/data/preprocessing/side-columns.js';
import { stepFromJSON } from '../../../src/data/preprocessing/step.js';
import { TableColumns } from '../../../src/data/preprocessing/table-columns.js';
import { csrToDense, type CsrMatrix } from '../../../src/data/sparse.js';
import { Predictor } from '../../../src/serve/predictor.js';
import { buildServer } from '../../../src/serve/server.js';
import { seqlab } from '../../e2e/helpers.js';
import { seededRng } from '../../helpers/rng.js';

const rng = seededRng();

/** POST /predict on a row gives the probability of 'yes' that `seqlab predict` printed for the file's first row. */
async function servedAsPredicted(
  app: ReturnType<typeof buildServer>,
  input: Record<string, unknown>,
  predicted: string,
): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/predict', payload: { input } });
  assert.equal(res.statusCode, 200, res.body);
  const cli = predicted.trim().split('\n')[1]!.split(',');
  const probs = (res.json() as { prediction: { probabilities: Record<string, number> } }).prediction
    .probabilities;
  assert.ok(Math.abs(probs.yes! - Number(cli.at(-1))) < 1e-5, `${JSON.stringify(probs)} vs ${cli.join(',')}`);
}

describe(`columns beside a text's n-grams (seed ${rng.seed})`, () => {
  it('are standardised on the training rows and appended after the n-grams; the step round-trips through JSON', () => {
    const price = Array.from(rng.doubles(4, 0, 100));
    const f = Frame.fromColumns({ text: ['a', 'b', 'c', 'd'], price, shop: ['x', 'y', 'x', 'x'] });
    // Two n-gram columns; row 1 has none.
    const ngrams: CsrMatrix = {
      rows: 4,
      cols: 2,
      indptr: Int32Array.from([0, 1, 1, 3, 4]),
      indices: Int32Array.from([0, 0, 1, 1]),
      values: Float32Array.from([0.5, 0.6, 0.8, 1]),
    };
    const step = new SideColumns(
      new TableColumns({
        columns: [
          { name: 'price', kind: 'numeric' },
          { name: 'shop', kind: 'categorical' },
        ],
      }),
    );
    const batch = { ...rawBatch(f, 'x.csv'), x: ngrams };
    const out = step.fit(batch).transform(batch).x as CsrMatrix;
    assert.equal(out.cols, 2 + step.outputNames.length);
    // By hand: each side column's mean and population sd over the four rows.
    const side = price.map((p, i) => [
      p,
      ...step.outputNames.slice(1).map((n) => (n === `shop=${f.column('shop')[i]}` ? 1 : 0)),
    ]);
    const k = side[0]!.length;
    const mean = Array.from({ length: k }, (_, j) => side.reduce((a, r) => a + r[j]!, 0) / 4);
    const sd = mean.map((m, j) => Math.sqrt(side.reduce((a, r) => a + (r[j]! - m) ** 2, 0) / 4) || 1);
    const dense = csrToDense(out).data;
    const textPart = csrToDense(ngrams).data;
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 2; j++) assert.equal(dense[i * out.cols + j], textPart[i * 2 + j]);
      for (let j = 0; j < k; j++)
        assert.ok(
          Math.abs(dense[i * out.cols + 2 + j]! - (side[i]![j]! - mean[j]!) / sd[j]!) < 1e-5,
          `row ${i}, side ${j}`,
        );
    }
    const again = stepFromJSON(JSON.parse(JSON.stringify(step.toJSON()))) as SideColumns;
    assert.deepEqual(Array.from((again.transform(batch).x as CsrMatrix).values), Array.from(out.values));
    assert.throws(
      () => step.transform({ ...batch, x: { data: new Float32Array(4), shape: [4, 1] } }),
      /the columns beside a text need its bag of n-grams \(preprocessing.text.outputMode: tfIdf/,
    );
  });

  it('from the command line: init reads them beside the text, and a label they carry is learned', async () => {
    // Tickets whose urgency follows the plan and the wait alone; the words are noise.
    const words = [
      'printer',
      'login',
      'screen',
      'email',
      'slow',
      'error',
      'help',
      'please',
      'today',
      'again',
    ];
    const rows = Array.from({ length: 600 }, () => {
      const text = Array.from({ length: 8 }, () => words[rng.int(0, words.length)]).join(' ');
      const plan = ['free', 'pro', 'enterprise'][rng.int(0, 3)]!;
      const waited = Math.round(rng.uniform() * 48);
      const urgent = plan === 'enterprise' || waited > 36 ? 'yes' : 'no';
      // Written once the ticket was judged urgent (as Twitter's negativereason is for negative tweets).
      const escalation = urgent === 'yes' ? ['sla', 'vip', 'manager'][rng.int(0, 3)] : '';
      return `"${text}",${plan},${waited},${escalation},${urgent}`;
    });
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-side-'));
    const file = join(dir, 'tickets.csv');
    writeFileSync(file, `message,plan,hours_waited,escalation,label\n${rows.join('\n')}\n`);
    const cfg = join(dir, 'tickets.yaml');
    const init = seqlab(['init', file, '--out', cfg]);
    assert.equal(init.status, 0, init.stderr);
    const yaml = readFileSync(cfg, 'utf8');
    assert.match(yaml, /features: \[ hours_waited \].*\n\s+categorical: \[ plan \]\n/);
    assert.match(
      yaml,
      /escalation .*filled for one class only: its missing cells give the label in 100\.0% of rows; not read/,
    );
    const run = join(dir, 'run');
    const r = seqlab(['train', cfg, '--out', run, '-q']);
    assert.equal(r.status, 0, `seed ${rng.seed}: ${r.stderr}`);
    const m = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8')) as {
      test: { accuracy: number };
      baselines: Record<string, { accuracy: number }>;
    };
    assert.ok(m.test.accuracy > 0.9, `seed ${rng.seed}: accuracy ${m.test.accuracy}`);
    assert.ok(m.baselines.tfidfLogisticRegression!.accuracy < 0.8, 'the words alone carry little');
    assert.ok(m.baselines.logisticRegression!.accuracy > 0.85, 'the same inputs, linear');
    // predict from rows with the columns; without one of them, the error names it.
    const p = seqlab(['predict', run, file]);
    assert.equal(p.status, 0, p.stderr);
    writeFileSync(join(dir, 'no-plan.csv'), `message,hours_waited\n"printer slow",40\n`);
    const bad = seqlab(['predict', run, join(dir, 'no-plan.csv')]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /column 'plan' not found/);
    // POST /predict takes rows with the text and the columns, as predict reads them from the file.
    const app = buildServer(await Predictor.load(run));
    const first = rows[0]!.split(',');
    await servedAsPredicted(
      app,
      { message: first[0]!.replace(/"/g, ''), plan: first[1], hours_waited: Number(first[2]) },
      p.stdout,
    );
    const text = await app.inject({ method: 'POST', url: '/predict', payload: { input: 'printer slow' } });
    assert.equal(text.statusCode, 400, 'a text alone lacks the columns');
    await app.close();
  });

  it('a text regression with columns beside the text is also scored against ridge regression on the same inputs', () => {
    // The cost of a repair follows the hours and the plan; the words are noise.
    const words = ['screen', 'battery', 'cracked', 'slow', 'water', 'button', 'again', 'please'];
    const rows = Array.from({ length: 500 }, () => {
      const text = Array.from({ length: 6 }, () => words[rng.int(0, words.length)]).join(' ');
      const plan = ['basic', 'plus'][rng.int(0, 2)]!;
      const hours = Math.round(rng.uniform() * 40) / 4;
      const cost = 20 + 15 * hours + (plan === 'plus' ? -30 : 0) + 5 * (rng.uniform() - 0.5);
      return `"${text}",${plan},${hours},${cost.toFixed(2)}`;
    });
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-side-regression-'));
    const file = join(dir, 'repairs.csv');
    writeFileSync(file, `description,plan,hours,cost\n${rows.join('\n')}\n`);
    const cfg = join(dir, 'repairs.yaml');
    const init = seqlab(['init', file, '--label', 'cost', '--out', cfg]);
    assert.equal(init.status, 0, init.stderr);
    assert.match(readFileSync(cfg, 'utf8'), /baselines: \[ mean, tfidfRidge, linearRegression \]/);
    const run = join(dir, 'run');
    const r = seqlab(['train', cfg, '--out', run, '-q', '--set', 'training.epochs=3']);
    assert.equal(r.status, 0, `seed ${rng.seed}: ${r.stderr}`);
    const m = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8')) as {
      baselines: Record<string, { r2: number; about?: string }>;
    };
    assert.ok(m.baselines.tfidfRidge!.r2 < 0.3, `seed ${rng.seed}: the words alone carry little`);
    assert.ok(
      m.baselines.linearRegression!.r2 > 0.95,
      `seed ${rng.seed}: ${m.baselines.linearRegression!.r2}`,
    );
    assert.match(m.baselines.linearRegression!.about ?? '', /the text's n-grams and the columns beside it/);
  });

  it('two text columns and a column beside them: POST /predict takes rows with all three, as predict does', async () => {
    const words = ['late', 'refund', 'broken', 'thanks', 'great', 'order', 'box', 'again'];
    const say = (k: number): string =>
      Array.from({ length: k }, () => words[rng.int(0, words.length)]).join(' ');
    const rows = Array.from({ length: 200 }, () => {
      const hours = rng.int(0, 48);
      return `${say(3)},${say(8)},${hours},${hours > 24 ? 'yes' : 'no'}`;
    });
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-side-texts-'));
    const file = join(dir, 'mail.csv');
    writeFileSync(file, `subject,body,hours,label\n${rows.join('\n')}\n`);
    const cfg = join(dir, 'mail.yaml');
    writeFileSync(
      cfg,
      [
        'data: { source: mail.csv, type: text, text: [subject, body], label: label, features: [hours] }',
        'preprocessing: { text: { outputMode: tfIdf, ngrams: 1, maxTokens: 100 } }',
        'model: { layers: [ { type: dense, units: 8, activation: relu }, { type: dense, units: 1, activation: sigmoid } ] }',
        'compile: { optimizer: adam, loss: binaryCrossentropy, metrics: [accuracy] }',
        'training: { epochs: 2, batchSize: 32 }',
      ].join('\n'),
    );
    const run = join(dir, 'run');
    const r = seqlab(['train', cfg, '--out', run, '-q']);
    assert.equal(r.status, 0, `seed ${rng.seed}: ${r.stderr}`);
    const p = seqlab(['predict', run, file]);
    assert.equal(p.status, 0, p.stderr);
    const app = buildServer(await Predictor.load(run));
    const [subject, body, hours] = rows[0]!.split(',');
    await servedAsPredicted(app, { subject, body, hours: Number(hours) }, p.stdout);
    await app.close();
  });
});

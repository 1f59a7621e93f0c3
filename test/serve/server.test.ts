/** The prediction server through fastify's inject (no sockets): routes, validation, limits, bad input. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Tensor } from '../../src/autograd/tensor.js';
import { Pipeline } from '../../src/data/preprocessing/pipeline.js';
import { TextVectorization } from '../../src/data/preprocessing/text-vectorization.js';
import { layers } from '../../src/layers/index.js';
import { sequential } from '../../src/model/sequential.js';
import { denseX, rawBatch } from '../../src/data/preprocessing/batch.js';
import { Frame } from '../../src/data/frame.js';
import { Labels } from '../../src/data/preprocessing/labels.js';
import { TableColumns } from '../../src/data/preprocessing/table-columns.js';
import { TokenizeText } from '../../src/data/preprocessing/text-steps.js';
import { Predictor } from '../../src/serve/predictor.js';
import { buildServer } from '../../src/serve/server.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();
let root = '';
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'seqlab-serve-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const TEXTS = [
  'a wonderful moving film',
  'dull and boring plot',
  'great acting, great story',
  'the worst film of the year',
];

/** A text model saved the way `seqlab train` saves it (a Pipeline that reads rows), inside a run folder with metrics.json. */
async function saveTextRun(): Promise<string> {
  const run = join(root, 'text-run');
  const model = sequential(
    [
      layers.embedding({ inputDim: 30, outputDim: 4 }),
      layers.lstm({ units: 3 }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
    { seed: 1 },
  );
  model.build([null, 12]);
  const tokenize = new TokenizeText({ column: 'text', mode: 'sequence', numWords: 30, maxlen: 12 }).fit(
    rawBatch(new Frame({ text: TEXTS }), 'texts'),
  );
  model.preprocessing = new Pipeline([
    ['text', tokenize],
    ['labels', new Labels({ column: 'label', classes: ['neg', 'pos'] })],
  ]);
  model.metadata = { name: 'text-test' };
  await model.save(join(run, 'model'));
  await writeFile(join(run, 'metrics.json'), JSON.stringify({ task: 'binary', test: { accuracy: 0.75 } }));
  return run;
}

async function inject(
  app: FastifyInstance,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await app.inject({
    method,
    url,
    ...(payload === undefined
      ? {}
      : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
    headers: { 'content-type': 'application/json', ...headers },
  });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> };
}

describe('seqlab serve: a text model trained by seqlab train', () => {
  let app: FastifyInstance;
  before(async () => {
    app = buildServer(
      await Predictor.load(await saveTextRun(), { maxBatch: 4, bodyLimit: 64 * 1024, maxTextLength: 5000 }),
    );
  });
  after(() => app.close());

  it('GET /health and GET /model (labels, input schema, metrics from the run folder)', async () => {
    const health = await inject(app, 'GET', '/health');
    assert.equal(health.status, 200);
    assert.equal(health.body.status, 'ok');
    const info = await inject(app, 'GET', '/model');
    assert.equal(info.status, 200);
    assert.deepEqual(info.body.labels, ['neg', 'pos']);
    assert.equal((info.body.input as { kind: string }).kind, 'text');
    assert.deepEqual(info.body.metrics, { task: 'binary', test: { accuracy: 0.75 } });
    assert.match(String(info.body.summary), /LSTM/);
  });

  it('POST /predict: a batch and a single input, with probabilities by label name', async () => {
    const batch = await inject(app, 'POST', '/predict', { inputs: TEXTS });
    assert.equal(batch.status, 200, JSON.stringify(batch.body));
    const preds = batch.body.predictions as { label: string; probabilities: Record<string, number> }[];
    assert.equal(preds.length, 4);
    for (const p of preds) {
      assert.ok(['neg', 'pos'].includes(p.label));
      assert.ok(Math.abs(p.probabilities.neg! + p.probabilities.pos! - 1) < 1e-5);
    }
    const one = await inject(app, 'POST', '/predict', { input: TEXTS[0] });
    assert.equal(one.status, 200);
    assert.deepEqual(one.body.prediction, preds[0]);
  });

  it('POST /predict: a text with no word the model knows gets a note; the others none', async () => {
    // "" is refused (400); emoji alone, punctuation alone and words it never saw reach the model.
    const inputs = ['😀🎉', '!!! ...', 'xyzzy qwerty', TEXTS[0]];
    const res = await inject(app, 'POST', '/predict', { inputs });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const preds = res.body.predictions as { label: string; note?: string }[];
    for (const p of preds.slice(0, 3)) assert.match(String(p.note), /^no word the model knows \(empty, only/);
    assert.equal(preds[3]!.note, undefined);
    // One unknown word each (the tokenizer's <OOV>): the same answer, whatever the emoji.
    const one = await inject(app, 'POST', '/predict', { input: '🎉😀' });
    assert.deepEqual(one.body.prediction, preds[0]);
  });

  it('rejects bad requests with clear 400/413/404/415 errors and keeps serving', async () => {
    const cases: [unknown, number, RegExp][] = [
      ['{"inputs": ["good film"', 400, /malformed JSON|JSON/],
      ['{"inputs": [NaN]}', 400, /JSON/],
      [{ inputs: [42] }, 400, /must be string/],
      [{ inputs: [''] }, 400, /must NOT have fewer than 1 characters/],
      [{ inputs: ['   '] }, 400, /pattern/],
      [{ inputs: [] }, 400, /fewer than 1 items/],
      [{ inputs: ['a', 'b', 'c', 'd', 'e'] }, 400, /more than 4 items/],
      [{ inputs: ['fine'], extra: true }, 400, /additional properties/],
      [{ texts: ['fine'] }, 400, /additional properties|required/],
      [{ input: 'x'.repeat(6000) }, 400, /more than 5000 characters/],
      [{ inputs: ['y'.repeat(70 * 1024)] }, 413, /larger than the limit/],
      ['', 400, /empty JSON body/],
    ];
    for (const [payload, status, message] of cases) {
      const res = await inject(app, 'POST', '/predict', payload);
      assert.equal(
        res.status,
        status,
        `${JSON.stringify(payload).slice(0, 60)} → ${JSON.stringify(res.body)}`,
      );
      assert.match(String(res.body.message), message);
    }
    assert.equal(
      (await inject(app, 'POST', '/predict', 'inputs=a', { 'content-type': 'text/plain' })).status,
      415,
    );
    assert.equal((await inject(app, 'GET', '/nope')).status, 404);
    assert.equal((await inject(app, 'POST', '/predict', { inputs: ['still serving'] })).status, 200);
  });
});

describe('seqlab serve: other kinds of saved model', () => {
  it('raw numeric inputs with a Labels step (softmax), Infinity rejected', async () => {
    const dir = join(root, 'raw');
    const model = sequential([layers.gru({ units: 3 }), layers.dense({ units: 3, activation: 'softmax' })], {
      seed: 2,
    });
    model.build([null, 5, 2]);
    model.preprocessing = new Pipeline([['labels', new Labels({ classes: ['a', 'b', 'c'] })]]);
    await model.save(dir);
    const app = buildServer(await Predictor.load(dir));
    const x = Array.from({ length: 2 }, () => Array.from({ length: 5 }, () => Array.from(rng.floats(2))));
    const res = await inject(app, 'POST', '/predict', { inputs: x });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const expected = model.predict(new Tensor(Float32Array.from(x.flat(2)), [2, 5, 2]));
    const preds = res.body.predictions as { probabilities: Record<string, number> }[];
    preds.forEach((p, i) =>
      ['a', 'b', 'c'].forEach((l, j) =>
        assert.ok(Math.abs(p.probabilities[l]! - expected.data[i * 3 + j]!) < 1e-5),
      ),
    );
    assert.equal((await inject(app, 'POST', '/predict', { inputs: [x[0]!.slice(1)] })).status, 400); // wrong shape
    const inf = await inject(
      app,
      'POST',
      '/predict',
      `{"input": ${JSON.stringify(x[0]).replace(/^\[\[[^,]+/, '[[1e999')}}`,
    );
    assert.equal(inf.status, 400);
    assert.match(String(inf.body.message), /input\/0\/0 (is not a finite number|must be number)/); // JSON.parse gives Infinity; ajv rejects it
    await app.close();
  });

  it('a table with categorical columns (one-hot and embedded): levels sent as strings, numbers checked, null filled', async () => {
    const dir = join(root, 'table');
    const n = 60;
    const frame = Frame.fromColumns({
      x: Array.from(rng.doubles(n, -1, 1)),
      color: Array.from({ length: n }, (_, i) => ['red', 'blue'][i % 2]!),
      shop: Array.from({ length: n }, (_, i) => `s${i % 20}`),
    });
    const columns = new TableColumns({
      columns: [
        { name: 'x', kind: 'numeric' },
        { name: 'color', kind: 'categorical' },
        { name: 'shop', kind: 'categorical' },
      ],
      maxLevels: 4,
      embed: true,
      fillMissing: true,
    }).fit(rawBatch(frame, 'train'));
    const model = sequential(
      [
        layers.columnEmbedding({ inputDims: [columns.embeddedLevels[0]!.levels], outputDims: [2] }),
        layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
      { seed: 3 },
    );
    model.build([null, columns.outputNames.length]);
    model.preprocessing = new Pipeline([
      ['features', columns],
      ['labels', new Labels({ column: 'y', classes: ['no', 'yes'] })],
    ]);
    await model.save(dir);
    const app = buildServer(await Predictor.load(dir));
    // x: null is filled with the training mean, as the model was trained (data.missing: fillMean).
    const rows = [
      { x: 0.5, color: 'red', shop: 's3' },
      { x: -0.2, color: 'green', shop: 'a shop never seen' },
      { x: null, color: 'blue', shop: 's1' },
    ];
    // The schemas compile on the first request; a categorical column's union of types is intended, so
    // ajv's strict mode must not print a warning to the user's terminal about it.
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    const res = await inject(app, 'POST', '/predict', { inputs: rows }).finally(() => (console.warn = warn));
    assert.deepEqual(warnings, []);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const x = denseX(columns.transform(rawBatch(Frame.fromRecords(rows), 'rows')), 'test');
    const expected = model.predict(new Tensor(Float32Array.from(x.data), x.shape));
    const preds = res.body.predictions as { probabilities: Record<string, number> }[];
    preds.forEach((p, i) => assert.ok(Math.abs(p.probabilities.yes! - expected.data[i]!) < 1e-5));
    const bad = await inject(app, 'POST', '/predict', { inputs: [{ x: 'high', color: 'red', shop: 's1' }] });
    assert.equal(bad.status, 400);
    assert.match(
      String(bad.body.message),
      /x must be number.*x \(numeric\), color \(categorical\), shop \(categorical\)/,
    );
    await app.close();
  });

  it('concurrent requests share model calls (up to chunkSize inputs each); a bad one fails alone', async () => {
    const dir = join(root, 'batched');
    const model = sequential([layers.gru({ units: 4 }), layers.dense({ units: 1 })], { seed: 4 });
    model.build([null, 3, 2]);
    await model.save(dir);
    const predictor = await Predictor.load(dir, { chunkSize: 4 });
    let calls = 0;
    const predict = predictor.model.predict.bind(predictor.model);
    predictor.model.predict = ((...args: Parameters<typeof predict>) => (
      calls++,
      predict(...args)
    )) as typeof predict;
    const app = buildServer(predictor);
    const input = () => Array.from({ length: 3 }, () => Array.from(rng.floats(2)));
    const requests = [1, 3, 2, 5, 1].map((n) => Array.from({ length: n }, input));
    const bad = [input(), input().slice(1)]; // the second input has 2 steps, not 3
    const responses = await Promise.all([
      ...requests.map((inputs) => inject(app, 'POST', '/predict', { inputs })),
      inject(app, 'POST', '/predict', { inputs: bad }),
    ]);
    const total = requests.reduce((s, r) => s + r.length, 0);
    // Batched: ceil(12 / 4) calls for the good inputs; the bad request's two inputs differ in shape, so they
    // run one by one (one succeeds, one throws). One call per request part would be 6 + 2.
    const most = Math.ceil(total / 4) + bad.length;
    assert.ok(calls <= most, `${calls} model calls for ${total} + 2 inputs (at most ${most} when batched)`);
    requests.forEach((inputs, r) => {
      assert.equal(responses[r]!.status, 200, JSON.stringify(responses[r]!.body));
      const want = model.predict(new Tensor(Float32Array.from(inputs.flat(2)), [inputs.length, 3, 2]));
      const got = responses[r]!.body.predictions as { output: number[] }[];
      assert.equal(got.length, inputs.length);
      got.forEach((p, i) =>
        assert.ok(Math.abs(p.output[0]! - want.data[i]!) < 1e-6, `request ${r}, input ${i}`),
      );
    });
    assert.equal(responses[requests.length]!.status, 400);
    await app.close();
  });

  it('a library Pipeline (TextVectorization, Labels) and many inputs split into chunks', async () => {
    const dir = join(root, 'pipeline');
    const tv = new TextVectorization({ maxTokens: 40, outputSequenceLength: 6 });
    const pipeline = new Pipeline([
      ['vectorize', tv],
      ['labels', new Labels({ classes: ['neg', 'pos'] })],
    ]);
    pipeline.fit(TEXTS);
    const model = sequential(
      [
        layers.embedding({ inputDim: 40, outputDim: 3 }),
        layers.simpleRnn({ units: 2 }),
        layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
      { seed: 3 },
    );
    model.build([null, 6]);
    model.preprocessing = pipeline;
    await model.save(dir);
    const app = buildServer(await Predictor.load(dir, { chunkSize: 3 }));
    const inputs = Array.from({ length: 20 }, (_, i) => `${TEXTS[i % 4]} ${i}`);
    const res = await inject(app, 'POST', '/predict', { inputs });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal((res.body.predictions as unknown[]).length, 20);
    await app.close();
  });

  it('a missing model folder is a clear error', async () => {
    await assert.rejects(Predictor.load(join(root, 'nope')), /no such model folder/);
    await assert.rejects(Predictor.load(root), /model\.json/);
  });
});

/**
 * Fuzz: arbitrary request bodies, content types and paths against the prediction server give a 2xx or a
 * 4xx with a JSON message — never a 5xx, and the server keeps answering afterwards.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';

import { layers } from '../../src/layers/index.js';
import { sequential } from '../../src/model/sequential.js';
import { Predictor } from '../../src/serve/predictor.js';
import { buildServer } from '../../src/serve/server.js';
import { FUZZ_RUNS, fuzzParams } from './fuzz-settings.js';

test('request bodies: 2xx or 4xx with a message, never a 5xx', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'seqlab-fuzz-serve-'));
  const model = sequential([layers.gru({ units: 3 }), layers.dense({ units: 1, activation: 'sigmoid' })], {
    seed: 3,
  });
  model.build([null, 4, 2]);
  await model.save(join(dir, 'model'));
  const app = buildServer(await Predictor.load(join(dir, 'model')), { logger: false });
  const number = fc.oneof(
    fc.double({ noNaN: true, min: -10, max: 10 }),
    fc.constantFrom(0, -0, 1e308, -1e308, 5e-324),
  );
  const goodish = fc.array(fc.array(number, { minLength: 0, maxLength: 3 }), { minLength: 0, maxLength: 6 });
  const body = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    goodish.map((x) => JSON.stringify({ input: x })),
    fc.array(goodish, { maxLength: 3 }).map((xs) => JSON.stringify({ inputs: xs })),
    fc.record({ input: fc.jsonValue({ maxDepth: 3 }) }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 60 }),
    fc.constantFrom(
      '{"input": NaN}',
      '{"inputs": [[[1e999, 2]]]}',
      '{"__proto__": {"x": 1}}',
      '{',
      '\u0000',
      '',
    ),
  );
  const contentType = fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'x/y',
    '',
  );
  const url = fc.constantFrom(
    '/predict',
    '/predict',
    '/predict',
    '/forecast',
    '/model',
    '/health',
    '/nope',
    '/predict?x=1',
  );
  await fc.assert(
    fc.asyncProperty(
      body,
      contentType,
      url,
      fc.constantFrom('POST', 'POST', 'GET', 'PUT'),
      async (payload, type, path, method) => {
        const res = await app.inject({
          method: method as 'POST',
          url: path,
          payload: method === 'GET' ? undefined : payload,
          headers: type ? { 'content-type': type } : {},
        });
        assert.ok(
          res.statusCode < 500,
          `${method} ${path} ${type} ${JSON.stringify(payload)} → ${res.statusCode} ${res.body}`,
        );
        if (res.statusCode >= 400)
          assert.ok(typeof (res.json() as { message?: unknown }).message === 'string');
      },
    ),
    fuzzParams('server requests', Math.max(200, Math.round(FUZZ_RUNS / 2))),
  );
  const health = await app.inject({ method: 'GET', url: '/health' });
  assert.equal(health.statusCode, 200);
  await app.close();
});

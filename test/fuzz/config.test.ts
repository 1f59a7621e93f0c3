/**
 * Fuzz: configs into validation, and `--set` overrides into the config, give a config or a SeqlabError;
 * no override ever reaches the object prototype.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';

import { applyOverrides, parseConfigText, validateConfig } from '../../src/experiments/config.js';
import { clearErrorOrSuccess, fuzzParams } from './fuzz-settings.js';

const base = {
  name: 'fuzz',
  data: { source: 'demo:tabular', type: 'table', label: 'y' },
  model: {
    layers: [
      { type: 'lstm', units: 8 },
      { type: 'dense', units: 1, activation: 'sigmoid' },
    ],
  },
  training: { epochs: 2 },
};
const keys = [
  'name',
  'data',
  'model',
  'layers',
  'units',
  'type',
  'training',
  'epochs',
  'batchSize',
  'compile',
  'optimizer',
  'learningRate',
  'preprocessing',
  'scaler',
  '__proto__',
  'constructor',
  'prototype',
  'label',
  'source',
];
const key = fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 6 }));
const path = fc
  .array(
    fc.oneof(
      key,
      fc.nat(3).map((i) => `[${i}]`),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((parts) => parts.reduce((p, k) => (k.startsWith('[') ? p + k : p ? `${p}.${k}` : k), ''));
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
  fc.constantFrom('-1', '0', '1e308', '.nan', '.inf', 'null', '[]', '{}', '100000000', 'adam', '&a [*a]'),
  fc.string({ maxLength: 10 }),
);

test('--set overrides: a valid config or a SeqlabError, and the prototype stays clean', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(path, value), { maxLength: 4 }), (sets) =>
      clearErrorOrSuccess(() => {
        try {
          validateConfig(
            applyOverrides(
              structuredClone(base),
              sets.map(([k, v]) => `${k}=${v}`),
            ),
            'fuzz.yaml',
          );
        } finally {
          assert.equal(({} as Record<string, unknown>).polluted, undefined);
          assert.deepEqual(Object.keys(Object.prototype), []);
        }
      }),
    ),
    fuzzParams('config --set'),
  );
});

test('config text (YAML/JSON, valid or not): a config or a SeqlabError', async () => {
  const text = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.constantFrom('a: &x [*x]', 'name: &n {a: *n}', '%YAML 9.9\n---\na: 1', '[[[[[[[[[[[]]]]]]]]]]]'),
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ ...base, model: v })),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ ...base, training: v })),
  );
  await fc.assert(
    fc.asyncProperty(text, (t) =>
      clearErrorOrSuccess(() => validateConfig(parseConfigText(t, 'fuzz.yaml'), 'fuzz.yaml')),
    ),
    fuzzParams('config text'),
  );
});

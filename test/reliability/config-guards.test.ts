/** Issue 25, defects 6 and 8: config paths cannot reach the object prototype; a learning rate must be > 0. */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { applyOverrides, ConfigError } from '../../src/experiments/config.js';
import { getOptimizer } from '../../src/optimizers/index.js';
import { SeqlabError } from '../../src/errors.js';

test('--set refuses __proto__, constructor and prototype segments and pollutes nothing', () => {
  for (const key of [
    '__proto__.polluted',
    'training.__proto__.polluted',
    'constructor.prototype.polluted',
    'model.layers[0].constructor.polluted',
    'a.prototype',
  ]) {
    assert.throws(
      () => applyOverrides({ training: {}, model: { layers: [{}] } }, [`${key}=1`]),
      (e: unknown) => e instanceof ConfigError && /cannot be a config key/.test(e.message),
      key,
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined, key);
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined, key);
  }
  // Ordinary keys still work, including ones that merely contain the words.
  const raw = applyOverrides({}, ['training.protoEpochs=2', 'a.constructorName=x']);
  assert.deepEqual(raw, { training: { protoEpochs: 2 }, a: { constructorName: 'x' } });
});

test('a learning rate that is not a finite number > 0 is refused with the value', () => {
  for (const lr of [-1, 0, Number.NaN, Infinity]) {
    assert.throws(
      () => getOptimizer({ name: 'adam', learningRate: lr }),
      (e: unknown) =>
        e instanceof SeqlabError && e.message.includes('learningRate must be a finite number > 0'),
      String(lr),
    );
  }
  assert.equal(getOptimizer({ name: 'sgd', learningRate: 0.5 }).learningRate, 0.5);
});

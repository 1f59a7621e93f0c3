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

test('a model too large for this machine is refused before any weight is allocated, with the figure', async () => {
  const { estimateMemory, requireMemory, MemoryLimitError } = await import('../../src/model/memory.js');
  const { layers } = await import('../../src/layers/index.js');
  const { totalmem } = await import('node:os');
  // Hand-computed parameters (Keras's formulas) for random sizes.
  const i = 1 + Math.floor(Math.random() * 20);
  const u = 1 + Math.floor(Math.random() * 50);
  const dense = estimateMemory([layers.dense({ units: u })], [null, i]);
  assert.equal(dense.params, i * u + u);
  const lstm = estimateMemory([layers.lstm({ units: u })], [null, 7, i]);
  assert.equal(lstm.params, 4 * (i * u + u * u + u));
  const gru = estimateMemory([layers.gru({ units: u })], [null, 7, i]);
  assert.equal(gru.params, 3 * (i * u + u * u + 2 * u));
  // Activations kept for backward: a GRU keeps 5 gate values per unit and step, both directions of a
  // Bidirectional do, with or without returnSequences (an estimate of 34.6 GB for 64 × 250 steps × 54
  // units refused a model that needs megabytes).
  const t = 2 + Math.floor(Math.random() * 300);
  for (const returnSequences of [false, true]) {
    const bi = estimateMemory(
      [layers.bidirectional({ layer: layers.gru({ units: u, returnSequences }) })],
      [null, t, i],
      { batchSize: 64 },
    );
    assert.equal(bi.activationBytes, 64 * t * u * 5 * 2 * 4 * 2, `T ${t}, units ${u}, input ${i}`);
  }
  // units: 100000000 on a Dense layer after a GRU: refused in milliseconds, naming sizes and the machine.
  const t0 = performance.now();
  const huge = estimateMemory(
    [layers.gru({ units: 64 }), layers.dense({ units: 100_000_000 })],
    [null, 10, 1],
  );
  assert.throws(
    () => requireMemory(huge, "model 'x'"),
    (e: unknown) =>
      e instanceof MemoryLimitError &&
      /needs about .* GB .* this machine has .* of memory/.test(e.message) &&
      /dense/.test(e.message),
  );
  assert.ok(performance.now() - t0 < 1000);
  assert.ok(huge.totalBytes > totalmem());
});

test('seqlab train with units: 100000000 fails at once with the memory figure (no run folder left)', async () => {
  const { validateConfig } = await import('../../src/experiments/config.js');
  const { runExperiment } = await import('../../src/experiments/runner.js');
  const { MemoryLimitError } = await import('../../src/model/memory.js');
  const { mkdtempSync, existsSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const config = validateConfig(
    {
      name: 'huge',
      data: { source: 'demo:tabular', type: 'table', label: 'y', maxRows: 100 },
      model: {
        layers: [
          { type: 'dense', units: 100_000_000 },
          { type: 'dense', units: 1, activation: 'sigmoid' },
        ],
      },
      training: { epochs: 1 },
    },
    'huge.yaml',
  );
  const out = join(mkdtempSync(join(tmpdir(), 'seqlab-huge-')), 'run');
  const t0 = performance.now();
  await assert.rejects(
    runExperiment(config, { out, verbose: 0, log: () => {}, handleSigint: false }),
    MemoryLimitError,
  );
  assert.ok(performance.now() - t0 < 20_000);
  assert.ok(!existsSync(out));
});

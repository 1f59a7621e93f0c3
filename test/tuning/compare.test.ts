import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configDiff, flattenConfig } from '../../src/report/compare.js';

test('config diff lists exactly the leaf keys that differ, with absent keys shown as —', () => {
  const a = flattenConfig({
    model: { layers: [{ type: 'gru', units: 16 }] },
    training: { epochs: 5, batchSize: 32 },
  });
  const b = flattenConfig({ model: { layers: [{ type: 'gru', units: 35 }] }, training: { epochs: 5 } });
  assert.deepEqual(a, {
    'model.layers[0].type': '"gru"',
    'model.layers[0].units': '16',
    'training.epochs': '5',
    'training.batchSize': '32',
  });
  assert.deepEqual(configDiff([a, b]), [
    ['model.layers[0].units', '16', '35'],
    ['training.batchSize', '32', '—'],
  ]);
});

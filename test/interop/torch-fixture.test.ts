import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tensor } from '../../src/autograd/tensor.js';
import { importTorchStateDict } from '../../src/interop/index.js';
import { layers } from '../../src/layers/index.js';
import { sequential } from '../../src/model/sequential.js';

// State dicts and outputs written by real PyTorch (Debian python3-torch 1.13) with
// test/fixtures/interop/torch/make-fixture.py; seqlab must reproduce PyTorch's outputs.
const dir = fileURLToPath(new URL('../fixtures/interop/torch/', import.meta.url));
const expected = JSON.parse(readFileSync(`${dir}expected.json`, 'utf8')) as {
  textLstm: { ids: number[][]; output: number[][] };
  biGru: { x: number[][][]; output: number[][] };
};

function maxAbsDiff(a: ArrayLike<number>, b: number[]): number {
  return b.reduce((m, v, i) => Math.max(m, Math.abs(a[i]! - v)), 0);
}

describe('PyTorch state dicts written by PyTorch', () => {
  it('Embedding → LSTM → Linear(sigmoid) reproduces torch outputs', async () => {
    const model = sequential([
      layers.embedding({ inputDim: 50, outputDim: 8 }),
      layers.lstm({ units: 6 }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ]);
    model.build([null, 9]);
    await importTorchStateDict(`${dir}text-lstm.safetensors`, model);
    const ids = tensor(Int32Array.from(expected.textLstm.ids.flat()), [4, 9]);
    const diff = maxAbsDiff(model.predict(ids).data, expected.textLstm.output.flat());
    assert.ok(diff < 1e-5, `max |seqlab − torch| = ${diff}`);
  });

  it('bidirectional GRU (resetAfter) → Linear reproduces torch outputs', async () => {
    const model = sequential([
      layers.bidirectional({ layer: layers.gru({ units: 5, resetAfter: true }), mergeMode: 'concat' }),
      layers.dense({ units: 2 }),
    ]);
    model.build([null, 7, 3]);
    await importTorchStateDict(`${dir}bigru.safetensors`, model);
    const x = tensor(expected.biGru.x);
    const diff = maxAbsDiff(model.predict(x).data, expected.biGru.output.flat());
    assert.ok(diff < 1e-5, `max |seqlab − torch| = ${diff}`);
  });
});

/**
 * Sparse (CSR) inputs to fit / evaluate / predict: densified a batch at a time, they must give the
 * same numbers, bit for bit, as the dense matrix they stand for.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Tensor } from '../../src/autograd/tensor.js';
import { csrFromRows, csrRowRange, csrToDense, type CsrMatrix } from '../../src/data/sparse.js';
import { takeRows } from '../../src/data/split.js';
import { coreLayers as layers } from '../../src/layers/core.js';
import { sequential } from '../../src/model/sequential.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();

/** n rows × d columns, about 5% of entries non-zero; the label is whether the first 10 columns sum above 0. */
function sparseData(n: number, d: number): { csr: CsrMatrix; dense: Tensor; y: Tensor } {
  const rows = Array.from({ length: n }, () => {
    const m = new Map<number, number>();
    for (let k = 0; k < d / 20; k++) m.set(rng.int(0, d), rng.uniform() * 2 - 1);
    return m;
  });
  const csr = csrFromRows(rows, d);
  const dense = csrToDense(csr);
  const y = Float32Array.from(rows, (m) => {
    let s = 0;
    for (const [j, v] of m) if (j < 10) s += v;
    return s > 0 ? 1 : 0;
  });
  return { csr, dense: new Tensor(dense.data, dense.shape), y: new Tensor(y, [n, 1]) };
}

function model(d: number) {
  const m = sequential(
    [
      layers.dense({ units: 8, activation: 'relu', inputShape: [d] }),
      layers.dropout({ rate: 0.2 }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
    { seed: 7 },
  );
  m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return m;
}

describe(`sparse inputs (seed ${rng.seed})`, () => {
  it('csrRowRange and takeRows pick the same rows as the dense matrix', () => {
    const { csr, dense } = sparseData(30, 40);
    const start = rng.int(0, 15);
    const end = rng.int(start, 31);
    const part = csrToDense(csrRowRange(csr, start, end));
    assert.deepEqual(part.shape, [end - start, 40]);
    assert.deepEqual(Array.from(part.data), Array.from(dense.data.subarray(start * 40, end * 40)));
    const idx = [3, 0, 29, 3];
    const taken = csrToDense(takeRows(csr, idx));
    assert.deepEqual(
      Array.from(taken.data),
      idx.flatMap((i) => Array.from(dense.data.subarray(i * 40, (i + 1) * 40))),
    );
  });

  it('fit with a validation split, evaluate and predict match the dense matrix bit for bit', async () => {
    const d = 60;
    const { csr, dense, y } = sparseData(150, d);
    const options = { epochs: 3, batchSize: 16, validationSplit: 0.2, verbose: 0 as const };
    const a = model(d);
    const b = model(d);
    const ha = await a.fit(dense, y, options);
    const hb = await b.fit(csr, y, options);
    assert.deepEqual(hb.history, ha.history, `seed ${rng.seed}`);
    assert.ok(Number.isFinite(hb.history.val_loss![2]!));
    assert.deepEqual(b.evaluate(csr, y, { batchSize: 7 }), a.evaluate(dense, y, { batchSize: 7 }));
    assert.deepEqual(Array.from(b.predict(csr, { batchSize: 64 }).data), Array.from(a.predict(dense).data));
  });

  it('validationData can be sparse; a row-count mismatch names both shapes', async () => {
    const d = 20;
    const train = sparseData(40, d);
    const val = sparseData(12, d);
    const m = model(d);
    const h = await m.fit(train.csr, train.y, { epochs: 1, validationData: [val.csr, val.y], verbose: 0 });
    assert.equal(h.history.val_loss!.length, 1);
    await assert.rejects(
      m.fit(train.csr, val.y, { epochs: 1, verbose: 0 }),
      /x has 40 samples \(shape \[40, 20\]\) but y has 12/,
    );
  });
});

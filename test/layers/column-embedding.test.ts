import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import { tensor } from '../../src/autograd/tensor.js';
import { setBackend } from '../../src/backend/select.js';
import { layers } from '../../src/layers/index.js';
import { sequential } from '../../src/model/sequential.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();

describe(`ColumnEmbedding (seed ${rng.seed})`, () => {
  before(() => setBackend('reference'));

  /** Rows of 3 numbers then ids for tables of 4 and 6 rows. */
  function rows(n: number): Float64Array {
    const x = new Float64Array(n * 5);
    for (let i = 0; i < n; i++) x.set([...rng.doubles(3, -1, 1), rng.int(0, 4), rng.int(0, 6)], i * 5);
    return x;
  }

  it("output: the numeric columns, then each id column's table row (written out by hand)", () => {
    const layer = layers.columnEmbedding({ inputDims: [4, 6], outputDims: [2, 3] });
    const model = sequential([layer], { seed: rng.seed });
    model.build([null, 5]);
    const x = rows(7);
    const y = model.predict(tensor(Float32Array.from(x), [7, 5]));
    assert.deepEqual(y.shape, [7, 8]);
    const [t0, t1] = layer.weights;
    for (let i = 0; i < 7; i++) {
      const a = x[i * 5 + 3]!;
      const b = x[i * 5 + 4]!;
      const expected = [
        ...x.subarray(i * 5, i * 5 + 3),
        ...t0!.data.subarray(a * 2, a * 2 + 2),
        ...t1!.data.subarray(b * 3, b * 3 + 3),
      ];
      expected.forEach((v, j) => assert.ok(Math.abs(y.data[i * 8 + j]! - v) < 1e-6, `row ${i} col ${j}`));
    }
  });

  it('gradients of the tables and the layer after it match finite differences (float64)', () => {
    const model = sequential(
      [
        layers.columnEmbedding({ inputDims: [4, 6], outputDims: [2, 3] }),
        layers.dense({ units: 2, activation: 'tanh' }),
      ],
      { seed: rng.seed },
    );
    model.build([null, 5]);
    for (const layer of model.layers) layer.castWeights('float64');
    const x = tensor(rows(9), [9, 5]);
    const { maxRelativeError } = gradcheck(() => model.call(x), model.weights);
    assert.ok(maxRelativeError < 1e-6, `${maxRelativeError} (seed ${rng.seed})`);
  });

  it('an id outside its table names the layer, the row and the column', () => {
    const model = sequential([layers.columnEmbedding({ inputDims: [3], outputDims: [2] })], { seed: 1 });
    model.build([null, 2]);
    assert.throws(
      () => model.predict(tensor(Float32Array.of(0.5, 1, 0.1, 3), [2, 2])),
      /column_embedding.*row 1, column 1 should be a category id in \[0, 3\) but is 3/,
    );
    assert.throws(() => layers.columnEmbedding({ inputDims: [3], outputDims: [] }), /same nonzero length/);
  });
});

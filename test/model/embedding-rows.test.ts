// In inference, a recurrent layer after an Embedding reads the table's rows in place (RnnSequenceArgs.xIds)
// instead of the gathered (B, T, features) copy: predict must give exactly what the layers give one by
// one, on both backends, through masks and the dropout layers between, and still name a bad id.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { noGrad } from '../../src/autograd/tape.js';
import { tensor, type Tensor } from '../../src/autograd/tensor.js';
import type { Backend } from '../../src/backend/interface.js';
import { getBackend, setBackend } from '../../src/backend/select.js';
import { layers } from '../../src/layers/index.js';
import type { Layer } from '../../src/layers/layer.js';
import { sequential, type Sequential } from '../../src/model/sequential.js';
import { requireNative } from '../helpers/native.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();
const V = 40;

const stacks: [string, () => Layer][] = [
  ['lstm', () => layers.lstm({ units: 7 })],
  ['gru, sequences', () => layers.gru({ units: 5, returnSequences: true })],
  ['simpleRnn', () => layers.simpleRnn({ units: 4 })],
  [
    'bidirectional gru, sequences',
    () => layers.bidirectional({ layer: layers.gru({ units: 6, returnSequences: true }) }),
  ],
  ['bidirectional lstm', () => layers.bidirectional({ layer: layers.lstm({ units: 6 }) })],
];

/** Ids with about one in five padded (0), (B, T). */
function randomIds(B: number, T: number): Tensor {
  return tensor(
    Int32Array.from({ length: B * T }, () => (rng.uniform() < 0.2 ? 0 : rng.int(1, V))),
    [B, T],
  );
}

/** The layers one by one, each on the gathered output of the one before (no fused read). */
function layerByLayer(model: Sequential, x: Tensor): Tensor {
  return noGrad(() => {
    let y = x;
    let mask: Tensor | null = null;
    for (const layer of model.layers) {
      const next = layer.computeMask(y, mask);
      y = layer.apply(y, { training: false, mask, rng: model.rng });
      mask = next;
    }
    return y;
  });
}

/** Counts the recurrent kernel calls that read x through ids. */
function spyOnIds(be: Backend): { calls: number; restore: () => void } {
  const spy = { calls: 0, restore: () => {} };
  const forward = be.rnnSequenceForward;
  be.rnnSequenceForward = (kind, directions) => {
    if (directions[0]!.args.xIds) spy.calls++;
    forward.call(be, kind, directions);
  };
  spy.restore = () => {
    be.rnnSequenceForward = forward;
  };
  return spy;
}

describe(`predict reads an Embedding's rows in place (seed ${rng.seed})`, () => {
  const initial = getBackend();
  after(() => setBackend(initial));

  for (const backend of ['native', 'reference'] as const) {
    for (const [name, make] of stacks) {
      it(`${backend}, ${name}: exactly the layers' own results, through the fused read`, (t) => {
        if (backend === 'native' && !requireNative(t)) return;
        setBackend(backend);
        const model = sequential(
          [
            layers.embedding({ inputDim: V, outputDim: 9, maskZero: true }),
            layers.spatialDropout1d({ rate: 0.3 }),
            make(),
            layers.dense({ units: 2 }),
          ],
          { seed: rng.int(0, 1 << 30) },
        );
        // 70 rows: the native LSTM splits them between threads; 3 rows: it splits the units.
        for (const B of [70, 3]) {
          const x = randomIds(B, 11);
          const want = layerByLayer(model, x);
          const spy = spyOnIds(getBackend());
          let got: Tensor;
          try {
            got = model.predict(x, { batchSize: B });
          } finally {
            spy.restore();
          }
          assert.equal(spy.calls, 1, `${name}: predict reads the rows through ids once`);
          assert.deepEqual(got.shape, want.shape);
          assert.deepEqual(got.data, want.data, `${name} B=${B} (seed ${rng.seed})`);
        }
      });
    }
  }

  it('an id outside the table is named as the Embedding names it', () => {
    const model = sequential([layers.embedding({ inputDim: V, outputDim: 4 }), layers.lstm({ units: 3 })]);
    const x = tensor(new Int32Array([1, 2, V + 5, 3]), [2, 2]);
    assert.throws(() => model.predict(x), /id 45 at position 2 is outside the vocabulary \[0, 40\)/);
  });

  it('in training the gradient reaches exactly the table rows the batch used', () => {
    const model = sequential([
      layers.embedding({ inputDim: V, outputDim: 4 }),
      layers.lstm({ units: 3 }),
      layers.dense({ units: 1 }),
    ]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = randomIds(6, 5);
    model.build([null, 5]);
    const before = Float32Array.from(model.weights[0]!.data as Float32Array);
    model.trainOnBatch(x, tensor(new Float32Array(6).fill(1), [6, 1]));
    const trained = model.weights[0]!.data as Float32Array;
    const used = new Set(x.data as Int32Array);
    for (let id = 0; id < V; id++) {
      const moved = [0, 1, 2, 3].some((e) => trained[id * 4 + e] !== before[id * 4 + e]);
      assert.equal(moved, used.has(id), `row ${id} ${used.has(id) ? 'used' : 'unused'} (seed ${rng.seed})`);
    }
  });
});

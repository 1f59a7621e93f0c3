// Sequential reads what it needs of its layers through the Layer contract (rowsOf / callOnRows for
// row-wise input, identityAtInference, stepAttention, takesIds), never through their classes: layers
// written here, outside the library, get the same treatment as Embedding, Dropout and AttentionPooling.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { gather, mul, reshape, softmax, sum } from '../../src/autograd/ops/index.js';
import { noGrad } from '../../src/autograd/tape.js';
import { tensor, Tensor } from '../../src/autograd/tensor.js';
import { layers } from '../../src/layers/index.js';
import { Layer, type CallContext, type SymbolicShape } from '../../src/layers/layer.js';
import { sequential, type Sequential } from '../../src/model/sequential.js';
import { assertClose } from '../helpers/assert-close.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();

/** A fixed lookup table: ids (B, T) → rows (B, T, E). Not an Embedding. */
class Lookup extends Layer {
  static override readonly className = 'TestLookup';
  constructor(readonly table: Tensor) {
    super({});
  }
  computeOutputShape(s: SymbolicShape): SymbolicShape {
    return [...s, this.table.shape[1]!];
  }
  call(x: Tensor): Tensor {
    const { table, ids } = this.rowsOf(x);
    return gather(table, ids);
  }
  override rowsOf(x: Tensor): { table: Tensor; ids: Tensor } {
    return { table: this.table, ids: x.dtype === 'int32' ? x : x.cast('int32') };
  }
}

/** Identity outside training, doubles its input in training. Not a Dropout. */
class TrainingOnly extends Layer {
  static override readonly className = 'TestTrainingOnly';
  computeOutputShape(s: SymbolicShape): SymbolicShape {
    return s;
  }
  call(x: Tensor, ctx: CallContext): Tensor {
    return ctx.training ? mul(x, 2) : x;
  }
  override get identityAtInference(): boolean {
    return true;
  }
}

/** Softmax attention over steps scored by the first feature: (B, T, 1) → (B, 1). Not an AttentionPooling. */
class FirstFeatureAttention extends Layer {
  static override readonly className = 'TestFirstFeatureAttention';
  last: Tensor | null = null;
  computeOutputShape(s: SymbolicShape): SymbolicShape {
    return [s[0] ?? null, 1];
  }
  call(x: Tensor): Tensor {
    const [B, T] = x.shape as [number, number, number];
    const alpha = softmax(reshape(x, [B, T]));
    this.last = alpha;
    return sum(mul(x, reshape(alpha, [B, T, 1])), 1);
  }
  override stepAttention(): Tensor | null {
    return this.last;
  }
}

function layerByLayer(model: Sequential, x: Tensor): Tensor {
  return noGrad(() =>
    model.layers.reduce((y, l) => l.apply(y, { training: false, mask: null, rng: model.rng }), x),
  );
}

describe('the Layer contract in Sequential', () => {
  it(`a recurrent layer reads the rows of any rowsOf layer in place, past identityAtInference layers (seed ${rng.seed})`, () => {
    const [V, E, B, T] = [rng.int(3, 20), rng.int(1, 6), rng.int(1, 5), rng.int(1, 7)];
    const lstm = layers.lstm({ units: rng.int(1, 5) });
    const model = sequential(
      [new Lookup(tensor(rng.floats(V * E, -1, 1), [V, E])), new TrainingOnly({}), lstm],
      {
        seed: rng.int(1, 1 << 30),
      },
    );
    const x = tensor(rng.ints(B * T, 0, V), [B, T]);
    const expected = layerByLayer(model, x);
    let rowReads = 0;
    const original = lstm.callOnRows.bind(lstm);
    lstm.callOnRows = (table, ids, ctx) => {
      rowReads++;
      return original(table, ids, ctx);
    };
    const got = model.predict(x);
    assert.equal(rowReads, 1, 'predict read the lookup rows in place');
    assert.deepEqual(got.shape, expected.shape);
    assertClose(got.data, expected.data, { rtol: 1e-6, label: `rows read in place (seed ${rng.seed})` });
  });

  it('a layer that is not the identity at inference stops the row read', () => {
    const lstm = layers.lstm({ units: 3 });
    const model = sequential([
      new Lookup(tensor(rng.floats(8, -1, 1), [4, 2])),
      layers.dense({ units: 2 }),
      lstm,
    ]);
    let rowReads = 0;
    const original = lstm.callOnRows.bind(lstm);
    lstm.callOnRows = (table, ids, ctx) => {
      rowReads++;
      return original(table, ids, ctx);
    };
    model.predict(tensor(Int32Array.from([1, 2, 3, 0]), [2, 2]));
    assert.equal(rowReads, 0);
  });

  it(`explain shows the stepAttention of any layer, against softmax in float64 (seed ${rng.seed})`, () => {
    const [B, T] = [rng.int(1, 5), rng.int(2, 9)];
    const model = sequential([new FirstFeatureAttention({ inputShape: [T, 1] })]);
    const x = tensor(rng.floats(B * T, -3, 3), [B, T, 1]);
    const { layer, weights } = model.explain(x);
    assert.equal(layer, model.layers[0]!.name);
    const expected = new Float64Array(B * T);
    for (let b = 0; b < B; b++) {
      const row = Array.from(x.data.subarray(b * T, (b + 1) * T), Number);
      const top = Math.max(...row);
      const e = row.map((v) => Math.exp(v - top));
      const z = e.reduce((a, v) => a + v, 0);
      e.forEach((v, t) => (expected[b * T + t] = v / z));
    }
    assertClose(weights.data, expected, { rtol: 1e-6, label: `attention weights (seed ${rng.seed})` });
  });

  it('explain names the model when no layer gives step attention', () => {
    const model = sequential([layers.dense({ units: 1, inputShape: [3] })], { name: 'plain' });
    assert.throws(() => model.explain(tensor([[1, 2, 3]])), /model 'plain' has no attention-pooling layer/);
  });

  it('takesIds: layers with rowsOf take integer ids', () => {
    assert.equal(layers.embedding({ inputDim: 5, outputDim: 2 }).takesIds, true);
    assert.equal(new Lookup(tensor(new Float32Array(4), [2, 2])).takesIds, true);
    assert.equal(layers.dense({ units: 2 }).takesIds, false);
    assert.equal(layers.lstm({ units: 2 }).takesIds, false);
    assert.equal(layers.dropout({ rate: 0.5 }).identityAtInference, true);
    assert.equal(layers.spatialDropout1d({ rate: 0.5 }).identityAtInference, true);
    assert.equal(layers.dense({ units: 2 }).identityAtInference, false);
  });
});

/**
 * ONNX export checked against a real runtime: every model gets fresh random weights (biases
 * included, never zeros), is exported, run in onnxruntime-node, and compared with seqlab's predict
 * on random inputs (max abs difference ≤ 1e-4), with the batch size changed to test the dynamic axis.
 */
import { Pipeline } from '../../src/data/preprocessing/pipeline.js';
import { Labels } from '../../src/data/preprocessing/labels.js';
import { LabelSets } from '../../src/data/preprocessing/label-sets.js';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import { Tensor } from '../../src/autograd/tensor.js';
import { layers } from '../../src/layers/index.js';
import type { Layer } from '../../src/layers/layer.js';
import { sequential, type Sequential } from '../../src/model/sequential.js';
import { exportOnnx, OnnxExportError, toOnnx } from '../../src/interop/onnx/export.js';
import { decodeModel } from '../../src/interop/onnx/schema.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();
const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Replaces every weight with uniform values in ±scale. */
function randomize(model: Sequential, scale = 0.5): void {
  for (const w of model.weights) w.data.set(rng.floats(w.size, -scale, scale));
}

function build(stack: Layer[], inputShape: (number | null)[]): Sequential {
  const model = sequential(stack, { seed: rng.int(0, 1e6) });
  model.build([null, ...inputShape]);
  randomize(model);
  return model;
}

async function runOrt(
  bytes: Uint8Array,
  x: Tensor,
  ids: boolean,
): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(bytes);
  const input = ids
    ? new ort.Tensor('int64', BigInt64Array.from(Array.from(x.data, (v) => BigInt(v))), x.shape)
    : new ort.Tensor('float32', Float32Array.from(x.data), x.shape);
  const out = (await session.run({ input })).output!;
  return { data: out.data as Float32Array, dims: out.dims };
}

async function compare(
  model: Sequential,
  sampleShape: number[],
  opts: { ids?: number; idColumns?: number[] } = {},
): Promise<number> {
  const bytes = toOnnx(model);
  let worst = 0;
  for (const batch of [3, 1]) {
    const n = batch * sampleShape.reduce((a, b) => a * b, 1);
    const data = opts.ids ? Float32Array.from(rng.ints(n, 0, opts.ids)) : rng.floats(n, -2, 2);
    // Rows whose last columns are category ids (ColumnEmbedding): whole numbers below each table's size.
    const tail = opts.idColumns ?? [];
    const width = sampleShape[sampleShape.length - 1]!;
    for (let i = 0; i < batch; i++)
      tail.forEach((levels, c) => (data[i * width + width - tail.length + c] = rng.int(0, levels)));
    const x = new Tensor(data, [batch, ...sampleShape]);
    const expected = model.predict(x);
    const got = await runOrt(bytes, x, opts.ids !== undefined);
    assert.deepEqual([...got.dims], expected.shape, `output shape (seed ${rng.seed})`);
    for (let i = 0; i < expected.size; i++)
      worst = Math.max(worst, Math.abs(got.data[i]! - expected.data[i]!));
  }
  assert.ok(worst <= 1e-4, `max abs diff ${worst} > 1e-4 (seed ${rng.seed})`);
  return worst;
}

describe('exportOnnx vs onnxruntime-node', () => {
  const T = 7;
  it('LSTM (last state and sequences, sigmoid/tanh, relu activation)', async () => {
    await compare(build([layers.lstm({ units: 5 }), layers.dense({ units: 2 })], [T, 3]), [T, 3]);
    await compare(build([layers.lstm({ units: 4, returnSequences: true })], [T, 3]), [T, 3]);
    await compare(build([layers.lstm({ units: 4, activation: 'relu' })], [T, 2]), [T, 2]);
  });

  it('LSTM without bias and with goBackwards (last state)', async () => {
    await compare(build([layers.lstm({ units: 4, useBias: false })], [T, 3]), [T, 3]);
    await compare(build([layers.lstm({ units: 4, goBackwards: true })], [T, 3]), [T, 3]);
  });

  it('GRU with resetAfter true and false', async () => {
    await compare(build([layers.gru({ units: 5, resetAfter: true })], [T, 3]), [T, 3]);
    await compare(build([layers.gru({ units: 5, resetAfter: false })], [T, 3]), [T, 3]);
    await compare(build([layers.gru({ units: 4, resetAfter: false, returnSequences: true })], [T, 2]), [
      T,
      2,
    ]);
  });

  it('SimpleRNN', async () => {
    await compare(build([layers.simpleRnn({ units: 6 })], [T, 3]), [T, 3]);
    await compare(
      build([layers.simpleRnn({ units: 3, returnSequences: true, activation: 'relu' })], [T, 2]),
      [T, 2],
    );
  });

  it('Bidirectional in every merge mode, sequences and last state', async () => {
    for (const mergeMode of ['concat', 'sum', 'mul', 'ave'] as const) {
      for (const returnSequences of [true, false]) {
        const inner = layers.lstm({ units: 3, returnSequences });
        await compare(build([layers.bidirectional({ layer: inner, mergeMode })], [T, 2]), [T, 2]);
      }
    }
    await compare(
      build([layers.bidirectional({ layer: layers.gru({ units: 4, resetAfter: false }) })], [T, 2]),
      [T, 2],
    );
    await compare(
      build([layers.bidirectional({ layer: layers.simpleRnn({ units: 4, returnSequences: true }) })], [T, 2]),
      [T, 2],
    );
  });

  it('stacked recurrent layers with a dynamic time axis', async () => {
    const model = build(
      [
        layers.gru({ units: 4, returnSequences: true }),
        layers.lstm({ units: 3 }),
        layers.dense({ units: 1 }),
      ],
      [null, 2],
    );
    await compare(model, [5, 2]);
    await compare(model, [9, 2]);
  });

  it('attention pooling, conv1d, pooling and activations', async () => {
    await compare(
      build(
        [
          layers.lstm({ units: 4, returnSequences: true }),
          layers.attentionPooling({ units: 3 }),
          layers.dense({ units: 3, activation: 'softmax' }),
        ],
        [T, 2],
      ),
      [T, 2],
    );
    await compare(
      build(
        [
          layers.conv1d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
          layers.globalMaxPooling1d(),
        ],
        [T, 2],
      ),
      [T, 2],
    );
    await compare(
      build(
        [layers.conv1d({ filters: 3, kernelSize: 2, strides: 2 }), layers.globalAveragePooling1d()],
        [T, 2],
      ),
      [T, 2],
    );
    for (const activation of [
      'tanh',
      'elu',
      'selu',
      'softplus',
      'hardSigmoid',
      'swish',
      'gelu',
      'square',
      'logSoftmax',
    ] as const) {
      await compare(build([layers.dense({ units: 3, activation })], [4]), [4]);
    }
  });

  it('column embeddings of category ids beside numeric columns', async () => {
    await compare(
      build(
        [
          layers.columnEmbedding({ inputDims: [5, 9], outputDims: [3, 2] }),
          layers.dense({ units: 4, activation: 'tanh' }),
        ],
        [6],
      ),
      [6],
      { idColumns: [5, 9] },
    );
    await compare(build([layers.columnEmbedding({ inputDims: [4], outputDims: [3] })], [1]), [1], {
      idColumns: [4],
    });
  });

  it('the four example architectures', async () => {
    // tabular-bigru-attention: rows (10,) → (10, 1) → BiGRU(64, sequences) → attention → Dense(1, sigmoid)
    await compare(
      build(
        [
          layers.reshape({ targetShape: [10, 1] }),
          layers.bidirectional({ layer: layers.gru({ units: 16, returnSequences: true }) }),
          layers.attentionPooling(),
          layers.dense({ units: 1, activation: 'sigmoid' }),
        ],
        [10],
      ),
      [10],
    );
    // imdb-dense: multi-hot → Dense(16, relu) → Dense(16, relu) → Dense(1, sigmoid)
    await compare(
      build(
        [
          layers.dense({ units: 16, activation: 'relu' }),
          layers.dense({ units: 16, activation: 'relu' }),
          layers.dense({ units: 1, activation: 'sigmoid' }),
        ],
        [200],
      ),
      [200],
    );
    // imdb-lstm: ids → Embedding → SpatialDropout1D → LSTM → Dense(1, sigmoid)
    await compare(
      build(
        [
          layers.embedding({ inputDim: 50, outputDim: 8 }),
          layers.spatialDropout1d({ rate: 0.2 }),
          layers.lstm({ units: 10, dropout: 0.2, recurrentDropout: 0.2 }),
          layers.dense({ units: 1, activation: 'sigmoid' }),
        ],
        [12],
      ),
      [12],
      { ids: 50 },
    );
    // timeseries-lstm: windows (10, 1) → LSTM(50, sequences) → LSTM(50) → Dense(25) → Dense(1)
    await compare(
      build(
        [
          layers.lstm({ units: 12, returnSequences: true }),
          layers.lstm({ units: 12 }),
          layers.dropout({ rate: 0.1 }),
          layers.flatten(),
          layers.dense({ units: 5 }),
          layers.dense({ units: 1 }),
        ],
        [10, 1],
      ),
      [10, 1],
    );
  });

  it('writes a file with a dynamic batch axis and labels metadata', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seqlab-onnx-'));
    dirs.push(dir);
    const model = build(
      [layers.lstm({ units: 2 }), layers.dense({ units: 2, activation: 'softmax' })],
      [4, 1],
    );
    model.preprocessing = new Pipeline([['labels', new Labels({ classes: ['neg', 'pos'] })]]);
    await exportOnnx(model, join(dir, 'sub', 'model.onnx'));
    const parsed = decodeModel(await readFile(join(dir, 'sub', 'model.onnx')));
    assert.equal(parsed.opset_import[0]!.version, 17);
    assert.deepEqual(parsed.graph.input[0]!.type.tensor_type.shape.dim[0], { dim_param: 'batch' });
    assert.deepEqual(parsed.metadata_props, [{ key: 'labels', value: '["neg","pos"]' }]);
    assert.ok(parsed.graph.node.some((n) => n.op_type === 'LSTM'));
  });

  it('a multi-label model says its labels and the task in the metadata', () => {
    const model = build(
      [layers.lstm({ units: 2 }), layers.dense({ units: 3, activation: 'sigmoid' })],
      [4, 1],
    );
    model.preprocessing = new Pipeline([
      ['labels', new LabelSets({ columns: ['toxic', 'threat', 'insult'] })],
    ]);
    assert.deepEqual(decodeModel(toOnnx(model)).metadata_props, [
      { key: 'labels', value: '["toxic","threat","insult"]' },
      { key: 'task', value: 'multilabel' },
    ]);
  });

  it('lists every unsupported layer and option', () => {
    const model = build(
      [
        layers.embedding({ inputDim: 10, outputDim: 4, maskZero: true }),
        layers.lstm({ units: 3, goBackwards: true, returnSequences: true }),
        layers.attention(),
        layers.lstm({ units: 2, recurrentActivation: 'hardSigmoid' }),
      ],
      [5],
    );
    assert.throws(
      () => toOnnx(model),
      (e: Error) => {
        assert.ok(e instanceof OnnxExportError);
        for (const part of [
          'maskZero',
          'goBackwards with returnSequences',
          'layer class Attention',
          "recurrentActivation 'hardSigmoid'",
        ])
          assert.match(e.message, new RegExp(part));
        return true;
      },
    );
    assert.throws(() => toOnnx(sequential([layers.dense({ units: 1 })])), /not built/);
  });
});

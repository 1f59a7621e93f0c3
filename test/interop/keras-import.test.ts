/**
 * loadKerasModel on files built by hand in Keras's layouts from a seqlab model's random weights:
 * the imported model must predict what the source model predicts.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Tensor } from '../../src/autograd/tensor.js';
import { layers } from '../../src/layers/index.js';
import type { Bidirectional } from '../../src/layers/recurrent/bidirectional.js';
import { sequential, type Sequential } from '../../src/model/sequential.js';
import { KerasImportError, loadKerasModel, toSnakeCase } from '../../src/interop/keras/load.js';
import { seededRng } from '../helpers/rng.js';
import { k3Layer, writeKeras2, writeKeras3 } from './keras-files.js';

const rng = seededRng();
let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seqlab-keras-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function randomModel(stack: Parameters<typeof sequential>[0], inputShape: number[]): Sequential {
  const model = sequential(stack, { seed: rng.int(0, 1e6) });
  model.build([null, ...inputShape]);
  for (const w of model.weights) w.data.set(rng.floats(w.size, -0.5, 0.5));
  return model;
}

function assertSamePredictions(a: Sequential, b: Sequential, sampleShape: number[], ids?: number): void {
  const n = 3 * sampleShape.reduce((p, d) => p * d, 1);
  const x = new Tensor(ids ? Float32Array.from(rng.ints(n, 0, ids)) : rng.floats(n, -2, 2), [
    3,
    ...sampleShape,
  ]);
  const [ya, yb] = [a.predict(x), b.predict(x)];
  assert.deepEqual(yb.shape, ya.shape);
  for (let i = 0; i < ya.size; i++)
    assert.ok(
      Math.abs(ya.data[i]! - yb.data[i]!) < 1e-6,
      `output ${i}: ${ya.data[i]} vs ${yb.data[i]} (seed ${rng.seed})`,
    );
}

describe('loadKerasModel', () => {
  it("Keras's snake_case names for weight paths", () => {
    assert.deepEqual(
      [
        'LSTM',
        'SimpleRNN',
        'GRU',
        'SpatialDropout1D',
        'GlobalAveragePooling1D',
        'Conv1D',
        'Bidirectional',
      ].map(toSnakeCase),
      [
        'lstm',
        'simple_rnn',
        'gru',
        'spatial_dropout1d',
        'global_average_pooling1d',
        'conv1d',
        'bidirectional',
      ],
    );
  });

  it('Keras 3 .keras: Embedding → SpatialDropout1D → Bidirectional(GRU) → LSTM → Dense', async () => {
    const src = randomModel(
      [
        layers.embedding({ inputDim: 30, outputDim: 4 }),
        layers.spatialDropout1d({ rate: 0.2 }),
        layers.bidirectional({ layer: layers.gru({ units: 3, returnSequences: true }), mergeMode: 'sum' }),
        layers.lstm({ units: 5 }),
        layers.dense({ units: 2, activation: 'softmax' }),
      ],
      [6],
    );
    const [emb, , bi, lstm, dense] = src.layers as [never, never, Bidirectional, never, never];
    const w = (l: { weights: Tensor[] }): Tensor[] => l.weights;
    const path = join(dir, 'model.keras');
    await writeKeras3(
      path,
      [
        k3Layer('Embedding', {
          name: 'embedding',
          input_dim: 30,
          output_dim: 4,
          mask_zero: false,
          embeddings_initializer: { module: 'keras.initializers', class_name: 'RandomUniform', config: {} },
        }),
        k3Layer('SpatialDropout1D', { name: 'spatial_dropout1d', rate: 0.2, seed: null, noise_shape: null }),
        k3Layer('Bidirectional', {
          name: 'bidirectional',
          merge_mode: 'sum',
          layer: k3Layer('GRU', {
            name: 'gru',
            units: 3,
            return_sequences: true,
            reset_after: true,
            activation: 'tanh',
            recurrent_activation: 'sigmoid',
            stateful: false,
            unroll: false,
            go_backwards: false,
          }),
          backward_layer: k3Layer('GRU', {
            name: 'backward_gru',
            units: 3,
            return_sequences: true,
            reset_after: true,
            go_backwards: true,
          }),
        }),
        k3Layer('LSTM', {
          name: 'lstm',
          units: 5,
          return_sequences: false,
          unit_forget_bias: true,
          dropout: 0.1,
          recurrent_dropout: 0.0,
          seed: null,
        }),
        k3Layer('Dense', { name: 'dense', units: 2, activation: 'softmax', use_bias: true, lora_rank: null }),
      ],
      [6],
      [
        ['layers/embedding', w(emb)],
        ['layers/bidirectional/forward_layer/cell', w(bi.forwardLayer)],
        ['layers/bidirectional/backward_layer/cell', w(bi.backwardLayer)],
        ['layers/lstm/cell', w(lstm)],
        ['layers/dense', w(dense)],
      ],
    );
    const model = await loadKerasModel(path);
    assert.deepEqual(
      model.layers.map((l) => l.className),
      ['Embedding', 'SpatialDropout1D', 'Bidirectional', 'LSTM', 'Dense'],
    );
    assert.equal((model.metadata.importedFrom as { keras_version: string }).keras_version, '3.5.0');
    assertSamePredictions(src, model, [6], 30);
  });

  it('Keras 3 .keras: two layers of one class get dense, dense_1 weight folders', async () => {
    const src = randomModel(
      [
        layers.simpleRnn({ units: 3 }),
        layers.dense({ units: 4, activation: 'relu' }),
        layers.dense({ units: 1 }),
      ],
      [5, 2],
    );
    const path = join(dir, 'two-dense.keras');
    await writeKeras3(
      path,
      [
        k3Layer('SimpleRNN', { name: 'rnn', units: 3 }),
        k3Layer('Dense', { name: 'hidden', units: 4, activation: 'relu' }),
        k3Layer('Dense', { name: 'out', units: 1, activation: 'linear' }),
      ],
      [5, 2],
      [
        ['layers/simple_rnn/cell', src.layers[0]!.weights],
        ['layers/dense', src.layers[1]!.weights],
        ['layers/dense_1', src.layers[2]!.weights],
      ],
    );
    assertSamePredictions(src, await loadKerasModel(path), [5, 2]);
  });

  it('Keras 2 .h5 (TF 2.10 layout): InputLayer → Conv1D → LSTM(relu) → GRU(reset_after) → Dense', async () => {
    // Keys and values as Keras 2.10 writes them (see test/fixtures/interop/SOURCE.md).
    const src = randomModel(
      [
        layers.conv1d({ filters: 4, kernelSize: 3, activation: 'relu' }),
        layers.lstm({ units: 5, activation: 'relu', returnSequences: true }),
        layers.gru({ units: 3 }),
        layers.dense({ units: 1 }),
      ],
      [8, 2],
    );
    const common = {
      trainable: true,
      dtype: 'float32',
      kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
      kernel_regularizer: null,
      activity_regularizer: null,
    };
    const rnn = {
      return_state: false,
      go_backwards: false,
      stateful: false,
      unroll: false,
      time_major: false,
      use_bias: true,
      dropout: 0.0,
      recurrent_dropout: 0.0,
      implementation: 2,
    };
    const config = {
      class_name: 'Sequential',
      config: {
        name: 'sequential_1',
        layers: [
          {
            class_name: 'InputLayer',
            config: {
              batch_input_shape: [null, 8, 2],
              dtype: 'float32',
              sparse: false,
              ragged: false,
              name: 'conv1d_1_input',
            },
          },
          {
            class_name: 'Conv1D',
            config: {
              ...common,
              name: 'conv1d_1',
              batch_input_shape: [null, 8, 2],
              filters: 4,
              kernel_size: [3],
              strides: [1],
              padding: 'valid',
              data_format: 'channels_last',
              dilation_rate: [1],
              groups: 1,
              activation: 'relu',
              use_bias: true,
            },
          },
          {
            class_name: 'LSTM',
            config: {
              ...common,
              ...rnn,
              name: 'lstm_1',
              return_sequences: true,
              units: 5,
              activation: 'relu',
              recurrent_activation: 'sigmoid',
              unit_forget_bias: true,
            },
          },
          {
            class_name: 'GRU',
            config: {
              ...common,
              ...rnn,
              name: 'gru_1',
              return_sequences: false,
              units: 3,
              activation: 'tanh',
              recurrent_activation: 'sigmoid',
              reset_after: true,
            },
          },
          {
            class_name: 'Dense',
            config: { ...common, name: 'dense_1', units: 1, activation: 'linear', use_bias: true },
          },
        ],
      },
    };
    const [conv, lstm, gru, dense] = src.layers.map((l) => l.weights);
    const path = join(dir, 'model.h5');
    await writeKeras2(path, config, [
      [
        'conv1d_1',
        [
          ['conv1d_1/kernel:0', conv![0]!],
          ['conv1d_1/bias:0', conv![1]!],
        ],
      ],
      [
        'lstm_1',
        [
          ['lstm_1/lstm_cell/kernel:0', lstm![0]!],
          ['lstm_1/lstm_cell/recurrent_kernel:0', lstm![1]!],
          ['lstm_1/lstm_cell/bias:0', lstm![2]!],
        ],
      ],
      [
        'gru_1',
        [
          ['gru_1/gru_cell/kernel:0', gru![0]!],
          ['gru_1/gru_cell/recurrent_kernel:0', gru![1]!],
          ['gru_1/gru_cell/bias:0', gru![2]!],
        ],
      ],
      [
        'dense_1',
        [
          ['dense_1/kernel:0', dense![0]!],
          ['dense_1/bias:0', dense![1]!],
        ],
      ],
    ]);
    const model = await loadKerasModel(path);
    assert.equal((model.metadata.importedFrom as { kerasVersion: string }).kerasVersion, '2.10.0');
    assertSamePredictions(src, model, [8, 2]);
  });

  it('lists every unsupported layer and option in one error', async () => {
    const config = {
      class_name: 'Sequential',
      config: {
        name: 's',
        layers: [
          {
            class_name: 'Embedding',
            config: { name: 'embedding_1', input_dim: 10, output_dim: 4, batch_input_shape: [null, 5] },
          },
          {
            class_name: 'LSTM',
            config: { name: 'lstm_1', units: 4, recurrent_activation: 'hard_sigmoid', stateful: true },
          },
          { class_name: 'BatchNormalization', config: { name: 'bn' } },
          { class_name: 'Activation', config: { name: 'act', activation: 'sigmoid' } },
        ],
      },
    };
    const path = join(dir, 'bad.h5');
    await writeKeras2(path, config, []);
    await assert.rejects(loadKerasModel(path), (e: Error) => {
      assert.ok(e instanceof KerasImportError);
      for (const part of [
        "'lstm_1' \\(LSTM\\): recurrent_activation 'hard_sigmoid'",
        'stateful=true',
        'layer class BatchNormalization',
        'layer class Activation',
      ])
        assert.match(e.message, new RegExp(part));
      return true;
    });
  });

  it('clear errors for files that are not Keras models', async () => {
    await assert.rejects(loadKerasModel(join(dir, 'missing.keras')), /cannot read the file \(ENOENT\)/);
    await writeFile(join(dir, 'junk.keras'), 'hello');
    await assert.rejects(loadKerasModel(join(dir, 'junk.keras')), /neither a Keras 3 .keras archive/);
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { tensor, Tensor } from '../../src/autograd/tensor.js';
import { coreLayers as layers } from '../../src/layers/core.js';
import { EarlyStopping } from '../../src/model/callbacks/index.js';
import { sequential } from '../../src/model/sequential.js';
import { loadModel } from '../../src/model/serialization.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();
const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'seqlab-model-'));
  dirs.push(d);
  return d;
}
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Two Gaussian blobs in 4-D, centred at ±1 on every axis: linearly separable with margin. */
function blobs(n: number): { x: Tensor; y: Tensor } {
  const x = new Float32Array(n * 4);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    y[i] = label;
    for (let f = 0; f < 4; f++) x[i * 4 + f] = (label ? 1 : -1) + 0.5 * (rng.uniform() * 2 - 1);
  }
  return { x: new Tensor(x, [n, 4]), y: new Tensor(y, [n, 1]) };
}

function smallModel(seed = rng.seed) {
  const model = sequential(
    [
      layers.dense({ units: 8, activation: 'relu', inputShape: [4] }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
    { seed },
  );
  model.compile({
    optimizer: { name: 'adam', learningRate: 0.01 },
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

describe(`Sequential (seed ${rng.seed})`, () => {
  it('learns a separable binary task to accuracy ≥ 0.95 on held-out data', async () => {
    const train = blobs(400);
    const test = blobs(200);
    const model = smallModel();
    const history = await model.fit(train.x, train.y, {
      epochs: 15,
      batchSize: 32,
      verbose: 0,
      validationSplit: 0.2,
    });
    assert.equal(history.history.loss!.length, 15);
    assert.ok(history.history.val_loss!.length === 15);
    assert.ok(history.history.loss![14]! < history.history.loss![0]!);
    const { accuracy } = model.evaluate(test.x, test.y);
    assert.ok(accuracy! >= 0.95, `test accuracy ${accuracy}`);
  });

  it('is reproducible bit for bit with the same seed', async () => {
    const data = blobs(64);
    const run = async () => {
      const m = smallModel(1234);
      await m.fit(data.x, data.y, { epochs: 2, batchSize: 16, verbose: 0 });
      return m.predict(data.x).data;
    };
    assert.deepEqual(await run(), await run());
  });

  it('accepts nested arrays and { data, shape } objects', async () => {
    const model = smallModel();
    const x = [
      [1, 1, 1, 1],
      [-1, -1, -1, -1],
    ];
    const logs = model.trainOnBatch(x, [[1], [0]]);
    assert.ok(Number.isFinite(logs.loss));
    const p = model.predict({ data: new Float32Array([1, 1, 1, 1]), shape: [1, 4] });
    assert.deepEqual(p.shape, [1, 1]);
  });

  it('prints a Keras-style summary with parameter counts', () => {
    const text = smallModel().summary(null);
    assert.match(text, /Layer \(type\)/);
    assert.match(text, /dense.* \(Dense\) +│ \(None, 8\) +│ 40 /);
    assert.match(text, /Total params: 49 /);
  });

  it('saves and loads: identical predictions, and training resumes with the optimizer state', async () => {
    const data = blobs(64);
    const model = smallModel();
    await model.fit(data.x, data.y, { epochs: 2, verbose: 0 });
    model.metadata = { labels: ['neg', 'pos'] };
    const dir = await tempDir();
    await model.save(dir);
    const again = await loadModel(dir);
    assert.deepEqual(again.predict(data.x).data, model.predict(data.x).data);
    assert.deepEqual(again.metadata, { labels: ['neg', 'pos'] });
    await model.fit(data.x, data.y, { epochs: 1, verbose: 0, shuffle: false });
    await again.fit(data.x, data.y, { epochs: 1, verbose: 0, shuffle: false });
    assert.deepEqual(again.predict(data.x).data, model.predict(data.x).data);
  });

  it('refuses a truncated weights file, a damaged model.json and a newer format, naming the file', async () => {
    const dir = await tempDir();
    const model = smallModel();
    model.build([null, 4]);
    await model.save(dir);
    const weights = join(dir, 'weights.safetensors');
    const json = join(dir, 'model.json');
    const original = await readFile(json, 'utf8');
    await truncate(weights, 100);
    await assert.rejects(loadModel(dir), /weights\.safetensors: not a valid safetensors file: .*truncated/);
    await writeFile(json, original.slice(0, 50));
    await assert.rejects(loadModel(dir), /model\.json: not valid JSON/);
    await writeFile(json, original.replace('"formatVersion": 2', '"formatVersion": 99'));
    await assert.rejects(loadModel(dir), /format 99.*upgrade seqlab/);
    await assert.rejects(loadModel(join(dir, 'nope')), /not a model folder/);
  });

  it('EarlyStopping stops after `patience` epochs without improvement and restores the best weights', async () => {
    const data = blobs(64);
    const model = smallModel();
    const losses = [0.5, 0.4, 0.45, 0.46, 0.47, 0.3];
    let bestWeights: Tensor[] = [];
    const fake = {
      onEpochEnd: (epoch: number, logs: Record<string, number>) => {
        logs.val_loss = losses[epoch]!;
        if (epoch === 1) bestWeights = model.getWeights();
      },
    };
    const stopper = new EarlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
    const history = await model.fit(data.x, data.y, { epochs: 6, verbose: 0, callbacks: [fake, stopper] });
    assert.equal(history.epoch.length, 4); // epochs 0..3: no improvement at 2 and 3
    assert.equal(stopper.stoppedEpoch, 3);
    model.getWeights().forEach((w, i) => assert.deepEqual(w.data, bestWeights[i]!.data));
  });

  it('stops with an error naming the epoch and batch when the loss becomes NaN', async () => {
    const model = smallModel();
    const x = tensor([
      [1, 1, 1, 1],
      [NaN, 0, 0, 0],
    ]);
    await assert.rejects(
      model.fit(x, tensor([[1], [0]]), { epochs: 1, batchSize: 1, shuffle: false, verbose: 0 }),
      /loss became NaN at epoch 1, batch 2.*lower learning rate/,
    );
  });

  it('trains from an async iterable of batches (fitDataset)', async () => {
    const data = blobs(64);
    const model = smallModel();
    async function* batches() {
      for (let i = 0; i < 64; i += 16) {
        yield {
          xs: { data: data.x.data.slice(i * 4, (i + 16) * 4), shape: [16, 4] },
          ys: { data: data.y.data.slice(i, i + 16), shape: [16, 1] },
        };
      }
    }
    const history = await model.fitDataset(batches, { epochs: 3, verbose: 0 });
    assert.equal(history.epoch.length, 3);
  });

  it('gives clear errors for uncompiled models and mismatched x/y', async () => {
    const model = sequential([layers.dense({ units: 1 })]);
    await assert.rejects(model.fit(tensor([[1]]), tensor([[1]])), /compile the model first/);
    const compiled = smallModel();
    await assert.rejects(
      compiled.fit(tensor(rng.floats(8), [2, 4]), tensor([[1], [0], [1]])),
      /x has 2 samples .* y has 3/,
    );
  });
});

describe('saved preprocessing', () => {
  it('a loaded model predicts from raw rows through its saved Pipeline', async () => {
    const { Pipeline, SelectColumns, StandardScaler } = await import('../../src/data/index.js');
    const rows = Array.from({ length: 40 }, (_, i) => ({ a: i, b: 100 - 2 * i, label: i % 2 }));
    const pipeline = new Pipeline([new SelectColumns({ exclude: ['label'] }), new StandardScaler()]);
    const x = pipeline.fitTransform(rows) as { data: Float32Array; shape: number[] };
    const model = sequential([layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })], {
      seed: 3,
    });
    model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
    model.preprocessing = pipeline;
    const expected = model.predict(x).data;
    const dir = await tempDir();
    await model.save(dir);
    const loaded = await loadModel(dir);
    const raw = rows.map(({ a, b }) => ({ a, b }));
    const again = loaded.predict(
      loaded.preprocessing!.transform(raw) as { data: Float32Array; shape: number[] },
    );
    assert.deepEqual(again.data, expected);
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Tensor } from '../../../src/autograd/tensor.js';
import { layers } from '../../../src/layers/index.js';
import {
  callbacks,
  CSVLogger,
  ModelCheckpoint,
  ReduceLROnPlateau,
} from '../../../src/model/callbacks/index.js';
import { sequential } from '../../../src/model/sequential.js';
import { loadModel } from '../../../src/model/serialization.js';
import { seededRng } from '../../helpers/rng.js';

const rng = seededRng();
const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function setup() {
  const x = new Tensor(rng.floats(32 * 3), [32, 3]);
  const y = new Tensor(
    Float32Array.from({ length: 32 }, (_, i) => i % 2),
    [32, 1],
  );
  const model = sequential([layers.dense({ units: 1, activation: 'sigmoid', inputShape: [3] })], {
    seed: rng.seed,
  });
  model.compile({
    optimizer: { name: 'sgd', learningRate: 0.1 },
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  return { x, y, model };
}

/** Feeds a fixed val_loss sequence into the logs, as if a validation pass had produced it. */
const fakeValLoss = (values: number[]) => ({
  onEpochEnd: (epoch: number, logs: Record<string, number>) => {
    logs.val_loss = values[epoch]!;
  },
});

describe(`callbacks (seed ${rng.seed})`, () => {
  it('ModelCheckpoint with saveBestOnly saves only improving epochs, loadable, with no temp files left', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seqlab-ckpt-'));
    dirs.push(dir);
    const { x, y, model } = setup();
    const ckpt = new ModelCheckpoint({ filepath: join(dir, 'epoch-{epoch}'), saveBestOnly: true });
    await model.fit(x, y, { epochs: 4, verbose: 0, callbacks: [fakeValLoss([0.5, 0.6, 0.4, 0.45]), ckpt] });
    assert.deepEqual(
      ckpt.saved.map((p) => p.slice(dir.length + 1)),
      ['epoch-1', 'epoch-3'],
    );
    const files = await readdir(join(dir, 'epoch-3'));
    assert.deepEqual(files.sort(), ['model.json', 'optimizer.safetensors', 'weights.safetensors']);
    const loaded = await loadModel(join(dir, 'epoch-3'));
    assert.equal(loaded.countParams(), 4);
  });

  it('ReduceLROnPlateau multiplies the learning rate by factor after patience epochs', async () => {
    const { x, y, model } = setup();
    const plateau = new ReduceLROnPlateau({ factor: 0.5, patience: 2, minLr: 0.02 });
    const seen: number[] = [];
    const spy = { onEpochEnd: () => void seen.push(model.learningRate) };
    await model.fit(x, y, {
      epochs: 6,
      verbose: 0,
      callbacks: [fakeValLoss([1, 1, 1, 1, 1, 1]), plateau, spy],
    });
    assert.deepEqual(
      seen.map((v) => Math.round(v * 1000) / 1000),
      [0.1, 0.1, 0.05, 0.05, 0.025, 0.025],
    );
  });

  it('CSVLogger writes a header and one row per epoch', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seqlab-csv-'));
    dirs.push(dir);
    const { x, y, model } = setup();
    const file = join(dir, 'history.csv');
    await model.fit(x, y, { epochs: 3, verbose: 0, callbacks: [new CSVLogger({ filename: file })] });
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    assert.equal(lines[0], 'epoch,accuracy,loss');
    assert.equal(lines.length, 4);
    assert.match(lines[3]!, /^2,[0-9.]+,[0-9.]+$/);
  });

  it('a custom callback can stop training after the current batch', async () => {
    const { x, y, model } = setup();
    let batches = 0;
    const stopper = {
      onBatchEnd: () => {
        batches++;
        if (batches === 3) model.stopTraining = true;
      },
    };
    const history = await model.fit(x, y, { epochs: 5, batchSize: 4, verbose: 0, callbacks: [stopper] });
    assert.equal(batches, 3);
    assert.equal(history.epoch.length, 1);
  });

  it('SwapEMAWeights validates, and fit ends, with the weight averages', async () => {
    // emaMomentum 1 keeps the average at the weights after the first step (Keras uses momentum 0 there);
    // with one full batch per epoch that is the model after one epoch of plain training.
    const x = new Tensor(rng.floats(40 * 3), [40, 3]);
    const y = new Tensor(
      Float32Array.from({ length: 40 }, (_, i) => i % 2),
      [40, 1],
    );
    const val: [Tensor, Tensor] = [
      new Tensor(rng.floats(10 * 3), [10, 3]),
      new Tensor(new Float32Array(10).fill(1), [10, 1]),
    ];
    const make = (useEma: boolean) => {
      const m = sequential([layers.dense({ units: 1, activation: 'sigmoid', inputShape: [3] })], {
        seed: rng.seed,
      });
      m.compile({
        optimizer: { name: 'adam', learningRate: 0.1, useEma, emaMomentum: 1 },
        loss: 'binaryCrossentropy',
      });
      return m;
    };
    const plain = make(false);
    const h1 = await plain.fit(x, y, {
      epochs: 1,
      batchSize: 40,
      shuffle: false,
      verbose: 0,
      validationData: val,
    });
    const averaged = make(true);
    const h3 = await averaged.fit(x, y, {
      epochs: 3,
      batchSize: 40,
      shuffle: false,
      verbose: 0,
      validationData: val,
      callbacks: [callbacks.swapEmaWeights()],
    });
    const l1 = h1.history.val_loss![0]!;
    assert.deepEqual(h3.history.val_loss, [l1, l1, l1]);
    assert.notEqual(h3.history.loss![2], h3.history.loss![1], 'the trained weights moved on');
    assert.deepEqual(
      averaged.getWeights().map((w) => Array.from(w.floats())),
      plain.getWeights().map((w) => Array.from(w.floats())),
    );
    await assert.rejects(
      plain.fit(x, y, { verbose: 0, callbacks: [callbacks.swapEmaWeights()] }),
      /useEma: true/,
    );
  });
});

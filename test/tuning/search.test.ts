import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRng } from '../helpers/rng.js';
import {
  fromInternal,
  parseParam,
  parseSpace,
  SearchSpaceError,
  type Param,
} from '../../src/tuning/space.js';
import { RandomSampler, TpeSampler, type Observation, type Sampler } from '../../src/tuning/samplers.js';
import { defaultTuneBlock } from '../../src/tuning/default-search.js';
import { AshaPruner, comparedTrials, MedianPruner } from '../../src/tuning/pruners.js';
import { parseTuneSpec } from '../../src/tuning/spec.js';
import { cvFolds } from '../../src/experiments/cross-validate.js';

const base = (): Record<string, unknown> => ({
  data: { source: 'demo:tabular', type: 'table', label: 'y' },
  model: {
    layers: [
      { type: 'dense', units: 8, activation: 'relu' },
      { type: 'dense', units: 1, activation: 'sigmoid' },
    ],
  },
  compile: { optimizer: 'adam' },
  training: { epochs: 3, validationSplit: 0.2 },
});

test('distributions map onto their ranges (ints on the grid, logs positive, choices by index)', () => {
  const rng = seededRng();
  const int = parseParam('a', { int: [16, 128], log: true });
  const step = parseParam('b', { int: [10, 50], step: 10 });
  const lr = parseParam('c', { loguniform: [1e-4, 3e-3] });
  const ch = parseParam('d', { choice: [100, 200, 400] });
  for (let i = 0; i < 500; i++) {
    const u = rng.uniform();
    const a = fromInternal(int, int.low + u * (int.high - int.low)) as number;
    assert.ok(Number.isInteger(a) && a >= 16 && a <= 128, `seed ${rng.seed}: ${a}`);
    const b = fromInternal(step, step.low + u * (step.high - step.low)) as number;
    assert.ok([10, 20, 30, 40, 50].includes(b), `seed ${rng.seed}: ${b}`);
    const c = fromInternal(lr, lr.low + u * (lr.high - lr.low)) as number;
    assert.ok(c >= 1e-4 * (1 - 1e-12) && c <= 3e-3 * (1 + 1e-12), `seed ${rng.seed}: ${c}`);
    assert.ok([100, 200, 400].includes(fromInternal(ch, ch.low + u * (ch.high - ch.low)) as number));
  }
  // The ends are reachable: a log int range of [16, 128] hits both 16 and 128.
  assert.equal(fromInternal(int, int.low), 16);
  assert.equal(fromInternal(int, int.high), 128);
});

test('bad ranges and paths are refused before any trial, naming the key', () => {
  assert.throws(
    () => parseParam('model.layers[0].units', { int: [64, 16] }),
    /model\.layers\[0\]\.units.*low 64 is above high 16/,
  );
  assert.throws(() => parseParam('x', { int: [1.2, 1.8] }), /no integer \(no valid point\)/);
  assert.throws(() => parseParam('x', { loguniform: [0, 1] }), /log range needs low > 0/);
  assert.throws(() => parseParam('x', { choice: [] }), /non-empty list/);
  assert.throws(() => parseSpace({}), /empty/);
  const raw = base();
  raw.tune = { search: { 'model.layers[5].units': { int: [4, 8] } } };
  assert.throws(
    () => parseTuneSpec(raw),
    (e: Error) =>
      e instanceof SearchSpaceError &&
      /model\.layers\[5\]\.units/.test(e.message) &&
      /2 entries/.test(e.message),
  );
  raw.tune = { search: { 'training.epoch': { int: [1, 3] } } };
  assert.throws(() => parseTuneSpec(raw), /training\.epoch.*unknown key 'epoch'/s);
  raw.tune = { search: { 'training.validationSplit': { uniform: [0.1, 1.5] } } };
  assert.throws(() => parseTuneSpec(raw), /validationSplit' = 1\.5 makes the config invalid/);
  raw.tune = { search: { 'training.batchSize': { choice: [16, 32] } }, objective: { metric: 'loss' } };
  assert.throws(() => parseTuneSpec(raw), /scored on the training rows/);
  // A string optimizer becomes { name } when its learning rate is searched.
  raw.tune = { search: { 'compile.optimizer.learningRate': { loguniform: [1e-4, 1e-2] } } };
  const spec = parseTuneSpec(raw);
  assert.equal(spec.objective.direction, 'minimize');
  assert.equal(spec.sampler, 'tpe');
});

/** A smooth synthetic objective with its optimum at lr = 10^-2.5, units = 40, choice 'b'. */
function synthetic(p: Record<string, unknown>): number {
  const lr = Math.log10(p.lr as number) + 2.5;
  const u = ((p.units as number) - 40) / 40;
  return lr * lr + u * u + (p.act === 'b' ? 0 : 0.5);
}

function bestAfter(sampler: Sampler, space: Param[], n: number): number {
  const history: Observation[] = [];
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const params = sampler.sample(space, history, i);
    const loss = synthetic(params);
    best = Math.min(best, loss);
    history.push({ params, loss, state: 'complete' });
  }
  return best;
}

test('TPE finds a better optimum than random search on a known function (over seeds)', () => {
  const rng = seededRng();
  const space = parseSpace({
    lr: { loguniform: [1e-5, 1] },
    units: { int: [1, 256] },
    act: { choice: ['a', 'b', 'c', 'd'] },
  });
  let tpeWins = 0;
  let tpeSum = 0;
  let rndSum = 0;
  // Measured over 200 batches of 24 seeds: the TPE/random ratio of mean bests ran 0.36–0.97 (median 0.61)
  // and TPE won 11–24 of the 24; the bounds below hold for every batch, so the test checks direction, not luck.
  const seeds = 24;
  for (let s = 0; s < seeds; s++) {
    const seed = rng.int(0, 1e6);
    const t = bestAfter(new TpeSampler(seed), space, 40);
    const r = bestAfter(new RandomSampler(seed), space, 40);
    tpeSum += t;
    rndSum += r;
    if (t < r) tpeWins++;
  }
  assert.ok(tpeSum < rndSum, `seed ${rng.seed}: mean best TPE ${tpeSum / seeds} vs random ${rndSum / seeds}`);
  assert.ok(tpeWins >= 10, `seed ${rng.seed}: TPE better on ${tpeWins} of ${seeds} seeds`);
});

test('samplers are reproducible: the same seed and history give the same proposal', () => {
  const space = parseSpace({ lr: { loguniform: [1e-5, 1] }, units: { int: [1, 256] } });
  const a = new TpeSampler(7, { startup: 3 });
  const b = new TpeSampler(7, { startup: 3 });
  const history: Observation[] = [];
  for (let i = 0; i < 12; i++) {
    const pa = a.sample(space, history, i);
    assert.deepEqual(b.sample(space, history, i), pa);
    history.push({ params: pa, loss: synthetic({ ...pa, act: 'b' }), state: 'complete' });
  }
});

test('TPE leaves its random start after `startup` finished trials, pruned ones included (as Optuna counts them)', () => {
  const space = parseSpace({ lr: { loguniform: [1e-5, 1] } });
  const random = new RandomSampler(3);
  const tpe = new TpeSampler(3, { startup: 4 });
  const obs = (lr: number, state: 'complete' | 'pruned'): Observation => ({
    params: { lr },
    loss: state === 'pruned' ? Infinity : Math.abs(Math.log10(lr) + 2),
    state,
  });
  const history = [obs(0.01, 'complete'), obs(1e-5, 'pruned'), obs(0.5, 'pruned')];
  assert.deepEqual(tpe.sample(space, history, 3), random.sample(space, history, 3), 'three finished: random');
  history.push(obs(2e-5, 'pruned'));
  assert.notDeepEqual(tpe.sample(space, history, 4), random.sample(space, history, 4), 'four finished: TPE');
  const allPruned = history.map((h) => ({ ...h, state: 'pruned' as const, loss: Infinity }));
  assert.deepEqual(
    tpe.sample(space, allPruned, 4),
    random.sample(space, allPruned, 4),
    'nothing completed: random',
  );
});

test('the median pruner compares with completed trials, successive halving with pruned ones too', () => {
  const trials = [
    { n: 0, state: 'complete' },
    { n: 1, state: 'pruned' },
    { n: 2, state: 'failed' },
    { n: 3, state: 'complete' },
  ];
  assert.deepEqual(
    comparedTrials('median', trials).map((t) => t.n),
    [0, 3],
  );
  assert.deepEqual(
    comparedTrials('asha', trials).map((t) => t.n),
    [0, 1, 3],
  );
});

test('median pruner on hand-made curves', () => {
  const p = new MedianPruner({ startup: 3, warmup: 1 });
  const others = [
    [1.0, 0.8, 0.6],
    [0.9, 0.7, 0.5],
    [1.1, 0.9, 0.7],
  ];
  // step 0 is warm-up: never pruned
  assert.equal(p.shouldPrune([5], others), false);
  // best so far at step 1: 0.85 vs median of others' best so far (0.8, 0.7, 0.9) = 0.8 → prune
  assert.equal(p.shouldPrune([1.0, 0.85], others), true);
  // 0.75 ≤ 0.8 → go on
  assert.equal(p.shouldPrune([1.0, 0.75], others), false);
  // fewer than 3 trials reached step 2 → no decision
  assert.equal(p.shouldPrune([1, 1, 1], others.slice(0, 2)), false);
  // Optuna's defaults: no warm-up, 5 trials to compare with.
  const optuna = new MedianPruner();
  assert.equal(optuna.shouldPrune([5], others), false, 'only 3 trials reached step 0');
  assert.equal(optuna.shouldPrune([5], [...others, [0.8], [0.9]]), true, 'step 0: 5 > median 0.9');
  assert.equal(optuna.shouldPrune([0.85], [...others, [0.8], [0.9]]), false);
});

test('ASHA keeps the best 1/η at each rung (rungs at 1, 3, 9 epochs for r = 1, η = 3)', () => {
  const p = new AshaPruner({ minResource: 1, reductionFactor: 3 });
  assert.deepEqual(
    [1, 2, 3, 4, 9, 10, 27].map((e) => p.isRung(e)),
    [true, false, true, false, true, false, true],
  );
  const others = [[0.5], [0.6], [0.7], [0.8], [0.9]]; // with self n = 6 → keep ⌊6/3⌋ = 2
  assert.equal(p.shouldPrune([0.55], others), false); // 2nd best
  assert.equal(p.shouldPrune([0.65], others), true); // 3rd
  assert.equal(p.shouldPrune([0.65, 0.1], others), false); // epoch 2 is not a rung
  assert.equal(p.shouldPrune([9], []), false); // alone at the rung: it is the best
});

test('cross-validation folds: a partition, sizes within one, classes stratified', () => {
  const rng = seededRng();
  const n = 50 + rng.int(0, 100);
  const k = 2 + rng.int(0, 6);
  const classes = Int32Array.from({ length: n }, () => (rng.uniform() < 0.3 ? 1 : 0));
  const folds = cvFolds(n, k, rng.seed, classes);
  const sizes = new Array<number>(k).fill(0);
  const pos = new Array<number>(k).fill(0);
  folds.forEach((f, i) => {
    sizes[f]!++;
    pos[f]! += classes[i]!;
  });
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `seed ${rng.seed}: ${sizes}`);
  assert.ok(Math.max(...pos) - Math.min(...pos) <= 1, `seed ${rng.seed}: positives per fold ${pos}`);
  assert.throws(() => cvFolds(3, 5, 0), /2 ≤ folds ≤ 3/);
});

test('the default search: a bidirectional layer searches its inner units; no validation and no backtest is refused', () => {
  const raw = {
    data: { source: 'demo:text', type: 'text', text: 'text', label: 'label' },
    model: {
      layers: [
        { type: 'embedding', outputDim: 32 },
        { type: 'bidirectional', layer: { type: 'gru', units: 16 } },
        { type: 'dense', units: 1, activation: 'sigmoid' },
      ],
    },
    compile: { optimizer: 'rmsprop', loss: 'binaryCrossentropy' },
    training: { epochs: 2, batchSize: 32, validationSplit: 0.2 },
  };
  const block = defaultTuneBlock(raw);
  assert.deepEqual(block.search, {
    'model.layers[1].layer.units': { int: [4, 64], log: true },
    'compile.optimizer.learningRate': { loguniform: [0.0001, 0.01] },
    'training.batchSize': { choice: [16, 32, 64] },
  });
  assert.deepEqual(block.objective, { metric: 'val_loss' });
  assert.doesNotThrow(() => parseTuneSpec({ ...raw, tune: block }));
  assert.throws(
    () => defaultTuneBlock({ ...raw, training: { epochs: 2 } }),
    /no tune block, and nothing to score a trial on without the test split: set training\.validationSplit/,
  );
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tensor } from '../../src/autograd/tensor.js';
import { auc, getMetric, resolveMetric, rocAucScore } from '../../src/metrics/index.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();
const near = (a: number, b: number, what = '', tol = 1e-12): void =>
  assert.ok(Math.abs(a - b) <= tol, `${what} (seed ${rng.seed}): ${a} vs ${b}`);

describe('accuracy', () => {
  it('binary: prediction > 0.5 equals the label; weighted mean over batches; reset', () => {
    const m = getMetric('accuracy', 'binaryCrossentropy');
    assert.equal(m.name, 'accuracy');
    m.update(tensor([[1], [0], [1], [0]]), tensor([[0.8], [0.6], [0.5], [0.1]]));
    near(m.result(), 0.5);
    m.update(tensor([1, 1]), tensor([[0.9], [0.7]]));
    near(m.result(), 4 / 6);
    m.reset();
    m.update(tensor([1, 0]), tensor([0.9, 0.7]), tensor([3, 1]));
    near(m.result(), 0.75);
  });
  it('categorical (argmax against one-hot) and sparse (argmax against ids)', () => {
    const probs = tensor([
      [0.1, 0.7, 0.2],
      [0.5, 0.3, 0.2],
      [0.2, 0.2, 0.6],
    ]);
    const c = getMetric('acc', 'categorical_crossentropy');
    c.update(
      tensor([
        [0, 1, 0],
        [0, 0, 1],
        [0, 0, 1],
      ]),
      probs,
    );
    near(c.result(), 2 / 3);
    assert.equal(c.name, 'acc');
    const s = resolveMetric('accuracy', 'sparseCategoricalCrossentropy');
    s.update(tensor(new Int32Array([1, 0, 0])), probs);
    near(s.result(), 2 / 3);
    assert.throws(() => s.update(tensor([1, 0]), probs), /one class id per row/);
  });
  it('picks the variant from the shapes when the loss does not tell (Keras 3)', () => {
    const bin = getMetric('accuracy', 'mse');
    bin.update(tensor([[1], [0]]), tensor([[0.9], [0.2]]));
    near(bin.result(), 1);
    const sparse = getMetric('accuracy', null);
    sparse.update(
      tensor([[2], [0]]),
      tensor([
        [0.1, 0.2, 0.7],
        [0.1, 0.8, 0.1],
      ]),
    );
    near(sparse.result(), 0.5);
    const cat = getMetric('accuracy');
    cat.update(
      tensor([
        [0, 0, 1],
        [1, 0, 0],
      ]),
      tensor([
        [0.1, 0.2, 0.7],
        [0.1, 0.8, 0.1],
      ]),
    );
    near(cat.result(), 0.5);
  });
});

describe('precision and recall (threshold 0.5)', () => {
  it('count weighted true/false positives over all values', () => {
    const yTrue = tensor([[1], [1], [0], [0], [1]]);
    const yPred = tensor([[0.9], [0.4], [0.7], [0.2], [0.6]]);
    const p = getMetric('precision');
    const r = getMetric('recall');
    p.update(yTrue, yPred);
    r.update(yTrue, yPred);
    near(p.result(), 2 / 3); // tp 2, fp 1
    near(r.result(), 2 / 3); // tp 2, fn 1
    p.reset();
    p.update(yTrue, yPred, tensor([1, 1, 2, 1, 1]));
    near(p.result(), 2 / 4);
    p.reset();
    near(p.result(), 0);
  });
});

describe('regression metrics', () => {
  it('mse, mae and rmse per row then weighted mean', () => {
    const yTrue = tensor([
      [1, 2],
      [3, 4],
    ]);
    const yPred = tensor([
      [1, 4],
      [2, 4],
    ]);
    const mse = getMetric('mse');
    const mae = getMetric('mean_absolute_error');
    const rmse = getMetric('rmse');
    for (const m of [mse, mae, rmse]) m.update(yTrue, yPred, tensor([1, 3]));
    near(mse.result(), (1 * 2 + 3 * 0.5) / 4);
    near(mae.result(), (1 * 1 + 3 * 0.5) / 4);
    near(rmse.result(), Math.sqrt((1 * 2 + 3 * 0.5) / 4));
    assert.equal(mae.name, 'mean_absolute_error');
  });
});

describe('auc', () => {
  it('Keras’s 200-threshold approximation is close to the exact area; exact equals sklearn', () => {
    const n = 400;
    const labels = Float32Array.from({ length: n }, () => (rng.uniform() < 0.4 ? 1 : 0));
    const scores = Float32Array.from(labels, (y) => Math.min(1, Math.max(0, 0.3 * y + 0.7 * rng.uniform())));
    const exact = rocAucScore(labels, scores);
    const approx = getMetric('auc');
    const precise = auc({ exact: true });
    for (let b = 0; b < n; b += 100) {
      const yt = tensor(labels.subarray(b, b + 100), [100, 1]);
      const yp = tensor(scores.subarray(b, b + 100), [100, 1]);
      approx.update(yt, yp);
      precise.update(yt, yp);
    }
    near(precise.result(), exact, 'exact', 1e-12);
    near(approx.result(), exact, 'approx', 5e-3);
  });
  it('separable scores give 1, and the Keras thresholds agree with a hand count', () => {
    const m = auc({ numThresholds: 3 }); // thresholds −ε, 0.5, 1+ε
    m.update(tensor([0, 0, 1, 1]), tensor([0.1, 0.4, 0.35, 0.8]));
    // at 0.5: tpr 0.5, fpr 0 → area = trapezoids (1→0, 1→0.5) + (0→0, 0.5→0): 1·0.75 = 0.75
    near(m.result(), 0.75);
    const s = auc();
    s.update(tensor([0, 1]), tensor([0.2, 0.9]));
    near(s.result(), 1);
  });
});

describe('getMetric', () => {
  it('lists valid names for an unknown one', () => {
    assert.throws(() => getMetric('f1'), /unknown metric 'f1'; valid names: accuracy, acc, .*rmse/);
  });
});

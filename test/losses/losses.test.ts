import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { setBackend } from '../../src/backend/select.js';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import { sigmoid, softmax } from '../../src/autograd/ops/index.js';
import { Tensor, tensor, variable } from '../../src/autograd/tensor.js';
import {
  binaryCrossentropy,
  categoricalCrossentropy,
  computeLoss,
  getLoss,
  huber,
  meanAbsoluteError,
  meanSquaredError,
  pinball,
  sparseCategoricalCrossentropy,
  type Loss,
} from '../../src/losses/index.js';
import { ShapeError } from '../../src/errors.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();
const label = (s: string): string => `${s} (seed ${rng.seed})`;
const B = 5;
const C = 4;
const EPS = 1e-7;

const f64 = (values: Float64Array, shape: number[]): Tensor => tensor(values, shape, 'float64');
const near = (a: number, b: number, what: string, tol = 1e-12): void =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${label(what)}: ${a} vs ${b}`);

/** Mean over the batch of a per-row float64 formula: Keras's sum_over_batch_size without weights. */
function batchMean(rows: number, f: (r: number) => number): number {
  let s = 0;
  for (let r = 0; r < rows; r++) s += f(r);
  return s / rows;
}

const clipP = (p: number): number => Math.min(1 - EPS, Math.max(EPS, p));
const sig = (x: number): number => 1 / (1 + Math.exp(-x));

describe('loss values match float64 formulas', () => {
  before(() => setBackend('reference'));

  it('binaryCrossentropy (probabilities, label smoothing, logits), per-sample mean over the last axis', () => {
    const yt = rng.doubles(B * 2, 0, 1).map((v) => (v > 0.5 ? 1 : 0));
    const logits = rng.doubles(B * 2, -4, 4);
    const probs = logits.map(sig);
    for (const ls of [0, 0.2]) {
      const expected = batchMean(B, (r) => {
        let s = 0;
        for (let c = 0; c < 2; c++) {
          const z = yt[r * 2 + c]! * (1 - ls) + 0.5 * ls;
          const p = clipP(probs[r * 2 + c]!);
          s += -(z * Math.log(p) + (1 - z) * Math.log(1 - p));
        }
        return s / 2;
      });
      const got = computeLoss(
        binaryCrossentropy({ labelSmoothing: ls }),
        f64(yt, [B, 2]),
        f64(probs, [B, 2]),
      );
      near(got.item(), expected, `bce ls=${ls}`);
      const fromLogits = computeLoss(
        binaryCrossentropy({ labelSmoothing: ls, fromLogits: true }),
        f64(yt, [B, 2]),
        f64(logits, [B, 2]),
      );
      near(fromLogits.item(), expected, `bce logits ls=${ls}`, 1e-9);
    }
  });

  it('binaryCrossentropy with posWeight (PyTorch pos_weight): −(w·y·log p + (1−y)·log(1−p)), from logits too', () => {
    const K = 3;
    const yt = rng.doubles(B * K, 0, 1).map((v) => (v > 0.5 ? 1 : 0));
    const logits = rng.doubles(B * K, -4, 4);
    const probs = logits.map(sig);
    const w = Array.from(rng.doubles(K, 0.5, 20));
    const expected = batchMean(B, (r) => {
      let s = 0;
      for (let c = 0; c < K; c++) {
        const y = yt[r * K + c]!;
        const p = clipP(probs[r * K + c]!);
        s += -(w[c]! * y * Math.log(p) + (1 - y) * Math.log(1 - p));
      }
      return s / K;
    });
    const loss = binaryCrossentropy({ posWeight: w });
    near(computeLoss(loss, f64(yt, [B, K]), f64(probs, [B, K])).item(), expected, 'bce posWeight');
    const fromLogits = binaryCrossentropy({ posWeight: w, fromLogits: true });
    near(
      computeLoss(fromLogits, f64(yt, [B, K]), f64(logits, [B, K])).item(),
      expected,
      'bce posWeight logits',
      1e-9,
    );
    assert.deepEqual(loss.getConfig(), {
      name: 'binaryCrossentropy',
      fromLogits: false,
      labelSmoothing: 0,
      posWeight: w,
    });
    assert.throws(
      () => computeLoss(binaryCrossentropy({ posWeight: [1, 2] }), f64(yt, [B, K]), f64(probs, [B, K])),
      /posWeight has 2 weight\(s\) but the predictions \[5, 3\] have 3 column\(s\)/,
    );
    assert.throws(() => binaryCrossentropy({ posWeight: [1, -2] }), /posWeight must hold positive numbers/);
  });

  it('binaryCrossentropy clips probabilities at 1e-7 and is stable for large logits', () => {
    const got = computeLoss(
      binaryCrossentropy(),
      f64(new Float64Array([1, 0]), [2, 1]),
      f64(new Float64Array([0, 1]), [2, 1]),
    );
    near(got.item(), -Math.log(EPS), 'bce clip', 1e-6);
    const big = computeLoss(
      binaryCrossentropy({ fromLogits: true }),
      f64(new Float64Array([1, 0]), [2, 1]),
      f64(new Float64Array([-200, 300]), [2, 1]),
    );
    near(big.item(), 250, 'bce big logits');
  });

  it('categoricalCrossentropy (normalised, clipped probabilities; smoothing; logits)', () => {
    const ids = rng.ints(B, 0, C);
    const oneHot = new Float64Array(B * C);
    ids.forEach((id, r) => (oneHot[r * C + id] = 1));
    const logits = rng.doubles(B * C, -3, 3);
    const raw = rng.doubles(B * C, 0.05, 1); // unnormalised "probabilities": Keras divides by the row sum
    for (const ls of [0, 0.1]) {
      const z = (r: number, c: number): number => oneHot[r * C + c]! * (1 - ls) + ls / C;
      const expectedRaw = batchMean(B, (r) => {
        let total = 0;
        for (let c = 0; c < C; c++) total += raw[r * C + c]!;
        let s = 0;
        for (let c = 0; c < C; c++) s -= z(r, c) * Math.log(clipP(raw[r * C + c]! / total));
        return s;
      });
      near(
        computeLoss(
          categoricalCrossentropy({ labelSmoothing: ls }),
          f64(oneHot, [B, C]),
          f64(raw, [B, C]),
        ).item(),
        expectedRaw,
        `cce ls=${ls}`,
      );
      const expectedLogits = batchMean(B, (r) => {
        let m = -Infinity;
        for (let c = 0; c < C; c++) m = Math.max(m, logits[r * C + c]!);
        let lse = 0;
        for (let c = 0; c < C; c++) lse += Math.exp(logits[r * C + c]! - m);
        lse = m + Math.log(lse);
        let s = 0;
        for (let c = 0; c < C; c++) s -= z(r, c) * (logits[r * C + c]! - lse);
        return s;
      });
      const l = computeLoss(
        categoricalCrossentropy({ labelSmoothing: ls, fromLogits: true }),
        f64(oneHot, [B, C]),
        f64(logits, [B, C]),
      );
      near(l.item(), expectedLogits, `cce logits ls=${ls}`);
      const viaProbs = computeLoss(
        categoricalCrossentropy({ labelSmoothing: ls }),
        f64(oneHot, [B, C]),
        softmax(f64(logits, [B, C])),
      );
      near(viaProbs.item(), expectedLogits, `cce probs = logits ls=${ls}`, 1e-9);
    }
  });

  it('sparseCategoricalCrossentropy equals the one-hot loss, for int32 and float ids of shape (B,) or (B, 1)', () => {
    const ids = rng.ints(B, 0, C);
    const oneHot = new Float64Array(B * C);
    ids.forEach((id, r) => (oneHot[r * C + id] = 1));
    const logits = f64(rng.doubles(B * C, -3, 3), [B, C]);
    for (const fromLogits of [false, true]) {
      const pred = fromLogits ? logits : softmax(logits);
      const dense = computeLoss(categoricalCrossentropy({ fromLogits }), f64(oneHot, [B, C]), pred).item();
      for (const yt of [
        tensor(ids),
        tensor(ids, [B, 1]),
        tensor(Float64Array.from(ids), [B], 'float64'),
        tensor(Float32Array.from(ids), [B, 1]),
      ]) {
        near(
          computeLoss(sparseCategoricalCrossentropy({ fromLogits }), yt, pred).item(),
          dense,
          `scce ${yt}`,
        );
      }
    }
    assert.throws(
      () =>
        computeLoss(
          sparseCategoricalCrossentropy(),
          tensor(new Int32Array([0, C])),
          f64(new Float64Array(2 * C).fill(0.25), [2, C]),
        ),
      /class id 4 at position 1 is not an integer in \[0, 4\)/,
    );
  });

  it('meanSquaredError, meanAbsoluteError, huber', () => {
    const yt = rng.doubles(B * 3, -2, 2);
    const yp = rng.doubles(B * 3, -2, 2);
    const per = (f: (e: number) => number): number =>
      batchMean(B, (r) => [0, 1, 2].reduce((s, c) => s + f(yp[r * 3 + c]! - yt[r * 3 + c]!), 0) / 3);
    const run = (loss: Loss): number => computeLoss(loss, f64(yt, [B, 3]), f64(yp, [B, 3])).item();
    near(
      run(meanSquaredError()),
      per((e) => e * e),
      'mse',
    );
    near(
      run(meanAbsoluteError()),
      per((e) => Math.abs(e)),
      'mae',
    );
    for (const delta of [1, 0.5]) {
      const h = (e: number): number =>
        Math.abs(e) <= delta ? 0.5 * e * e : delta * Math.abs(e) - 0.5 * delta * delta;
      near(run(huber({ delta })), per(h), `huber ${delta}`);
    }
  });

  it('sample weights: Σ w·l / B, with weights (B,) against per-sample (B, T) values too', () => {
    const yt = rng.doubles(B, -1, 1);
    const yp = rng.doubles(B, -1, 1);
    const w = rng.doubles(B, 0, 2);
    const expected = batchMean(B, (r) => w[r]! * (yp[r]! - yt[r]!) ** 2);
    near(
      computeLoss(meanSquaredError(), f64(yt, [B]), f64(yp, [B, 1]), f64(w, [B])).item(),
      expected,
      'weighted mse',
    );
    near(
      computeLoss(meanSquaredError(), f64(yt, [B, 1]), f64(yp, [B]), f64(w, [B, 1])).item(),
      expected,
      'weighted mse (B,1)',
    );
    const T = 3;
    const yt3 = rng.doubles(B * T * 2);
    const yp3 = rng.doubles(B * T * 2);
    let s = 0;
    for (let r = 0; r < B; r++)
      for (let t = 0; t < T; t++) {
        const k = (r * T + t) * 2;
        s += (w[r]! * ((yp3[k]! - yt3[k]!) ** 2 + (yp3[k + 1]! - yt3[k + 1]!) ** 2)) / 2;
      }
    near(
      computeLoss(meanSquaredError(), f64(yt3, [B, T, 2]), f64(yp3, [B, T, 2]), f64(w, [B])).item(),
      s / (B * T),
      'weighted (B,T)',
    );
  });

  it('refuses mismatched shapes, naming the loss and both shapes', () => {
    const err = (f: () => unknown, re: RegExp): void =>
      assert.throws(f, (e: unknown) => e instanceof ShapeError && re.test((e as Error).message));
    err(
      () => computeLoss(meanSquaredError(), tensor([[1, 2, 3]]), tensor([[1, 2]])),
      /meanSquaredError: yTrue shape \[1, 3\] does not match yPred shape \[1, 2\]/,
    );
    err(
      () => computeLoss(categoricalCrossentropy(), tensor([0, 1]), tensor([[0.5, 0.5]])),
      /categoricalCrossentropy: yTrue shape \[2\]/,
    );
    err(
      () => computeLoss(sparseCategoricalCrossentropy(), tensor([[0, 1]]), tensor([[0.5, 0.5]])),
      /sparseCategoricalCrossentropy: yTrue shape \[1, 2\]/,
    );
  });
});

describe('loss gradients match finite differences (float64)', () => {
  before(() => setBackend('reference'));
  const check = (
    name: string,
    loss: Loss,
    yt: Tensor,
    pred: () => Tensor,
    transform = (p: Tensor): Tensor => p,
  ): void => {
    const p = pred();
    const { maxRelativeError } = gradcheck((x) => computeLoss(loss, yt, transform(x)), [p]);
    assert.ok(maxRelativeError < 1e-6, `${label(name)}: ${maxRelativeError}`);
  };
  const v =
    (n: number, shape: number[], lo: number, hi: number): (() => Tensor) =>
    () =>
      variable(f64(rng.doubles(n, lo, hi), shape));
  const bin = f64(
    rng.doubles(B, 0, 1).map((x) => (x > 0.5 ? 1 : 0)),
    [B, 1],
  );
  const ids = rng.ints(B, 0, C);
  const oneHot = f64(
    new Float64Array(B * C).map((_, i) => (ids[Math.floor(i / C)] === i % C ? 1 : 0)),
    [B, C],
  );
  it('binaryCrossentropy', () => {
    check('bce', binaryCrossentropy({ labelSmoothing: 0.1 }), bin, v(B, [B, 1], 0.05, 0.95));
    check('bce logits', binaryCrossentropy({ fromLogits: true }), bin, v(B, [B, 1], -3, 3));
    check('bce via sigmoid', binaryCrossentropy(), bin, v(B, [B, 1], -3, 3), sigmoid);
    const multi = f64(
      rng.doubles(B * 3, 0, 1).map((x) => (x > 0.5 ? 1 : 0)),
      [B, 3],
    );
    const w = Array.from(rng.doubles(3, 0.5, 10));
    check('bce posWeight', binaryCrossentropy({ posWeight: w }), multi, v(B * 3, [B, 3], 0.05, 0.95));
    check(
      'bce posWeight logits',
      binaryCrossentropy({ posWeight: w, fromLogits: true }),
      multi,
      v(B * 3, [B, 3], -3, 3),
    );
  });
  it('categorical and sparse categorical', () => {
    check('cce', categoricalCrossentropy({ labelSmoothing: 0.1 }), oneHot, v(B * C, [B, C], 0.1, 1));
    check('cce logits', categoricalCrossentropy({ fromLogits: true }), oneHot, v(B * C, [B, C], -3, 3));
    check('scce', sparseCategoricalCrossentropy(), tensor(ids), v(B * C, [B, C], -3, 3), softmax);
  });
  it('regression losses', () => {
    const yt = f64(rng.doubles(B * 2, -1, 1), [B, 2]);
    check('mse', meanSquaredError(), yt, v(B * 2, [B, 2], -1, 1));
    // Away from the kinks (|e| = 0 and |e| = delta) so finite differences are valid.
    const far = (): Tensor =>
      variable(
        f64(yt.data.map((t, i) => t + (i % 2 ? 1 : -1) * (0.1 + 0.3 * rng.uniform())) as Float64Array, [
          B,
          2,
        ]),
      );
    check('mae', meanAbsoluteError(), yt, far);
    check('huber', huber({ delta: 0.25 }), yt, far);
  });
});

describe('getLoss', () => {
  it('accepts camelCase, snake_case, aliases, configs, losses and functions', () => {
    assert.equal(getLoss('binaryCrossentropy').name, 'binaryCrossentropy');
    assert.equal(getLoss('binary_crossentropy').name, 'binaryCrossentropy');
    assert.equal(getLoss('sparse_categorical_crossentropy').name, 'sparseCategoricalCrossentropy');
    assert.equal(getLoss('mse').name, 'meanSquaredError');
    assert.equal(getLoss('mean_absolute_error').name, 'meanAbsoluteError');
    assert.deepEqual(getLoss({ name: 'huber', delta: 2 }).getConfig(), { name: 'huber', delta: 2 });
    assert.deepEqual(getLoss({ name: 'categorical_crossentropy', fromLogits: true }).getConfig(), {
      name: 'categoricalCrossentropy',
      fromLogits: true,
      labelSmoothing: 0,
    });
    const l = huber();
    assert.equal(getLoss(l), l);
    const custom = getLoss(function squaredLog(t: Tensor, p: Tensor) {
      return meanSquaredError().call(t, p);
    });
    assert.equal(custom.name, 'squaredLog');
  });
  it('lists valid names for an unknown one', () => {
    assert.throws(
      () => getLoss('hinge'),
      /unknown loss 'hinge'; valid names: binaryCrossentropy, binary_crossentropy, .*huber/,
    );
  });
});

describe('pinball (quantile) loss', () => {
  before(() => setBackend('reference'));
  it('is τ·e − min(e, 0) averaged over quantiles and steps (float64 loop), gradients by finite differences', () => {
    const [H, quantiles] = [4, [0.1, 0.5, 0.9]];
    const Q = quantiles.length;
    const y = rng.doubles(B * H, -2, 2);
    const p = rng.doubles(B * Q * H, -2, 2);
    // yPred is quantile-major per sample: the H values of quantiles[0], then of quantiles[1], …
    const want = batchMean(B, (b) => {
      let s = 0;
      for (let q = 0; q < Q; q++)
        for (let k = 0; k < H; k++) {
          const e = y[b * H + k]! - p[(b * Q + q) * H + k]!;
          s += Math.max(quantiles[q]! * e, (quantiles[q]! - 1) * e);
        }
      return s / (Q * H);
    });
    const loss = pinball({ quantiles });
    const yt = f64(y, [B, H]);
    near(computeLoss(loss, yt, f64(p, [B, Q * H])).data[0]!, want, 'pinball');
    const { maxRelativeError } = gradcheck((x) => computeLoss(loss, yt, x), [variable(f64(p, [B, Q * H]))]);
    assert.ok(maxRelativeError < 1e-6, `${label('pinball gradient')}: ${maxRelativeError}`);
  });
  it('is named pinball or quantile; a width that is not Q × the targets and a quantile outside (0, 1) are errors', () => {
    assert.equal(getLoss({ name: 'quantile', quantiles: [0.1, 0.5, 0.9] }).name, 'pinball');
    const yt = f64(rng.doubles(B * 4, -1, 1), [B, 4]);
    assert.throws(
      () => computeLoss(pinball({ quantiles: [0.1, 0.5, 0.9] }), yt, f64(rng.doubles(B * 5, -1, 1), [B, 5])),
      ShapeError,
    );
    assert.throws(() => pinball({ quantiles: [0, 0.5] }), /strictly between 0 and 1/);
  });
});

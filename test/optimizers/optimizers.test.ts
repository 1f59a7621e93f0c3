import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Tensor, tensor, variable } from '../../src/autograd/tensor.js';
import { backward } from '../../src/autograd/tape.js';
import { gather, mul, sub, sum } from '../../src/autograd/ops/index.js';
import {
  adagrad,
  adam,
  adamw,
  exponentialDecay,
  getOptimizer,
  Optimizer,
  rmsprop,
  sgd,
} from '../../src/optimizers/index.js';
import { assertClose } from '../helpers/assert-close.js';
import { seededRng } from '../helpers/rng.js';
import { requireNative } from '../helpers/native.js';
import { setBackend } from '../../src/backend/select.js';

const rng = seededRng();
const label = (s: string): string => `${s} (seed ${rng.seed})`;

// Independent float64 implementations of Keras 3's update rules (keras/src/optimizers/*.py).
type Ref = (p: number[], g: number[], t: number) => void;

function refSgd(lr: number, momentum: number, nesterov: boolean): Ref {
  let m: number[] | null = null;
  return (p, g) => {
    m ??= p.map(() => 0);
    for (let i = 0; i < p.length; i++) {
      if (momentum === 0) {
        p[i]! -= lr * g[i]!;
        continue;
      }
      m[i] = -g[i]! * lr + m[i]! * momentum;
      p[i]! += nesterov ? -g[i]! * lr + m[i]! * momentum : m[i]!;
    }
  };
}

function refAdam(lr: number, b1: number, b2: number, eps: number, amsgrad: boolean, wd = 0): Ref {
  let m: number[] = [];
  let v: number[] = [];
  let vh: number[] = [];
  return (p, g, t) => {
    if (m.length === 0) [m, v, vh] = [p.map(() => 0), p.map(() => 0), p.map(() => 0)];
    const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    for (let i = 0; i < p.length; i++) {
      p[i] = p[i]! - p[i]! * wd * lr;
      m[i]! += (g[i]! - m[i]!) * (1 - b1);
      v[i]! += (g[i]! * g[i]! - v[i]!) * (1 - b2);
      let vv = v[i]!;
      if (amsgrad) vv = vh[i] = Math.max(vh[i]!, v[i]!);
      p[i]! -= (m[i]! * alpha) / (Math.sqrt(vv) + eps);
    }
  };
}

function refRmsprop(lr: number, rho: number, momentum: number, eps: number, centered: boolean): Ref {
  let vel: number[] = [];
  let mom: number[] = [];
  let avg: number[] = [];
  return (p, g) => {
    if (vel.length === 0) [vel, mom, avg] = [p.map(() => 0), p.map(() => 0), p.map(() => 0)];
    for (let i = 0; i < p.length; i++) {
      vel[i] = rho * vel[i]! + (1 - rho) * g[i]! ** 2;
      let denominator = vel[i]! + eps;
      if (centered) {
        avg[i] = rho * avg[i]! + (1 - rho) * g[i]!;
        denominator = vel[i]! - avg[i]! ** 2 + eps;
      }
      const increment = (lr * g[i]!) / Math.sqrt(denominator);
      if (momentum > 0) {
        mom[i] = momentum * mom[i]! + increment;
        p[i]! -= mom[i]!;
      } else p[i]! -= increment;
    }
  };
}

function refAdagrad(lr: number, init: number, eps: number): Ref {
  let acc: number[] = [];
  return (p, g) => {
    if (acc.length === 0) acc = p.map(() => init);
    for (let i = 0; i < p.length; i++) {
      acc[i]! += g[i]! ** 2;
      p[i]! -= (lr * g[i]!) / Math.sqrt(acc[i]! + eps);
    }
  };
}

function param(values: Float64Array, shape: number[], name: string): Tensor {
  return variable(tensor(values, shape, 'float64'), name);
}

/** Runs `steps` updates with fresh random gradients through the optimizer and the reference. */
function compare(name: string, opt: Optimizer, ref: Ref, steps = 5): void {
  const init = rng.doubles(12);
  const p = param(init, [3, 4], 'dense/kernel');
  const expected = Array.from(init);
  for (let t = 1; t <= steps; t++) {
    const g = rng.doubles(12, -2, 2);
    p.gradData = g.slice();
    opt.apply([p]);
    ref(expected, Array.from(g), t);
    assert.equal(p.gradData, null);
  }
  assert.equal(opt.iterations, steps);
  assertClose(p.data, expected, { rtol: 1e-12, label: label(name) });
}

describe('optimizers match float64 implementations of the Keras formulas', () => {
  it('sgd', () => compare('sgd', sgd({ learningRate: 0.1 }), refSgd(0.1, 0, false)));
  it('sgd momentum', () =>
    compare('sgd m', sgd({ learningRate: 0.1, momentum: 0.9 }), refSgd(0.1, 0.9, false)));
  it('sgd nesterov', () =>
    compare('sgd n', sgd({ learningRate: 0.05, momentum: 0.8, nesterov: true }), refSgd(0.05, 0.8, true)));
  it('adam', () => compare('adam', adam({ learningRate: 0.01 }), refAdam(0.01, 0.9, 0.999, 1e-7, false)));
  it('adam amsgrad', () =>
    compare(
      'amsgrad',
      adam({ learningRate: 0.01, beta1: 0.8, amsgrad: true }),
      refAdam(0.01, 0.8, 0.999, 1e-7, true),
    ));
  it('adamw', () =>
    compare(
      'adamw',
      adamw({ learningRate: 0.01, weightDecay: 0.1 }),
      refAdam(0.01, 0.9, 0.999, 1e-7, false, 0.1),
    ));
  it('rmsprop', () =>
    compare('rmsprop', rmsprop({ learningRate: 0.01 }), refRmsprop(0.01, 0.9, 0, 1e-7, false)));
  it('rmsprop centered with momentum', () =>
    compare(
      'rmsprop c',
      rmsprop({ learningRate: 0.01, rho: 0.8, momentum: 0.5, centered: true }),
      refRmsprop(0.01, 0.8, 0.5, 1e-7, true),
    ));
  it('adagrad', () => compare('adagrad', adagrad({ learningRate: 0.1 }), refAdagrad(0.1, 0.1, 1e-7)));
  it('defaults are Keras 3 defaults', () => {
    assert.deepEqual(adam().getConfig(), {
      name: 'adam',
      learningRate: 0.001,
      clipNorm: null,
      globalClipNorm: null,
      clipValue: null,
      useEma: false,
      emaMomentum: 0.99,
      emaOverwriteFrequency: null,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
      amsgrad: false,
    });
    assert.equal(sgd().getConfig().learningRate, 0.01);
    assert.equal(adamw().weightDecay, 0.004);
    assert.equal(adagrad().initialAccumulatorValue, 0.1);
    assert.equal(rmsprop().rho, 0.9);
  });
  it('skips parameters without gradients', () => {
    const p = param(rng.doubles(4), [4], 'a');
    const before = p.data.slice();
    adam().apply([p]);
    assert.deepEqual(p.data, before);
  });
});

describe('sparse gradients give exactly the dense update', () => {
  const V = 7;
  const E = 3;
  const ids = new Int32Array([2, 5, 2, 0, 5, 5]);
  const makers: [string, () => Optimizer][] = [
    ['sgd', () => sgd({ learningRate: 0.1 })],
    ['sgd momentum', () => sgd({ learningRate: 0.1, momentum: 0.9 })],
    ['adam', () => adam({ learningRate: 0.01 })],
    ['rmsprop', () => rmsprop({ learningRate: 0.01, centered: true })],
    ['adagrad', () => adagrad({ learningRate: 0.1 })],
    ['sgd clipNorm', () => sgd({ learningRate: 0.1, clipNorm: 0.5 })],
    ['adam globalClipNorm', () => adam({ learningRate: 0.1, globalClipNorm: 0.5 })],
  ];
  for (const [name, make] of makers) {
    it(name, () => {
      const init = rng.doubles(V * E);
      const sparse = param(init, [V, E], 'embedding/embeddings');
      const dense = param(init, [V, E], 'embedding/embeddings');
      const o1 = make();
      const o2 = make();
      for (let step = 0; step < 3; step++) {
        const w = tensor(rng.doubles(ids.length * E), [ids.length, E], 'float64');
        backward(sum(mul(gather(sparse, tensor(ids)), w)));
        assert.equal((sparse.gradData as { kind?: string }).kind, 'rows');
        // The dense gradient of the same loss, summed by hand.
        const g = new Float64Array(V * E);
        for (let n = 0; n < ids.length; n++)
          for (let e = 0; e < E; e++) g[ids[n]! * E + e]! += w.data[n * E + e]!;
        dense.gradData = g;
        o1.apply([sparse]);
        o2.apply([dense]);
        assert.deepEqual(Array.from(sparse.data), Array.from(dense.data), label(name));
      }
    });
  }
});

describe('gradient clipping (Keras semantics)', () => {
  it('clipNorm rescales each gradient separately', () => {
    const a = param(new Float64Array([0, 0]), [2], 'a');
    const b = param(new Float64Array([0, 0]), [2], 'b');
    a.gradData = new Float64Array([3, 4]); // norm 5 → scaled to norm 1
    b.gradData = new Float64Array([0.3, 0.4]); // norm 0.5 → untouched
    sgd({ learningRate: 1, clipNorm: 1 }).apply([a, b]);
    assertClose(a.data, [-0.6, -0.8], { rtol: 1e-15 });
    assertClose(b.data, [-0.3, -0.4], { rtol: 1e-15 });
  });
  it('globalClipNorm rescales all gradients together', () => {
    const a = param(new Float64Array([0, 0]), [2], 'a');
    const b = param(new Float64Array([0]), [1], 'b');
    const ga = new Float64Array([3, 0]);
    a.gradData = ga;
    b.gradData = new Float64Array([4]); // global norm 5
    sgd({ learningRate: 1, globalClipNorm: 2.5 }).apply([a, b]);
    assertClose(a.data, [-1.5, 0], { rtol: 1e-15 });
    assertClose(b.data, [-2], { rtol: 1e-15 });
    assert.deepEqual(Array.from(ga), [3, 0], 'the caller’s gradient array is not modified');
  });
  it('clipValue clips elements', () => {
    const a = param(new Float64Array([0, 0, 0]), [3], 'a');
    a.gradData = new Float64Array([-3, 0.2, 9]);
    sgd({ learningRate: 1, clipValue: 0.5 }).apply([a]);
    assertClose(a.data, [0.5, -0.2, -0.5], { rtol: 1e-15 });
  });
  it('only one clipping option may be set', () => {
    assert.throws(() => sgd({ clipNorm: 1, clipValue: 1 }), /only one of clipNorm/);
  });
});

describe('learning rate', () => {
  it('is settable (ReduceLROnPlateau) and can be a schedule of iterations', () => {
    const opt = sgd({
      learningRate: exponentialDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 }),
    });
    const p = param(new Float64Array([0]), [1], 'p');
    const lrs: number[] = [];
    for (let i = 0; i < 3; i++) {
      lrs.push(opt.currentLearningRate());
      p.gradData = new Float64Array([1]);
      opt.apply([p]);
    }
    assert.deepEqual(lrs, [1, 0.5, 0.25]);
    assert.equal(p.data[0], -1.75);
    opt.learningRate = 0.01;
    assert.equal(opt.currentLearningRate(), 0.01);
  });
});

describe('getOptimizer', () => {
  it('accepts a name, a config and an instance', () => {
    assert.equal(getOptimizer('adam').name, 'adam');
    assert.equal(getOptimizer('RMSprop').name, 'rmsprop');
    const o = getOptimizer({ name: 'sgd', learningRate: 0.5, momentum: 0.9 });
    assert.equal(o.currentLearningRate(), 0.5);
    assert.equal(o.getConfig().momentum, 0.9);
    const inst = adagrad();
    assert.equal(getOptimizer(inst), inst);
  });
  it('round-trips getConfig, schedules included', () => {
    const original = adamw({
      learningRate: exponentialDecay({
        initialLearningRate: 0.1,
        decaySteps: 10,
        decayRate: 0.9,
        staircase: true,
      }),
      clipNorm: 2,
    });
    const again = getOptimizer(JSON.parse(JSON.stringify(original.getConfig())));
    assert.deepEqual(again.getConfig(), original.getConfig());
    again.iterations = 25;
    assert.ok(Math.abs(again.currentLearningRate() - 0.1 * 0.81) < 1e-15);
  });
  it('refuses an unknown option, listing the valid ones', () => {
    assert.throws(
      () => getOptimizer({ name: 'adam', leraningRate: 0.1 } as never),
      /adam: unknown option 'leraningRate'; valid options: learningRate, clipNorm, .*useEma.*, amsgrad/,
    );
  });
  it('lists the valid names for an unknown one', () => {
    assert.throws(
      () => getOptimizer('adamax'),
      /unknown optimizer 'adamax'; valid names: sgd, adam, adamw, rmsprop, adagrad/,
    );
  });
});

describe('state', () => {
  it('getState/setState resumes training identically', () => {
    const init = rng.doubles(6);
    const grads = Array.from({ length: 6 }, () => rng.doubles(6));
    const run = (p: Tensor, opt: Optimizer, from: number, to: number): void => {
      for (let t = from; t < to; t++) {
        p.gradData = grads[t]!.slice();
        opt.apply([p]);
      }
    };
    const straight = param(init, [2, 3], 'lstm/kernel');
    run(straight, adam({ learningRate: 0.01, amsgrad: true }), 0, 6);

    const first = param(init, [2, 3], 'lstm/kernel');
    const o1 = adam({ learningRate: 0.01, amsgrad: true });
    run(first, o1, 0, 3);
    const state = o1.getState();
    assert.deepEqual(Object.keys(state.slots).sort(), [
      'adam/m/lstm/kernel',
      'adam/v/lstm/kernel',
      'adam/vMax/lstm/kernel',
    ]);
    assert.equal(state.iterations, 3);

    const resumed = param(first.data as Float64Array, [2, 3], 'lstm/kernel'); // as if loaded from disk
    const o2 = adam({ learningRate: 0.01, amsgrad: true });
    o2.setState(state);
    run(resumed, o2, 3, 6);
    assert.deepEqual(Array.from(resumed.data), Array.from(straight.data));
  });
  it('refuses a slot of the wrong size', () => {
    const o = adagrad();
    o.setState({ iterations: 1, slots: { 'adagrad/accumulator/w': new Float32Array(3) } });
    const p = variable(tensor([1, 2]), 'w');
    p.gradData = new Float32Array([1, 1]);
    assert.throws(() => o.apply([p]), /adagrad\/accumulator\/w' has 3 values, the weight 2/);
  });
});

describe('weight averages (useEma, Keras semantics)', () => {
  // Keras 3 (base_optimizer.py): after each update, average = m·average + (1 − m)·weight with m = 0 on the
  // first step; every emaOverwriteFrequency steps the weights take their averages.
  function run(momentum: number, overwrite: number | null, steps: number) {
    const init = rng.doubles(12);
    const p = param(init, [3, 4], 'dense/kernel');
    const opt = sgd({
      learningRate: 0.1,
      useEma: true,
      emaMomentum: momentum,
      emaOverwriteFrequency: overwrite,
    });
    const w = Array.from(init);
    let avg: number[] = [];
    for (let t = 0; t < steps; t++) {
      const g = rng.doubles(12, -2, 2);
      p.gradData = g.slice();
      opt.apply([p]);
      for (let i = 0; i < 12; i++) w[i]! -= 0.1 * g[i]!;
      const m = t === 0 ? 0 : momentum;
      avg = w.map((x, i) => m * (avg[i] ?? 0) + (1 - m) * x);
      if (overwrite !== null && (t + 1) % overwrite === 0) w.splice(0, 12, ...avg);
    }
    return { p, opt, w, avg };
  }
  it('keeps the moving average and gives it to the weights at the end', () => {
    const { p, opt, w, avg } = run(0.9, null, 7);
    assertClose(p.data, w, { rtol: 1e-12, label: label('weights are trained as without EMA') });
    opt.finalizeVariableValues([p]);
    assertClose(p.data, avg, { rtol: 1e-12, label: label('finalize gives the average') });
  });
  it('overwrites the weights every emaOverwriteFrequency steps', () => {
    const { p, w } = run(0.8, 3, 7);
    assertClose(p.data, w, { rtol: 1e-12, label: label('emaOverwriteFrequency 3') });
  });
  it('swaps the averages in and out, and apply() trains the weights, not the averages', () => {
    const { p, opt, w, avg } = run(0.9, null, 4);
    opt.swapEmaWeights([p]);
    assert.equal(opt.emaWeightsInModel, true);
    assertClose(p.data, avg, { rtol: 0, label: label('averages in the model') });
    assert.equal(opt.getState().slots['sgd/average/dense/kernel']![0], avg[0]);
    opt.swapEmaWeights([p]);
    assertClose(p.data, w, { rtol: 0, label: label('weights back') });
    opt.swapEmaWeights([p]);
    p.gradData = new Float64Array(12);
    opt.apply([p]); // a zero gradient: the weights must come back unchanged
    assert.equal(opt.emaWeightsInModel, false);
    assertClose(p.data, w, { rtol: 0, label: label('apply swaps back first') });
    opt.swapEmaWeights([p]);
    opt.finalizeVariableValues([p]); // while swapped: the averages stay
    assert.equal(opt.emaWeightsInModel, false);
    assertClose(
      p.data,
      avg.map((a, i) => 0.9 * a + 0.1 * w[i]!),
      { rtol: 1e-12, label: label('finalize while swapped') },
    );
  });
  it('saves the averages with the state and round-trips its options', () => {
    const { p, opt } = run(0.9, null, 3);
    const o2 = getOptimizer(opt.getConfig());
    assert.deepEqual([o2.useEma, o2.emaMomentum, o2.emaOverwriteFrequency], [true, 0.9, null]);
    o2.setState(opt.getState());
    const q = param(p.data as Float64Array, [3, 4], 'dense/kernel');
    const g = rng.doubles(12);
    p.gradData = g.slice();
    q.gradData = g.slice();
    opt.apply([p]);
    o2.apply([q]);
    opt.finalizeVariableValues([p]);
    o2.finalizeVariableValues([q]);
    assert.deepEqual(Array.from(q.data), Array.from(p.data));
  });
  it('checks its options', () => {
    assert.throws(() => adam({ emaMomentum: 1.5 }), /emaMomentum must be in \[0, 1\], got 1.5/);
    assert.throws(
      () => adam({ useEma: true, emaOverwriteFrequency: 0 }),
      /emaOverwriteFrequency must be an integer > 0/,
    );
    assert.throws(() => adam().swapEmaWeights([]), /useEma: true/);
    assert.throws(() => adam({ useEma: 'yes' as never }), /useEma must be true or false, got "yes"/);
  });
});

describe('convergence', () => {
  for (const [name, opt] of [
    ['sgd', sgd({ learningRate: 0.1, momentum: 0.9 })],
    ['adam', adam({ learningRate: 0.1 })],
    ['rmsprop', rmsprop({ learningRate: 0.05 })],
    ['adagrad', adagrad({ learningRate: 0.5 })],
  ] as const) {
    it(`${name} minimises a quadratic`, () => {
      const target = tensor([1, -2, 3]);
      const x = variable(tensor([0, 0, 0]), 'x');
      for (let i = 0; i < 300; i++) {
        const d = sub(x, target);
        backward(sum(mul(d, d)));
        opt.apply([x]);
      }
      assertClose(x.data, target.data, { rtol: 1e-2, label: name });
    });
  }
});

describe('float32 parameters on each backend', () => {
  const cases: [string, () => Optimizer, () => Ref][] = [
    [
      'sgd nesterov',
      () => sgd({ learningRate: 0.05, momentum: 0.8, nesterov: true }),
      () => refSgd(0.05, 0.8, true),
    ],
    [
      'adamw amsgrad',
      () => adamw({ learningRate: 0.01, amsgrad: true }),
      () => refAdam(0.01, 0.9, 0.999, 1e-7, true, 0.004),
    ],
    [
      'rmsprop',
      () => rmsprop({ learningRate: 0.01, momentum: 0.3, centered: true }),
      () => refRmsprop(0.01, 0.9, 0.3, 1e-7, true),
    ],
    ['adagrad', () => adagrad({ learningRate: 0.1 }), () => refAdagrad(0.1, 0.1, 1e-7)],
  ];
  for (const backendName of ['reference', 'native'] as const) {
    it(backendName, (t) => {
      if (backendName === 'native' && !requireNative(t)) return;
      setBackend(backendName);
      try {
        for (const [name, make, makeRef] of cases) {
          const init = rng.floats(64);
          const p = variable(tensor(init, [8, 8]), 'w');
          const expected = Array.from(init);
          const opt = make();
          const ref = makeRef();
          for (let step = 1; step <= 4; step++) {
            const g = rng.floats(64, -2, 2);
            p.gradData = g;
            opt.apply([p]);
            ref(expected, Array.from(g), step);
          }
          assertClose(p.data, expected, { rtol: 1e-5, label: label(`${name} float32 ${backendName}`) });
        }
      } finally {
        setBackend('reference');
      }
    });
  }
});

// Optimizer steps: native against reference for a few steps, every variant (momentum, Nesterov,
// AdamW, AMSGrad, centered RMSprop). Both compute each element in float64 and round once.
import { test } from 'node:test';

import type { Backend } from '../../../src/backend/interface.js';
import { referenceBackend as ref } from '../../../src/backend/reference/index.js';
import { assertClose } from '../../helpers/assert-close.js';
import { requireNative } from '../../helpers/native.js';
import { seededRng, type TestRng } from '../../helpers/rng.js';

const N = 50_000; // above the parallel threshold

function run(
  native: Backend,
  rng: TestRng,
  name: string,
  slots: number,
  step: (b: Backend, p: Float32Array, g: Float32Array, s: Float32Array[], t: number) => void,
  zeroSlots: number[] = [],
): void {
  const p0 = rng.floats(N);
  // Slots start positive (accumulators of squares), except those that must start at zero
  // (centered RMSprop's mean gradient, or s − ḡ² could be negative).
  const s0 = Array.from({ length: slots }, (_, i) =>
    zeroSlots.includes(i) ? new Float32Array(N) : rng.floats(N, 0, 0.1),
  );
  const pr = p0.slice();
  const pn = p0.slice();
  const sr = s0.map((s) => s.slice());
  const sn = s0.map((s) => s.slice());
  for (let t = 1; t <= 4; t++) {
    const g = rng.floats(N);
    step(ref, pr, g, sr, t);
    step(native, pn, g, sn, t);
  }
  assertClose(pn, pr, { label: `${name} param seed=${rng.seed}` });
  sn.forEach((s, i) => assertClose(s, sr[i]!, { label: `${name} slot ${i} seed=${rng.seed}` }));
}

test('optimizer steps match reference', (t) => {
  const native = requireNative(t);
  if (!native) return;
  const rng = seededRng();
  run(native, rng, 'sgd', 0, (b, p, g) =>
    b.sgdStep(p, g, null, { learningRate: 0.01, momentum: 0, nesterov: false }),
  );
  for (const nesterov of [false, true]) {
    run(native, rng, `sgd momentum nesterov=${nesterov}`, 1, (b, p, g, s) =>
      b.sgdStep(p, g, s[0]!, { learningRate: 0.01, momentum: 0.9, nesterov }),
    );
  }
  for (const [weightDecay, amsgrad] of [
    [0, false],
    [0.01, false],
    [0, true],
  ] as const) {
    run(native, rng, `adam wd=${weightDecay} amsgrad=${amsgrad}`, 3, (b, p, g, s, step) =>
      b.adamStep(p, g, s[0]!, s[1]!, amsgrad ? s[2]! : null, {
        learningRate: 1e-3,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-7,
        step,
        weightDecay,
        amsgrad,
      }),
    );
  }
  for (const [momentum, centered] of [
    [0, false],
    [0.9, false],
    [0, true],
    [0.5, true],
  ] as const) {
    run(
      native,
      rng,
      `rmsprop momentum=${momentum} centered=${centered}`,
      3,
      (b, p, g, s) =>
        b.rmspropStep(p, g, s[0]!, momentum > 0 ? s[1]! : null, centered ? s[2]! : null, {
          learningRate: 1e-3,
          rho: 0.9,
          momentum,
          epsilon: 1e-7,
          centered,
        }),
      [2],
    );
  }
  run(native, rng, 'adagrad', 1, (b, p, g, s) =>
    b.adagradStep(p, g, s[0]!, { learningRate: 0.01, epsilon: 1e-7 }),
  );
});

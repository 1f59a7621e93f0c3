import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cosineDecay,
  exponentialDecay,
  getSchedule,
  inverseTimeDecay,
  piecewiseConstantDecay,
} from '../../src/optimizers/index.js';

const near = (a: number, b: number): void =>
  assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

describe('learning-rate schedules (Keras formulas)', () => {
  it('exponentialDecay, continuous and staircase', () => {
    const s = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    near(s(0), 0.1);
    near(s(5), 0.1 * Math.SQRT1_2);
    near(s(20), 0.025);
    const st = exponentialDecay({
      initialLearningRate: 0.1,
      decaySteps: 10,
      decayRate: 0.5,
      staircase: true,
    });
    near(st(9), 0.1);
    near(st(19), 0.05);
  });
  it('piecewiseConstantDecay: values[i] while step ≤ boundaries[i]', () => {
    const s = piecewiseConstantDecay({ boundaries: [100, 200], values: [1, 0.5, 0.1] });
    assert.deepEqual([0, 100, 101, 200, 201, 1e6].map(s), [1, 1, 0.5, 0.5, 0.1, 0.1]);
    assert.throws(() => piecewiseConstantDecay({ boundaries: [1], values: [1] }), /one more element/);
  });
  it('cosineDecay with alpha, and with warm-up', () => {
    const s = cosineDecay({ initialLearningRate: 1, decaySteps: 100, alpha: 0.1 });
    near(s(0), 1);
    near(s(50), 0.9 * 0.5 + 0.1);
    near(s(100), 0.1);
    near(s(500), 0.1);
    const w = cosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 1, warmupSteps: 4 });
    near(w(2), 0.5);
    near(w(4), 1);
    near(w(9), 0.5);
    near(w(100), 0);
  });
  it('inverseTimeDecay', () => {
    const s = inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 1 });
    near(s(10), 0.05);
    near(s(5), 0.1 / 1.5);
    const st = inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 1, staircase: true });
    near(st(15), 0.05);
  });
  it('getSchedule rebuilds a schedule from its config and rejects unknown names', () => {
    const s = cosineDecay({ initialLearningRate: 0.3, decaySteps: 7 });
    const again = getSchedule(JSON.parse(JSON.stringify(s.getConfig())));
    near(again(3), s(3));
    assert.throws(() => getSchedule({ name: 'polynomialDecay' } as never), /valid names: exponentialDecay/);
  });
});

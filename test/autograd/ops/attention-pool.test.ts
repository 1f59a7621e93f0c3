// The fused attention-pooling op on the native backend (float32) against the same op on the reference
// backend, outputs and every gradient, with and without a padding penalty. (Its maths against finite
// differences and a hand-written forward: test/layers/attention/attention-pooling.test.ts, float64.)
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { attentionPool, mul, sum } from '../../../src/autograd/ops/index.js';
import { backward } from '../../../src/autograd/tape.js';
import { tensor, variable } from '../../../src/autograd/tensor.js';
import { backendInfo, setBackend } from '../../../src/backend/select.js';
import { assertClose } from '../../helpers/assert-close.js';
import { requireNative } from '../../helpers/native.js';
import { seededRng } from '../../helpers/rng.js';

const rng = seededRng();
const [B, T, F, U] = [33, 7, 20, 12];

function run(values: Float32Array[], penalty: Float32Array | null) {
  const [x, k, b, v] = [
    variable(tensor(values[0]!.slice(), [B, T, F])),
    variable(tensor(values[1]!.slice(), [F, U])),
    variable(tensor(values[2]!.slice(), [U])),
    variable(tensor(values[3]!.slice(), [U])),
  ];
  const { output, attention } = attentionPool(x, k, b, v, penalty);
  backward(sum(mul(output, output)));
  return { output: output.data, attention: attention.data, grads: [x, k, b, v].map((t) => t.grad!.data) };
}

describe('attentionPool: native float32 = reference', () => {
  const before = backendInfo().name as 'native' | 'reference';
  after(() => setBackend(before));
  for (const masked of [false, true]) {
    it(`outputs, attention and gradients${masked ? ', padded steps' : ''}`, (t) => {
      if (!requireNative(t)) return;
      const values = [
        rng.floats(B * T * F),
        rng.floats(F * U, -0.5, 0.5),
        rng.floats(U, -0.2, 0.2),
        rng.floats(U),
      ];
      const penalty = masked
        ? Float32Array.from({ length: B * T }, (_, i) => (i % T < (i / T) % 3 ? -1e9 : 0))
        : null;
      setBackend('reference');
      const want = run(values, penalty);
      setBackend('native');
      const got = run(values, penalty);
      const label = `masked=${masked} (seed ${rng.seed})`;
      assertClose(got.output, want.output, { label: `${label} output` });
      assertClose(got.attention, want.attention, { label: `${label} attention` });
      got.grads.forEach((g, i) =>
        assertClose(g, want.grads[i]!, { rtol: 1e-4, label: `${label} gradient ${i}` }),
      );
      if (penalty)
        penalty.forEach(
          (p, i) => p < 0 && assert.ok(got.attention[i]! < 1e-30, `${label}: padded step ${i} has weight`),
        );
    });
  }
});

describe('attentionPool hands its saved activations back to the pool after its backward', () => {
  it(`a second backward through the same op throws; later batches on reused buffers give the same gradients (seed ${rng.seed})`, () => {
    const values = [
      rng.floats(B * T * F),
      rng.floats(F * U, -0.5, 0.5),
      rng.floats(U, -0.2, 0.2),
      rng.floats(U),
    ];
    const first = run(values, null);
    for (let i = 0; i < 3; i++) {
      const again = run(values, null);
      again.grads.forEach((g, j) => assert.deepEqual(g, first.grads[j], `run ${i + 2}, gradient ${j}`));
    }
    const x = variable(tensor(values[0]!.slice(), [B, T, F]));
    const w = [values[1]!, values[2]!, values[3]!].map((v, j) =>
      variable(tensor(v.slice(), j === 0 ? [F, U] : [U])),
    );
    const { output } = attentionPool(x, w[0]!, w[1]!, w[2]!, null);
    const loss = sum(mul(output, output));
    backward(loss);
    assert.throws(() => backward(loss), /attentionPool: backward through the same op a second time/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FloatArray, RecurrentKind, RnnSequenceArgs } from '../../../src/backend/interface.js';
import { RNN_GATES, rnnSavedSizes } from '../../../src/backend/interface.js';
import { referenceBackend as ref } from '../../../src/backend/reference/index.js';
import { assertClose } from '../../helpers/assert-close.js';
import { seededRng, type TestRng } from '../../helpers/rng.js';

// The reference sequence kernels called directly: reverse is the same recurrence on flipped time,
// padded steps carry the state, float32 agrees with float64, and the per-step outputs equal the states.

type Kind = RecurrentKind;
const rng: TestRng = seededRng();
const G = RNN_GATES;

function randomArgs(
  kind: Kind,
  dims: { T: number; B: number; I: number; H: number },
  resetAfter = true,
): RnnSequenceArgs<Float64Array> {
  const { T, B, I, H } = dims;
  const g = G[kind] * H;
  return {
    x: rng.doubles(T * B * I),
    kernel: rng.doubles(I * g, -0.7, 0.7),
    recurrentKernel: rng.doubles(H * g, -0.7, 0.7),
    bias: rng.doubles(kind === 'gru' && resetAfter ? 2 * g : g, -0.3, 0.3),
    h0: rng.doubles(B * H),
    c0: kind === 'lstm' ? rng.doubles(B * H) : null,
    mask: null,
    inputDropoutMask: null,
    recurrentDropoutMask: null,
    reverse: false,
    activation: 'tanh',
    recurrentActivation: 'sigmoid',
    resetAfter,
    ...dims,
  };
}

function run<F extends FloatArray>(kind: Kind, a: RnnSequenceArgs<F>) {
  const make = (n: number): F =>
    (a.x instanceof Float64Array ? new Float64Array(n) : new Float32Array(n)) as F;
  const sizes = rnnSavedSizes(kind, a.T, a.B, a.H);
  const saved = {
    gates: make(sizes.gates),
    h: make(sizes.h),
    c: sizes.c ? make(sizes.c) : null,
    candidate: sizes.candidate ? make(sizes.candidate) : null,
  };
  const out = { y: make(a.T * a.B * a.H), hT: make(a.B * a.H), cT: kind === 'lstm' ? make(a.B * a.H) : null };
  ref.rnnSequenceForward(kind, [{ args: a, out, saved }]);
  return { out, saved };
}

function flipTime(x: Float64Array, T: number, row: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let t = 0; t < T; t++) out.set(x.subarray(t * row, (t + 1) * row), (T - 1 - t) * row);
  return out;
}

const cases: [Kind, boolean][] = [
  ['lstm', true],
  ['gru', true],
  ['gru', false],
  ['simpleRnn', true],
];

describe('reference recurrent sequence kernels', () => {
  for (const [kind, resetAfter] of cases) {
    const name = `${kind}${kind === 'gru' ? ` resetAfter ${resetAfter}` : ''}`;
    const dims = { T: 6, B: 3, I: 4, H: 5 };
    const lbl = (s: string): string => `${name}: ${s} (seed ${rng.seed})`;

    it(`${name}: reverse equals the forward pass over flipped time, outputs at their original t`, () => {
      const a = randomArgs(kind, dims, resetAfter);
      const backwards = run(kind, { ...a, reverse: true });
      const flipped = run(kind, { ...a, x: flipTime(a.x, dims.T, dims.B * dims.I) });
      assertClose(backwards.out.y, flipTime(flipped.out.y, dims.T, dims.B * dims.H), {
        rtol: 1e-14,
        label: lbl('y'),
      });
      assertClose(backwards.out.hT, flipped.out.hT, { rtol: 1e-14, label: lbl('hT') });
    });

    it(`${name}: padded steps carry h (and c) over and output 0`, () => {
      const a = randomArgs(kind, dims, resetAfter);
      const mask = new Uint8Array(dims.T * dims.B).fill(1);
      mask[2 * dims.B + 1] = 0; // row 1, t = 2
      mask[0 * dims.B + 2] = 0; // row 2, t = 0: state stays h0
      const { out, saved } = run(kind, { ...a, mask });
      const H = dims.H;
      const row = (arr: FloatArray, t: number, b: number): number[] =>
        Array.from(arr.subarray((t * dims.B + b) * H, (t * dims.B + b + 1) * H));
      assert.deepEqual(row(out.y, 2, 1), new Array(H).fill(0), lbl('y at padded step'));
      assert.deepEqual(row(saved.h, 2, 1), row(saved.h, 1, 1), lbl('h carried'));
      assert.deepEqual(row(saved.h, 0, 2), Array.from(a.h0.subarray(2 * H, 3 * H)), lbl('h0 carried'));
      if (saved.c) assert.deepEqual(row(saved.c, 2, 1), row(saved.c, 1, 1), lbl('c carried'));
      assert.deepEqual(row(out.y, 3, 1), row(saved.h, 3, 1), lbl('y = h at valid steps'));
    });

    it(`${name}: float32 agrees with float64 norm-wise, forward and backward`, () => {
      const a = randomArgs(kind, { T: 7, B: 4, I: 6, H: 8 }, resetAfter);
      const a32: RnnSequenceArgs<Float32Array> = {
        ...a,
        x: Float32Array.from(a.x),
        kernel: Float32Array.from(a.kernel),
        recurrentKernel: Float32Array.from(a.recurrentKernel),
        bias: Float32Array.from(a.bias!),
        h0: Float32Array.from(a.h0),
        c0: a.c0 ? Float32Array.from(a.c0) : null,
        inputDropoutMask: null,
        recurrentDropoutMask: null,
      };
      const r64 = run(kind, a);
      const r32 = run(kind, a32);
      assertClose(r32.out.y, r64.out.y, { rtol: 1e-5, label: lbl('y f32 vs f64') });
      const grads = <F extends FloatArray>(
        args: RnnSequenceArgs<F>,
        saved: ReturnType<typeof run<F>>['saved'],
      ) => {
        const make = (n: number): F =>
          (args.x instanceof Float64Array ? new Float64Array(n) : new Float32Array(n)) as F;
        const g = {
          dX: make(args.x.length),
          dKernel: make(args.kernel.length),
          dRecurrentKernel: make(args.recurrentKernel.length),
          dBias: make(args.bias!.length),
          dH0: make(args.h0.length),
          dC0: kind === 'lstm' ? make(args.h0.length) : null,
        };
        const dY = make(args.T * args.B * args.H).map((_, i) => Math.sin(i)) as F;
        ref.rnnSequenceBackward(kind, [{ args, saved, upstream: { dY, dHT: null, dCT: null }, grads: g }]);
        return g;
      };
      const g64 = grads(a, r64.saved);
      const g32 = grads(a32, r32.saved);
      for (const k of ['dX', 'dKernel', 'dRecurrentKernel', 'dBias', 'dH0'] as const) {
        assertClose(g32[k]!, g64[k]!, { rtol: 1e-5, label: lbl(`${k} f32 vs f64`) });
      }
    });
  }
});

// Native fused recurrent kernels (LSTM, GRU both reset modes, SimpleRNN) against the reference: forward
// outputs and saved activations, backward gradients, over masks (pre/post padding, random lengths),
// dropout masks, reverse, other activations, odd sizes and the benchmark shapes. Also: inference
// (saved null) equals training-mode forward, results are bit-identical run to run, across thread
// counts and between the AVX2 and AVX-512 paths, x read through ids equals the gathered x, the portable and AVX2 paths match the reference too,
// and the SIMD tanh/sigmoid are within 1e-6 relative of float64 on every instruction-set level.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';

import type { Backend, RecurrentKind, RnnSequenceArgs, UnaryOp } from '../../../src/backend/interface.js';
import { RNN_GATES, rnnSavedSizes } from '../../../src/backend/interface.js';
import { setNativeCpuLimit } from '../../../src/backend/native/index.js';
import { referenceBackend as ref } from '../../../src/backend/reference/index.js';
import { assertClose } from '../../helpers/assert-close.js';
import { parityBackend, requireNative, requireNativeOnly, setThreads } from '../../helpers/native.js';
import { seededRng } from '../../helpers/rng.js';

type Kind = RecurrentKind;
const GATES = RNN_GATES;
const rng = seededRng();

interface Options {
  mask?: 'none' | 'post' | 'pre' | 'random';
  inputDropout?: boolean;
  recurrentDropout?: boolean;
  reverse?: boolean;
  activation?: UnaryOp;
  recurrentActivation?: UnaryOp;
  resetAfter?: boolean;
  bias?: boolean;
}

function dropoutMask(n: number, rate = 0.25): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.uniform() < rate ? 0 : 1 / (1 - rate)));
}

function makeArgs(
  kind: Kind,
  T: number,
  B: number,
  I: number,
  H: number,
  o: Options,
): RnnSequenceArgs<Float32Array> {
  const GH = GATES[kind] * H;
  const resetAfter = kind === 'gru' && (o.resetAfter ?? true);
  const scale = 1 / Math.sqrt(Math.max(I, H));
  let mask: Uint8Array | null = null;
  if (o.mask && o.mask !== 'none') {
    mask = new Uint8Array(T * B);
    for (let b = 0; b < B; b++) {
      const len = rng.int(0, T + 1);
      for (let t = 0; t < T; t++) {
        const on = o.mask === 'post' ? t < len : o.mask === 'pre' ? t >= T - len : rng.uniform() < 0.7;
        mask[t * B + b] = on ? 1 : 0;
      }
    }
  }
  return {
    x: rng.floats(T * B * I),
    kernel: rng.floats(I * GH, -scale, scale),
    recurrentKernel: rng.floats(H * GH, -scale, scale),
    bias: o.bias === false ? null : rng.floats(resetAfter ? 2 * GH : GH, -0.3, 0.3),
    h0: rng.floats(B * H, -0.5, 0.5),
    c0: kind === 'lstm' ? rng.floats(B * H, -0.5, 0.5) : null,
    mask,
    inputDropoutMask: o.inputDropout ? dropoutMask(B * I) : null,
    recurrentDropoutMask: o.recurrentDropout ? dropoutMask(B * H) : null,
    reverse: o.reverse ?? false,
    activation: o.activation ?? 'tanh',
    recurrentActivation: o.recurrentActivation ?? 'sigmoid',
    resetAfter,
    T,
    B,
    I,
    H,
  };
}

function runForward(be: Backend, kind: Kind, a: RnnSequenceArgs<Float32Array>, keep = true) {
  const r = runForwardY(be, kind, a, keep, true);
  return { ...r, out: { ...r.out, y: r.out.y! } };
}

/** withY false: no per-step output (y null), as a layer without returnSequences runs the kernel. */
function runForwardY(
  be: Backend,
  kind: Kind,
  a: RnnSequenceArgs<Float32Array>,
  keep: boolean,
  withY: boolean,
) {
  const n = rnnSavedSizes(kind, a.T, a.B, a.H);
  const saved = keep
    ? {
        gates: new Float32Array(n.gates),
        h: new Float32Array(n.h),
        c: n.c ? new Float32Array(n.c) : null,
        candidate: n.candidate ? new Float32Array(n.candidate) : null,
      }
    : null;
  const BH = a.B * a.H;
  const out = {
    y: withY ? new Float32Array(a.T * BH) : null,
    hT: new Float32Array(BH),
    cT: kind === 'lstm' ? new Float32Array(BH) : null,
  };
  be.rnnSequenceForward(kind, [{ args: a, out, saved }]);
  return { out, saved };
}

function runBackward(
  be: Backend,
  kind: Kind,
  a: RnnSequenceArgs<Float32Array>,
  saved: NonNullable<ReturnType<typeof runForward>['saved']>,
  up: { dY: Float32Array | null; dHT: Float32Array | null; dCT: Float32Array | null },
) {
  const GH = GATES[kind] * a.H;
  const grads = {
    dX: new Float32Array(a.T * a.B * a.I),
    dKernel: new Float32Array(a.I * GH),
    dRecurrentKernel: new Float32Array(a.H * GH),
    dBias: a.bias ? new Float32Array(a.bias.length) : null,
    dH0: new Float32Array(a.B * a.H),
    dC0: kind === 'lstm' ? new Float32Array(a.B * a.H) : null,
  };
  be.rnnSequenceBackward(kind, [{ args: a, saved, upstream: up, grads }]);
  return grads;
}

function compare(native: Backend, kind: Kind, a: RnnSequenceArgs<Float32Array>, label: string): void {
  const lbl = (what: string) => `${label} ${what} (seed ${rng.seed})`;
  // States and gates are of order 1: an error below one float32 ulp there (1.2e-7) is rounding, even
  // where a cancellation leaves a small result (seen with T = B = I = H = 1). See assertClose's atol.
  const atol = 1.2e-7;
  const r = runForward(ref, kind, a);
  const n = runForward(native, kind, a);
  assertClose(n.out.y, r.out.y, { atol, label: lbl('y') });
  assertClose(n.out.hT, r.out.hT, { atol, label: lbl('hT') });
  if (kind === 'lstm') assertClose(n.out.cT!, r.out.cT!, { atol, label: lbl('cT') });
  assertClose(n.saved!.gates, r.saved!.gates, { atol, label: lbl('saved.gates') });
  assertClose(n.saved!.h, r.saved!.h, { atol, label: lbl('saved.h') });
  if (kind === 'lstm') assertClose(n.saved!.c!, r.saved!.c!, { atol, label: lbl('saved.c') });
  if (kind === 'gru')
    assertClose(n.saved!.candidate!, r.saved!.candidate!, { atol, label: lbl('saved.candidate') });

  const BH = a.B * a.H;
  const which = rng.int(0, 3); // 0: all upstreams, 1: only dY, 2: only the final states
  const up = {
    dY: which === 2 ? null : rng.floats(a.T * BH),
    dHT: which === 1 ? null : rng.floats(BH),
    dCT: kind === 'lstm' && which !== 1 ? rng.floats(BH) : null,
  };
  const gr = runBackward(ref, kind, a, r.saved!, up);
  const gn = runBackward(native, kind, a, n.saved!, up);
  const big = a.T * a.B > 2000 ? 1e-4 : 1e-5;
  // The weight gradients are sums over all T·B rows: float32 rounding of terms of order 1 leaves an
  // error of about ulp·√(T·B), however small the sum after cancellation (seen: H = 1, T·B = 441,
  // dRecurrentKernel 0.02667 off by 1.4e-6).
  const sumAtol = atol * Math.sqrt(a.T * a.B);
  assertClose(gn.dX, gr.dX, { atol, label: lbl('dX'), rtol: big });
  assertClose(gn.dKernel, gr.dKernel, { atol: sumAtol, label: lbl('dKernel'), rtol: big });
  assertClose(gn.dRecurrentKernel, gr.dRecurrentKernel, {
    atol: sumAtol,
    label: lbl('dRecurrentKernel'),
    rtol: big,
  });
  if (gr.dBias) assertClose(gn.dBias!, gr.dBias, { atol: sumAtol, label: lbl('dBias'), rtol: big });
  assertClose(gn.dH0, gr.dH0, { atol, label: lbl('dH0'), rtol: big });
  if (kind === 'lstm') assertClose(gn.dC0!, gr.dC0!, { atol, label: lbl('dC0'), rtol: big });

  // Inference (saved null) gives exactly the training-mode outputs.
  const inf = runForward(native, kind, a, false);
  assert.deepEqual(inf.out.y, n.out.y, lbl('inference y'));
  assert.deepEqual(inf.out.hT, n.out.hT, lbl('inference hT'));
}

interface Run {
  f: ReturnType<typeof runForward>;
  g: ReturnType<typeof runBackward>;
  inf: ReturnType<typeof runForward>;
}

const kinds: [Kind, boolean][] = [
  ['lstm', true],
  ['gru', true],
  ['gru', false],
  ['simpleRnn', true],
];
const nameOf = (kind: Kind, ra: boolean) => (kind === 'gru' ? `gru resetAfter=${ra}` : kind);

describe('native recurrent kernels match the reference', () => {
  const sizes: [number, number, number, number][] = [
    [1, 1, 1, 1],
    [7, 7, 7, 7],
    [7, 1, 63, 65],
    [1, 65, 7, 63],
    [63, 7, 65, 1],
    [7, 63, 1, 65],
    [65, 2, 7, 7],
  ];
  for (const [kind, ra] of kinds) {
    it(`${nameOf(kind, ra)}: odd sizes`, (t) => {
      const native = requireNative(t);
      if (!native) return;
      for (const [T, B, I, H] of sizes) {
        compare(
          native,
          kind,
          makeArgs(kind, T, B, I, H, { resetAfter: ra }),
          `${nameOf(kind, ra)} T,B,I,H=${T},${B},${I},${H}`,
        );
      }
    });
    it(`${nameOf(kind, ra)}: masks, dropout masks, reverse, activations, no bias`, (t) => {
      const native = requireNative(t);
      if (!native) return;
      const variants: Options[] = [
        { mask: 'post' },
        { mask: 'pre', reverse: true },
        { mask: 'random', inputDropout: true, recurrentDropout: true },
        { inputDropout: true, recurrentDropout: true, reverse: true },
        { activation: 'relu', recurrentActivation: 'hardSigmoid' },
        { activation: 'elu', recurrentActivation: 'sigmoid', mask: 'post', bias: false },
        { activation: 'tanh', recurrentActivation: 'tanh', recurrentDropout: true, reverse: true },
      ];
      for (const v of variants) {
        compare(
          native,
          kind,
          makeArgs(kind, 9, 5, 6, 20, { ...v, resetAfter: ra }),
          `${nameOf(kind, ra)} ${JSON.stringify(v)}`,
        );
      }
    });
  }

  it('benchmark shapes (A, B and F reduced to fewer steps; C; D)', (t) => {
    const native = requireNative(t);
    if (!native) return;
    compare(native, 'lstm', makeArgs('lstm', 6, 64, 128, 100, { inputDropout: true }), 'A (T=6)');
    compare(native, 'lstm', makeArgs('lstm', 8, 32, 128, 64, {}), 'B (T=8)');
    compare(native, 'gru', makeArgs('gru', 10, 32, 1, 64, {}), 'C forward');
    compare(native, 'gru', makeArgs('gru', 10, 32, 1, 64, { reverse: true }), 'C backward direction');
    compare(native, 'lstm', makeArgs('lstm', 10, 32, 1, 50, {}), 'D layer 1');
    compare(native, 'lstm', makeArgs('lstm', 10, 32, 50, 50, {}), 'D layer 2');
    compare(native, 'lstm', makeArgs('lstm', 2, 128, 256, 256, {}), 'F (T=2)');
    compare(native, 'lstm', makeArgs('lstm', 40, 64, 16, 100, { mask: 'post' }), 'T·B > 2000');
  });

  it('bit-identical twice in a row and across thread counts', (t) => {
    const native = requireNative(t);
    if (!native) return;
    const before = native.info().threads;
    try {
      // 64 rows: at 2 threads the LSTM splits the rows (training and inference); 8 rows: the units.
      for (const [[kind, ra], B] of kinds.flatMap((k) => [64, 8].map((B) => [k, B] as const))) {
        const a = makeArgs(kind, 12, B, 32, 100, { resetAfter: ra, mask: 'random', recurrentDropout: true });
        const lbl = `${nameOf(kind, ra)} B=${B}`;
        const results: Run[] = [1, 2, 2].map((threads): Run => {
          setThreads(native, threads);
          const f = runForward(native, kind, a);
          const BH = a.B * a.H;
          const dY = new Float32Array(f.out.y.length);
          for (let i = 0; i < dY.length; i++) dY[i] = 0.5 * f.out.y[i]!;
          const up = { dY, dHT: new Float32Array(BH).fill(0.1), dCT: null };
          return {
            f,
            g: runBackward(native, kind, a, f.saved!, up),
            inf: runForward(native, kind, a, false),
          };
        });
        for (const r of results.slice(1)) {
          assert.deepEqual(r.f.out.y, results[0]!.f.out.y, `${lbl} y (seed ${rng.seed})`);
          assert.deepEqual(r.inf.out.y, results[0]!.f.out.y, `${lbl} inference y (seed ${rng.seed})`);
          assert.deepEqual(r.g.dX, results[0]!.g.dX, `${lbl} dX (seed ${rng.seed})`);
          assert.deepEqual(
            r.g.dRecurrentKernel,
            results[0]!.g.dRecurrentKernel,
            `${lbl} dU (seed ${rng.seed})`,
          );
          assert.deepEqual(r.g.dH0, results[0]!.g.dH0, `${lbl} dH0 (seed ${rng.seed})`);
        }
      }
    } finally {
      setThreads(native, before);
    }
  });

  it('x read through ids (an embedding lookup fused into the read) gives the results of the gathered x', (t) => {
    const native = requireNative(t);
    if (!native) return;
    const V = 50;
    for (const [[kind, ra], B] of kinds.flatMap((k) => [64, 5].map((B) => [k, B] as const))) {
      const a = makeArgs(kind, 9, B, 24, 100, { resetAfter: ra, mask: 'random' });
      const table = rng.floats(V * a.I);
      const ids = Int32Array.from({ length: B * a.T }, () => rng.int(0, V));
      const x = new Float32Array(B * a.T * a.I); // gather(table, ids), (B, T, I)
      for (let n = 0; n < ids.length; n++) x.set(table.subarray(ids[n]! * a.I, (ids[n]! + 1) * a.I), n * a.I);
      const gathered = { ...a, x, xBatchMajor: true };
      const viaIds = { ...a, x: table, xIds: ids };
      const lbl = `${nameOf(kind, ra)} B=${B} (seed ${rng.seed})`;
      for (const keep of [false, true]) {
        const want = runForward(native, kind, gathered, keep);
        const got = runForward(native, kind, viaIds, keep);
        assert.deepEqual(got.out, want.out, `${lbl} ${keep ? 'training' : 'inference'} outputs`);
      }
      assert.deepEqual(
        runForward(ref, kind, viaIds, false).out,
        runForward(ref, kind, gathered, false).out,
        lbl,
      );
      const bad = Int32Array.from(ids);
      bad[ids.length - 1] = V;
      assert.throws(
        () => runForward(native, kind, { ...viaIds, xIds: bad }, false),
        /xIds\[\d+\] = 50 is outside/,
      );
    }
  });

  it('a call in the old positional form (a stale build) says to rebuild; bad arguments are named', (t) => {
    if (!requireNativeOnly(t)) return;
    const addon = createRequire(import.meta.url)(
      '../../../native/build/Release/seqlab_native.node',
    ) as Record<string, (...args: unknown[]) => void>;
    assert.throws(
      () => addon.rnnSequenceForward!('lstm', new Float32Array(1)),
      /directions must be an array.*npm run build/,
    );
    assert.throws(
      () => addon.rnnSequenceForward!('lstmCell', []),
      /unknown recurrent kind 'lstmCell'.*lstm, gru, simpleRnn/,
    );
    assert.throws(() => addon.rnnSequenceForward!('gru', []), /directions must hold one or two calls, got 0/);
    const a = makeArgs('gru', 3, 2, 4, 5, {});
    const run = runForward(ref, 'gru', a);
    // A wrong length is named by its path in the call, with the dimensions it was checked against.
    assert.throws(
      () => addon.rnnSequenceForward!('gru', [{ args: { ...a, kernel: new Float32Array(3) }, ...run }]),
      /rnnSequenceForward\(gru\): args\.kernel has length 3 but \(T, B, I, H\) = \(3, 2, 4, 5\) needs 60/,
    );
    assert.throws(
      () =>
        addon.rnnSequenceForward!('gru', [
          { args: a, ...run },
          { args: { ...a, activation: 'tanhh' }, ...run },
        ]),
      /directions\[1\]\.args\.activation 'tanhh'/,
    );
    assert.throws(
      () =>
        addon.rnnSequenceForward!('gru', [
          { args: a, out: run.out, saved: { ...run.saved, candidate: null } },
        ]),
      /saved\.candidate must be a Float32Array/,
    );
  });

  it('paired kernels (bidirectional) equal two single calls, bit for bit', (t) => {
    const native = requireNative(t);
    if (!native) return;
    for (const [kind, ra] of kinds) {
      const a0 = makeArgs(kind, 10, 32, 3, 64, { resetAfter: ra, mask: 'post' });
      const a1 = {
        ...makeArgs(kind, 10, 32, 3, 64, { resetAfter: ra }),
        x: a0.x,
        mask: a0.mask,
        reverse: true,
      };
      const single: Run['f'][] = [runForward(native, kind, a0), runForward(native, kind, a1)];
      const pair: Run['f'][] = [0, 1].map((i): Run['f'] => runForward(ref, kind, [a0, a1][i]!)); // allocates; overwritten below
      native.rnnSequenceForward(kind, [
        { args: a0, out: pair[0]!.out, saved: pair[0]!.saved },
        { args: a1, out: pair[1]!.out, saved: pair[1]!.saved },
      ]);
      const BH = a0.B * a0.H;
      const ups = [0, 1].map(() => ({
        dY: rng.floats(a0.T * BH),
        dHT: rng.floats(BH),
        dCT: kind === 'lstm' ? rng.floats(BH) : null,
      }));
      const gSingle: Run['g'][] = [0, 1].map((i): Run['g'] =>
        runBackward(native, kind, [a0, a1][i]!, single[i]!.saved!, ups[i]!),
      );
      const gPair: Run['g'][] = [0, 1].map((i): Run['g'] =>
        runBackward(ref, kind, [a0, a1][i]!, single[i]!.saved!, ups[i]!),
      );
      native.rnnSequenceBackward(kind, [
        { args: a0, saved: single[0]!.saved!, upstream: ups[0]!, grads: gPair[0]! },
        { args: a1, saved: single[1]!.saved!, upstream: ups[1]!, grads: gPair[1]! },
      ]);
      for (const i of [0, 1]) {
        const lbl = `${nameOf(kind, ra)} direction ${i} (seed ${rng.seed})`;
        assert.deepEqual(pair[i]!.out.y, single[i]!.out.y, `${lbl} y`);
        assert.deepEqual(pair[i]!.saved!.gates, single[i]!.saved!.gates, `${lbl} gates`);
        assert.deepEqual(gPair[i]!.dX, gSingle[i]!.dX, `${lbl} dX`);
        assert.deepEqual(gPair[i]!.dRecurrentKernel, gSingle[i]!.dRecurrentKernel, `${lbl} dRecurrentKernel`);
        assert.deepEqual(gPair[i]!.dH0, gSingle[i]!.dH0, `${lbl} dH0`);
      }
    }
  });

  it('without a per-step output (y null) the states and saved activations are the same bits', (t) => {
    const native = requireNative(t);
    if (!native) return;
    const before = native.info().threads;
    const backends: [string, Backend][] = [
      ['native', native],
      ['reference', ref],
    ];
    try {
      for (const threads of [1, 2]) {
        setThreads(native, threads);
        for (const [kind, ra] of kinds) {
          // Padded steps write zeros to y, and must not write them to the state when y is absent; the
          // size makes LSTM inference split the rows at 2 threads.
          const a = makeArgs(kind, 9, 64, 32, 100, { resetAfter: ra, mask: 'random' });
          for (const [name, be] of backends) {
            for (const keep of [true, false]) {
              const full = runForward(be, kind, a, keep);
              const bare = runForwardY(be, kind, a, keep, false);
              const lbl = `${name} ${nameOf(kind, ra)} keep=${keep} threads=${threads} (seed ${rng.seed})`;
              assert.equal(bare.out.y, null, lbl);
              assert.deepEqual(bare.out.hT, full.out.hT, `${lbl} hT`);
              assert.deepEqual(bare.out.cT, full.out.cT, `${lbl} cT`);
              assert.deepEqual(bare.saved, full.saved, `${lbl} saved`);
            }
          }
        }
      }
    } finally {
      setThreads(native, before);
    }
  });

  it('x read batch-major (xBatchMajor) gives the same bits as time-major, forward and backward', (t) => {
    const native = requireNative(t);
    if (!native) return;
    const before = native.info().threads;
    const backends: [string, Backend][] = [
      ['native', native],
      ['reference', ref],
    ];
    // (T, B, I, H): LSTM inference splits the rows (small weights), splits the units with each part
    // projecting its own steps (large weights), or runs unsplit (1 thread, or few rows).
    const shapes: [number, number, number, number][] = [
      [7, 64, 32, 100],
      [3, 24, 200, 160],
      [5, 3, 9, 7],
    ];
    try {
      for (const threads of [1, 2]) {
        setThreads(native, threads);
        for (const [kind, ra] of kinds) {
          for (const [T, B, I, H] of shapes) {
            const a = makeArgs(kind, T, B, I, H, {
              resetAfter: ra,
              mask: 'random',
              inputDropout: rng.uniform() < 0.5,
              reverse: rng.uniform() < 0.5,
            });
            const xb = new Float32Array(a.x.length);
            for (let s = 0; s < T; s++)
              for (let b = 0; b < B; b++)
                xb.set(a.x.subarray((s * B + b) * I, (s * B + b + 1) * I), (b * T + s) * I);
            const bm = { ...a, x: xb, xBatchMajor: true };
            for (const [name, be] of backends) {
              const lbl = `${name} ${nameOf(kind, ra)} (T, B, I, H) = (${T}, ${B}, ${I}, ${H}) threads=${threads} (seed ${rng.seed})`;
              for (const keep of [true, false]) {
                const tm = runForward(be, kind, a, keep);
                const bmr = runForward(be, kind, bm, keep);
                assert.deepEqual(bmr.out, tm.out, `${lbl} keep=${keep} outputs`);
                assert.deepEqual(bmr.saved, tm.saved, `${lbl} keep=${keep} saved`);
              }
              const f = runForward(be, kind, a);
              const up = {
                dY: rng.floats(T * B * H),
                dHT: rng.floats(B * H),
                dCT: kind === 'lstm' ? rng.floats(B * H) : null,
              };
              assert.deepEqual(
                runBackward(be, kind, bm, f.saved!, up),
                runBackward(be, kind, a, f.saved!, up),
                `${lbl} grads`,
              );
            }
          }
        }
      }
    } finally {
      setThreads(native, before);
    }
  });

  it('zero steps: states pass through', (t) => {
    const native = requireNative(t);
    if (!native) return;
    const a = makeArgs('lstm', 0, 3, 4, 5, {});
    const n = runForward(native, 'lstm', a);
    assert.deepEqual(n.out.hT, a.h0);
    assert.deepEqual(n.out.cT, a.c0);
  });
  // The instruction-set levels this CPU has (a cap above what it has changes nothing); the .wasm has one.
  function levels(backend: Backend): string[] {
    if (parityBackend === 'wasm') return [backend.info().cpuFeatures];
    const out = new Set<string>();
    for (const level of ['avx512', 'avx2', 'portable'] as const) out.add(setNativeCpuLimit(level)!);
    setNativeCpuLimit('avx512');
    return [...out];
  }
  const capOf = (features: string) =>
    features.startsWith('avx512') ? 'avx512' : features === 'avx2+fma' ? 'avx2' : 'portable';
  // Caps the addon's level (nothing to cap on wasm).
  const cap = (features: string): void => {
    if (parityBackend !== 'wasm') setNativeCpuLimit(capOf(features));
  };

  it('the lower instruction-set levels match the reference too', (t) => {
    const native = requireNative(t);
    if (!native) return;
    try {
      for (const features of levels(native).slice(1)) {
        cap(features);
        for (const [kind, ra] of kinds) {
          compare(
            native,
            kind,
            makeArgs(kind, 7, 9, 5, 33, { resetAfter: ra, mask: 'pre' }),
            `${features} ${nameOf(kind, ra)}`,
          );
        }
      }
    } finally {
      setNativeCpuLimit('avx512');
    }
  });

  it('AVX2 and AVX-512 give the same bits', (t) => {
    const native = requireNativeOnly(t);
    if (!native) return;
    if (!levels(native).includes('avx512f+avx2+fma')) {
      t.skip(`this CPU has no AVX-512F (${native.info().cpuFeatures})`);
      return;
    }
    try {
      for (const [kind, ra] of kinds) {
        const a = makeArgs(kind, 9, 64, 20, 100, { resetAfter: ra, mask: 'random', inputDropout: true });
        const up = { dY: rng.floats(a.T * a.B * a.H), dHT: null, dCT: null };
        const runs = (['avx2', 'avx512'] as const).map((level): Run => {
          setNativeCpuLimit(level);
          const f = runForward(native, kind, a);
          return {
            f,
            g: runBackward(native, kind, a, f.saved!, up),
            inf: runForward(native, kind, a, false),
          };
        });
        const lbl = `${nameOf(kind, ra)} (seed ${rng.seed})`;
        assert.deepEqual(runs[1]!.f.out.y, runs[0]!.f.out.y, `${lbl} y`);
        assert.deepEqual(runs[1]!.inf.out.y, runs[0]!.f.out.y, `${lbl} inference y`);
        assert.deepEqual(runs[1]!.f.saved!.gates, runs[0]!.f.saved!.gates, `${lbl} gates`);
        assert.deepEqual(runs[1]!.g.dX, runs[0]!.g.dX, `${lbl} dX`);
        assert.deepEqual(runs[1]!.g.dKernel, runs[0]!.g.dKernel, `${lbl} dKernel`);
        assert.deepEqual(runs[1]!.g.dRecurrentKernel, runs[0]!.g.dRecurrentKernel, `${lbl} dRecurrentKernel`);
      }
    } finally {
      setNativeCpuLimit('avx512');
    }
  });

  it('tanh and sigmoid of the gate arithmetic are within 1e-6 relative of float64 on every level', (t) => {
    const native = requireNative(t);
    if (!native) return;
    // SimpleRNN, one step, kernel = identity, no recurrence and no bias: y = f(x) exactly as the kernel
    // computes f. Values: a wide random spread plus the clamps, the branch point of tanh and tiny ones.
    const special = [
      0, -0, 1e-30, -1e-8, 0.624999, 0.625, -0.625001, 5, -9, 20, 44, -44.5, 87, -88.5, 100, -100,
    ];
    const H = 1000;
    const x = Float32Array.from(
      { length: H },
      (_, i) => special[i] ?? (rng.uniform() - 0.5) * (i % 2 ? 4 : 40),
    );
    const kernel = new Float32Array(H * H);
    for (let i = 0; i < H; i++) kernel[i * H + i] = 1;
    try {
      for (const features of levels(native)) {
        cap(features);
        for (const [activation, f] of [
          ['tanh', Math.tanh],
          ['sigmoid', (v: number) => 1 / (1 + Math.exp(-v))],
        ] as const) {
          const a: RnnSequenceArgs<Float32Array> = {
            ...makeArgs('simpleRnn', 1, 1, H, H, { bias: false }),
            x,
            kernel,
            recurrentKernel: new Float32Array(H * H),
            h0: new Float32Array(H),
            activation,
          };
          const y = runForward(native, 'simpleRnn', a, false).out.y;
          let worst = 0;
          let at = 0;
          for (let i = 0; i < H; i++) {
            // |y − f(x)| ≤ 1e-6·|f(x)| + 1e-37: relative, except for sigmoid(x < −88), which the kernels
            // clamp to sigmoid(−88) ≈ 6e−39 (rnn_simd.h), a float32 denormal.
            const want = f(x[i]!);
            const err = Math.abs(y[i]! - want) / (1e-6 * Math.abs(want) + 1e-37);
            if (!(err <= worst)) [worst, at] = [err, i];
          }
          assert.ok(worst <= 1, `${features} ${activation}(${x[at]}) = ${y[at]}, want ${f(x[at]!)}`);
        }
      }
    } finally {
      setNativeCpuLimit('avx512');
    }
  });
});

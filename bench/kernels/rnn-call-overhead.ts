/**
 * The fixed cost of one native recurrent call, N-API argument reading included: a GRU of
 * T = B = I = H = 1 (the kernel's own work is a few nanoseconds), forward and backward, with one and
 * two directions. Prints µs per call (median of 7 rounds of 20 000 calls).
 *
 * Usage: node --import tsx bench/kernels/rnn-call-overhead.ts
 */
import { loadNativeBackend } from '../../src/backend/native/index.js';
import type { RnnBackwardCall, RnnForwardCall } from '../../src/backend/interface.js';

const native = loadNativeBackend();
if (!('backend' in native)) throw new Error(native.error);
const be = native.backend;
const f = (n: number) => new Float32Array(n).fill(0.1);

function direction(reverse: boolean) {
  const G = 3;
  const args = {
    x: f(1),
    kernel: f(G),
    recurrentKernel: f(G),
    bias: f(2 * G),
    h0: f(1),
    c0: null,
    mask: null,
    inputDropoutMask: null,
    recurrentDropoutMask: null,
    reverse,
    activation: 'tanh' as const,
    recurrentActivation: 'sigmoid' as const,
    resetAfter: true,
    T: 1,
    B: 1,
    I: 1,
    H: 1,
  };
  const saved = { gates: f(G), h: f(1), c: null, candidate: f(1) };
  const fwd: RnnForwardCall<Float32Array> = { args, out: { y: f(1), hT: f(1), cT: null }, saved };
  const bwd: RnnBackwardCall<Float32Array> = {
    args,
    saved,
    upstream: { dY: f(1), dHT: null, dCT: null },
    grads: { dX: f(1), dKernel: f(G), dRecurrentKernel: f(G), dBias: f(2 * G), dH0: f(1), dC0: null },
  };
  return { fwd, bwd };
}

const one = [direction(false)];
const two = [direction(false), direction(true)];
const N = 20000;
function time(label: string, call: () => void) {
  for (let i = 0; i < 2000; i++) call();
  const rounds: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) call();
    rounds.push(Number(process.hrtime.bigint() - t0) / 1e3 / N);
  }
  rounds.sort((a, b) => a - b);
  console.log(`${label.padEnd(28)} ${rounds[3].toFixed(2)} µs/call (min ${rounds[0].toFixed(2)})`);
}
time('forward, 1 direction', () =>
  be.rnnSequenceForward(
    'gru',
    one.map((d) => d.fwd),
  ),
);
time('forward, 2 directions', () =>
  be.rnnSequenceForward(
    'gru',
    two.map((d) => d.fwd),
  ),
);
time('backward, 1 direction', () =>
  be.rnnSequenceBackward(
    'gru',
    one.map((d) => d.bwd),
  ),
);
time('backward, 2 directions', () =>
  be.rnnSequenceBackward(
    'gru',
    two.map((d) => d.bwd),
  ),
);

// The op tables are stated once on each side of N-API: src/backend/interface.ts (UNARY_OPS, BINARY_OPS,
// REDUCE_OPS, RNN_GATES) and native/src/op_tables.h. The addon passes names, never indices, but the two
// lists must still name the same ops (an op known to one side only fails at run time) and the same gate
// counts (the addon checks every weight length against them). The parity tests then run every op of
// these tables on both backends (elementwise.parity, recurrent.parity).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  BINARY_OPS,
  REDUCE_OPS,
  RNN_GATES,
  UNARY_OPS,
  type RecurrentKind,
} from '../../../src/backend/interface.js';
import { nativeOpTables } from '../../../src/backend/native/index.js';
import { referenceBackend as ref } from '../../../src/backend/reference/index.js';
import { requireNativeOnly } from '../../helpers/native.js';
import { seededRng } from '../../helpers/rng.js';

test('the native op tables equal interface.ts, in the same order', (t) => {
  if (!requireNativeOnly(t)) return;
  const tables = nativeOpTables()!;
  assert.deepEqual(tables.unary, [...UNARY_OPS], 'unary ops');
  assert.deepEqual(tables.binary, [...BINARY_OPS], 'binary ops');
  assert.deepEqual(tables.reduce, [...REDUCE_OPS], 'reduce ops');
  assert.deepEqual(tables.rnnGates, { ...RNN_GATES }, 'recurrent gate counts');
});

test('the gate counts are the weight widths the reference kernels read', () => {
  // A wrong count in RNN_GATES would make the reference kernels read past (or short of) the weights: run
  // each kind with G·H-wide weights and check that every kernel and bias column reaches the output.
  const rng = seededRng();
  const [T, B, I, H] = [2, 1, 1, 2];
  for (const kind of Object.keys(RNN_GATES) as RecurrentKind[]) {
    const GH = RNN_GATES[kind] * H;
    const args = {
      x: rng.doubles(T * B * I, 0.5, 1),
      kernel: rng.doubles(I * GH, -1, 1),
      recurrentKernel: rng.doubles(H * GH, -1, 1),
      bias: rng.doubles((kind === 'gru' ? 2 : 1) * GH, -1, 1),
      h0: new Float64Array(B * H).fill(0.5),
      c0: kind === 'lstm' ? new Float64Array(B * H).fill(0.5) : null,
      mask: null,
      inputDropoutMask: null,
      recurrentDropoutMask: null,
      reverse: false,
      activation: 'tanh' as const,
      recurrentActivation: 'sigmoid' as const,
      resetAfter: true,
      T,
      B,
      I,
      H,
    };
    const run = (a: typeof args): Float64Array => {
      const out = {
        y: null,
        hT: new Float64Array(B * H),
        cT: kind === 'lstm' ? new Float64Array(B * H) : null,
      };
      ref.rnnSequenceForward(kind, [{ args: a, out, saved: null }]);
      return out.hT;
    };
    const base = run(args);
    for (let col = 0; col < GH; col++) {
      const bias = Float64Array.from(args.bias);
      bias[col]! += 0.5;
      assert.notDeepEqual(
        run({ ...args, bias }),
        base,
        `${kind}: bias column ${col} of ${GH} (seed ${rng.seed})`,
      );
    }
  }
});

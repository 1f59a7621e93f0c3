/**
 * The compiled backends (native, wasm) run float32 kernels; a call with any float64 array goes to the
 * reference backend. These say whether a call has one.
 */
import type { FloatArray, RnnSequenceArgs } from './interface.js';

export function isF64(...arrays: (FloatArray | Int32Array | null)[]): boolean {
  return arrays.some((a) => a instanceof Float64Array);
}

export function isF64Rnn(a: RnnSequenceArgs): boolean {
  return isF64(
    a.x,
    a.kernel,
    a.recurrentKernel,
    a.bias,
    a.h0,
    a.c0,
    a.inputDropoutMask,
    a.recurrentDropoutMask,
  );
}

import { getBackend } from '../../backend/select.js';
import { SeqlabError } from '../../errors.js';
import { record } from '../tape.js';
import { requireFloat, Tensor } from '../tensor.js';
import { broadcastShapes, uninitializedFloats } from './broadcast.js';

/**
 * Inverted dropout: zeroes each element with probability `rate` and scales the rest by 1/(1 − rate).
 * The mask comes from the Philox stream (key, offset), so a seed reproduces it exactly on either
 * backend. `noiseShape` (broadcastable to x) shares one mask value across axes of size 1, which is
 * how SpatialDropout1D drops whole feature channels: noiseShape [B, 1, F].
 *
 * @example
 * dropout(x, 0.2, [seed, 0], step * x.size)
 */
export function dropout(
  x: Tensor,
  rate: number,
  key: readonly [number, number],
  offset: number,
  noiseShape: readonly number[] = x.shape,
): Tensor {
  const xs = requireFloat('dropout', x);
  if (!(rate >= 0 && rate < 1)) throw new SeqlabError(`dropout: rate must be in [0, 1), got ${rate}`);
  if (rate === 0) return x;
  broadcastShapes('dropout', x.shape, noiseShape);
  const B = getBackend();
  // The mask kernel and the products write every element: no zero fill (3.3 MB each on the benchmark's A).
  const mask = uninitializedFloats(
    xs,
    noiseShape.reduce((p, d) => p * d, 1),
  );
  B.dropoutMask(key, offset, rate, mask);
  const ys = uninitializedFloats(xs, xs.length);
  B.binary('mul', xs, x.shape, mask, noiseShape, ys, x.shape);
  return record('dropout', new Tensor(ys, x.shape), [x], (dOut) => {
    const dx = uninitializedFloats(dOut, dOut.length);
    B.binary('mul', dOut, x.shape, mask, noiseShape, dx, x.shape);
    return [dx];
  });
}

/**
 * An inverted-dropout mask of `shape`: each element 0 with probability `rate`, else 1/(1 − rate), from
 * the Philox stream (key, offset) — the mask `dropout` multiplies by, for layers that hand a mask to a
 * kernel (recurrent dropout: one (B, I) or (B, H) mask per sequence). It has no gradient.
 *
 * @example
 * dropoutMask([batch, units], 0.2, [rng.fork(), rng.fork()], 0)
 */
export function dropoutMask(
  shape: readonly number[],
  rate: number,
  key: readonly [number, number],
  offset: number,
  dtype: 'float32' | 'float64' = 'float32',
): Tensor {
  if (!(rate >= 0 && rate < 1)) throw new SeqlabError(`dropoutMask: rate must be in [0, 1), got ${rate}`);
  const size = shape.reduce((p, d) => p * d, 1);
  const data = dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
  getBackend().dropoutMask(key, offset, rate, data);
  return new Tensor(data, [...shape]);
}

import { getBackend } from '../../backend/select.js';
import type { FloatArray } from '../../backend/interface.js';
import { record } from '../tape.js';
import { assertShape, formatShape, requireFloat, sizeOf, Tensor } from '../tensor.js';
import { broadcastTo, newFloats } from './broadcast.js';

function normaliseAxes(op: string, x: Tensor, axis?: number | readonly number[]): number[] {
  const list = axis === undefined ? x.shape.map((_, i) => i) : typeof axis === 'number' ? [axis] : [...axis];
  const axes = list.map((a) => (a < 0 ? x.rank + a : a));
  assertShape(
    op,
    axes.every((a) => a >= 0 && a < x.rank),
    `axis ${String(axis)} is out of range for ${formatShape(x.shape)}`,
  );
  return axes;
}

function reduced(x: Tensor, axes: number[], keepDims: boolean): { kept: number[]; out: number[] } {
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return { kept, out: keepDims ? kept : x.shape.filter((_, i) => !axes.includes(i)) };
}

/**
 * Sum over axes (default all). @example sum(x, -1, true) // (B, T) → (B, 1)
 */
export function sum(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  const xs = requireFloat('sum', x);
  const axes = normaliseAxes('sum', x, axis);
  const { kept, out: outShape } = reduced(x, axes, keepDims);
  const out = newFloats(xs, sizeOf(kept));
  getBackend().reduce('sum', xs, x.shape, axes, out);
  return record('sum', new Tensor(out, outShape), [x], (dOut) => [broadcastTo(dOut, kept, x.shape)]);
}

/** Mean over axes (default all). @example mean(loss) */
export function mean(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  const axes = normaliseAxes('mean', x, axis);
  const count = axes.reduce((n, a) => n * x.shape[a]!, 1);
  const s = sum(x, axes, keepDims);
  const scaled = newFloats(s.floats(), s.size);
  const inv = newFloats(scaled, 1);
  inv[0] = 1 / count;
  getBackend().binary('mul', s.floats(), s.shape, inv, [], scaled, s.shape);
  return record('mean', new Tensor(scaled, s.shape), [s], (dOut) => {
    const d = newFloats(dOut, dOut.length);
    getBackend().binary('mul', dOut, s.shape, inv, [], d, s.shape);
    return [d];
  });
}

function extreme(op: 'max' | 'min', x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  const xs = requireFloat(op, x);
  const axes = normaliseAxes(op, x, axis);
  const { kept, out: outShape } = reduced(x, axes, keepDims);
  const out = newFloats(xs, sizeOf(kept));
  const B = getBackend();
  B.reduce(op, xs, x.shape, axes, out);
  return record(op, new Tensor(out, outShape), [x], (dOut) => {
    // The gradient is shared equally by the elements that attain the extreme (as TensorFlow does).
    const hit: FloatArray = newFloats(xs, xs.length);
    B.binary('equal', xs, x.shape, out, kept, hit, x.shape);
    const count = newFloats(xs, out.length);
    B.reduce('sum', hit, x.shape, axes, count);
    const share = newFloats(xs, out.length);
    B.binary('div', dOut, kept, count, kept, share, kept);
    const dx = newFloats(xs, xs.length);
    B.binary('mul', hit, x.shape, share, kept, dx, x.shape);
    return [dx];
  });
}

/** Maximum over axes (default all). @example max(h, 1) // global max pooling over time */
export const max = (x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor =>
  extreme('max', x, axis, keepDims);
/** Minimum over axes (default all). */
export const min = (x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor =>
  extreme('min', x, axis, keepDims);

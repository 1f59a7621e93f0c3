import { ShapeError } from '../../errors.js';
import { getBackend } from '../../backend/select.js';
import type { FloatArray } from '../../backend/interface.js';
import { formatShape, sizeOf, type Shape } from '../tensor.js';
import { reuse } from '../buffers.js';

/** NumPy broadcasting of two shapes; the error names the op and both shapes. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** A zeroed float array of `size` elements of `like`'s type (a recycled buffer when one fits: buffers.ts). */
export function newFloats(like: FloatArray, size: number): FloatArray {
  const kept = reuse(like, size);
  if (kept) return kept.fill(0);
  return like instanceof Float64Array ? new Float64Array(size) : new Float32Array(size);
}

/**
 * newFloats without the zero fill, for an output the kernel then writes in full: an infA batch's
 * embedding output is 13 MB, whose memset cost 1.2% of inference. Small fresh arrays are V8's own.
 */
export function uninitializedFloats(like: FloatArray, size: number): FloatArray {
  const kept = reuse(like, size);
  if (kept) return kept;
  const bytes = size * like.BYTES_PER_ELEMENT;
  if (bytes < 1 << 16) return like instanceof Float64Array ? new Float64Array(size) : new Float32Array(size);
  // Node: its own uninitialised ArrayBuffer of exactly `bytes`; a browser has no Buffer (zeroed memory).
  const memory =
    typeof Buffer === 'undefined' ? new ArrayBuffer(bytes) : Buffer.allocUnsafeSlow(bytes).buffer;
  return like instanceof Float64Array ? new Float64Array(memory, 0, size) : new Float32Array(memory, 0, size);
}

/** Sums a gradient of shape `from` down to `to` (the inverse of broadcasting `to` up to `from`). */
export function sumToShape(g: FloatArray, from: Shape, to: Shape): FloatArray {
  if (from.length === to.length && from.every((d, i) => d === to[i])) return g;
  const offset = from.length - to.length;
  const axes: number[] = [];
  from.forEach((d, i) => {
    const t = i < offset ? 1 : to[i - offset]!;
    if (t === 1 && d !== 1) axes.push(i);
    else if (i < offset) axes.push(i);
  });
  const out = newFloats(g, sizeOf(to));
  getBackend().reduce('sum', g, from, axes, out);
  return out;
}

/** Copies g (shape `from`, broadcastable) up to shape `to`. */
export function broadcastTo(g: FloatArray, from: Shape, to: Shape): FloatArray {
  const out = newFloats(g, sizeOf(to));
  const zero = newFloats(g, 1);
  getBackend().binary('add', g, from, zero, [], out, to);
  return out;
}

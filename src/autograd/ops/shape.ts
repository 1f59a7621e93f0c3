import { getBackend } from '../../backend/select.js';
import { record } from '../tape.js';
import { allocate, assertShape, formatShape, sizeOf, Tensor, type Shape } from '../tensor.js';
import type { FloatArray } from '../../backend/interface.js';
import { newFloats, uninitializedFloats } from './broadcast.js';

/**
 * Same data, new shape (one dimension may be −1 and is inferred). No copy.
 * @example reshape(x, [-1, 10])
 */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const known = shape.filter((d) => d !== -1);
  const inferred = shape.includes(-1) ? x.size / Math.max(1, sizeOf(known)) : null;
  const target = shape.map((d) => (d === -1 ? inferred! : d));
  assertShape(
    'reshape',
    shape.filter((d) => d === -1).length <= 1 && Number.isInteger(inferred ?? 0) && sizeOf(target) === x.size,
    `cannot reshape ${formatShape(x.shape)} (${x.size} values) to ${formatShape(shape)}`,
  );
  return record('reshape', new Tensor(x.data, target), [x], (dOut) => [dOut]);
}

/**
 * Permutes axes (default: reverses them).
 * @example transpose(x, [1, 0, 2]) // (B, T, F) → (T, B, F)
 */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const p = perm ?? x.shape.map((_, i) => x.rank - 1 - i);
  assertShape(
    'transpose',
    p.length === x.rank && [...p].sort((a, b) => a - b).every((v, i) => v === i),
    `perm ${formatShape(p)} is not a permutation of the ${x.rank} axes of ${formatShape(x.shape)}`,
  );
  const out = allocate(x.dtype, x.size);
  getBackend().transpose(x.data, x.shape, p, out);
  const outShape = p.map((i) => x.shape[i]!);
  const inverse = p.map((_, i) => p.indexOf(i));
  return record('transpose', new Tensor(out, outShape), [x], (dOut) => {
    const dx = newFloats(dOut, dOut.length);
    getBackend().transpose(dOut, outShape, inverse, dx);
    return [dx];
  });
}

/**
 * The box of `size` starting at `begin` (size −1 = to the end of that axis).
 * @example slice(x, [0, 5], [-1, 3]) // columns 5..7 of every row
 */
export function slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor {
  const region = size.map((s, d) => (s === -1 ? x.shape[d]! - begin[d]! : s));
  assertShape(
    'slice',
    begin.length === x.rank &&
      size.length === x.rank &&
      region.every((r, d) => begin[d]! >= 0 && r >= 0 && begin[d]! + r <= x.shape[d]!),
    `begin ${formatShape(begin)} size ${formatShape(size)} is outside ${formatShape(x.shape)}`,
  );
  const out = allocate(x.dtype, sizeOf(region));
  const zero = region.map(() => 0);
  getBackend().copyRegion(x.data, x.shape, begin, out, region, zero, region, false);
  return record('slice', new Tensor(out, region), [x], (dOut) => {
    const dx = newFloats(dOut, x.size);
    getBackend().copyRegion(dOut, region, zero, dx, x.shape, begin, region, true);
    return [dx];
  });
}

/**
 * Joins tensors along an existing axis.
 * @example concat([forward, backward], -1) // (B, T, H) + (B, T, H) → (B, T, 2H)
 */
export function concat(tensors: readonly Tensor[], axis = -1): Tensor {
  assertShape('concat', tensors.length > 0, 'needs at least one tensor');
  const first = tensors[0]!;
  const ax = axis < 0 ? first.rank + axis : axis;
  for (const t of tensors) {
    assertShape(
      'concat',
      t.rank === first.rank &&
        t.dtype === first.dtype &&
        t.shape.every((d, i) => i === ax || d === first.shape[i]),
      `shapes ${tensors.map((u) => formatShape(u.shape)).join(', ')} differ outside axis ${ax}`,
    );
  }
  const outShape = [...first.shape];
  outShape[ax] = tensors.reduce((s, t) => s + t.shape[ax]!, 0);
  const size = sizeOf(outShape);
  // The copies below write every element.
  const out =
    first.data instanceof Int32Array ? allocate('int32', size) : uninitializedFloats(first.data, size);
  const zero = outShape.map(() => 0);
  const offsets: number[] = [];
  let offset = 0;
  for (const t of tensors) {
    const begin = zero.map((_, d) => (d === ax ? offset : 0));
    getBackend().copyRegion(t.data, t.shape, zero, out, outShape, begin, t.shape, false);
    offsets.push(offset);
    offset += t.shape[ax]!;
  }
  return record('concat', new Tensor(out, outShape), tensors, (dOut) =>
    tensors.map((t, j) => {
      if (!t.requiresGrad) return null;
      const dt: FloatArray = newFloats(dOut, t.size);
      const begin = zero.map((_, d) => (d === ax ? offsets[j]! : 0));
      getBackend().copyRegion(dOut, outShape, begin, dt, t.shape, zero, t.shape, false);
      return dt;
    }),
  );
}

/** Inserts an axis of size 1. @example expandDims(x, -1) // (B, T) → (B, T, 1) */
export function expandDims(x: Tensor, axis: number): Tensor {
  const ax = axis < 0 ? x.rank + 1 + axis : axis;
  return reshape(x, [...x.shape.slice(0, ax), 1, ...x.shape.slice(ax)]);
}

/** Removes an axis of size 1. @example squeeze(y, -1) // (B, 1) → (B) */
export function squeeze(x: Tensor, axis: number): Tensor {
  const ax = axis < 0 ? x.rank + axis : axis;
  assertShape('squeeze', x.shape[ax] === 1, `axis ${axis} of ${formatShape(x.shape)} is not 1`);
  return reshape(
    x,
    x.shape.filter((_, i) => i !== ax),
  );
}

/**
 * Stacks equally shaped tensors along a new axis.
 * @example stack([h1, h2, h3], 1) // three (B, H) → (B, 3, H)
 */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  return concat(
    tensors.map((t) => expandDims(t, axis)),
    axis,
  );
}

import type { FloatArray } from '../interface.js';
import { contiguousStrides } from './strides.js';

/** out = x with its axes permuted: out.shape[i] = shape[perm[i]]. */
export function transpose<F extends FloatArray | Int32Array>(
  x: F,
  shape: readonly number[],
  perm: readonly number[],
  out: F,
): void {
  const rank = shape.length;
  const inStrides = contiguousStrides(shape);
  const outShape = perm.map((p) => shape[p]!);
  const srcStrides = perm.map((p) => inStrides[p]!); // stride in x of each output axis
  const index = new Array<number>(rank).fill(0);
  let src = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = x[src]!;
    for (let d = rank - 1; d >= 0; d--) {
      index[d]!++;
      src += srcStrides[d]!;
      if (index[d]! < outShape[d]!) break;
      src -= srcStrides[d]! * outShape[d]!;
      index[d] = 0;
    }
  }
}

/** Copies (or adds) the box `region` from src at srcBegin into dst at dstBegin. */
export function copyRegion<F extends FloatArray | Int32Array>(
  src: F,
  srcShape: readonly number[],
  srcBegin: readonly number[],
  dst: F,
  dstShape: readonly number[],
  dstBegin: readonly number[],
  region: readonly number[],
  accumulate: boolean,
): void {
  const rank = region.length;
  if (region.some((r) => r === 0)) return;
  const ss = contiguousStrides(srcShape);
  const ds = contiguousStrides(dstShape);
  let s = srcBegin.reduce((acc, b, d) => acc + b * ss[d]!, 0);
  let t = dstBegin.reduce((acc, b, d) => acc + b * ds[d]!, 0);
  const index = new Array<number>(rank).fill(0);
  const total = region.reduce((p, r) => p * r, 1);
  for (let i = 0; i < total; i++) {
    dst[t] = accumulate ? dst[t]! + src[s]! : src[s]!;
    for (let d = rank - 1; d >= 0; d--) {
      index[d]!++;
      s += ss[d]!;
      t += ds[d]!;
      if (index[d]! < region[d]!) break;
      s -= ss[d]! * region[d]!;
      t -= ds[d]! * region[d]!;
      index[d] = 0;
    }
  }
}

/**
 * Argument checks for the WebAssembly backend: native/src/addon.cc's checks, in TypeScript. The .wasm's C
 * functions trust their arguments, and a wrong length would read or write past an array inside the
 * module's one memory, so every length is checked here before anything is copied in. Messages name the
 * kernel, the argument, its length and the dimensions that needed another.
 */
import { ShapeError } from '../../errors.js';
import type {
  RnnGrads,
  RecurrentKind,
  RnnSaved,
  RnnSequenceArgs,
  RnnSequenceOutputs,
  RnnUpstream,
} from '../interface.js';

type Sized = { length: number } | null;

/** Throws unless `actual` has `expected` elements (null arrays pass when `optional`). */
export function checkLength(
  kernel: string,
  name: string,
  actual: Sized,
  expected: number,
  why: string,
): void {
  if (actual === null)
    throw new TypeError(`${kernel}: ${name} is required (${why} needs ${expected} elements)`);
  if (actual.length !== expected) {
    throw new ShapeError(`${kernel}: ${name} has length ${actual.length} but ${why} needs ${expected}`);
  }
}

function checkOptional(kernel: string, name: string, actual: Sized, expected: number, why: string): void {
  if (actual !== null) checkLength(kernel, name, actual, expected, why);
}

export function product(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** Every entry a non-negative integer. */
export function checkShape(kernel: string, name: string, shape: readonly number[]): void {
  shape.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${kernel}: ${name}[${i}] must be a non-negative integer, got ${d}`);
    }
  });
}

/** a and b right-aligned to outShape's rank, each dimension 1 or outShape's. */
export function alignedShapes(
  aShape: readonly number[],
  bShape: readonly number[],
  outShape: readonly number[],
): [number[], number[]] {
  return [aShape, bShape].map((s) => {
    if (s.length > outShape.length) {
      throw new ShapeError(
        `binary: operand shape [${s.join(', ')}] has more dimensions than outShape [${outShape.join(', ')}]`,
      );
    }
    const aligned = [...Array<number>(outShape.length - s.length).fill(1), ...s];
    aligned.forEach((d, i) => {
      if (d !== 1 && d !== outShape[i]) {
        throw new ShapeError(
          `binary: operand shape [${s.join(', ')}] does not broadcast to outShape [${outShape.join(', ')}]`,
        );
      }
    });
    return aligned;
  }) as [number[], number[]];
}

/** The gate count and bias length of a recurrent call, after checking every array against (T, B, I, H). */
export function checkRnnArgs(
  kernel: string,
  kind: RecurrentKind,
  a: RnnSequenceArgs,
): { G: number; biasLength: number } {
  const { T, B, I, H } = a;
  for (const [name, v] of Object.entries({ T, B, I, H })) {
    if (!Number.isInteger(v) || v < 0)
      throw new ShapeError(`${kernel}: ${name} must be a non-negative integer, got ${v}`);
  }
  const G = kind === 'lstm' ? 4 : kind === 'gru' ? 3 : 1;
  const GH = G * H;
  const dims = `(T, B, I, H) = (${T}, ${B}, ${I}, ${H})`;
  if (a.xIds) {
    checkLength(kernel, 'xIds', a.xIds, B * T, dims);
    if (I === 0 || a.x.length % I !== 0)
      throw new ShapeError(`${kernel}: x must be a (V, I) table with xIds, ${dims}`);
    const V = a.x.length / I;
    const bad = a.xIds.findIndex((id) => id < 0 || id >= V);
    if (bad >= 0) {
      throw new ShapeError(`${kernel}: xIds[${bad}] = ${a.xIds[bad]} is outside the table's ${V} rows`);
    }
  } else {
    checkLength(kernel, 'x', a.x, T * B * I, dims);
  }
  checkLength(kernel, 'kernel', a.kernel, I * GH, dims);
  checkLength(kernel, 'recurrentKernel', a.recurrentKernel, H * GH, dims);
  const resetAfter = kind === 'gru' && a.resetAfter;
  const biasLength = resetAfter ? 2 * GH : GH;
  checkOptional(kernel, 'bias', a.bias, biasLength, dims + (resetAfter ? ' with resetAfter' : ''));
  checkLength(kernel, 'h0', a.h0, B * H, dims);
  if (kind === 'lstm') checkLength(kernel, 'c0', a.c0, B * H, dims);
  checkOptional(kernel, 'mask', a.mask, T * B, dims);
  checkOptional(kernel, 'inputDropoutMask', a.inputDropoutMask, B * I, dims);
  checkOptional(kernel, 'recurrentDropoutMask', a.recurrentDropoutMask, B * H, dims);
  return { G, biasLength };
}

function checkSaved(kernel: string, kind: RecurrentKind, a: RnnSequenceArgs, s: RnnSaved, G: number): void {
  const TBH = a.T * a.B * a.H;
  const dims = `(T, B, H) = (${a.T}, ${a.B}, ${a.H})`;
  checkLength(kernel, 'saved.gates', s.gates, TBH * G, dims);
  checkLength(kernel, 'saved.h', s.h, TBH, dims);
  if (kind === 'lstm') checkLength(kernel, 'saved.c', s.c, TBH, dims);
  if (kind === 'gru') checkLength(kernel, 'saved.candidate', s.candidate, TBH, dims);
}

export function checkRnnForward(
  kernel: string,
  kind: RecurrentKind,
  a: RnnSequenceArgs,
  out: RnnSequenceOutputs,
  saved: RnnSaved | null,
): void {
  const { G } = checkRnnArgs(kernel, kind, a);
  const dims = `(T, B, H) = (${a.T}, ${a.B}, ${a.H})`;
  checkOptional(kernel, 'y', out.y, a.T * a.B * a.H, dims);
  checkLength(kernel, 'hT', out.hT, a.B * a.H, dims);
  if (kind === 'lstm') checkLength(kernel, 'cT', out.cT, a.B * a.H, dims);
  if (saved) checkSaved(kernel, kind, a, saved, G);
}

export function checkRnnBackward(
  kernel: string,
  kind: RecurrentKind,
  a: RnnSequenceArgs,
  saved: RnnSaved,
  up: RnnUpstream,
  g: RnnGrads,
): void {
  const { G, biasLength } = checkRnnArgs(kernel, kind, a);
  checkSaved(kernel, kind, a, saved, G);
  const BH = a.B * a.H;
  const dims = `(T, B, I, H) = (${a.T}, ${a.B}, ${a.I}, ${a.H})`;
  checkOptional(kernel, 'dY', up.dY, a.T * BH, dims);
  checkOptional(kernel, 'dHT', up.dHT, BH, dims);
  if (kind === 'lstm') checkOptional(kernel, 'dCT', up.dCT, BH, dims);
  checkLength(kernel, 'dX', g.dX, a.T * a.B * a.I, dims);
  checkLength(kernel, 'dKernel', g.dKernel, a.I * G * a.H, dims);
  checkLength(kernel, 'dRecurrentKernel', g.dRecurrentKernel, a.H * G * a.H, dims);
  if (a.bias) checkLength(kernel, 'dBias', g.dBias, biasLength, dims);
  checkLength(kernel, 'dH0', g.dH0, BH, dims);
  if (kind === 'lstm') checkLength(kernel, 'dC0', g.dC0, BH, dims);
}

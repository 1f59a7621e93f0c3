import { getBackend } from '../../backend/select.js';
import type { BinaryOp, FloatArray, UnaryOp } from '../../backend/interface.js';
import { record } from '../tape.js';
import { fill, requireFloat, requireSameDType, sizeOf, Tensor } from '../tensor.js';
import { broadcastShapes, newFloats, sumToShape } from './broadcast.js';

type Operand = Tensor | number;

function asTensor(x: Operand, like: Tensor): Tensor {
  return typeof x === 'number' ? fill([], x, like.dtype === 'int32' ? 'float32' : like.dtype) : x;
}

function compute(op: BinaryOp, a: Tensor, b: Tensor, outShape: number[]): FloatArray {
  const out = newFloats(a.floats(), sizeOf(outShape));
  getBackend().binary(op, a.floats(), a.shape, b.floats(), b.shape, out, outShape);
  return out;
}

/** Element-wise product of two arrays of one shape, through the backend. */
function times(x: FloatArray, y: FloatArray, shape: number[]): FloatArray {
  const out = newFloats(x, x.length);
  getBackend().binary('mul', x, shape, y, shape, out, shape);
  return out;
}

function binaryOp(op: BinaryOp, x: Operand, y: Operand): Tensor {
  const a = x instanceof Tensor ? x : asTensor(x, y as Tensor);
  const b = asTensor(y, a);
  requireFloat(op, a);
  requireFloat(op, b);
  requireSameDType(op, a, b);
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = new Tensor(compute(op, a, b, shape), shape);
  return record(op, out, [a, b], (dOut) => {
    const B = getBackend();
    switch (op) {
      case 'add':
        return [sumToShape(dOut, shape, a.shape), sumToShape(dOut, shape, b.shape)];
      case 'sub': {
        const neg = newFloats(dOut, dOut.length);
        B.unary('neg', dOut, neg);
        return [sumToShape(dOut, shape, a.shape), sumToShape(neg, shape, b.shape)];
      }
      case 'mul':
        return [
          a.requiresGrad
            ? sumToShape(compute('mul', new Tensor(dOut, shape), b, shape), shape, a.shape)
            : null,
          b.requiresGrad
            ? sumToShape(compute('mul', new Tensor(dOut, shape), a, shape), shape, b.shape)
            : null,
        ];
      case 'div': {
        // d/da = dOut / b;  d/db = −dOut · out / b
        const da = compute('div', new Tensor(dOut, shape), b, shape);
        let db: FloatArray | null = null;
        if (b.requiresGrad) {
          const t = times(da, out.floats(), shape);
          B.unary('neg', t, t);
          db = sumToShape(t, shape, b.shape);
        }
        return [sumToShape(da, shape, a.shape), db];
      }
      case 'maximum':
      case 'minimum': {
        // The gradient goes to a where a wins or ties, else to b.
        const bWins = op === 'maximum' ? compute('greater', b, a, shape) : compute('greater', a, b, shape);
        const toB = times(dOut, bWins, shape);
        const toA = newFloats(dOut, dOut.length);
        B.binary('sub', dOut, shape, toB, shape, toA, shape);
        return [sumToShape(toA, shape, a.shape), sumToShape(toB, shape, b.shape)];
      }
      default:
        return [null, null]; // comparisons have no gradient
    }
  });
}

/** a + b with broadcasting. @example add(x, 1) */
export const add = (a: Operand, b: Operand): Tensor => binaryOp('add', a, b);
/** a − b with broadcasting. @example sub(y, yHat) */
export const sub = (a: Operand, b: Operand): Tensor => binaryOp('sub', a, b);
/** a · b element-wise with broadcasting. @example mul(x, mask) */
export const mul = (a: Operand, b: Operand): Tensor => binaryOp('mul', a, b);
/** a / b element-wise with broadcasting. @example div(x, 255) */
export const div = (a: Operand, b: Operand): Tensor => binaryOp('div', a, b);
/** Element-wise maximum. @example maximum(x, 0) */
export const maximum = (a: Operand, b: Operand): Tensor => binaryOp('maximum', a, b);
/** Element-wise minimum. @example minimum(x, 1) */
export const minimum = (a: Operand, b: Operand): Tensor => binaryOp('minimum', a, b);
/** 1 where a == b else 0 (no gradient). @example equal(yTrue, yPred) */
export const equal = (a: Operand, b: Operand): Tensor => binaryOp('equal', a, b);
/** 1 where a > b else 0 (no gradient). @example greater(p, 0.5) */
export const greater = (a: Operand, b: Operand): Tensor => binaryOp('greater', a, b);

/** Clips values into [lo, hi]; the gradient is zero outside, as in Keras. @example clip(p, 1e-7, 1 - 1e-7) */
export function clip(x: Tensor, lo: number, hi: number): Tensor {
  return minimum(maximum(x, lo), hi);
}

/** Applies an element-wise function by name. @example unaryOp('tanh', x) */
export function unaryOp(op: UnaryOp, x: Tensor): Tensor {
  const xs = requireFloat(op, x);
  const ys = newFloats(xs, xs.length);
  getBackend().unary(op, xs, ys);
  const out = new Tensor(ys, x.shape);
  return record(op, out, [x], (dOut) => {
    const dx = newFloats(dOut, dOut.length);
    getBackend().unaryBackward(op, xs, ys, dOut, dx);
    return [dx];
  });
}

export const relu = (x: Tensor): Tensor => unaryOp('relu', x);
export const sigmoid = (x: Tensor): Tensor => unaryOp('sigmoid', x);
export const tanh = (x: Tensor): Tensor => unaryOp('tanh', x);
export const hardSigmoid = (x: Tensor): Tensor => unaryOp('hardSigmoid', x);
export const exp = (x: Tensor): Tensor => unaryOp('exp', x);
export const log = (x: Tensor): Tensor => unaryOp('log', x);
export const neg = (x: Tensor): Tensor => unaryOp('neg', x);
export const sqrt = (x: Tensor): Tensor => unaryOp('sqrt', x);
export const abs = (x: Tensor): Tensor => unaryOp('abs', x);
export const square = (x: Tensor): Tensor => unaryOp('square', x);
export const softplus = (x: Tensor): Tensor => unaryOp('softplus', x);

import type { BinaryOp, FloatArray, UnaryOp } from '../interface.js';
import { broadcastStrides } from './strides.js';

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const GELU_C = Math.sqrt(2 / Math.PI);

/** y = f(x) for one element; the specification of the native activation table. */
export function unaryScalar(op: UnaryOp, x: number): number {
  switch (op) {
    case 'linear':
      return x;
    case 'relu':
      return x < 0 ? 0 : x; // NaN passes through, as in PyTorch
    case 'sigmoid':
      return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    case 'tanh':
      return Math.tanh(x);
    case 'hardSigmoid':
      return Math.max(0, Math.min(1, x / 6 + 0.5));
    case 'exp':
      return Math.exp(x);
    case 'log':
      return Math.log(x);
    case 'neg':
      return -x;
    case 'sqrt':
      return Math.sqrt(x);
    case 'abs':
      return Math.abs(x);
    case 'square':
      return x * x;
    case 'softplus':
      return x > 20 ? x : Math.log1p(Math.exp(x));
    case 'elu':
      return x > 0 ? x : Math.expm1(x);
    case 'selu':
      return x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x);
    case 'gelu':
      return 0.5 * x * (1 + Math.tanh(GELU_C * (x + 0.044715 * x * x * x)));
    case 'swish':
      return x * unaryScalar('sigmoid', x);
  }
}

/** f'(x) given x and y = f(x). */
export function unaryDerivative(op: UnaryOp, x: number, y: number): number {
  switch (op) {
    case 'linear':
      return 1;
    case 'relu':
      return x > 0 ? 1 : 0;
    case 'sigmoid':
      return y * (1 - y);
    case 'tanh':
      return 1 - y * y;
    case 'hardSigmoid':
      return x > -3 && x < 3 ? 1 / 6 : 0;
    case 'exp':
      return y;
    case 'log':
      return 1 / x;
    case 'neg':
      return -1;
    case 'sqrt':
      return 0.5 / y;
    case 'abs':
      return x > 0 ? 1 : x < 0 ? -1 : 0;
    case 'square':
      return 2 * x;
    case 'softplus':
      return unaryScalar('sigmoid', x);
    case 'elu':
      return x > 0 ? 1 : y + 1;
    case 'selu':
      return x > 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA;
    case 'gelu': {
      const u = GELU_C * (x + 0.044715 * x * x * x);
      const t = Math.tanh(u);
      return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * x * x);
    }
    case 'swish': {
      const s = unaryScalar('sigmoid', x);
      return s + x * s * (1 - s);
    }
  }
}

export function unary<F extends FloatArray>(op: UnaryOp, x: F, out: F): void {
  for (let i = 0; i < x.length; i++) out[i] = unaryScalar(op, x[i]!);
}

export function unaryBackward<F extends FloatArray>(op: UnaryOp, x: F, y: F, dy: F, dx: F): void {
  for (let i = 0; i < x.length; i++) dx[i] = dy[i]! * unaryDerivative(op, x[i]!, y[i]!);
}

export function binaryScalar(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case 'add':
      return a + b;
    case 'sub':
      return a - b;
    case 'mul':
      return a * b;
    case 'div':
      return a / b;
    case 'maximum':
      return a >= b || Number.isNaN(a) ? a : b;
    case 'minimum':
      return a <= b || Number.isNaN(a) ? a : b;
    case 'equal':
      return a === b ? 1 : 0;
    case 'greater':
      return a > b ? 1 : 0;
  }
}

export function binary<F extends FloatArray>(
  op: BinaryOp,
  a: F,
  aShape: readonly number[],
  b: F,
  bShape: readonly number[],
  out: F,
  outShape: readonly number[],
): void {
  const rank = outShape.length;
  const aStrides = broadcastStrides(aShape, outShape);
  const bStrides = broadcastStrides(bShape, outShape);
  const index = new Array<number>(rank).fill(0);
  let ai = 0;
  let bi = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = binaryScalar(op, a[ai]!, b[bi]!);
    // Odometer increment of the output index, moving a's and b's offsets along.
    for (let d = rank - 1; d >= 0; d--) {
      index[d]!++;
      ai += aStrides[d]!;
      bi += bStrides[d]!;
      if (index[d]! < outShape[d]!) break;
      ai -= aStrides[d]! * outShape[d]!;
      bi -= bStrides[d]! * outShape[d]!;
      index[d] = 0;
    }
  }
}

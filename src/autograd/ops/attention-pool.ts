import type { FloatArray } from '../../backend/interface.js';
import { getBackend } from '../../backend/select.js';
import { backwardOnce, record } from '../tape.js';
import { assertShape, formatShape, requireFloat, requireSameDType, Tensor } from '../tensor.js';
import { recycle } from '../buffers.js';
import { newFloats, uninitializedFloats } from './broadcast.js';

/**
 * Additive attention pooling as one recorded op (the AttentionPooling layer):
 *   hidden = tanh(x W + b)  (B·T, U);  score = hidden v + penalty  (B, T);
 *   a = softmax over T of score;       out[b] = Σ_t a[b, t] · x[b, t]  (B, F).
 * One pass of backend kernels each way instead of a dozen ops with their own outputs, copies and
 * tape entries. `penalty` (B·T) is a constant (0 or −1e9 for padded steps) or null. Returns the
 * pooled output and a copy of the attention weights a (B, T), outside the tape (for reports).
 * @example
 * const { output, attention } = attentionPool(h, kernel, bias, scoreVector, null); // (B, F), (B, T)
 */
export function attentionPool(
  x: Tensor,
  kernel: Tensor,
  bias: Tensor,
  scoreVector: Tensor,
  penalty: FloatArray | null,
): { output: Tensor; attention: Tensor } {
  const name = 'attentionPool';
  const X = requireFloat(name, x);
  assertShape(name, x.rank === 3, `expects x of shape (batch, steps, features), got ${formatShape(x.shape)}`);
  const [B, T, F] = x.shape as [number, number, number];
  const U = bias.size;
  for (const w of [kernel, bias, scoreVector]) requireSameDType(name, x, w);
  assertShape(
    name,
    kernel.size === F * U && scoreVector.size === U,
    `kernel must be (${F}, ${U}) and scoreVector (${U}), got ${formatShape(kernel.shape)} and ${formatShape(scoreVector.shape)}`,
  );
  const BT = B * T;
  const W = kernel.data as FloatArray;
  const v = scoreVector.data as FloatArray;
  const backend = getBackend();

  const hidden = uninitializedFloats(X, BT * U); // (B·T, U): tanh(x W + b)
  backend.gemm(BT, U, F, X, W, hidden);
  backend.binary('add', hidden, [BT, U], bias.data as FloatArray, [U], hidden, [BT, U]);
  backend.unary('tanh', hidden, hidden);
  const alpha = uninitializedFloats(X, BT); // scores, then (in place) the softmax over each row of T
  backend.gemm(BT, 1, U, hidden, v, alpha);
  if (penalty) for (let i = 0; i < BT; i++) alpha[i]! += penalty[i]!;
  backend.softmax(alpha, B, T, alpha, false);
  // out[b] = Σ_t a[b, t] · x[b, t]: the products (B, T, F) summed over T. Whole-batch kernels, not a
  // (1, T)·(T, F) GEMM per sequence: at infC's batch of 256 the op took 30% of the main thread, about
  // half of it around those calls (views, N-API checks, a packed GEMM each), not in arithmetic.
  const weighted = uninitializedFloats(X, BT * F);
  backend.binary('mul', X, [B, T, F], alpha, [B, T, 1], weighted, [B, T, F]);
  const out = uninitializedFloats(X, B * F);
  backend.reduce('sum', weighted, [B, T, F], [1], out);
  recycle(weighted);

  const gradient = backwardOnce(name, (dOut: FloatArray) => {
    // da[b, t] = x[b, t] · dOut[b]: products summed over F; then dx[b, t] = a[b, t] · dOut[b] (+ dPre Wᵀ below)
    const dX = uninitializedFloats(dOut, BT * F);
    backend.binary('mul', X, [B, T, F], dOut, [B, 1, F], dX, [B, T, F]);
    const dScore = uninitializedFloats(dOut, BT);
    backend.reduce('sum', dX, [B, T, F], [2], dScore);
    backend.binary('mul', alpha, [B, T, 1], dOut, [B, 1, F], dX, [B, T, F]);
    backend.softmaxBackward(alpha, dScore, B, T, dScore, false);
    const dPre = uninitializedFloats(dOut, BT * U); // d score / d hidden = v, then through tanh
    backend.gemm(BT, U, 1, dScore, v, dPre);
    const dV = newFloats(dOut, U);
    backend.gemm(U, 1, BT, hidden, dScore, dV, { transA: true });
    backend.unaryBackward('tanh', hidden, hidden, dPre, dPre);
    const dW = newFloats(dOut, F * U);
    backend.gemm(F, U, BT, X, dPre, dW, { transA: true });
    const dB = newFloats(dOut, U);
    backend.reduce('sum', dPre, [BT, U], [0], dB);
    backend.gemm(BT, F, U, dPre, W, dX, { transB: true, beta: 1 });
    recycle(hidden);
    recycle(dPre);
    return [dX, dW, dB, dV];
  });
  const output = record(name, new Tensor(out, [B, F]), [x, kernel, bias, scoreVector], gradient);
  return { output, attention: new Tensor(alpha.slice() as FloatArray, [B, T]) }; // a copy: backward reads alpha
}

import type { FloatArray } from '../../backend/interface.js';
import { getBackend } from '../../backend/select.js';
import { record } from '../tape.js';
import { assertShape, formatShape, requireFloat, requireSameDType, Tensor } from '../tensor.js';
import { newFloats } from './broadcast.js';

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

  const hidden = newFloats(X, BT * U); // (B·T, U): tanh(x W + b)
  for (let r = 0; r < BT; r++) hidden.set(bias.data as FloatArray, r * U);
  backend.gemm(BT, U, F, X, W, hidden, { beta: 1 });
  backend.unary('tanh', hidden, hidden);
  const alpha = newFloats(X, BT); // scores, then (in place) the softmax over each row of T
  backend.gemm(BT, 1, U, hidden, v, alpha);
  if (penalty) for (let i = 0; i < BT; i++) alpha[i]! += penalty[i]!;
  backend.softmax(alpha, B, T, alpha, false);
  const out = newFloats(X, B * F);
  for (let b = 0; b < B; b++) {
    // out[b] (1, F) = a[b] (1, T) · x[b] (T, F)
    const xb = X.subarray(b * T * F, (b + 1) * T * F) as FloatArray;
    backend.gemm(1, F, T, alpha.subarray(b * T, (b + 1) * T) as FloatArray, xb, out.subarray(b * F, (b + 1) * F) as FloatArray);
  }

  const output = record(name, new Tensor(out, [B, F]), [x, kernel, bias, scoreVector], (dOut) => {
    const dX = newFloats(dOut, BT * F);
    const dScore = newFloats(dOut, BT);
    for (let b = 0; b < B; b++) {
      const xb = X.subarray(b * T * F, (b + 1) * T * F) as FloatArray;
      const db = dOut.subarray(b * F, (b + 1) * F) as FloatArray;
      backend.gemm(T, 1, F, xb, db, dScore.subarray(b * T, (b + 1) * T) as FloatArray); // da = x[b] · dOut[b]
      // dx[b] = a[b]ᵀ (T, 1) · dOut[b] (1, F)
      backend.gemm(T, F, 1, alpha.subarray(b * T, (b + 1) * T) as FloatArray, db, dX.subarray(b * T * F, (b + 1) * T * F) as FloatArray);
    }
    backend.softmaxBackward(alpha, dScore, B, T, dScore, false);
    const dPre = newFloats(dOut, BT * U); // d score / d hidden = v, then through tanh
    backend.gemm(BT, U, 1, dScore, v, dPre);
    const dV = newFloats(dOut, U);
    backend.gemm(U, 1, BT, hidden, dScore, dV, { transA: true });
    backend.unaryBackward('tanh', hidden, hidden, dPre, dPre);
    const dW = newFloats(dOut, F * U);
    backend.gemm(F, U, BT, X, dPre, dW, { transA: true });
    const dB = newFloats(dOut, U);
    backend.reduce('sum', dPre, [BT, U], [0], dB);
    backend.gemm(BT, F, U, dPre, W, dX, { transB: true, beta: 1 });
    return [dX, dW, dB, dV];
  });
  return { output, attention: new Tensor(alpha.slice() as FloatArray, [B, T]) }; // a copy: backward reads alpha
}

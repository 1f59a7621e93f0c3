import type { Tensor } from '../tensor.js';
import { recurrentSequence, type RecurrentSequenceOptions, type SequenceResult } from './recurrent.js';

export interface GruSequenceOptions extends RecurrentSequenceOptions {
  /**
   * Apply the reset gate after the recurrent product (Keras 3 default true; bias (2, 3H) =
   * [input bias; recurrent bias]). False: h̃ = a(x·W_h + (r ⊙ h)·U_h + b_h), bias (3H).
   */
  resetAfter?: boolean;
}

/**
 * A whole GRU sequence as one op (Keras layouts: kernel (I, 3H), recurrentKernel (H, 3H), gate
 * columns z, r, h; h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃). x (B, T, I) → output (B, T, H) and states [h_T].
 *
 * @example
 * const { output, states: [h] } = gruSequence(x, kernel, recurrentKernel, bias, { resetAfter: true });
 */
export function gruSequence(
  x: Tensor,
  kernel: Tensor,
  recurrentKernel: Tensor,
  bias: Tensor | null,
  options: GruSequenceOptions = {},
): SequenceResult {
  return recurrentSequence('gru', x, kernel, recurrentKernel, bias, options);
}

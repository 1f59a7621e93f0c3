import type { Tensor } from '../tensor.js';
import { recurrentSequence, type RecurrentSequenceOptions, type SequenceResult } from './recurrent.js';

/**
 * A whole SimpleRNN sequence as one op: h_t = a(x_t·W + h_{t−1}·U + b), kernel (I, H),
 * recurrentKernel (H, H), bias (H). x (B, T, I) → output (B, T, H) and states [h_T].
 *
 * @example
 * const { output } = simpleRnnSequence(x, kernel, recurrentKernel, bias, { activation: 'relu' });
 */
export function simpleRnnSequence(
  x: Tensor,
  kernel: Tensor,
  recurrentKernel: Tensor,
  bias: Tensor | null,
  options: RecurrentSequenceOptions = {},
): SequenceResult {
  return recurrentSequence('simpleRnn', x, kernel, recurrentKernel, bias, options);
}

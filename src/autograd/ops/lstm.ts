import type { Tensor } from '../tensor.js';
import { recurrentSequence, type RecurrentSequenceOptions, type SequenceResult } from './recurrent.js';

export { reverseSequence, type RecurrentSequenceOptions, type SequenceResult } from './recurrent.js';

/**
 * A whole LSTM sequence as one op (Keras layouts: kernel (I, 4H), recurrentKernel (H, 4H), bias (4H),
 * gate columns i, f, c, o). x (B, T, I) → output (B, T, H) and states [h_T, c_T], each (B, H).
 * Its backward is the backend's lstmSequenceBackward.
 *
 * @example
 * const { output, states: [h, c] } = lstmSequence(x, kernel, recurrentKernel, bias, { mask });
 */
export function lstmSequence(
  x: Tensor,
  kernel: Tensor,
  recurrentKernel: Tensor,
  bias: Tensor | null,
  options: RecurrentSequenceOptions = {},
): SequenceResult {
  return recurrentSequence('lstm', x, kernel, recurrentKernel, bias, options);
}

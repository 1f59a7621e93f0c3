import { Tensor, type DType } from '../../autograd/tensor.js';

/** Keras' padding penalty: scores at masked positions get −1e9, so softmax gives them weight 0. */
export const MASK_PENALTY = 1e9;

/** A constant (no gradient) additive mask: 0 where mask ≠ 0, −1e9 where mask = 0, with the given shape and dtype. */
export function maskPenalty(mask: Tensor, shape: number[], dtype: DType): Tensor {
  const data = dtype === 'float64' ? new Float64Array(mask.size) : new Float32Array(mask.size);
  for (let i = 0; i < mask.size; i++) data[i] = mask.data[i] !== 0 ? 0 : -MASK_PENALTY;
  return new Tensor(data, shape);
}

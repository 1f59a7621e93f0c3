import { abs, add, mul, square, sum } from '../autograd/ops/index.js';
import type { Tensor } from '../autograd/tensor.js';

/** A penalty on a weight, added to the loss: Keras' L1L2 regularizer. */
export type Regularizer = (w: Tensor) => Tensor;

/** Plain-data regularizer config: `{ l2: 1e-4 }`, `{ l1: 1e-5, l2: 1e-4 }`. */
export interface RegularizerConfig {
  l1?: number;
  l2?: number;
}

/**
 * l1·Σ|w| + l2·Σw².
 * @example layers.dense({ units: 16, kernelRegularizer: { l2: 1e-4 } })
 */
export function makeRegularizer(config: RegularizerConfig | undefined | null): Regularizer | null {
  if (!config || (!config.l1 && !config.l2)) return null;
  const { l1 = 0, l2 = 0 } = config;
  return (w) => {
    const terms: Tensor[] = [];
    if (l1) terms.push(mul(sum(abs(w)), l1));
    if (l2) terms.push(mul(sum(square(w)), l2));
    return terms.length === 1 ? terms[0]! : add(terms[0]!, terms[1]!);
  };
}

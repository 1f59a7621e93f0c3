import { gruSequence } from '../../autograd/ops/gru.js';
import type { RecurrentSequenceOptions, SequenceResult } from '../../autograd/ops/recurrent.js';
import type { Tensor } from '../../autograd/tensor.js';
import { RecurrentLayer, type RecurrentConfig, type RecurrentWeights } from './rnn-base.js';

export interface GRUConfig extends RecurrentConfig {
  /**
   * Apply the reset gate after the recurrent product, h̃ = tanh(x·W_h + b_h + r ⊙ (h·U_h + rb_h)),
   * with bias (2, 3·units) = [input bias; recurrent bias] (Keras 3 and cuDNN). False: h̃ =
   * tanh(x·W_h + (r ⊙ h)·U_h + b_h), bias (3·units). Default true.
   */
  resetAfter?: boolean;
}

/**
 * Gated recurrent unit over a whole sequence (Keras 3 `GRU`): z and r gates, h_t = z ⊙ h_{t−1} +
 * (1 − z) ⊙ h̃. Input (batch, steps, features) → (batch, units), or (batch, steps, units) with
 * `returnSequences`. Weights: kernel (features, 3·units), recurrent_kernel (units, 3·units), bias;
 * gate columns z, r, h.
 *
 * @example
 * const layer = gru({ units: 64, returnSequences: true });
 * layer.apply(x, ctx).shape; // x: [32, 10, 1] → [32, 10, 64]
 */
export class GRU extends RecurrentLayer<GRUConfig> {
  static override readonly className = 'GRU';

  protected override biasShape(): number[] {
    const G = 3 * this.config.units;
    return (this.config.resetAfter ?? true) ? [2, G] : [G];
  }

  protected sequenceKind() {
    return { kind: 'gru' as const, resetAfter: this.config.resetAfter ?? true };
  }

  protected runSequence(x: Tensor, w: RecurrentWeights, options: RecurrentSequenceOptions): SequenceResult {
    return gruSequence(x, w.kernel, w.recurrentKernel, w.bias, {
      ...options,
      resetAfter: this.config.resetAfter ?? true,
    });
  }
}

/** Creates a GRU layer. @example gru({ units: 64, resetAfter: false }) */
export function gru(config: GRUConfig): GRU {
  return new GRU(config);
}

import type { RecurrentSequenceOptions, SequenceResult } from '../../autograd/ops/recurrent.js';
import { simpleRnnSequence } from '../../autograd/ops/simple-rnn.js';
import type { Tensor } from '../../autograd/tensor.js';
import { RecurrentLayer, type RecurrentConfig, type RecurrentWeights } from './rnn-base.js';

/** SimpleRNN options: those of every recurrent layer (`recurrentActivation` is unused). */
export type SimpleRNNConfig = RecurrentConfig;

/**
 * Fully connected recurrent layer (Keras 3 `SimpleRNN`): h_t = activation(x_t·W + h_{t−1}·U + b).
 * Weights: kernel (features, units), recurrent_kernel (units, units), bias (units).
 *
 * @example
 * const layer = simpleRnn({ units: 32 });
 * layer.apply(x, ctx).shape; // x: [8, 20, 4] → [8, 32]
 */
export class SimpleRNN extends RecurrentLayer<SimpleRNNConfig> {
  static override readonly className = 'SimpleRNN';

  protected sequenceKind() {
    return { kind: 'simpleRnn' as const };
  }

  protected runSequence(x: Tensor, w: RecurrentWeights, options: RecurrentSequenceOptions): SequenceResult {
    return simpleRnnSequence(x, w.kernel, w.recurrentKernel, w.bias, options);
  }
}

/** Creates a SimpleRNN layer. @example simpleRnn({ units: 32, activation: 'relu' }) */
export function simpleRnn(config: SimpleRNNConfig): SimpleRNN {
  return new SimpleRNN(config);
}

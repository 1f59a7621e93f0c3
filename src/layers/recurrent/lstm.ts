import { lstmSequence } from '../../autograd/ops/lstm.js';
import type { RecurrentSequenceOptions, SequenceResult } from '../../autograd/ops/recurrent.js';
import { Tensor } from '../../autograd/tensor.js';
import { initialize } from '../../initializers/initializers.js';
import type { RandomGenerator } from '../../initializers/random.js';
import { RecurrentLayer, type RecurrentConfig, type RecurrentWeights } from './rnn-base.js';

export interface LSTMConfig extends RecurrentConfig {
  /** Add 1 to the forget-gate bias at initialisation (Jozefowicz et al., 2015). Default true. */
  unitForgetBias?: boolean;
}

/**
 * Long short-term memory over a whole sequence (Keras 3 `LSTM`). Input (batch, steps, features) →
 * (batch, units), or (batch, steps, units) with `returnSequences`. Weights in Keras layouts: kernel
 * (features, 4·units), recurrent_kernel (units, 4·units), bias (4·units), gate columns i, f, c, o.
 *
 * @example
 * const layer = lstm({ units: 64, dropout: 0.2, recurrentDropout: 0.2 });
 * layer.apply(x, ctx).shape; // x: [32, 100, 128] → [32, 64]
 */
export class LSTM extends RecurrentLayer<LSTMConfig> {
  static override readonly className = 'LSTM';
  override readonly stateCount = 2;

  protected override initialBias(rng: RandomGenerator): Tensor {
    const { units, unitForgetBias = true, biasInitializer = 'zeros' } = this.config;
    if (!unitForgetBias) return super.initialBias(rng);
    // Keras: [init(units), ones(units), init(2·units)] for the i, f and (c, o) blocks.
    const data = new Float32Array(4 * units);
    data.set(initialize(biasInitializer, [units], rng).data);
    data.fill(1, units, 2 * units);
    data.set(initialize(biasInitializer, [2 * units], rng).data, 2 * units);
    return new Tensor(data, [4 * units]);
  }

  protected sequenceKind() {
    return { kind: 'lstm' as const };
  }

  protected runSequence(x: Tensor, w: RecurrentWeights, options: RecurrentSequenceOptions): SequenceResult {
    return lstmSequence(x, w.kernel, w.recurrentKernel, w.bias, options);
  }
}

/** Creates an LSTM layer. @example lstm({ units: 50, returnSequences: true }) */
export function lstm(config: LSTMConfig): LSTM {
  return new LSTM(config);
}

import { add, matmul } from '../autograd/ops/index.js';
import type { Tensor } from '../autograd/tensor.js';
import type { InitializerConfig } from '../initializers/initializers.js';
import type { RandomGenerator } from '../initializers/random.js';
import { ShapeError } from '../errors.js';
import { activate, resolveActivation, type ActivationName } from './activations.js';
import { formatShapeSymbolic, Layer, type LayerConfig, type SymbolicShape } from './layer.js';
import { makeRegularizer, type RegularizerConfig } from './regularizers.js';

export interface DenseConfig extends LayerConfig {
  /** Output width. */
  units: number;
  /** Activation applied to the output. Default 'linear' (none). */
  activation?: ActivationName | null;
  /** Add a bias vector. Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform'. */
  kernelInitializer?: InitializerConfig;
  /** Default 'zeros'. */
  biasInitializer?: InitializerConfig;
  /** L1/L2 penalty on the kernel. Default none. */
  kernelRegularizer?: RegularizerConfig;
  /** L1/L2 penalty on the bias. Default none. */
  biasRegularizer?: RegularizerConfig;
}

/**
 * Fully connected layer: activation(x · kernel + bias) on the last axis, so a (B, T, F) sequence
 * gives (B, T, units). Weights: kernel (F, units), bias (units).
 *
 * @example
 * layers.dense({ units: 1, activation: 'sigmoid' })
 */
export class Dense extends Layer<DenseConfig> {
  static override readonly className = 'Dense';
  private readonly activationName: ActivationName;

  constructor(config: DenseConfig) {
    super(config);
    if (!Number.isInteger(config.units) || config.units <= 0) {
      throw new ShapeError(`Dense: units must be a positive integer, got ${config.units}`);
    }
    this.activationName = resolveActivation(config.activation, `Dense '${this.name}'`);
  }

  protected override validateInputShape(inputShape: SymbolicShape): void {
    if (inputShape.length < 2 || inputShape[inputShape.length - 1] === null) {
      throw new ShapeError(
        `layer '${this.name}' (Dense) needs inputs (batch, …, features) with a known last axis, got ${formatShapeSymbolic(inputShape)}`,
      );
    }
  }

  override build(inputShape: SymbolicShape, rng: RandomGenerator): void {
    const features = inputShape[inputShape.length - 1]!;
    const { units, useBias = true } = this.config;
    this.addWeight('kernel', [features, units], this.config.kernelInitializer ?? 'glorotUniform', rng, {
      regularizer: makeRegularizer(this.config.kernelRegularizer),
    });
    if (useBias) {
      this.addWeight('bias', [units], this.config.biasInitializer ?? 'zeros', rng, {
        regularizer: makeRegularizer(this.config.biasRegularizer),
      });
    }
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [...inputShape.slice(0, -1), this.config.units];
  }

  call(x: Tensor): Tensor {
    let y = matmul(x, this.weight('kernel'));
    const bias = this.optionalWeight('bias');
    if (bias) y = add(y, bias);
    return activate(this.activationName, y);
  }

  /** Dense passes a (B, T) mask through when applied to sequences, and drops it otherwise. */
  override computeMask(x: Tensor, mask: Tensor | null): Tensor | null {
    return x.rank >= 3 ? mask : null;
  }
}

import { dropout } from '../autograd/ops/index.js';
import type { Tensor } from '../autograd/tensor.js';
import { SeqlabError } from '../errors.js';
import { Layer, type CallContext, type LayerConfig, type SymbolicShape } from './layer.js';

export interface DropoutConfig extends LayerConfig {
  /** Fraction of the inputs to drop, in [0, 1). */
  rate: number;
  /** Shape of the mask, broadcast over axes of size 1 (null entries take the input's size). Default: the input's. */
  noiseShape?: (number | null)[];
}

/**
 * Randomly zeroes a fraction `rate` of the inputs during training and scales the rest by
 * 1/(1 − rate); the identity at inference.
 *
 * @example
 * layers.dropout({ rate: 0.5 })
 */
export class Dropout extends Layer<DropoutConfig> {
  static override readonly className: string = 'Dropout';

  constructor(config: DropoutConfig) {
    super(config);
    if (!(config.rate >= 0 && config.rate < 1)) {
      throw new SeqlabError(`${this.className} '${this.name}': rate must be in [0, 1), got ${config.rate}`);
    }
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return inputShape;
  }

  override get identityAtInference(): boolean {
    return true;
  }

  protected noiseShape(x: Tensor): number[] {
    return this.config.noiseShape ? this.config.noiseShape.map((d, i) => d ?? x.shape[i]!) : x.shape;
  }

  call(x: Tensor, ctx: CallContext): Tensor {
    if (!ctx.training || this.config.rate === 0) return x;
    return dropout(x, this.config.rate, [ctx.rng.fork(), ctx.rng.fork()], 0, this.noiseShape(x));
  }
}

/**
 * Drops whole feature channels of a (B, T, F) sequence: one mask value per (sample, feature),
 * shared by all steps (Keras' SpatialDropout1D).
 *
 * @example
 * layers.spatialDropout1d({ rate: 0.2 })
 */
export class SpatialDropout1D extends Dropout {
  static override readonly className = 'SpatialDropout1D';

  protected override noiseShape(x: Tensor): number[] {
    if (x.rank !== 3) {
      throw new SeqlabError(
        `layer '${this.name}' (SpatialDropout1D) needs (batch, steps, features) inputs, got rank ${x.rank}`,
      );
    }
    return [x.shape[0]!, 1, x.shape[2]!];
  }
}

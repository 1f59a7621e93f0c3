import { attentionPool, reshape } from '../../autograd/ops/index.js';
import type { FloatArray } from '../../backend/interface.js';
import { noGrad } from '../../autograd/tape.js';
import type { Tensor } from '../../autograd/tensor.js';
import { SeqlabError, ShapeError } from '../../errors.js';
import { initialize, type InitializerConfig } from '../../initializers/initializers.js';
import type { RandomGenerator } from '../../initializers/random.js';
import {
  formatShapeSymbolic,
  Layer,
  type CallContext,
  type LayerConfig,
  type SymbolicShape,
} from '../layer.js';
import { maskPenalty } from './masking.js';

export interface AttentionPoolingConfig extends LayerConfig {
  /** Width of the attention's hidden layer (W is (features, units)). Default: the number of features. */
  units?: number;
  /** Initializer of W and v. Default 'glorotUniform'. */
  kernelInitializer?: InitializerConfig;
  /** Initializer of b. Default 'zeros'. */
  biasInitializer?: InitializerConfig;
  /** Weight dtype. Default 'float32' ('float64' for gradient checks). */
  dtype?: 'float32' | 'float64';
}

/**
 * Additive attention pooling over time (Bahdanau-style): score_t = vᵀ tanh(W h_t + b),
 * α = softmax over the unmasked steps, output Σ_t α_t h_t. (batch, steps, features) → (batch, features).
 * Weights: kernel W (features, units), bias b (units), score_vector v (units). The last weights α
 * (batch, steps) are kept in `lastAttention` for explanations.
 *
 * @example
 * const pool = attentionPooling();
 * const y = pool.apply(h, ctx);        // h: [32, 10, 128] → [32, 128]
 * pool.lastAttention?.shape;           // [32, 10]
 */
export class AttentionPooling extends Layer<AttentionPoolingConfig> {
  static override readonly className = 'AttentionPooling';
  /** α (batch, steps) of the last call, without gradient history. */
  lastAttention: Tensor | null = null;

  constructor(config: AttentionPoolingConfig = {}) {
    super(config);
    if (config.units !== undefined && (!Number.isInteger(config.units) || config.units <= 0)) {
      throw new SeqlabError(
        `AttentionPooling '${this.name}': units must be a positive integer, got ${config.units}`,
      );
    }
  }

  protected override validateInputShape(inputShape: SymbolicShape): void {
    if (inputShape.length !== 3 || inputShape[2] === null) {
      throw new ShapeError(
        `layer '${this.name}' (AttentionPooling) expects inputs of shape (batch, steps, features), got ${formatShapeSymbolic(inputShape)}` +
          (inputShape.length === 2 ? '; give the recurrent layer before it returnSequences: true' : ''),
      );
    }
  }

  override build(inputShape: SymbolicShape, rng: RandomGenerator): void {
    const F = inputShape[2]!;
    const units = this.config.units ?? F;
    const dtype = this.config.dtype ?? 'float32';
    const init = (c: InitializerConfig, shape: number[]): Tensor => initialize(c, shape, rng).cast(dtype);
    const kernelInit = this.config.kernelInitializer ?? 'glorotUniform';
    this.addWeight('kernel', [F, units], init(kernelInit, [F, units]), rng);
    this.addWeight('bias', [units], init(this.config.biasInitializer ?? 'zeros', [units]), rng);
    // Drawn as a (units, 1) matrix so glorotUniform's fans are Keras's for a dense scoring layer.
    this.addWeight('score_vector', [units], reshape(init(kernelInit, [units, 1]), [units]), rng);
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [inputShape[0] ?? null, inputShape[2] ?? null];
  }

  /** The output has no time axis, so the mask ends here. */
  override computeMask(): Tensor | null {
    return null;
  }

  call(x: Tensor, ctx: CallContext): Tensor {
    if (x.rank !== 3) this.validateInputShape([null, ...x.shape.slice(1)]);
    const [B, T] = x.shape as [number, number, number];
    const penalty = ctx.mask ? (maskPenalty(ctx.mask, [B, T], x.dtype).data as FloatArray) : null;
    const { output, attention } = attentionPool(
      x,
      this.weight('kernel'),
      this.weight('bias'),
      this.weight('score_vector'),
      penalty,
    );
    this.lastAttention = attention;
    return output;
  }

  /** α (batch, steps) of the last call: the Layer contract's attention output, which `Sequential.explain` shows. */
  override stepAttention(): Tensor | null {
    return this.lastAttention;
  }

  /**
   * The attention weights α (batch, steps) for x, computed without recording gradients.
   * @example pool.attentionWeights(h, { training: false, mask: null, rng })
   */
  attentionWeights(x: Tensor, ctx: CallContext): Tensor {
    noGrad(() => this.apply(x, ctx));
    return this.lastAttention!;
  }
}

/** Creates an AttentionPooling layer. @example attentionPooling({ units: 32 }) */
export function attentionPooling(config: AttentionPoolingConfig = {}): AttentionPooling {
  return new AttentionPooling(config);
}

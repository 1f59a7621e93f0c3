import { add, concat, gather, matmul, reshape } from '../autograd/ops/index.js';
import { Tensor, zeros } from '../autograd/tensor.js';
import { ShapeError } from '../errors.js';
import type { InitializerConfig } from '../initializers/initializers.js';
import type { RandomGenerator } from '../initializers/random.js';
import { activate, resolveActivation, type ActivationName } from './activations.js';
import {
  formatShapeSymbolic,
  Layer,
  type CallContext,
  type LayerConfig,
  type SymbolicShape,
} from './layer.js';
import { makeRegularizer, type RegularizerConfig } from './regularizers.js';

export interface Conv1DConfig extends LayerConfig {
  /** Number of output channels. */
  filters: number;
  /** Window length K. */
  kernelSize: number;
  /** Step between windows. Default 1. */
  strides?: number;
  /** 'valid' (no padding, T − K + 1 outputs for stride 1) or 'same' (⌈T / stride⌉ outputs). Default 'valid'. */
  padding?: 'valid' | 'same';
  /** Default 'linear'. */
  activation?: ActivationName | null;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform'. */
  kernelInitializer?: InitializerConfig;
  /** Default 'zeros'. */
  biasInitializer?: InitializerConfig;
  /** Default none. */
  kernelRegularizer?: RegularizerConfig;
}

/**
 * 1-D convolution over time: (B, T, C) → (B, T', filters). Kernel (K, C, filters) as Keras.
 * Computed as one gather of the K·C-wide windows (zero rows for padding) and one matrix product.
 *
 * @example
 * layers.conv1d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' })
 */
export class Conv1D extends Layer<Conv1DConfig> {
  static override readonly className = 'Conv1D';
  private readonly activationName: ActivationName;

  constructor(config: Conv1DConfig) {
    super(config);
    this.activationName = resolveActivation(config.activation, `Conv1D '${this.name}'`);
    if (!(config.kernelSize >= 1 && (config.strides ?? 1) >= 1 && config.filters >= 1)) {
      throw new ShapeError(`Conv1D '${this.name}': filters, kernelSize and strides must be ≥ 1`);
    }
  }

  protected override validateInputShape(inputShape: SymbolicShape): void {
    if (inputShape.length !== 3 || inputShape[2] === null) {
      throw new ShapeError(
        `layer '${this.name}' (Conv1D) needs (batch, steps, channels) inputs, got ${formatShapeSymbolic(inputShape)}`,
      );
    }
  }

  override build(inputShape: SymbolicShape, rng: RandomGenerator): void {
    const { kernelSize, filters, useBias = true } = this.config;
    this.addWeight(
      'kernel',
      [kernelSize, inputShape[2]!, filters],
      this.config.kernelInitializer ?? 'glorotUniform',
      rng,
      {
        regularizer: makeRegularizer(this.config.kernelRegularizer),
      },
    );
    if (useBias) this.addWeight('bias', [filters], this.config.biasInitializer ?? 'zeros', rng);
  }

  private geometry(T: number): { out: number; padLeft: number } {
    const { kernelSize: K, strides = 1, padding = 'valid' } = this.config;
    if (padding === 'valid') return { out: Math.max(0, Math.floor((T - K) / strides) + 1), padLeft: 0 };
    const out = Math.ceil(T / strides);
    const total = Math.max(0, (out - 1) * strides + K - T);
    return { out, padLeft: Math.floor(total / 2) };
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    const T = inputShape[1];
    return [
      inputShape[0] ?? null,
      T === null || T === undefined ? null : this.geometry(T).out,
      this.config.filters,
    ];
  }

  call(x: Tensor, _ctx: CallContext): Tensor {
    const [B, T, C] = x.shape as [number, number, number];
    const { kernelSize: K, strides = 1, filters } = this.config;
    const { out, padLeft } = this.geometry(T);
    if (out <= 0) {
      throw new ShapeError(
        `layer '${this.name}' (Conv1D): ${T} steps are fewer than kernelSize ${K} with padding 'valid'`,
      );
    }
    // Rows of x as a table, plus one zero row (index B·T) for padded positions.
    const table = concat([reshape(x, [B * T, C]), zeros([1, C], x.dtype)], 0);
    const ids = new Int32Array(B * out * K);
    for (let b = 0; b < B; b++) {
      for (let o = 0; o < out; o++) {
        for (let k = 0; k < K; k++) {
          const t = o * strides + k - padLeft;
          ids[(b * out + o) * K + k] = t >= 0 && t < T ? b * T + t : B * T;
        }
      }
    }
    const windows = reshape(gather(table, new Tensor(ids, [B, out, K])), [B, out, K * C]);
    let y = matmul(windows, reshape(this.weight('kernel'), [K * C, filters]));
    const bias = this.optionalWeight('bias');
    if (bias) y = add(y, bias);
    return activate(this.activationName, y);
  }

  override computeMask(): null {
    return null;
  }
}

import { reshape } from '../autograd/ops/index.js';
import type { Tensor } from '../autograd/tensor.js';
import { ShapeError } from '../errors.js';
import { formatShapeSymbolic, Layer, type LayerConfig, type SymbolicShape } from './layer.js';

/**
 * Flattens everything but the batch axis: (B, T, F) → (B, T·F).
 * @example layers.flatten()
 */
export class Flatten extends Layer<LayerConfig> {
  static override readonly className = 'Flatten';

  constructor(config: LayerConfig = {}) {
    super(config);
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    const rest = inputShape.slice(1);
    return [inputShape[0] ?? null, rest.includes(null) ? null : rest.reduce<number>((p, d) => p * d!, 1)];
  }

  /** The sample size must stay what the next layer was built for. */
  protected override inputSpec(builtWith: SymbolicShape): SymbolicShape {
    return [null, ...builtWith.slice(1)];
  }

  call(x: Tensor): Tensor {
    return reshape(x, [x.shape[0]!, -1]);
  }

  override computeMask(): null {
    return null;
  }
}

export interface ReshapeConfig extends LayerConfig {
  /** Shape of one sample after reshaping (without the batch axis); one entry may be −1. */
  targetShape: number[];
}

/**
 * Reshapes each sample: e.g. 10 features → 10 steps of 1 feature for a recurrent layer.
 * @example layers.reshape({ targetShape: [10, 1] }) // (B, 10) → (B, 10, 1)
 */
export class Reshape extends Layer<ReshapeConfig> {
  static override readonly className = 'Reshape';

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    const size = inputShape
      .slice(1)
      .reduce<number | null>((p, d) => (p === null || d === null ? null : p * d), 1);
    const known = this.config.targetShape.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
    const target = this.config.targetShape.map((d) => (d === -1 ? (size === null ? null : size / known) : d));
    if (
      size !== null &&
      (target.includes(null) ? false : target.reduce<number>((p, d) => p * d!, 1) !== size)
    ) {
      throw new ShapeError(
        `layer '${this.name}' (Reshape) cannot reshape samples of ${formatShapeSymbolic(inputShape.slice(1))} ` +
          `to ${formatShapeSymbolic(this.config.targetShape)}`,
      );
    }
    return [inputShape[0] ?? null, ...target];
  }

  protected override validateInputShape(inputShape: SymbolicShape): void {
    this.computeOutputShape(inputShape);
  }

  protected override inputSpec(builtWith: SymbolicShape): SymbolicShape {
    return [null, ...builtWith.slice(1)];
  }

  call(x: Tensor): Tensor {
    return reshape(x, [x.shape[0]!, ...this.config.targetShape]);
  }

  override computeMask(): null {
    return null;
  }
}

import { div, max, mul, sum } from '../autograd/ops/index.js';
import { expandDims } from '../autograd/ops/index.js';
import type { Tensor } from '../autograd/tensor.js';
import { ShapeError } from '../errors.js';
import {
  formatShapeSymbolic,
  Layer,
  type CallContext,
  type LayerConfig,
  type SymbolicShape,
} from './layer.js';

abstract class GlobalPooling1D extends Layer<LayerConfig> {
  constructor(config: LayerConfig = {}) {
    super(config);
  }

  protected override validateInputShape(inputShape: SymbolicShape): void {
    if (inputShape.length !== 3) {
      throw new ShapeError(
        `layer '${this.name}' (${this.className}) needs (batch, steps, features), got ${formatShapeSymbolic(inputShape)}`,
      );
    }
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [inputShape[0] ?? null, inputShape[2] ?? null];
  }

  override computeMask(): null {
    return null;
  }
}

/**
 * Mean over time: (B, T, F) → (B, F). Masked steps are left out of the mean.
 * @example layers.globalAveragePooling1d()
 */
export class GlobalAveragePooling1D extends GlobalPooling1D {
  static override readonly className = 'GlobalAveragePooling1D';

  call(x: Tensor, ctx: CallContext): Tensor {
    if (!ctx.mask) return div(sum(x, 1), x.shape[1]!);
    const m = expandDims(ctx.mask, -1); // (B, T, 1)
    return div(sum(mul(x, m), 1), sum(m, 1));
  }
}

/**
 * Maximum over time: (B, T, F) → (B, F).
 * @example layers.globalMaxPooling1d()
 */
export class GlobalMaxPooling1D extends GlobalPooling1D {
  static override readonly className = 'GlobalMaxPooling1D';

  call(x: Tensor): Tensor {
    return max(x, 1);
  }
}

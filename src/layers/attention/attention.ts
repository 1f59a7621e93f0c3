import { add, matmul, mul, softmax } from '../../autograd/ops/index.js';
import { Tensor, formatShape } from '../../autograd/tensor.js';
import { SeqlabError, ShapeError } from '../../errors.js';
import type { RandomGenerator } from '../../initializers/random.js';
import {
  formatShapeSymbolic,
  Layer,
  type CallContext,
  type LayerConfig,
  type SymbolicShape,
} from '../layer.js';
import { maskPenalty } from './masking.js';

export interface AttentionConfig extends LayerConfig {
  /** Multiply the scores by a trainable scalar `scale` (initialised to 1). Default false. */
  useScale?: boolean;
  /** How scores are computed: 'dot' (query · keyᵀ), the only mode implemented. Default 'dot'. */
  scoreMode?: 'dot';
  /** Mask out keys after the query's position (decoder self-attention). Default false. */
  useCausalMask?: boolean;
  /** Weight dtype. Default 'float32' ('float64' for gradient checks). */
  dtype?: 'float32' | 'float64';
}

/** Masks for `callQV`: (batch, Tq) and (batch, Tv) floats, 0 = padded. */
export interface AttentionMasks {
  queryMask?: Tensor | null;
  valueMask?: Tensor | null;
}

/**
 * Dot-product attention (Keras 3 `Attention`, Luong-style): scores = query · keyᵀ (× scale),
 * weights = softmax over the unmasked value steps, output = weights · value, zeroed at padded query
 * steps. A Sequential model passes one tensor, which is self-attention (query = value = key = x);
 * `callQV` takes query and value (and optionally key) separately.
 *
 * @example
 * const att = attention({ useScale: true });
 * att.apply(h, ctx).shape; // h: [8, 12, 64] → [8, 12, 64]
 * att.callQV(q, v, ctx);   // q: [8, 5, 64], v: [8, 12, 64] → [8, 5, 64]
 */
export class Attention extends Layer<AttentionConfig> {
  static override readonly className = 'Attention';
  /** Attention weights (batch, Tq, Tv) of the last call, without gradient history. */
  lastAttention: Tensor | null = null;

  constructor(config: AttentionConfig = {}) {
    super(config);
    if ((config.scoreMode ?? 'dot') !== 'dot') {
      throw new SeqlabError(
        `Attention '${this.name}': scoreMode '${String(config.scoreMode)}' is not supported; use 'dot'`,
      );
    }
  }

  protected override validateInputShape(inputShape: SymbolicShape): void {
    if (inputShape.length !== 3 || inputShape[2] === null) {
      throw new ShapeError(
        `layer '${this.name}' (Attention) expects inputs of shape (batch, steps, features), got ${formatShapeSymbolic(inputShape)}`,
      );
    }
  }

  override build(_inputShape: SymbolicShape, rng: RandomGenerator): void {
    if (this.config.useScale)
      this.addWeight(
        'scale',
        [],
        new Tensor(this.config.dtype === 'float64' ? new Float64Array([1]) : new Float32Array([1]), []),
        rng,
      );
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return inputShape;
  }

  call(x: Tensor, ctx: CallContext): Tensor {
    return this.callQV(x, x, ctx, { queryMask: ctx.mask, valueMask: ctx.mask });
  }

  /**
   * Attention of `query` (B, Tq, D) over `value` (B, Tv, Dv) with `key` (B, Tv, D) (default: value).
   * Masks default to none.
   */
  callQV(
    query: Tensor,
    value: Tensor,
    ctx: CallContext,
    masks: AttentionMasks = {},
    key: Tensor = value,
  ): Tensor {
    for (const t of [query, value, key])
      if (t.rank !== 3) this.validateInputShape([null, ...t.shape.slice(1)]);
    if (!this.built) this.ensureBuilt([null, ...query.shape.slice(1)], ctx.rng);
    const [B, Tq, D] = query.shape as [number, number, number];
    const [Bv, Tv] = value.shape as [number, number, number];
    if (Bv !== B || key.shape[0] !== B || key.shape[1] !== Tv || key.shape[2] !== D) {
      throw new ShapeError(
        `layer '${this.name}' (Attention): query ${formatShape(query.shape)}, value ${formatShape(value.shape)} and key ` +
          `${formatShape(key.shape)} need the same batch, key and value the same steps, query and key the same features`,
      );
    }
    let scores = matmul(query, key, { transposeB: true }); // (B, Tq, Tv)
    if (this.config.useScale) scores = mul(scores, this.weight('scale'));
    const penalty = this.penalty(B, Tq, Tv, masks.valueMask ?? null, query.dtype === 'float64');
    if (penalty) scores = add(scores, penalty);
    const weights = softmax(scores);
    this.lastAttention = weights.clone();
    let out = matmul(weights, value); // (B, Tq, Dv)
    if (masks.queryMask) {
      const q = masks.queryMask.cast(query.dtype);
      out = mul(out, new Tensor(q.data, [B, Tq, 1]));
    }
    return out;
  }

  /** −1e9 at padded value steps (and future steps with useCausalMask), as one constant (B, Tq, Tv) or (B, 1, Tv) tensor. */
  private penalty(B: number, Tq: number, Tv: number, valueMask: Tensor | null, f64: boolean): Tensor | null {
    const causal = this.config.useCausalMask ?? false;
    if (!valueMask && !causal) return null;
    const rows = causal ? Tq : 1;
    const allowed = new Float64Array(B * rows * Tv);
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < Tv; j++) {
          const valid = (!valueMask || valueMask.data[b * Tv + j] !== 0) && (!causal || j <= i);
          allowed[(b * rows + i) * Tv + j] = valid ? 1 : 0;
        }
      }
    }
    return maskPenalty(new Tensor(allowed, [B, rows, Tv]), [B, rows, Tv], f64 ? 'float64' : 'float32');
  }

  /** The output keeps the query's steps, so the query mask passes on. */
  override computeMask(_x: Tensor, mask: Tensor | null): Tensor | null {
    return mask;
  }
}

/** Creates an Attention layer. @example attention({ useScale: true }) */
export function attention(config: AttentionConfig = {}): Attention {
  return new Attention(config);
}

import { gather, greater } from '../autograd/ops/index.js';
import { Tensor } from '../autograd/tensor.js';
import { DTypeError, ShapeError } from '../errors.js';
import type { InitializerConfig } from '../initializers/initializers.js';
import type { RandomGenerator } from '../initializers/random.js';
import { Layer, type LayerConfig, type SymbolicShape } from './layer.js';
import { makeRegularizer, type RegularizerConfig } from './regularizers.js';

export interface EmbeddingConfig extends LayerConfig {
  /** Vocabulary size V: ids must be in [0, V). */
  inputDim: number;
  /** Vector width E. */
  outputDim: number;
  /** Treat id 0 as padding: later layers skip those steps. Default false. */
  maskZero?: boolean;
  /** Default { name: 'randomUniform', minval: -0.05, maxval: 0.05 } (Keras' 'uniform'). */
  embeddingsInitializer?: InitializerConfig;
  /** L1/L2 penalty on the table. Default none. */
  embeddingsRegularizer?: RegularizerConfig;
  /** Accepted for Keras compatibility (the sequence length is taken from the data). */
  inputLength?: number;
}

/**
 * Maps integer ids (B, T) to vectors (B, T, E) from a trainable (V, E) table. Its gradient is
 * sparse: only the rows looked up in a batch are touched, whatever the vocabulary size.
 *
 * @example
 * layers.embedding({ inputDim: 20000, outputDim: 128, maskZero: true })
 */
export class Embedding extends Layer<EmbeddingConfig> {
  static override readonly className = 'Embedding';

  constructor(config: EmbeddingConfig) {
    super(config);
    for (const key of ['inputDim', 'outputDim'] as const) {
      if (!Number.isInteger(config[key]) || config[key] <= 0) {
        throw new ShapeError(`Embedding: ${key} must be a positive integer, got ${config[key]}`);
      }
    }
  }

  override build(_inputShape: SymbolicShape, rng: RandomGenerator): void {
    const init = this.config.embeddingsInitializer ?? { name: 'randomUniform', minval: -0.05, maxval: 0.05 };
    this.addWeight('embeddings', [this.config.inputDim, this.config.outputDim], init, rng, {
      regularizer: makeRegularizer(this.config.embeddingsRegularizer),
    });
  }

  /** Any number of ids per sample. */
  protected override inputSpec(builtWith: SymbolicShape): SymbolicShape {
    return builtWith.map(() => null);
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [...inputShape, this.config.outputDim];
  }

  call(x: Tensor): Tensor {
    const { table, ids } = this.rowsOf(x);
    return gather(table, ids);
  }

  /** The table and int32 ids whose gather `call` returns, for a next layer that reads the rows in place. */
  override rowsOf(x: Tensor): { table: Tensor; ids: Tensor } {
    return { table: this.weight('embeddings'), ids: toIds(x, this.name) };
  }

  /** With maskZero, a (B, T) float mask: 1 where the id is not 0. */
  override computeMask(x: Tensor): Tensor | null {
    if (!this.config.maskZero) return null;
    return greater(toIds(x, this.name).cast('float32'), 0);
  }
}

/** Ids as an int32 tensor; float input must hold whole numbers. */
export function toIds(x: Tensor, layerName: string): Tensor {
  if (x.dtype === 'int32') return x;
  const ids = new Int32Array(x.size);
  for (let i = 0; i < x.size; i++) {
    const v = x.data[i]!;
    if (!Number.isInteger(v)) {
      throw new DTypeError(
        `layer '${layerName}' (Embedding) expects integer ids, got ${v} at flat position ${i}`,
      );
    }
    ids[i] = v;
  }
  return new Tensor(ids, x.shape);
}

import { concat, gather, slice } from '../autograd/ops/index.js';
import { Tensor } from '../autograd/tensor.js';
import { DTypeError, ShapeError } from '../errors.js';
import type { InitializerConfig } from '../initializers/initializers.js';
import type { RandomGenerator } from '../initializers/random.js';
import { formatShapeSymbolic, Layer, type LayerConfig, type SymbolicShape } from './layer.js';
import { makeRegularizer, type RegularizerConfig } from './regularizers.js';

export interface ColumnEmbeddingConfig extends LayerConfig {
  /** Levels of each id column (ids in [0, inputDims[c])); the id columns are the last inputDims.length of the row. */
  inputDims: number[];
  /** Vector width of each id column. */
  outputDims: number[];
  /** Default { name: 'randomUniform', minval: -0.05, maxval: 0.05 } (Keras' Embedding default). */
  embeddingsInitializer?: InitializerConfig;
  embeddingsRegularizer?: RegularizerConfig;
}

/**
 * A table row whose last k columns are category ids (a categorical feature with too many levels to
 * one-hot): (B, F) → (B, F − k + Σ outputDims), the F − k other columns unchanged, then each id column's
 * vector from its own trainable (inputDims[c], outputDims[c]) table. The entity embeddings of tabular
 * deep learning (Guo & Berkhahn 2016; fastai's TabularModel), in a Sequential model: Keras users write
 * an Input and an Embedding per column in a functional model instead.
 *
 * @example
 * layers.columnEmbedding({ inputDims: [42], outputDims: [13] }) // (B, 80) with 1 id column → (B, 92)
 */
export class ColumnEmbedding extends Layer<ColumnEmbeddingConfig> {
  static override readonly className = 'ColumnEmbedding';

  constructor(config: ColumnEmbeddingConfig) {
    super(config);
    const { inputDims, outputDims } = config;
    if (!Array.isArray(inputDims) || inputDims.length === 0 || inputDims.length !== outputDims?.length)
      throw new ShapeError(
        `ColumnEmbedding: inputDims and outputDims must be lists of the same nonzero length, got ${JSON.stringify(inputDims)} and ${JSON.stringify(outputDims)}`,
      );
    for (const d of [...inputDims, ...outputDims])
      if (!Number.isInteger(d) || d <= 0)
        throw new ShapeError(`ColumnEmbedding: dimensions must be positive integers, got ${d}`);
  }

  private get k(): number {
    return this.config.inputDims.length;
  }

  protected override validateInputShape(inputShape: SymbolicShape): void {
    const f = inputShape[1];
    if (inputShape.length !== 2 || f === null || f === undefined || f < this.k)
      throw new ShapeError(
        `layer '${this.name}' (ColumnEmbedding) needs table rows (batch, features) whose last ${this.k} columns are ids, got ${formatShapeSymbolic(inputShape)}`,
      );
  }

  override build(_inputShape: SymbolicShape, rng: RandomGenerator): void {
    const init = this.config.embeddingsInitializer ?? { name: 'randomUniform', minval: -0.05, maxval: 0.05 };
    this.config.inputDims.forEach((v, c) =>
      this.addWeight(`embeddings_${c}`, [v, this.config.outputDims[c]!], init, rng, {
        regularizer: makeRegularizer(this.config.embeddingsRegularizer),
      }),
    );
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    const rest = inputShape[1]! - this.k;
    return [inputShape[0]!, rest + this.config.outputDims.reduce((a, b) => a + b, 0)];
  }

  call(x: Tensor): Tensor {
    const [b, f] = x.shape as [number, number];
    const rest = f - this.k;
    const parts: Tensor[] = rest > 0 ? [slice(x, [0, 0], [b, rest])] : [];
    this.config.inputDims.forEach((levels, c) => {
      const ids = new Int32Array(b);
      for (let i = 0; i < b; i++) {
        const v = x.data[i * f + rest + c]!;
        if (!Number.isInteger(v) || v < 0 || v >= levels)
          throw new DTypeError(
            `layer '${this.name}' (ColumnEmbedding): row ${i}, column ${rest + c} should be a category id in [0, ${levels}) but is ${v}; feed rows through the model's preprocessing (the TableColumns step writes the ids)`,
          );
        ids[i] = v;
      }
      parts.push(gather(this.weight(`embeddings_${c}`), new Tensor(ids, [b])));
    });
    return parts.length === 1 ? parts[0]! : concat(parts, 1);
  }
}

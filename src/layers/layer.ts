import { ShapeError, SeqlabError } from '../errors.js';
import { Tensor, variable, formatShape, type Shape } from '../autograd/tensor.js';
import { initialize, type InitializerConfig } from '../initializers/initializers.js';
import type { RandomGenerator } from '../initializers/random.js';
import type { Regularizer } from './regularizers.js';

/** A shape with the batch axis (and possibly others) unknown: [null, 100, 128]. */
export type SymbolicShape = readonly (number | null)[];

/** Options every layer accepts (Keras names). */
export interface LayerConfig {
  /** Unique name within the model. Default: snake_case class name + counter (`lstm_1`). */
  name?: string;
  /** Whether fit() updates this layer's weights. Default true. */
  trainable?: boolean;
  /** Shape of one sample, without the batch axis, for the first layer of a model: e.g. [100] or [10, 1]. */
  inputShape?: (number | null)[];
}

/** What a layer's call gets besides its input. */
export interface CallContext {
  /** True inside fit() (dropout active), false for predict/evaluate. */
  training: boolean;
  /** (B, T) float mask of valid time steps from a previous layer (embedding maskZero), or null. */
  mask: Tensor | null;
  /** Seeded source of dropout keys, so a run is reproducible. */
  rng: RandomGenerator;
}

interface WeightEntry {
  tensor: Tensor;
  trainable: boolean;
  regularizer: Regularizer | null;
}

const counters = new Map<string, number>();

function defaultName(className: string): string {
  const snake = className.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const n = (counters.get(snake) ?? 0) + 1;
  counters.set(snake, n);
  return n === 1 ? snake : `${snake}_${n - 1}`;
}

/**
 * Base class of all layers. A layer is built lazily from the first input shape it sees
 * (`build`), owns named weights in Keras's order and layouts, and maps a tensor to a tensor by
 * composing autograd ops in `call`, so it never writes a backward pass.
 *
 * @example
 * class Scale extends Layer<LayerConfig & { factor: number }> {
 *   static readonly className = 'Scale';
 *   call(x: Tensor): Tensor { return mul(x, this.config.factor); }
 * }
 */
export abstract class Layer<C extends LayerConfig = LayerConfig> {
  static readonly className: string = 'Layer';
  readonly config: C;
  readonly name: string;
  trainable: boolean;
  built = false;
  /** The shape of one input sample (batch axis first, null) once built. */
  inputShape: SymbolicShape | null = null;
  private readonly weightEntries = new Map<string, WeightEntry>();

  constructor(config: C) {
    this.config = { ...config };
    this.name = config.name ?? defaultName(this.className);
    this.trainable = config.trainable ?? true;
  }

  get className(): string {
    return (this.constructor as typeof Layer).className;
  }

  /** Creates the weights for this input shape (batch axis first, may be null). Default: none. */
  build(_inputShape: SymbolicShape, _rng: RandomGenerator): void {}

  /** The output shape for an input shape, without running the layer. */
  abstract computeOutputShape(inputShape: SymbolicShape): SymbolicShape;

  /** The forward computation on a batch. */
  abstract call(x: Tensor, ctx: CallContext): Tensor;

  /** The mask of this layer's output. Default: the input's mask passes through unchanged. */
  computeMask(_x: Tensor, mask: Tensor | null): Tensor | null {
    return mask;
  }

  /**
   * Row-wise input, part 1 (Embedding): the layer maps integer ids to rows of a table, and this gives the
   * table and the int32 ids whose `gather` its `call` returns. Layers that define it take integer ids
   * (exporters and servers feed them ids); in inference a following layer with `callOnRows` reads the rows
   * in place instead of the (B, T, features) copy. Undefined for other layers.
   */
  rowsOf?(x: Tensor): { table: Tensor; ids: Tensor };

  /**
   * Row-wise input, part 2 (recurrent layers, Bidirectional): `call(gather(table, ids))` reading the
   * table's rows in place. Sequential uses it in inference after a layer with `rowsOf`.
   */
  callOnRows?(table: Tensor, ids: Tensor, ctx: CallContext): Tensor;

  /**
   * Attention output (AttentionPooling): the weight each input time step got in the last call, (batch,
   * steps) with rows summing to 1, or null before the first call. `Sequential.explain` shows it.
   */
  stepAttention?(): Tensor | null;

  /** Whether the layer takes integer ids as input (it defines `rowsOf`). */
  get takesIds(): boolean {
    return this.rowsOf !== undefined;
  }

  /** Whether the layer is the identity outside training (Dropout), so inference may skip over it. */
  get identityAtInference(): boolean {
    return false;
  }

  /** Checks `inputShape` (batch axis included) before building; throws a ShapeError naming the layer. */
  protected validateInputShape(_inputShape: SymbolicShape): void {}

  /** Builds on first use, then calls. */
  apply(x: Tensor, ctx: CallContext): Tensor {
    this.prepareInput(x.shape, ctx.rng);
    return this.call(x, ctx);
  }

  /** @internal What `apply` does before `call` for an input of `shape`: build on first use, else check it. */
  prepareInput(shape: Shape, rng: RandomGenerator): void {
    if (!this.built) this.ensureBuilt([null, ...shape.slice(1)], rng);
    else this.checkCompatible(shape);
  }

  /** Builds the layer for this input shape if it is not built yet. */
  ensureBuilt(inputShape: SymbolicShape, rng: RandomGenerator): void {
    if (this.built) return;
    this.validateInputShape(inputShape);
    this.build(inputShape, rng);
    this.inputShape = this.inputSpec(inputShape);
    this.built = true;
  }

  /**
   * The input shapes this layer accepts once built, from the shape it was built with: by default
   * any batch and step counts, with the last (feature) axis fixed.
   */
  protected inputSpec(builtWith: SymbolicShape): SymbolicShape {
    return builtWith.map((d, i) => (i === builtWith.length - 1 ? d : null));
  }

  private checkCompatible(shape: Shape): void {
    const expected = this.inputShape!;
    const ok =
      expected.length === shape.length && expected.every((d, i) => i === 0 || d === null || d === shape[i]);
    if (!ok) {
      throw new ShapeError(
        `layer '${this.name}' (${this.className}) was built for inputs ${formatShapeSymbolic(expected)} ` +
          `but got ${formatShape(shape)}`,
      );
    }
  }

  /** Creates a named weight (Keras names: kernel, recurrent_kernel, bias, embeddings …). */
  protected addWeight(
    name: string,
    shape: Shape,
    init: InitializerConfig | Tensor,
    rng: RandomGenerator,
    { trainable = true, regularizer = null }: { trainable?: boolean; regularizer?: Regularizer | null } = {},
  ): Tensor {
    const initial = init instanceof Tensor ? init : initialize(init, shape, rng);
    const t = variable(initial, `${this.name}/${name}`);
    this.weightEntries.set(name, { tensor: t, trainable, regularizer });
    return t;
  }

  /** The weight of this name; throws if the layer has none. */
  weight(name: string): Tensor {
    const entry = this.weightEntries.get(name);
    if (!entry) throw new SeqlabError(`layer '${this.name}' has no weight '${name}' (is it built?)`);
    return entry.tensor;
  }

  /** The weight of this name, or null (e.g. bias with useBias false). */
  optionalWeight(name: string): Tensor | null {
    return this.weightEntries.get(name)?.tensor ?? null;
  }

  /** Names of the weights in Keras's order. */
  weightNames(): string[] {
    return [...this.weightEntries.keys()];
  }

  /** The weight tensors in Keras's order (kernel, recurrent kernel, bias …). */
  get weights(): Tensor[] {
    return [...this.weightEntries.values()].map((e) => e.tensor);
  }

  /** Weights that fit() updates (none when the layer is frozen). */
  get trainableWeights(): Tensor[] {
    if (!this.trainable) return [];
    return [...this.weightEntries.values()].filter((e) => e.trainable).map((e) => e.tensor);
  }

  /** Copies of the weights' values, in Keras's order. */
  getWeights(): Tensor[] {
    return this.weights.map((w) => w.clone());
  }

  /** Sets the weights from tensors of the same shapes, in Keras's order. */
  setWeights(values: readonly Tensor[]): void {
    const own = this.weights;
    if (values.length !== own.length) {
      throw new ShapeError(`layer '${this.name}' has ${own.length} weights, setWeights got ${values.length}`);
    }
    own.forEach((w, i) => {
      const v = values[i]!;
      if (v.size !== w.size || v.shape.some((d, j) => d !== w.shape[j])) {
        throw new ShapeError(
          `layer '${this.name}' weight '${w.name}' has shape ${formatShape(w.shape)}, got ${formatShape(v.shape)}`,
        );
      }
      w.data.set(v.data);
    });
  }

  /**
   * Replaces every weight by a copy in another float dtype. Gradient checks use it to run a whole
   * layer in float64 on the reference backend.
   */
  castWeights(dtype: 'float32' | 'float64'): void {
    for (const entry of this.weightEntries.values()) {
      entry.tensor = variable(entry.tensor.cast(dtype), entry.tensor.name);
    }
  }

  countParams(): number {
    return this.weights.reduce((n, w) => n + w.size, 0);
  }

  /** Sum of the weight regularizers' penalties (null if none). */
  regularizationTerms(): Tensor[] {
    return [...this.weightEntries.values()].flatMap((e) => (e.regularizer ? [e.regularizer(e.tensor)] : []));
  }

  /** The config that rebuilds this layer (plain data; the class name is stored beside it). */
  getConfig(): C {
    return { ...this.config, name: this.name };
  }
}

export function formatShapeSymbolic(shape: SymbolicShape): string {
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}${shape.length === 1 ? ',' : ''})`;
}

/** The shape of gather(table, ids): ids' shape, then the table's width (the input a `callOnRows` reads). */
export function rowsShape(table: Tensor, ids: Tensor): number[] {
  return [...ids.shape, table.shape[table.rank - 1]!];
}

import { add, concat, mul } from '../../autograd/ops/index.js';
import { recurrentSequencePair, reverseSequence } from '../../autograd/ops/recurrent.js';
import type { Tensor } from '../../autograd/tensor.js';
import { SeqlabError } from '../../errors.js';
import type { RandomGenerator } from '../../initializers/random.js';
import { Layer, rowsShape, type CallContext, type LayerConfig, type SymbolicShape } from '../layer.js';
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';
import type { RecurrentConfig, RecurrentLayer } from './rnn-base.js';
import { SimpleRNN } from './simple-rnn.js';

export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave';

/** A recurrent layer as stored in a saved model. */
export interface SerializedRecurrentLayer {
  className: string;
  config: RecurrentConfig;
}

export interface BidirectionalConfig extends LayerConfig {
  /** The recurrent layer to run in both directions (copied; its goBackwards is flipped for the backward copy). Required. */
  layer: RecurrentLayer | SerializedRecurrentLayer;
  /** How the two outputs are combined. Default 'concat' (output width 2·units). */
  mergeMode?: MergeMode;
}

const RECURRENT_CLASSES: Record<string, new (config: never) => RecurrentLayer> = {
  LSTM: LSTM as never,
  GRU: GRU as never,
  SimpleRNN: SimpleRNN as never,
};

function instantiate(className: string, config: RecurrentConfig): RecurrentLayer {
  const cls = RECURRENT_CLASSES[className];
  if (!cls) {
    throw new SeqlabError(
      `Bidirectional: unsupported inner layer class '${className}'; use one of ${Object.keys(RECURRENT_CLASSES).join(', ')}`,
    );
  }
  return new cls(config as never);
}

/**
 * Runs a recurrent layer forwards and a copy of it backwards over the sequence and merges the two
 * outputs (Keras 3 `Bidirectional`). With returnSequences the backward output is put back in time
 * order before merging. Weights are the forward copy's then the backward copy's, named
 * `forward_<name>/kernel` … and `backward_<name>/kernel` … as in Keras.
 *
 * @example
 * const layer = bidirectional({ layer: gru({ units: 64, returnSequences: true }), mergeMode: 'concat' });
 * layer.apply(x, ctx).shape; // x: [32, 10, 1] → [32, 10, 128]
 */
export class Bidirectional extends Layer<BidirectionalConfig> {
  static override readonly className = 'Bidirectional';
  readonly forwardLayer: RecurrentLayer;
  readonly backwardLayer: RecurrentLayer;
  private readonly inner: SerializedRecurrentLayer;

  constructor(config: BidirectionalConfig) {
    super(config);
    const { layer, mergeMode = 'concat' } = config;
    if (!['concat', 'sum', 'mul', 'ave'].includes(mergeMode)) {
      throw new SeqlabError(
        `Bidirectional '${this.name}': mergeMode must be concat, sum, mul or ave, got '${String(mergeMode)}'`,
      );
    }
    this.inner =
      'className' in layer && !(layer instanceof Layer)
        ? layer
        : { className: layer.className, config: layer.getConfig() };
    const { className, config: innerConfig } = this.inner;
    const innerName = innerConfig.name ?? className.toLowerCase();
    const goBackwards = innerConfig.goBackwards ?? false;
    this.forwardLayer = instantiate(className, { ...innerConfig, name: `forward_${innerName}` });
    this.backwardLayer = instantiate(className, {
      ...innerConfig,
      name: `backward_${innerName}`,
      goBackwards: !goBackwards,
    });
  }

  protected override validateInputShape(inputShape: SymbolicShape): void {
    (this.forwardLayer as unknown as { validateInputShape(s: SymbolicShape): void }).validateInputShape(
      inputShape,
    );
  }

  override build(inputShape: SymbolicShape, rng: RandomGenerator): void {
    this.forwardLayer.ensureBuilt(inputShape, rng);
    this.backwardLayer.ensureBuilt(inputShape, rng);
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    const shape = [...this.forwardLayer.computeOutputShape(inputShape)];
    const last = shape[shape.length - 1]!;
    if ((this.config.mergeMode ?? 'concat') === 'concat' && last !== null) shape[shape.length - 1] = 2 * last;
    return shape;
  }

  override computeMask(_x: Tensor, mask: Tensor | null): Tensor | null {
    return this.forwardLayer.config.returnSequences ? mask : null;
  }

  call(x: Tensor, ctx: CallContext): Tensor {
    return this.callWithState(x, ctx)[0]!;
  }

  /** @internal `call(gather(table, ids))` reading the table's rows in place (see RecurrentLayer.callOnRows). */
  override callOnRows(table: Tensor, ids: Tensor, ctx: CallContext): Tensor {
    this.prepareInput(rowsShape(table, ids), ctx.rng);
    return this.callWithState(table, ctx, ids)[0]!;
  }

  /**
   * [merged output, ...forward states, ...backward states] with the inner layer's returnState, else
   * [merged output]. With `ids`, x is an embedding table and the input is gather(x, ids).
   */
  callWithState(x: Tensor, ctx: CallContext, ids: Tensor | null = null): Tensor[] {
    if (!this.built) this.ensureBuilt([null, ...(ids ? rowsShape(x, ids) : x.shape).slice(1)], ctx.rng);
    // Both directions as one paired op: the backend runs them at once (two threads in native).
    const cf = this.forwardLayer.sequenceCall(x, ctx, null, ids);
    const cb = this.backwardLayer.sequenceCall(x, ctx, null, ids);
    const [rf, rb] = recurrentSequencePair(cf.kind, x, [cf.weights, cb.weights], [cf.options, cb.options]);
    const [yf, ...statesF] = this.forwardLayer.sequenceOutputs(rf);
    // The sequence op gives the backward direction's outputs in time order already. Keras reverses a
    // go_backwards layer's outputs and Bidirectional reverses them back: two copies that cancel, so
    // only a backward layer that does not go backwards (the inner layer did) is reversed here.
    const { returnSequences = false, returnState = false, goBackwards = false } = this.backwardLayer.config;
    const yb = !returnSequences ? rb.states[0]! : goBackwards ? rb.output! : reverseSequence(rb.output!);
    return [this.merge(yf!, yb), ...statesF, ...(returnState ? rb.states : [])];
  }

  private merge(a: Tensor, b: Tensor): Tensor {
    switch (this.config.mergeMode ?? 'concat') {
      case 'concat':
        return concat([a, b], -1);
      case 'sum':
        return add(a, b);
      case 'mul':
        return mul(a, b);
      case 'ave':
        return mul(add(a, b), 0.5);
    }
  }

  override weightNames(): string[] {
    return [this.forwardLayer, this.backwardLayer].flatMap((l) =>
      l.weightNames().map((n) => `${l.name}/${n}`),
    );
  }

  override get weights(): Tensor[] {
    return [...this.forwardLayer.weights, ...this.backwardLayer.weights];
  }

  override get trainableWeights(): Tensor[] {
    return this.trainable
      ? [...this.forwardLayer.trainableWeights, ...this.backwardLayer.trainableWeights]
      : [];
  }

  override weight(name: string): Tensor {
    const [owner, rest] = [name.slice(0, name.indexOf('/')), name.slice(name.indexOf('/') + 1)];
    if (owner === this.forwardLayer.name) return this.forwardLayer.weight(rest);
    if (owner === this.backwardLayer.name) return this.backwardLayer.weight(rest);
    return super.weight(name);
  }

  override regularizationTerms(): Tensor[] {
    return [...this.forwardLayer.regularizationTerms(), ...this.backwardLayer.regularizationTerms()];
  }

  override getConfig(): BidirectionalConfig {
    const { layer: _layer, ...rest } = this.config;
    return {
      ...rest,
      name: this.name,
      mergeMode: this.config.mergeMode ?? 'concat',
      layer: { ...this.inner },
    };
  }
}

/** Creates a Bidirectional wrapper. @example bidirectional({ layer: lstm({ units: 32 }), mergeMode: 'sum' }) */
export function bidirectional(config: BidirectionalConfig): Bidirectional {
  return new Bidirectional(config);
}

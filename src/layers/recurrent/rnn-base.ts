import { dropoutMask } from '../../autograd/ops/dropout.js';
import {
  reverseSequence,
  RNN_GATES,
  type RecurrentKind,
  type RecurrentSequenceOptions,
  type SequenceResult,
  type SequenceWeights,
} from '../../autograd/ops/recurrent.js';
import { Tensor, type DType } from '../../autograd/tensor.js';
import type { UnaryOp } from '../../backend/interface.js';
import { SeqlabError, ShapeError } from '../../errors.js';
import { initialize, type InitializerConfig } from '../../initializers/initializers.js';
import type { RandomGenerator } from '../../initializers/random.js';
import {
  formatShapeSymbolic,
  Layer,
  rowsShape,
  type CallContext,
  type LayerConfig,
  type SymbolicShape,
} from '../layer.js';
import { makeRegularizer, type RegularizerConfig } from '../regularizers.js';

/** Options every recurrent layer (LSTM, GRU, SimpleRNN) accepts; Keras 3 names and defaults. */
export interface RecurrentConfig extends LayerConfig {
  /** Size of the hidden state (H). Required. */
  units: number;
  /** Candidate / output activation. Default 'tanh'. */
  activation?: UnaryOp;
  /** Gate activation (LSTM, GRU). Default 'sigmoid' (Keras 3, not TF.js's hardSigmoid). */
  recurrentActivation?: UnaryOp;
  /** Add bias vectors. Default true. */
  useBias?: boolean;
  /** Return the whole output sequence (B, T, H) instead of the last output (B, H). Default false. */
  returnSequences?: boolean;
  /** `callWithState` also returns the final states (h, and c for LSTM). Default false. */
  returnState?: boolean;
  /**
   * Process the sequence from last step to first. As in Keras, a returned sequence is in processing
   * order (its first entry belongs to the last input step). Default false.
   */
  goBackwards?: boolean;
  /** Fraction of the inputs dropped during training (one mask per sequence, shared by all steps and gates). Default 0. */
  dropout?: number;
  /** Fraction of the recurrent state dropped during training (one mask per sequence, shared by all steps and gates). Default 0. */
  recurrentDropout?: number;
  /** Default 'glorotUniform'. */
  kernelInitializer?: InitializerConfig;
  /** Default 'orthogonal'. */
  recurrentInitializer?: InitializerConfig;
  /** Default 'zeros'. */
  biasInitializer?: InitializerConfig;
  /** L1/L2 penalty on the kernel. Default none. */
  kernelRegularizer?: RegularizerConfig;
  /** L1/L2 penalty on the recurrent kernel. Default none. */
  recurrentRegularizer?: RegularizerConfig;
  /** L1/L2 penalty on the bias. Default none. */
  biasRegularizer?: RegularizerConfig;
  /** Weight dtype. Default 'float32' ('float64' for gradient checks). */
  dtype?: 'float32' | 'float64';
}

/** The weights one whole-sequence op needs. */
export interface RecurrentWeights {
  kernel: Tensor;
  recurrentKernel: Tensor;
  bias: Tensor | null;
}

/**
 * Base of LSTM, GRU and SimpleRNN. It owns `call()`: the input mask, dropout masks (drawn from
 * ctx.rng only while training), goBackwards, returnSequences and returnState; subclasses give
 * their gate count and bias layout and run one whole-sequence op in `runSequence`.
 *
 * @example
 * const [output, h, c] = layers.lstm({ units: 8, returnState: true }).callWithState(x, ctx);
 */
export abstract class RecurrentLayer<C extends RecurrentConfig = RecurrentConfig> extends Layer<C> {
  /** Gates per unit (RNN_GATES of the layer's kind). */
  protected get gates(): number {
    return RNN_GATES[this.sequenceKind().kind];
  }
  /** Number of state tensors: LSTM 2 (h, c), others 1. */
  readonly stateCount: number = 1;

  constructor(config: C) {
    super(config);
    const { units, dropout = 0, recurrentDropout = 0 } = config;
    if (!Number.isInteger(units) || units <= 0) {
      throw new SeqlabError(
        `${this.className} '${this.name}': units must be a positive integer, got ${units}`,
      );
    }
    for (const [what, rate] of [
      ['dropout', dropout],
      ['recurrentDropout', recurrentDropout],
    ] as const) {
      if (!(rate >= 0 && rate < 1))
        throw new SeqlabError(`${this.className} '${this.name}': ${what} must be in [0, 1), got ${rate}`);
    }
  }

  protected override validateInputShape(inputShape: SymbolicShape): void {
    if (inputShape.length !== 3 || inputShape[2] === null) {
      throw new ShapeError(
        `layer '${this.name}' (${this.className}) expects inputs of shape (batch, steps, features) with known features, ` +
          `got ${formatShapeSymbolic(inputShape)}` +
          (inputShape.length === 2 ? '; add a Reshape to (steps, 1), or an Embedding, before it' : ''),
      );
    }
  }

  /** The bias shape; GRU with resetAfter overrides it with (2, 3H). */
  protected biasShape(): number[] {
    return [this.gates * this.config.units];
  }

  /** Initial bias values; LSTM overrides it for unitForgetBias. */
  protected initialBias(rng: RandomGenerator): Tensor {
    return initialize(this.config.biasInitializer ?? 'zeros', this.biasShape(), rng);
  }

  /** An initial value in the layer's dtype. */
  protected inDType(t: Tensor): Tensor {
    return t.cast(this.dtype);
  }

  get dtype(): DType {
    return this.config.dtype ?? 'float32';
  }

  override build(inputShape: SymbolicShape, rng: RandomGenerator): void {
    const features = inputShape[2]!;
    const { units, useBias = true } = this.config;
    const G = this.gates * units;
    const init = (config: InitializerConfig, shape: number[]): Tensor =>
      this.inDType(initialize(config, shape, rng));
    this.addWeight(
      'kernel',
      [features, G],
      init(this.config.kernelInitializer ?? 'glorotUniform', [features, G]),
      rng,
      {
        regularizer: makeRegularizer(this.config.kernelRegularizer),
      },
    );
    this.addWeight(
      'recurrent_kernel',
      [units, G],
      init(this.config.recurrentInitializer ?? 'orthogonal', [units, G]),
      rng,
      {
        regularizer: makeRegularizer(this.config.recurrentRegularizer),
      },
    );
    if (useBias) {
      this.addWeight('bias', this.biasShape(), this.inDType(this.initialBias(rng)), rng, {
        regularizer: makeRegularizer(this.config.biasRegularizer),
      });
    }
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    const { units, returnSequences = false } = this.config;
    return returnSequences
      ? [inputShape[0] ?? null, inputShape[1] ?? null, units]
      : [inputShape[0] ?? null, units];
  }

  /** With returnSequences the (B, T) mask passes on (reversed with goBackwards); otherwise it ends here. */
  override computeMask(_x: Tensor, mask: Tensor | null): Tensor | null {
    if (!this.config.returnSequences || !mask) return null;
    return this.config.goBackwards ? reverseSequence(mask) : mask;
  }

  /** The layer's output: the last output (B, H), or the sequence (B, T, H) with returnSequences. */
  call(x: Tensor, ctx: CallContext): Tensor {
    return this.callWithState(x, ctx)[0]!;
  }

  /**
   * [output, h] (GRU, SimpleRNN) or [output, h, c] (LSTM) when returnState is set, else [output].
   * `initialState` defaults to zeros.
   */
  callWithState(x: Tensor, ctx: CallContext, initialState: readonly Tensor[] | null = null): Tensor[] {
    const call = this.sequenceCall(x, ctx, initialState);
    return this.sequenceOutputs(this.runSequence(x, call.weights, call.options));
  }

  /**
   * The layer's output and its final states ([h], or [h, c] for LSTM) whatever returnState says: a
   * recursive forecast reads a window once, then carries the states on one step at a time.
   */
  callCarryingState(
    x: Tensor,
    ctx: CallContext,
    initialState: readonly Tensor[] | null,
  ): { output: Tensor; states: Tensor[] } {
    const call = this.sequenceCall(x, ctx, initialState);
    const result = this.runSequence(x, call.weights, call.options);
    return { output: this.sequenceOutputs(result)[0]!, states: result.states };
  }

  /**
   * @internal `call(gather(table, ids))` without the (B, T, features) copy: the kernels read the table's
   * rows in place. Sequential uses it in inference after an Embedding.
   */
  override callOnRows(table: Tensor, ids: Tensor, ctx: CallContext): Tensor {
    this.prepareInput(rowsShape(table, ids), ctx.rng);
    const call = this.sequenceCall(table, ctx, null, ids);
    return this.sequenceOutputs(this.runSequence(table, call.weights, call.options))[0]!;
  }

  /**
   * The arguments of this layer's whole-sequence op on x: weights, masks, dropout masks (drawn from
   * ctx.rng here), states and flags. Bidirectional uses it to run both directions as one paired op.
   * With `ids`, x is an embedding table and the input is gather(x, ids) (see callOnRows).
   */
  sequenceCall(
    x: Tensor,
    ctx: CallContext,
    initialState: readonly Tensor[] | null = null,
    ids: Tensor | null = null,
  ): {
    kind: RecurrentKind;
    weights: SequenceWeights;
    options: RecurrentSequenceOptions & { resetAfter?: boolean };
  } {
    const shape = ids ? rowsShape(x, ids) : x.shape;
    if (shape.length !== 3) this.validateInputShape([null, ...shape.slice(1)]);
    if (!this.built) this.ensureBuilt([null, ...shape.slice(1)], ctx.rng);
    const { dropout = 0, recurrentDropout = 0, goBackwards = false } = this.config;
    const [B, , I] = shape as [number, number, number];
    const H = this.config.units;
    const training = ctx.training;
    const spec = this.sequenceKind();
    return {
      kind: spec.kind,
      weights: {
        kernel: this.weight('kernel'),
        recurrentKernel: this.weight('recurrent_kernel'),
        bias: this.optionalWeight('bias'),
      },
      options: {
        initialState,
        mask: ctx.mask,
        inputDropoutMask:
          training && dropout > 0 ? this.dropoutMask(x.dtype, [B, I], dropout, ctx.rng) : null,
        recurrentDropoutMask:
          training && recurrentDropout > 0
            ? this.dropoutMask(x.dtype, [B, H], recurrentDropout, ctx.rng)
            : null,
        goBackwards,
        returnSequences: this.config.returnSequences ?? false,
        ids,
        activation: this.config.activation ?? 'tanh',
        recurrentActivation: this.config.recurrentActivation ?? 'sigmoid',
        ...(spec.resetAfter === undefined ? {} : { resetAfter: spec.resetAfter }),
      },
    };
  }

  /** The layer's outputs ([output] or [output, ...states] with returnState) from its sequence op's result. */
  sequenceOutputs(result: SequenceResult): Tensor[] {
    const { returnSequences = false, returnState = false, goBackwards = false } = this.config;
    let output = returnSequences ? result.output! : result.states[0]!;
    if (returnSequences && goBackwards) output = reverseSequence(output);
    return returnState ? [output, ...result.states] : [output];
  }

  /** Which sequence kernel this layer runs (and GRU's reset mode). */
  protected abstract sequenceKind(): { kind: RecurrentKind; resetAfter?: boolean };

  /** An inverted-dropout mask with a fresh Philox key per call. */
  private dropoutMask(dtype: DType, shape: number[], rate: number, rng: RandomGenerator): Tensor {
    return dropoutMask(shape, rate, [rng.fork(), rng.fork()], 0, dtype === 'float64' ? 'float64' : 'float32');
  }

  /** One whole-sequence op (lstmSequence, gruSequence, simpleRnnSequence) on batch-major x. */
  protected abstract runSequence(
    x: Tensor,
    weights: RecurrentWeights,
    options: RecurrentSequenceOptions,
  ): SequenceResult;
}

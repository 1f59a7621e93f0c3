import type { Backend, FloatArray } from '../backend/interface.js';
import { SeqlabError } from '../errors.js';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

export interface SgdOptions extends OptimizerOptions {
  /** Default 0.01. */
  learningRate?: OptimizerOptions['learningRate'];
  /** Velocity decay; 0 (default) is plain gradient descent. */
  momentum?: number;
  /** Nesterov momentum. Default false. */
  nesterov?: boolean;
}

function check(name: string, key: string, value: number, ok: boolean): void {
  if (!ok || !Number.isFinite(value)) throw new SeqlabError(`${name}: invalid ${key} ${value}`);
}

/** Stochastic gradient descent with optional (Nesterov) momentum, as Keras's `SGD`. */
export class SGD extends Optimizer {
  readonly name = 'sgd';
  readonly momentum: number;
  readonly nesterov: boolean;
  constructor(options: SgdOptions = {}) {
    super(options, 0.01);
    this.momentum = options.momentum ?? 0;
    this.nesterov = options.nesterov ?? false;
    check('sgd', 'momentum (must be in [0, 1])', this.momentum, this.momentum >= 0 && this.momentum <= 1);
  }
  protected slotNames(): string[] {
    return this.momentum > 0 ? ['momentum'] : [];
  }
  protected override sparseSafe(): boolean {
    return this.momentum === 0;
  }
  protected step(b: Backend, p: FloatArray, g: FloatArray, s: FloatArray[], lr: number): void {
    b.sgdStep(p, g, s[0] ?? null, { learningRate: lr, momentum: this.momentum, nesterov: this.nesterov });
  }
  protected hyperConfig(): Record<string, unknown> {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }
}

export interface AdamOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: OptimizerOptions['learningRate'];
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-7 (Keras). */
  epsilon?: number;
  /** Use the maximum of past second moments. Default false. */
  amsgrad?: boolean;
}

/** Adam (Kingma & Ba) with Keras's formulas and defaults. */
export class Adam extends Optimizer {
  readonly name: string = 'adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  protected weightDecayValue = 0;
  constructor(options: AdamOptions = {}) {
    super(options, 0.001);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
    this.amsgrad = options.amsgrad ?? false;
    check('adam', 'beta1', this.beta1, this.beta1 >= 0 && this.beta1 < 1);
    check('adam', 'beta2', this.beta2, this.beta2 >= 0 && this.beta2 < 1);
    check('adam', 'epsilon', this.epsilon, this.epsilon >= 0);
  }
  protected slotNames(): string[] {
    return this.amsgrad ? ['m', 'v', 'vMax'] : ['m', 'v'];
  }
  protected step(b: Backend, p: FloatArray, g: FloatArray, s: FloatArray[], lr: number): void {
    b.adamStep(p, g, s[0]!, s[1]!, s[2] ?? null, {
      learningRate: lr,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      step: this.iterations + 1,
      weightDecay: this.weightDecayValue,
      amsgrad: this.amsgrad,
    });
  }
  protected hyperConfig(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}

export interface AdamWOptions extends AdamOptions {
  /** Decoupled weight decay: p −= lr·weightDecay·p each step. Default 0.004. */
  weightDecay?: number;
}

/** AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, as Keras's `AdamW`. */
export class AdamW extends Adam {
  override readonly name: string = 'adamw';
  readonly weightDecay: number;
  constructor(options: AdamWOptions = {}) {
    super(options);
    this.weightDecay = options.weightDecay ?? 0.004;
    check('adamw', 'weightDecay', this.weightDecay, this.weightDecay >= 0);
    this.weightDecayValue = this.weightDecay;
  }
  protected override hyperConfig(): Record<string, unknown> {
    return { ...super.hyperConfig(), weightDecay: this.weightDecay };
  }
}

export interface RmspropOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: OptimizerOptions['learningRate'];
  /** Decay of the moving average of squared gradients. Default 0.9. */
  rho?: number;
  /** Default 0. */
  momentum?: number;
  /** Default 1e-7. */
  epsilon?: number;
  /** Normalise by the estimated variance rather than the second moment. Default false. */
  centered?: boolean;
}

/** RMSprop (Hinton) with Keras's formulas and defaults. */
export class RMSprop extends Optimizer {
  readonly name = 'rmsprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  constructor(options: RmspropOptions = {}) {
    super(options, 0.001);
    this.rho = options.rho ?? 0.9;
    this.momentum = options.momentum ?? 0;
    this.epsilon = options.epsilon ?? 1e-7;
    this.centered = options.centered ?? false;
    check('rmsprop', 'rho', this.rho, this.rho >= 0 && this.rho < 1);
    check('rmsprop', 'momentum', this.momentum, this.momentum >= 0 && this.momentum <= 1);
  }
  protected slotNames(): string[] {
    return ['meanSquare', ...(this.momentum > 0 ? ['momentum'] : []), ...(this.centered ? ['meanGrad'] : [])];
  }
  protected step(b: Backend, p: FloatArray, g: FloatArray, s: FloatArray[], lr: number): void {
    const mom = this.momentum > 0 ? s[1]! : null;
    const meanGrad = this.centered ? s[this.momentum > 0 ? 2 : 1]! : null;
    b.rmspropStep(p, g, s[0]!, mom, meanGrad, {
      learningRate: lr,
      rho: this.rho,
      momentum: this.momentum,
      epsilon: this.epsilon,
      centered: this.centered,
    });
  }
  protected hyperConfig(): Record<string, unknown> {
    return { rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}

export interface AdagradOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: OptimizerOptions['learningRate'];
  /** Starting value of the squared-gradient sums. Default 0.1. */
  initialAccumulatorValue?: number;
  /** Default 1e-7. */
  epsilon?: number;
}

/** Adagrad (Duchi et al.) with Keras's formulas and defaults. */
export class Adagrad extends Optimizer {
  readonly name = 'adagrad';
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;
  constructor(options: AdagradOptions = {}) {
    super(options, 0.001);
    this.initialAccumulatorValue = options.initialAccumulatorValue ?? 0.1;
    this.epsilon = options.epsilon ?? 1e-7;
    check(
      'adagrad',
      'initialAccumulatorValue',
      this.initialAccumulatorValue,
      this.initialAccumulatorValue >= 0,
    );
  }
  protected slotNames(): string[] {
    return ['accumulator'];
  }
  protected override slotInitialValue(): number {
    return this.initialAccumulatorValue;
  }
  protected step(b: Backend, p: FloatArray, g: FloatArray, s: FloatArray[], lr: number): void {
    b.adagradStep(p, g, s[0]!, { learningRate: lr, epsilon: this.epsilon });
  }
  protected hyperConfig(): Record<string, unknown> {
    return { initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}

/** SGD. @example const opt = sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true }); */
export const sgd = (options: SgdOptions = {}): SGD => new SGD(options);
/** Adam. @example const opt = adam({ learningRate: 1e-3 }); */
export const adam = (options: AdamOptions = {}): Adam => new Adam(options);
/** AdamW. @example const opt = adamw({ learningRate: 1e-3, weightDecay: 0.01 }); */
export const adamw = (options: AdamWOptions = {}): AdamW => new AdamW(options);
/** RMSprop. @example const opt = rmsprop({ learningRate: 1e-3 }); */
export const rmsprop = (options: RmspropOptions = {}): RMSprop => new RMSprop(options);
/** Adagrad. @example const opt = adagrad({ learningRate: 0.01 }); */
export const adagrad = (options: AdagradOptions = {}): Adagrad => new Adagrad(options);

import type { Backend, FloatArray } from '../backend/interface.js';
import { getBackend } from '../backend/select.js';
import { SeqlabError } from '../errors.js';
import { recycle } from '../autograd/buffers.js';
import { isSparse } from '../autograd/tape.js';
import type { Tensor } from '../autograd/tensor.js';
import { getSchedule, isSchedule, type LearningRateSchedule, type ScheduleConfig } from './schedules.js';
import { clipGradients, type GradientView } from './clipping.js';

/** Options every optimizer takes (Keras 3 names in camelCase). At most one clipping option may be set. */
export interface OptimizerOptions {
  /** A constant rate or a schedule of the iteration count. */
  learningRate?: number | LearningRateSchedule;
  /** Rescale each gradient whose L2 norm exceeds this to that norm. */
  clipNorm?: number | null;
  /** Rescale all gradients together when their joint L2 norm exceeds this. */
  globalClipNorm?: number | null;
  /** Clip each gradient element into [−clipValue, clipValue]. */
  clipValue?: number | null;
  /**
   * Keep an exponential moving average of the weights (Polyak averaging), updated after every step,
   * and give it to the model when `fit` ends (Keras's `use_ema`). Default false.
   */
  useEma?: boolean;
  /** average = emaMomentum · average + (1 − emaMomentum) · weight. Default 0.99. */
  emaMomentum?: number;
  /** Every this many steps, overwrite the weights with their average. Default null: only at the end of fit. */
  emaOverwriteFrequency?: number | null;
}

/** What `getConfig()` returns: plain data that `getOptimizer()` turns back into an optimizer. */
export interface OptimizerSettings {
  name: string;
  learningRate: number | ScheduleConfig;
  clipNorm: number | null;
  globalClipNorm: number | null;
  clipValue: number | null;
  useEma: boolean;
  emaMomentum: number;
  emaOverwriteFrequency: number | null;
  [option: string]: unknown;
}

/**
 * Optimizer slots and progress, to save with a model and resume training. Slots are named
 * `<optimizer>/<slot>/<weight name>`, e.g. `adam/m/lstm/kernel`, in the parameter's dtype.
 */
export interface OptimizerState {
  iterations: number;
  slots: Record<string, FloatArray>;
}

/** Per-parameter scratch for sparse gradients: a dense buffer (zeroed by each scatter) and the rows seen. */
interface Scratch {
  dense: FloatArray;
  seen: Uint8Array;
}

/**
 * Base of all optimizers: learning rate (constant or scheduled), gradient clipping, lazily created
 * per-parameter slots, state save/restore. Subclasses only call their backend kernel.
 *
 * @example
 * const opt = adam({ learningRate: 1e-3, clipNorm: 1 });
 * backward(loss);
 * opt.apply(model.trainableWeights); // updates in place, clears the gradients
 */
export abstract class Optimizer {
  /** Keras name, e.g. 'adam'; prefixes the slot names in `getState()`. */
  abstract readonly name: string;
  /** Number of `apply` calls so far (the schedule's step). */
  iterations = 0;
  readonly clipNorm: number | null;
  readonly globalClipNorm: number | null;
  readonly clipValue: number | null;
  readonly useEma: boolean;
  readonly emaMomentum: number;
  readonly emaOverwriteFrequency: number | null;
  private lr: number | LearningRateSchedule;
  private readonly slots = new Map<Tensor, FloatArray[]>();
  private readonly scratch = new Map<Tensor, Scratch>();
  /** The moving average of each weight updated so far (useEma), saved as the slot 'average'. */
  private readonly averages = new Map<Tensor, FloatArray>();
  /** True while swapEmaWeights() has the averages in the model and the trained weights in `averages`. */
  private emaInModel = false;
  private pending = new Map<string, FloatArray>();

  protected constructor(options: OptimizerOptions, defaultLearningRate: number) {
    this.lr = options.learningRate ?? defaultLearningRate;
    if (typeof this.lr === 'number' && !(Number.isFinite(this.lr) && this.lr > 0)) {
      throw new SeqlabError(
        `${new.target.name}: learningRate must be a finite number > 0, got ${this.lr} ` +
          `(typical values: 1e-3 for adam, 1e-2 for sgd)`,
      );
    }
    this.clipNorm = options.clipNorm ?? null;
    this.globalClipNorm = options.globalClipNorm ?? null;
    this.clipValue = options.clipValue ?? null;
    if (options.useEma !== undefined && typeof options.useEma !== 'boolean') {
      throw new SeqlabError(
        `${new.target.name}: useEma must be true or false, got ${JSON.stringify(options.useEma)}`,
      );
    }
    this.useEma = options.useEma ?? false;
    this.emaMomentum = options.emaMomentum ?? 0.99;
    this.emaOverwriteFrequency = options.emaOverwriteFrequency ?? null;
    if (!(this.emaMomentum >= 0 && this.emaMomentum <= 1)) {
      throw new SeqlabError(`${new.target.name}: emaMomentum must be in [0, 1], got ${this.emaMomentum}`);
    }
    const freq = this.emaOverwriteFrequency;
    if (freq !== null && !(Number.isInteger(freq) && freq > 0)) {
      throw new SeqlabError(
        `${new.target.name}: emaOverwriteFrequency must be an integer > 0 or null, got ${freq}`,
      );
    }
    const set = [this.clipNorm, this.globalClipNorm, this.clipValue].filter((c) => c !== null);
    if (set.length > 1) {
      throw new SeqlabError(
        `${new.target.name}: only one of clipNorm, globalClipNorm and clipValue can be set, got ` +
          JSON.stringify({
            clipNorm: this.clipNorm,
            globalClipNorm: this.globalClipNorm,
            clipValue: this.clipValue,
          }),
      );
    }
    for (const [key, value] of Object.entries({
      clipNorm: this.clipNorm,
      globalClipNorm: this.globalClipNorm,
      clipValue: this.clipValue,
    })) {
      if (value !== null && !(value > 0))
        throw new SeqlabError(`${new.target.name}: ${key} must be > 0, got ${value}`);
    }
  }

  /**
   * The rate the next `apply` will use (a schedule's value at `iterations`). Assigning a number
   * (ReduceLROnPlateau does) or a schedule replaces the constant rate or the schedule.
   */
  get learningRate(): number {
    return this.currentLearningRate();
  }

  set learningRate(value: number | LearningRateSchedule) {
    if (typeof value === 'number' && !(value >= 0 && Number.isFinite(value))) {
      throw new SeqlabError(`${this.name}: learningRate must be a finite number ≥ 0, got ${value}`);
    }
    this.lr = value;
  }

  /** The schedule, or null for a constant rate. */
  get schedule(): LearningRateSchedule | null {
    return isSchedule(this.lr) ? this.lr : null;
  }

  /** The rate the next `apply` will use. @example opt.currentLearningRate() // 0.001 */
  currentLearningRate(): number {
    return isSchedule(this.lr) ? this.lr(this.iterations) : this.lr;
  }

  /** Slot names in kernel argument order, e.g. ['m', 'v'] for Adam. */
  protected abstract slotNames(): string[];
  /** Initial slot value (Adagrad's accumulator starts above zero). */
  protected slotInitialValue(_slot: string): number {
    return 0;
  }
  /** Runs the backend kernel on one parameter (or one row range of it). */
  protected abstract step(
    backend: Backend,
    param: FloatArray,
    grad: FloatArray,
    slots: FloatArray[],
    lr: number,
  ): void;
  /** True when an update of the rows that got no gradient would leave them unchanged (plain SGD). */
  protected sparseSafe(): boolean {
    return false;
  }
  /** Hyperparameters beyond the base options, for `getConfig()`. */
  protected abstract hyperConfig(): Record<string, unknown>;

  /**
   * One update of every parameter that has a gradient (others are skipped): clip, run the kernel in
   * place on `param.data`, clear `param.gradData`. `iterations` grows by one per call.
   * Sparse (embedding-row) gradients give exactly the dense update.
   * @example
   * backward(loss); opt.apply(params);
   */
  apply(params: readonly Tensor[]): void {
    if (this.emaInModel) this.swapEmaWeights(params); // train the weights, not their average
    const backend = getBackend();
    const lr = this.currentLearningRate();
    const views: (GradientView & { param: Tensor })[] = [];
    // The values of sparse gradients, dead once scattered (the embedding's upstream gradient, 3.3 MB a batch
    // on the benchmark's A): handed back for the next batch's buffers instead of left to the garbage collector.
    const scattered: FloatArray[] = [];
    for (const param of params) {
      const g = param.gradData;
      if (!g) continue;
      const data = param.floats();
      if (!isSparse(g)) {
        if (g.length !== data.length) {
          throw new SeqlabError(
            `${this.name}: gradient of '${param.name ?? 'unnamed'}' has ${g.length} values, the parameter ${data.length}`,
          );
        }
        views.push({ param, grad: g, rows: null, width: 0, owned: false });
        continue;
      }
      const s = this.scratchFor(param, data);
      const uniq: number[] = [];
      const { rows, values, width } = g;
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]!;
        if (s.seen[row] === 0) {
          s.seen[row] = 1;
          uniq.push(row);
        }
      }
      // dense = 0, then dense[rows[r]] += values[r]: the embedding gradient's own scatter kernel.
      backend.embeddingBackward(values, rows, width, s.dense);
      views.push({ param, grad: s.dense, rows: Int32Array.from(uniq), width, owned: true });
      scattered.push(values);
    }
    clipGradients(views, this, (view) => {
      const s = this.scratchFor(view.param, view.param.floats());
      s.dense.set(view.grad);
      return s.dense;
    });
    for (const view of views) {
      const data = view.param.floats();
      const slots = this.slotsFor(view.param, data);
      if (view.rows && this.sparseSafe()) {
        const w = view.width;
        for (const row of view.rows) {
          const a = row * w;
          this.step(backend, data.subarray(a, a + w), view.grad.subarray(a, a + w), slots, lr);
        }
      } else {
        this.step(backend, data, view.grad, slots, lr);
      }
      if (this.useEma) this.updateAverage(view.param, data);
      if (view.owned) this.clearScratch(view.param, view.rows);
      view.param.gradData = null;
    }
    for (const values of scattered) recycle(values); // no one else sees them: Tensor.grad densifies a copy
    if (
      this.useEma &&
      this.emaOverwriteFrequency !== null &&
      (this.iterations + 1) % this.emaOverwriteFrequency === 0
    ) {
      for (const view of views) view.param.floats().set(this.averages.get(view.param)!);
    }
    this.iterations += 1;
  }

  /**
   * average ← m·average + (1 − m)·weight, after the weight's update. A new average starts at the weight
   * (Keras uses m = 0 on the first step). A plain loop: 1.2 ms for the 1.36M weights of the
   * imdb-bigru-attention example, about 1% of its training step.
   */
  private updateAverage(param: Tensor, data: FloatArray): void {
    let avg = this.averages.get(param);
    if (!avg) {
      avg = data.slice();
      const saved = this.takePending(this.slotKey('average', param, this.averages.size), avg.length);
      if (saved) avg.set(saved);
      this.averages.set(param, avg);
      if (!saved) return;
    }
    const m = this.emaMomentum;
    const w = 1 - m;
    for (let i = 0; i < avg.length; i++) avg[i] = m * avg[i]! + w * data[i]!;
  }

  /**
   * Exchanges the weights and their moving averages in place (useEma), e.g. to evaluate the averaged
   * model; a second call swaps back. The next `apply` swaps back by itself.
   * @example
   * opt.swapEmaWeights(model.trainableWeights); model.evaluate(x, y); opt.swapEmaWeights(model.trainableWeights);
   */
  swapEmaWeights(params: readonly Tensor[]): void {
    if (!this.useEma)
      throw new SeqlabError(`${this.name}: swapEmaWeights needs an optimizer created with useEma: true`);
    for (const param of params) {
      const avg = this.averageOf(param);
      if (!avg) continue;
      const data = param.floats();
      for (let i = 0; i < avg.length; i++) {
        const t = data[i]!;
        data[i] = avg[i]!;
        avg[i] = t;
      }
    }
    this.emaInModel = !this.emaInModel;
  }

  /** True while `swapEmaWeights` has put the averages in the model. */
  get emaWeightsInModel(): boolean {
    return this.emaInModel;
  }

  /**
   * Gives the weights their moving averages for good (useEma; a no-op otherwise). `fit` calls this when it
   * ends, as Keras does, before the callbacks' onTrainEnd (so EarlyStopping's restored weights win).
   */
  finalizeVariableValues(params: readonly Tensor[]): void {
    if (!this.useEma) return;
    for (const param of params) {
      const avg = this.averageOf(param);
      if (!avg) continue;
      if (this.emaInModel)
        avg.set(param.floats()); // the model holds the averages already
      else param.floats().set(avg);
    }
    this.emaInModel = false;
  }

  /**
   * The moving average of `param`, or one setState() restored before any update (a run resumed from a
   * checkpoint at its last epoch swaps and finalizes without a step); null when there is neither.
   */
  private averageOf(param: Tensor): FloatArray | null {
    const avg = this.averages.get(param);
    if (avg) return avg;
    const saved = this.takePending(this.slotKey('average', param, this.averages.size), param.size);
    if (!saved) return null;
    this.averages.set(param, saved);
    return saved;
  }

  private scratchFor(param: Tensor, data: FloatArray): Scratch {
    let s = this.scratch.get(param);
    if (!s) {
      const dense =
        data instanceof Float64Array ? new Float64Array(data.length) : new Float32Array(data.length);
      const rows = param.shape[0] ?? 1;
      s = { dense, seen: new Uint8Array(rows) };
      this.scratch.set(param, s);
    }
    return s;
  }

  private clearScratch(param: Tensor, rows: Int32Array | null): void {
    const s = this.scratch.get(param)!;
    if (!rows) {
      s.dense.fill(0);
      return;
    }
    // The dense rows need no clearing: the next scatter (embeddingBackward) zeroes the buffer first.
    for (const row of rows) s.seen[row] = 0;
  }

  private slotKey(slot: string, param: Tensor, index: number): string {
    return `${this.name}/${slot}/${param.name ?? `unnamed_${index}`}`;
  }

  /** A slot restored by setState() before its weight was first updated, checked against the weight's size. */
  private takePending(key: string, length: number): FloatArray | undefined {
    const saved = this.pending.get(key);
    if (!saved) return undefined;
    if (saved.length !== length) {
      throw new SeqlabError(
        `${this.name}: saved slot '${key}' has ${saved.length} values, the weight ${length}`,
      );
    }
    this.pending.delete(key);
    return saved;
  }

  private slotsFor(param: Tensor, data: FloatArray): FloatArray[] {
    let slots = this.slots.get(param);
    if (!slots) {
      const index = this.slots.size;
      slots = this.slotNames().map((slot) => {
        const a =
          data instanceof Float64Array ? new Float64Array(data.length) : new Float32Array(data.length);
        const init = this.slotInitialValue(slot);
        if (init !== 0) a.fill(init);
        const saved = this.takePending(this.slotKey(slot, param, index), a.length);
        if (saved) a.set(saved);
        return a;
      });
      this.slots.set(param, slots);
    }
    return slots;
  }

  /**
   * Plain-data configuration (a schedule appears as its config).
   * @example
   * getOptimizer(adam({ learningRate: 3e-4 }).getConfig()); // an equivalent fresh optimizer
   */
  getConfig(): OptimizerSettings {
    return {
      name: this.name,
      learningRate: isSchedule(this.lr) ? this.lr.getConfig() : this.lr,
      clipNorm: this.clipNorm,
      globalClipNorm: this.globalClipNorm,
      clipValue: this.clipValue,
      useEma: this.useEma,
      emaMomentum: this.emaMomentum,
      emaOverwriteFrequency: this.emaOverwriteFrequency,
      ...this.hyperConfig(),
    };
  }

  /**
   * Copies of the slots (named `<optimizer>/<slot>/<weight name>`) and the iteration count.
   * @example
   * const state = opt.getState(); // { iterations: 120, slots: { 'adam/m/dense/kernel': Float32Array, … } }
   */
  getState(): OptimizerState {
    const slots: Record<string, FloatArray> = {};
    let index = 0;
    for (const [param, arrays] of this.slots) {
      this.slotNames().forEach((slot, k) => (slots[this.slotKey(slot, param, index)] = arrays[k]!.slice()));
      index++;
    }
    index = 0;
    for (const [param, avg] of this.averages) {
      // While swapped, the model holds the averages.
      slots[this.slotKey('average', param, index++)] = this.emaInModel ? param.floats().slice() : avg.slice();
    }
    for (const [key, value] of this.pending) slots[key] ??= value.slice();
    return { iterations: this.iterations, slots };
  }

  /**
   * Restores `getState()`'s output. Slots of parameters not seen yet are kept and used when each
   * parameter is first updated (matched by weight name), so this can run right after loading a model.
   * @example
   * const again = adam(); again.setState(saved.optimizerState);
   */
  setState(state: OptimizerState): void {
    if (!Number.isInteger(state.iterations) || state.iterations < 0) {
      throw new SeqlabError(
        `${this.name}.setState: iterations must be an integer ≥ 0, got ${state.iterations}`,
      );
    }
    this.iterations = state.iterations;
    this.pending = new Map(Object.entries(state.slots).map(([k, v]) => [k, v.slice()]));
    let index = 0;
    for (const [param, arrays] of this.slots) {
      this.slotNames().forEach((slot, k) => {
        const saved = this.takePending(this.slotKey(slot, param, index), arrays[k]!.length);
        if (saved) arrays[k]!.set(saved);
      });
      index++;
    }
    index = 0;
    for (const [param, avg] of this.averages) {
      const saved = this.takePending(this.slotKey('average', param, index++), avg.length);
      if (saved) (this.emaInModel ? param.floats() : avg).set(saved);
    }
  }
}

/** Resolves a learning rate given as a number, a schedule or a schedule config. */
export function resolveLearningRate(
  lr: number | LearningRateSchedule | ScheduleConfig | undefined,
): number | LearningRateSchedule | undefined {
  if (lr === undefined || typeof lr === 'number' || typeof lr === 'function') return lr;
  return getSchedule(lr);
}

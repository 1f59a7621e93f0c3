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
}

/** What `getConfig()` returns: plain data that `getOptimizer()` turns back into an optimizer. */
export interface OptimizerSettings {
  name: string;
  learningRate: number | ScheduleConfig;
  clipNorm: number | null;
  globalClipNorm: number | null;
  clipValue: number | null;
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
  private lr: number | LearningRateSchedule;
  private readonly slots = new Map<Tensor, FloatArray[]>();
  private readonly scratch = new Map<Tensor, Scratch>();
  private pending = new Map<string, FloatArray>();

  protected constructor(options: OptimizerOptions, defaultLearningRate: number) {
    this.lr = options.learningRate ?? defaultLearningRate;
    this.clipNorm = options.clipNorm ?? null;
    this.globalClipNorm = options.globalClipNorm ?? null;
    this.clipValue = options.clipValue ?? null;
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
      if (view.owned) this.clearScratch(view.param, view.rows);
      view.param.gradData = null;
    }
    for (const values of scattered) recycle(values); // no one else sees them: Tensor.grad densifies a copy
    this.iterations += 1;
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

  private slotsFor(param: Tensor, data: FloatArray): FloatArray[] {
    let slots = this.slots.get(param);
    if (!slots) {
      const index = this.slots.size;
      slots = this.slotNames().map((slot) => {
        const a =
          data instanceof Float64Array ? new Float64Array(data.length) : new Float32Array(data.length);
        const init = this.slotInitialValue(slot);
        if (init !== 0) a.fill(init);
        const key = this.slotKey(slot, param, index);
        const saved = this.pending.get(key);
        if (saved) {
          if (saved.length !== a.length) {
            throw new SeqlabError(
              `${this.name}: saved slot '${key}' has ${saved.length} values, the weight ${a.length}`,
            );
          }
          a.set(saved);
          this.pending.delete(key);
        }
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
        const key = this.slotKey(slot, param, index);
        const saved = this.pending.get(key);
        if (saved) {
          if (saved.length !== arrays[k]!.length) {
            throw new SeqlabError(
              `${this.name}: saved slot '${key}' has ${saved.length} values, the weight ${arrays[k]!.length}`,
            );
          }
          arrays[k]!.set(saved);
          this.pending.delete(key);
        }
      });
      index++;
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

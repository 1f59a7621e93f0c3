/**
 * Pruners stop unpromising trials early from their per-epoch (or per-fold) intermediate values.
 * Values are "losses": lower is better (a maximised objective is negated before it gets here).
 * A pruner sees only the curves it is given — the study passes the trials that finished before the
 * trial was proposed — so its decisions do not depend on worker timing.
 *
 * - median (Optuna's MedianPruner, with its defaults n_warmup_steps = 0 and n_startup_trials = 5):
 *   after `warmup` steps and once `startup` trials reached the step, stop when the trial's best value
 *   so far is worse than the median of the others' best so far. The study gives it completed trials
 *   only, as Optuna does.
 * - asha (successive halving, Li et al. 2018, Optuna's SuccessiveHalvingPruner): rungs at
 *   minResource·η^k epochs; at a rung a trial goes on only when its value is among the best
 *   ⌊n/η⌋ (at least the best one) of the n trials that reached that rung, itself included.
 */

export interface Pruner {
  readonly name: string;
  /** `step` is 0-based; `values` holds this trial's values for steps 0..step. */
  shouldPrune(values: readonly number[], others: readonly (readonly number[])[]): boolean;
}

const bestSoFar = (v: readonly number[], step: number): number => {
  let b = Infinity;
  for (let i = 0; i <= step && i < v.length; i++) if (v[i]! < b) b = v[i]!;
  return b;
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * @example new MedianPruner().shouldPrune([0.9, 0.8], [[0.5, 0.4], [0.6, 0.5], ...])
 */
export class MedianPruner implements Pruner {
  readonly name = 'median';
  constructor(private readonly options: { startup?: number; warmup?: number } = {}) {}
  shouldPrune(values: readonly number[], others: readonly (readonly number[])[]): boolean {
    const step = values.length - 1;
    if (step < (this.options.warmup ?? 0)) return false;
    const reached = others.filter((o) => o.length > step).map((o) => bestSoFar(o, step));
    if (reached.length < (this.options.startup ?? 5)) return false;
    const mine = bestSoFar(values, step);
    return Number.isNaN(mine) || mine > median(reached);
  }
}

/**
 * @example new AshaPruner({ minResource: 1, reductionFactor: 3 }) // rungs after epochs 1, 3, 9, 27
 */
export class AshaPruner implements Pruner {
  readonly name = 'asha';
  private readonly r: number;
  private readonly eta: number;
  constructor(options: { minResource?: number; reductionFactor?: number } = {}) {
    this.r = options.minResource ?? 1;
    this.eta = options.reductionFactor ?? 3;
  }
  /** True when `epochs` (1-based) is a rung: r·η^k. */
  isRung(epochs: number): boolean {
    for (let e = this.r; e <= epochs; e *= this.eta) if (e === epochs) return true;
    return false;
  }
  shouldPrune(values: readonly number[], others: readonly (readonly number[])[]): boolean {
    const step = values.length - 1;
    if (!this.isRung(step + 1)) return false;
    const mine = values[step]!;
    if (Number.isNaN(mine)) return true;
    const competing = [mine, ...others.filter((o) => o.length > step).map((o) => o[step]!)].sort(
      (a, b) => a - b,
    );
    const keep = Math.max(1, Math.floor(competing.length / this.eta));
    return mine > competing[keep - 1]!;
  }
}

/** Never prunes. */
export class NoPruner implements Pruner {
  readonly name = 'none';
  shouldPrune(): boolean {
    return false;
  }
}

export type PrunerName = 'none' | 'median' | 'asha';

/**
 * The earlier trials a pruner compares a trial with: Optuna's MedianPruner takes completed trials only
 * (a pruned trial's short, bad curve would raise the median); successive halving every trial that
 * reached the rung, pruned ones included.
 */
export function comparedTrials<T extends { state: string }>(pruner: PrunerName, trials: readonly T[]): T[] {
  const states = pruner === 'median' ? ['complete'] : ['complete', 'pruned'];
  return trials.filter((t) => states.includes(t.state));
}

/** The pruner named in the config. */
export function makePruner(name: PrunerName): Pruner {
  return name === 'median' ? new MedianPruner() : name === 'asha' ? new AshaPruner() : new NoPruner();
}

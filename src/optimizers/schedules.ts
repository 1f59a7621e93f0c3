import { SeqlabError } from '../errors.js';

/** Plain-data description of a schedule, as `getConfig()` returns it and `getSchedule()` accepts it. */
export type ScheduleConfig =
  | ({ name: 'exponentialDecay' } & ExponentialDecayOptions)
  | ({ name: 'piecewiseConstantDecay' } & PiecewiseConstantDecayOptions)
  | ({ name: 'cosineDecay' } & CosineDecayOptions)
  | ({ name: 'inverseTimeDecay' } & InverseTimeDecayOptions);

/**
 * A learning rate as a function of the optimizer's iteration count (0 for the first update),
 * as Keras's `LearningRateSchedule`.
 */
export interface LearningRateSchedule {
  (step: number): number;
  getConfig(): ScheduleConfig;
}

function makeSchedule(config: ScheduleConfig, f: (step: number) => number): LearningRateSchedule {
  const frozen = Object.freeze({ ...config }) as ScheduleConfig;
  return Object.assign((step: number) => f(step), { getConfig: () => ({ ...frozen }) as ScheduleConfig });
}

function positive(schedule: string, name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new SeqlabError(`${schedule}: ${name} must be a positive number, got ${value}`);
  }
}

export interface ExponentialDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  /** Decay in discrete jumps every `decaySteps` steps. Default false. */
  staircase?: boolean;
}

/**
 * lr(step) = initialLearningRate · decayRate^(step / decaySteps) (the exponent floored with `staircase`).
 * @example
 * const lr = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 });
 * lr(100); // 0.05
 */
export function exponentialDecay(options: ExponentialDecayOptions): LearningRateSchedule {
  const { initialLearningRate, decaySteps, decayRate, staircase = false } = options;
  positive('exponentialDecay', 'decaySteps', decaySteps);
  return makeSchedule(
    { name: 'exponentialDecay', initialLearningRate, decaySteps, decayRate, staircase },
    (step) => {
      const p = staircase ? Math.floor(step / decaySteps) : step / decaySteps;
      return initialLearningRate * Math.pow(decayRate, p);
    },
  );
}

export interface PiecewiseConstantDecayOptions {
  /** Increasing step numbers where the rate changes. */
  boundaries: number[];
  /** One more value than boundaries: values[i] applies while step ≤ boundaries[i]. */
  values: number[];
}

/**
 * values[0] while step ≤ boundaries[0], values[1] while step ≤ boundaries[1], …, the last value after.
 * @example
 * const lr = piecewiseConstantDecay({ boundaries: [100, 200], values: [1e-2, 1e-3, 1e-4] });
 * lr(150); // 1e-3
 */
export function piecewiseConstantDecay(options: PiecewiseConstantDecayOptions): LearningRateSchedule {
  const boundaries = [...options.boundaries];
  const values = [...options.values];
  if (values.length !== boundaries.length + 1) {
    throw new SeqlabError(
      `piecewiseConstantDecay: values must have one more element than boundaries, ` +
        `got ${values.length} values and ${boundaries.length} boundaries`,
    );
  }
  return makeSchedule({ name: 'piecewiseConstantDecay', boundaries, values }, (step) => {
    for (let i = 0; i < boundaries.length; i++) if (step <= boundaries[i]!) return values[i]!;
    return values[values.length - 1]!;
  });
}

export interface CosineDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  /** Floor of the decay as a fraction of the starting rate. Default 0. */
  alpha?: number;
  /** Rate reached at the end of a linear warm-up from initialLearningRate. Default: no warm-up. */
  warmupTarget?: number | null;
  /** Length of the warm-up. Default 0. */
  warmupSteps?: number;
}

/**
 * Cosine decay (Loshchilov & Hutter), with Keras's optional linear warm-up.
 * @example
 * const lr = cosineDecay({ initialLearningRate: 0.1, decaySteps: 1000 });
 * lr(500); // 0.05
 */
export function cosineDecay(options: CosineDecayOptions): LearningRateSchedule {
  const { initialLearningRate, decaySteps, alpha = 0, warmupTarget = null, warmupSteps = 0 } = options;
  positive('cosineDecay', 'decaySteps', decaySteps);
  const decay = (step: number, from: number): number => {
    const cosine = 0.5 * (1 + Math.cos((Math.PI * step) / decaySteps));
    return from * ((1 - alpha) * cosine + alpha);
  };
  const config = {
    name: 'cosineDecay' as const,
    initialLearningRate,
    decaySteps,
    alpha,
    warmupTarget,
    warmupSteps,
  };
  return makeSchedule(config, (step) => {
    if (warmupTarget === null) return decay(Math.min(step, decaySteps), initialLearningRate);
    const s = Math.min(step, decaySteps + warmupSteps);
    if (s < warmupSteps)
      return initialLearningRate + ((warmupTarget - initialLearningRate) * s) / warmupSteps;
    return decay(s - warmupSteps, warmupTarget);
  });
}

export interface InverseTimeDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  /** Floor step / decaySteps. Default false. */
  staircase?: boolean;
}

/**
 * lr(step) = initialLearningRate / (1 + decayRate · step / decaySteps).
 * @example
 * const lr = inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 1 });
 * lr(10); // 0.05
 */
export function inverseTimeDecay(options: InverseTimeDecayOptions): LearningRateSchedule {
  const { initialLearningRate, decaySteps, decayRate, staircase = false } = options;
  positive('inverseTimeDecay', 'decaySteps', decaySteps);
  return makeSchedule(
    { name: 'inverseTimeDecay', initialLearningRate, decaySteps, decayRate, staircase },
    (step) => {
      const p = staircase ? Math.floor(step / decaySteps) : step / decaySteps;
      return initialLearningRate / (1 + decayRate * p);
    },
  );
}

const SCHEDULES = {
  exponentialDecay,
  piecewiseConstantDecay,
  cosineDecay,
  inverseTimeDecay,
} as const;

/**
 * A schedule from its config (as `schedule.getConfig()` gives it) or the schedule itself.
 * @example
 * getSchedule({ name: 'exponentialDecay', initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9 });
 */
export function getSchedule(config: ScheduleConfig | LearningRateSchedule): LearningRateSchedule {
  if (typeof config === 'function') return config;
  const make = (SCHEDULES as Record<string, (o: never) => LearningRateSchedule>)[config.name];
  if (!make) {
    throw new SeqlabError(
      `unknown learning-rate schedule '${String(config.name)}'; valid names: ${Object.keys(SCHEDULES).join(', ')}`,
    );
  }
  return make(config as never);
}

/** True for a schedule (a function) rather than a constant rate. */
export function isSchedule(lr: unknown): lr is LearningRateSchedule {
  return typeof lr === 'function';
}

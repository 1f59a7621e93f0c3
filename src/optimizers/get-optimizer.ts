import { SeqlabError } from '../errors.js';
import { Optimizer, resolveLearningRate, type OptimizerSettings } from './optimizer.js';
import { adagrad, adam, adamw, rmsprop, sgd } from './optimizers.js';
import type { LearningRateSchedule, ScheduleConfig } from './schedules.js';

const FACTORIES: Record<string, (options: never) => Optimizer> = { sgd, adam, adamw, rmsprop, adagrad };

/** An optimizer named in a config: its name plus any options, e.g. `{ name: 'adam', learningRate: 1e-3 }`. */
export type OptimizerConfig =
  | string
  | Optimizer
  | (Partial<Omit<OptimizerSettings, 'learningRate'>> & {
      name: string;
      learningRate?: number | ScheduleConfig | LearningRateSchedule;
    });

/**
 * An optimizer from a name ('adam', case-insensitive), a config object (as `getConfig()` gives) or an
 * instance (returned as is). Unknown names fail with the list of valid ones.
 * @example
 * getOptimizer('rmsprop');
 * getOptimizer({ name: 'adam', learningRate: 1e-4, clipNorm: 1 });
 */
export function getOptimizer(identifier: OptimizerConfig): Optimizer {
  if (identifier instanceof Optimizer) return identifier;
  const config = typeof identifier === 'string' ? { name: identifier } : identifier;
  const key = String(config.name).toLowerCase();
  const make = FACTORIES[key];
  if (!make) {
    throw new SeqlabError(
      `unknown optimizer '${String(config.name)}'; valid names: ${Object.keys(FACTORIES).join(', ')} ` +
        `(or pass an Optimizer instance)`,
    );
  }
  const options: Record<string, unknown> = { ...config };
  delete options.name;
  // A misspelt option (leraningRate) would otherwise be dropped without a word: the valid keys are those
  // of a default instance's getConfig().
  const valid = Object.keys(make({} as never).getConfig()).filter((k) => k !== 'name');
  const unknown = Object.keys(options).filter((k) => !valid.includes(k));
  if (unknown.length > 0) {
    throw new SeqlabError(
      `${key}: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}; ` +
        `valid options: ${valid.join(', ')}`,
    );
  }
  const lr = resolveLearningRate(config.learningRate);
  if (lr === undefined) delete options.learningRate;
  else options.learningRate = lr;
  return make(options as never);
}

/**
 * The `tune:` block of an experiment config, checked before any trial runs:
 *
 *   tune:
 *     search: { 'model.layers[0].units': { int: [16, 128], log: true }, 'compile.optimizer.learningRate': { loguniform: [1e-4, 3e-3] } }
 *     objective: { metric: val_loss, direction: minimize }   # val_* | cv:<metric> | backtest:<mae|rmse|smape|mase>
 *     budget: { trials: 30, maxEpochs: 10, timeMinutes: 60 }
 *     sampler: tpe          # or random
 *     pruner: median        # or asha, none
 */
import { z } from 'zod';
import { formatIssues, validateConfig, ConfigError } from '../experiments/config.js';
import { parseSpace, withParams, fromInternal, SearchSpaceError, type Param } from './space.js';
import { parseObjective, type Objective } from './trial.js';
import type { PrunerName } from './pruners.js';

const tuneSchema = z.strictObject({
  search: z.record(z.string(), z.unknown()),
  objective: z
    .strictObject({
      metric: z.string().default('val_loss'),
      direction: z.enum(['minimize', 'maximize']).optional(),
    })
    .prefault({}),
  budget: z
    .strictObject({
      trials: z.number().int().positive().default(20),
      maxEpochs: z.number().int().positive().optional(),
      timeMinutes: z.number().positive().optional(),
    })
    .prefault({}),
  sampler: z.enum(['tpe', 'random']).default('tpe'),
  /** TPE's random trials before it models the history. Default 10. */
  startupTrials: z.number().int().min(1).optional(),
  pruner: z.enum(['median', 'asha', 'none']).default('median'),
  seed: z.number().int().optional(),
});

export interface TuneSpec {
  space: Param[];
  objective: Objective;
  budget: { trials: number; maxEpochs?: number; timeMinutes?: number };
  sampler: 'tpe' | 'random';
  startupTrials?: number;
  pruner: PrunerName;
  seed: number;
}

/** Whether bigger is better for a metric name. */
export function defaultDirection(metric: string): 'minimize' | 'maximize' {
  return /accuracy|auc|f1|precision|recall|r2/i.test(metric) ? 'maximize' : 'minimize';
}

/**
 * Checks the tune block against the config it searches: every path must exist, and the corners of
 * every range (each choice) must give a valid config. Throws naming the key.
 * @example const spec = parseTuneSpec(raw); spec.space.length
 */
export function parseTuneSpec(raw: Record<string, unknown>, where = 'config'): TuneSpec {
  if (raw.tune === undefined)
    throw new ConfigError(
      `${where}: no tune block; add e.g. tune: { search: { 'compile.optimizer.learningRate': { loguniform: [1e-4, 3e-3] } }, budget: { trials: 20 } }`,
    );
  const parsed = tuneSchema.safeParse(raw.tune);
  if (!parsed.success)
    throw new ConfigError(
      `${where}: invalid tune block\n${formatIssues(
        parsed.error.issues.map((i) => ({ ...i, path: ['tune', ...i.path] })),
        raw,
      )}`,
    );
  const t = parsed.data;
  const space = parseSpace(t.search);
  const base = validateConfig(raw, where);
  const { kind } = parseObjective(t.objective.metric);
  if (kind === 'val' && !t.objective.metric.startsWith('val_'))
    throw new ConfigError(
      `${where}: tune.objective.metric '${t.objective.metric}' would be scored on the training rows; use val_loss or val_<metric> (with validationSplit), cv:<metric> or backtest:<mae|rmse|smape|mase>`,
    );
  if (kind === 'val' && base.training.validationSplit <= 0)
    throw new ConfigError(
      `${where}: tune.objective.metric ${t.objective.metric} needs training.validationSplit > 0 (e.g. 0.2), or use cv:${t.objective.metric.slice(4)}`,
    );
  if (kind === 'backtest' && base.data.type !== 'series')
    throw new ConfigError(
      `${where}: tune.objective.metric ${t.objective.metric} is for series data (data.type: series)`,
    );
  // Every path and range end must make a valid config.
  for (const p of space) {
    const ends = p.kind === 'choice' ? p.choices.map((_, i) => i) : [p.low, p.high];
    for (const x of ends) {
      const v = fromInternal(p, x);
      let candidate: Record<string, unknown>;
      try {
        candidate = withParams(raw, { [p.path]: v });
      } catch (e) {
        throw new SearchSpaceError(`${where}: ${(e as Error).message}`);
      }
      try {
        validateConfig(candidate, where);
      } catch (e) {
        throw new SearchSpaceError(
          `${where}: tune.search '${p.path}' = ${JSON.stringify(v)} makes the config invalid:\n${(e as Error).message.split('\n').slice(1).join('\n')}`,
        );
      }
    }
  }
  return {
    space,
    objective: {
      metric: t.objective.metric,
      direction: t.objective.direction ?? defaultDirection(t.objective.metric),
    },
    budget: t.budget,
    sampler: t.sampler,
    ...(t.startupTrials !== undefined ? { startupTrials: t.startupTrials } : {}),
    pruner: t.pruner,
    seed: t.seed ?? base.seed,
  };
}

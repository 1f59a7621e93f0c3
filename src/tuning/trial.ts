/**
 * One trial: a config with the sampled parameters is trained and scored on its objective —
 * a validation metric (`val_loss`, `val_accuracy`), K-fold cross-validation on the training rows
 * (`cv:<metric>`) or a forecasting backtest inside the training part (`backtest:<metric>`). The test
 * split is never looked at. Intermediate values (per epoch, or per fold for cross-validation) go
 * to the pruner, which may stop the trial.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { VERSION } from '../version.js';
import { SeqlabError } from '../errors.js';
import { validateConfig } from '../experiments/config.js';
import type { ExperimentConfig } from '../experiments/config-schema.js';
import { loadExperimentData, type LoadedData } from '../experiments/data.js';
import { prepareData } from '../experiments/prepare.js';
import { buildModel } from '../experiments/model-build.js';
import { forecastRun } from '../experiments/forecast-run.js';
import { crossValidate } from '../experiments/cross-validate.js';
import { callbacks as cb, type Callback, type Logs } from '../model/callbacks/index.js';
import { makePruner, type PrunerName } from './pruners.js';
import type { Params } from './space.js';

/** What a worker needs to run one trial (plain JSON: it crosses processes and Redis). */
export interface TrialJob {
  study: string;
  number: number;
  params: Params;
  /** The raw config with the parameters set and data paths absolute. */
  config: Record<string, unknown>;
  objective: Objective;
  pruner: PrunerName;
  /** Loss-oriented intermediate curves of the trials the pruner compares with. */
  history: number[][];
  /** The coordinator's seqlab version: a worker with another version refuses the job. */
  version: string;
  /** sha256 of the data file, checked by the worker before reading it. */
  dataSha256?: string;
}

export interface Objective {
  /** val_loss, val_accuracy, cv:loss, cv:accuracy, backtest:mase, … */
  metric: string;
  direction: 'minimize' | 'maximize';
}

export type TrialState = 'running' | 'complete' | 'pruned' | 'failed';

export interface TrialResult {
  number: number;
  state: Exclude<TrialState, 'running'>;
  /** The objective in its own direction (best epoch for a validation metric; fold mean for cv). */
  value?: number;
  /** Intermediate values in the objective's own direction. */
  values: number[];
  /** Epochs trained (summed over folds). */
  epochs: number;
  seconds: number;
  error?: string;
  /** cv: mean and sd per metric; backtest: the overall scores; validation: the best epoch's logs. */
  metrics?: Record<string, unknown>;
  /** The (last) fit's history, for the best trial's curves. */
  curves?: Record<string, number[]>;
  worker?: string;
}

/** A job from another seqlab version. */
export class VersionMismatchError extends SeqlabError {}

/** `cv:accuracy` → { kind: 'cv', key: 'val_accuracy' }. */
export function parseObjective(metric: string): { kind: 'val' | 'cv' | 'backtest'; key: string } {
  if (metric.startsWith('cv:')) return { kind: 'cv', key: `val_${metric.slice(3)}` };
  if (metric.startsWith('backtest:')) return { kind: 'backtest', key: metric.slice(9) };
  return { kind: 'val', key: metric };
}

let cachedData: { key: string; data: LoadedData } | undefined;
const checkedFiles = new Map<string, string>();

/**
 * Loads the data once per process for trials that share the data section; a data file must have the
 * coordinator's sha256 (workers on other machines read the same path from shared storage).
 */
async function dataFor(config: ExperimentConfig, sha256?: string): Promise<LoadedData> {
  const source = config.data.source;
  if (sha256 && existsSync(source) && statSync(source).isFile()) {
    let mine = checkedFiles.get(source);
    if (!mine) {
      const h = createHash('sha256');
      for await (const chunk of createReadStream(source)) h.update(chunk as Buffer);
      mine = h.digest('hex');
      checkedFiles.set(source, mine);
    }
    if (mine !== sha256)
      throw new SeqlabError(
        `${source}: this worker's copy differs from the coordinator's (sha256 ${mine.slice(0, 12)}… vs ${sha256.slice(0, 12)}…); give every worker the same data file at the same path`,
      );
  } else if (sha256 && !existsSync(source)) {
    throw new SeqlabError(
      `${source}: not found on this worker; workers read the data at the same path (mount or copy it there)`,
    );
  }
  const key = JSON.stringify(config.data);
  if (cachedData?.key !== key) cachedData = { key, data: await loadExperimentData(config) };
  return cachedData.data;
}

const toLoss = (v: number, o: Objective): number => (o.direction === 'maximize' ? -v : v);

/** Marks a trial stopped by the pruner (not a failure). */
class Pruned extends Error {}

/**
 * Runs one trial to the end (or until pruned); never throws for a trial's own failure — a crash or a
 * non-finite objective becomes a `failed` result with its message.
 * @example const r = await runTrial(job); r.state // 'complete'
 */
export async function runTrial(
  job: TrialJob,
  hooks: { onValue?: (step: number, value: number) => void; worker?: string } = {},
): Promise<TrialResult> {
  if (job.version !== VERSION)
    throw new VersionMismatchError(
      `trial ${job.number} of study ${job.study} comes from seqlab ${job.version} but this worker runs seqlab ${VERSION}; install the same version on both`,
    );
  const started = performance.now();
  const values: number[] = [];
  let epochs = 0;
  let curves: Record<string, number[]> | undefined;
  const pruner = makePruner(job.pruner);
  const report = (v: number): void => {
    values.push(v);
    hooks.onValue?.(values.length - 1, v);
    const lossValues = values.map((x) => toLoss(x, job.objective));
    if (pruner.shouldPrune(lossValues, job.history)) throw new Pruned();
  };
  const base = {
    number: job.number,
    ...(hooks.worker ? { worker: hooks.worker } : {}),
  };
  try {
    const config = validateConfig(job.config, `trial ${job.number}`);
    const data = await dataFor(config, job.dataSha256);
    const prepared = prepareData(data, config);
    const { kind, key } = parseObjective(job.objective.metric);
    if (kind === 'backtest' && job.objective.direction === 'maximize')
      throw new SeqlabError(
        `objective ${job.objective.metric}: backtest scores are errors; use direction: minimize`,
      );
    let value: number;
    let metrics: Record<string, unknown> = {};
    if (kind === 'cv') {
      const cv = await crossValidate(config, prepared, key, {
        onEpoch: () => epochs++,
        onFold: report,
        onCurves: (h) => (curves = h),
      });
      value = cv.value;
      metrics = { cv: cv.summary };
    } else {
      const model = buildModel(config, prepared);
      model.preprocessing = prepared.pipeline;
      const t = config.training;
      const best = { value: NaN, logs: {} as Logs };
      const pruneKey = kind === 'val' ? key : t.validationSplit > 0 ? 'val_loss' : 'loss';
      const watch: Callback = {
        onEpochEnd: (_epoch, logs) => {
          epochs++;
          const v = logs[pruneKey];
          if (v === undefined)
            throw new SeqlabError(
              `objective ${job.objective.metric}: the epoch logs have no '${pruneKey}' (they have ${Object.keys(logs).join(', ')}); ${pruneKey.startsWith('val_') ? 'set training.validationSplit > 0 or ' : ''}add the metric to compile.metrics`,
            );
          if (
            kind === 'val' &&
            (Number.isNaN(best.value) || toLoss(v, job.objective) < toLoss(best.value, job.objective))
          )
            Object.assign(best, { value: v, logs: { ...logs } });
          report(v); // backtest: the loss it trains on, lower better like the backtest's error scores
        },
      };
      const list: Callback[] = [watch];
      if (t.earlyStopping) list.unshift(cb.earlyStopping({ ...t.earlyStopping }));
      const history = await model.fit(prepared.xTrain, prepared.yTrain, {
        epochs: t.epochs,
        batchSize: t.batchSize,
        validationSplit: t.validationSplit,
        shuffle: t.shuffle,
        verbose: 0,
        seed: config.seed,
        callbacks: list,
      });
      curves = history.history;
      if (kind === 'val') {
        value = best.value;
        metrics = best.logs;
      } else {
        const { metrics: bt } = await forecastRun(model, prepared, config);
        const overall = (bt.overall as Record<string, Record<string, number>>).model!;
        if (!(key in overall))
          throw new SeqlabError(
            `objective backtest:${key}: unknown score; use one of ${Object.keys(overall).join(', ')}`,
          );
        value = overall[key]!;
        metrics = { backtest: bt.overall, verdict: bt.verdict, origins: bt.origins };
      }
    }
    if (!Number.isFinite(value))
      throw new SeqlabError(
        `the objective ${job.objective.metric} is ${value} (training diverged or produced NaN)`,
      );
    const seconds = (performance.now() - started) / 1000;
    return {
      ...base,
      state: 'complete',
      value,
      values,
      epochs,
      seconds,
      metrics,
      ...(curves ? { curves } : {}),
    };
  } catch (e) {
    const seconds = (performance.now() - started) / 1000;
    if (e instanceof Pruned)
      return { ...base, state: 'pruned', values, epochs, seconds, ...(curves ? { curves } : {}) };
    if (e instanceof VersionMismatchError) throw e;
    return { ...base, state: 'failed', values, epochs, seconds, error: (e as Error).message };
  }
}

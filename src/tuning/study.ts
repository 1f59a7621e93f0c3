/**
 * A study: the search loop and its folder. `study.json` is rewritten atomically after every trial
 * event (proposed, finished), so a study killed at any moment resumes without losing or repeating a
 * finished trial (trials that were running are run again with the same parameters). A lock file
 * keeps a second `seqlab tune` off the same folder.
 *
 * Determinism: trial n is proposed (and pruned) from trials 0..n−W−1 only, W the number of workers,
 * waiting for them to finish if needed; so the same seed and worker count give the same trials
 * whatever the timing.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import YAML from 'yaml';
import { VERSION } from '../version.js';
import { SeqlabError } from '../errors.js';
import { validateConfig } from '../experiments/config.js';
import { loadExperimentData } from '../experiments/data.js';
import { prepareData } from '../experiments/prepare.js';
import { backtestPlan } from '../experiments/forecast-run.js';
import { writeFileAtomic } from '../data/io/atomic-write.js';
import { claimLock, describeHolder } from '../data/io/lock-file.js';
import { comparedTrials } from './pruners.js';
import { makeSampler, type Observation } from './samplers.js';
import { withParams, type Params } from './space.js';
import { parseTuneSpec, type TuneSpec } from './spec.js';
import { parseObjective, type TrialJob, type TrialResult, type TrialState } from './trial.js';
import type { Executor } from './executor.js';

export interface TrialRecord extends Omit<TrialResult, 'state'> {
  state: TrialState;
  params: Params;
  started: string;
  finished?: string;
}

export interface StudyFile {
  formatVersion: 1;
  name: string;
  seqlabVersion: string;
  created: string;
  /** The config as given (overrides applied, data paths absolute), with its tune block. */
  config: Record<string, unknown>;
  spec: TuneSpec;
  /** Worker count the trial sequence is defined by. */
  workers: number;
  /** sha256 of the data file: workers check theirs against it. */
  dataSha256?: string;
  trials: TrialRecord[];
  /** Seconds spent in trials, summed. */
  trialSeconds: number;
  /**
   * The config's own values where the study's trials differ: data.trainPartOnly (a backtest objective
   * reads only the training part; data.maxRows in studies before it) and training.epochs (budget.maxEpochs). best.yaml gets
   * them back, so that it trains on all the data and is scored on the test part the search never saw.
   * null: the config did not set it.
   */
  original?: { maxRows?: number | null; trainPartOnly?: boolean | null; epochs?: number | null };
}

/** Another process holds the study. */
export class StudyLockedError extends SeqlabError {}

const studyPath = (dir: string): string => join(dir, 'study.json');

/** Reads a study folder's study.json. */
export function readStudy(dir: string): StudyFile {
  const p = studyPath(dir);
  if (!existsSync(p))
    throw new SeqlabError(
      `${dir}: no study.json (not a study folder; start one with seqlab tune CONFIG --out ${dir})`,
    );
  const s = JSON.parse(readFileSync(p, 'utf8')) as StudyFile;
  if (s.formatVersion !== 1) throw new SeqlabError(`${p}: unknown study format ${String(s.formatVersion)}`);
  return s;
}

/** Takes the study folder's lock (a stale lock from a killed process is taken over). */
export function lockStudy(dir: string): () => void {
  return claimLock(
    join(dir, 'study.lock'),
    (holder) =>
      new StudyLockedError(
        `${dir}: another seqlab tune (${describeHolder(holder)}) is running this study; wait for it or stop it (its trials are kept)`,
      ),
  );
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** The loss-oriented value (lower is better). */
export const lossOf = (v: number, spec: TuneSpec): number =>
  spec.objective.direction === 'maximize' ? -v : v;

/** The best complete trial, or undefined. */
export function bestTrial(study: StudyFile): TrialRecord | undefined {
  let best: TrialRecord | undefined;
  for (const t of study.trials)
    if (
      t.state === 'complete' &&
      t.value !== undefined &&
      (!best || lossOf(t.value, study.spec) < lossOf(best.value!, study.spec))
    )
      best = t;
  return best;
}

/** The best config as a trainable YAML (no tune block). */
export function bestConfigYaml(study: StudyFile): string | undefined {
  const best = bestTrial(study);
  if (!best) return undefined;
  const raw = withParams(study.config, best.params);
  delete raw.tune;
  // The config's own data and epochs, not the search's narrowed ones.
  const restore = (section: string, key: string, value: number | boolean | null | undefined): void => {
    if (value === undefined) return;
    const obj = raw[section] as Record<string, unknown>;
    if (value === null) delete obj[key];
    else obj[key] = value;
  };
  restore('data', 'maxRows', study.original?.maxRows);
  restore('data', 'trainPartOnly', study.original?.trainPartOnly);
  restore('training', 'epochs', study.original?.epochs);
  const header = `# Best of study ${study.name}: trial ${best.number}, ${study.spec.objective.metric} = ${best.value}\n# ${Object.entries(
    best.params,
  )
    .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
    .join(', ')}\n# Train it: seqlab train best.yaml\n`;
  return header + YAML.stringify(raw, { lineWidth: 0 });
}

export interface StudyOptions {
  /** Study folder. */
  dir: string;
  executor: Executor;
  /** A new study's config (raw, overrides applied, data paths absolute). Omit to resume. */
  config?: Record<string, unknown>;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Called after every trial event with the study as saved. */
  onSave?: (study: StudyFile) => void;
  /** Resolves when the study must stop (Ctrl-C): running trials are abandoned and rerun on resume. */
  stop?: Promise<void>;
}

/** Prepares a new study file: checks the spec, applies maxEpochs, narrows backtests to the training part. */
async function newStudy(config: Record<string, unknown>, workers: number, dir: string): Promise<StudyFile> {
  const spec = parseTuneSpec(config, dir);
  const raw = structuredClone(config);
  const base = validateConfig(raw);
  const training = (raw.training ??= {}) as Record<string, unknown>;
  const data = raw.data as Record<string, unknown>;
  const original: NonNullable<StudyFile['original']> = {};
  if (spec.budget.maxEpochs !== undefined) {
    original.epochs = (training.epochs as number | undefined) ?? null;
    training.epochs = Math.min(base.training.epochs, spec.budget.maxEpochs);
  }
  if (parseObjective(spec.objective.metric).kind === 'backtest') {
    // The backtest must not see the test part: the study's data ends where the training part ends,
    // and the backtest's origins fall in the tail of that (the config's own split of it).
    // Cut in steps, after resampling and gap filling, and per series in a panel (a row count was
    // wrong for both: file rows are not steps, and a panel's rows are several series).
    original.trainPartOnly = (data.trainPartOnly as boolean | undefined) ?? null;
    data.trainPartOnly = true;
    const narrowed = validateConfig(raw);
    try {
      backtestPlan(narrowed, prepareData(await loadExperimentData(narrowed), narrowed));
    } catch (e) {
      throw new SeqlabError(
        `${dir}: the backtest objective runs on the training part only: ${(e as Error).message}; lower evaluation.backtest.origins or the horizon`,
      );
    }
  }
  const source = base.data.source;
  const dataSha256 = existsSync(source) && statSync(source).isFile() ? await sha256File(source) : undefined;
  return {
    formatVersion: 1,
    name: base.name,
    seqlabVersion: VERSION,
    created: new Date().toISOString(),
    config: raw,
    spec,
    workers,
    ...(dataSha256 ? { dataSha256 } : {}),
    ...(Object.keys(original).length ? { original } : {}),
    trials: [],
    trialSeconds: 0,
  };
}

/**
 * Runs (or resumes) a study until its budget is spent or `stop` resolves.
 * @example
 * const study = await runStudy({ dir: 'studies/imdb', config: raw, executor: new LocalPool(2) });
 * console.log(bestTrial(study)?.params);
 */
export async function runStudy(options: StudyOptions): Promise<StudyFile> {
  const { dir, executor } = options;
  const log = options.log ?? (() => {});
  await mkdir(dir, { recursive: true });
  const unlock = lockStudy(dir);
  try {
    const resuming = !options.config;
    if (!resuming && existsSync(studyPath(dir)))
      throw new SeqlabError(
        `${dir}: already holds a study; resume it with seqlab tune --resume ${dir}, or choose another --out`,
      );
    const study = resuming ? readStudy(dir) : await newStudy(options.config!, executor.capacity, dir);
    if (resuming && study.seqlabVersion !== VERSION)
      log(`note: the study was started with seqlab ${study.seqlabVersion}; this is ${VERSION}`);
    const spec = study.spec;
    const W = study.workers;
    const sampler = makeSampler(spec.sampler, spec.seed, spec.startupTrials);
    let saving = Promise.resolve();
    const save = (): Promise<void> => {
      const snapshot = JSON.stringify(study, null, 1);
      saving = saving.then(() => writeFileAtomic(studyPath(dir), snapshot));
      options.onSave?.(study);
      return saving;
    };
    const finished = (t: TrialRecord | undefined): boolean => !!t && t.state !== 'running';
    const historyOf = (n: number): TrialRecord[] => study.trials.slice(0, Math.max(0, n - W));
    const observations = (trials: TrialRecord[]): Observation[] =>
      trials.flatMap<Observation>((t) =>
        t.state === 'complete' && t.value !== undefined
          ? [{ params: t.params, loss: lossOf(t.value, spec), state: 'complete' as const }]
          : t.state === 'pruned'
            ? [{ params: t.params, loss: Infinity, state: 'pruned' as const }]
            : [],
      );
    const curves = (trials: TrialRecord[]): number[][] =>
      comparedTrials(spec.pruner, trials).map((t) => t.values.map((v) => lossOf(v, spec)));

    let stopping = false;
    void options.stop?.then(() => (stopping = true));
    const deadline = spec.budget.timeMinutes ? Date.now() + spec.budget.timeMinutes * 60_000 : Infinity;
    const inflight = new Map<number, Promise<void>>();
    let wake: () => void = () => {};
    let changed = new Promise<void>((r) => (wake = r));
    const signal = (): void => {
      wake();
      changed = new Promise<void>((r) => (wake = r));
    };
    void options.stop?.then(signal);

    const dispatch = (record: TrialRecord): void => {
      const job: TrialJob = {
        study: study.name,
        number: record.number,
        params: record.params,
        config: withParams(study.config, record.params),
        objective: spec.objective,
        pruner: spec.pruner,
        history: curves(historyOf(record.number)),
        version: VERSION,
        ...(study.dataSha256 ? { dataSha256: study.dataSha256 } : {}),
      };
      const p = executor
        .run(job, (_step, value) => void record.values.push(value))
        .then(
          async (result) => {
            if (record.state !== 'running') return; // already counted (a retried job's second answer)
            Object.assign(record, result, { finished: new Date().toISOString() });
            study.trialSeconds += result.seconds;
            const v =
              result.value !== undefined ? ` ${spec.objective.metric} = ${result.value.toPrecision(5)}` : '';
            log(
              `trial ${record.number}: ${result.state}${v} after ${result.epochs} epoch(s), ${result.seconds.toFixed(1)} s${result.error ? ` — ${result.error}` : ''}`,
            );
            await save();
          },
          (e: unknown) => {
            if (stopping) return;
            record.state = 'failed';
            record.error = (e as Error).message;
            record.finished = new Date().toISOString();
            log(`trial ${record.number}: failed — ${record.error}`);
            return save();
          },
        )
        .finally(() => {
          inflight.delete(record.number);
          signal();
        });
      inflight.set(record.number, p);
    };

    // Trials that were running when the study stopped run again with the same parameters.
    const rerun = study.trials.filter((t) => t.state === 'running');
    if (rerun.length)
      log(`resuming: ${study.trials.length - rerun.length} finished trial(s) kept, ${rerun.length} rerun`);
    for (const t of rerun) Object.assign(t, { values: [], epochs: 0, seconds: 0 });
    const queue = [...rerun];
    while (!stopping) {
      const next = queue[0]?.number ?? study.trials.length;
      const moreNew = next < spec.budget.trials && Date.now() < deadline;
      if (!queue.length && !moreNew) break;
      const ready = historyOf(next).every(finished) && inflight.size < executor.capacity;
      if (!ready) {
        await changed;
        continue;
      }
      let record = queue.shift();
      if (!record) {
        const params = sampler.sample(spec.space, observations(historyOf(next)), next);
        record = { number: next, params, state: 'running', values: [], epochs: 0, seconds: 0, started: '' };
        study.trials.push(record);
      }
      record.started = new Date().toISOString();
      await save();
      dispatch(record);
    }
    if (!stopping) await Promise.all(inflight.values());
    else log(`stopped: ${inflight.size} running trial(s) will be rerun by seqlab tune --resume ${dir}`);
    await save();
    const best = bestConfigYaml(study);
    if (best) await writeFileAtomic(join(dir, 'best.yaml'), best);
    return study;
  } finally {
    unlock();
  }
}

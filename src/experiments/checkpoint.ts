/**
 * Training checkpoints in the run folder, so `seqlab train --resume RUN` continues a run that was
 * killed (kill -9, power loss) and ends with the same weights, bit for bit, as a run that never
 * stopped: the model with its optimizer state, the random generator's position, the epochs done, the
 * history and the callbacks' state are saved together after every `checkpointEvery` epochs.
 *
 * Layout: RUN/checkpoint/{model/, state.json, config.yaml}. A save builds checkpoint.tmp-* beside it
 * and swaps it in by two renames; a crash between them leaves checkpoint.old-*, which is read then.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { Tensor } from '../autograd/tensor.js';
import { writeFileAtomic } from '../data/io/atomic-write.js';
import { SeqlabError } from '../errors.js';
import type { RandomGenerator, RandomState } from '../initializers/random.js';
import type { Callback, CallbackModel, Logs } from '../model/callbacks/index.js';
import { loadModel } from '../model/serialization.js';
import type { Sequential } from '../model/sequential.js';

export const CHECKPOINT_DIR = 'checkpoint';
const STATE_VERSION = 1;

/** A checkpoint's state.json. */
export interface CheckpointState {
  version: number;
  /** Epochs completed (training continues at this epoch index). */
  epochsDone: number;
  /** Training had stopped (early stopping) when this was saved: nothing is left to train. */
  stopped: boolean;
  rng: RandomState;
  learningRate: number;
  history: Record<string, number[]>;
  /** Per callback name, its own fields (numbers, strings, weights). */
  callbacks: Record<string, Record<string, unknown>>;
}

/** A checkpoint found in a run folder. */
export interface FoundCheckpoint {
  dir: string;
  state: CheckpointState;
}

/** A training checkpoint that cannot be read or used. */
export class CheckpointError extends SeqlabError {}

// Callback fields are saved generically: plain values and lists of weights; the model and config are not state.
type Encoded = { tensors: { shape: number[]; dtype: string; data: string }[] } | { value: unknown };

function encodeField(value: unknown): Encoded | undefined {
  if (value === null || ['number', 'string', 'boolean'].includes(typeof value)) {
    // JSON has no NaN/Infinity: they travel as strings.
    return typeof value === 'number' && !Number.isFinite(value) ? { value: String(value) } : { value };
  }
  if (Array.isArray(value) && value.every((t) => t instanceof Tensor)) {
    return {
      tensors: (value as Tensor[]).map((t) => ({
        shape: [...t.shape],
        dtype: t.dtype,
        data: Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString('base64'),
      })),
    };
  }
  return undefined;
}

function decodeField(encoded: Encoded, current: unknown): unknown {
  if ('value' in encoded) {
    const v = encoded.value;
    if (typeof current === 'number' && typeof v === 'string') return Number(v);
    return v;
  }
  return encoded.tensors.map((t) => {
    const bytes = Buffer.from(t.data, 'base64');
    const copy = new Uint8Array(bytes); // aligned, owned copy
    const data = t.dtype === 'float64' ? new Float64Array(copy.buffer) : new Float32Array(copy.buffer);
    return new Tensor(data, t.shape);
  });
}

/** The own fields of a callback that are state (numbers, strings, weight lists). */
export function callbackState(callback: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(callback)) {
    const encoded = encodeField(value);
    if (encoded) out[key] = encoded;
  }
  return out;
}

/** Puts back fields taken by callbackState (onto a callback of the same class and config). */
export function restoreCallbackState(callback: object, state: Record<string, unknown>): void {
  const target = callback as Record<string, unknown>;
  for (const [key, encoded] of Object.entries(state))
    target[key] = decodeField(encoded as Encoded, target[key]);
}

/** What a complete checkpoint folder holds (a save writes them all before the folder is renamed in). */
const CHECKPOINT_FILES = [
  'state.json',
  'config.yaml',
  join('model', 'model.json'),
  join('model', 'weights.safetensors'),
  join('model', 'optimizer.safetensors'),
];

/** Reads the newest complete checkpoint of a run folder (or null), removing half-written ones. */
export async function findCheckpoint(runDir: string): Promise<FoundCheckpoint | null> {
  if (!existsSync(runDir)) return null;
  const entries = readdirSync(runDir);
  for (const e of entries)
    if (e.startsWith(`${CHECKPOINT_DIR}.tmp-`)) rmSync(join(runDir, e), { recursive: true, force: true });
  const candidates = [CHECKPOINT_DIR, ...entries.filter((e) => e.startsWith(`${CHECKPOINT_DIR}.old-`))];
  // The live folder when it is complete; else the superseded one with the most epochs done (a kill
  // during a save can leave two complete ones, in no particular order on disk).
  let best: FoundCheckpoint | null = null;
  for (const name of candidates) {
    const dir = join(runDir, name);
    const statePath = join(dir, 'state.json');
    // Killed while a superseded checkpoint was being removed, a folder keeps only some of its files.
    if (!CHECKPOINT_FILES.every((f) => existsSync(join(dir, f)))) continue;
    let state: CheckpointState;
    try {
      state = JSON.parse(await readFile(statePath, 'utf8')) as CheckpointState;
    } catch (e) {
      throw new CheckpointError(
        `${statePath}: not valid JSON (${(e as Error).message}); delete ${dir} and train again`,
      );
    }
    if (state.version !== STATE_VERSION || !Number.isInteger(state.epochsDone) || !state.rng) {
      throw new CheckpointError(
        `${statePath}: not a checkpoint this seqlab can resume (version ${state.version})`,
      );
    }
    if (name === CHECKPOINT_DIR) return { dir, state };
    if (!best || state.epochsDone > best.state.epochsDone) best = { dir, state };
  }
  return best;
}

/** Removes every checkpoint folder of a run (after the run completed). */
export async function removeCheckpoints(runDir: string): Promise<void> {
  if (!existsSync(runDir)) return;
  for (const e of readdirSync(runDir)) {
    if (e === CHECKPOINT_DIR || e.startsWith(`${CHECKPOINT_DIR}.`))
      await rm(join(runDir, e), { recursive: true, force: true });
  }
}

/**
 * Puts a checkpoint's weights and optimizer state into a freshly built model of the same config.
 * @example await restoreModel(model, found);
 */
export async function restoreModel(model: Sequential, found: FoundCheckpoint): Promise<void> {
  const saved = await loadModel(join(found.dir, 'model'));
  try {
    model.setWeights(saved.getWeights());
  } catch (e) {
    throw new CheckpointError(
      `${found.dir}: the checkpoint does not fit the model of this config (${(e as Error).message}); ` +
        `the config changed since the run started: train again with --force`,
    );
  }
  if (saved.optimizer && model.optimizer) model.optimizer.setState(saved.optimizer.getState());
}

export interface CheckpointOptions {
  runDir: string;
  /** Save after every this many epochs (and after the last). */
  every: number;
  epochs: number;
  rng: RandomGenerator;
  configYaml: string;
  /** The callbacks whose state is saved, by a stable name. */
  stateful: Record<string, object>;
  /** A checkpoint to continue from: its history is kept and the callbacks' state put back at train begin. */
  resumed: FoundCheckpoint | null;
  /** True when this epoch was cut short (Ctrl-C): it is not saved as complete. */
  interrupted: () => boolean;
  /** Restore the learning rate (a callback such as ReduceLROnPlateau changes it). */
  restoreLearningRate: boolean;
}

/** The callback that writes checkpoints; put it after every callback whose state it saves. */
export class TrainingCheckpoint implements Callback {
  private model: CallbackModel | null = null;
  readonly history: Record<string, number[]>;

  constructor(private readonly options: CheckpointOptions) {
    this.history = structuredClone(options.resumed?.state.history ?? {});
  }

  setModel(model: CallbackModel): void {
    this.model = model;
  }

  onTrainBegin(): void {
    const resumed = this.options.resumed;
    if (!resumed) return;
    for (const [name, cb] of Object.entries(this.options.stateful)) {
      const state = resumed.state.callbacks[name];
      if (state) restoreCallbackState(cb, state);
    }
    if (this.options.restoreLearningRate) this.model!.learningRate = resumed.state.learningRate;
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    if (this.options.interrupted()) return;
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
    const done = epoch + 1;
    const last = done >= this.options.epochs || this.model!.stopTraining;
    if (done % this.options.every === 0 || last) await this.save(done);
  }

  private async save(epochsDone: number): Promise<void> {
    const { runDir } = this.options;
    const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
    const tmp = join(runDir, `${CHECKPOINT_DIR}.tmp-${tag}`);
    const state: CheckpointState = {
      version: STATE_VERSION,
      epochsDone,
      stopped: this.model!.stopTraining,
      rng: this.options.rng.getState(),
      learningRate: this.model!.learningRate,
      history: this.history,
      callbacks: Object.fromEntries(
        Object.entries(this.options.stateful).map(([n, cb]) => [n, callbackState(cb)]),
      ),
    };
    // With weight averaging, SwapEMAWeights may have put the averages in the model at the epoch's end:
    // the checkpoint keeps the trained weights as the model and the averages as optimizer state (an exact
    // exchange of values, undone after the save).
    const model = this.model!;
    const swapped = model.optimizer?.emaWeightsInModel ?? false;
    if (swapped) model.optimizer!.swapEmaWeights(model.trainableWeights);
    try {
      await model.save(join(tmp, 'model'), { includeOptimizer: true });
      await writeFileAtomic(join(tmp, 'config.yaml'), this.options.configYaml);
      await writeFileAtomic(join(tmp, 'state.json'), `${JSON.stringify(state)}\n`);
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      throw e;
    } finally {
      if (swapped) model.optimizer!.swapEmaWeights(model.trainableWeights);
    }
    const current = join(runDir, CHECKPOINT_DIR);
    const old = join(runDir, `${CHECKPOINT_DIR}.old-${tag}`);
    // A kill between these renames leaves checkpoint.old-*, which findCheckpoint reads.
    if (existsSync(current)) await rename(current, old);
    await rename(tmp, current);
    await rm(old, { recursive: true, force: true });
  }
}

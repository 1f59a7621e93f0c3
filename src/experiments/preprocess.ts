/**
 * What the runner adds around the model's preprocessing Pipeline (src/data/preprocessing): default
 * feature columns and training targets. The fitted Pipeline itself is the only record of
 * preprocessing a saved model keeps.
 */
import type { Frame } from '../data/frame.js';
import { csrToDense, isCsr, type CsrMatrix } from '../data/sparse.js';
import type { PipelineInfo } from '../data/preprocessing/batch.js';
import { requireNumeric } from '../data/preprocessing/frame-steps.js';

export type Arr = { data: Float32Array | Int32Array; shape: number[] };
/** A model's inputs: dense, or sparse rows (bag-of-n-gram text vectors), densified a batch at a time. */
export type Inputs = Arr | CsrMatrix;

/** Inputs as a dense array, for the readers that need one (the dense linear baselines). */
export function denseInputs(x: Inputs): Arr {
  return isCsr(x) ? csrToDense(x) : x;
}

/** The default feature columns: every numeric column except the label and time columns. */
export function defaultFeatures(frame: Frame, exclude: (string | undefined)[], where = 'data'): string[] {
  const candidates = frame.columns.filter((c) => !exclude.includes(c) && c.toLowerCase() !== 'no');
  // A column that is not numeric is an error here rather than silently left out: list features to skip it.
  requireNumeric(frame, candidates, where);
  return candidates;
}

/** Model targets from class ids: (N, 1) 0/1 for binary, one-hot (N, K) for multiclass. */
export function targetsFor(ids: Int32Array, info: PipelineInfo): Arr {
  if (info.task === 'binary') return { data: Float32Array.from(ids), shape: [ids.length, 1] };
  const k = info.labels!.length;
  const out = new Float32Array(ids.length * k);
  ids.forEach((c, i) => (out[i * k + c] = 1));
  return { data: out, shape: [ids.length, k] };
}

/** True when the configured loss takes class ids (sparseCategoricalCrossentropy), as Keras users write it. */
export function wantsSparseTargets(loss: unknown): boolean {
  const name = typeof loss === 'string' ? loss : (loss as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name.replace(/_/g, '').toLowerCase() === 'sparsecategoricalcrossentropy';
}

/** Model targets as class ids, shape (N, 1): the targets of a sparse categorical loss. */
export function sparseTargetsFor(ids: Int32Array): Arr {
  return { data: Float32Array.from(ids), shape: [ids.length, 1] };
}

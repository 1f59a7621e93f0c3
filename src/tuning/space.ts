/**
 * A search space: config key paths (`model.layers[1].units`, `compile.optimizer.learningRate`) mapped
 * to distributions. Samplers work in an internal coordinate per parameter — the value itself, its
 * logarithm for log-scaled ranges, or the index of a choice — and `fromInternal` maps back.
 */
import { SeqlabError } from '../errors.js';

/** One distribution as written in the config. */
export type Distribution =
  | { int: [number, number]; log?: boolean; step?: number }
  | { float: [number, number]; log?: boolean }
  | { uniform: [number, number] }
  | { loguniform: [number, number] }
  | { choice: unknown[] };

/** A parameter after checking: its kind, internal range and how to map back. */
export interface Param {
  path: string;
  kind: 'int' | 'float' | 'choice';
  log: boolean;
  /** Internal range [low, high] (log10 of the value for log ranges; [0, n − 1] for choices). */
  low: number;
  high: number;
  step: number;
  choices: unknown[];
}

/** A sampled point: path → value in the config's own terms. */
export type Params = Record<string, unknown>;

/** The search space is wrong (the message names the key). */
export class SearchSpaceError extends SeqlabError {}

const EXAMPLE =
  'Examples: { int: [16, 128], log: true } | { loguniform: [1e-4, 3e-3] } | { uniform: [0, 0.5] } | { choice: [100, 200, 400] }';

function range(path: string, v: unknown, what: string): [number, number] {
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number' && Number.isFinite(x)))
    throw new SearchSpaceError(
      `search '${path}': ${what} expects [low, high] numbers, got ${JSON.stringify(v)}. ${EXAMPLE}`,
    );
  const [lo, hi] = v as [number, number];
  if (!(lo <= hi))
    throw new SearchSpaceError(`search '${path}': low ${lo} is above high ${hi}; write [${hi}, ${lo}]`);
  return [lo, hi];
}

/**
 * Checks one distribution and returns its internal form.
 * @example parseParam('training.batchSize', { choice: [16, 32] }).kind // 'choice'
 */
export function parseParam(path: string, d: unknown): Param {
  if (d === null || typeof d !== 'object' || Array.isArray(d))
    throw new SearchSpaceError(
      `search '${path}': expected a distribution, got ${JSON.stringify(d)}. ${EXAMPLE}`,
    );
  const o = d as Record<string, unknown>;
  const kinds = ['int', 'float', 'uniform', 'loguniform', 'choice'].filter((k) => k in o);
  if (kinds.length !== 1)
    throw new SearchSpaceError(
      `search '${path}': expected exactly one of int, float, uniform, loguniform, choice, got keys ${Object.keys(o).join(', ') || '(none)'}. ${EXAMPLE}`,
    );
  const allowed = new Set([kinds[0]!, 'log', 'step']);
  const extra = Object.keys(o).filter((k) => !allowed.has(k));
  if (extra.length) throw new SearchSpaceError(`search '${path}': unknown key '${extra[0]}'. ${EXAMPLE}`);
  const kind = kinds[0]!;
  if (kind === 'choice') {
    const c = o.choice;
    if (!Array.isArray(c) || c.length === 0)
      throw new SearchSpaceError(
        `search '${path}': choice expects a non-empty list, got ${JSON.stringify(c)}`,
      );
    return { path, kind: 'choice', log: false, low: 0, high: c.length - 1, step: 1, choices: c };
  }
  const log = kind === 'loguniform' || o.log === true;
  const [lo, hi] = range(path, o[kind], kind);
  if (log && lo <= 0) throw new SearchSpaceError(`search '${path}': a log range needs low > 0, got ${lo}`);
  if (kind === 'int') {
    const step = o.step === undefined ? 1 : Number(o.step);
    if (!Number.isInteger(step) || step < 1)
      throw new SearchSpaceError(
        `search '${path}': step expects a positive integer, got ${JSON.stringify(o.step)}`,
      );
    const first = Math.ceil(lo);
    if (first > hi)
      throw new SearchSpaceError(`search '${path}': int [${lo}, ${hi}] holds no integer (no valid point)`);
    if (log && step !== 1) throw new SearchSpaceError(`search '${path}': log and step cannot be combined`);
    return {
      path,
      kind: 'int',
      log,
      low: log ? Math.log10(first - 0.5) : first - 0.5, // first ≥ 1 when log, so first − 0.5 > 0
      high: log ? Math.log10(Math.floor(hi) + 0.5) : Math.floor(hi) + 0.5,
      step,
      choices: [],
    };
  }
  return {
    path,
    kind: 'float',
    log,
    low: log ? Math.log10(lo) : lo,
    high: log ? Math.log10(hi) : hi,
    step: 0,
    choices: [],
  };
}

/** Checks every entry of a `search:` block (paths are checked against the config by the study). */
export function parseSpace(search: unknown): Param[] {
  if (search === null || typeof search !== 'object' || Array.isArray(search))
    throw new SearchSpaceError(
      `tune.search: expected a mapping of config key paths to distributions, e.g. { 'model.layers[0].units': { int: [16, 128] } }`,
    );
  const entries = Object.entries(search as Record<string, unknown>);
  if (entries.length === 0)
    throw new SearchSpaceError('tune.search: empty; name at least one config key to search');
  return entries.map(([path, d]) => parseParam(path, d));
}

/** The config value of an internal coordinate (clamped to the range; ints rounded onto their grid). */
export function fromInternal(p: Param, x: number): unknown {
  const u = Math.min(p.high, Math.max(p.low, x));
  if (p.kind === 'choice') return p.choices[Math.min(p.choices.length - 1, Math.round(u))];
  const v = p.log ? 10 ** u : u;
  if (p.kind === 'int') {
    const lo = p.log ? Math.ceil(10 ** p.low) : Math.ceil(p.low);
    const hi = p.log ? Math.floor(10 ** p.high) : Math.floor(p.high);
    const k = Math.round((v - lo) / p.step);
    return Math.min(lo + Math.floor((hi - lo) / p.step) * p.step, Math.max(lo, lo + k * p.step));
  }
  return v;
}

/** The internal coordinate of a config value (the inverse of fromInternal, for TPE's history). */
export function toInternal(p: Param, v: unknown): number {
  if (p.kind === 'choice') {
    const i = p.choices.findIndex((c) => JSON.stringify(c) === JSON.stringify(v));
    return i < 0 ? 0 : i;
  }
  const x = Number(v);
  return p.log ? Math.log10(x) : x;
}

/** Splits `model.layers[1].units` into ['model', 'layers', 1, 'units']. */
export function splitPath(path: string): (string | number)[] {
  return path
    .split(/\.|\[(\d+)\]/)
    .filter((k) => k !== undefined && k !== '')
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

/**
 * Sets one key path in a raw config object; the parent must exist (a typo in a path is an error,
 * not a silently added key), except that a string optimizer/loss becomes `{ name }`.
 * @example setPath(raw, 'training.batchSize', 64)
 */
export function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = splitPath(path);
  let node: unknown = root;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i]!;
    const parent = node as Record<PropertyKey, unknown>;
    let next = parent[k];
    if (typeof next === 'string' && (k === 'optimizer' || k === 'loss')) next = parent[k] = { name: next };
    if (
      next === undefined &&
      typeof keys[i + 1] === 'string' &&
      typeof k === 'string' &&
      !Array.isArray(parent)
    )
      next = parent[k] = {};
    if (next === null || typeof next !== 'object') {
      const at = keys
        .slice(0, i + 1)
        .reduce<string>((s, x) => (typeof x === 'number' ? `${s}[${x}]` : s ? `${s}.${x}` : x), '');
      throw new SearchSpaceError(
        `search '${path}': '${at}' ${next === undefined ? 'is not in the config' : `is ${JSON.stringify(next)}, not a mapping`}${Array.isArray(parent) ? ` (the list has ${parent.length} entries)` : ''}`,
      );
    }
    node = next;
  }
  (node as Record<PropertyKey, unknown>)[keys[keys.length - 1]!] = value;
}

/** A deep copy of a raw config with the params set. */
export function withParams(raw: Record<string, unknown>, params: Params): Record<string, unknown> {
  const copy = structuredClone(raw);
  for (const [path, v] of Object.entries(params)) setPath(copy, path, v);
  return copy;
}

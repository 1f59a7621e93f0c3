import type { Tensor } from '../autograd/tensor.js';
import { SeqlabError } from '../errors.js';
import {
  binaryCrossentropy,
  categoricalCrossentropy,
  huber,
  meanAbsoluteError,
  meanSquaredError,
  pinball,
  sparseCategoricalCrossentropy,
  type Loss,
} from './losses.js';

/** A per-sample loss written by the user: (yTrue, yPred) → values of shape (B, …), built from ops. */
export type LossFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** A loss by name ('binaryCrossentropy' or 'binary_crossentropy'), config, Loss or function. */
export type LossConfig = string | { name: string; [option: string]: unknown } | Loss | LossFunction;

const FACTORIES: Record<string, (options: never) => Loss> = {
  binaryCrossentropy,
  categoricalCrossentropy,
  sparseCategoricalCrossentropy,
  meanSquaredError,
  meanAbsoluteError,
  huber,
  pinball,
};

const ALIASES: Record<string, string> = {
  mse: 'meanSquaredError',
  mae: 'meanAbsoluteError',
  huberloss: 'huber',
  quantile: 'pinball',
};

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const key = (name: string): string => name.replace(/_/g, '').toLowerCase();
const CANONICAL = new Map<string, string>([
  ...Object.keys(FACTORIES).map((n) => [key(n), n] as [string, string]),
  ...Object.entries(ALIASES),
]);

/** The canonical camelCase name of a loss name in any of Keras's spellings, or null if unknown. */
export function canonicalLossName(name: string): string | null {
  return CANONICAL.get(key(name)) ?? null;
}

function isLoss(x: unknown): x is Loss {
  return typeof x === 'object' && x !== null && typeof (x as Loss).call === 'function';
}

/**
 * A Loss from a name in camelCase or snake_case ('binaryCrossentropy', 'binary_crossentropy',
 * 'mse'), a config `{ name: 'huber', delta: 2 }`, a Loss (returned as is) or a per-sample function.
 * Unknown names fail with the list of valid ones.
 * @example
 * getLoss('sparse_categorical_crossentropy');
 * getLoss({ name: 'binaryCrossentropy', fromLogits: true });
 */
export function getLoss(identifier: LossConfig): Loss {
  if (typeof identifier === 'function') {
    const fn = identifier;
    const name = fn.name || 'customLoss';
    return { name, call: fn, getConfig: () => ({ name }) };
  }
  if (isLoss(identifier)) return identifier;
  const config = typeof identifier === 'string' ? { name: identifier } : identifier;
  const name = canonicalLossName(String(config.name));
  if (!name) {
    const valid = Object.keys(FACTORIES).flatMap((n) => [n, snake(n)]);
    throw new SeqlabError(
      `unknown loss '${String(config.name)}'; valid names: ${[...valid, 'mse', 'mae'].join(', ')} ` +
        `(or pass a function (yTrue, yPred) => per-sample tensor)`,
    );
  }
  const options: Record<string, unknown> = { ...config };
  delete options.name;
  return FACTORIES[name]!(options as never);
}

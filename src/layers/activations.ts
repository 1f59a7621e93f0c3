import { SeqlabError } from '../errors.js';
import type { UnaryOp } from '../backend/interface.js';
import { logSoftmax, softmax, unaryOp } from '../autograd/ops/index.js';
import type { Tensor } from '../autograd/tensor.js';

/** Activation names layers accept (Keras names; `null`/'linear' means none). */
export type ActivationName = UnaryOp | 'softmax' | 'logSoftmax';

const NAMES: ActivationName[] = [
  'linear',
  'relu',
  'sigmoid',
  'tanh',
  'hardSigmoid',
  'softmax',
  'logSoftmax',
  'softplus',
  'elu',
  'selu',
  'gelu',
  'swish',
  'exp',
  'abs',
  'square',
];
const ALIASES: Record<string, ActivationName> = {
  hard_sigmoid: 'hardSigmoid',
  silu: 'swish',
  exponential: 'exp',
};

/** Validates an activation name (accepting snake_case aliases) and returns the canonical one. */
export function resolveActivation(name: string | null | undefined, where: string): ActivationName {
  if (name === null || name === undefined || name === 'linear') return 'linear';
  const canonical = ALIASES[name] ?? name;
  if (!NAMES.includes(canonical as ActivationName)) {
    throw new SeqlabError(`${where}: unknown activation '${name}'; use one of ${NAMES.join(', ')}`);
  }
  return canonical as ActivationName;
}

/** Applies a named activation; softmax is over the last axis. */
export function activate(name: ActivationName, x: Tensor): Tensor {
  if (name === 'linear') return x;
  if (name === 'softmax') return softmax(x);
  if (name === 'logSoftmax') return logSoftmax(x);
  return unaryOp(name, x);
}

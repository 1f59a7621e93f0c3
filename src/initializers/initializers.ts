import { SeqlabError } from '../errors.js';
import { Tensor, type Shape, sizeOf } from '../autograd/tensor.js';
import { orthogonalMatrix } from './orthogonal.js';
import type { RandomGenerator } from './random.js';

/** Keras initializer names (camelCase) and their options. */
export type InitializerConfig =
  | 'zeros'
  | 'ones'
  | 'glorotUniform'
  | 'glorotNormal'
  | 'heUniform'
  | 'heNormal'
  | 'lecunUniform'
  | 'lecunNormal'
  | 'orthogonal'
  | { name: 'constant'; value: number }
  | { name: 'randomUniform'; minval?: number; maxval?: number }
  | { name: 'randomNormal'; mean?: number; stddev?: number }
  | { name: 'truncatedNormal'; mean?: number; stddev?: number }
  | { name: 'orthogonal'; gain?: number };

/**
 * Fans as Keras computes them: for a kernel (…receptive, fanIn, fanOut) the leading axes multiply both.
 */
export function fans(shape: Shape): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  const receptive = sizeOf(shape.slice(0, -2));
  return { fanIn: shape[shape.length - 2]! * receptive, fanOut: shape[shape.length - 1]! * receptive };
}

/** withoutInitializers calls running: while above 0, initialize draws nothing. */
let placeholders = 0;

/**
 * Runs `build` with every initializer giving zeros and drawing nothing: a model whose weights are read
 * from a file right after need not draw them first. For an IMDB LSTM (2.6 M weights, an orthogonal
 * recurrent kernel) the draws were 350 of the 450 ms a load took.
 * @example withoutInitializers(() => model.build(inputShape)) // then set every weight
 */
export function withoutInitializers<T>(build: () => T): T {
  placeholders++;
  try {
    return build();
  } finally {
    placeholders--;
  }
}

/**
 * Draws initial values for a weight of `shape`, as Keras 3's initializer of that name does
 * (glorotUniform: U(±√(6/(fanIn+fanOut))); heNormal: truncated N(0, √(2/fanIn)); orthogonal: see
 * orthogonalMatrix; …).
 *
 * @example
 * initialize('glorotUniform', [128, 400], new RandomGenerator(1)); // float32 tensor
 */
export function initialize(config: InitializerConfig, shape: Shape, rng: RandomGenerator): Tensor {
  const n = sizeOf(shape);
  if (placeholders > 0) return new Tensor(new Float32Array(n), shape);
  const name = typeof config === 'string' ? config : config.name;
  const { fanIn, fanOut } = fans(shape);
  const values = ((): ArrayLike<number> => {
    switch (name) {
      case 'zeros':
        return new Float32Array(n);
      case 'ones':
        return new Float32Array(n).fill(1);
      case 'constant':
        return new Float32Array(n).fill((config as { value: number }).value);
      case 'glorotUniform': {
        const limit = Math.sqrt(6 / (fanIn + fanOut));
        return rng.uniform(n, -limit, limit);
      }
      case 'glorotNormal':
        return rng.truncatedNormal(n, 0, Math.sqrt(2 / (fanIn + fanOut)) / 0.8796256610342398);
      case 'heUniform': {
        const limit = Math.sqrt(6 / fanIn);
        return rng.uniform(n, -limit, limit);
      }
      case 'heNormal':
        return rng.truncatedNormal(n, 0, Math.sqrt(2 / fanIn) / 0.8796256610342398);
      case 'lecunUniform': {
        const limit = Math.sqrt(3 / fanIn);
        return rng.uniform(n, -limit, limit);
      }
      case 'lecunNormal':
        return rng.truncatedNormal(n, 0, Math.sqrt(1 / fanIn) / 0.8796256610342398);
      case 'randomUniform': {
        const { minval = -0.05, maxval = 0.05 } = config as { minval?: number; maxval?: number };
        return rng.uniform(n, minval, maxval);
      }
      case 'randomNormal': {
        const { mean = 0, stddev = 0.05 } = config as { mean?: number; stddev?: number };
        return rng.normal(n, mean, stddev);
      }
      case 'truncatedNormal': {
        const { mean = 0, stddev = 0.05 } = config as { mean?: number; stddev?: number };
        return rng.truncatedNormal(n, mean, stddev);
      }
      case 'orthogonal': {
        if (shape.length < 2)
          throw new SeqlabError(`orthogonal initializer needs a rank ≥ 2 shape, got [${shape.join(', ')}]`);
        const cols = shape[shape.length - 1]!;
        const gain = typeof config === 'string' ? 1 : ((config as { gain?: number }).gain ?? 1);
        return orthogonalMatrix(n / cols, cols, rng, gain);
      }
      default:
        throw new SeqlabError(
          `unknown initializer '${String(name)}'; use one of zeros, ones, constant, glorotUniform, glorotNormal, ` +
            `heUniform, heNormal, lecunUniform, lecunNormal, randomUniform, randomNormal, truncatedNormal, orthogonal`,
        );
    }
  })();
  return new Tensor(values instanceof Float32Array ? values : Float32Array.from(values), shape);
}

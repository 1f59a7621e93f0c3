import { SeqlabError } from '../errors.js';
import { backward, densify } from './tape.js';
import { Tensor } from './tensor.js';

export interface GradcheckResult {
  /** Worst ‖analytic − numeric‖ / ‖numeric‖ over the inputs. */
  maxRelativeError: number;
  perInput: { analytic: Float64Array; numeric: Float64Array; relativeError: number }[];
}

/**
 * Compares the gradients reverse-mode autograd gives for `f` with central finite differences,
 * in float64. The scalar being differentiated is Σ w ⊙ f(inputs) with fixed random-looking
 * weights w, so every output element and every path is exercised.
 *
 * @example
 * const x = variable(tensor(rng.doubles(6), [2, 3], 'float64'));
 * gradcheck((x) => tanh(x), [x]).maxRelativeError < 1e-6;
 */
export function gradcheck(
  f: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor[],
  { epsilon = 1e-6 }: { epsilon?: number } = {},
): GradcheckResult {
  for (const t of inputs) {
    if (t.dtype !== 'float64' || !t.requiresGrad) {
      throw new SeqlabError('gradcheck: inputs must be float64 variables (variable(tensor(..., "float64")))');
    }
  }
  const first = f(...inputs);
  const weights = new Float64Array(first.size).map((_, i) => Math.sin(1.7 * i + 0.3) + 1.1);
  const objective = (out: Tensor): number => {
    let s = 0;
    for (let i = 0; i < out.size; i++) s += weights[i]! * out.data[i]!;
    return s;
  };
  for (const t of inputs) t.gradData = null;
  backward(first, weights);
  const perInput = inputs.map((t) => {
    const analytic = Float64Array.from(
      t.gradData ? densify(t.gradData, t.size, 'float64') : new Float64Array(t.size),
    );
    const numeric = new Float64Array(t.size);
    const data = t.data as Float64Array;
    for (let i = 0; i < t.size; i++) {
      const saved = data[i]!;
      data[i] = saved + epsilon;
      const plus = objective(f(...inputs));
      data[i] = saved - epsilon;
      const minus = objective(f(...inputs));
      data[i] = saved;
      numeric[i] = (plus - minus) / (2 * epsilon);
    }
    let diff = 0;
    let norm = 0;
    for (let i = 0; i < t.size; i++) {
      diff += (analytic[i]! - numeric[i]!) ** 2;
      norm += numeric[i]! ** 2;
    }
    return { analytic, numeric, relativeError: Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12) };
  });
  return { maxRelativeError: Math.max(...perInput.map((p) => p.relativeError)), perInput };
}

// Shared checks for the recurrent and attention layer tests: float64 gradient checks of a layer's
// whole forward/backward, and "a padded batch equals the unpadded sequences run one by one".
import assert from 'node:assert/strict';
import { gradcheck } from '../../../src/autograd/gradcheck.js';
import { backward } from '../../../src/autograd/tape.js';
import { Tensor, tensor, variable } from '../../../src/autograd/tensor.js';
import { RandomGenerator } from '../../../src/initializers/random.js';
import type { CallContext, Layer } from '../../../src/layers/layer.js';
import { assertClose } from '../../helpers/assert-close.js';
import type { TestRng } from '../../helpers/rng.js';

export function context(rng: TestRng, mask: Tensor | null = null, training = false): CallContext {
  return { training, mask, rng: new RandomGenerator(rng.seed) };
}

export function randomInput(rng: TestRng, shape: number[]): Tensor {
  return variable(tensor(rng.doubles(shape.reduce((a, b) => a * b, 1)), shape, 'float64'));
}

/** Gradient check of x and every weight of a float64 layer. */
export function checkLayerGradients(
  layer: Layer,
  x: Tensor,
  ctx: CallContext,
  label: string,
  tol = 1e-6,
): void {
  layer.apply(x, ctx); // builds
  const { maxRelativeError, perInput } = gradcheck((input) => layer.apply(input, ctx), [x, ...layer.weights]);
  assert.ok(
    maxRelativeError < tol,
    `${label}: relative gradient errors ${perInput.map((p) => p.relativeError.toExponential(2)).join(', ')}`,
  );
}

/** (B, T) float64 mask: row b valid from start[b] for lengths[b] steps. */
export function lengthMask(T: number, starts: number[], lengths: number[]): Tensor {
  const data = new Float64Array(starts.length * T);
  starts.forEach((s, b) => data.fill(1, b * T + s, b * T + s + lengths[b]!));
  return tensor(data, [starts.length, T], 'float64');
}

const weightsFor = (n: number): Float64Array =>
  Float64Array.from({ length: n }, (_, i) => Math.cos(0.7 * i) + 1.3);

/**
 * Runs `layer` on a padded batch (row b: valid steps [start, start + length), garbage elsewhere) and
 * on each row's valid steps alone; outputs and gradients (x and weights) must agree. `timeIndex`
 * maps (original valid step t, row start, length, padded T) to the position of its output in the
 * padded output sequence and in the unpadded one (returnSequences), identity unless goBackwards.
 */
export function checkPaddingInvariance(
  layer: Layer,
  rng: TestRng,
  {
    T,
    F,
    starts,
    lengths,
    returnSequences,
    goBackwards = false,
    label,
  }: {
    T: number;
    F: number;
    starts: number[];
    lengths: number[];
    returnSequences: boolean;
    goBackwards?: boolean;
    label: string;
  },
): void {
  const B = starts.length;
  const x = randomInput(rng, [B, T, F]);
  const mask = lengthMask(T, starts, lengths);
  const ctx = context(rng, mask);
  layer.apply(x, ctx);
  for (const w of layer.weights) w.gradData = null;
  const y = layer.apply(x, ctx);
  const outWidth = y.shape[y.shape.length - 1]!;
  const dy = weightsFor(y.size);
  backward(y, dy);
  const batchGrads = layer.weights.map((w) => Float64Array.from(w.gradData as Float64Array));
  const dxBatch = x.gradData as Float64Array;
  const sumGrads = layer.weights.map((w) => new Float64Array(w.size));

  for (let b = 0; b < B; b++) {
    const L = lengths[b]!;
    const s = starts[b]!;
    const xs = variable(tensor(x.data.slice((b * T + s) * F, (b * T + s + L) * F), [1, L, F], 'float64'));
    for (const w of layer.weights) w.gradData = null;
    const ys = layer.apply(xs, context(rng));
    // Upstream gradient of the same output elements as in the batch.
    const dys = new Float64Array(ys.size);
    const pos = (t: number, len: number): number => (goBackwards ? len - 1 - t : t);
    for (let t = 0; t < L; t++) {
      for (let j = 0; j < outWidth; j++) {
        if (returnSequences) {
          const batchIdx = (b * T + pos(s + t, T)) * outWidth + j;
          const ownIdx = pos(t, L) * outWidth + j;
          assertClose([ys.data[ownIdx]!], [y.data[batchIdx]!], {
            rtol: 1e-12,
            label: `${label}: output row ${b} step ${t}`,
          });
          dys[ownIdx] = dy[batchIdx]!;
        }
      }
    }
    if (!returnSequences) {
      assertClose(ys.data, y.data.subarray(b * outWidth, (b + 1) * outWidth), {
        rtol: 1e-12,
        label: `${label}: output row ${b}`,
      });
      dys.set(dy.subarray(b * outWidth, (b + 1) * outWidth));
    } else {
      // Padded steps output exactly 0.
      for (let t = 0; t < T; t++) {
        if (t >= s && t < s + L) continue;
        for (let j = 0; j < outWidth; j++)
          assert.ok(
            y.data[(b * T + pos(t, T)) * outWidth + j] === 0,
            `${label}: padded output row ${b} step ${t}`,
          );
      }
    }
    backward(ys, dys);
    layer.weights.forEach((w, i) =>
      sumGrads[i]!.forEach((_, k) => (sumGrads[i]![k]! += (w.gradData as Float64Array)[k]!)),
    );
    const dxs = xs.gradData as Float64Array;
    const dxRow = dxBatch.subarray((b * T + s) * F, (b * T + s + L) * F);
    assertClose(dxRow, dxs, { rtol: 1e-10, label: `${label}: dX row ${b}` });
    for (let t = 0; t < T; t++) {
      if (t >= s && t < s + L) continue;
      for (let f = 0; f < F; f++)
        assert.ok(dxBatch[(b * T + t) * F + f] === 0, `${label}: dX at padded step row ${b} t ${t}`);
    }
  }
  layer.weights.forEach((w, i) =>
    assertClose(batchGrads[i]!, sumGrads[i]!, { rtol: 1e-10, label: `${label}: d${w.name}` }),
  );
}

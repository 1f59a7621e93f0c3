import assert from 'node:assert/strict';

type Numeric = ArrayLike<number>;

/** ‖a − b‖ and ‖b‖. */
function norms(actual: Numeric, expected: Numeric): { diff: number; norm: number } {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < expected.length; i++) {
    diff += (actual[i]! - expected[i]!) ** 2;
    norm += expected[i]! ** 2;
  }
  return { diff: Math.sqrt(diff), norm: Math.sqrt(norm) };
}

/** ‖a − b‖ / ‖b‖ (with ‖b‖ floored at tiny so an all-zero reference compares absolutely). */
export function relativeError(actual: Numeric, expected: Numeric): number {
  const { diff, norm } = norms(actual, expected);
  return diff / Math.max(norm, 1e-30);
}

/**
 * Norm-wise comparison, as DESIGN.md asks: ‖actual − expected‖ / ‖expected‖ ≤ rtol. NaN anywhere fails.
 * `atol` (default 0) adds an absolute allowance of atol·√n to ‖actual − expected‖: for a few values that
 * come out of a cancellation (c = f·c₀ + i·g ≈ 5e-4 from terms near 0.5), float32 rounding of the terms is
 * large next to the result, and only an error measured against the terms' scale is meaningful.
 * The label (include the seed) goes into the failure message.
 */
export function assertClose(
  actual: Numeric,
  expected: Numeric,
  { rtol = 1e-5, atol = 0, label = '' } = {},
): void {
  assert.equal(actual.length, expected.length, `${label}: length ${actual.length} vs ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    if (Number.isNaN(actual[i]!) !== Number.isNaN(expected[i]!)) {
      assert.fail(`${label}: NaN mismatch at ${i}: ${actual[i]} vs ${expected[i]}`);
    }
  }
  const { diff, norm } = norms(actual, expected);
  if (!(diff <= rtol * Math.max(norm, 1e-30) + atol * Math.sqrt(expected.length))) {
    let worst = 0;
    for (let i = 0; i < actual.length; i++) {
      if (Math.abs(actual[i]! - expected[i]!) > Math.abs(actual[worst]! - expected[worst]!)) worst = i;
    }
    assert.fail(
      `${label}: relative error ${(diff / Math.max(norm, 1e-30)).toExponential(3)} > ${rtol}` +
        `${atol ? ` (plus ${atol}·√n absolute)` : ''}; worst at ${worst}: ${actual[worst]} vs ${expected[worst]}`,
    );
  }
}

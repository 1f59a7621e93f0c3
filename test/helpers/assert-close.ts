import assert from 'node:assert/strict';

type Numeric = ArrayLike<number>;

/** ‖a − b‖ / ‖b‖ (with ‖b‖ floored at tiny so an all-zero reference compares absolutely). */
export function relativeError(actual: Numeric, expected: Numeric): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = actual[i]! - expected[i]!;
    diff += d * d;
    norm += expected[i]! * expected[i]!;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30);
}

/**
 * Norm-wise comparison, as DESIGN.md asks: ‖actual − expected‖ / ‖expected‖ ≤ rtol. NaN anywhere fails.
 * The label (include the seed) goes into the failure message.
 */
export function assertClose(actual: Numeric, expected: Numeric, { rtol = 1e-5, label = '' } = {}): void {
  assert.equal(actual.length, expected.length, `${label}: length ${actual.length} vs ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    if (Number.isNaN(actual[i]!) !== Number.isNaN(expected[i]!)) {
      assert.fail(`${label}: NaN mismatch at ${i}: ${actual[i]} vs ${expected[i]}`);
    }
  }
  const err = relativeError(actual, expected);
  if (!(err <= rtol)) {
    let worst = 0;
    for (let i = 0; i < actual.length; i++) {
      if (Math.abs(actual[i]! - expected[i]!) > Math.abs(actual[worst]! - expected[worst]!)) worst = i;
    }
    assert.fail(
      `${label}: relative error ${err.toExponential(3)} > ${rtol}; worst at ${worst}: ${actual[worst]} vs ${expected[worst]}`,
    );
  }
}

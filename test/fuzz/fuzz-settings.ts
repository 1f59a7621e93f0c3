/**
 * Settings of the fuzz suites: FUZZ_RUNS cases per property (a few thousand in CI through npm test;
 * `npm run fuzz` runs many more) from FUZZ_SEED, or a fresh seed that is printed so a failure can be
 * replayed with FUZZ_SEED=<seed>.
 */
import { SeqlabError } from '../../src/errors.js';

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
export const FUZZ_SEED = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : (Math.random() * 2 ** 31) >>> 0;

/** fast-check parameters; the seed is printed once per suite. */
export function fuzzParams(
  suite: string,
  runs = FUZZ_RUNS,
): { seed: number; numRuns: number; verbose: number } {
  console.log(`fuzz ${suite}: ${runs} cases, FUZZ_SEED=${FUZZ_SEED}`);
  return { seed: FUZZ_SEED, numRuns: runs, verbose: 1 };
}

/** The property of every suite: success, or a SeqlabError with a message — anything else is a bug. */
export async function clearErrorOrSuccess(run: () => unknown): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (e instanceof SeqlabError && e.message.length > 0) return;
    throw new Error(`not a SeqlabError: ${(e as Error)?.stack ?? String(e)}`);
  }
}

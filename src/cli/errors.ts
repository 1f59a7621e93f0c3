/** How the CLI reports failures: one clear line (the stack only with SEQLAB_DEBUG), non-zero exit. */
import { SeqlabError } from '../errors.js';

/** A usage error raised by the CLI itself (bad flag values, missing files). */
export class CliError extends SeqlabError {}

/**
 * Prints an error for a person and returns the exit code.
 * @example process.exitCode = reportError(e);
 */
export function reportError(e: unknown): number {
  const err = e instanceof Error ? e : new Error(String(e));
  if (process.env.SEQLAB_DEBUG) process.stderr.write(`${err.stack ?? err.message}\n`);
  else {
    const known = err instanceof SeqlabError || (err as NodeJS.ErrnoException).code !== undefined;
    const text = known ? err.message : `${err.name}: ${err.message}`;
    process.stderr.write(`seqlab: error: ${text}\n`);
    if (!known) process.stderr.write('(set SEQLAB_DEBUG=1 to see where it happened)\n');
  }
  return 1;
}

/** Runs a command action, turning thrown errors into a message and exit code 1. */
export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      process.exitCode = reportError(e);
    }
  };
}

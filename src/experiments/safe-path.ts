/**
 * Guards for dotted config paths (`--set a.b=1`, tuning `search:` keys): a path segment that names an
 * object's prototype machinery would write into every object of the process, so it is refused.
 */
import { ConfigError } from './config-error.js';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Throws a ConfigError when a segment of a config path is `__proto__`, `constructor` or `prototype`.
 * @example checkPathSegments(['training', 'epochs'], '--set training.epochs=2');
 */
export function checkPathSegments(segments: readonly (string | number)[], where: string): void {
  const bad = segments.find((k) => typeof k === 'string' && FORBIDDEN.has(k));
  if (bad !== undefined) {
    throw new ConfigError(
      `${where}: '${String(bad)}' cannot be a config key (it would change every object, not the config); ` +
        `use the config's own keys, e.g. training.epochs`,
    );
  }
}

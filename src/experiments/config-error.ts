import { SeqlabError } from '../errors.js';

/** A config that failed validation; the message lists every problem with its key path. */
export class ConfigError extends SeqlabError {}

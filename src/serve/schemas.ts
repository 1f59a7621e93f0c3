/**
 * JSON schemas of the prediction request, built from what the saved model expects, so fastify
 * validates every request before it reaches the model and answers 400 with the path of the problem.
 */

export type JsonSchema = Record<string, unknown>;

/** Limits a server enforces; the CLI exposes them as flags. */
export interface ServeLimits {
  /** Most inputs in one request. Default 64. */
  maxBatch: number;
  /** Longest text in characters. Default 100 000. */
  maxTextLength: number;
  /** Most values (or rows) in one series input. Default 10 000. */
  maxSeriesLength: number;
  /** Largest request body in bytes (413 above it). Default 1 MiB. */
  bodyLimit: number;
  /** Samples per inference chunk; the event loop runs between chunks. Default 8. */
  chunkSize: number;
}

export const DEFAULT_LIMITS: ServeLimits = {
  maxBatch: 64,
  maxTextLength: 100_000,
  maxSeriesLength: 10_000,
  bodyLimit: 1024 * 1024,
  chunkSize: 8,
};

/** A text: non-empty, not only whitespace, bounded. */
export function textSchema(limits: ServeLimits): JsonSchema {
  return {
    type: 'string',
    minLength: 1,
    maxLength: limits.maxTextLength,
    pattern: '\\S',
    description: 'a raw text document',
  };
}

/** A table row: every feature column by its kind (a number unless categorical, date or boolean; null allowed when missing values are). */
export function rowSchema(
  features: readonly string[],
  nullable = false,
  kinds: Readonly<Record<string, string>> = {},
): JsonSchema {
  // Categorical levels come as strings (or numbers, booleans, or null for a missing level), dates as
  // strings; everything else is a number.
  const types: Record<string, string | string[]> = {
    categorical: ['string', 'number', 'boolean', 'null'],
    date: 'string',
    text: 'string',
    boolean: ['boolean', 'number'],
  };
  const value = (f: string): JsonSchema => ({
    type: types[kinds[f] ?? ''] ?? (nullable ? ['number', 'null'] : 'number'),
  });
  return {
    type: 'object',
    required: [...features],
    additionalProperties: false,
    properties: Object.fromEntries(features.map((f) => [f, value(f)])),
    description: `a row with the feature columns ${features.join(', ')}`,
  };
}

/** A numeric array of this sample shape (null = any length). */
export function arraySchema(shape: readonly (number | null)[]): JsonSchema {
  if (shape.length === 0) return { type: 'number' };
  const [d, ...rest] = shape;
  return {
    type: 'array',
    ...(d === null || d === undefined ? { minItems: 1 } : { minItems: d, maxItems: d }),
    items: arraySchema(rest),
  };
}

/** The whole request body: `{ inputs: [item, …] }` or `{ input: item }`, nothing else. */
export function requestSchema(item: JsonSchema, limits: ServeLimits): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      inputs: { type: 'array', minItems: 1, maxItems: limits.maxBatch, items: item },
      input: item,
    },
    oneOf: [{ required: ['inputs'] }, { required: ['input'] }],
  };
}

/**
 * The first non-finite number in a parsed body (JSON has no NaN, but 1e999 parses to Infinity), as a path.
 * @example findNonFinite({ inputs: [[1, 1e999]] }) // 'inputs/0/1'
 */
export function findNonFinite(value: unknown, path = ''): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path || '(root)';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findNonFinite(value[i], `${path}${path ? '/' : ''}${i}`);
      if (p) return p;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = findNonFinite(v, `${path}${path ? '/' : ''}${k}`);
      if (p) return p;
    }
  }
  return null;
}

/** POST /forecast: the series so far (and its timestamps), and how many steps to forecast. */
export function forecastSchema(limits: ServeLimits): JsonSchema {
  return {
    type: 'object',
    required: ['series'],
    additionalProperties: false,
    properties: {
      series: { type: 'array', minItems: 1, maxItems: limits.maxSeriesLength, items: { type: 'number' } },
      times: { type: 'array', maxItems: limits.maxSeriesLength, items: { type: 'string', maxLength: 64 } },
      horizon: { type: 'integer', minimum: 1, maximum: 10_000 },
      /** Panel models: which series this is. */
      seriesId: { type: 'string', maxLength: 256 },
      /** Gaps and repeated times in `times`, when not as the model was trained (data.fill, data.duplicates). */
      fill: { enum: ['interpolate', 'forwardFill', 'error'] },
      duplicates: { enum: ['mean', 'sum', 'first', 'last', 'error'] },
    },
  };
}

/** Keras' pad_sequences and the multi-hot vectorize_sequences of the IMDB tutorials. */
import { DataError } from '../errors.js';
import type { FloatMatrix, IntMatrix } from '../types.js';

export interface PadOptions {
  /** Output length (default: the longest sequence). */
  maxlen?: number;
  /** Pad at the start ('pre', Keras' default) or the end. */
  padding?: 'pre' | 'post';
  /** Drop values from the start ('pre', default) or the end of longer sequences. */
  truncating?: 'pre' | 'post';
  /** Padding value (default 0). */
  value?: number;
  /** Output type (default 'int32'; 'float32' for real-valued sequences, as Keras' dtype argument). */
  dtype?: 'int32' | 'float32';
}

/**
 * Pads/truncates sequences to one length, with Keras' defaults (pre-padding, pre-truncation, 0).
 * @example
 * padSequences([[1], [2, 3], [4, 5, 6]]).data             // [0,0,1, 0,2,3, 4,5,6], shape [3, 3]
 * padSequences([[1], [2, 3], [4, 5, 6]], { maxlen: 2 }).data // [0,1, 2,3, 5,6]
 */
export function padSequences(
  sequences: ReadonlyArray<ArrayLike<number>>,
  opts?: PadOptions & { dtype?: 'int32' },
): IntMatrix;
export function padSequences(
  sequences: ReadonlyArray<ArrayLike<number>>,
  opts: PadOptions & { dtype: 'float32' },
): FloatMatrix;
export function padSequences(
  sequences: ReadonlyArray<ArrayLike<number>>,
  opts: PadOptions = {},
): IntMatrix | FloatMatrix {
  const { padding = 'pre', truncating = 'pre', value = 0 } = opts;
  for (const [k, v] of [
    ['padding', padding],
    ['truncating', truncating],
  ] as const) {
    if (v !== 'pre' && v !== 'post')
      throw new DataError(`padSequences: ${k} ${JSON.stringify(v)} must be 'pre' or 'post'`);
  }
  const maxlen = opts.maxlen ?? sequences.reduce((m, s) => Math.max(m, s.length), 0);
  if (!Number.isInteger(maxlen) || maxlen < 0)
    throw new DataError(`padSequences: maxlen ${maxlen} must be a non-negative integer`);
  const float = opts.dtype === 'float32';
  if (!float && !Number.isInteger(value))
    throw new DataError(
      `padSequences: value ${value} must be an integer (the output is int32; pass dtype: 'float32' for real values)`,
    );
  const out = float
    ? new Float32Array(sequences.length * maxlen).fill(value)
    : new Int32Array(sequences.length * maxlen).fill(value);
  sequences.forEach((s, i) => {
    const keep = Math.min(s.length, maxlen);
    const from = truncating === 'pre' ? s.length - keep : 0;
    const to = padding === 'pre' ? maxlen - keep : 0;
    for (let k = 0; k < keep; k++) out[i * maxlen + to + k] = s[from + k]!;
  });
  return { data: out, shape: [sequences.length, maxlen] } as IntMatrix | FloatMatrix;
}

/**
 * Multi-hot encoding: row i has 1 at every index in sequences[i] (the IMDB Dense tutorial's input).
 * @example vectorizeSequences([[1, 3]], 4).data // Float32Array [0, 1, 0, 1]
 */
export function vectorizeSequences(
  sequences: ReadonlyArray<ArrayLike<number>>,
  dimension: number,
): FloatMatrix {
  const out = new Float32Array(sequences.length * dimension);
  sequences.forEach((s, i) => {
    for (let k = 0; k < s.length; k++) {
      const j = s[k]!;
      if (!Number.isInteger(j) || j < 0 || j >= dimension)
        throw new DataError(
          `vectorizeSequences: sequence ${i}, position ${k} has index ${j}, outside 0..${dimension - 1}; load with numWords ≤ ${dimension}`,
        );
      out[i * dimension + j] = 1;
    }
  });
  return { data: out, shape: [sequences.length, dimension] };
}

import { SeqlabError } from '../../errors.js';
import type { FloatArray } from '../interface.js';

export function checkIds(ids: Int32Array, V: number): void {
  for (let n = 0; n < ids.length; n++) {
    const id = ids[n]!;
    if (id < 0 || id >= V) {
      throw new SeqlabError(
        `embedding: id ${id} at position ${n} is outside the vocabulary [0, ${V}); ` +
          `raise inputDim to at least ${id + 1} or clip the ids (e.g. Tokenizer numWords)`,
      );
    }
  }
}

/** out (N, E) row n = table (V, E) row ids[n]. */
export function embeddingForward<F extends FloatArray>(
  table: F,
  V: number,
  E: number,
  ids: Int32Array,
  out: F,
): void {
  checkIds(ids, V);
  for (let n = 0; n < ids.length; n++) {
    const src = ids[n]! * E;
    for (let e = 0; e < E; e++) out[n * E + e] = table[src + e]!;
  }
}

/** dRows (U, E) = 0, then dRows[slot[n]] += dOut[n]: cost O(N·E), independent of V. */
export function embeddingBackward<F extends FloatArray>(
  dOut: F,
  slot: Int32Array,
  E: number,
  dRows: F,
): void {
  dRows.fill(0);
  for (let n = 0; n < slot.length; n++) {
    const dst = slot[n]! * E;
    for (let e = 0; e < E; e++) dRows[dst + e]! += dOut[n * E + e]!;
  }
}

import type { FloatArray } from '../backend/interface.js';

/**
 * Dead float buffers kept for the next allocation of the same type and length.
 *
 * Why: a training step of the benchmark's config A allocates about 20 MB of typed arrays (the
 * embedding output, the dropout output, and the gradients flowing back through them), each 3.3 MB.
 * Fresh memory is page-faulted and zeroed by the kernel, and V8 counts it as external memory and
 * answers with a mark-compact every few batches (~3 ms of main-thread pause each, plus concurrent
 * marking on the core the second kernel thread needs). The tape knows when an upstream gradient is
 * dead (its op's backward has run and nothing else refers to it) and hands it back here; the next
 * `newFloats` of that size takes it. Only whole buffers of at least 256 KiB are kept (a view of a
 * larger buffer, like an op's output part, never is), at most `MAX_KEPT` of them.
 */
const MIN_BYTES = 1 << 18;
const MAX_KEPT = 8;
const kept: FloatArray[] = [];
/** Buffers handed back and taken again since the process started (for tests and profiling). */
export const recycleCounts = { recycled: 0, reused: 0 };

/** Whether `recycle` would keep `buffer`: a whole buffer (not a view) of at least 256 KiB. */
export function recyclable(buffer: FloatArray): boolean {
  return (
    buffer.byteLength >= MIN_BYTES &&
    buffer.byteOffset === 0 &&
    buffer.buffer.byteLength === buffer.byteLength
  );
}

/** Keeps `buffer` for reuse. The caller guarantees nothing reads or writes it any more. */
export function recycle(buffer: FloatArray): void {
  if (!recyclable(buffer) || kept.includes(buffer)) return;
  kept.push(buffer);
  recycleCounts.recycled++;
  if (kept.length > MAX_KEPT) kept.shift();
}

/** A kept buffer of `like`'s type and `size` elements, with its old contents, or null. */
export function reuse(like: FloatArray, size: number): FloatArray | null {
  if (size * like.BYTES_PER_ELEMENT < MIN_BYTES) return null;
  for (let i = kept.length - 1; i >= 0; i--) {
    const b = kept[i]!;
    if (b.length === size && b.constructor === like.constructor) {
      recycleCounts.reused++;
      return kept.splice(i, 1)[0]!;
    }
  }
  return null;
}

import type { FloatArray } from '../backend/interface.js';

/**
 * The one buffer pool: dead float buffers kept for the next allocation of the same type and length.
 *
 * Why: a training step of the benchmark's config A allocates about 20 MB of typed arrays (the
 * embedding output, the dropout output, and the gradients flowing back through them), each 3.3 MB,
 * plus the recurrent op's saved activations. Fresh memory is page-faulted and zeroed by the kernel,
 * and V8 counts it as external memory and answers with a mark-compact every few batches (~3 ms of
 * main-thread pause each, plus concurrent marking on the core the second kernel thread needs).
 * Whoever knows a buffer is dead hands it back here: the tape (an upstream gradient once its op's
 * backward has run), the recurrent ops (saved activations after their backward), the optimizer.
 * The next `newFloats` / `uninitializedFloats` of that size takes it.
 *
 * Policy: only whole buffers are kept (never a view of a larger one, like an op's output part), of at
 * least `POOL_MIN_BYTES`, at most `MAX_KEPT` of them; the oldest goes first, and the newest fitting one
 * is taken. Every buffer a step allocates and drops should come back here: a kept buffer has lived
 * through scavenges into V8's old generation, so one taken by an allocation that is never handed back
 * becomes garbage only a mark-compact frees, and every fresh allocation adds external memory, whose
 * growth makes V8 scavenge every step or two, promoting the step's own objects. Config C (BiGRU(64),
 * batch 32: buffers of 8–240 KB) ran 53 mark-compacts in 1,600 steps at 0.78× the speed while its
 * bidirectional concat, attention intermediates, upstream gradients, sums of gradients and weight
 * gradients were left to the collector (bench/README.md).
 */
export const POOL_MIN_BYTES = 1 << 12;
const MAX_KEPT = 64;
const kept: FloatArray[] = [];
/** Buffers handed back and taken again since the process started (for tests and profiling). */
export const recycleCounts = { recycled: 0, reused: 0 };

/** Whether `recycle` would keep `buffer`: a whole buffer (not a view) of at least POOL_MIN_BYTES. */
export function recyclable(buffer: FloatArray): boolean {
  return (
    buffer.byteLength >= POOL_MIN_BYTES &&
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
  if (size * like.BYTES_PER_ELEMENT < POOL_MIN_BYTES) return null;
  for (let i = kept.length - 1; i >= 0; i--) {
    const b = kept[i]!;
    if (b.length === size && b.constructor === like.constructor) {
      recycleCounts.reused++;
      return kept.splice(i, 1)[0]!;
    }
  }
  return null;
}

import { SeqlabError } from '../errors.js';
import type { FloatArray } from '../backend/interface.js';
import type { DType, Tensor } from './tensor.js';
import { recyclable, recycle, reuse } from './buffers.js';

/**
 * A gradient is a dense float array with the tensor's size, or, for embedding tables, the rows
 * that received gradient (sparse in the ids, so its cost does not grow with the vocabulary).
 */
export type Grad = FloatArray | SparseRows;

/** values (rows.length, width): row i is the gradient of table row rows[i]. Rows may repeat. */
export interface SparseRows {
  readonly kind: 'rows';
  readonly rows: Int32Array;
  readonly values: FloatArray;
  readonly width: number;
}

export function isSparse(g: Grad): g is SparseRows {
  return (g as SparseRows).kind === 'rows';
}

/** How a tensor was computed: its inputs and the function giving their gradients from the output's. */
export interface GradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  /** Gradients for each input in order (null where an input needs none). */
  backward(dOut: FloatArray): (Grad | null)[];
}

let recording = true;

/** True while ops record their backward (false inside `noGrad`). */
export function isRecording(): boolean {
  return recording;
}

/**
 * Runs fn without recording gradients (inference): outputs have no history and hold no saved activations.
 * @example
 * const y = noGrad(() => model.call(x));
 */
export function noGrad<T>(fn: () => T): T {
  const previous = recording;
  recording = false;
  try {
    return fn();
  } finally {
    recording = previous;
  }
}

/** Attaches the backward of `op` to `output` if recording and any input requires gradients. */
export function record(
  op: string,
  output: Tensor,
  inputs: readonly Tensor[],
  backward: (dOut: FloatArray) => (Grad | null)[],
): Tensor {
  if (recording && inputs.some((t) => t.requiresGrad)) {
    output.requiresGrad = true;
    output.node = { op, inputs, backward };
  }
  return output;
}

/**
 * A recorded op's backward that may run only once, because it hands its saved buffers back to the pool
 * (buffers.ts) when it has run: a second backward would read reused memory, so it throws instead.
 */
export function backwardOnce<T>(name: string, backward: (dOut: FloatArray) => T): (dOut: FloatArray) => T {
  let ran = false;
  return (dOut) => {
    if (ran)
      throw new SeqlabError(
        `${name}: backward through the same op a second time; its saved activations were freed after the first ` +
          'backward. Run the forward pass again (as PyTorch without retain_graph).',
      );
    ran = true;
    return backward(dOut);
  };
}

/** Dense copy of a gradient. */
export function densify(g: Grad, size: number, dtype: DType): FloatArray {
  if (!isSparse(g)) return g;
  const out = dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
  const { rows, values, width } = g;
  for (let r = 0; r < rows.length; r++) {
    const dst = rows[r]! * width;
    for (let e = 0; e < width; e++) out[dst + e]! += values[r * width + e]!;
  }
  return out;
}

function accumulate(existing: Grad | undefined | null, g: Grad, t: Tensor): Grad {
  if (!existing) return g;
  if (isSparse(existing) && isSparse(g)) {
    const rows = new Int32Array(existing.rows.length + g.rows.length);
    rows.set(existing.rows);
    rows.set(g.rows, existing.rows.length);
    const values =
      existing.values instanceof Float64Array
        ? new Float64Array(rows.length * g.width)
        : new Float32Array(rows.length * g.width);
    values.set(existing.values);
    values.set(g.values, existing.values.length);
    return { kind: 'rows', rows, values, width: g.width };
  }
  const a = isSparse(existing) ? densify(existing, t.size, t.dtype) : existing;
  const b = isSparse(g) ? densify(g, t.size, t.dtype) : g;
  // A new array: either one may be a view of memory another gradient still reads.
  const sum =
    reuse(a, a.length) ??
    (a instanceof Float64Array ? new Float64Array(a.length) : new Float32Array(a.length));
  for (let i = 0; i < sum.length; i++) sum[i] = a[i]! + b[i]!;
  return sum;
}

const memoryOf = (g: Grad): ArrayBufferLike => (isSparse(g) ? g.values.buffer : g.buffer);

/** Whether a gradient still waiting to be used lives in `memory`. */
function pendingIn(grads: ReadonlyMap<Tensor, Grad>, memory: ArrayBufferLike): boolean {
  for (const g of grads.values()) if (memoryOf(g) === memory) return true;
  return false;
}

/**
 * Reverse-mode differentiation: accumulates d(output)/d(leaf) into every leaf tensor that requires
 * gradients (`leaf.grad`). `output` is usually a scalar loss; otherwise pass its gradient `dOutput`.
 * Gradients add up over calls, like PyTorch; optimizers clear them after each step.
 *
 * @example
 * const w = variable(tensor([2])); const y = mul(w, w);
 * backward(y); w.grad?.item(); // 4
 */
export function backward(output: Tensor, dOutput?: FloatArray): void {
  if (!output.requiresGrad) {
    throw new SeqlabError(
      'backward: the output does not depend on any tensor that requires gradients ' +
        '(was it computed inside noGrad, or from plain tensors rather than variables?)',
    );
  }
  if (!dOutput && output.size !== 1) {
    throw new SeqlabError(
      `backward: output has ${output.size} elements; pass dOutput or reduce it to a scalar`,
    );
  }
  // Topological order by iterative depth-first search (graphs of long sequences are deep).
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: [Tensor, number][] = [[output, 0]];
  visited.add(output);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [t, i] = top;
    const inputs = t.node?.inputs ?? [];
    if (i < inputs.length) {
      top[1] = i + 1;
      const next = inputs[i]!;
      if (next.requiresGrad && !visited.has(next)) {
        visited.add(next);
        stack.push([next, 0]);
      }
    } else {
      order.push(t);
      stack.pop();
    }
  }
  const grads = new Map<Tensor, Grad>();
  const seed = dOutput ?? (output.dtype === 'float64' ? new Float64Array([1]) : new Float32Array([1]));
  grads.set(output, seed);
  // Memory a leaf keeps as its gradient (the caller's to read): never recycled.
  const kept = new Set<ArrayBufferLike>([seed.buffer]);
  for (let k = order.length - 1; k >= 0; k--) {
    const t = order[k]!;
    const g = grads.get(t);
    grads.delete(t);
    if (!g) continue;
    if (!t.node) {
      // A sparse gradient's values are handed back to the buffer pool once an optimizer has used them, so
      // they must not be the caller's dOutput (a gather's gradient passes its dOut on as its values).
      const own = isSparse(g) && g.values.buffer === seed.buffer ? { ...g, values: g.values.slice() } : g;
      t.gradData = accumulate(t.gradData, own, t);
      kept.add(memoryOf(t.gradData));
      continue;
    }
    const dOut = densify(g, t.size, t.dtype);
    const inputGrads = t.node.backward(dOut);
    const dead: FloatArray[] = [dOut];
    t.node.inputs.forEach((input, j) => {
      const ig = inputGrads[j];
      if (!ig || !input.requiresGrad) return;
      const existing = grads.get(input);
      grads.set(input, accumulate(existing, ig, input));
      // Both addends of a sum are dead too (a second path into the same tensor, as the two halves of a
      // bidirectional output give), unless still read elsewhere: checked below like dOut.
      if (existing && !isSparse(existing)) dead.push(existing);
      if (existing && !isSparse(ig)) dead.push(ig);
    });
    // dOut is dead once its op's backward has run, unless it was passed on (an input's gradient is dOut
    // itself or a view of it, as reshape and add give) or belongs to a leaf or the caller. Small ones
    // are not kept, so they skip the scan of the pending gradients.
    for (const d of dead) if (recyclable(d) && !kept.has(d.buffer) && !pendingIn(grads, d.buffer)) recycle(d);
  }
}

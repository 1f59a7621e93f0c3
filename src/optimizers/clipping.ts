import type { FloatArray } from '../backend/interface.js';

/**
 * A gradient about to be applied: dense, or a dense buffer of which only `rows` (each `width` wide)
 * are non-zero. `owned` says the optimizer may modify it in place.
 */
export interface GradientView {
  grad: FloatArray;
  rows: Int32Array | null;
  width: number;
  owned: boolean;
}

interface ClipOptions {
  clipNorm: number | null;
  globalClipNorm: number | null;
  clipValue: number | null;
}

function forEachRange(view: GradientView, f: (start: number, end: number) => void): void {
  if (!view.rows) {
    f(0, view.grad.length);
    return;
  }
  for (const row of view.rows) f(row * view.width, (row + 1) * view.width);
}

function squaredNorm(view: GradientView): number {
  let s = 0;
  forEachRange(view, (a, b) => {
    for (let i = a; i < b; i++) s += view.grad[i]! * view.grad[i]!;
  });
  return s;
}

function scale(view: GradientView, factor: number): void {
  forEachRange(view, (a, b) => {
    for (let i = a; i < b; i++) view.grad[i] = view.grad[i]! * factor;
  });
}

/**
 * Keras 3's gradient clipping, in place: clipNorm rescales each gradient to norm ≤ clipNorm
 * (g·c / max(‖g‖, c)); globalClipNorm rescales all by c / max(‖all‖, c); clipValue clips elements.
 * Gradients the optimizer does not own are first copied with `own`.
 */
export function clipGradients<V extends GradientView>(
  views: V[],
  options: ClipOptions,
  own: (view: V) => FloatArray,
): void {
  const { clipNorm, globalClipNorm, clipValue } = options;
  if (clipNorm === null && globalClipNorm === null && clipValue === null) return;
  const norms = views.map(squaredNorm);
  let globalFactor = 1;
  if (globalClipNorm !== null) {
    const total = Math.sqrt(norms.reduce((a, b) => a + b, 0));
    globalFactor = globalClipNorm / Math.max(total, globalClipNorm);
    if (globalFactor === 1) return;
  }
  views.forEach((view, k) => {
    let factor = globalFactor;
    if (clipNorm !== null) {
      const norm = Math.sqrt(norms[k]!);
      factor = clipNorm / Math.max(norm, clipNorm);
      if (factor === 1) return;
    }
    if (clipValue !== null) {
      let inside = true;
      forEachRange(view, (a, b) => {
        for (let i = a; i < b && inside; i++) inside = Math.abs(view.grad[i]!) <= clipValue;
      });
      if (inside) return;
    }
    if (!view.owned) {
      view.grad = own(view);
      view.owned = true;
    }
    if (clipValue !== null) {
      forEachRange(view, (a, b) => {
        for (let i = a; i < b; i++) view.grad[i] = Math.min(clipValue, Math.max(-clipValue, view.grad[i]!));
      });
    } else {
      scale(view, factor);
    }
  });
}

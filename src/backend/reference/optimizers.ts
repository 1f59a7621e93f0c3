import type { AdagradHyper, AdamHyper, FloatArray, RmspropHyper, SgdHyper } from '../interface.js';

// The update rules are Keras 3's (keras/src/optimizers/*.py), written element by element.

/** SGD; with momentum: v = μ·v − lr·g; p += v (Nesterov: p += μ·v − lr·g). */
export function sgdStep<F extends FloatArray>(param: F, grad: F, velocity: F | null, h: SgdHyper): void {
  const { learningRate: lr, momentum, nesterov } = h;
  for (let i = 0; i < param.length; i++) {
    const g = grad[i]!;
    if (velocity && momentum !== 0) {
      const v = momentum * velocity[i]! - lr * g;
      velocity[i] = v;
      param[i] = param[i]! + (nesterov ? momentum * v - lr * g : v);
    } else {
      param[i] = param[i]! - lr * g;
    }
  }
}

/**
 * Adam: m += (g − m)(1 − β1); v += (g² − v)(1 − β2); p −= α·m / (√v + ε) with
 * α = lr·√(1 − β2ᵗ)/(1 − β1ᵗ). AdamW first decays p −= lr·wd·p. AMSGrad uses max(v) so far.
 */
export function adamStep<F extends FloatArray>(
  param: F,
  grad: F,
  m: F,
  v: F,
  vMax: F | null,
  h: AdamHyper,
): void {
  const { learningRate: lr, beta1, beta2, epsilon, step, weightDecay } = h;
  const alpha = (lr * Math.sqrt(1 - Math.pow(beta2, step))) / (1 - Math.pow(beta1, step));
  for (let i = 0; i < param.length; i++) {
    const g = grad[i]!;
    let p = param[i]!;
    if (weightDecay !== 0) p -= lr * weightDecay * p;
    const mi = m[i]! + (g - m[i]!) * (1 - beta1);
    let vi = v[i]! + (g * g - v[i]!) * (1 - beta2);
    m[i] = mi;
    v[i] = vi;
    if (vMax && h.amsgrad) {
      vi = Math.max(vMax[i]!, vi);
      vMax[i] = vi;
    }
    param[i] = p - (alpha * mi) / (Math.sqrt(vi) + epsilon);
  }
}

/**
 * RMSprop: s = ρ·s + (1 − ρ)·g²; centered: ḡ = ρ·ḡ + (1 − ρ)·g, d = s − ḡ² + ε, else d = s + ε;
 * inc = lr·g/√d; with momentum: mom = μ·mom + inc, p −= mom, else p −= inc.
 */
export function rmspropStep<F extends FloatArray>(
  param: F,
  grad: F,
  meanSquare: F,
  momentum: F | null,
  meanGrad: F | null,
  h: RmspropHyper,
): void {
  const { learningRate: lr, rho, epsilon } = h;
  for (let i = 0; i < param.length; i++) {
    const g = grad[i]!;
    const s = rho * meanSquare[i]! + (1 - rho) * g * g;
    meanSquare[i] = s;
    let d = s + epsilon;
    if (h.centered && meanGrad) {
      const gm = rho * meanGrad[i]! + (1 - rho) * g;
      meanGrad[i] = gm;
      d = s - gm * gm + epsilon;
    }
    const inc = (lr * g) / Math.sqrt(d);
    if (momentum && h.momentum > 0) {
      const mo = h.momentum * momentum[i]! + inc;
      momentum[i] = mo;
      param[i] = param[i]! - mo;
    } else {
      param[i] = param[i]! - inc;
    }
  }
}

/** Adagrad: a += g²; p −= lr·g/√(a + ε). */
export function adagradStep<F extends FloatArray>(param: F, grad: F, accumulator: F, h: AdagradHyper): void {
  for (let i = 0; i < param.length; i++) {
    const g = grad[i]!;
    const a = accumulator[i]! + g * g;
    accumulator[i] = a;
    param[i] = param[i]! - (h.learningRate * g) / Math.sqrt(a + h.epsilon);
  }
}

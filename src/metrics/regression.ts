import { SeqlabError } from '../errors.js';

/** Regression scores as scikit-learn computes them. */
export interface RegressionMetrics {
  mse: number;
  rmse: number;
  mae: number;
  /** Mean absolute percentage error as a fraction (0.1 = 10 %), |y| floored at machine epsilon like sklearn. */
  mape: number;
  /** Coefficient of determination; 1 for a perfect fit, 0 for a constant target that is not fitted exactly. */
  r2: number;
}

/**
 * MSE, RMSE, MAE, MAPE and R² of predictions.
 * @example
 * regressionMetrics([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // { mse: 0.375, rmse: 0.612…, mae: 0.5, mape: 0.327…, r2: 0.948… }
 */
export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionMetrics {
  const n = yTrue.length;
  if (yPred.length !== n || n === 0) {
    throw new SeqlabError(
      `regressionMetrics: yTrue has ${n} values and yPred ${yPred.length}; need the same, at least 1`,
    );
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i]!;
  mean /= n;
  let se = 0;
  let ae = 0;
  let ape = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    const e = yTrue[i]! - yPred[i]!;
    se += e * e;
    ae += Math.abs(e);
    ape += Math.abs(e) / Math.max(Math.abs(yTrue[i]!), Number.EPSILON);
    ssTot += (yTrue[i]! - mean) ** 2;
  }
  const r2 = ssTot === 0 ? (se === 0 ? 1 : 0) : 1 - se / ssTot;
  return { mse: se / n, rmse: Math.sqrt(se / n), mae: ae / n, mape: ape / n, r2 };
}

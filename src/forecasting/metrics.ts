/**
 * Forecast accuracy over origins × horizon steps: MAE, RMSE, sMAPE and MASE, overall and per step.
 * MASE divides by the in-sample MAE of the seasonal naive forecast (Hyndman & Koehler 2006), so
 * MASE < 1 beats it on the training part's terms.
 */

/** Scores of one forecaster. */
export interface ForecastScores {
  mae: number;
  rmse: number;
  /** Symmetric MAPE in percent: mean of 200·|y − f| / (|y| + |f|) (0 when both are 0). */
  smape: number;
  mase: number;
}

/** Scores overall and for each horizon step (index 0 = one step ahead). */
export interface HorizonScores {
  overall: ForecastScores;
  byStep: ForecastScores[];
}

/**
 * The MASE scale: mean |y[t] − y[t − m]| over t in [m, end), the in-sample seasonal naive MAE.
 * @example maseScale([1, 2, 3, 5], 1) // (1 + 1 + 2) / 3
 */
export function maseScale(y: ArrayLike<number>, m: number, end = y.length): number {
  let sum = 0;
  let count = 0;
  for (let t = m; t < end; t++) {
    sum += Math.abs(y[t]! - y[t - m]!);
    count++;
  }
  return count ? sum / count : NaN;
}

function scores(pairs: [number, number][], scale: number): ForecastScores {
  let abs = 0;
  let sq = 0;
  let sm = 0;
  for (const [y, f] of pairs) {
    const e = Math.abs(y - f);
    abs += e;
    sq += e * e;
    sm += Math.abs(y) + Math.abs(f) === 0 ? 0 : (200 * e) / (Math.abs(y) + Math.abs(f));
  }
  const n = pairs.length;
  return { mae: abs / n, rmse: Math.sqrt(sq / n), smape: sm / n, mase: abs / n / scale };
}

/**
 * Scores of forecasts (origins × H, row-major) against the actual values (same layout).
 * @example horizonScores(Float64Array.of(1, 2), Float64Array.of(1, 3), 2, 1).overall.mae // 0.5
 */
export function horizonScores(
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  H: number,
  scale: number,
): HorizonScores {
  const origins = actual.length / H;
  const all: [number, number][] = [];
  const byStep = Array.from({ length: H }, (_, k) => {
    const pairs: [number, number][] = [];
    for (let j = 0; j < origins; j++) pairs.push([actual[j * H + k]!, forecast[j * H + k]!]);
    all.push(...pairs);
    return scores(pairs, scale);
  });
  return { overall: scores(all, scale), byStep };
}

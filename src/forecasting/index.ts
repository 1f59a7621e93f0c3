/** Multi-step forecasting: strategies, rolling-origin backtests, baselines, metrics, conformal intervals. Re-exports only. */
export {
  modelForecasts,
  forecastFrom,
  forecastFuture,
  forecastPanel,
  type FutureForecast,
} from './forecast.js';
export { backtest, backtestOrigins, verdict, type BacktestOptions, type BacktestResult } from './backtest.js';
export { baselineForecast, BASELINES, type BaselineName } from './baselines.js';
export { horizonScores, maseScale, type ForecastScores, type HorizonScores } from './metrics.js';
export { conformalQuantile, halfWidths, measureCoverage, type CoverageRow } from './intervals.js';
export { kpss, ndiffs, KPSS_CRITICAL, type KpssResult } from './stationarity.js';

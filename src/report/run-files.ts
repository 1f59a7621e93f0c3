/**
 * The contract between `seqlab train` (which writes a run folder) and the report (which reads it):
 * `seqlab report RUN_DIR` rebuilds report.html from these files alone.
 *
 * RUN_DIR/
 *   config.yaml          the resolved experiment config
 *   metrics.json         RunMetrics
 *   history.csv          epoch,loss,accuracy,…,val_loss,… (one row per epoch)
 *   predictions.csv      classification: index,split,y_true,y_pred,p_<class>…; regression: index,split,time,y_true,y_pred
 *   data.json            DataSummary (the EDA of the training data)
 *   series.json          SeriesPlot (forecasting only)
 *   attention.json       AttentionSamples (attention models only)
 *   model/               model.json + weights.safetensors (+ optimizer.safetensors)
 *   report.html, *.svg, *.png   written by the report
 */

export type Task = 'binary' | 'multiclass' | 'multilabel' | 'regression';

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** metrics.json */
export interface RunMetrics {
  task: Task;
  /** Metrics on the test split (accuracy, precision, recall, f1, per class, averages, confusion matrix | mse, rmse, mae, mape, r2 in original units). */
  test: Record<string, unknown>;
  /** The same on the training split. */
  train: Record<string, unknown>;
  /** Simple baselines computed in the same run, by name (e.g. logisticRegression, majorityClass, naive, seasonalNaive), with the same metrics. */
  baselines?: Record<string, Record<string, unknown>>;
  /** Class names in label order (classification). */
  labels?: string[];
  /** Epochs actually run and the best epoch (0-based) by the monitored value. */
  epochs: number;
  bestEpoch?: number;
  /** The kept model was trained afresh on all training rows for this many epochs (training.refit). */
  refit?: { epochs: number };
  /** training.cv: per metric, the mean and sd over the folds and each fold's value. */
  cv?: Record<string, { mean: number; sd: number; folds: number[] }>;
  monitor?: string;
  trainSeconds: number;
  seqlabVersion: string;
  backend?: { name: string; cpuFeatures: string; threads: number };
  /** Model summary text (Keras-style table) and the layer stack for the diagram. */
  modelSummary?: string;
  layers?: { name: string; className: string; outputShape: string; params: number }[];
  /** Example name and data source, for the report's title. */
  name?: string;
  data?: string;
  /** Classification: the network against the baselines on the test part, in one sentence. */
  verdict?: string;
  /** What the run noticed and the scores hide (dropped rows, a model predicting one class, …). */
  warnings?: string[];
}

/** data.json: EDA of the training data (numbers only; the report draws the charts). */
export interface DataSummary {
  rows: number;
  columns: string[];
  /** First rows as strings, as frame.head() prints them. */
  head: string[][];
  /** Per column: dtype, non-null count, missing count. */
  info: { column: string; dtype: string; nonNull: number; missing: number }[];
  /** Per numeric column: count, mean, std, min, 25%, 50%, 75%, max. */
  describe: {
    column: string;
    count: number;
    mean: number;
    std: number;
    min: number;
    q25: number;
    q50: number;
    q75: number;
    max: number;
  }[];
  /** Label column name and counts per class (classification). */
  /** Rows per class; multi-label: rows per label (a row counts once for each of its labels), `perRow` set. */
  label?: { column: string; counts: Record<string, number>; perRow?: boolean };
  /** Per numeric feature, values split by class (a sample of at most a few thousand per class) for histograms. */
  featureByClass?: { feature: string; byClass: Record<string, number[]> }[];
  /** Pearson correlation of the numeric columns. */
  correlation?: { columns: string[]; matrix: number[][] };
  /** For text data: a few decoded sample documents and the length distribution. */
  textSamples?: { text: string; label: string }[];
  lengths?: number[];
}

/** series.json: forecasting plot data, in original units. */
export interface SeriesPlot {
  time: string[];
  original: number[];
  /** Same length as original; null where there is no prediction of that kind. */
  trainPrediction: (number | null)[];
  testPrediction: (number | null)[];
  /** Other forecasts computed in the same run (naive, seasonal naive), same layout. */
  baselines?: Record<string, (number | null)[]>;
}

/** Forecast scores of one forecaster (forecast.json). */
export interface ForecastScoreRow {
  mae: number;
  rmse: number;
  smape: number;
  mase: number;
}

/** forecast.json: a series run's backtest and its forecast past the end of the data, in original units. */
export interface ForecastFile {
  horizon: number;
  strategy: string;
  verdict: string;
  time: string[];
  series: number[];
  /** The first step the model did not train on. */
  trainEnd: number;
  /** 'never': one model for every origin; K: a fresh model before every K-th origin. */
  retrain: 'never' | number;
  /** With retrain: the steps each fresh model trained on (a sliding window); absent: all before the origin. */
  trainLength?: number;
  /** Quantile models: the quantiles the network predicts (its intervals are pairs of them). */
  quantiles?: number[];
  /** Each backtest origin (the first step forecast) and the model's H forecasts from it. */
  origins: { origin: number; forecast: number[] }[];
  /** By forecaster ('model', then each baseline): scores per horizon step, and overall. */
  byStep: Record<string, ForecastScoreRow[]>;
  overall: Record<string, ForecastScoreRow>;
  /** Empirical coverage of the intervals on held-out origins. */
  coverage: { nominal: number; empirical: number; calibrationOrigins: number; heldOutOrigins: number }[];
  exactIntervals: boolean;
  /** Set when the origins are too few for a coverage asked: what that does to the intervals and the fix. */
  intervalNote?: string;
  /** Absent when it could not be made (known-future covariates without rows ahead): futureNote says why. */
  future?: {
    times: string[];
    forecast: number[];
    intervals: { coverage: number; lower: number[]; upper: number[] }[];
    frequency: string | null;
  };
  futureNote?: string;
  /** Panel models: the charts above show the first series; every series' scores and the pooled figures. */
  panel?: PanelForecast;
}

/** A panel run's backtest, series by series, and pooled (the mean over series of each score). */
export interface PanelForecast {
  idColumn: string;
  /** The series the charts show. */
  shown: string;
  verdict: string;
  pooled: Record<string, ForecastScoreRow>;
  series: {
    id: string;
    verdict: string;
    overall: Record<string, ForecastScoreRow>;
    future?: { times: string[]; forecast: number[] };
  }[];
}

/** attention.json */
export interface AttentionSamples {
  kind: 'text' | 'table';
  /** Text: tokens of each sample with their weight; table: feature/step names. */
  samples?: { tokens: string[]; weights: number[]; label: string; predicted: string; probability: number }[];
  /** Table: mean attention per step (feature) over the test set, overall and per class. */
  steps?: string[];
  meanWeights?: number[];
  meanWeightsByClass?: Record<string, number[]>;
}

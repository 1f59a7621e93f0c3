/** The experiment runner shared by the `seqlab` CLI and the example scripts. Re-exports only. */
export {
  configSchema,
  layerSchema,
  type ExperimentConfig,
  type ExperimentConfigInput,
  type LayerSpec,
} from './config-schema.js';
export {
  loadConfig,
  validateConfig,
  applyOverrides,
  parseConfigText,
  substituteEnv,
  configToYaml,
  formatIssues,
  ConfigError,
  BUILTIN_SOURCES,
} from './config.js';
export { loadExperimentData, readTable, type LoadedData } from './data.js';
export { summarizeFrame, describeText } from './eda.js';
export { prepareData, type Prepared } from './prepare.js';
export { buildModel, buildLayer } from './model-build.js';
export { evaluateRun, type Evaluation } from './evaluate-run.js';
export { runExperiment, type RunEvent, type RunOptions, type RunResult } from './runner.js';
export { RunFolder } from './run-folder.js';
export { tfidfLogisticBaseline, type TextBaselineOptions, type TextBaselineResult } from './text-baseline.js';
export { fitSparseLogistic, predictSparseLogistic, type SparseLogisticModel } from './sparse-logistic.js';
export { renderRunReport, renderEdaReport } from './report-hook.js';
export { classificationScores, regressionScores, logisticRegression, majorityClass } from './scoring.js';
export {
  loadTrainedModel,
  predictFrame,
  readPredictInput,
  type PredictOutput,
  type TrainedModel,
} from './predict.js';

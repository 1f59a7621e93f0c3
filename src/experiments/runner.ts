/**
 * The experiment runner shared by `seqlab train` and the example scripts: load → EDA → split →
 * preprocessing fitted on train → model → fit → evaluate (+ baselines) → run folder → report.
 */
import { VERSION } from '../version.js';
import { backendInfo } from '../backend/select.js';
import { callbacks as cb, type Callback, type Logs } from '../model/callbacks/index.js';
import type { FitOptions } from '../model/trainer.js';
import type { History } from '../model/history.js';
import type { Sequential } from '../model/sequential.js';
import type { RunMetrics } from '../report/run-files.js';
import type { ExperimentConfig } from './config-schema.js';
import { configToYaml } from './config.js';
import { loadExperimentData } from './data.js';
import { summarizeFrame, withLabelSets } from './eda.js';
import { buildModel } from './model-build.js';
import { stateStack } from '../forecasting/forecast.js';
import { prepareData, type Prepared } from './prepare.js';
import { loadPretrainedVectors } from './text-prepare.js';
import { sparseTargetsFor, wantsSparseTargets } from './preprocess.js';
import { rowCount } from '../data/split.js';
import { shapeOf } from '../model/inputs.js';
import { renderRunReport } from './report-hook.js';
import { RunFolder } from './run-folder.js';
import { RandomGenerator } from '../initializers/random.js';
import { removeCheckpoints, restoreModel, TrainingCheckpoint } from './checkpoint.js';
import { checkFolds, crossValidate, type CvSummary } from './cross-validate.js';
import { ConfigError } from './config-error.js';
import { chooseRunTarget, commitRunTarget, lockRunFolder } from './run-target.js';
import { evaluateRun, type Evaluation } from './evaluate-run.js';
import { backtestPlan, forecastRun, wantsBacktest } from './forecast-run.js';
import { attentionSamples, historyCsv, predictionsCsv, seriesPlot } from './outputs.js';

/** One line of `--json` output. */
export type RunEvent =
  | { event: 'start'; name: string; out: string; backend: string }
  | { event: 'data'; train: number; test: number; inputShape: number[]; task: string }
  | { event: 'epoch'; epoch: number; logs: Logs; seconds: number }
  | { event: 'interrupted'; epoch: number }
  | {
      event: 'done';
      out: string;
      report: string | null;
      test: Record<string, unknown>;
      baselines: Record<string, Record<string, unknown>>;
    };

export interface RunOptions {
  /** The run folder. */
  out: string;
  /** 0: nothing on the console but events; 1: progress bar and summaries. Default 1. */
  verbose?: 0 | 1;
  /** Receives structured events (for `--json`). */
  onEvent?: (event: RunEvent) => void;
  /** Human-readable progress lines (default: stderr when verbose). */
  log?: (line: string) => void;
  /** Stop cleanly on SIGINT (default true). */
  handleSigint?: boolean;
  /** Replace a run folder that already holds files (built beside it, swapped in when complete). */
  force?: boolean;
  /** Continue from the checkpoint in the run folder. */
  resume?: boolean;
}

export interface RunResult {
  out: string;
  metrics: RunMetrics;
  model: Sequential;
  report: string | null;
  prepared: Prepared;
  evaluation: Evaluation;
  interrupted: boolean;
}

/** Remembers the best weights by the monitored value, for Ctrl-C without early stopping. */
class BestWeights implements Callback {
  best = Infinity;
  bestEpoch = -1;
  weights: ReturnType<Sequential['getWeights']> | null = null;
  constructor(
    private readonly model: Sequential,
    private readonly monitor: string,
  ) {}
  onEpochEnd(epoch: number, logs: Logs): void {
    const v = logs[this.monitor] ?? logs.loss;
    if (v !== undefined && v < this.best) {
      this.best = v;
      this.bestEpoch = epoch;
      this.weights = this.model.getWeights();
    }
  }
}

/**
 * Runs one experiment end to end and writes its run folder.
 * @example
 * const config = await loadConfig('examples/airline-lstm.yaml');
 * const { metrics } = await runExperiment(config, { out: 'runs/airline' });
 * console.log(metrics.test.rmse);
 */
export async function runExperiment(config: ExperimentConfig, options: RunOptions): Promise<RunResult> {
  const release = lockRunFolder(options.out); // one writer per run folder, released however the run ends
  try {
    return await runLocked(config, options);
  } finally {
    release();
  }
}

async function runLocked(config: ExperimentConfig, options: RunOptions): Promise<RunResult> {
  const verbose = options.verbose ?? 1;
  const log = options.log ?? ((line: string) => verbose && process.stderr.write(`${line}\n`));
  const emit = options.onEvent ?? (() => {});
  const info = backendInfo();
  // Before any data is read: a run folder holding another run is refused (or its checkpoint resumed).
  const target = await chooseRunTarget(options.out, { force: options.force, resume: options.resume });
  if (target.checkpoint) log(`resuming ${options.out} after epoch ${target.checkpoint.state.epochsDone}`);
  emit({
    event: 'start',
    name: config.name,
    out: options.out,
    backend: `${info.name} (${info.cpuFeatures}, ${info.threads} threads)`,
  });

  const data = await loadExperimentData(config);
  const prepared = prepareData(data, config);
  if (prepared.idsTrain && prepared.idsTest && wantsSparseTargets(config.compile.loss)) {
    // Integer or string labels with a sparse loss: the class ids are the targets (Keras's y as given).
    prepared.yTrain = sparseTargetsFor(prepared.idsTrain);
    prepared.yTest = sparseTargetsFor(prepared.idsTest);
  }
  const vectors = await loadPretrainedVectors(config, prepared);
  if (vectors) log(vectors);
  const summarized = summarizeFrame(prepared.edaFrame, {
    // A multi-label column lists label sets: its value counts would count sets, not labels.
    ...(prepared.info.labelColumn && prepared.info.task !== 'multilabel'
      ? { label: prepared.info.labelColumn }
      : {}),
    ...(prepared.info.textColumn ? { text: prepared.info.textColumn } : {}),
  });
  const summary = prepared.setsTrain
    ? withLabelSets(summarized, prepared.info.labels!, prepared.setsTrain)
    : summarized;
  const nTrain = rowCount(prepared.xTrain);
  const nTest = rowCount(prepared.xTest);
  emit({
    event: 'data',
    train: nTrain,
    test: nTest,
    inputShape: shapeOf(prepared.xTrain).slice(1),
    task: prepared.info.task,
  });
  log(
    `${config.name}: ${data.source} → ${nTrain} train / ${nTest} test samples, input [${shapeOf(prepared.xTrain).slice(1).join(', ')}], ${prepared.info.task}`,
  );

  for (const w of prepared.warnings ?? []) log(`warning: ${w}`);
  if (wantsBacktest(config)) backtestPlan(config, prepared); // fail before training when the origins do not fit
  let model = buildModel(config, prepared);
  if (config.forecast?.recursion === 'state') stateStack(model.layers); // before training, not after
  model.preprocessing = prepared.pipeline;
  model.metadata = { name: config.name };
  if (verbose) log(model.summary(null));

  const t = config.training;
  if (t.cv && prepared.series)
    throw new ConfigError(
      'training.cv: K-fold cross-validation would train on windows after the ones it scores; series are validated by the backtest (evaluation.backtest: { origins, stride, retrain })',
    );
  if (t.cv) checkFolds(rowCount(prepared.xTrain), t.cv.folds);
  const hasValidation = t.validationSplit > 0;
  const monitor = t.earlyStopping?.monitor ?? (hasValidation ? 'val_loss' : 'loss');
  const early = t.earlyStopping ? cb.earlyStopping({ ...t.earlyStopping }) : null;
  const best = new BestWeights(model, monitor);
  const rng = new RandomGenerator(config.seed);
  if (target.checkpoint) {
    await restoreModel(model, target.checkpoint);
    rng.setState(target.checkpoint.state.rng);
  }
  let epochStart = performance.now();
  const events: Callback = {
    onEpochBegin: () => void (epochStart = performance.now()),
    onEpochEnd: (epoch, logs) =>
      emit({ event: 'epoch', epoch, logs: { ...logs }, seconds: (performance.now() - epochStart) / 1000 }),
  };
  const callbackList: Callback[] = [best, events];
  if (early) callbackList.unshift(early);
  // With weight averaging (optimizer useEma), validation, early stopping and the best epoch see the averages.
  if (model.optimizer?.useEma) callbackList.unshift(cb.swapEmaWeights({ swapOnEpoch: true }));
  const reduceLr = t.reduceLrOnPlateau ? cb.reduceLrOnPlateau({ ...t.reduceLrOnPlateau }) : null;
  if (reduceLr) callbackList.push(reduceLr);
  const checkpoint = new TrainingCheckpoint({
    runDir: target.buildDir,
    every: t.checkpointEvery,
    epochs: t.epochs,
    rng,
    configYaml: configToYaml(config),
    stateful: { best, ...(early ? { early } : {}), ...(reduceLr ? { reduceLr } : {}) },
    resumed: target.checkpoint,
    interrupted: () => interrupted,
    restoreLearningRate: reduceLr !== null,
  });
  callbackList.push(checkpoint);

  let interrupted = false;
  const onSigint = (): void => {
    if (interrupted) {
      // Always said, even with --quiet: the process ends without the run it was asked for.
      process.stderr.write(
        '\nsecond Ctrl-C: giving up without writing the run (the last checkpoint stays for --resume)\n',
      );
      process.exit(130);
    }
    interrupted = true;
    model.stopTraining = true;
    log('\nCtrl-C: stopping after the current batch (press again to quit at once) …');
  };
  // `model` (whichever is training now: the refit below replaces it) on the training rows, Ctrl-C stopping it.
  const fitModel = async (
    run: Pick<FitOptions, 'epochs' | 'validationSplit' | 'callbacks' | 'initialEpoch' | 'rng'>,
  ): Promise<History> => {
    if (options.handleSigint !== false) process.on('SIGINT', onSigint);
    try {
      return await model.fit(prepared.xTrain, prepared.yTrain, {
        ...run,
        batchSize: t.batchSize,
        shuffle: t.shuffle,
        verbose: verbose ? 1 : 0,
        ...(run.rng ? { rng: run.rng } : { seed: config.seed }),
        // A multi-label model weighs each label's positives in its loss instead (buildModel).
        ...(t.classWeight && prepared.info.task !== 'multilabel'
          ? { classWeight: classWeights(t.classWeight, prepared) }
          : {}),
      });
    } finally {
      if (options.handleSigint !== false) process.off('SIGINT', onSigint);
    }
  };
  const started = performance.now();
  const resumedAt = target.checkpoint?.state;
  const fitted = await fitModel({
    // A checkpoint of a run that early stopping ended leaves nothing to train.
    epochs: resumedAt?.stopped ? resumedAt.epochsDone : t.epochs,
    initialEpoch: resumedAt?.epochsDone ?? 0,
    validationSplit: t.validationSplit,
    callbacks: callbackList,
    rng,
  });
  const history = resumedAt ? { history: mergedHistory(checkpoint.history, fitted) } : fitted;
  const epochsRun = Object.values(history.history)[0]?.length ?? 0;
  if (interrupted) {
    emit({ event: 'interrupted', epoch: epochsRun });
    if (best.weights && !(early && t.earlyStopping?.restoreBestWeights)) model.setWeights(best.weights);
  }
  const bestEpoch =
    early && t.earlyStopping?.restoreBestWeights
      ? early.bestEpoch
      : best.bestEpoch >= 0
        ? best.bestEpoch
        : undefined;
  // The epoch cap stopped a model whose validation figure was still getting better (Debian's 58
  // sections: val_loss falling at epoch 20 of 20): under-trained, which the curves show and a line says.
  const capped =
    hasValidation &&
    monitor.startsWith('val_') &&
    !interrupted &&
    epochsRun === t.epochs &&
    epochsRun > 1 &&
    bestEpoch === epochsRun - 1
      ? `${monitor} was still improving at the last epoch (${epochsRun}, training.epochs): the model may be under-trained; raise training.epochs (e.g. --set training.epochs=${2 * t.epochs})${early ? '' : ' and add training.earlyStopping'}`
      : undefined;
  if (capped) log(`warning: ${capped}`);
  let refit: { epochs: number } | undefined;
  if (t.refit && !interrupted) {
    // The validation run chose the epochs; a fresh model (same seed) learns from every training row. It
    // writes no checkpoint of its own: a run killed here resumes from the validation run's last one and
    // trains this model again, to the same bits (the refit depends only on the seed and the epochs).
    refit = { epochs: (bestEpoch ?? epochsRun - 1) + 1 };
    log(`refit: a fresh model on all ${nTrain} training rows for ${refit.epochs} epoch(s)`);
    const chosen = model;
    model = buildModel(config, prepared); // a Ctrl-C now stops this model's training
    model.preprocessing = chosen.preprocessing;
    model.metadata = chosen.metadata;
    await fitModel({ epochs: refit.epochs, callbacks: [events] });
    if (interrupted) {
      log('refit interrupted: keeping the model chosen on the validation rows');
      model = chosen;
      refit = undefined;
    }
  }
  const trainSeconds = (performance.now() - started) / 1000;
  let cv: CvSummary | undefined;
  if (t.cv && !interrupted) {
    // Beside the one validation split: how much the figure moves from fold to fold of the training rows.
    const key = monitor.startsWith('val_') ? monitor : 'val_loss';
    log(
      `cross-validation: ${t.cv.folds} folds of the ${nTrain} training rows, each fold's best epoch by ${key}`,
    );
    let fold = 0;
    ({ summary: cv } = await crossValidate(config, prepared, key, {
      onFold: (mean) => log(`  fold ${++fold}/${t.cv!.folds}: running mean ${key} ${mean.toFixed(4)}`),
    }));
  }

  const evaluation = await evaluateRun(model, prepared, config);
  const warnings = [
    ...(prepared.warnings ?? []),
    ...(capped ? [capped] : []),
    ...(evaluation.warnings ?? []),
  ];
  for (const w of evaluation.warnings ?? []) log(`warning: ${w}`);
  const forecasting = wantsBacktest(config) ? await forecastRun(model, prepared, config) : null;
  if (forecasting) log(`backtest: ${forecasting.metrics.verdict}`);
  // A test part of a few samples (the Nile's 100 years with a horizon of 40 left one window) scores
  // the model on too few to read: its figures looked like a win the backtest did not confirm.
  if (nTest < 10) {
    const few = `the test part holds ${nTest} sample${nTest === 1 ? '' : 's'}: its metrics rest on too few to read${forecasting ? '; weigh the backtest instead' : '; add rows or raise data.split.testSize'}`;
    log(`warning: ${few}`);
    warnings.push(few);
  }
  for (const note of [forecasting?.report.futureNote, forecasting?.report.intervalNote]) {
    if (!note) continue;
    log(`warning: ${note}`);
    warnings.push(note);
  }
  const metrics: RunMetrics & Record<string, unknown> = {
    task: prepared.info.task,
    test: evaluation.test,
    train: evaluation.train,
    baselines: evaluation.baselines,
    ...(forecasting ? { backtest: forecasting.metrics } : {}),
    ...(prepared.info.labels ? { labels: prepared.info.labels } : {}),
    epochs: epochsRun,
    ...(bestEpoch !== undefined ? { bestEpoch } : {}),
    ...(refit ? { refit } : {}),
    ...(cv ? { cv } : {}),
    monitor,
    trainSeconds,
    seqlabVersion: VERSION,
    backend: { name: info.name, cpuFeatures: info.cpuFeatures, threads: info.threads },
    modelSummary: model.summary(null),
    layers: layerTable(model),
    name: config.name,
    data: data.source,
    samples: { train: nTrain, test: nTest },
    ...(interrupted ? { interrupted: true } : {}),
    ...(evaluation.verdict ? { verdict: evaluation.verdict } : {}),
    ...(warnings.length ? { warnings } : {}),
  };

  const run = new RunFolder(target.buildDir);
  const abortOnSigint = (): void => {
    process.stderr.write('\nCtrl-C while writing the run: giving up; nothing half-written is left\n');
    run.abort();
    process.exit(130);
  };
  process.on('SIGINT', abortOnSigint);
  try {
    await run.open();
    await run.write('config.yaml', configToYaml(config));
    await model.save(run.path('model'));
    run.track(run.path('model'));
    await run.write('history.csv', historyCsv(history.history));
    await run.write('predictions.csv', predictionsCsv(prepared, evaluation));
    await run.writeJson('data.json', summary);
    // A panel's series are drawn by the backtest section, series by series.
    if (prepared.series && !prepared.panel)
      await run.writeJson('series.json', seriesPlot(prepared, evaluation));
    if (forecasting) await run.writeJson('forecast.json', forecasting.report);
    const attention = attentionSamples(model, prepared, evaluation, config.evaluation.attentionSamples);
    if (attention) await run.writeJson('attention.json', attention);
    await run.writeJson('metrics.json', metrics);
    await removeCheckpoints(target.buildDir);
    await commitRunTarget(target);
  } catch (e) {
    run.abort();
    throw e;
  } finally {
    process.off('SIGINT', abortOnSigint);
  }
  let report: string | null = null;
  try {
    report = await renderRunReport(options.out);
  } catch (e) {
    log(
      `warning: the report could not be written (${(e as Error).message}); the run is complete, retry with: seqlab report ${options.out}`,
    );
  }
  emit({
    event: 'done',
    out: options.out,
    report,
    test: compact(evaluation.test),
    baselines: evaluation.baselines,
  });
  return { out: options.out, metrics, model, report, prepared, evaluation, interrupted };
}

/** The history of a resumed run: the checkpoint's epochs and this process's, in order. */
function mergedHistory(fromCheckpoint: Record<string, number[]>, fitted: History): Record<string, number[]> {
  // The checkpoint callback records every completed epoch, the resumed ones included.
  const merged = structuredClone(fromCheckpoint);
  for (const [k, v] of Object.entries(fitted.history)) merged[k] ??= v;
  return merged;
}

function classWeights(spec: 'balanced' | Record<string, number>, prepared: Prepared): Record<number, number> {
  const k = prepared.info.labels?.length ?? 2;
  if (spec !== 'balanced') {
    return Object.fromEntries(
      Object.entries(spec).map(([name, w]) => [prepared.info.labels?.indexOf(name) ?? Number(name), w]),
    );
  }
  const counts = new Array<number>(k).fill(0);
  for (const c of prepared.idsTrain ?? []) counts[c]!++;
  const n = counts.reduce((a, b) => a + b, 0);
  return Object.fromEntries(counts.map((c, i) => [i, c ? n / (k * c) : 1]));
}

function layerTable(model: Sequential): RunMetrics['layers'] {
  let shape = model.inputShape!;
  return model.layers.map((l) => {
    shape = l.computeOutputShape(shape);
    return {
      name: l.name,
      className: l.className,
      outputShape: `(${shape.map((d) => d ?? 'None').join(', ')})`,
      params: l.countParams(),
    };
  });
}

/** Scalars only (for the one-line `done` event). */
function compact(m: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => typeof v === 'number'));
}

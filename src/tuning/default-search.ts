/**
 * A tune block for a config that has none, so `seqlab init data.csv && seqlab tune data.yaml` searches
 * the recipe instead of asking the user to write a search space first. It searches what Keras users
 * tune first (KerasTuner's and NeuralForecast's Auto* default spaces): the width of every hidden
 * layer, every dropout rate, the learning rate and the batch size, around the config's own values.
 * The objective is the backtest's MASE for forecasters (every origin held out of training) and the
 * validation loss otherwise; the test split is never read.
 */
import { ConfigError, validateConfig } from '../experiments/config.js';
import { wantsBacktest } from '../experiments/forecast-run.js';
import { getOptimizer, type OptimizerConfig } from '../optimizers/get-optimizer.js';

type Raw = Record<string, unknown>;

/**
 * The tune block searched when a config has none: around each hidden layer's `units` (¼× to 4×, on a
 * log scale), each dropout rate (0 to 0.5), the learning rate (÷10 to ×10) and the batch size (½×, 1×, 2×).
 * @example defaultTuneBlock(raw).search // { 'model.layers[0].units': { int: [16, 256], log: true }, … }
 */
export function defaultTuneBlock(raw: Raw, where = 'config'): Raw {
  const config = validateConfig(raw, where);
  const search: Raw = {};
  const layers = (raw.model as Raw | undefined)?.layers as Raw[] | undefined;
  // Every layer but the last (the output, whose width the task sets).
  (layers ?? []).slice(0, -1).forEach((layer, i) => {
    const inner = layer.type === 'bidirectional' ? (layer.layer as Raw) : layer;
    const path = `model.layers[${i}]${inner === layer ? '' : '.layer'}`;
    const units = inner.units;
    if (typeof units === 'number')
      search[`${path}.units`] = { int: [Math.max(2, Math.round(units / 4)), units * 4], log: true };
    if (layer.type === 'dropout' || layer.type === 'spatialDropout1d')
      search[`${path}.rate`] = { float: [0, 0.5] };
  });
  // The configured rate, or the optimizer's own default (a schedule's starting rate).
  const lr = getOptimizer(config.compile.optimizer as OptimizerConfig).learningRate;
  search['compile.optimizer.learningRate'] = { loguniform: [lr / 10, Math.min(lr * 10, 0.3)] };
  const bs = config.training.batchSize;
  search['training.batchSize'] = { choice: [Math.max(2, Math.round(bs / 2)), bs, bs * 2] };
  let metric: string;
  if (wantsBacktest(config)) metric = 'backtest:mase';
  else if (config.training.validationSplit > 0) metric = 'val_loss';
  else
    throw new ConfigError(
      `${where}: no tune block, and nothing to score a trial on without the test split: set training.validationSplit (e.g. 0.2), or write a tune block with objective cv:<metric>`,
    );
  return { search, objective: { metric }, budget: { trials: 20 } };
}

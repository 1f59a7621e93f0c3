/** `seqlab evaluate MODEL DATA`: metrics of a saved model on labelled raw data. */
import type { Command } from 'commander';
import { loadTrainedModel, predictFrame, readPredictInput } from '../../experiments/predict.js';
import { predictionsWarning } from '../../experiments/text-notices.js';
import { CliError, action } from '../errors.js';
import { metricLine } from '../format.js';

/** Registers the command. */
export function evaluateCommand(program: Command): void {
  program
    .command('evaluate')
    .description('score a saved model on labelled data (raw rows go through the saved preprocessing)')
    .argument('<model>', 'a model folder (or a run folder holding model/)')
    .argument('<data>', 'CSV/XLSX/JSONL with the label column (or the series value column)')
    .option('--json', 'print the metrics as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ seqlab evaluate runs/breast-cancer ../shared/data/breast_cancer_holdout.csv
  $ seqlab evaluate runs/airline/model ../shared/data/airline-passengers.csv --json`,
    )
    .action(
      action(async (modelDir: string, data: string, opts: { json?: boolean }) => {
        const trained = await loadTrainedModel(modelDir);
        const info = trained.info;
        const frame = await readPredictInput(data, info);
        const predicted = predictFrame(trained, frame, data);
        const { metrics } = predicted;
        const unreadable = predictionsWarning(predicted);
        if (unreadable) process.stderr.write(`warning: ${unreadable}\n`);
        if (!metrics) {
          throw new CliError(
            `${data}: no '${info.labelColumns?.join("', '") ?? info.labelColumn ?? info.valueColumn}' column to score against; use 'seqlab predict' for unlabelled data`,
          );
        }
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ task: info.task, ...metrics }, null, 2)}\n`);
          return;
        }
        const zeros =
          typeof metrics.zeroTargets === 'number'
            ? ` (no mape: ${metrics.zeroTargets} true values are 0, where a percentage error is undefined)`
            : '';
        process.stdout.write(`${frame.nRows} rows · ${metricLine(metrics, info.task)}${zeros}\n`);
        if (typeof metrics.classificationReport === 'string')
          process.stdout.write(`\n${metrics.classificationReport}\n`);
        if (Array.isArray(metrics.confusionMatrix)) {
          process.stdout.write(
            `\nconfusion matrix (rows true ${info.labels!.join('/')}, columns predicted):\n${(metrics.confusionMatrix as number[][]).map((r) => `  ${r.join('\t')}`).join('\n')}\n`,
          );
        }
      }),
    );
}

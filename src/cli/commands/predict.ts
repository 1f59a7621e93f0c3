/** `seqlab predict MODEL INPUT [--out FILE]`: predictions from raw input. */
import type { Command } from 'commander';
import {
  loadTrainedModel,
  predictFrame,
  readPredictInput,
  withKeptColumns,
} from '../../experiments/predict.js';
import { predictionsWarning } from '../../experiments/text-notices.js';
import { action } from '../errors.js';
import { writeRows } from '../format.js';
import { TableColumns } from '../../data/preprocessing/table-columns.js';
import { FeatureColumns } from '../../data/preprocessing/frame-steps.js';

/** Registers the command. */
export function predictCommand(program: Command): void {
  program
    .command('predict')
    .description(
      'predict with a saved model: class probabilities and labels (original names), or forecasts in original units',
    )
    .argument('<model>', 'a model folder (or a run folder holding model/)')
    .argument('<input>', "CSV/XLSX/JSONL rows, a text file with one document per line, or '-' for stdin")
    .option('-o, --out <file>', 'write here (.csv or .jsonl); default: CSV on stdout')
    .option('--format <format>', 'csv or jsonl (default: from --out, else csv)')
    .option(
      '--keep <columns>',
      'input columns to copy into the output, comma-separated (default: those named like an id: id, PassengerId, customer_id)',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ seqlab predict runs/imdb-dense reviews.txt --out predictions.csv
  $ echo "A wonderful, moving film." | seqlab predict runs/imdb-lstm -
  $ seqlab predict runs/tabular new-rows.csv --format jsonl
  $ seqlab predict runs/titanic test.csv --keep PassengerId --out submission.csv`,
    )
    .action(
      action(
        async (modelDir: string, input: string, opts: { out?: string; format?: string; keep?: string }) => {
          const trained = await loadTrainedModel(modelDir);
          const frame = await readPredictInput(input, trained.info);
          const keep = opts.keep?.split(',').map((c) => c.trim());
          const predicted = predictFrame(trained, frame, input === '-' ? 'stdin' : input);
          const { header, rows } = withKeptColumns(predicted, frame, trained.info, keep);
          const unreadable = predictionsWarning(predicted);
          if (unreadable) process.stderr.write(`warning: ${unreadable}\n`);
          const counts = (byColumn: Record<string, number>): string =>
            Object.entries(byColumn)
              .map(([c, k]) => `${c}: ${k} row(s)`)
              .join(', ');
          for (const [, step] of trained.model.preprocessing?.steps ?? []) {
            if (step instanceof TableColumns && Object.keys(step.lastUnseen).length)
              process.stderr.write(
                `note: levels not seen in training (encoded as "other"): ${counts(step.lastUnseen)}\n`,
              );
            if (
              (step instanceof TableColumns || step instanceof FeatureColumns) &&
              Object.keys(step.lastFilled).length
            )
              process.stderr.write(
                `note: missing values filled with the training mean: ${counts(step.lastFilled)}\n`,
              );
          }
          await writeRows(header, rows, opts, `${rows.length} predictions`);
        },
      ),
    );
}

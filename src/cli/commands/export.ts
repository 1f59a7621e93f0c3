/** `seqlab export MODEL --format onnx --out FILE`: a saved model in another format. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { exportOnnx } from '../../interop/onnx/export.js';
import { exportWeb } from '../../interop/web/export.js';
import { loadModel } from '../../model/serialization.js';
import { action, CliError } from '../errors.js';
import { pipelineInfo } from '../../data/preprocessing/batch.js';
import type { Pipeline } from '../../data/preprocessing/pipeline.js';

/** What the preprocessing makes the network's input from, by the kind of raw input. */
const RAW: Record<string, string> = {
  text: 'texts (token ids or n-gram weights)',
  table: 'rows (scaled numbers, encoded categories)',
  series: 'a series (scaled, differenced windows)',
  windows: 'rows in time order (scaled windows)',
};
const rawInput = (p: Pipeline): string | undefined => {
  try {
    return pipelineInfo(p).input;
  } catch {
    return undefined; // no step reads raw rows: the model takes arrays as its network does
  }
};

/**
 * Registers `seqlab export`.
 * @example exportCommand(program); // seqlab export runs/demo --format onnx --out demo.onnx
 */
export function exportCommand(program: Command): void {
  program
    .command('export')
    .description('write a saved model in another format (ONNX, or a web folder that predicts in the browser)')
    .argument('<model>', 'model folder (model.json + weights.safetensors) or run folder with model/')
    .option('-f, --format <format>', 'output format: onnx or web', 'onnx')
    .option('-o, --out <file>', 'output file (onnx, default model.onnx) or folder (web, default site)')
    .addHelpText(
      'after',
      `
Examples:
  $ seqlab export runs/imdb-lstm --format onnx --out imdb-lstm.onnx
  $ seqlab export runs/imdb-lstm --format web --out site/   (serve site/, open index.html)
  (a model that starts with an Embedding takes int64 ids named 'input'; others float32)`,
    )
    .action(
      action(async (model: string, opts: { format: string; out?: string }) => {
        const format = opts.format.toLowerCase();
        if (format !== 'onnx' && format !== 'web')
          throw new CliError(`--format '${opts.format}' is not supported; use --format onnx or --format web`);
        if (!existsSync(model)) throw new CliError(`${model}: no such model folder`);
        if (format === 'web') {
          const files = await exportWeb(model, resolve(opts.out ?? 'site'));
          process.stdout.write(files.map((f) => `wrote ${f}\n`).join(''));
          return;
        }
        const dir = existsSync(join(model, 'model.json'))
          ? model
          : existsSync(join(model, 'model', 'model.json'))
            ? join(model, 'model')
            : model;
        const out = resolve(opts.out ?? 'model.onnx');
        const loaded = await loadModel(dir);
        await exportOnnx(loaded, out);
        process.stdout.write(`wrote ${out}\n`);
        // The graph is the network alone: say what its input must be, and where the preprocessing is.
        const raw = loaded.preprocessing && RAW[rawInput(loaded.preprocessing) ?? ''];
        if (raw)
          process.stderr.write(
            `note: the ONNX graph is the network alone: its input 'input' ${JSON.stringify(loaded.inputShape)} is what the model's preprocessing (in ${join(dir, 'model.json')}) makes of ${raw}; --format web exports a page that predicts from the raw input\n`,
          );
      }),
    );
}

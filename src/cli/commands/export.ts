/** `seqlab export MODEL --format onnx --out FILE`: a saved model in another format. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { exportOnnx } from '../../interop/onnx/export.js';
import { exportWeb } from '../../interop/web/export.js';
import { loadModel } from '../../model/serialization.js';
import { action, CliError } from '../errors.js';

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
        await exportOnnx(await loadModel(dir), out);
        process.stdout.write(`wrote ${out}\n`);
      }),
    );
}

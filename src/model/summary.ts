import { formatShapeSymbolic } from '../layers/layer.js';
import type { Sequential } from './sequential.js';

function pad(text: string, width: number): string {
  return text.length >= width ? text + ' ' : text + ' '.repeat(width - text.length);
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * The Keras summary table:
 *
 *   Model: "sequential"
 *   ┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━┓
 *   ┃ Layer (type)        ┃ Output Shape     ┃ Param #  ┃ …
 */
export function formatSummary(model: Sequential): string {
  const rows: [string, string, string][] = [];
  let shape = model.inputShape;
  for (const layer of model.layers) {
    shape = shape ? layer.computeOutputShape(shape) : null;
    rows.push([
      `${layer.name} (${layer.className})`,
      shape ? formatShapeSymbolic(shape) : '?',
      layer.built ? formatCount(layer.countParams()) : '0 (unbuilt)',
    ]);
  }
  const header: [string, string, string] = ['Layer (type)', 'Output Shape', 'Param #'];
  const widths = [0, 1, 2].map((c) => Math.max(header[c]!.length, ...rows.map((r) => r[c]!.length)) + 2);
  const line = (l: string, m: string, r: string, fillChar: string): string =>
    l + widths.map((w) => fillChar.repeat(w)).join(m) + r;
  const row = (cells: string[]): string =>
    '┃' + cells.map((c, i) => ' ' + pad(c, widths[i]! - 1)).join('┃') + '┃';
  const rowThin = (cells: string[]): string =>
    '│' + cells.map((c, i) => ' ' + pad(c, widths[i]! - 1)).join('│') + '│';
  const total = model.countParams();
  const trainable = model.trainableWeights.reduce((n, w) => n + w.size, 0);
  const lines = [
    `Model: "${model.name}"`,
    line('┏', '┳', '┓', '━'),
    row(header),
    line('┡', '╇', '┩', '━'),
    ...rows.map(rowThin),
    line('└', '┴', '┘', '─'),
    ` Total params: ${formatCount(total)} (${((total * 4) / 1024).toFixed(2)} KB)`,
    ` Trainable params: ${formatCount(trainable)}`,
    ` Non-trainable params: ${formatCount(total - trainable)}`,
  ];
  if (!model.built)
    lines.push(' (the model is not built yet: shapes are known after the first call or model.build)');
  return lines.join('\n');
}

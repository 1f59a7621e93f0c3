import { esc } from './html-kit.js';

/** One layer of the stack as the diagram shows it. */
export interface DiagramLayer {
  name: string;
  className: string;
  outputShape: string;
  params?: number;
}

const FILL: Record<string, string> = {
  recurrent: '#d8e8f5',
  attention: '#fbe7c6',
  dense: '#d9f0e3',
  embedding: '#ecdff0',
  other: '#eeeeee',
};

function kind(className: string): keyof typeof FILL {
  if (/LSTM|GRU|RNN|Bidirectional/i.test(className)) return 'recurrent';
  if (/Attention/i.test(className)) return 'attention';
  if (/Dense/i.test(className)) return 'dense';
  if (/Embedding/i.test(className)) return 'embedding';
  return 'other';
}

/**
 * The layer stack as a standalone SVG: one box per layer (class, name, output shape, parameters),
 * top to bottom, joined by arrows. Uses only system fonts, so it rasterises like the charts.
 * @example
 * modelDiagramSvg([{ name: 'lstm', className: 'LSTM', outputShape: '(None, 100)', params: 91600 }]);
 */
export function modelDiagramSvg(layers: DiagramLayer[]): string {
  const boxW = 420;
  const boxH = 52;
  const gap = 26;
  const pad = 16;
  const width = boxW + 2 * pad;
  const height = pad * 2 + layers.length * boxH + Math.max(0, layers.length - 1) * gap;
  const parts: string[] = [];
  layers.forEach((layer, i) => {
    const y = pad + i * (boxH + gap);
    const params =
      layer.params === undefined || !Number.isFinite(layer.params)
        ? ''
        : `${layer.params.toLocaleString('en-US')} params`;
    parts.push(
      `<rect x="${pad}" y="${y}" width="${boxW}" height="${boxH}" rx="6" fill="${FILL[kind(layer.className)]}" stroke="#4a6072" stroke-width="1.2"/>`,
      `<text x="${pad + 12}" y="${y + 21}" font-size="14" font-weight="bold" fill="#1d1d1f">${esc(layer.className)}</text>`,
      `<text x="${pad + 12}" y="${y + 40}" font-size="12" fill="#444">${esc(layer.name)}</text>`,
      `<text x="${pad + boxW - 12}" y="${y + 21}" font-size="12.5" text-anchor="end" fill="#1d1d1f" font-family="DejaVu Sans Mono, monospace">${esc(layer.outputShape)}</text>`,
      `<text x="${pad + boxW - 12}" y="${y + 40}" font-size="11.5" text-anchor="end" fill="#666">${esc(params)}</text>`,
    );
    if (i < layers.length - 1) {
      const x = pad + boxW / 2;
      const y0 = y + boxH;
      parts.push(
        `<line x1="${x}" y1="${y0 + 2}" x2="${x}" y2="${y0 + gap - 8}" stroke="#4a6072" stroke-width="1.5"/>`,
        `<path d="M${x - 5} ${y0 + gap - 9} L${x + 5} ${y0 + gap - 9} L${x} ${y0 + gap - 2} Z" fill="#4a6072"/>`,
      );
    }
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif">` +
    `<rect width="${width}" height="${height}" fill="white"/>` +
    parts.join('') +
    '</svg>'
  );
}

import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import { SeqlabError } from '../../errors.js';

/** A Vega-Lite specification (kept loose so chart builders stay short; vega-lite checks it when compiled). */
export type ChartSpec = Record<string, unknown>;

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies, and in greyscale by order. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#F0E442',
  '#000000',
];

/** Shared look: one font (the one the PNG renderer has), readable sizes, the palette above. */
export const CHART_CONFIG = {
  font: 'DejaVu Sans, sans-serif',
  background: 'white',
  padding: 8,
  title: { fontSize: 15, anchor: 'start', offset: 10, subtitleFontSize: 12, subtitleColor: '#555' },
  axis: { labelFontSize: 11, titleFontSize: 12, titlePadding: 8, labelLimit: 180 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 220 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  range: { category: PALETTE },
  view: { stroke: '#ddd' },
};

/** Adds the shared config (and the schema) to a chart spec; chart builders call it last. */
export function withDefaults(spec: ChartSpec): ChartSpec {
  return { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', config: CHART_CONFIG, ...spec };
}

/**
 * Renders a Vega-Lite spec to an SVG string on the server (no browser, no canvas).
 * @example
 * const svg = await renderSvg(labelBarChart({ neg: 10, pos: 12 }));
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  try {
    const runtime = vega.parse(compile(spec as unknown as TopLevelSpec).spec);
    const view = new vega.View(runtime, { renderer: 'none' });
    const svg = await view.toSVG();
    view.finalize();
    return svg;
  } catch (e) {
    const title = typeof spec.title === 'string' ? spec.title : JSON.stringify(spec.title ?? '');
    throw new SeqlabError(`could not render the chart ${title}: ${(e as Error).message}`);
  }
}

/**
 * Rasterises an SVG to PNG bytes with resvg, using the system's DejaVu fonts (scale 2 for sharp text).
 * @example
 * writeFileSync('labels.png', svgToPng(await renderSvg(spec)));
 */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

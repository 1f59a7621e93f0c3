import { renderSvg, svgToPng, type ChartSpec } from './charts/render.js';
import { figure } from './html-kit.js';

/** A rendered chart, held in memory until the whole report is ready. */
export interface RenderedChart {
  name: string;
  svg: string;
  png: Buffer;
}

/**
 * Collects the report's charts: each `add` renders the spec to SVG and PNG and returns the HTML
 * figure that inlines it. Nothing touches the disk until `writeFilesAtomic`.
 */
export class ChartSet {
  readonly charts: RenderedChart[] = [];

  async add(name: string, spec: ChartSpec, caption?: string): Promise<string> {
    const svg = await renderSvg(spec);
    return this.addSvg(name, svg, caption);
  }

  /** A hand-drawn SVG (the model diagram) kept like a chart. */
  addSvg(name: string, svg: string, caption?: string): string {
    this.charts.push({ name, svg, png: svgToPng(svg) });
    return figure(name, svg, caption);
  }
}

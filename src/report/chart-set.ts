import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

/**
 * Writes files into `dir` atomically as a set: every file goes to a temporary name first and is
 * renamed into place only when all of them were written (on failure the temporaries are removed).
 * @example
 * await writeFilesAtomic('runs/x', [['report.html', html]]);
 */
export async function writeFilesAtomic(dir: string, files: [string, string | Uint8Array][]): Promise<void> {
  const suffix = `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const temps = files.map(([name]) => join(dir, name + suffix));
  try {
    for (let i = 0; i < files.length; i++) await writeFile(temps[i]!, files[i]![1]);
    for (let i = 0; i < files.length; i++) await rename(temps[i]!, join(dir, files[i]![0]));
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    throw e;
  }
}

/** Small HTML helpers for the report: escaping, tables, sections, inline SVG and the page shell. */

/** Escapes text for HTML element content and attribute values. */
export function esc(text: unknown): string {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** A number for a table: integers as they are, others with 4 significant decimals; NaN as an em dash. */
export function fmt(v: unknown): string {
  if (typeof v !== 'number') return v === null || v === undefined ? '—' : String(v);
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '—' : String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : v.toFixed(4);
}

/**
 * A table; numeric cells are right-aligned. `rowHeaders` makes the first cell of each row a <th>.
 * @example
 * table(['metric', 'test'], [['accuracy', 0.91]]);
 */
export function table(
  headers: string[],
  rows: unknown[][],
  options: { rowHeaders?: boolean; className?: string } = {},
): string {
  const head = `<thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`;
  const body = rows
    .map((row) => {
      const cells = row.map((cell, j) => {
        const numeric =
          typeof cell === 'number' ||
          (typeof cell === 'string' && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cell));
        const tag = options.rowHeaders && j === 0 ? 'th' : 'td';
        return `<${tag}${numeric ? ' class="num"' : ''}>${esc(fmt(cell))}</${tag}>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table${options.className ? ` class="${options.className}"` : ''}>${head}<tbody>\n${body}\n</tbody></table></div>`;
}

/** A report section with an anchor id, heading and body. */
export interface Section {
  id: string;
  title: string;
  body: string;
}

export function renderSection(s: Section): string {
  return `<section id="${esc(s.id)}">\n<h2>${esc(s.title)}</h2>\n${s.body}\n</section>`;
}

/**
 * Prepares a standalone SVG for inlining in HTML: drops the XML namespaces (implicit in HTML, and
 * they are the only URLs in vega's output) and prefixes ids so that several charts' clip paths
 * and gradients do not collide.
 */
export function inlineSvg(svg: string, prefix: string): string {
  return svg
    .replace(/^<\?xml[^>]*>\s*/, '')
    .replace(/\s+xmlns(:xlink)?="[^"]*"/g, '')
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(
      /(xlink:)?href="#([^"]+)"/g,
      (_m, x: string | undefined, id: string) => `${x ?? ''}href="#${prefix}-${id}"`,
    )
    .replace(/^<svg /, `<svg role="img" `);
}

/** A chart figure: the inlined SVG and a caption with the file names. */
export function figure(name: string, svg: string, caption?: string): string {
  const files = `<span class="files">${esc(name)}.svg · ${esc(name)}.png</span>`;
  return `<figure class="chart" id="fig-${esc(name)}">${inlineSvg(svg, name.replace(/[^A-Za-z0-9_-]/g, '_'))}<figcaption>${caption ? esc(caption) + ' ' : ''}${files}</figcaption></figure>`;
}

export const CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:"DejaVu Sans",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#f6f7f9;line-height:1.45;font-size:15px}
header.top{background:#12344d;color:#fff;padding:22px 32px}
header.top h1{margin:0 0 6px;font-size:26px}
header.top .meta{display:flex;flex-wrap:wrap;gap:6px 22px;font-size:13.5px;color:#d6e4f0}
header.top .meta b{color:#fff;font-weight:600}
nav.toc{background:#fff;border-bottom:1px solid #dde1e6;padding:8px 32px;font-size:13.5px;position:sticky;top:0;z-index:1}
nav.toc a{color:#0b5e9e;text-decoration:none;margin-right:16px;white-space:nowrap}
main{max-width:1180px;margin:0 auto;padding:8px 32px 48px}
section{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:14px 22px 18px;margin:18px 0}
h2{font-size:20px;margin:4px 0 12px;color:#12344d;border-bottom:2px solid #e6eaee;padding-bottom:6px}
h3{font-size:15.5px;margin:18px 0 8px;color:#2a4a63}
.table-wrap{overflow-x:auto;max-width:100%;margin:6px 0 10px}
table{border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums}
th,td{border:1px solid #e1e5ea;padding:4px 9px;text-align:left;white-space:nowrap}
thead th{background:#eef2f6;font-weight:600}
tbody tr:nth-child(even) td{background:#fafbfc}
td.num,th.num{text-align:right}
pre{background:#f4f6f8;border:1px solid #e1e5ea;border-radius:4px;padding:10px 12px;font:12.5px/1.35 "DejaVu Sans Mono",Menlo,Consolas,monospace;overflow-x:auto;white-space:pre}
figure.chart{margin:10px 0 16px;display:inline-block;vertical-align:top;max-width:100%}
figure.chart svg{max-width:100%;height:auto;display:block}
figcaption{font-size:12px;color:#666;margin-top:2px}
figcaption .files{color:#999}
.grid{display:flex;flex-wrap:wrap;gap:8px 28px;align-items:flex-start}
.note{color:#555;font-size:13.5px}
.warnings{color:#8a4b00;font-size:13.5px;padding-left:18px}
.kv{display:grid;grid-template-columns:max-content auto;gap:2px 14px;font-size:14px}
.kv dt{color:#555}.kv dd{margin:0;font-weight:600}
.sample{border:1px solid #e1e5ea;border-radius:4px;padding:8px 10px;margin:8px 0;line-height:1.9}
.sample .tag{font-size:12.5px;color:#333;margin-bottom:4px;line-height:1.4}
.sample .tag .ok{color:#006d3c;font-weight:600}.sample .tag .bad{color:#b33a00;font-weight:600}
.tok{padding:1px 2px;border-radius:2px}
.legend-bar{display:inline-block;width:160px;height:10px;vertical-align:middle;background:linear-gradient(90deg,rgba(230,159,0,0),rgba(230,159,0,1));border:1px solid #ccc}
details summary{cursor:pointer;color:#0b5e9e;font-size:14px}
footer{color:#888;font-size:12px;text-align:center;padding:10px}
`;

/**
 * The whole page: title bar with metadata, a table of contents, the sections, inline CSS only.
 * @example
 * page('Run imdb-lstm', [['Data', 'IMDB']], sections);
 */
export function page(title: string, meta: [string, string][], sections: Section[], footer = ''): string {
  const metaHtml = meta.map(([k, v]) => `<span>${esc(k)}: <b>${esc(v)}</b></span>`).join('');
  const toc = sections.map((s) => `<a href="#${esc(s.id)}">${esc(s.title)}</a>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="top"><h1>${esc(title)}</h1><div class="meta">${metaHtml}</div></header>
<nav class="toc">${toc}</nav>
<main>
${sections.map(renderSection).join('\n')}
</main>
<footer>${esc(footer)}</footer>
</body>
</html>
`;
}

/**
 * The demo index.html of `seqlab export --format web`: a textarea → label and class probabilities, and
 * for text models with attention pooling each text's words shaded by their weight (as the run report does).
 */
import type { PipelineInfo } from '../../data/preprocessing/batch.js';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The page for a model: text models take one document per line, others one JSON row per line.
 * @example writeFileSync('site/index.html', demoPage(info));
 */
export function demoPage(info: PipelineInfo): string {
  const text = info.input === 'text';
  const columns =
    info.input === 'series'
      ? [
          info.timeColumn,
          info.valueColumn,
          ...(info.covariates ? [...info.covariates.past, ...info.covariates.future] : []),
        ]
      : (info.features ?? []);
  const hint = text
    ? 'One text per line.'
    : `One row per line as JSON${info.input === 'series' ? ' (the series so far, oldest first; the last output row is the next step)' : ''}, with the columns ${escape(columns.filter((c): c is string => !!c).join(', '))}.`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>seqlab model</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
  textarea { width: 100%; min-height: 8rem; font: inherit; padding: .5rem; box-sizing: border-box; }
  button { font: inherit; padding: .4rem 1.2rem; margin: .5rem 0; }
  table { border-collapse: collapse; margin-top: 1rem; }
  th, td { border-bottom: 1px solid #ddd; padding: .3rem .8rem; text-align: left; }
  #status { color: #666; font-size: 13px; }
  .error { color: #b00020; }
  .shaded { margin: .6rem 0; line-height: 1.9; }
  .tok { padding: 1px 2px; border-radius: 2px; }
</style>
</head>
<body>
<h1>seqlab model</h1>
<p>${hint} Predictions run in this page on seqlab's WebAssembly backend.</p>
<textarea id="input" spellcheck="false"></textarea>
<div><button id="predict" disabled>Predict</button> <span id="status">loading…</span></div>
<div id="output"></div>
<script type="module">
import { load } from './seqlab-model.js';
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);
const row = (line, i) => {
  try {
    return JSON.parse(line);
  } catch {
    throw new Error('line ' + (i + 1) + ' is not a JSON object (one row per line, e.g. {"column": 1.5})');
  }
};
try {
  const model = await load();
  window.seqlabModel = model;
  const b = model.backend;
  $('status').textContent =
    'backend ' + b.name + ' (' + b.cpuFeatures + ', ' + b.threads + (b.threads === 1 ? ' thread)' : ' threads)');
  if (b.threadsReason) $('status').title = 'one thread: ' + b.threadsReason;
  $('predict').disabled = false;
  $('predict').onclick = () => {
    const lines = $('input').value.split('\\n').filter((l) => l.trim() !== '');
    try {
      const input = ${text ? 'lines' : 'lines.map(row)'};
      const t0 = performance.now();
      const out = model.predict(input);
      const ms = performance.now() - t0;
      $('output').innerHTML = '<table><thead><tr>' + out.header.map((h) => '<th>' + esc(h) + '</th>').join('') +
        '</tr></thead><tbody>' + out.rows.map((r) => '<tr>' + r.map((v) => '<td>' + esc(v) + '</td>').join('') + '</tr>').join('') +
        '</tbody></table><p id="timing">' + ms.toFixed(1) + ' ms for ' + out.rows.length + ' input(s)</p>';
      $('output').dataset.result = JSON.stringify(out);
      if (model.attention) {
        // Each word's background: its attention weight, from the text's smallest (no shade) to its largest.
        const shaded = model.explain(input).map(({ tokens, weights }) => {
          const max = Math.max(0, ...weights), min = Math.min(max, ...weights);
          const range = max - min > 1e-12 ? max - min : Infinity;
          return '<div class="shaded">' + tokens.map((t, k) => '<span class="tok" title="' + weights[k].toFixed(4) +
            '" style="background:rgba(230,159,0,' + ((weights[k] - min) / range).toFixed(3) + ')">' + esc(t) + '</span>').join(' ') + '</div>';
        });
        $('output').insertAdjacentHTML('beforeend', '<h2>Attention</h2><p id="shade-note">Each word’s background: its attention weight, from the text’s smallest (no shade) to its largest. Hover a word for its weight.</p>' + shaded.join(''));
      }
    } catch (e) {
      $('output').innerHTML = '<p class="error">' + esc(e.message) + '</p>';
    }
  };
} catch (e) {
  $('status').innerHTML = '<span class="error">' + esc(e.message) + '</span>';
}
</script>
</body>
</html>
`;
}

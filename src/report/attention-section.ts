import type { AttentionSamples } from './run-files.js';
import { attentionChart } from './charts/attention.js';
import type { ChartSet } from './chart-set.js';
import { esc, table, type Section } from './html-kit.js';

/**
 * One text sample as HTML: each token's background shaded by its attention weight, from the sample's
 * smallest weight (no shade) to its largest (full shade), with the true and predicted label, the
 * probability and how concentrated the attention is (the largest weight against 1/n, an even spread
 * over the n tokens) above.
 * @example
 * shadedText({ tokens: ['great', 'film'], weights: [0.8, 0.2], label: 'pos', predicted: 'pos', probability: 0.93 });
 */
export function shadedText(sample: NonNullable<AttentionSamples['samples']>[number]): string {
  const finite = sample.weights.slice(0, sample.tokens.length).filter(Number.isFinite);
  const max = Math.max(0, ...finite);
  const min = Math.min(max, ...finite);
  // An even spread (every weight 1/n) would leave no shade; a flat but uneven one still ranks its words.
  const range = max - min > 1e-12 ? max - min : Infinity;
  const tokens = sample.tokens
    .map((token, i) => {
      const w = sample.weights[i] ?? 0;
      const alpha = Math.max(0, Math.min(1, (w - min) / range));
      return `<span class="tok" style="background:rgba(230,159,0,${alpha.toFixed(3)})" title="${esc(w.toFixed(4))}">${esc(token)}</span>`;
    })
    .join(' ');
  const correct = sample.label === sample.predicted;
  return (
    `<div class="sample"><div class="tag">true: <b>${esc(sample.label)}</b> · predicted: <span class="${correct ? 'ok' : 'bad'}">${esc(sample.predicted)}</span>` +
    ` · probability ${esc(sample.probability.toFixed(3))}` +
    ` · largest weight ${esc((max * finite.length).toFixed(1))}× an even spread` +
    `${correct ? '' : ' · <span class="bad">misclassified</span>'}</div>${tokens}</div>`
  );
}

/**
 * The Attention section: shaded sample documents (text) or the mean attention per step (tables).
 */
export async function attentionSection(
  att: AttentionSamples,
  charts: ChartSet,
): Promise<Section | undefined> {
  const parts: string[] = [];
  if (att.samples && att.samples.length > 0) {
    parts.push(
      `<p class="note">Each word's background shows its attention weight, from the review's smallest to its ` +
        `largest: <span class="legend-bar"></span> low → high. Hover a word for its weight. "Largest weight 3× ` +
        `an even spread" means the most attended word gets 3 times the 1/n it would get if the model attended ` +
        `to all n words alike; near 1× the model averages the review and the shades only rank small differences.</p>`,
      ...att.samples.map(shadedText),
    );
  }
  if (att.steps && att.steps.length > 0 && (att.meanWeights || att.meanWeightsByClass)) {
    const byClass = att.meanWeightsByClass ?? {};
    const classes = Object.keys(byClass);
    const chart = await charts.add(
      'attention',
      attentionChart(att.steps, att.meanWeights, att.meanWeightsByClass),
    );
    const headers = ['step', ...(att.meanWeights ? ['mean (all)'] : []), ...classes.map((c) => `class ${c}`)];
    const rows = att.steps.map((step, i) => [
      step,
      ...(att.meanWeights ? [att.meanWeights[i] ?? NaN] : []),
      ...classes.map((c) => byClass[c]![i] ?? NaN),
    ]);
    parts.push(
      `<div class="grid">${chart}<div><h3>Mean attention per step</h3>${table(headers, rows)}</div></div>`,
    );
  }
  if (parts.length === 0) return undefined;
  return { id: 'attention', title: 'Attention', body: parts.join('\n') };
}

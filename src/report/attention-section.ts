import type { AttentionSamples } from './run-files.js';
import { attentionChart } from './charts/attention.js';
import type { ChartSet } from './chart-set.js';
import { esc, table, type Section } from './html-kit.js';

/**
 * One text sample as HTML: each token's background shaded by its attention weight (relative to
 * the sample's largest weight), with the true and predicted label and the probability above.
 * @example
 * shadedText({ tokens: ['great', 'film'], weights: [0.8, 0.2], label: 'pos', predicted: 'pos', probability: 0.93 });
 */
export function shadedText(sample: NonNullable<AttentionSamples['samples']>[number]): string {
  const max = Math.max(1e-12, ...sample.weights.filter(Number.isFinite));
  const tokens = sample.tokens
    .map((token, i) => {
      const w = sample.weights[i] ?? 0;
      const alpha = Math.max(0, Math.min(1, w / max));
      return `<span class="tok" style="background:rgba(230,159,0,${alpha.toFixed(3)})" title="${esc(w.toFixed(4))}">${esc(token)}</span>`;
    })
    .join(' ');
  const correct = sample.label === sample.predicted;
  return (
    `<div class="sample"><div class="tag">true: <b>${esc(sample.label)}</b> · predicted: <span class="${correct ? 'ok' : 'bad'}">${esc(sample.predicted)}</span>` +
    ` · probability ${esc(sample.probability.toFixed(3))}${correct ? '' : ' · <span class="bad">misclassified</span>'}</div>${tokens}</div>`
  );
}

/**
 * The Attention section: shaded sample documents (text) or the mean attention per step (tables).
 */
export async function attentionSection(att: AttentionSamples, charts: ChartSet): Promise<Section | undefined> {
  const parts: string[] = [];
  if (att.samples && att.samples.length > 0) {
    parts.push(
      `<p class="note">Each word's background shows its attention weight relative to the largest in the review: ` +
        `<span class="legend-bar"></span> low → high. Hover a word for its weight.</p>`,
      ...att.samples.map(shadedText),
    );
  }
  if (att.steps && att.steps.length > 0 && (att.meanWeights || att.meanWeightsByClass)) {
    const byClass = att.meanWeightsByClass ?? {};
    const classes = Object.keys(byClass);
    const chart = await charts.add('attention', attentionChart(att.steps, att.meanWeights, att.meanWeightsByClass));
    const headers = ['step', ...(att.meanWeights ? ['mean (all)'] : []), ...classes.map((c) => `class ${c}`)];
    const rows = att.steps.map((step, i) => [step, ...(att.meanWeights ? [att.meanWeights[i] ?? NaN] : []), ...classes.map((c) => byClass[c]![i] ?? NaN)]);
    parts.push(`<div class="grid">${chart}<div><h3>Mean attention per step</h3>${table(headers, rows)}</div></div>`);
  }
  if (parts.length === 0) return undefined;
  return { id: 'attention', title: 'Attention', body: parts.join('\n') };
}

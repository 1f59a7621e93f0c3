/**
 * The study report: study/report.html (self-contained, like a run report) and a PNG of each chart —
 * leaderboard, best config, objective over trials, intermediate values (pruned vs completed),
 * parallel coordinates, parameter importance and the best trial's training curves.
 *
 * Parameter importance is the first-order effect of each parameter, estimated from the trials: the
 * share of the objective's variance explained by the parameter's bins (quartile bins of its internal
 * coordinate, or its choices) — the correlation ratio η², the first-order term of a functional ANOVA
 * without fANOVA's random forest. Interactions are not measured; with few trials it is rough.
 */
import { join } from 'node:path';
import { writeFilesAtomic } from '../data/io/atomic-write.js';
import { renderSvg, svgToPng, withDefaults, trainingCurves, type ChartSpec } from '../report/charts/index.js';
import { esc, figure, fmt, page, table, type Section } from '../report/html-kit.js';
import { toInternal } from './space.js';
import { bestConfigYaml, bestTrial, lossOf, type StudyFile } from './study.js';

/** η² of each parameter (0..1) over the complete trials. */
export function parameterImportance(study: StudyFile): Record<string, number> {
  const done = study.trials.filter((t) => t.state === 'complete' && t.value !== undefined);
  const out: Record<string, number> = {};
  if (done.length < 3) return out;
  const y = done.map((t) => t.value!);
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const total = y.reduce((a, b) => a + (b - mean) ** 2, 0);
  for (const p of study.spec.space) {
    const x = done.map((t) => toInternal(p, t.params[p.path]));
    let bins: number[];
    if (p.kind === 'choice') bins = x;
    else {
      const sorted = [...x].sort((a, b) => a - b);
      const cuts = [0.25, 0.5, 0.75].map((q) => sorted[Math.floor(q * (sorted.length - 1))]!);
      bins = x.map((v) => cuts.filter((c) => v > c).length);
    }
    const groups = new Map<number, number[]>();
    bins.forEach((b, i) => groups.set(b, [...(groups.get(b) ?? []), y[i]!]));
    let between = 0;
    for (const g of groups.values()) {
      const m = g.reduce((a, b) => a + b, 0) / g.length;
      between += g.length * (m - mean) ** 2;
    }
    out[p.path] = total > 0 ? between / total : 0;
  }
  return out;
}

const STATE_COLORS = { domain: ['complete', 'pruned', 'failed'], range: ['#0072B2', '#999999', '#D55E00'] };

function objectiveChart(study: StudyFile): ChartSpec {
  let best = Infinity;
  const values = study.trials
    .filter((t) => t.state !== 'running')
    .map((t) => {
      const v = t.value ?? t.values[t.values.length - 1] ?? null;
      if (t.state === 'complete' && t.value !== undefined) best = Math.min(best, lossOf(t.value, study.spec));
      return {
        trial: t.number,
        value: v,
        state: t.state,
        best: Number.isFinite(best) ? lossOf(best, study.spec) : null,
      };
    });
  const m = study.spec.objective.metric;
  return withDefaults({
    title: {
      text: `Objective over trials (${m})`,
      subtitle: 'pruned: last intermediate value; line: best so far',
    },
    width: 460,
    height: 260,
    data: { values },
    layer: [
      {
        mark: { type: 'point', filled: true, size: 50 },
        encoding: {
          x: { field: 'trial', type: 'quantitative', title: 'trial' },
          y: { field: 'value', type: 'quantitative', title: m, scale: { zero: false } },
          color: { field: 'state', type: 'nominal', scale: STATE_COLORS, title: 'state' },
        },
      },
      {
        mark: { type: 'line', interpolate: 'step-after', color: '#009E73' },
        encoding: { x: { field: 'trial', type: 'quantitative' }, y: { field: 'best', type: 'quantitative' } },
      },
    ],
  });
}

function intermediateChart(study: StudyFile): ChartSpec {
  const values = study.trials.flatMap((t) =>
    t.state === 'running'
      ? []
      : t.values.map((v, i) => ({ trial: t.number, step: i + 1, value: v, state: t.state })),
  );
  const cv = study.spec.objective.metric.startsWith('cv:');
  return withDefaults({
    title: {
      text: 'Intermediate values',
      subtitle: `one line per trial, by ${cv ? 'fold (running mean)' : 'epoch'}`,
    },
    width: 460,
    height: 260,
    data: { values },
    mark: { type: 'line', point: { size: 14 }, opacity: 0.7 },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: cv ? 'fold' : 'epoch' },
      y: { field: 'value', type: 'quantitative', title: 'intermediate value', scale: { zero: false } },
      detail: { field: 'trial', type: 'nominal' },
      color: { field: 'state', type: 'nominal', scale: STATE_COLORS, title: 'state' },
    },
  });
}

function parallelChart(study: StudyFile): ChartSpec {
  const values = study.trials.flatMap((t) =>
    t.state !== 'complete'
      ? []
      : study.spec.space.map((p) => ({
          trial: t.number,
          param: p.path,
          position: p.high > p.low ? (toInternal(p, t.params[p.path]) - p.low) / (p.high - p.low) : 0.5,
          shown: JSON.stringify(t.params[p.path]),
          objective: t.value,
        })),
  );
  return withDefaults({
    title: {
      text: 'Parallel coordinates (complete trials)',
      subtitle: 'each axis spans its search range (log ranges in log scale); colour: objective',
    },
    width: Math.max(300, 150 * study.spec.space.length),
    height: 260,
    data: { values },
    mark: { type: 'line', opacity: 0.75, point: true },
    encoding: {
      x: {
        field: 'param',
        type: 'nominal',
        sort: study.spec.space.map((p) => p.path),
        title: null,
        axis: { labelAngle: 0 },
      },
      y: { field: 'position', type: 'quantitative', title: 'position in range', scale: { domain: [0, 1] } },
      detail: { field: 'trial', type: 'nominal' },
      color: {
        field: 'objective',
        type: 'quantitative',
        title: study.spec.objective.metric,
        scale: { scheme: 'viridis', reverse: study.spec.objective.direction === 'maximize' },
      },
      tooltip: [{ field: 'trial' }, { field: 'param' }, { field: 'shown', title: 'value' }],
    },
  });
}

function importanceChart(importance: Record<string, number>): ChartSpec {
  return withDefaults({
    title: {
      text: 'Parameter importance (η², first-order)',
      subtitle: 'share of the objective variance explained by each parameter alone',
    },
    width: 360,
    height: { step: 24 },
    data: { values: Object.entries(importance).map(([param, eta2]) => ({ param, eta2 })) },
    mark: { type: 'bar', color: '#0072B2' },
    encoding: {
      y: { field: 'param', type: 'nominal', sort: '-x', title: null },
      x: { field: 'eta2', type: 'quantitative', title: 'η²', scale: { domain: [0, 1] } },
    },
  });
}

/**
 * Writes report.html and the chart PNGs/SVGs into the study folder; returns the report's path.
 * @example await writeStudyReport('studies/imdb', readStudy('studies/imdb'));
 */
export async function writeStudyReport(dir: string, study: StudyFile): Promise<string> {
  const spec = study.spec;
  const counts = { complete: 0, pruned: 0, failed: 0, running: 0 };
  for (const t of study.trials) counts[t.state]++;
  const best = bestTrial(study);
  const importance = parameterImportance(study);
  const charts: [string, ChartSpec, string][] = [
    ['objective', objectiveChart(study), ''],
    ['intermediate', intermediateChart(study), ''],
  ];
  if (counts.complete >= 2) charts.push(['parallel', parallelChart(study), '']);
  if (Object.keys(importance).length) charts.push(['importance', importanceChart(importance), '']);
  if (best?.curves) charts.push(['best-curves', trainingCurves(best.curves), `trial ${best.number}`]);
  const files: [string, string | Uint8Array][] = [];
  const figs = new Map<string, string>();
  for (const [name, chart, caption] of charts) {
    const svg = await renderSvg(chart);
    files.push([`${name}.svg`, svg], [`${name}.png`, svgToPng(svg)]);
    figs.set(name, figure(name, svg, caption));
  }
  const order = [...study.trials]
    .filter((t) => t.state !== 'running')
    .sort((a, b) => {
      const va = a.state === 'complete' ? lossOf(a.value!, spec) : Infinity;
      const vb = b.state === 'complete' ? lossOf(b.value!, spec) : Infinity;
      return va - vb || a.number - b.number;
    });
  const paths = spec.space.map((p) => p.path);
  const epochs = study.trials.reduce((a, t) => a + t.epochs, 0);
  const sections: Section[] = [
    {
      id: 'summary',
      title: 'Summary',
      body: `<dl class="kv">
<dt>objective</dt><dd>${esc(spec.objective.metric)} (${esc(spec.objective.direction)})</dd>
<dt>sampler / pruner</dt><dd>${esc(spec.sampler)} / ${esc(spec.pruner)} (seed ${spec.seed}, ${study.workers} worker(s))</dd>
<dt>trials</dt><dd>${counts.complete} complete, ${counts.pruned} pruned, ${counts.failed} failed${counts.running ? `, ${counts.running} unfinished` : ''} of a budget of ${spec.budget.trials}</dd>
<dt>epochs trained</dt><dd>${epochs} (trial time ${fmt(study.trialSeconds)} s)</dd>
<dt>best</dt><dd>${best ? `trial ${best.number}: ${fmt(best.value)}` : 'none complete'}</dd>
</dl>
<p class="note">Chosen on ${spec.objective.metric.startsWith('cv:') ? 'cross-validation folds of the training rows' : spec.objective.metric.startsWith('backtest:') ? 'a backtest inside the training part' : 'the validation rows'}; the test split was not used.</p>`,
    },
    {
      id: 'leaderboard',
      title: 'Leaderboard',
      body: table(
        ['#', 'trial', 'state', spec.objective.metric, ...paths, 'epochs', 'seconds', 'worker', 'note'],
        order.map((t, i) => [
          i + 1,
          t.number,
          t.state,
          t.value ?? null,
          ...paths.map((p) => (typeof t.params[p] === 'number' ? t.params[p] : JSON.stringify(t.params[p]))),
          t.epochs,
          t.seconds,
          t.worker ?? '',
          t.error ?? (t.metrics && 'cv' in t.metrics ? cvNote(t.metrics.cv) : ''),
        ]),
      ),
    },
    {
      id: 'best',
      title: 'Best config',
      body: best
        ? `<p class="note">Written as best.yaml: <code>seqlab train ${esc(join(dir, 'best.yaml'))}</code></p><pre>${esc(bestConfigYaml(study) ?? '')}</pre>`
        : '<p class="note">No trial completed.</p>',
    },
    {
      id: 'trials',
      title: 'Trials',
      body: `<div class="grid">${figs.get('objective') ?? ''}${figs.get('intermediate') ?? ''}</div>`,
    },
    {
      id: 'parameters',
      title: 'Parameters',
      body: `<div class="grid">${figs.get('parallel') ?? ''}${figs.get('importance') ?? ''}</div><p class="note">Importance: η² (correlation ratio) of each parameter's quartile bins or choices over the complete trials — a first-order estimate, no interactions.</p>`,
    },
  ];
  if (figs.get('best-curves'))
    sections.push({ id: 'curves', title: "Best trial's training curves", body: figs.get('best-curves')! });
  const html = page(
    `Study ${study.name}`,
    [
      ['objective', spec.objective.metric],
      ['trials', String(study.trials.length)],
      ['created', study.created],
      ['seqlab', study.seqlabVersion],
    ],
    sections,
    'seqlab tune',
  );
  await writeFilesAtomic(dir, [...files, ['report.html', html]]);
  return join(dir, 'report.html');
}

function cvNote(cv: unknown): string {
  return Object.entries(cv as Record<string, { mean: number; sd: number }>)
    .map(([m, s]) => `${m} ${fmt(s.mean)} ± ${fmt(s.sd)}`)
    .join('; ');
}

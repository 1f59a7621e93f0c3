/**
 * The comparison page of `seqlab compare RUN…`: test metrics side by side, training curves overlaid,
 * the config keys that differ, and each run's confusion matrix or forecast chart next to the others.
 */
import { basename, dirname, join } from 'node:path';
import YAML from 'yaml';
import { writeFilesAtomic } from '../data/io/atomic-write.js';
import { SeqlabError } from '../errors.js';
import {
  confusionMatrixChart,
  forecastChart,
  renderSvg,
  withDefaults,
  type ChartSpec,
} from './charts/index.js';
import { esc, figure, page, table, type Section } from './html-kit.js';
import { readRun, type RunData } from './read-run.js';

/** Leaf key paths of a parsed config: `training.epochs` → 20, `model.layers[0].units` → 64. */
export function flattenConfig(
  v: unknown,
  prefix = '',
  out: Record<string, string> = {},
): Record<string, string> {
  if (Array.isArray(v)) v.forEach((x, i) => flattenConfig(x, `${prefix}[${i}]`, out));
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) flattenConfig(x, prefix ? `${prefix}.${k}` : k, out);
  else out[prefix] = JSON.stringify(v);
  return out;
}

/** Keys whose values differ between the runs (absent = '—'). */
export function configDiff(configs: Record<string, string>[]): [string, ...string[]][] {
  const keys = [...new Set(configs.flatMap((c) => Object.keys(c)))].sort();
  return keys
    .filter((k) => new Set(configs.map((c) => c[k] ?? '—')).size > 1)
    .map((k) => [k, ...configs.map((c) => c[k] ?? '—')] as [string, ...string[]]);
}

function curvesChart(runs: RunData[], names: string[]): ChartSpec {
  const values = runs.flatMap((r, i) =>
    Object.entries(r.history ?? {})
      .filter(([m]) => m === 'loss' || m === 'val_loss')
      .flatMap(([m, xs]) =>
        xs.map((v, e) => ({
          run: names[i],
          split: m === 'loss' ? 'train' : 'validation',
          epoch: e + 1,
          value: Number.isFinite(v) ? v : null,
        })),
      ),
  );
  return withDefaults({
    title: { text: 'Training curves', subtitle: 'loss per epoch; dashed: validation' },
    width: 520,
    height: 280,
    data: { values },
    mark: { type: 'line', point: { size: 12 } },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative', title: 'loss', scale: { zero: false } },
      color: { field: 'run', type: 'nominal' },
      strokeDash: { field: 'split', type: 'nominal' },
    },
  });
}

/**
 * Writes the comparison page (and the charts' SVGs beside it) and returns its path.
 * @example await writeComparison(['runs/a', 'runs/b'], 'compare.html');
 */
export async function writeComparison(dirs: string[], out: string): Promise<string> {
  if (dirs.length < 2) throw new SeqlabError('compare: give at least two run folders');
  const runs = dirs.map((d) => readRun(d));
  const names = dirs.map((d, i) => {
    const n = basename(d.replace(/[/\\]+$/, ''));
    return dirs.filter((x) => basename(x.replace(/[/\\]+$/, '')) === n).length > 1 ? `${n} (${i + 1})` : n;
  });
  for (const r of runs)
    if (!r.metrics) throw new SeqlabError(`${r.dir}: no metrics.json (not a finished seqlab train run)`);
  const metricKeys = [
    ...new Set(
      runs.flatMap((r) =>
        Object.entries(r.metrics!.test)
          .filter(([, v]) => typeof v === 'number')
          .map(([k]) => k),
      ),
    ),
  ];
  // Series runs: what their backtests say (metrics.json's backtest: pooled over a panel's series).
  type Backtest = {
    overall?: { model?: { mase: number; smape: number } };
    coverage?: { nominal: number; empirical: number }[];
  };
  const backtests = runs.map((r) => (r.metrics as { backtest?: Backtest }).backtest);
  const levels = [...new Set(backtests.flatMap((b) => b?.coverage?.map((c) => c.nominal) ?? []))].sort();
  const backtestRows = backtests.some((b) => b?.overall?.model)
    ? [
        ['backtest MASE', ...backtests.map((b) => b?.overall?.model?.mase ?? null)],
        ['backtest sMAPE %', ...backtests.map((b) => b?.overall?.model?.smape ?? null)],
        ...levels.map((l) => [
          `${Math.round(l * 100)}% interval covered`,
          ...backtests.map((b) => b?.coverage?.find((c) => c.nominal === l)?.empirical ?? null),
        ]),
      ]
    : [];
  const files: [string, string][] = [];
  const chart = async (name: string, spec: ChartSpec, caption?: string): Promise<string> => {
    const svg = await renderSvg(spec);
    files.push([`${name}.svg`, svg]);
    return figure(name, svg, caption);
  };
  const sections: Section[] = [
    {
      id: 'metrics',
      title: 'Test metrics',
      body: table(
        ['metric', ...names],
        [
          ...metricKeys.map((k) => [
            k,
            ...runs.map((r) => (r.metrics!.test[k] as number | undefined) ?? null),
          ]),
          ...backtestRows,
          ['epochs', ...runs.map((r) => r.metrics!.epochs)],
          ['train seconds', ...runs.map((r) => r.metrics!.trainSeconds)],
        ],
        { rowHeaders: true },
      ),
    },
    { id: 'curves', title: 'Training curves', body: await chart('compare-curves', curvesChart(runs, names)) },
  ];
  // A tune: block (left in a config that was also searched) is not part of how the run trained.
  const configs = runs.map((r) => {
    const parsed = (r.config ? YAML.parse(r.config) : {}) as Record<string, unknown>;
    delete parsed.tune;
    return flattenConfig(parsed);
  });
  const diff = configDiff(configs);
  sections.push({
    id: 'config',
    title: 'Config differences',
    body: diff.length
      ? table(['key', ...names], diff, { rowHeaders: true })
      : '<p class="note">The configs are identical.</p>',
  });
  const side: string[] = [];
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i]!;
    const labels = r.metrics!.labels;
    const m = r.metrics!.test.confusionMatrix;
    if (labels && Array.isArray(m))
      side.push(
        await chart(
          `confusion-${i + 1}`,
          confusionMatrixChart(m as number[][], labels, `Confusion matrix: ${names[i]}`),
        ),
      );
    else if (r.series)
      side.push(
        await chart(`forecast-${i + 1}`, { ...forecastChart(r.series), title: `Forecast: ${names[i]}` }),
      );
  }
  if (side.length)
    sections.push({ id: 'side', title: 'Side by side', body: `<div class="grid">${side.join('')}</div>` });
  const html = page(
    `Comparison of ${runs.length} runs`,
    names.map((n, i) => [n, esc(runs[i]!.dir)]),
    sections,
    'seqlab compare',
  );
  await writeFilesAtomic(dirname(out), [
    ...files.map(([n, c]) => [join(basename(out, '.html') + '-files', n), c] as [string, string]),
    [basename(out), html],
  ]);
  return out;
}

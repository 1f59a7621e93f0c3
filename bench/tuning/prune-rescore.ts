/**
 * Re-scores the best configuration of each study folder given: trains its best.yaml 20 more times
 * with fresh seeds (1000…1019) on the same rows and prints the mean and sd of the objective, beside the
 * epochs the study trained and the best value it found. A study's best value is the lowest of many
 * noisy numbers (biased low, more so the more full curves it trained); the re-scored mean is what the
 * configuration is worth. docs/guides/tuning.md ("Pruning") has the figures.
 *
 *   node --import tsx bench/tuning/prune-rescore.ts studies/prune-none-0 studies/prune-median-0 …
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readStudy } from '../../src/tuning/study.js';
import { runTrial } from '../../src/tuning/trial.js';
import { VERSION } from '../../src/version.js';

const SEEDS = Number(process.env.RESCORE_SEEDS ?? 20);

for (const dir of process.argv.slice(2)) {
  const study = readStudy(dir);
  const objective = study.spec.objective;
  const config = parse(readFileSync(join(dir, 'best.yaml'), 'utf8')) as Record<string, unknown>;
  const values: number[] = [];
  for (let s = 0; s < SEEDS; s++) {
    const r = await runTrial({
      study: 'rescore',
      number: s,
      params: {},
      config: { ...config, seed: 1000 + s },
      objective,
      pruner: 'none',
      history: [],
      version: VERSION,
    });
    values.push(r.value!);
  }
  const mean = values.reduce((a, b) => a + b, 0) / SEEDS;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (SEEDS - 1));
  const epochs = study.trials.reduce((a, t) => a + t.epochs, 0);
  const found = study.trials.filter((t) => t.state === 'complete').map((t) => t.value!);
  const best = objective.direction === 'minimize' ? Math.min(...found) : Math.max(...found);
  console.log(
    `${dir}\tepochs ${epochs}\tbest found ${best.toFixed(4)}\tre-scored ${mean.toFixed(4)} (sd ${sd.toFixed(4)}, ${SEEDS} seeds)`,
  );
}

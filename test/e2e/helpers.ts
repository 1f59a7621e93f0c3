/** Runs the seqlab CLI from the sources (through tsx) and writes small fixtures for e2e tests. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemo } from '../../src/data/datasets/demo.js';
import { frameToCsv } from '../../src/data/io/write-csv.js';

export const CLI = join(import.meta.dirname, '..', '..', 'src', 'cli', 'index.ts');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `seqlab ARGS` and waits for it. */
export function seqlab(args: string[], opts: { input?: string; cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    encoding: 'utf8',
    input: opts.input ?? '',
    cwd: opts.cwd ?? process.cwd(),
    env: { ...process.env, SEQLAB_DEBUG: '', SEQLAB_NUM_THREADS: '1' },
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `seqlab ARGS` without waiting (for Ctrl-C tests). */
/** Column j of a CSV the CLI printed (header left out; fields without commas, as predict and forecast write them). */
export function csvColumn(stdout: string, j: number): string[] {
  return stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[j]!);
}

export function seqlabAsync(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, SEQLAB_NUM_THREADS: '1' },
  });
}

/** A fresh temp folder with fixtures: table.csv (300 rows), text.csv, series.csv, configs. */
export function makeFixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-e2e-'));
  writeFileSync(join(dir, 'table.csv'), frameToCsv(loadDemo('tabular').head(300)));
  writeFileSync(join(dir, 'text.csv'), frameToCsv(loadDemo('text')));
  writeFileSync(join(dir, 'series.csv'), frameToCsv(loadDemo('timeseries')));
  writeFileSync(join(dir, 'empty.csv'), '');
  const tableNoLabel = loadDemo('tabular').head(20).drop(['y']);
  writeFileSync(join(dir, 'rows.csv'), frameToCsv(tableNoLabel));
  writeFileSync(join(dir, 'bad-feature.csv'), 'x1,x2,y\n1,2,0\n3,abc,1\n4,5,0\n6,7,1\n');
  writeFileSync(join(dir, 'table.yaml'), TABLE_CONFIG);
  writeFileSync(join(dir, 'text.yaml'), TEXT_CONFIG);
  writeFileSync(join(dir, 'series.yaml'), SERIES_CONFIG);
  return dir;
}

export const TABLE_CONFIG = `
name: e2e-table
seed: 1
data: { source: table.csv, type: table, label: y, maxRows: 300 }
preprocessing: { scaler: standard, rowsAsSequences: true }
model:
  layers:
    - { type: bidirectional, layer: { type: gru, units: 8, returnSequences: true } }
    - { type: attentionPooling, units: 8 }
    - { type: dense, units: 1, activation: sigmoid }
compile: { optimizer: adam, loss: binaryCrossentropy, metrics: [accuracy] }
training: { epochs: 2, batchSize: 32, validationSplit: 0.1 }
`;

export const TEXT_CONFIG = `
name: e2e-text
data: { source: text.csv, type: text, text: text, label: label }
preprocessing: { text: { mode: sequence, numWords: 100, maxlen: 12 } }
model:
  layers:
    - { type: embedding, outputDim: 8, maskZero: true }
    - { type: lstm, units: 8 }
    - { type: dense, units: 1, activation: sigmoid }
training: { epochs: 2, batchSize: 32 }
`;

export const SERIES_CONFIG = `
name: e2e-series
data: { source: series.csv, type: series, time: month, value: passengers, split: { testSize: 0.25 } }
preprocessing: { scaler: minmax, series: { windowSize: 12, log: true, seasonalDifference: 12 } }
model:
  layers:
    - { type: lstm, units: 8 }
    - { type: dense, units: 1 }
compile: { optimizer: adam, loss: mse }
training: { epochs: 2, batchSize: 8 }
`;

/**
 * `npm run bench -- models`: the model benchmark of the performance issue. For each configuration
 * (A–F training, infA/infC inference) it runs, back to back and at the same thread count:
 *   seqlab       bench/models/run-config.ts in a child process (its max RSS is the config's peak RSS)
 *   PyTorch      ../shared/reference-bench/train_bench.py --only <key> under /usr/bin/python3 (child)
 *   TF.js        bench/models/tfjs-config.ts (pure-JS CPU backend; a few batches only)
 *   ONNX Runtime bench/models/ort-config.ts (inference only, the seqlab model exported with toOnnx)
 * and prints samples/s with ratios, seqlab's GFLOP/s (recurrent layers: 2·G·(I+H)·H per step per
 * direction forward, ×3 for training) and the fraction of the sgemm ceiling measured in the same run.
 * Writes bench/results/latest.md and latest.json.
 *
 * Options (after `--`): --threads N (default 2) --runs R (3) --scale S (1: batches per epoch as
 * train_bench.py) --only A,B,infA --no-torch --no-tfjs --no-ort --scaling (A and F also in 3
 * interleaved rounds at 1 thread and N, for the scaling ratio) --torch-omp-default (PyTorch with
 * libgomp's default active waiting instead of OMP_WAIT_POLICY=PASSIVE) --backend wasm (instead: the
 * WebAssembly backend against native, bench/models/wasm-compare.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { getBackend } from '../src/backend/select.js';
import { setNativeThreads } from '../src/backend/native/index.js';
import { CONFIGS, INFER } from './models/configs.js';
import { wasmBenchMain } from './models/wasm-compare.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const torchScript = join(root, '..', 'shared', 'reference-bench', 'train_bench.py');

export interface ModelBenchOptions {
  threads: number;
  runs: number;
  scale: number;
  only: string[] | null;
  torch: boolean;
  tfjs: boolean;
  ort: boolean;
  scaling: boolean;
  torchOmpDefault: boolean;
}

interface Measured {
  median: number;
  min: number;
  max: number;
  rssMiB: number | null;
  note?: string;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function measured(samples: number[], rssMiB: number | null, note?: string): Measured {
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), rssMiB, note };
}

function lastJson(stdout: string): Record<string, unknown> | null {
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  return line ? (JSON.parse(line) as Record<string, unknown>) : null;
}

function nodeChild(script: string, args: string[], timeoutS: number): Measured | null {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'models', script), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: timeoutS * 1000,
    env: process.env,
  });
  const j = lastJson(r.stdout ?? '');
  if (!j) {
    console.error(
      `  ${script} ${args.join(' ')} failed: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`,
    );
    return null;
  }
  return measured(j.samplesPerSecond as number[], j.maxRssMiB as number);
}

/** Interleaved rounds of one configuration at 1 thread and at N: medians of each and of the per-round ratios. */
interface Scaling {
  one: number;
  many: number;
  ratios: number[];
}

const SCALING_ROUNDS = 5;

/**
 * Samples/s at 1 thread and at o.threads, measured alternately (1, N, 1, N, …) so that a change in the
 * machine's load hits both: the ratio of two separate windows moved by ±10% on this shared machine.
 */
function scalingRounds(key: string, o: ModelBenchOptions): Scaling | null {
  const one: number[] = [];
  const many: number[] = [];
  for (let r = 0; r < SCALING_ROUNDS; r++) {
    console.error(`${key}: scaling round ${r + 1}/${SCALING_ROUNDS}…`);
    const [m1, mN] = [1, o.threads].map((t) =>
      nodeChild('run-config.ts', [key, '--threads', `${t}`, '--runs', '3', '--scale', `${o.scale}`], 900),
    );
    if (!m1 || !mN) return null;
    one.push(m1.median);
    many.push(mN.median);
  }
  return { one: median(one), many: median(many), ratios: one.map((v, i) => many[i]! / v) };
}

/** train_bench.py for one key in its own interpreter; its max RSS comes from getrusage at exit. */
function torchChild(key: string, o: ModelBenchOptions): Measured | null {
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  const out = join(root, 'bench', 'results', `.torch-${key}.json`);
  const argv = [
    torchScript,
    '--threads',
    `${o.threads}`,
    '--runs',
    `${o.runs}`,
    '--scale',
    `${o.scale}`,
    '--only',
    key,
    '--json',
    out,
  ];
  const code =
    'import resource, runpy, sys; sys.argv = ' +
    JSON.stringify(argv) +
    "; runpy.run_path(sys.argv[0], run_name='__main__'); " +
    "print('MAXRSS_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)";
  // OMP_WAIT_POLICY=PASSIVE: with the default (active spinning) libgomp's barriers collapse when the
  // machine is shared (C fell from 6475 to 51 samples/s at load 6); passive waiting is what keeps
  // PyTorch's figures meaningful here. --torch-omp-default measures the default instead.
  const env = o.torchOmpDefault ? process.env : { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' };
  const r = spawnSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8', timeout: 900_000, env });
  const rss = /MAXRSS_KB (\d+)/.exec(r.stdout ?? '');
  if (r.status !== 0 || !existsSync(out)) {
    console.error(`  PyTorch ${key} failed: ${(r.stderr ?? '').trim().split('\n').slice(-2).join(' | ')}`);
    return null;
  }
  const j = JSON.parse(spawnSync('cat', [out], { encoding: 'utf8' }).stdout) as {
    train: { epoch_seconds: number[]; batch: number; batches_per_epoch: number }[];
    infer: { epoch_seconds: number[]; batch: number; batches_per_epoch: number }[];
  };
  const row = j.train[0] ?? j.infer[0];
  if (!row) return null;
  const sps = row.epoch_seconds.map((s) => (row.batch * row.batches_per_epoch) / s);
  return measured(sps, rss ? Number(rss[1]) / 1024 : null);
}

function torchAvailable(): boolean {
  if (!existsSync(torchScript)) return false;
  return spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
}

/** seqlab's sgemm ceiling at this thread count: best of a few 1024³ products (GFLOP/s). */
function sgemmCeiling(threads: number): number {
  setNativeThreads(threads);
  const be = getBackend();
  const n = 1024;
  const a = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
  const c = new Float32Array(n * n);
  be.gemm(n, n, n, a, a, c);
  let best = 0;
  for (let i = 0; i < 8; i++) {
    const t0 = performance.now();
    be.gemm(n, n, n, a, a, c);
    best = Math.max(best, (2 * n * n * n) / ((performance.now() - t0) / 1000) / 1e9);
  }
  return best;
}

export interface ModelBenchRow {
  key: string;
  name: string;
  batch: number;
  seqlab: Measured | null;
  /** --scaling: SCALING_ROUNDS interleaved rounds of seqlab at 1 thread, then at `threads`. */
  scaling?: Scaling | null;
  torch: Measured | null;
  tfjs: Measured | null;
  ort: Measured | null;
  gflops: number | null;
  ceilingFraction: number | null;
}

export function runModelBench(o: ModelBenchOptions): {
  rows: ModelBenchRow[];
  ceiling: number;
  markdown: string;
} {
  const keys = [...CONFIGS.map((c) => c.key), ...INFER.map((c) => c.key)].filter(
    (k) => !o.only || o.only.includes(k),
  );
  const haveTorch = o.torch && torchAvailable();
  if (o.torch && !haveTorch)
    console.error('PyTorch not available (see bench/README.md to install it); skipping it');
  const haveTfjs = o.tfjs && existsSync(join(root, 'node_modules', '@tensorflow', 'tfjs'));
  const ceiling = sgemmCeiling(o.threads);
  const rows: ModelBenchRow[] = [];
  const common = ['--threads', `${o.threads}`, '--runs', `${o.runs}`, '--scale', `${o.scale}`];
  for (const key of keys) {
    const inf = INFER.find((c) => c.key === key);
    const config = CONFIGS.find((c) => c.key === (inf ? inf.base : key))!;
    console.error(`${key}: seqlab…`);
    const seqlab = nodeChild('run-config.ts', [key, ...common], 900);
    const scaling = o.scaling && (key === 'A' || key === 'F') ? scalingRounds(key, o) : undefined;
    console.error(`${key}: PyTorch…`);
    const torch = haveTorch ? torchChild(key, o) : null;
    let tfjs: Measured | null = null;
    if (haveTfjs && !inf) {
      console.error(`${key}: TF.js…`);
      // One batch of A, B or F takes TF.js minutes (and GBs): time a single batch without warm-up, and on
      // timeout report the bound batch / timeout.
      const long = key === 'A' || key === 'B' || key === 'F';
      const timeoutS = long ? 120 : 600;
      const args = long
        ? [key, '--runs', '1', '--batches', '1', '--warmup', '0']
        : [key, '--runs', '2', '--batches', '3'];
      tfjs = nodeChild('tfjs-config.ts', args, timeoutS);
      if (!tfjs) {
        const bound = config.batch / timeoutS;
        tfjs = {
          median: bound,
          min: bound,
          max: bound,
          rssMiB: null,
          note: `timeout: < ${bound.toFixed(2)}`,
        };
      }
    }
    const ort = o.ort && inf ? nodeChild('ort-config.ts', [key, ...common], 600) : null;
    const flopsPerSample = config.forwardFlops * (inf ? 1 : 3);
    const gflops = seqlab && key !== 'E' ? (seqlab.median * flopsPerSample) / 1e9 : null;
    rows.push({
      key,
      name: config.name,
      batch: inf ? inf.batch : config.batch,
      seqlab,
      ...(scaling !== undefined ? { scaling } : {}),
      torch,
      tfjs,
      ort,
      gflops,
      ceilingFraction: gflops === null ? null : gflops / ceiling,
    });
  }
  return { rows, ceiling, markdown: formatModelBench(rows, ceiling, o) };
}

const fmt = (m: Measured | null | undefined): string =>
  !m
    ? '–'
    : m.note
      ? m.note
      : `${m.median.toFixed(m.median < 100 ? 1 : 0)} (${m.min.toFixed(m.min < 10 ? 1 : 0)}..${m.max.toFixed(m.max < 10 ? 1 : 0)})`;
const ratio = (a: Measured | null | undefined, b: Measured | null | undefined): string =>
  a && b ? `${b.note ? '> ' : ''}${(a.median / b.median).toFixed(a.median / b.median >= 10 ? 0 : 2)}×` : '–';

export function formatModelBench(rows: ModelBenchRow[], ceiling: number, o: ModelBenchOptions): string {
  const lines = [
    `threads ${o.threads}, median of ${o.runs} timed epochs after 1 warm-up (min..max), float32, samples/s; ` +
      `PyTorch with OMP_WAIT_POLICY=${o.torchOmpDefault ? 'default' : 'PASSIVE'}; ` +
      `sgemm ceiling (seqlab 1024³, this run) ${ceiling.toFixed(0)} GFLOP/s`,
    '',
    '| cfg | batch | seqlab | PyTorch | seqlab/PyTorch | TF.js (JS CPU) | seqlab/TF.js | ORT | seqlab/ORT | seqlab GFLOP/s | % of sgemm ceiling | peak RSS MiB seqlab / PyTorch |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.key} | ${r.batch} | ${fmt(r.seqlab)} | ${fmt(r.torch)} | ${ratio(r.seqlab, r.torch)} | ${fmt(r.tfjs)} | ${ratio(r.seqlab, r.tfjs)} | ` +
        `${fmt(r.ort)} | ${ratio(r.seqlab, r.ort)} | ${r.gflops === null ? '–' : r.gflops.toFixed(1)} | ` +
        `${r.ceilingFraction === null ? '–' : `${(100 * r.ceilingFraction).toFixed(0)}%`} | ` +
        `${r.seqlab?.rssMiB?.toFixed(0) ?? '–'} / ${r.torch?.rssMiB?.toFixed(0) ?? '–'} |`,
    );
  }
  const scaling = rows.filter((r) => r.scaling !== undefined);
  if (scaling.length) {
    lines.push(
      '',
      `Scaling: ${SCALING_ROUNDS} interleaved rounds (1 thread, then ${o.threads}; 3 timed epochs each), medians; ` +
        'scaling = median of the per-round ratios.',
      '',
      `| cfg | seqlab 1 thread | seqlab ${o.threads} threads | scaling | per round |`,
      '|---|---:|---:|---:|---|',
    );
    for (const r of scaling) {
      const sc = r.scaling;
      lines.push(
        sc
          ? `| ${r.key} | ${sc.one.toFixed(sc.one < 100 ? 1 : 0)} | ${sc.many.toFixed(sc.many < 100 ? 1 : 0)} | ` +
              `${median(sc.ratios).toFixed(2)}× | ${sc.ratios.map((x) => x.toFixed(2)).join(', ')} |`
          : `| ${r.key} | – | – | – | a run failed |`,
      );
    }
  }
  return lines.join('\n');
}

export function parseModelBenchArgs(argv: string[]): ModelBenchOptions {
  const val = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    threads: Number(val('threads') ?? 2),
    runs: Number(val('runs') ?? 3),
    scale: Number(val('scale') ?? 1),
    only: val('only')?.split(',') ?? null,
    torch: !argv.includes('--no-torch'),
    tfjs: !argv.includes('--no-tfjs'),
    ort: !argv.includes('--no-ort'),
    scaling: argv.includes('--scaling'),
    torchOmpDefault: argv.includes('--torch-omp-default'),
  };
}

export function modelBenchMain(argv: string[]): string {
  // --backend wasm: the WebAssembly backend against native, 1 thread each (bench/models/wasm-compare.ts).
  if (argv[argv.indexOf('--backend') + 1] === 'wasm' && argv.includes('--backend'))
    return wasmBenchMain(argv);
  const o = parseModelBenchArgs(argv);
  const loadBefore = loadavg()[0]!.toFixed(1);
  const { rows, ceiling, markdown } = runModelBench(o);
  const load = `load average (1 min) ${loadBefore} before, ${loadavg()[0]!.toFixed(1)} after`;
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString();
  const cmd = `npm run bench -- models ${argv.join(' ')}`.trim();
  writeFileSync(
    join(dir, 'latest.md'),
    `# seqlab model benchmark\n\n${stamp}, \`${cmd}\`, backend ${getBackend().info().cpuFeatures}, ${load}\n\n${markdown}\n`,
  );
  writeFileSync(
    join(dir, 'latest.json'),
    JSON.stringify({ date: stamp, command: cmd, load, options: o, ceiling, rows }, null, 1),
  );
  return `${markdown}\n\n${load}`;
}

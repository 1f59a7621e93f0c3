/**
 * `npm run bench -- models --backend wasm`: the WebAssembly backend against the native one on the same
 * configurations at the same thread count (--threads, default 1: the single-threaded .wasm; more: the
 * threaded one, seqlab-mt.wasm), in interleaved rounds (native, wasm,
 * native, wasm …: a loaded machine then slows both alike), plus the wasm start-up time (read, compile
 * and instantiate the .wasm in a fresh process), and TensorFlow.js's wasm (one thread) and CPU backends
 * training the same configurations (skipped with --no-tfjs, or when @tensorflow/tfjs-backend-wasm is not
 * installed). Options: --only A,C,infA,infC (default) --runs R (2, timed epochs per child) --scale S (1)
 * --rounds N (2) --threads N (1).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CONFIGS } from './configs.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** A bench child's last JSON line (samples/s of its timed epochs, the backend it ran on), 'timeout' when it ran past the limit, or null when it failed. */
function runChild(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutS = 900,
): { samplesPerSecond: number[]; backend: string } | 'timeout' | null {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, script), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: timeoutS * 1000,
  });
  const line = (r.stdout ?? '')
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (!line && r.signal) {
    console.error(`  ${script} ${args.join(' ')}: no result in ${timeoutS} s`);
    return 'timeout';
  }
  if (!line) {
    // The error line when there is one (TF.js prints its minified glue above it), else the last lines.
    const err = (r.stderr ?? '').trim().split('\n');
    const why = [...err].reverse().find((l) => /^\w*Error\b/.test(l)) ?? err.slice(-3).join(' | ');
    console.error(`  ${script} ${args.join(' ')} failed: ${why || `no result in ${timeoutS} s`}`);
    return null;
  }
  return JSON.parse(line) as { samplesPerSecond: number[]; backend: string };
}

/** Median samples/s of one run-config child on `backend` at `threads` threads, or null when it failed. */
function child(
  key: string,
  backend: 'native' | 'wasm',
  runs: number,
  scale: number,
  threads: number,
): number | null {
  const args = [key, '--threads', `${threads}`, '--runs', `${runs}`, '--scale', `${scale}`];
  const j = runChild('run-config.ts', args, { SEQLAB_BACKEND: backend, SEQLAB_NUM_THREADS: `${threads}` });
  if (!j || j === 'timeout') return null;
  if (j.backend !== backend) throw new Error(`${key}: asked for ${backend}, ran on ${j.backend}`);
  return median(j.samplesPerSecond);
}

/**
 * TensorFlow.js training samples/s on `backend` ('wasm' at one thread, or the pure-JS 'cpu'): a
 * figure, an upper bound (one batch did not finish in the time limit), or null when it failed.
 * One batch of A takes TF.js's CPU backend minutes: the long configurations time one batch without
 * warm-up, the others two epochs of three batches after one warm-up batch.
 */
function tfjs(key: string, backend: 'wasm' | 'cpu'): { value: number; bound: boolean } | null {
  const long = key === 'A' || key === 'B' || key === 'F';
  const args = long ? ['--runs', '1', '--batches', '1', '--warmup', '0'] : ['--runs', '2', '--batches', '3'];
  const timeoutS = long ? 300 : 600;
  const j = runChild('tfjs-config.ts', [key, '--backend', backend, ...args], {}, timeoutS);
  if (j === 'timeout') {
    const batch = CONFIGS.find((c) => c.key === key)!.batch;
    return { value: batch / timeoutS, bound: true };
  }
  return j ? { value: median(j.samplesPerSecond), bound: false } : null;
}

/** Milliseconds to read, compile and instantiate the .wasm in a fresh Node (best of `n`). */
function startupMs(n = 5): number {
  const script =
    "const t0 = performance.now(); const m = await import('./src/backend/wasm/index.ts'); " +
    "if (!('backend' in m.loadWasmBackend())) process.exit(1); console.log(performance.now() - t0);";
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    times.push(Number(r.stdout.trim()));
  }
  return Math.min(...times);
}

/**
 * The comparison table as markdown.
 * @example console.log(wasmBenchMain(['--only', 'C,infC']));
 */
export function wasmBenchMain(argv: string[]): string {
  const val = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const keys = val('only')?.split(',') ?? ['A', 'C', 'infA', 'infC'];
  const runs = Number(val('runs') ?? 2);
  const scale = Number(val('scale') ?? 1);
  const rounds = Number(val('rounds') ?? 2);
  const threads = Number(val('threads') ?? 1);
  const lines = [
    `${threads === 1 ? '1 thread' : `${threads} threads`} each, ${rounds} interleaved rounds of native then wasm; each figure is the median over rounds of ` +
      `the median of ${runs} timed epochs (scale ${scale}), samples/s; ratio = median of the per-round ratios.`,
    '',
    '| cfg | native | wasm | wasm/native | per round |',
    '|---|---:|---:|---:|---|',
  ];
  const seqlabWasm = new Map<string, number>();
  for (const key of keys) {
    const native: number[] = [];
    const wasm: number[] = [];
    for (let r = 0; r < rounds; r++) {
      console.error(`${key}: round ${r + 1}…`);
      const n = child(key, 'native', runs, scale, threads);
      const w = child(key, 'wasm', runs, scale, threads);
      if (n !== null && w !== null) {
        native.push(n);
        wasm.push(w);
      }
    }
    const ratios = wasm.map((w, i) => w / native[i]!);
    if (wasm.length) seqlabWasm.set(key, median(wasm));
    lines.push(
      ratios.length
        ? `| ${key} | ${median(native).toFixed(0)} | ${median(wasm).toFixed(0)} | ${median(ratios).toFixed(2)}× | ` +
            `${ratios.map((x) => x.toFixed(2)).join(', ')} |`
        : `| ${key} | – | – | – | a run failed |`,
    );
  }
  lines.push(
    '',
    `wasm start-up (read + compile + instantiate the .wasm, fresh process, best of 5): ${startupMs().toFixed(0)} ms`,
  );
  const training = [...seqlabWasm.keys()].filter((k) => !k.startsWith('inf'));
  const haveTfjs = existsSync(join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm'));
  if (training.length && !argv.includes('--no-tfjs')) {
    if (!haveTfjs)
      lines.push('', 'TensorFlow.js not compared: @tensorflow/tfjs-backend-wasm is not installed.');
    else {
      lines.push(
        '',
        'Training against TensorFlow.js 4 (same configurations, samples/s; TF.js wasm at one thread):',
        '',
        '| cfg | seqlab wasm | TF.js wasm | seqlab / TF.js wasm | TF.js cpu | seqlab / TF.js cpu |',
        '|---|---:|---:|---:|---:|---:|',
      );
      for (const key of training) {
        console.error(`${key}: TF.js…`);
        const ours = seqlabWasm.get(key)!;
        const [w, c] = [tfjs(key, 'wasm'), tfjs(key, 'cpu')];
        const cell = (t: { value: number; bound: boolean } | null) =>
          t === null
            ? 'did not run | –'
            : t.bound
              ? `< ${t.value.toFixed(2)} (one batch timed out) | > ${(ours / t.value).toFixed(0)}×`
              : `${t.value.toFixed(1)} | ${(ours / t.value).toFixed(0)}×`;
        lines.push(`| ${key} | ${ours.toFixed(0)} | ${cell(w)} | ${cell(c)} |`);
      }
    }
  }
  return lines.join('\n');
}

/**
 * `npm run bench -- models --backend wasm`: the WebAssembly backend against the native one on the same
 * configurations, both single-threaded (the .wasm has one thread), in interleaved rounds (native, wasm,
 * native, wasm …: a loaded machine then slows both alike), plus the wasm start-up time (read, compile
 * and instantiate the .wasm in a fresh process). Options: --only A,C,infA,infC (default) --runs R (2,
 * timed epochs per child) --scale S (1) --rounds N (2).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Median samples/s of one run-config child on `backend` at 1 thread, or null when it failed. */
function child(key: string, backend: 'native' | 'wasm', runs: number, scale: number): number | null {
  const args = [key, '--threads', '1', '--runs', `${runs}`, '--scale', `${scale}`];
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'run-config.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, SEQLAB_BACKEND: backend, SEQLAB_NUM_THREADS: '1' },
  });
  const line = (r.stdout ?? '')
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (!line) {
    console.error(
      `  ${key} on ${backend} failed: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`,
    );
    return null;
  }
  const j = JSON.parse(line) as { samplesPerSecond: number[]; backend: string };
  if (j.backend !== backend) throw new Error(`${key}: asked for ${backend}, ran on ${j.backend}`);
  return median(j.samplesPerSecond);
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
  const lines = [
    `1 thread each, ${rounds} interleaved rounds of native then wasm; each figure is the median over rounds of ` +
      `the median of ${runs} timed epochs (scale ${scale}), samples/s; ratio = median of the per-round ratios.`,
    '',
    '| cfg | native | wasm | wasm/native | per round |',
    '|---|---:|---:|---:|---|',
  ];
  for (const key of keys) {
    const native: number[] = [];
    const wasm: number[] = [];
    for (let r = 0; r < rounds; r++) {
      console.error(`${key}: round ${r + 1}…`);
      const n = child(key, 'native', runs, scale);
      const w = child(key, 'wasm', runs, scale);
      if (n !== null && w !== null) {
        native.push(n);
        wasm.push(w);
      }
    }
    const ratios = wasm.map((w, i) => w / native[i]!);
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
  return lines.join('\n');
}

/**
 * sgemm GFLOP/s of the native backend on the RNN shapes and large squares, on 1 and 2 threads,
 * beside the measured FMA ceiling of this machine and PyTorch/OpenBLAS's figures from
 * ../shared/reference-bench/RESULTS.md. GFLOP/s = 2·m·n·k / time; each figure is the median of
 * `runs` timings, each timing repeating the call for at least `minSeconds`.
 */
import { performance } from 'node:perf_hooks';

import { loadNativeBackend, nativeFmaCeiling, setNativeThreads } from '../../src/backend/native/index.js';

export interface GemmBenchRow {
  shape: string;
  threads: number;
  gflops: number;
  min: number;
  max: number;
  percentOfPeak: number;
  openblas: number | null;
}

/** PyTorch 1.13 + OpenBLAS 0.3.21 on this 2-core box (RESULTS.md §2), GFLOP/s at T=1 and T=2. */
const openblas: Record<string, [number, number]> = {
  '64x228x400': [81.9, 144.0],
  '64x100x400': [74.7, 129.1],
  '6400x128x400': [81.9, 159.3],
  '1024x1024x1024': [91.8, 183.8],
  '2048x2048x2048': [93.2, 184.5],
};

const shapes: [number, number, number][] = [
  [64, 228, 400],
  [64, 100, 400],
  [6400, 128, 400],
  [1024, 1024, 1024],
  [2048, 2048, 2048],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function runGemmBench({ runs = 5, minSeconds = 0.15 } = {}): {
  peakPerCore: number;
  rows: GemmBenchRow[];
} {
  const loaded = loadNativeBackend();
  if (!('backend' in loaded)) throw new Error(`native backend unavailable: ${loaded.error}`);
  const backend = loaded.backend;
  const peakPerCore = nativeFmaCeiling(0.3) ?? 0;
  const rows: GemmBenchRow[] = [];
  const defaultThreads = backend.info().threads;
  for (const threads of [1, 2]) {
    setNativeThreads(threads);
    for (const [m, k, n] of shapes) {
      // Shapes are written m x k x n as in RESULTS.md: [m x k] @ [k x n].
      const a = Float32Array.from({ length: m * k }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
      const b = Float32Array.from({ length: k * n }, (_, i) => ((i * 104729) % 1000) / 1000 - 0.5);
      const c = new Float32Array(m * n);
      const flops = 2 * m * n * k;
      backend.gemm(m, n, k, a, b, c); // warm-up: page in, grow packing buffers
      const rates: number[] = [];
      for (let r = 0; r < runs; r++) {
        let calls = 0;
        const t0 = performance.now();
        let elapsed = 0;
        do {
          backend.gemm(m, n, k, a, b, c);
          calls++;
          elapsed = (performance.now() - t0) / 1000;
        } while (elapsed < minSeconds);
        rates.push((flops * calls) / elapsed / 1e9);
      }
      const gflops = median(rates);
      const shape = `${m}x${k}x${n}`;
      rows.push({
        shape,
        threads,
        gflops,
        min: Math.min(...rates),
        max: Math.max(...rates),
        percentOfPeak: peakPerCore > 0 ? (100 * gflops) / (peakPerCore * threads) : NaN,
        openblas: openblas[shape]?.[threads - 1] ?? null,
      });
    }
  }
  setNativeThreads(defaultThreads);
  return { peakPerCore, rows };
}

function loadedFeatures(): string {
  const loaded = loadNativeBackend();
  return 'backend' in loaded ? loaded.backend.info().cpuFeatures : 'portable';
}

export function formatGemmBench({
  peakPerCore,
  rows,
}: {
  peakPerCore: number;
  rows: GemmBenchRow[];
}): string {
  const features = loadedFeatures();
  const flopsPerCycle = features.startsWith('avx512') ? 64 : 32; // 2 FMA pipes x 16 or 8 lanes x 2 FLOP
  const lines = [
    `measured FMA ceiling: ${peakPerCore.toFixed(1)} GFLOP/s per core (${features}, ${flopsPerCycle} FLOP/cycle → about ${(peakPerCore / flopsPerCycle).toFixed(2)} GHz)`,
    '',
    '| [m x k] @ [k x n] | threads | seqlab GFLOP/s (min..max) | % of peak | PyTorch/OpenBLAS GFLOP/s |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.shape} | ${r.threads} | ${r.gflops.toFixed(1)} (${r.min.toFixed(1)}..${r.max.toFixed(1)}) | ` +
        `${r.percentOfPeak.toFixed(0)}% | ${r.openblas ?? '–'} |`,
    );
  }
  return lines.join('\n');
}

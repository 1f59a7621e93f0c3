/**
 * `npm run bench`: runs the benchmarks and prints their tables: the sgemm kernel bench and the model
 * benchmark (bench/models.bench.ts) and the backtest benchmark (bench/backtest.bench.ts). `npm run bench -- gemm` runs only the ones whose name contains "gemm".
 */
import { formatGemmBench, runGemmBench } from './kernels/gemm.bench.js';
import { modelBenchMain } from './models.bench.js';
import { backtestBenchMain } from './backtest.bench.js';
import { textBenchMain } from './text.bench.js';

// Arguments starting with -- (and the values of --threads, --runs, --scale, --only) are options of the
// model benchmark (bench/models.bench.ts); the rest are name filters.
const argv = process.argv.slice(2);
const options: string[] = [];
const filters: string[] = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i]!;
  if (!a.startsWith('--')) filters.push(a);
  else {
    options.push(a);
    if (
      ['--threads', '--runs', '--scale', '--only', '--backend', '--rounds'].includes(a) &&
      i + 1 < argv.length
    )
      options.push(argv[++i]!);
  }
}

const benches: Record<string, () => string | Promise<string>> = {
  'kernels/gemm': () => formatGemmBench(runGemmBench()),
  models: () => modelBenchMain(options),
  backtest: () => backtestBenchMain(),
  text: () => textBenchMain(),
};

for (const [name, bench] of Object.entries(benches)) {
  if (filters.length > 0 && !filters.some((f) => name.includes(f))) continue;
  console.log(`## ${name}\n`);
  console.log(await bench());
  console.log('');
}

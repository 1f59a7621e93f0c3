/**
 * `npm run bench`: runs the benchmarks and prints their tables. For now the sgemm kernel bench;
 * add more benches here. `npm run bench -- gemm` runs only the ones whose name contains "gemm".
 */
import { formatGemmBench, runGemmBench } from './kernels/gemm.bench.js';

const benches: Record<string, () => string> = {
  'kernels/gemm': () => formatGemmBench(runGemmBench()),
};

const filters = process.argv.slice(2);
for (const [name, bench] of Object.entries(benches)) {
  if (filters.length > 0 && !filters.some((f) => name.includes(f))) continue;
  console.log(`## ${name}\n`);
  console.log(bench());
  console.log('');
}

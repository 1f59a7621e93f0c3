/**
 * scikit-learn's make_classification: Gaussian clusters around the vertices of a hypercube in the
 * informative subspace, plus redundant (linear combinations), repeated and noise features.
 * Same algorithm and defaults; the random stream is seqlab's (Philox), so values differ from numpy's.
 */
import { DataError } from '../errors.js';
import { permutation, seededRandom, type SeededRandom } from '../random.js';
import type { FloatMatrix } from '../types.js';

export interface MakeClassificationOptions {
  nSamples?: number;
  nFeatures?: number;
  nInformative?: number;
  nRedundant?: number;
  nRepeated?: number;
  nClasses?: number;
  nClustersPerClass?: number;
  /** Fraction of labels replaced at random (default 0.01). */
  flipY?: number;
  /** Half the hypercube's side (default 1). */
  classSep?: number;
  hypercube?: boolean;
  shift?: number;
  scale?: number;
  shuffle?: boolean;
  seed?: number;
}

/** `count` distinct vertices of the d-dimensional unit hypercube, as 0/1 rows. */
function hypercubeVertices(count: number, d: number, rng: SeededRandom): number[][] {
  const picked = new Set<number>();
  const out: number[][] = [];
  while (out.length < count) {
    // 2^d can exceed 2^24 (uniform's resolution), so draw the bits one word at a time.
    let v = 0;
    const bits: number[] = [];
    for (let j = 0; j < d; j++) bits.push(rng.uniform() < 0.5 ? 1 : 0);
    for (const b of bits.slice(0, 30)) v = v * 2 + b;
    const key = d <= 30 ? v : out.length; // beyond 30 dims collisions are negligible
    if (picked.has(key)) continue;
    picked.add(key);
    out.push(bits);
  }
  return out;
}

/**
 * @example
 * const { x, y } = makeClassification({ nSamples: 2000, nFeatures: 10, nInformative: 5, seed: 42 });
 * x.shape; // [2000, 10]
 */
export function makeClassification(opts: MakeClassificationOptions = {}): { x: FloatMatrix; y: Int32Array } {
  const {
    nSamples = 100,
    nFeatures = 20,
    nInformative = 2,
    nRedundant = 2,
    nRepeated = 0,
    nClasses = 2,
    nClustersPerClass = 2,
    flipY = 0.01,
    classSep = 1,
    hypercube = true,
    shift = 0,
    scale = 1,
    shuffle = true,
  } = opts;
  if (nInformative + nRedundant + nRepeated > nFeatures)
    throw new DataError(
      `makeClassification: nInformative (${nInformative}) + nRedundant (${nRedundant}) + nRepeated (${nRepeated}) must be ≤ nFeatures (${nFeatures})`,
    );
  const nClusters = nClasses * nClustersPerClass;
  if (nInformative < 1 || nClusters > 2 ** nInformative)
    throw new DataError(
      `makeClassification: nClasses (${nClasses}) × nClustersPerClass (${nClustersPerClass}) must be ≤ 2^nInformative (${2 ** nInformative})`,
    );
  if (nSamples < 1) throw new DataError(`makeClassification: nSamples ${nSamples} must be positive`);
  const rng = seededRandom(opts.seed);
  const perCluster = Array.from(
    { length: nClusters },
    (_, k) => Math.floor(nSamples / nClusters) + (k < nSamples % nClusters ? 1 : 0),
  );
  const X = Array.from({ length: nSamples }, () => new Float64Array(nFeatures));
  const y = new Int32Array(nSamples);

  const centroids = hypercubeVertices(nClusters, nInformative, rng).map((v) =>
    v.map((b) => b * 2 * classSep - classSep),
  );
  if (!hypercube) {
    const a = centroids.map(() => rng.uniform());
    const b = Array.from({ length: nInformative }, () => rng.uniform());
    centroids.forEach((c, k) => c.forEach((_, j) => (c[j]! *= a[k]! * b[j]!)));
  }
  for (const row of X) for (let j = 0; j < nInformative; j++) row[j] = rng.normal();

  let stop = 0;
  centroids.forEach((centroid, k) => {
    const start = stop;
    stop += perCluster[k]!;
    const A = Array.from({ length: nInformative }, () =>
      Array.from({ length: nInformative }, () => 2 * rng.uniform() - 1),
    );
    for (let i = start; i < stop; i++) {
      y[i] = k % nClasses;
      const row = X[i]!;
      const z = Array.from(row.subarray(0, nInformative));
      for (let j = 0; j < nInformative; j++) {
        let s = 0;
        for (let m = 0; m < nInformative; m++) s += z[m]! * A[m]![j]!;
        row[j] = s + centroid[j]!;
      }
    }
  });
  if (nRedundant > 0) {
    const B = Array.from({ length: nInformative }, () =>
      Array.from({ length: nRedundant }, () => 2 * rng.uniform() - 1),
    );
    for (const row of X)
      for (let r = 0; r < nRedundant; r++) {
        let s = 0;
        for (let m = 0; m < nInformative; m++) s += row[m]! * B[m]![r]!;
        row[nInformative + r] = s;
      }
  }
  const n = nInformative + nRedundant;
  if (nRepeated > 0) {
    const idx = Array.from({ length: nRepeated }, () => Math.floor((n - 1) * rng.uniform() + 0.5));
    for (const row of X) idx.forEach((src, r) => (row[n + r] = row[src]!));
  }
  const nUseless = nFeatures - n - nRepeated;
  for (const row of X) for (let j = nFeatures - nUseless; j < nFeatures; j++) row[j] = rng.normal();
  if (flipY > 0) for (let i = 0; i < nSamples; i++) if (rng.uniform() < flipY) y[i] = rng.int(nClasses);

  const rows = shuffle ? permutation(nSamples, rng) : Int32Array.from({ length: nSamples }, (_, i) => i);
  const cols = shuffle ? permutation(nFeatures, rng) : Int32Array.from({ length: nFeatures }, (_, j) => j);
  const data = new Float32Array(nSamples * nFeatures);
  const yOut = new Int32Array(nSamples);
  rows.forEach((src, i) => {
    yOut[i] = y[src]!;
    cols.forEach((c, j) => (data[i * nFeatures + j] = (X[src]![c]! + shift) * scale));
  });
  return { x: { data, shape: [nSamples, nFeatures] }, y: yOut };
}

/** Train/test splits, k-fold indices and chronological splits; shuffles are seeded and reproducible. */
import { DataError } from './errors.js';
import { Frame } from './frame.js';
import { permutation, seededRandom } from './random.js';
import { csrTakeRows, isCsr, type CsrMatrix } from './sparse.js';
import { isArrayWithShape, type ArrayWithShape } from './types.js';

/** Anything with rows: an array, a 1-D typed array, an ArrayWithShape (rows = first axis), a sparse matrix or a Frame. */
export type Rows =
  | ReadonlyArray<unknown>
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint8Array
  | ArrayWithShape
  | CsrMatrix
  | Frame;

/** Number of rows. */
export function rowCount(x: Rows): number {
  if (x instanceof Frame) return x.nRows;
  if (isCsr(x)) return x.rows;
  if (isArrayWithShape(x)) return x.shape[0] ?? 0;
  return (x as ArrayLike<unknown>).length;
}

/**
 * The rows at `idx`, as a new container of the same kind (inputs are never modified).
 * @example takeRows({ data: Float32Array.of(1, 2, 3, 4), shape: [2, 2] }, [1]) // { data: [3, 4], shape: [1, 2] }
 */
export function takeRows<T extends Rows>(x: T, idx: ArrayLike<number>): T {
  if (x instanceof Frame) return x.take(idx) as T;
  if (isCsr(x)) return csrTakeRows(x, idx) as T;
  if (isArrayWithShape(x)) {
    const n = x.shape[0] ?? 0;
    const w = n === 0 ? 0 : x.data.length / n;
    const src = x.data as Float64Array;
    const out = new (src.constructor as Float64ArrayConstructor)(idx.length * w);
    for (let i = 0; i < idx.length; i++) {
      const from = idx[i]! * w;
      // Short rows element by element: a subarray per row cost more than its copy (a table's batches).
      if (w > 32) out.set(src.subarray(from, from + w), i * w);
      else for (let k = 0; k < w; k++) out[i * w + k] = src[from + k]!;
    }
    return { data: out, shape: [idx.length, ...x.shape.slice(1)] } as unknown as T;
  }
  if (ArrayBuffer.isView(x)) {
    const src = x as Float64Array;
    const out = new (src.constructor as Float64ArrayConstructor)(idx.length);
    for (let i = 0; i < idx.length; i++) out[i] = src[idx[i]!]!;
    return out as unknown as T;
  }
  return Array.from(idx, (i) => (x as ReadonlyArray<unknown>)[i]) as unknown as T;
}

export interface SplitOptions {
  /** Fraction in (0, 1) or a row count (default 0.25, as scikit-learn). */
  testSize?: number;
  /** Shuffle before splitting (default true). */
  shuffle?: boolean;
  /** Class labels: keep class proportions equal in both parts. */
  stratify?: ArrayLike<number | string>;
  seed?: number;
}

function testCount(n: number, testSize: number): number {
  const k = testSize < 1 ? Math.ceil(testSize * n) : Math.floor(testSize);
  if (!(testSize > 0) || k <= 0 || k >= n)
    throw new DataError(
      `testSize ${testSize} leaves ${n - k} training and ${k} test rows out of ${n}; use a fraction in (0, 1) or a count in 1..${n - 1}`,
    );
  return k;
}

/**
 * Row indices of a train/test split (see trainTestSplit).
 * @example const { train, test } = splitIndices(100, { testSize: 0.2, seed: 1 });
 */
export function splitIndices(n: number, opts: SplitOptions = {}): { train: Int32Array; test: Int32Array } {
  const k = testCount(n, opts.testSize ?? 0.25);
  const rng = seededRandom(opts.seed);
  if (opts.stratify) {
    if (opts.shuffle === false) throw new DataError('stratify needs shuffle: true (as in scikit-learn)');
    const byClass = groupByLabel(opts.stratify, n);
    // Largest-remainder allocation of the test rows over the classes.
    const quotas = byClass.map((g) => (g.length * k) / n);
    const alloc = quotas.map(Math.floor);
    const order = quotas.map((q, c) => [q - Math.floor(q), c] as const).sort((a, b) => b[0] - a[0]);
    for (let r = k - alloc.reduce((a, b) => a + b, 0), i = 0; r > 0; r--, i++)
      alloc[order[i % order.length]![1]]!++;
    const train: number[] = [];
    const test: number[] = [];
    byClass.forEach((g, c) => {
      const p = permutation(g.length, rng);
      p.forEach((pi, j) => (j < alloc[c]! ? test : train).push(g[pi]!));
    });
    return { train: shuffled(train, rng), test: shuffled(test, rng) };
  }
  const order = opts.shuffle === false ? Int32Array.from({ length: n }, (_, i) => i) : permutation(n, rng);
  return { train: order.slice(0, n - k), test: order.slice(n - k) };
}

function shuffled(a: number[], rng: ReturnType<typeof seededRandom>): Int32Array {
  const p = permutation(a.length, rng);
  return Int32Array.from(p, (i) => a[i]!);
}

function groupByLabel(labels: ArrayLike<number | string>, n: number): number[][] {
  if (labels.length !== n) throw new DataError(`stratify has ${labels.length} labels for ${n} rows`);
  const groups = new Map<number | string, number[]>();
  for (let i = 0; i < n; i++) {
    const g = groups.get(labels[i]!) ?? [];
    g.push(i);
    groups.set(labels[i]!, g);
  }
  return [...groups.values()];
}

/**
 * Splits x (and y, aligned) into train and test parts, like scikit-learn's train_test_split.
 * @example const { xTrain, xTest, yTrain, yTest } = trainTestSplit(x, y, { testSize: 0.2, stratify: y, seed: 42 });
 */
export function trainTestSplit<X extends Rows, Y extends Rows>(
  x: X,
  y?: Y,
  opts: SplitOptions = {},
): { xTrain: X; xTest: X; yTrain: Y; yTest: Y; trainIndices: Int32Array; testIndices: Int32Array } {
  const n = rowCount(x);
  if (y !== undefined && rowCount(y) !== n)
    throw new DataError(`x has ${n} rows but y has ${rowCount(y)}; they must be aligned`);
  const { train, test } = splitIndices(n, opts);
  return {
    xTrain: takeRows(x, train),
    xTest: takeRows(x, test),
    yTrain: (y === undefined ? undefined : takeRows(y, train)) as Y,
    yTest: (y === undefined ? undefined : takeRows(y, test)) as Y,
    trainIndices: train,
    testIndices: test,
  };
}

/**
 * k-fold cross-validation indices: every row is in exactly one test fold (fold sizes differ by at most one).
 * With `stratify`, folds keep class proportions.
 * @example for (const { train, test } of kFold(100, { nSplits: 5, shuffle: true, seed: 0 })) { … }
 */
export function kFold(
  n: number,
  opts: { nSplits?: number; shuffle?: boolean; seed?: number; stratify?: ArrayLike<number | string> } = {},
): { train: Int32Array; test: Int32Array }[] {
  const k = opts.nSplits ?? 5;
  if (!Number.isInteger(k) || k < 2 || k > n)
    throw new DataError(`nSplits ${k} must be an integer in 2..${n} (the number of rows)`);
  const rng = seededRandom(opts.seed);
  const foldOf = new Int32Array(n);
  if (opts.stratify) {
    let offset = 0;
    for (const g of groupByLabel(opts.stratify, n)) {
      const order = opts.shuffle ? Array.from(permutation(g.length, rng), (i) => g[i]!) : g;
      order.forEach((row, j) => (foldOf[row] = (offset + j) % k));
      offset += g.length;
    }
  } else {
    const order = opts.shuffle ? permutation(n, rng) : Int32Array.from({ length: n }, (_, i) => i);
    // scikit-learn's KFold: the first n % k folds get one extra row, folds are contiguous in `order`.
    let pos = 0;
    for (let f = 0; f < k; f++) {
      const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
      for (let j = 0; j < size; j++) foldOf[order[pos++]!] = f;
    }
  }
  return Array.from({ length: k }, (_, f) => {
    const test: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === f ? test : train).push(i);
    return { train: Int32Array.from(train), test: Int32Array.from(test) };
  });
}

/**
 * Chronological split: the first rows train, the last `testSize` rows test (no shuffling).
 * @example const { train, test } = chronologicalSplit(series, { testSize: 0.33 });
 */
export function chronologicalSplit<X extends Rows>(
  x: X,
  opts: { testSize?: number } = {},
): { train: X; test: X; splitIndex: number } {
  const n = rowCount(x);
  const k = testCount(n, opts.testSize ?? 0.25);
  const idx = (a: number, b: number): Int32Array => Int32Array.from({ length: b - a }, (_, i) => a + i);
  return { train: takeRows(x, idx(0, n - k)), test: takeRows(x, idx(n - k, n)), splitIndex: n - k };
}

/**
 * Expanding-window splits for time series (scikit-learn's TimeSeriesSplit): fold i trains on
 * everything before its test block.
 * @example timeSeriesSplit(10, { nSplits: 3 }) // test blocks [4,5], [6,7], [8,9]
 */
export function timeSeriesSplit(
  n: number,
  opts: { nSplits?: number } = {},
): { train: Int32Array; test: Int32Array }[] {
  const k = opts.nSplits ?? 5;
  const size = Math.floor(n / (k + 1));
  if (size < 1) throw new DataError(`timeSeriesSplit: ${n} rows are too few for ${k} splits`);
  const out = [];
  for (let f = 0; f < k; f++) {
    const start = n - (k - f) * size;
    out.push({
      train: Int32Array.from({ length: start }, (_, i) => i),
      test: Int32Array.from({ length: size }, (_, i) => start + i),
    });
  }
  return out;
}

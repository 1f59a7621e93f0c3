/** scikit-learn's bundled CSV format: a count line `n_samples,n_features,<class names…>`, then rows of features + integer target. */
import { DataError, locate } from '../errors.js';
import { Frame } from '../frame.js';
import type { FloatMatrix } from '../types.js';
import { readCsv } from './csv.js';
import { readLines } from './compressed.js';

export interface SklearnData {
  /** (nSamples, nFeatures) */
  x: FloatMatrix;
  /** integer class per row */
  y: Int32Array;
  featureNames: string[];
  targetNames: string[];
  /** features + a 'target' column, for inspection */
  frame: Frame;
}

/**
 * Reads a file in scikit-learn's format (breast_cancer.csv, iris.csv, wine_data.csv).
 * @example const { x, y, targetNames } = await readSklearnCsv('iris.csv'); // targetNames: setosa, versicolor, virginica
 */
export async function readSklearnCsv(path: string, featureNames?: string[]): Promise<SklearnData> {
  let first: string | undefined;
  for await (const line of readLines(path)) {
    first = line;
    break;
  }
  if (first === undefined || first.trim() === '')
    throw new DataError(
      `${path}: the file is empty; expected a count line "n_samples,n_features,class names…"`,
    );
  const parts = first.split(',').map((s) => s.trim());
  const nSamples = Number(parts[0]);
  const nFeatures = Number(parts[1]);
  if (!Number.isInteger(nSamples) || !Number.isInteger(nFeatures) || nFeatures <= 0) {
    throw new DataError(
      `${locate({ file: path, line: 1 })}: expected scikit-learn's count line "n_samples,n_features,class names…", found ${JSON.stringify(first.slice(0, 80))}; for an ordinary CSV use readCsv`,
    );
  }
  const targetNames = parts.slice(2);
  const names = featureNames ?? Array.from({ length: nFeatures }, (_, j) => `feature${j}`);
  if (names.length !== nFeatures)
    throw new DataError(
      `${path}: ${names.length} feature names given but the count line says ${nFeatures} features`,
    );
  const dtypes = Object.fromEntries([...names, 'target'].map((n) => [n, 'number' as const]));
  const frame = await readCsv(path, {
    header: false,
    skipLines: 1,
    columns: [...names, 'target'],
    dtypes,
    delimiter: ',',
    sourceName: path,
  });
  if (frame.nRows !== nSamples)
    throw new DataError(
      `${path}: the count line says ${nSamples} samples but the file has ${frame.nRows} rows`,
    );
  const target = frame.numeric('target');
  const y = Int32Array.from(target);
  y.forEach((c, i) => {
    if (c < 0 || c >= Math.max(targetNames.length, 1) || c !== target[i])
      throw new DataError(
        `${locate({ file: path, line: i + 2, column: 'target' })}: target ${target[i]} is not a class index 0..${targetNames.length - 1}`,
      );
  });
  return { x: frame.toMatrix(names), y, featureNames: names, targetNames, frame };
}

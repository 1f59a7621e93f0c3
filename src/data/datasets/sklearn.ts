/** The small scikit-learn tabular data sets (breast cancer, iris, wine) from their bundled CSVs. */
import { readSklearnCsv, type SklearnData } from '../io/sklearn-csv.js';
import { resolveDataFile } from './paths.js';

const HOW =
  'Copy it from scikit-learn (sklearn/datasets/data/ in the python3-sklearn package or the scikit-learn repository).';

const BREAST_CANCER_BASE = [
  'radius',
  'texture',
  'perimeter',
  'area',
  'smoothness',
  'compactness',
  'concavity',
  'concave points',
  'symmetry',
  'fractal dimension',
];
/** scikit-learn's feature names for breast_cancer.csv. */
export const BREAST_CANCER_FEATURES = [
  ...BREAST_CANCER_BASE.map((n) => `mean ${n}`),
  ...BREAST_CANCER_BASE.map((n) => `${n} error`),
  ...BREAST_CANCER_BASE.map((n) => `worst ${n}`),
];
/** scikit-learn's feature names for iris.csv. */
export const IRIS_FEATURES = [
  'sepal length (cm)',
  'sepal width (cm)',
  'petal length (cm)',
  'petal width (cm)',
];
/** scikit-learn's feature names for wine_data.csv. */
export const WINE_FEATURES = [
  'alcohol',
  'malic_acid',
  'ash',
  'alcalinity_of_ash',
  'magnesium',
  'total_phenols',
  'flavanoids',
  'nonflavanoid_phenols',
  'proanthocyanins',
  'color_intensity',
  'hue',
  'od280/od315_of_diluted_wines',
  'proline',
];

/**
 * Breast Cancer Wisconsin (569 × 30, target 0 = malignant, 1 = benign).
 * @example const { x, y, targetNames } = await loadBreastCancer({ path: '../shared/data' });
 */
export async function loadBreastCancer(opts: { path?: string } = {}): Promise<SklearnData> {
  const file = resolveDataFile(['breast_cancer.csv', 'breast_cancer.csv.gz'], {
    ...opts,
    dataset: 'breast cancer',
    howToGet: HOW,
  });
  return readSklearnCsv(file, BREAST_CANCER_FEATURES);
}

/**
 * Iris (150 × 4, 3 classes).
 * @example const { x, y } = await loadIris({ path: '../shared/data' });
 */
export async function loadIris(opts: { path?: string } = {}): Promise<SklearnData> {
  const file = resolveDataFile(['iris.csv', 'iris.csv.gz'], { ...opts, dataset: 'iris', howToGet: HOW });
  return readSklearnCsv(file, IRIS_FEATURES);
}

/**
 * Wine recognition (178 × 13, 3 classes).
 * @example const { x, y } = await loadWine({ path: '../shared/data' });
 */
export async function loadWine(opts: { path?: string } = {}): Promise<SklearnData> {
  const file = resolveDataFile(['wine_data.csv', 'wine_data.csv.gz'], {
    ...opts,
    dataset: 'wine',
    howToGet: HOW,
  });
  return readSklearnCsv(file, WINE_FEATURES);
}

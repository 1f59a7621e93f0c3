/**
 * What a classification run's classes tell the user before training: classes the split left on one
 * side only, classes that differ only in letter case, and a label of mostly one-row classes (a free-text
 * column, not a category). Shared by every data type with classes (tables, texts, windows).
 */

/** A free-text label: at least this many classes, most of them with fewer than MIN_ROWS training rows. */
const MANY_CLASSES = 20;
const MIN_ROWS = 2;

/** The first few names of a list, quoted ("'a', 'b' and 1,580 more"): a free-text label has thousands. */
function some(list: readonly string[], n = 8): string {
  const shown = list
    .slice(0, n)
    .map((c) => `'${c}'`)
    .join(', ');
  return list.length > n ? `${shown} and ${(list.length - n).toLocaleString('en-US')} more` : shown;
}

function countIds(ids: ArrayLike<number>, k: number): Int32Array {
  const c = new Int32Array(k);
  for (let i = 0; i < ids.length; i++) c[ids[i]!]!++;
  return c;
}

/**
 * The warnings about a run's classes, from the class id of each training and test sample.
 * @example
 * classWarnings('category', ['art', 'food', 'rare'], Int32Array.of(0, 1, 2), Int32Array.of(0, 1))
 * // ["class(es) 'rare' have no test rows (1 in training): they are not scored"]
 */
export function classWarnings(
  label: string,
  labels: readonly string[],
  train: ArrayLike<number>,
  test: ArrayLike<number>,
): string[] {
  const inTrain = countIds(train, labels.length);
  const inTest = countIds(test, labels.length);
  const freeText = freeTextLabel(label, labels, inTrain, train.length);
  // Listing a thousand one-row classes as untested says less than the one line about them all.
  if (freeText) return [freeText, ...lookalikeClasses(labels)];
  return [...lookalikeClasses(labels), ...unsplitClasses(labels, inTrain, inTest)];
}

/**
 * Classes whose names differ only in letter case or spaces ('Yes', 'yes', 'yes '), as hand-typed
 * labels do: each is a class of its own, which is rarely what the person who typed them meant.
 */
function lookalikeClasses(labels: readonly string[]): string[] {
  const groups = new Map<string, string[]>();
  for (const l of labels) {
    const key = l.trim().toLowerCase().replace(/\s+/g, ' ');
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  const alike = [...groups.values()].filter((g) => g.length > 1);
  const advice = 'if they mean the same, write them one way in the data';
  // A free-text label has hundreds of such pairs ('Simple' and 'simple'): one line for them all.
  if (alike.length > 3)
    return [
      `${alike.length.toLocaleString('en-US')} groups of classes differ only in letter case or spaces (${alike
        .slice(0, 3)
        .map((g) => g.map((c) => `'${c}'`).join(' and '))
        .join('; ')} …): each is a set of separate classes; ${advice}`,
    ];
  return alike.map(
    (g) =>
      `classes ${g.map((c) => `'${c}'`).join(' and ')} differ only in letter case or spaces: they are separate classes; ${advice}`,
  );
}

/**
 * Classes the split left on one side only (one row in all, or too few to stratify): a class never
 * trained on is never predicted, and one never tested is not scored.
 */
function unsplitClasses(labels: readonly string[], inTrain: Int32Array, inTest: Int32Array): string[] {
  const only = (a: Int32Array, b: Int32Array) => labels.filter((_, k) => a[k]! > 0 && b[k] === 0);
  const untested = only(inTrain, inTest);
  const untrained = only(inTest, inTrain);
  const counts = untested.slice(0, 8).map((c) => inTrain[labels.indexOf(c)]);
  return [
    ...(untrained.length
      ? [
          `class(es) ${some(untrained)} have no training rows: the model cannot predict them; gather more rows or merge them into another class`,
        ]
      : []),
    ...(untested.length
      ? [
          `class(es) ${some(untested)} have no test rows (${counts.join(', ')}${untested.length > 8 ? ', …' : ''} in training): they are not scored`,
        ]
      : []),
  ];
}

/**
 * A label most of whose classes have one training row (a title, a name, the first word of a message):
 * a network cannot learn a class from one example, and a Keras user would be told nothing until the
 * scores came out near zero.
 */
function freeTextLabel(
  label: string,
  labels: readonly string[],
  inTrain: Int32Array,
  nTrain: number,
): string | null {
  const few = labels.filter((_, k) => inTrain[k]! < MIN_ROWS);
  if (labels.length < MANY_CLASSES || few.length * 2 <= labels.length) return null;
  const n = (v: number): string => v.toLocaleString('en-US');
  return (
    `label '${label}': ${n(few.length)} of its ${n(labels.length)} classes have fewer than ${MIN_ROWS} training rows ` +
    `(${n(nTrain)} training rows; e.g. ${some(few, 3)}): a class cannot be learned from one example, so this column is ` +
    `probably free text, not a category; pick the column to predict with --label (data.label), ` +
    `or if it is a number, set --task regression`
  );
}

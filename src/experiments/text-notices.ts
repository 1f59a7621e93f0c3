/**
 * What a user should hear about the texts a model reads: texts with no word the model knows (train,
 * predict, evaluate, serve). The model answers such a text as it answers an empty one (or one of unknown
 * words alone), with no sign of it in the output, so it is said in words.
 */

const n = (v: number): string => v.toLocaleString('en-US');

/** A text as a warning quotes it: JSON-escaped (an empty one shows as ""), cut at 24 characters. */
function quoted(text: string): string {
  const chars = [...text];
  return JSON.stringify(chars.length > 24 ? `${chars.slice(0, 24).join('')}…` : text);
}

/** Why a text may hold no known word; shared by every notice below. */
export const UNREADABLE_WHY = 'empty, only punctuation or emoji, or another language';

/**
 * The warning for predictions of texts with no word the model knows; `index` is each such text's
 * row in the output (its `index` column). Null when there are none.
 * @example unreadableTextsWarning([1, 4], 10) // '2 of 10 texts have no word the model knows (…) (index 1, 4 in the output)'
 */
export function unreadableTextsWarning(index: readonly number[], total: number): string | null {
  if (!index.length) return null;
  const shown = index.slice(0, 5).join(', ') + (index.length > 5 ? ', …' : '');
  return (
    `${n(index.length)} of ${n(total)} texts have no word the model knows (${UNREADABLE_WHY}): ` +
    `their predictions come from none of their words, the model's answer to an empty text or to unknown words alone (index ${shown} in the output)`
  );
}

/** The note a served prediction of such a text carries. */
export const UNREADABLE_NOTE = `no word the model knows (${UNREADABLE_WHY}): the prediction comes from none of its words, the model's answer to an empty text or to unknown words alone`;

/**
 * The training run's warning about texts with no word the vocabulary keeps, in the training and the
 * test part, with a few of them quoted. Null when there are none.
 * @example unreadableTrainingWarning(['', '😀'], 1286, [], 322)
 */
export function unreadableTrainingWarning(
  train: readonly string[],
  nTrain: number,
  test: readonly string[],
  nTest: number,
): string | null {
  if (!train.length && !test.length) return null;
  const parts = [
    ...(train.length ? [`${n(train.length)} of ${n(nTrain)} training texts`] : []),
    ...(test.length ? [`${n(test.length)} of ${n(nTest)} test texts`] : []),
  ];
  const examples = [...new Set([...train, ...test])].slice(0, 3).map(quoted).join(', ');
  return (
    `${parts.join(' and ')} have no word the vocabulary keeps (${UNREADABLE_WHY}, or only words too rare to keep; e.g. ${examples}): ` +
    `they are kept, and the model learns from them its answer to a text it cannot read; if there are many, check that data.text names the column of texts`
  );
}

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

/**
 * The warning for a predictFrame output (its rows start with the `index` column), or null.
 * @example const w = predictionsWarning(predictFrame(trained, frame)); if (w) console.warn(w);
 */
export function predictionsWarning(out: { rows: unknown[][]; unreadable?: number[] }): string | null {
  return unreadableTextsWarning(
    (out.unreadable ?? []).map((i) => out.rows[i]![0] as number),
    out.rows.length,
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

/** An ANSI escape sequence (SGR colour codes like ESC[33m, ESC[0m; cursor moves) as terminals write them. */
// eslint-disable-next-line no-control-regex -- the escape character is what is looked for
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/**
 * The training run's warning about ANSI colour codes in the texts (a log copied from a terminal):
 * standardization keeps the code's digits and letter, so '33m' becomes a word, or the escape glues to
 * the word beside it. The texts are not changed (a saved model must read texts as it did); the user
 * strips them. `split` is the model's own split, to show the words the codes became. Null when none.
 * @example ansiCodesWarning(['\x1b[33mwarning\x1b[0m: disk full'], (t) => t.split(' '))
 */
export function ansiCodesWarning(
  texts: readonly string[],
  split?: (text: string) => string[],
): string | null {
  const codes = new Map<string, number>();
  let holding = 0;
  const made = new Set<string>();
  for (const t of texts) {
    const found = t.match(ANSI);
    if (!found) continue;
    holding++;
    for (const c of found) codes.set(c, (codes.get(c) ?? 0) + 1);
    if (split && made.size < 4)
      for (const w of split(t)) if (w.includes('\x1b') || /^[0-9;]*m$/.test(w)) made.add(w);
  }
  if (!holding) return null;
  const common = [...codes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([c]) => c.replace('\x1b', 'ESC'));
  const words = [...made].slice(0, 4).map((w) => JSON.stringify(w));
  return (
    `${n(holding)} of ${n(texts.length)} training texts hold ANSI colour codes (${common.join(', ')}: a terminal's colours, copied with a log): ` +
    `they are learned as words${words.length ? ` (${words.join(', ')})` : ''} or glued to the words beside them; ` +
    `strip them before training, e.g. sed 's/\\x1b\\[[0-9;]*m//g' in.csv > out.csv, or re.sub(r'\\x1b\\[[0-9;]*m', '', text) in Python`
  );
}

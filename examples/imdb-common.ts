/** Shared by the IMDB sequence examples: tokenizer with OOV = 1, the last `maxlen` tokens, a shuffled train set. */
import { loadImdbRaw, padSequences, permutation, Tokenizer } from '../src/index.js';

/** Padded index sequences and labels for train (shuffled, seeded) and test. */
export async function imdbSequences(numWords: number, maxlen: number) {
  const { train, test } = await loadImdbRaw({ path: process.env.SEQLAB_DATA ?? '../shared/data' });
  const clean = (t: string[]) => t.map((s) => s.replace(/<br\s*\/?>/gi, ' '));
  const tok = new Tokenizer({ numWords, oovToken: '<OOV>' }).fitOnTexts(clean(train.texts));
  const order = permutation(train.texts.length, 42);
  const trainTexts = Array.from(order, (i) => train.texts[i]!);
  const seq = (texts: string[]) =>
    padSequences(tok.textsToSequences(clean(texts)), { maxlen, padding: 'pre', truncating: 'pre' });
  return {
    xTrain: seq(trainTexts),
    yTrain: { data: Float32Array.from(order, (i) => train.labels[i]!), shape: [order.length, 1] },
    xTest: seq(test.texts),
    yTest: test.labels,
    tokenizer: tok,
  };
}

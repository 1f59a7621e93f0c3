/**
 * Pretrained word vectors in the text formats GloVe, word2vec (text) and fastText (.vec) share — one word
 * and its numbers a line, word2vec and fastText with a "count dim" header line — plain, .gz or .xz,
 * aligned to a fitted vocabulary as an Embedding table. Only the vocabulary's words are kept in memory.
 */
import { DataError } from './errors.js';
import { readLines } from './io/compressed.js';

export interface AlignedVectors {
  /** (vocabulary × dim) table, row i for vocabulary entry i. */
  matrix: Float32Array;
  dim: number;
  /** Vocabulary entries (special tokens '' and '[UNK]' excepted) found in the file. */
  found: number;
  words: number;
  /** Share of the vocabulary's words found, and of the training tokens whose word was found. */
  vocabularyCoverage: number;
  tokenCoverage: number;
}

/**
 * Reads the vectors of the vocabulary's words. Lines whose field count differs from the first vector
 * line's, and numbers that are not finite, are errors that name the line.
 * @example const { vectors, dim } = await readWordVectors('glove.6B.100d.txt.gz', new Set(vocab));
 */
export async function readWordVectors(
  path: string,
  wanted: Set<string>,
): Promise<{ vectors: Map<string, Float32Array>; dim: number }> {
  const vectors = new Map<string, Float32Array>();
  let dim = 0;
  let lineNo = 0;
  let headerDim = 0;
  for await (const line of readLines(path)) {
    lineNo++;
    const trimmed = line.trimEnd();
    if (trimmed === '') continue;
    const parts = trimmed.split(' ');
    if (lineNo === 1 && parts.length === 2 && /^\d+$/.test(parts[0]!) && /^\d+$/.test(parts[1]!)) {
      headerDim = Number(parts[1]); // word2vec / fastText header: count and dimension
      continue;
    }
    const n = parts.length - 1;
    if (dim === 0) {
      dim = n;
      if (dim < 1) throw new DataError(`${path}:${lineNo}: a word without numbers; expected "word v1 v2 …"`);
      if (headerDim && headerDim !== dim)
        throw new DataError(
          `${path}:${lineNo}: ${dim} numbers but the header line says dimension ${headerDim}`,
        );
    } else if (n !== dim)
      throw new DataError(
        `${path}:${lineNo}: ${n} numbers where the earlier lines have ${dim}; is the file cut short or a word with a space in it?`,
      );
    const word = parts[0]!;
    if (!wanted.has(word) || vectors.has(word)) continue;
    const v = new Float32Array(dim);
    for (let j = 0; j < dim; j++) {
      const x = Number(parts[j + 1]);
      if (!Number.isFinite(x))
        throw new DataError(
          `${path}:${lineNo}: ${JSON.stringify(parts[j + 1])} is not a number (field ${j + 2})`,
        );
      v[j] = x;
    }
    vectors.set(word, v);
  }
  if (dim === 0) throw new DataError(`${path}: no vectors in the file`);
  return { vectors, dim };
}

/**
 * The Embedding table for `vocabulary` (index → word): found words take their vectors, the others
 * (and the special tokens) are drawn uniform in ±0.05 as Keras's default embedding initializer does.
 * `tokens` (the training ids) give the token coverage.
 * @example alignVectors(['', '[UNK]', 'film'], vectors, 50, ids, Math.random)
 */
export function alignVectors(
  vocabulary: string[],
  vectors: Map<string, Float32Array>,
  dim: number,
  tokens: ArrayLike<number>,
  uniform: () => number,
): AlignedVectors {
  const matrix = new Float32Array(vocabulary.length * dim);
  const hit = new Uint8Array(vocabulary.length);
  let found = 0;
  let words = 0;
  vocabulary.forEach((w, i) => {
    const v = w === '' || w === '[UNK]' ? undefined : vectors.get(w);
    if (w !== '' && w !== '[UNK]') words++;
    if (v) {
      matrix.set(v, i * dim);
      hit[i] = 1;
      found++;
    } else for (let j = 0; j < dim; j++) matrix[i * dim + j] = (uniform() * 2 - 1) * 0.05;
  });
  let seen = 0;
  let covered = 0;
  for (let t = 0; t < tokens.length; t++) {
    const id = tokens[t]!;
    if (id === 0) continue; // padding
    seen++;
    covered += hit[id] ?? 0;
  }
  return {
    matrix,
    dim,
    found,
    words,
    vocabularyCoverage: words ? found / words : 0,
    tokenCoverage: seen ? covered / seen : 0,
  };
}

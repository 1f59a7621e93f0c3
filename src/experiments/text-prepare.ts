/** preprocessing.text (Keras TextVectorization keys) → a VectorizeText step; a vocabulary file read and checked. */
import { readFileSync } from 'node:fs';
import { SeqlabError } from '../errors.js';
import { VectorizeText, type VectorizeTextOptions } from '../data/preprocessing/vectorize-text.js';
import type { ExperimentConfig } from './config-schema.js';

type TextConfig = NonNullable<ExperimentConfig['preprocessing']['text']>;

/**
 * Reads a vocabulary file: one token a line (a trailing newline and a UTF-8 BOM allowed); empty lines and
 * duplicates are errors that name the line.
 * @example readVocabularyFile('vocab.txt') // ['the', 'film', …]
 */
export function readVocabularyFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SeqlabError(`preprocessing.text.vocabulary: cannot read ${path} (${(e as Error).message})`);
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const seen = new Map<string, number>();
  lines.forEach((t, i) => {
    if (t === '')
      throw new SeqlabError(`${path}:${i + 1}: empty line in the vocabulary file (one token a line)`);
    const first = seen.get(t);
    if (first !== undefined)
      throw new SeqlabError(
        `${path}:${i + 1}: ${JSON.stringify(t)} is already on line ${first}; remove the duplicate`,
      );
    seen.set(t, i + 1);
  });
  return lines;
}

/** The step for the Keras-style keys of preprocessing.text over one or more text columns. */
export function vectorizeTextStep(
  columns: string[],
  cfg: TextConfig & { outputMode?: VectorizeTextOptions['outputMode'] },
): VectorizeText {
  const opts: VectorizeTextOptions = { columns, outputMode: cfg.outputMode ?? 'int' };
  const keys = [
    'standardize',
    'split',
    'locale',
    'ngrams',
    'maxTokens',
    'minDf',
    'outputSequenceLength',
    'idfFormula',
    'smoothIdf',
    'sublinearTf',
    'norm',
  ] as const;
  for (const k of keys) if (cfg[k] !== undefined) (opts as unknown as Record<string, unknown>)[k] = cfg[k];
  if (opts.outputMode === 'int' && opts.outputSequenceLength === undefined && cfg.maxlen !== undefined)
    opts.outputSequenceLength = cfg.maxlen;
  if (opts.outputMode === 'int' && opts.outputSequenceLength === undefined) opts.outputSequenceLength = 200;
  if (cfg.vocabulary) opts.vocabulary = readVocabularyFile(cfg.vocabulary);
  else if (opts.maxTokens === undefined && cfg.numWords !== undefined) opts.maxTokens = cfg.numWords;
  return new VectorizeText(opts);
}

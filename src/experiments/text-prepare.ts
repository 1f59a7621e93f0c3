/** preprocessing.text (Keras TextVectorization keys) → a VectorizeText step; a vocabulary file read and checked. */
import { readFileSync } from 'node:fs';
import { SeqlabError } from '../errors.js';
import { VectorizeText, type VectorizeTextOptions } from '../data/preprocessing/vectorize-text.js';
import type { ExperimentConfig } from './config-schema.js';
import type { Prepared } from './prepare.js';
import { seededRandom } from '../data/random.js';
import { alignVectors, readWordVectors } from '../data/word-vectors.js';
import { isCsr } from '../data/sparse.js';

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

/**
 * Reads the pretrained vectors an embedding layer names and aligns them to the fitted vocabulary
 * (prepared.pretrained); returns the coverage line for the console, or null when no layer asks.
 * @example const line = await loadPretrainedVectors(config, prepared); // 'glove.txt: 71% of vocabulary …'
 */
export async function loadPretrainedVectors(
  config: ExperimentConfig,
  prepared: Prepared,
): Promise<string | null> {
  const spec = config.model.layers.find((l) => l.type === 'embedding' && l.pretrained);
  const path = spec && spec.type === 'embedding' ? spec.pretrained : undefined;
  if (!path) return null;
  const { info } = prepared;
  const x = prepared.xTrain;
  if (!info.vocabulary || !info.decode || isCsr(x) || x.data instanceof Float32Array)
    throw new SeqlabError(
      `model.layers: embedding pretrained: ${path} needs integer token sequences (data.type: text with outputMode: int or mode: sequence)`,
    );
  const vocab = info.decode(Int32Array.from({ length: info.vocabulary }, (_, i) => i));
  const { vectors, dim } = await readWordVectors(path, new Set(vocab));
  const rng = seededRandom(config.seed);
  prepared.pretrained = alignVectors(vocab, vectors, dim, x.data, () => rng.uniform());
  const a = prepared.pretrained;
  const pct = (v: number): string => `${Math.round(v * 100)}%`;
  return `${path}: ${dim}-dimensional vectors for ${pct(a.vocabularyCoverage)} of the vocabulary (${a.found} of ${a.words} words), ${pct(a.tokenCoverage)} of the training tokens; the others start uniform in ±0.05`;
}

/**
 * Keras' (legacy) keras.preprocessing.text.Tokenizer, with the same defaults and index order, so
 * vocabularies and sequences match the Keras tutorials.
 */
import { DataError } from '../errors.js';
import type { FloatMatrix } from '../types.js';
import { registerStep, type Step, type StepJSON } from './step.js';

/** Keras' default filters: punctuation, tab and newline (not the apostrophe). */
export const KERAS_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

export interface TokenizerOptions {
  /** Keep only indices < numWords in textsToSequences (the most frequent numWords − 1 words). */
  numWords?: number;
  /** Characters replaced by `split` before splitting (default KERAS_FILTERS). */
  filters?: string;
  /** Lowercase first (default true). */
  lower?: boolean;
  /** Separator (default ' '). */
  split?: string;
  /** Every character is a token (filters are then not applied, as in Keras). */
  charLevel?: boolean;
  /** Token for out-of-vocabulary words; it gets index 1. */
  oovToken?: string;
}

const regexCache = new Map<string, RegExp>();
function filterRegex(filters: string): RegExp {
  let re = regexCache.get(filters);
  if (!re) {
    re = new RegExp(`[${[...filters].map((c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).join('')}]`, 'gu');
    regexCache.set(filters, re);
  }
  return re;
}

/**
 * Keras' text_to_word_sequence: lowercase, replace filter characters by the separator, split, drop empties.
 * @example textToWordSequence('Hello, World!') // ['hello', 'world']
 */
export function textToWordSequence(
  text: string,
  opts: { filters?: string; lower?: boolean; split?: string } = {},
): string[] {
  const { filters = KERAS_FILTERS, lower = true, split = ' ' } = opts;
  let t = lower ? text.toLowerCase() : text;
  if (filters.length > 0) t = t.replace(filterRegex(filters), () => split);
  return t.split(split).filter((w) => w.length > 0);
}

/**
 * @example
 * const tok = new Tokenizer({ numWords: 100, oovToken: '<OOV>' });
 * tok.fitOnTexts(['The cat sat on the mat.', 'The dog ate my homework.']);
 * tok.wordIndex.get('the');                 // 2 (1 is <OOV>)
 * tok.textsToSequences(['the cat flew']);   // [[2, 3, 1]]
 */
export class Tokenizer implements Step<string[], number[][]> {
  readonly kind = 'Tokenizer';
  readonly numWords?: number;
  readonly filters: string;
  readonly lower: boolean;
  readonly split: string;
  readonly charLevel: boolean;
  readonly oovToken?: string;
  /** word → count over all fitted texts, in first-seen order. */
  wordCounts = new Map<string, number>();
  /** word → number of documents containing it. */
  wordDocs = new Map<string, number>();
  /** word → index (1-based; most frequent first, ties in first-seen order). */
  wordIndex = new Map<string, number>();
  /** index → word. */
  indexWord = new Map<number, string>();
  documentCount = 0;

  constructor(opts: TokenizerOptions = {}) {
    this.numWords = opts.numWords;
    this.filters = opts.filters ?? KERAS_FILTERS;
    this.lower = opts.lower ?? true;
    this.split = opts.split ?? ' ';
    this.charLevel = opts.charLevel ?? false;
    this.oovToken = opts.oovToken;
  }

  /** The tokens of one text, as Keras splits it. */
  tokenize(text: string): string[] {
    if (typeof text !== 'string')
      throw new DataError(`Tokenizer: expected a string, got ${JSON.stringify(text)}`);
    if (this.charLevel) return [...(this.lower ? text.toLowerCase() : text)];
    return textToWordSequence(text, { filters: this.filters, lower: this.lower, split: this.split });
  }

  /** Updates the vocabulary from texts (may be called repeatedly, like Keras). */
  fitOnTexts(texts: Iterable<string>): this {
    for (const text of texts) {
      this.documentCount++;
      const seq = this.tokenize(text);
      for (const w of seq) this.wordCounts.set(w, (this.wordCounts.get(w) ?? 0) + 1);
      for (const w of new Set(seq)) this.wordDocs.set(w, (this.wordDocs.get(w) ?? 0) + 1);
    }
    this.rebuildIndex();
    return this;
  }

  private rebuildIndex(): void {
    // Array.prototype.sort is stable: equal counts keep first-seen order, as Python's sorted().
    const sorted = [...this.wordCounts].sort((a, b) => b[1] - a[1]).map((e) => e[0]);
    const vocab =
      this.oovToken === undefined ? sorted : [this.oovToken, ...sorted.filter((w) => w !== this.oovToken)];
    this.wordIndex = new Map(vocab.map((w, i) => [w, i + 1]));
    this.indexWord = new Map(vocab.map((w, i) => [i + 1, w]));
  }

  fit(texts: string[]): this {
    return this.fitOnTexts(texts);
  }

  transform(texts: string[]): number[][] {
    return this.textsToSequences(texts);
  }

  /** Each text as word indices; words ≥ numWords or unknown become the OOV index, or are dropped without oovToken. */
  textsToSequences(texts: Iterable<string>): number[][] {
    const oov = this.oovToken === undefined ? undefined : this.wordIndex.get(this.oovToken);
    const out: number[][] = [];
    for (const text of texts) {
      const seq: number[] = [];
      for (const w of this.tokenize(text)) {
        const i = this.wordIndex.get(w);
        if (i !== undefined && (this.numWords === undefined || i < this.numWords)) seq.push(i);
        else if (oov !== undefined) seq.push(oov);
      }
      out.push(seq);
    }
    return out;
  }

  /** Index sequences back to space-joined words (dropping or OOV-marking indices ≥ numWords, as Keras). */
  sequencesToTexts(sequences: ReadonlyArray<ArrayLike<number>>): string[] {
    const oov = this.oovToken === undefined ? undefined : this.wordIndex.get(this.oovToken);
    return sequences.map((s) => {
      const words: string[] = [];
      for (let k = 0; k < s.length; k++) {
        const i = s[k]!;
        const w = this.indexWord.get(i);
        if (w !== undefined && (this.numWords === undefined || i < this.numWords)) words.push(w);
        else if (oov !== undefined) words.push(this.oovToken!);
      }
      return words.join(this.charLevel ? '' : ' ');
    });
  }

  /**
   * Keras' texts_to_matrix: one row per text, columns = word indices; modes binary, count, freq, tfidf.
   * @example tok.textsToMatrix(['a b a'], 'count')
   */
  textsToMatrix(texts: string[], mode: 'binary' | 'count' | 'freq' | 'tfidf' = 'binary'): FloatMatrix {
    const width = this.numWords ?? this.wordIndex.size + 1;
    const seqs = this.textsToSequences(texts);
    const out = new Float32Array(seqs.length * width);
    const docsByIndex = new Map<number, number>(
      [...this.wordDocs].map(([w, c]) => [this.wordIndex.get(w)!, c]),
    );
    seqs.forEach((seq, i) => {
      const counts = new Map<number, number>();
      for (const j of seq) if (j < width) counts.set(j, (counts.get(j) ?? 0) + 1);
      for (const [j, c] of counts) {
        let v = 1;
        if (mode === 'count') v = c;
        else if (mode === 'freq') v = c / seq.length;
        else if (mode === 'tfidf')
          v = (1 + Math.log(c)) * Math.log(1 + this.documentCount / (1 + (docsByIndex.get(j) ?? 0)));
        out[i * width + j] = v;
      }
    });
    return { data: out, shape: [seqs.length, width] };
  }

  toJSON(): StepJSON {
    return {
      kind: this.kind,
      config: {
        numWords: this.numWords,
        filters: this.filters,
        lower: this.lower,
        split: this.split,
        charLevel: this.charLevel,
        oovToken: this.oovToken,
      },
      wordCounts: [...this.wordCounts],
      wordDocs: [...this.wordDocs],
      documentCount: this.documentCount,
    };
  }

  static fromJSON(json: StepJSON): Tokenizer {
    const t = new Tokenizer((json.config ?? {}) as TokenizerOptions);
    t.wordCounts = new Map(json.wordCounts as [string, number][]);
    t.wordDocs = new Map(json.wordDocs as [string, number][]);
    t.documentCount = json.documentCount as number;
    t.rebuildIndex();
    return t;
  }
}

registerStep('Tokenizer', Tokenizer.fromJSON);

/**
 * Text → tokens as Keras' TextVectorization does it (standardize → split → n-grams), plus a split for
 * scripts written without spaces: Unicode word segmentation through Intl.Segmenter.
 */
import { DataError } from '../errors.js';

/** Keras' DEFAULT_STRIP_REGEX: ASCII punctuation including the apostrophe. */
const STRIP = /[!"#$%&()*+,\-./:;<=>?@[\\\]^_`{|}~']/g;

/** Scripts written without spaces between words: their texts need word segmentation. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;

export type Standardize =
  'lower_and_strip_punctuation' | 'lower' | 'strip_punctuation' | null | ((text: string) => string);

/**
 * whitespace: Keras' default; character: every code point; words: Intl.Segmenter word segments
 * (punctuation and spaces dropped); auto (seqlab's default): words for a text with Chinese, Japanese,
 * Thai, Lao, Khmer, Myanmar or Tibetan characters, whitespace otherwise; null: the whole text.
 */
export type Split = 'whitespace' | 'character' | 'words' | 'auto' | null;

export interface TokenizeOptions {
  standardize: Standardize;
  split: Split;
  /** BCP 47 locale for Intl.Segmenter (default: the runtime's). */
  locale?: string;
  /** N: all 1..N-grams; a list: exactly those sizes. Tokens of an n-gram are joined by one space, as in Keras. */
  ngrams?: number | number[];
}

/** The n-gram sizes an option names: 3 → [1, 2, 3]; [2, 3] → [2, 3]. */
export function ngramSizes(ngrams: number | number[] | undefined): number[] {
  if (ngrams === undefined) return [1];
  const sizes = typeof ngrams === 'number' ? Array.from({ length: ngrams }, (_, i) => i + 1) : ngrams;
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new DataError(
      `TextVectorization: ngrams ${JSON.stringify(ngrams)} must be a positive integer or a list of them, e.g. 2 or [1, 2]`,
    );
  return [...new Set(sizes)].sort((a, b) => a - b);
}

const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(locale: string | undefined): Intl.Segmenter {
  const key = locale ?? '';
  let s = segmenters.get(key);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(key, s);
  }
  return s;
}

/**
 * Unicode word segmentation (ICU's dictionaries for Chinese, Japanese, Thai, …); only word-like segments.
 * @example segmentWords('这部电影非常好看') // ['这', '部', '电影', '非常', '好看']
 */
export function segmentWords(text: string, locale?: string): string[] {
  const out: string[] = [];
  for (const s of segmenter(locale).segment(text)) if (s.isWordLike) out.push(s.segment);
  return out;
}

/** True when the text has characters of a script written without spaces. */
export function needsSegmentation(text: string): boolean {
  return UNSPACED.test(text);
}

/** Applies the standardize option. Lowercasing is ASCII-only for Keras' names (TensorFlow's tf.strings.lower). */
export function standardizeText(text: string, standardize: Standardize): string {
  if (typeof standardize === 'function') return standardize(text);
  let t = text;
  if (standardize === 'lower' || standardize === 'lower_and_strip_punctuation')
    t = t.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  if (standardize === 'strip_punctuation' || standardize === 'lower_and_strip_punctuation')
    t = t.replace(STRIP, '');
  return t;
}

/** Splits a standardized text. */
export function splitText(t: string, split: Split, locale?: string): string[] {
  switch (split) {
    case 'whitespace':
      return t.split(/\s+/).filter((w) => w.length > 0);
    case 'character':
      return [...t];
    case 'words':
      return segmentWords(t, locale);
    case 'auto':
      return needsSegmentation(t) ? segmentWords(t, locale) : t.split(/\s+/).filter((w) => w.length > 0);
    case null:
      return t.length ? [t] : [];
  }
}

/**
 * Keras' n-grams of a token list: for each size n in order, the tokens i..i+n−1 joined by a space.
 * @example ngramTokens(['a', 'b', 'c'], [1, 2]) // ['a', 'b', 'c', 'a b', 'b c']
 */
export function ngramTokens(tokens: string[], sizes: number[]): string[] {
  if (sizes.length === 1 && sizes[0] === 1) return tokens;
  const out: string[] = [];
  for (const n of sizes)
    for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(' '));
  return out;
}

/**
 * The tokens (n-grams included) of a text.
 * @example tokenizeText('The cat sat', { standardize: 'lower', split: 'whitespace', ngrams: 2 })
 * // ['the', 'cat', 'sat', 'the cat', 'cat sat']
 */
export function tokenizeText(text: string, o: TokenizeOptions): string[] {
  const words = splitText(standardizeText(text, o.standardize), o.split, o.locale);
  return ngramTokens(words, ngramSizes(o.ngrams));
}

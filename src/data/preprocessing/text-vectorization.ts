/**
 * Keras' TextVectorization layer as a preprocessing step: standardize → split → n-grams → vocabulary
 * lookup → int sequences or multi-hot / count / tf-idf vectors. Vocabulary order follows Keras 3: count
 * descending, ties broken by the token in descending order; '' (mask) at 0 and '[UNK]' at 1 in int mode,
 * '[UNK]' at 0 otherwise.
 *
 * tf-idf weights: Keras's formula by default (count × log(1 + N / (1 + df)), unknown tokens weighted by
 * the mean idf); `idfFormula: 'sklearn'` gives scikit-learn's TfidfVectorizer: idf = ln((1 + N) / (1 + df)) + 1
 * (smoothIdf, default) or ln(N / df) + 1, tf = count or 1 + ln(count) (sublinearTf), unknown tokens dropped,
 * rows scaled to unit L2 norm (norm: 'l2').
 */
import { DataError } from '../errors.js';
import { csrToDense, type CsrMatrix } from '../sparse.js';
import type { FloatMatrix, IntMatrix } from '../types.js';
import { field, notFitted, registerStep, type Step, type StepJSON } from './step.js';
import { grownTo, NgramIndex } from './ngram-index.js';
import {
  ngramSizes,
  splitText,
  standardizeText,
  tokenizeText,
  type Split,
  type Standardize,
} from './text-tokens.js';

export interface TextVectorizationOptions {
  /** Default 'lower_and_strip_punctuation'; a function here cannot be saved with a model. */
  standardize?: Standardize;
  /** Default 'auto': Unicode word segmentation where the text is in a script without spaces, whitespace otherwise. */
  split?: Split;
  /** BCP 47 locale for word segmentation ('zh', 'ja', 'th'); default the runtime's. */
  locale?: string;
  /** N: 1..N-grams; [a, b]: exactly those sizes. Default 1. */
  ngrams?: number | number[];
  /** Vocabulary size including the special tokens. */
  maxTokens?: number;
  /** Keep only tokens in at least this many training documents (default 1). */
  minDf?: number;
  /** Default 'int'. */
  outputMode?: 'int' | 'multiHot' | 'count' | 'tfIdf';
  /** int mode: pad (with 0) or truncate at the end to this length. */
  outputSequenceLength?: number;
  /** Non-int modes: output width maxTokens even when the vocabulary is smaller. */
  padToMaxTokens?: boolean;
  /** A fixed vocabulary (no special tokens, no duplicates): adapt then learns only document frequencies. */
  vocabulary?: string[];
  /** tfIdf: 'keras' (default) or 'sklearn' (TfidfVectorizer's idf, unknown tokens dropped). */
  idfFormula?: 'keras' | 'sklearn';
  /** sklearn idf: add one to N and df (default true). */
  smoothIdf?: boolean;
  /** tfIdf: tf = 1 + ln(count) (default false). */
  sublinearTf?: boolean;
  /** count / tfIdf: scale each row to unit L2 norm (default: none). */
  norm?: 'l2' | null;
}

type Resolved = Required<
  Pick<
    TextVectorizationOptions,
    | 'standardize'
    | 'split'
    | 'outputMode'
    | 'padToMaxTokens'
    | 'minDf'
    | 'idfFormula'
    | 'smoothIdf'
    | 'sublinearTf'
    | 'norm'
  >
> &
  TextVectorizationOptions;

/**
 * @example
 * const tv = new TextVectorization({ maxTokens: 20000, outputSequenceLength: 100 });
 * tv.adapt(trainTexts);
 * const x = tv.transform(['What a great film!']); // IntMatrix, shape [1, 100]
 * const zh = new TextVectorization({ outputMode: 'tfIdf', ngrams: 2 }).adapt(['这部电影非常好看', '很差']);
 */
export class TextVectorization implements Step<string[], IntMatrix | FloatMatrix> {
  readonly kind = 'TextVectorization';
  readonly options: Resolved;
  private vocab?: string[];
  /** The vocabulary's n-grams as ids, and the column of each id (-1: a prefix only). */
  private lookup?: { index: NgramIndex; columns: Int32Array };
  private idf?: Float64Array;

  constructor(opts: TextVectorizationOptions = {}) {
    this.options = {
      standardize: 'lower_and_strip_punctuation',
      split: 'auto',
      outputMode: 'int',
      padToMaxTokens: false,
      minDf: 1,
      idfFormula: 'keras',
      smoothIdf: true,
      sublinearTf: false,
      norm: null,
      ...opts,
    };
    const mode = this.options.outputMode;
    if (!['int', 'multiHot', 'count', 'tfIdf'].includes(mode))
      throw new DataError(
        `TextVectorization: outputMode ${JSON.stringify(mode)} must be 'int', 'multiHot', 'count' or 'tfIdf'`,
      );
    if (opts.outputSequenceLength !== undefined && mode !== 'int')
      throw new DataError("TextVectorization: outputSequenceLength applies only to outputMode 'int'");
    ngramSizes(this.options.ngrams);
    if (opts.vocabulary) {
      const seen = new Map<string, number>();
      opts.vocabulary.forEach((t, i) => {
        if (seen.has(t))
          throw new DataError(
            `TextVectorization: the vocabulary has ${JSON.stringify(t)} twice (entries ${seen.get(t)! + 1} and ${i + 1}); remove the duplicate`,
          );
        if (this.specials.includes(t))
          throw new DataError(
            `TextVectorization: the vocabulary must not contain the special token ${JSON.stringify(t)} (entry ${i + 1}); it is added at index ${this.specials.indexOf(t)}`,
          );
        seen.set(t, i);
      });
      if (mode !== 'tfIdf') this.setVocabulary([...this.specials, ...opts.vocabulary]);
    }
  }

  private get specials(): string[] {
    return this.options.outputMode === 'int' ? ['', '[UNK]'] : ['[UNK]'];
  }

  /** The tokens (n-grams included) of one text after standardize and split. */
  tokenize(text: string): string[] {
    return tokenizeText(text, this.options);
  }

  /** The words of one text after standardize and split, before n-grams. */
  split(text: string): string[] {
    return splitText(
      standardizeText(text, this.options.standardize),
      this.options.split,
      this.options.locale,
    );
  }

  /** Learns the vocabulary (or, with a fixed one, only the document frequencies tf-idf needs). */
  adapt(texts: Iterable<string>): this {
    const split = (t: string): string[] => this.split(t);
    return this.adaptWords(
      (function* () {
        for (const t of texts) yield split(t);
      })(),
    );
  }

  /**
   * `adapt` on texts already split by `split` (e.g. words kept for several fits on the same texts: the
   * splitting is a large part of a fit's time).
   */
  adaptWords(wordLists: Iterable<readonly string[]>): this {
    const fixed = this.options.vocabulary;
    if (fixed && !this.lookup) this.setVocabulary([...this.specials, ...fixed]);
    // Fixed vocabulary: n-grams counted by column; learned: by n-gram id, every n-gram of the texts.
    const index = fixed ? this.lookup!.index : new NgramIndex(ngramSizes(this.options.ngrams));
    let counts = new Float64Array(1024);
    let docs = new Int32Array(1024);
    let last = new Int32Array(1024).fill(-1);
    let nDocs = 0;
    for (const words of wordLists) {
      for (const g of index.grams(words, !fixed)) {
        const j = fixed ? this.column(g) : g;
        if (j < 0) continue;
        if (j >= counts.length) {
          counts = grownTo(counts, j, 0);
          docs = grownTo(docs, j, 0);
          last = grownTo(last, j, -1);
        }
        counts[j]!++;
        if (last[j] !== nDocs) {
          last[j] = nDocs;
          docs[j]!++;
        }
      }
      nDocs++;
    }
    const specials = this.specials;
    let learned: string[];
    let df: (k: number) => number;
    if (fixed) {
      learned = fixed;
      df = (k) => docs[specials.length + k] ?? 0;
    } else {
      const keep: [string, number][] = [];
      for (let g = 0; g < index.size; g++) {
        if (!(counts[g]! > 0) || docs[g]! < this.options.minDf) continue;
        const t = index.text(g);
        if (t !== '' && t !== '[UNK]') keep.push([t, g]);
      }
      keep.sort((a, b) => counts[b[1]]! - counts[a[1]]! || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0));
      const room =
        this.options.maxTokens === undefined
          ? keep.length
          : Math.max(0, this.options.maxTokens - specials.length);
      keep.length = Math.min(keep.length, room);
      learned = keep.map((e) => e[0]);
      df = (k) => docs[keep[k]![1]]!;
    }
    let idf: number[] | undefined;
    if (this.options.outputMode === 'tfIdf') {
      const o = this.options;
      const w = learned.map((_, k) =>
        o.idfFormula === 'keras'
          ? Math.log(1 + nDocs / (1 + df(k)))
          : o.smoothIdf
            ? Math.log((1 + nDocs) / (1 + df(k))) + 1
            : Math.log(nDocs / Math.max(df(k), 1)) + 1,
      );
      const mean = w.length ? w.reduce((a, b) => a + b, 0) / w.length : 0;
      const unk = o.idfFormula === 'keras' ? mean : 0;
      idf = [...specials.map(() => unk), ...w];
    }
    this.setVocabulary([...specials, ...learned], idf);
    return this;
  }

  fit(texts: string[]): this {
    return this.adapt(texts);
  }

  private setVocabulary(vocab: string[], idf?: number[]): void {
    this.vocab = vocab;
    this.idf = idf ? Float64Array.from(idf) : undefined;
    // The n-grams of the vocabulary (and their shorter prefixes, column -1) as ids, each id's column.
    const index = new NgramIndex(ngramSizes(this.options.ngrams));
    const columns: number[] = [];
    const specials = this.specials.length;
    for (let j = specials; j < vocab.length; j++) {
      const g = index.add(this.entryWords(vocab[j]!));
      while (columns.length < index.size) columns.push(-1);
      columns[g] = j;
    }
    this.lookup = { index, columns: Int32Array.from(columns) };
  }

  /** A vocabulary entry's words: the inverse of ngramTokens' joining for this split. */
  private entryWords(entry: string): string[] {
    const split = this.options.split;
    // A character bigram of a space and 'a' is '  a': the characters are every other code point.
    if (split === 'character') return [...entry].filter((_, i) => i % 2 === 0);
    if (split === null) return [entry];
    return entry.split(' ');
  }

  /** The vocabulary column of an n-gram id of the lookup index; the unknown token's for none. */
  private column(g: number): number {
    const j = g < 0 ? -1 : this.lookup!.columns[g]!;
    return j < 0 ? this.unknown : j;
  }

  private get unknown(): number {
    return this.options.outputMode === 'int' ? 1 : 0;
  }

  /** The vocabulary, special tokens first. */
  getVocabulary(): string[] {
    if (!this.vocab) notFitted(this.kind);
    return [...this.vocab];
  }

  /** The idf weight of each vocabulary entry (tfIdf mode). */
  getIdf(): Float64Array | undefined {
    return this.idf ? Float64Array.from(this.idf) : undefined;
  }

  /** Size of the vocabulary including special tokens (the Embedding's inputDim). */
  vocabularySize(): number {
    return this.getVocabulary().length;
  }

  /** Output width of the vector modes. */
  get width(): number {
    const o = this.options;
    return o.padToMaxTokens && o.maxTokens ? Math.max(o.maxTokens, this.vocab!.length) : this.vocab!.length;
  }

  /** The vocabulary columns of a word list's n-grams, in ngramTokens' order. */
  private ids(words: readonly string[]): Int32Array {
    const grams = this.lookup!.index.grams(words, false);
    return Int32Array.from(grams, (g) => this.column(g));
  }

  /**
   * Vector modes as a sparse (n × width) matrix: what a linear model reads without building the dense one.
   * @example new TextVectorization({ outputMode: 'tfIdf', ngrams: 2 }).adapt(train).transformSparse(test)
   */
  transformSparse(texts: string[]): CsrMatrix {
    return this.transformSparseWords(texts.map((t) => this.split(t)));
  }

  /** `transformSparse` on texts already split by `split`. */
  transformSparseWords(wordLists: readonly (readonly string[])[]): CsrMatrix {
    if (!this.lookup) notFitted(this.kind);
    const o = this.options;
    if (o.outputMode === 'int')
      throw new DataError("TextVectorization: transformSparse needs a vector outputMode, not 'int'");
    const { index } = this.lookup;
    const idf = this.idf;
    const indptr = new Int32Array(wordLists.length + 1);
    // Each row's columns counted by sorting them, into typed arrays grown by doubling.
    let cols = new Int32Array(1 << 16);
    let vals = new Float32Array(1 << 16);
    let ids = new Int32Array(256);
    let nnz = 0;
    wordLists.forEach((words, i) => {
      const grams = index.grams(words, false);
      if (grams.length > ids.length) ids = new Int32Array(grams.length * 2);
      for (let t = 0; t < grams.length; t++) ids[t] = this.column(grams[t]!);
      const sorted = ids.subarray(0, grams.length).sort();
      if (nnz + sorted.length > cols.length) {
        cols = grownTo(cols, nnz + sorted.length);
        vals = grownTo(vals, nnz + sorted.length);
      }
      const start = nnz;
      let sq = 0;
      for (let t = 0; t < sorted.length;) {
        const j = sorted[t]!;
        const first = t;
        while (t < sorted.length && sorted[t] === j) t++;
        const count = t - first;
        let v = count;
        if (o.outputMode === 'multiHot') v = 1;
        else if (o.outputMode === 'tfIdf') v = (o.sublinearTf ? 1 + Math.log(count) : count) * idf![j]!;
        if (v === 0) continue;
        cols[nnz] = j;
        vals[nnz++] = v;
        sq += v * v;
      }
      if (o.norm === 'l2' && o.outputMode !== 'multiHot' && sq > 0) {
        const s = 1 / Math.sqrt(sq);
        for (let p = start; p < nnz; p++) vals[p]! *= s;
      }
      indptr[i + 1] = nnz;
    });
    return {
      rows: wordLists.length,
      cols: this.width,
      indptr,
      indices: cols.slice(0, nnz),
      values: vals.slice(0, nnz),
    };
  }

  /** int: (n, length) token ids, 1 for unknown; other modes: (n, vocabulary or maxTokens) float32. */
  transform(texts: string[]): IntMatrix | FloatMatrix {
    if (!this.lookup) notFitted(this.kind);
    if (this.options.outputMode !== 'int') return csrToDense(this.transformSparse(texts));
    const ids = texts.map((t) => this.ids(this.split(t)));
    const len = this.options.outputSequenceLength ?? ids.reduce((m, s) => Math.max(m, s.length), 0);
    const out = new Int32Array(ids.length * len);
    ids.forEach((s, i) => out.set(s.length > len ? s.slice(0, len) : s, i * len));
    return { data: out, shape: [ids.length, len] };
  }

  toJSON(): StepJSON {
    if (!this.vocab) notFitted(this.kind);
    if (typeof this.options.standardize === 'function')
      throw new DataError(
        'TextVectorization: a standardize function cannot be saved with the model; standardize the texts before the step, or use a named standardize',
      );
    const { vocabulary: _fixed, ...options } = this.options;
    return {
      kind: this.kind,
      options,
      vocabulary: this.vocab,
      idf: this.idf ? Array.from(this.idf) : null,
    };
  }

  static fromJSON(json: StepJSON): TextVectorization {
    // Models saved before `split: 'auto'` existed split on whitespace by default.
    const options = { split: 'whitespace' as const, ...field<TextVectorizationOptions>(json, 'options') };
    const tv = new TextVectorization(options);
    tv.setVocabulary(field<string[]>(json, 'vocabulary'), (json.idf as number[] | null) ?? undefined);
    return tv;
  }
}

registerStep('TextVectorization', TextVectorization.fromJSON);

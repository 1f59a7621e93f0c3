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
import { ngramSizes, tokenizeText, type Split, type Standardize } from './text-tokens.js';

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
  private index?: Map<string, number>;
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

  /** Learns the vocabulary (or, with a fixed one, only the document frequencies tf-idf needs). */
  adapt(texts: Iterable<string>): this {
    const tokenize = (t: string): string[] => this.tokenize(t);
    return this.adaptTokens(
      (function* () {
        for (const t of texts) yield tokenize(t);
      })(),
    );
  }

  /**
   * `adapt` on texts already split by `tokenize` (e.g. tokens kept for several fits on the same texts:
   * the tokenizer is most of a fit's time).
   */
  adaptTokens(tokenLists: Iterable<readonly string[]>): this {
    const fixed = this.options.vocabulary;
    const id = new Map<string, number>(fixed?.map((t, i) => [t, i]));
    let counts = new Float64Array(1024);
    let docs = new Int32Array(1024);
    let last = new Int32Array(1024).fill(-1);
    let nDocs = 0;
    for (const tokens of tokenLists) {
      for (const w of tokens) {
        let j = id.get(w);
        if (j === undefined) {
          if (fixed) continue;
          j = id.size;
          id.set(w, j);
          if (j >= counts.length) {
            const grow = <T extends Float64Array | Int32Array>(a: T, fill: number): T => {
              const b = new (a.constructor as new (n: number) => T)(a.length * 2);
              b.fill(fill);
              b.set(a);
              return b;
            };
            counts = grow(counts, 0);
            docs = grow(docs, 0);
            last = grow(last, -1);
          }
        }
        counts[j]!++;
        if (last[j] !== nDocs) {
          last[j] = nDocs;
          docs[j]!++;
        }
      }
      nDocs++;
    }
    let learned: string[];
    if (fixed) learned = fixed;
    else {
      for (const sp of ['', '[UNK]']) id.delete(sp);
      const entries = [...id].filter(([, j]) => docs[j]! >= this.options.minDf);
      entries.sort((a, b) => counts[b[1]]! - counts[a[1]]! || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0));
      const room =
        this.options.maxTokens === undefined
          ? entries.length
          : Math.max(0, this.options.maxTokens - this.specials.length);
      learned = entries.slice(0, room).map((e) => e[0]);
    }
    let idf: number[] | undefined;
    if (this.options.outputMode === 'tfIdf') {
      const df = (t: string): number => docs[id.get(t)!] ?? 0;
      const o = this.options;
      const w = learned.map((t) =>
        o.idfFormula === 'keras'
          ? Math.log(1 + nDocs / (1 + df(t)))
          : o.smoothIdf
            ? Math.log((1 + nDocs) / (1 + df(t))) + 1
            : Math.log(nDocs / Math.max(df(t), 1)) + 1,
      );
      const mean = w.length ? w.reduce((a, b) => a + b, 0) / w.length : 0;
      const unk = o.idfFormula === 'keras' ? mean : 0;
      idf = [...this.specials.map(() => unk), ...w];
    }
    this.setVocabulary([...this.specials, ...learned], idf);
    return this;
  }

  fit(texts: string[]): this {
    return this.adapt(texts);
  }

  private setVocabulary(vocab: string[], idf?: number[]): void {
    this.vocab = vocab;
    this.index = new Map(vocab.map((t, i) => [t, i]));
    this.idf = idf ? Float64Array.from(idf) : undefined;
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

  private ids(tokens: readonly string[]): number[] {
    const unk = this.index!.get('[UNK]')!;
    return tokens.map((w) => this.index!.get(w) ?? unk);
  }

  /**
   * Vector modes as a sparse (n × width) matrix: what a linear model reads without building the dense one.
   * @example new TextVectorization({ outputMode: 'tfIdf', ngrams: 2 }).adapt(train).transformSparse(test)
   */
  transformSparse(texts: string[]): CsrMatrix {
    return this.transformSparseTokens(texts.map((t) => this.tokenize(t)));
  }

  /** `transformSparse` on texts already split by `tokenize`. */
  transformSparseTokens(tokenLists: readonly (readonly string[])[]): CsrMatrix {
    if (!this.index) notFitted(this.kind);
    const o = this.options;
    if (o.outputMode === 'int')
      throw new DataError("TextVectorization: transformSparse needs a vector outputMode, not 'int'");
    const indptr = new Int32Array(tokenLists.length + 1);
    const cols: number[] = [];
    const vals: number[] = [];
    const row = new Map<number, number>();
    tokenLists.forEach((tokens, i) => {
      row.clear();
      for (const j of this.ids(tokens)) row.set(j, (row.get(j) ?? 0) + 1);
      const keys = [...row.keys()].sort((a, b) => a - b);
      const start = cols.length;
      let sq = 0;
      for (const j of keys) {
        const c = row.get(j)!;
        let v = c;
        if (o.outputMode === 'multiHot') v = 1;
        else if (o.outputMode === 'tfIdf') v = (o.sublinearTf ? 1 + Math.log(c) : c) * this.idf![j]!;
        if (v === 0) continue;
        cols.push(j);
        vals.push(v);
        sq += v * v;
      }
      if (o.norm === 'l2' && o.outputMode !== 'multiHot' && sq > 0) {
        const s = 1 / Math.sqrt(sq);
        for (let p = start; p < vals.length; p++) vals[p]! *= s;
      }
      indptr[i + 1] = cols.length;
    });
    return {
      rows: tokenLists.length,
      cols: this.width,
      indptr,
      indices: Int32Array.from(cols),
      values: Float32Array.from(vals),
    };
  }

  /** int: (n, length) token ids, 1 for unknown; other modes: (n, vocabulary or maxTokens) float32. */
  transform(texts: string[]): IntMatrix | FloatMatrix {
    if (!this.index) notFitted(this.kind);
    if (this.options.outputMode !== 'int') return csrToDense(this.transformSparse(texts));
    const ids = texts.map((t) => this.ids(this.tokenize(t)));
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

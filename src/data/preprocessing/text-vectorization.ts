/**
 * Keras' TextVectorization layer as a preprocessing step: standardize → split → vocabulary lookup →
 * int sequences or multi-hot / count / tf-idf vectors. Vocabulary order follows Keras 3: count
 * descending, ties broken by the token in descending order; '' (mask) at 0 and '[UNK]' at 1 in int mode.
 */
import { DataError } from '../errors.js';
import type { FloatMatrix, IntMatrix } from '../types.js';
import { field, notFitted, registerStep, type Step, type StepJSON } from './step.js';

/** Keras' DEFAULT_STRIP_REGEX: ASCII punctuation including the apostrophe. */
const STRIP = /[!"#$%&()*+,\-./:;<=>?@[\\\]^_`{|}~']/g;

export interface TextVectorizationOptions {
  /** Default 'lower_and_strip_punctuation'; lowercasing is ASCII-only, as TensorFlow's. */
  standardize?: 'lower_and_strip_punctuation' | 'lower' | 'strip_punctuation' | null;
  /** Default 'whitespace'. */
  split?: 'whitespace' | 'character' | null;
  /** Vocabulary size including the special tokens. */
  maxTokens?: number;
  /** Default 'int'. */
  outputMode?: 'int' | 'multiHot' | 'count' | 'tfIdf';
  /** int mode: pad (with 0) or truncate at the end to this length. */
  outputSequenceLength?: number;
  /** Non-int modes: output width maxTokens even when the vocabulary is smaller. */
  padToMaxTokens?: boolean;
}

/**
 * @example
 * const tv = new TextVectorization({ maxTokens: 20000, outputSequenceLength: 100 });
 * tv.adapt(trainTexts);
 * const x = tv.transform(['What a great film!']); // IntMatrix, shape [1, 100]
 */
export class TextVectorization implements Step<string[], IntMatrix | FloatMatrix> {
  readonly kind = 'TextVectorization';
  readonly options: Required<
    Pick<TextVectorizationOptions, 'standardize' | 'split' | 'outputMode' | 'padToMaxTokens'>
  > &
    TextVectorizationOptions;
  private vocab?: string[];
  private index?: Map<string, number>;
  private idf?: Float64Array;

  constructor(opts: TextVectorizationOptions = {}) {
    this.options = {
      standardize: 'lower_and_strip_punctuation',
      split: 'whitespace',
      outputMode: 'int',
      padToMaxTokens: false,
      ...opts,
    };
    const mode = this.options.outputMode;
    if (!['int', 'multiHot', 'count', 'tfIdf'].includes(mode))
      throw new DataError(
        `TextVectorization: outputMode ${JSON.stringify(mode)} must be 'int', 'multiHot', 'count' or 'tfIdf'`,
      );
    if (opts.outputSequenceLength !== undefined && mode !== 'int')
      throw new DataError("TextVectorization: outputSequenceLength applies only to outputMode 'int'");
  }

  private get specials(): string[] {
    return this.options.outputMode === 'int' ? ['', '[UNK]'] : ['[UNK]'];
  }

  /** The tokens of one text after standardize and split. */
  tokenize(text: string): string[] {
    let t = text;
    const s = this.options.standardize;
    if (s === 'lower' || s === 'lower_and_strip_punctuation')
      t = t.replace(/[A-Z]+/g, (m) => m.toLowerCase());
    if (s === 'strip_punctuation' || s === 'lower_and_strip_punctuation') t = t.replace(STRIP, '');
    if (this.options.split === 'whitespace') return t.split(/\s+/).filter((w) => w.length > 0);
    if (this.options.split === 'character') return [...t];
    return [t];
  }

  /** Learns the vocabulary (and document frequencies for tf-idf). */
  adapt(texts: Iterable<string>): this {
    const counts = new Map<string, number>();
    const docs = new Map<string, number>();
    let nDocs = 0;
    for (const text of texts) {
      nDocs++;
      const toks = this.tokenize(text);
      for (const w of toks) counts.set(w, (counts.get(w) ?? 0) + 1);
      for (const w of new Set(toks)) docs.set(w, (docs.get(w) ?? 0) + 1);
    }
    for (const sp of ['', '[UNK]']) counts.delete(sp);
    const sorted = [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0))
      .map((e) => e[0]);
    const room =
      this.options.maxTokens === undefined
        ? sorted.length
        : Math.max(0, this.options.maxTokens - this.specials.length);
    const learned = sorted.slice(0, room);
    let idf: number[] | undefined;
    if (this.options.outputMode === 'tfIdf') {
      const w = learned.map((t) => Math.log(1 + nDocs / (1 + docs.get(t)!)));
      const mean = w.length ? w.reduce((a, b) => a + b, 0) / w.length : 0;
      idf = [...this.specials.map(() => mean), ...w];
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

  /** Size of the vocabulary including special tokens (the Embedding's inputDim). */
  vocabularySize(): number {
    return this.getVocabulary().length;
  }

  /** int: (n, length) token ids, 1 for unknown; other modes: (n, vocabulary or maxTokens) float32. */
  transform(texts: string[]): IntMatrix | FloatMatrix {
    if (!this.index) notFitted(this.kind);
    const unk = this.index.get('[UNK]')!;
    const ids = texts.map((t) => this.tokenize(t).map((w) => this.index!.get(w) ?? unk));
    if (this.options.outputMode === 'int') {
      const len = this.options.outputSequenceLength ?? ids.reduce((m, s) => Math.max(m, s.length), 0);
      const out = new Int32Array(ids.length * len);
      ids.forEach((s, i) => out.set(s.slice(0, len), i * len));
      return { data: out, shape: [ids.length, len] };
    }
    const width =
      this.options.padToMaxTokens && this.options.maxTokens ? this.options.maxTokens : this.vocab!.length;
    const out = new Float32Array(ids.length * width);
    ids.forEach((s, i) => {
      for (const j of s) {
        if (this.options.outputMode === 'multiHot') out[i * width + j] = 1;
        else out[i * width + j]! += 1;
      }
      if (this.options.outputMode === 'tfIdf')
        for (let j = 0; j < this.vocab!.length; j++) out[i * width + j]! *= this.idf![j]!;
    });
    return { data: out, shape: [ids.length, width] };
  }

  toJSON(): StepJSON {
    if (!this.vocab) notFitted(this.kind);
    return {
      kind: this.kind,
      options: this.options,
      vocabulary: this.vocab,
      idf: this.idf ? Array.from(this.idf) : null,
    };
  }

  static fromJSON(json: StepJSON): TextVectorization {
    const tv = new TextVectorization(field<TextVectorizationOptions>(json, 'options'));
    tv.setVocabulary(field<string[]>(json, 'vocabulary'), (json.idf as number[] | null) ?? undefined);
    return tv;
  }
}

registerStep('TextVectorization', TextVectorization.fromJSON);

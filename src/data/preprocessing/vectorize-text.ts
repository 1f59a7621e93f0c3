/**
 * The text columns of a model through Keras' TextVectorization: documents → int sequences for an
 * Embedding, or multi-hot / count / tf-idf vectors for Dense. Several columns are joined, in the order
 * given, with a separator word between them (one input; a model with one input per column is not built).
 */
import { BatchStep, type PipelineInfo, type RowBatch } from './batch.js';
import { requireColumn } from './frame-steps.js';
import { field, registerStep, type StepJSON } from './step.js';
import { cleanText, unreadableRows } from './text-steps.js';
import { TextVectorization, type TextVectorizationOptions } from './text-vectorization.js';

/** Between the texts of several columns: a word every standardize and split keeps as one token. */
export const COLUMN_SEPARATOR = 'xxsep';

export interface VectorizeTextOptions extends Omit<TextVectorizationOptions, 'standardize'> {
  /** The text column(s). */
  columns: string[];
  standardize?: 'lower_and_strip_punctuation' | 'lower' | 'strip_punctuation' | null;
}

/** What fit saw in the training texts that a user should hear about. */
export interface TextStats {
  documents: number;
  /** U+FFFD replacement characters (invalid UTF-8 bytes in the file, replaced when it was read). */
  replaced: number;
}

/**
 * @example
 * new VectorizeText({ columns: ['title', 'text'], outputMode: 'tfIdf', ngrams: 2, maxTokens: 20000 }).fit(batch)
 */
export class VectorizeText extends BatchStep {
  readonly kind = 'VectorizeText';
  readonly options: VectorizeTextOptions;
  readonly vectorizer: TextVectorization;
  /** Set by fit. */
  stats?: TextStats;
  /** By vocabulary id: 1 for a word of the text, 0 for padding, [UNK] and the column separator. */
  private words?: Uint8Array;

  constructor(opts: VectorizeTextOptions, vectorizer?: TextVectorization) {
    super();
    this.options = opts;
    const { columns: _c, ...tv } = opts;
    this.vectorizer = vectorizer ?? new TextVectorization(tv);
  }

  /** The documents of a batch: the columns' texts (`<br />` as a space) joined by the separator. */
  texts(batch: RowBatch): string[] {
    const cols = this.options.columns.map((c) => {
      requireColumn(batch.frame, c, 'text', batch.where);
      return batch.frame.column(c) as ArrayLike<unknown>;
    });
    return Array.from({ length: batch.frame.nRows }, (_, i) =>
      cols
        .map((col) => cleanText(col[i] === null || col[i] === undefined ? null : String(col[i])))
        .join(` ${COLUMN_SEPARATOR} `),
    );
  }

  override fit(batch: RowBatch): this {
    const texts = this.texts(batch).slice(0, batch.fitEnd ?? batch.frame.nRows);
    this.vectorizer.adapt(texts);
    this.words = undefined;
    // Texts with no token are counted from the transformed batch (RowBatch.unreadable), not split again here.
    let replaced = 0;
    for (const t of texts) for (const ch of t) if (ch === '\uFFFD') replaced++;
    this.stats = { documents: texts.length, replaced };
    return this;
  }

  /**
   * Warnings about the training texts (replaced bytes), for the console. Texts with no token are told
   * from the transformed batch (RowBatch.unreadable), which also counts texts of unknown words only.
   */
  warnings(): string[] {
    const s = this.stats;
    if (!s) return [];
    const out: string[] = [];
    if (s.replaced)
      out.push(
        // The file may hold the character itself (a corpus cleaned once before): both are said.
        `${s.replaced} replacement character(s) (U+FFFD, �) in the training texts: bytes that were not valid UTF-8 when the file was read, or the character as the file already had it; if the texts look garbled, give data.encoding`,
      );
    return out;
  }

  transform(batch: RowBatch): RowBatch {
    const texts = this.texts(batch);
    // Vector modes stay sparse (a document uses a few hundred of maxTokens columns): the model
    // densifies a batch at a time.
    const int = this.vectorizer.options.outputMode === 'int';
    const x = int ? this.vectorizer.transform(texts) : this.vectorizer.transformSparse(texts);
    const words = (this.words ??= this.wordIds());
    return { ...batch, texts, x, unreadable: unreadableRows(x, (id) => words[id] === 1) };
  }

  /**
   * Which vocabulary ids are words of a text: not the special tokens, and not the separator between
   * columns (nor n-grams of separators alone), which every joined document holds.
   */
  private wordIds(): Uint8Array {
    const vocab = this.vectorizer.getVocabulary();
    const specials = this.vectorizer.options.outputMode === 'int' ? 2 : 1;
    return Uint8Array.from(vocab, (entry, id) =>
      id < specials || entry.split(' ').every((w) => w === COLUMN_SEPARATOR) ? 0 : 1,
    );
  }

  override describe(): Partial<PipelineInfo> {
    const vocab = this.vectorizer.getVocabulary();
    const int = this.vectorizer.options.outputMode === 'int';
    return {
      input: 'text',
      textColumn: this.options.columns.join(', '),
      ...(this.options.columns.length > 1 ? { textColumns: this.options.columns } : {}),
      vocabulary: vocab.length,
      decode: (row) =>
        int
          ? Array.from(row, (i) => vocab[i] ?? '?')
          : Array.from(row).flatMap((v, j) => (v !== 0 ? [vocab[j] ?? '?'] : [])),
    };
  }

  toJSON(): StepJSON {
    const { vocabulary: _v, ...options } = this.options;
    return { kind: this.kind, options, vectorizer: this.vectorizer.toJSON() };
  }

  static fromJSON(json: StepJSON): VectorizeText {
    return new VectorizeText(
      field<VectorizeTextOptions>(json, 'options'),
      TextVectorization.fromJSON(field<StepJSON>(json, 'vectorizer')),
    );
  }
}

registerStep('VectorizeText', VectorizeText.fromJSON);

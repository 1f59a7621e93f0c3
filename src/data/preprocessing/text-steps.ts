/** The text column of a model: documents → padded word-index sequences or multi-hot vectors. */
import { BatchStep, type RowBatch, type PipelineInfo } from './batch.js';
import { requireColumn } from './frame-steps.js';
import { padSequences } from './pad-sequences.js';
import { field, registerStep, type StepJSON } from './step.js';
import { Tokenizer } from './tokenizer.js';
import { isCsr, type CsrMatrix } from '../sparse.js';
import type { FloatMatrix, IntMatrix } from '../types.js';

/** `<br />` tags become spaces, as in the IMDB tutorials. */
export function cleanText(t: string | null): string {
  return (t ?? '').replace(/<br\s*\/?>/gi, ' ');
}

/**
 * The samples of an encoded text batch that hold no token `known` accepts (padding, the unknown token
 * and the separator between columns are not known words): int sequences by their ids, vectors by their
 * nonzero columns. Their prediction is the model's answer to an empty text, so a user must hear of them.
 * @example unreadableRows({ data: Int32Array.of(5, 1, 0, 1, 0, 0), shape: [2, 3] }, (id) => id > 1) // [1]
 */
export function unreadableRows(
  x: IntMatrix | FloatMatrix | CsrMatrix,
  known: (id: number) => boolean,
): number[] {
  const out: number[] = [];
  if (isCsr(x)) {
    for (let i = 0; i < x.rows; i++) {
      let read = false;
      for (let p = x.indptr[i]!; p < x.indptr[i + 1]! && !read; p++)
        read = x.values[p] !== 0 && known(x.indices[p]!);
      if (!read) out.push(i);
    }
    return out;
  }
  const [n, width] = [x.shape[0]!, x.shape[1]!];
  const ids = x.data instanceof Int32Array;
  for (let i = 0; i < n; i++) {
    let read = false;
    for (let j = 0; j < width && !read; j++) {
      const v = x.data[i * width + j]!;
      read = ids ? known(v) : v !== 0 && known(j);
    }
    if (!read) out.push(i);
  }
  return out;
}

export interface TokenizeTextOptions {
  column: string;
  /** 'sequence': padded word indices for an Embedding; 'multiHot': a numWords-wide 0/1 vector for Dense. */
  mode: 'sequence' | 'multiHot';
  numWords: number;
  /** Sequence length (default 200). */
  maxlen?: number;
  padding?: 'pre' | 'post';
  truncating?: 'pre' | 'post';
  lower?: boolean;
  /** Every character is a token: for scripts written without spaces (Chinese, Japanese). Default false. */
  charLevel?: boolean;
}

/**
 * Keras' Tokenizer over a text column, fitted on the training documents.
 * @example new TokenizeText({ column: 'review', mode: 'sequence', numWords: 20000, maxlen: 100 }).fit(trainBatch)
 */
export class TokenizeText extends BatchStep {
  readonly kind = 'TokenizeText';
  readonly options: Required<TokenizeTextOptions>;
  tokenizer: Tokenizer;

  constructor(opts: TokenizeTextOptions, tokenizer?: Tokenizer) {
    super();
    this.options = {
      maxlen: 200,
      padding: 'pre',
      truncating: 'pre',
      lower: true,
      charLevel: false,
      ...opts,
    };
    this.tokenizer =
      tokenizer ??
      new Tokenizer({
        numWords: opts.numWords,
        lower: this.options.lower,
        ...(this.options.charLevel ? { charLevel: true } : {}),
        ...(opts.mode === 'sequence' ? { oovToken: '<OOV>' } : {}),
      });
  }

  private texts(batch: RowBatch): string[] {
    requireColumn(batch.frame, this.options.column, 'text', batch.where);
    return Array.from(batch.frame.column(this.options.column) as ArrayLike<unknown>, (v) =>
      cleanText(v === null ? null : String(v)),
    );
  }

  override fit(batch: RowBatch): this {
    this.tokenizer.fitOnTexts(this.texts(batch));
    return this;
  }

  transform(batch: RowBatch): RowBatch {
    const texts = this.texts(batch);
    const o = this.options;
    const x =
      o.mode === 'multiHot'
        ? this.tokenizer.textsToMatrix(texts, 'binary')
        : padSequences(this.tokenizer.textsToSequences(texts), {
            maxlen: o.maxlen,
            padding: o.padding,
            truncating: o.truncating,
          });
    // Sequences: 0 pads and 1 is <OOV>; multi-hot rows hold known words only (column 0 is never set).
    const unreadable = unreadableRows(x, (id) => (o.mode === 'multiHot' ? id > 0 : id > 1));
    return { ...batch, texts, x, unreadable };
  }

  override describe(): Partial<PipelineInfo> {
    const index = this.tokenizer.indexWord;
    return {
      input: 'text',
      textColumn: this.options.column,
      vocabulary: this.options.numWords,
      decode: (row) => Array.from(row, (i) => (i === 0 ? '' : (index.get(i) ?? '?'))),
    };
  }

  toJSON(): StepJSON {
    return { kind: this.kind, options: this.options, tokenizer: this.tokenizer.toJSON() };
  }

  static fromJSON(json: StepJSON): TokenizeText {
    return new TokenizeText(
      field<TokenizeTextOptions>(json, 'options'),
      Tokenizer.fromJSON(field<StepJSON>(json, 'tokenizer')),
    );
  }
}

registerStep('TokenizeText', TokenizeText.fromJSON);

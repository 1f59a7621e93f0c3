/**
 * The IMDB sentiment data set (Maas et al. 2011) with Keras' conventions: 0 = padding, 1 = start,
 * 2 = out-of-vocabulary, words from `indexFrom` (3) by frequency rank over the training set.
 * Reads imdb_{train,test}.csv(.xz|.gz) (columns …,label,text), or the aclImdb folder layout.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../errors.js';
import { readCsv } from '../io/csv.js';
import { readTextFolder } from '../io/text-folder.js';
import { readNpz, type NpyArray } from '../io/npy.js';
import { readTextFile } from '../io/compressed.js';
import { permutation } from '../random.js';
import { textToWordSequence } from '../preprocessing/tokenizer.js';
import { dataDirs } from './paths.js';

const HOW_TO_GET =
  'Get imdb_train.csv.xz / imdb_test.csv.xz (columns id,rating,label,text), or the aclImdb folder from https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz (unpack it).';

export interface ImdbRaw {
  train: { texts: string[]; labels: Int32Array };
  test: { texts: string[]; labels: Int32Array };
  /** Where the data came from. */
  source: string;
}

export interface ImdbLoadOptions {
  /** A folder holding the files (or an aclImdb folder); else $SEQLAB_DATA, else ~/.cache/seqlab. */
  path?: string;
  /** Keep word indices < numWords; others become oovChar. */
  numWords?: number;
  /** Truncate longer reviews to their first maxlen indices (Keras' docs; its code drops them instead). */
  maxlen?: number;
  /** Index of the most frequent word (default 3). */
  indexFrom?: number;
  /** Indices below skipTop become oovChar (default 0). */
  skipTop?: number;
  /** Shuffle each split (default true, seed 113 as Keras) — the files are sorted by label. */
  shuffle?: boolean;
  seed?: number;
  startChar?: number;
  oovChar?: number;
}

export interface ImdbData {
  xTrain: Int32Array[];
  yTrain: Int32Array;
  xTest: Int32Array[];
  yTest: Int32Array;
  /** word → frequency rank (1 = most frequent), as Keras' imdb.get_word_index(). */
  getWordIndex(): Map<string, number>;
  /** Index sequence → text ('?' for 0, 1, 2 and unknown indices, as the Keras tutorial decodes). */
  decode(seq: ArrayLike<number>): string;
  source: string;
}

/** Keras-style word split of a review: `<br />` removed, lowercased, punctuation as separators. */
export function imdbWords(text: string): string[] {
  return textToWordSequence(text.replace(/<br\s*\/?>/gi, ' '));
}

type Source =
  | { kind: 'csv'; train: string; test: string }
  | { kind: 'folder'; root: string }
  | { kind: 'npz'; npz: string; wordIndex?: string };

function findSource(path?: string, allowNpz = false): Source {
  const tried: string[] = [];
  for (const dir of dataDirs(path)) {
    for (const ext of ['.csv.xz', '.csv.gz', '.csv']) {
      const train = join(dir, `imdb_train${ext}`);
      tried.push(train);
      if (existsSync(train)) {
        const test = join(dir, `imdb_test${ext}`);
        if (!existsSync(test))
          throw new DataError(`IMDB: found ${train} but not ${test}; both splits are needed`);
        return { kind: 'csv', train, test };
      }
    }
    if (allowNpz) {
      const npz = join(dir, 'imdb.npz');
      tried.push(npz);
      if (existsSync(npz)) {
        const wi = join(dir, 'imdb_word_index.json');
        return { kind: 'npz', npz, ...(existsSync(wi) ? { wordIndex: wi } : {}) };
      }
    }
    for (const root of [dir, join(dir, 'aclImdb')]) {
      tried.push(`${root}/{train,test}/{neg,pos}`);
      if (existsSync(join(root, 'train', 'pos')) && statSync(join(root, 'train', 'pos')).isDirectory())
        return { kind: 'folder', root };
    }
  }
  throw new DataError(
    `IMDB: data not found; looked for ${tried.join(', ')}. ${HOW_TO_GET} Then pass { path }, set SEQLAB_DATA to the folder, or put the files in ~/.cache/seqlab.`,
  );
}

async function readCsvSplit(file: string): Promise<{ texts: string[]; labels: Int32Array }> {
  const df = await readCsv(file, { dtypes: { text: 'string', label: 'number' }, delimiter: ',' });
  for (const c of ['text', 'label'])
    if (!df.columns.includes(c))
      throw new DataError(`${file}: expected columns "label" and "text", found ${df.columns.join(', ')}`);
  const texts = df.column('text') as (string | null)[];
  const labels = df.numeric('label');
  const y = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1)
      throw new DataError(`${file}, line ${i + 2}, column "label": ${labels[i]} is not 0 or 1`);
    y[i] = labels[i]!;
  }
  return { texts: texts.map((t) => t ?? ''), labels: y };
}

/**
 * The raw reviews and labels (0 = negative, 1 = positive), official split, file order (sorted by label).
 * @example const { train, test } = await loadImdbRaw({ path: '../shared/data' });
 */
export async function loadImdbRaw(opts: { path?: string } = {}): Promise<ImdbRaw> {
  const src = findSource(opts.path);
  if (src.kind === 'npz')
    throw new DataError(
      `${src.npz}: imdb.npz holds index sequences, not texts; loadImdbRaw needs the CSVs or the aclImdb folder`,
    );
  if (src.kind === 'csv') {
    const [train, test] = await Promise.all([readCsvSplit(src.train), readCsvSplit(src.test)]);
    return { train, test, source: src.train.replace(/imdb_train/, 'imdb_{train,test}') };
  }
  const split = async (name: string): Promise<{ texts: string[]; labels: Int32Array }> => {
    const f = await readTextFolder(join(src.root, name), { classNames: ['neg', 'pos'] });
    return { texts: f.texts, labels: f.labels };
  };
  return { train: await split('train'), test: await split('test'), source: src.root };
}

/**
 * IMDB as Keras' imdb.load_data: index sequences with start/OOV markers, the official 25 000/25 000 split.
 * @example
 * const imdb = await loadImdb({ numWords: 10000 });
 * imdb.xTrain.length; // 25000
 * imdb.decode(imdb.xTrain[0]);
 */
export async function loadImdb(opts: ImdbLoadOptions = {}): Promise<ImdbData> {
  const {
    indexFrom = 3,
    skipTop = 0,
    startChar = 1,
    oovChar = 2,
    numWords,
    maxlen,
    shuffle = true,
    seed = 113,
  } = opts;
  const src = findSource(opts.path, true);
  if (src.kind === 'npz') return loadImdbNpz(src.npz, src.wordIndex, opts);
  const raw = await loadImdbRaw(opts);
  // Frequency rank over the training set; ties keep first-seen order. Words are split again when
  // encoding rather than kept, which halves peak memory.
  const counts = new Map<string, number>();
  for (const text of raw.train.texts)
    for (const w of imdbWords(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const rank = new Map<string, number>(ranked.map(([w], i) => [w, i + 1]));
  const encode = (text: string): Int32Array => {
    const doc = imdbWords(text);
    const n = maxlen === undefined ? doc.length + 1 : Math.min(maxlen, doc.length + 1);
    const out = new Int32Array(n);
    out[0] = startChar;
    for (let k = 1; k < n; k++) {
      const r = rank.get(doc[k - 1]!);
      const idx = r === undefined ? oovChar : r + indexFrom;
      out[k] = (numWords !== undefined && idx >= numWords) || idx < skipTop ? oovChar : idx;
    }
    return out;
  };
  const order = (n: number, s: number): Int32Array =>
    shuffle ? permutation(n, s) : Int32Array.from({ length: n }, (_, i) => i);
  const pTrain = order(raw.train.texts.length, seed);
  const pTest = order(raw.test.texts.length, seed + 1);
  const reverse = new Map<number, string>(ranked.map(([w], i) => [i + 1 + indexFrom, w]));
  return {
    xTrain: Array.from(pTrain, (i) => encode(raw.train.texts[i]!)),
    yTrain: Int32Array.from(pTrain, (i) => raw.train.labels[i]!),
    xTest: Array.from(pTest, (i) => encode(raw.test.texts[i]!)),
    yTest: Int32Array.from(pTest, (i) => raw.test.labels[i]!),
    getWordIndex: () => new Map(rank),
    decode: (seq) => Array.from(seq, (i) => reverse.get(i) ?? '?').join(' '),
    source: raw.source,
  };
}

function npzSplit(
  arrays: Map<string, NpyArray>,
  key: string,
  file: string,
): unknown[] | Float32Array | Float64Array | Int32Array | Uint8Array {
  const a = arrays.get(key);
  if (!a)
    throw new DataError(
      `${file}: no array "${key}"; found ${[...arrays.keys()].join(', ')} (expected Keras' x_train, y_train, x_test, y_test)`,
    );
  return a.data;
}

/** Keras' own imdb.npz (raw frequency ranks, 1-based) with the same index arithmetic as keras.datasets.imdb.load_data. */
async function loadImdbNpz(
  file: string,
  wordIndexFile: string | undefined,
  opts: ImdbLoadOptions,
): Promise<ImdbData> {
  const {
    indexFrom = 3,
    skipTop = 0,
    startChar = 1,
    oovChar = 2,
    numWords,
    maxlen,
    shuffle = true,
    seed = 113,
  } = opts;
  const arrays = await readNpz(file);
  const encode = (seq: unknown, i: number): Int32Array => {
    if (!Array.isArray(seq)) throw new DataError(`${file}: sequence ${i} is not a list of word ranks`);
    const full = [startChar, ...seq.map((w: number) => w + indexFrom)];
    const kept = maxlen === undefined ? full : full.slice(0, maxlen);
    return Int32Array.from(kept, (w, k) =>
      k === 0 ? w : (numWords !== undefined && w >= numWords) || w < skipTop ? oovChar : w,
    );
  };
  const split = (x: string, y: string, s: number): { x: Int32Array[]; y: Int32Array } => {
    const xs = npzSplit(arrays, x, file) as unknown[];
    const ys = npzSplit(arrays, y, file) as ArrayLike<number>;
    const p = shuffle ? permutation(xs.length, s) : Int32Array.from({ length: xs.length }, (_, i) => i);
    return { x: Array.from(p, (i) => encode(xs[i], i)), y: Int32Array.from(p, (i) => ys[i]!) };
  };
  const train = split('x_train', 'y_train', seed);
  const test = split('x_test', 'y_test', seed + 1);
  let rank = new Map<string, number>();
  if (wordIndexFile)
    rank = new Map(Object.entries(JSON.parse(await readTextFile(wordIndexFile)) as Record<string, number>));
  const reverse = new Map<number, string>([...rank].map(([w, r]) => [r + indexFrom, w]));
  return {
    xTrain: train.x,
    yTrain: train.y,
    xTest: test.x,
    yTest: test.y,
    getWordIndex: () => {
      if (!wordIndexFile)
        throw new DataError(
          `${file}: no imdb_word_index.json beside it; get it from https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb_word_index.json`,
        );
      return new Map(rank);
    },
    decode: (seq) => Array.from(seq, (i) => reverse.get(i) ?? '?').join(' '),
    source: file,
  };
}

/** `datasets.imdb.load(...)` / `datasets.imdb.loadRaw(...)`. */
export const imdb = { load: loadImdb, loadRaw: loadImdbRaw };

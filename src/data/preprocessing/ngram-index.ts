/**
 * Integer ids for the n-grams of word lists, without building their strings.
 *
 * A bag of word 1–2-grams over IMDB's 25k reviews is 11.5M n-grams, 1.5M distinct. Joining each bigram
 * into a string and looking it up in a Map<string, number> made the vectorizer's time (and its 11.5M
 * short-lived strings most of the collector's). Here words get ids from one Map, and an n-gram is the
 * pair (id of its first n−1 words, id of its last word) in an open-addressing table of int32 pairs: a
 * bigram lookup is two integer hashes in typed arrays. The n-gram's text ("w1 w2", Keras' joining) is
 * built only for the vocabulary that is kept. Written here because no Map keyed by number pairs exists
 * in JavaScript: Map<number> keys above 2³¹ are boxed doubles and were as slow as the strings.
 */

const EMPTY = -2;
/** The prefix of a unigram (-1 is "not in the index", -2 an empty slot). */
const ROOT = -3;

export class NgramIndex {
  readonly words = new Map<string, number>();
  readonly wordList: string[] = [];
  /** Per n-gram: the id of its first n−1 words (ROOT for a unigram), and its last word. */
  private prefix = new Int32Array(1024);
  private last = new Int32Array(1024);
  private count = 0;
  /** The hash table: slot → (prefix, word) key and n-gram id; power-of-two size, at most half full. */
  private keyA = new Int32Array(2048).fill(EMPTY);
  private keyB = new Int32Array(2048);
  private value = new Int32Array(2048);
  private chain = new Int32Array(256);
  private out = new Int32Array(256);
  private wordIds = new Int32Array(256);

  /** @param sizes the n-gram sizes `grams` emits, ascending (ngramSizes' output). */
  constructor(readonly sizes: readonly number[]) {}

  /** Number of distinct n-grams (of every size up to the largest, the prefixes included). */
  get size(): number {
    return this.count;
  }

  /** The n-gram's words. */
  wordsOf(g: number): string[] {
    const parts: string[] = [];
    for (let at = g; at !== ROOT; at = this.prefix[at]!) parts.push(this.wordList[this.last[at]!]!);
    return parts.reverse();
  }

  /** The n-gram's words joined by a space, as ngramTokens writes it. */
  text(g: number): string {
    return this.wordsOf(g).join(' ');
  }

  private slot(a: number, b: number): number {
    const mask = this.keyA.length - 1;
    let h = Math.imul(a ^ Math.imul(b, 0x27d4eb2d), 0x9e3779b1);
    h ^= h >>> 15;
    let s = h & mask;
    while (this.keyA[s] !== EMPTY && (this.keyA[s] !== a || this.keyB[s] !== b)) s = (s + 1) & mask;
    return s;
  }

  /** The id of (prefix, word); with insert, a new id for an unseen pair, else -1. */
  pair(a: number, b: number, insert: boolean): number {
    let s = this.slot(a, b);
    if (this.keyA[s] !== EMPTY) return this.value[s]!;
    if (!insert) return -1;
    if (2 * (this.count + 1) > this.keyA.length) {
      this.rehash();
      s = this.slot(a, b);
    }
    const g = this.count++;
    if (g === this.prefix.length) {
      this.prefix = grownTo(this.prefix, g);
      this.last = grownTo(this.last, g);
    }
    this.prefix[g] = a;
    this.last[g] = b;
    this.keyA[s] = a;
    this.keyB[s] = b;
    this.value[s] = g;
    return g;
  }

  private rehash(): void {
    const [a, b, v] = [this.keyA, this.keyB, this.value];
    this.keyA = new Int32Array(a.length * 2).fill(EMPTY);
    this.keyB = new Int32Array(a.length * 2);
    this.value = new Int32Array(a.length * 2);
    for (let s = 0; s < a.length; s++) {
      if (a[s] === EMPTY) continue;
      const t = this.slot(a[s]!, b[s]!);
      this.keyA[t] = a[s]!;
      this.keyB[t] = b[s]!;
      this.value[t] = v[s]!;
    }
  }

  wordId(w: string, insert: boolean): number {
    let j = this.words.get(w);
    if (j === undefined) {
      if (!insert) return -1;
      j = this.wordList.length;
      this.words.set(w, j);
      this.wordList.push(w);
    }
    return j;
  }

  /** Adds an n-gram given as its words (a vocabulary entry) and returns its id. */
  add(words: readonly string[]): number {
    let g = ROOT;
    for (const w of words) g = this.pair(g, this.wordId(w, true), true);
    return g;
  }

  /**
   * The ids of a word list's n-grams in ngramTokens' order (each size in turn, then position); -1 for an
   * n-gram not in the index when not inserting. The result is a view reused by the next call.
   */
  grams(words: readonly string[], insert: boolean): Int32Array {
    const n = words.length;
    const maxN = this.sizes[this.sizes.length - 1]!;
    if (n * maxN > this.chain.length) this.chain = new Int32Array(n * maxN * 2);
    let total = 0;
    for (const size of this.sizes) total += Math.max(0, n - size + 1);
    if (total > this.out.length) this.out = new Int32Array(total * 2);
    if (n > this.wordIds.length) this.wordIds = new Int32Array(n * 2);
    const ids = this.wordIds;
    for (let i = 0; i < n; i++) ids[i] = this.wordId(words[i]!, insert);
    // chain[i · maxN + k]: the (k+1)-gram starting at word i (-1 once a word is unknown).
    const chain = this.chain;
    for (let i = 0; i < n; i++) {
      let g = ROOT;
      for (let k = 0; k < maxN && i + k < n; k++) {
        const w = ids[i + k]!;
        g = g === -1 || w < 0 ? -1 : this.pair(g, w, insert);
        chain[i * maxN + k] = g;
      }
    }
    let at = 0;
    for (const size of this.sizes)
      for (let i = 0; i + size <= n; i++) this.out[at++] = chain[i * maxN + size - 1]!;
    return this.out.subarray(0, at);
  }
}

/** A copy of `a` long enough for index j (at least doubled), the new entries `fill`. */
export function grownTo<T extends Int32Array | Float32Array | Float64Array>(a: T, j: number, fill = 0): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(a.length * 2, j + 1));
  if (fill !== 0) b.fill(fill, a.length);
  b.set(a);
  return b;
}

/**
 * `npm run bench -- text`: fitting the vectorizer (word 1–2-grams, tf-idf as TfidfVectorizer computes it)
 * on the 25k IMDB training reviews, beside scikit-learn's TfidfVectorizer on the same texts when python3
 * with scikit-learn is installed (issue 27's target: ≤ 1.5×); then the TF-IDF + logistic regression
 * baseline on the official test split. Needs ../shared/data/imdb_{train,test}.csv.xz (or SEQLAB_DATA).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsv } from '../src/data/io/csv.js';
import { cleanText } from '../src/data/preprocessing/text-steps.js';
import { TextVectorization } from '../src/data/preprocessing/text-vectorization.js';
import { tfidfLogisticBaseline } from '../src/experiments/text-baseline.js';

const SKLEARN = `
import csv, lzma, re, sys, time
from sklearn.feature_extraction.text import TfidfVectorizer
with lzma.open(sys.argv[1], 'rt', encoding='utf-8') as f:
    texts = [re.sub(r'<br\\s*/?>', ' ', r['text']) for r in csv.DictReader(f)]
best = 1e9
for _ in range(3):
    t = time.perf_counter()
    TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2).fit(texts)
    best = min(best, time.perf_counter() - t)
print(best)
`;

export async function textBenchMain(): Promise<string> {
  const dir = process.env.SEQLAB_DATA ?? join(import.meta.dirname, '../../shared/data');
  const trainPath = join(dir, 'imdb_train.csv.xz');
  if (!existsSync(trainPath)) return `skipped: ${trainPath} not found (set SEQLAB_DATA)`;
  const read = async (p: string): Promise<{ texts: string[]; y: Int32Array }> => {
    const f = await readCsv(p);
    return {
      texts: Array.from(f.column('text') as ArrayLike<unknown>, (v) => cleanText(String(v ?? ''))),
      y: Int32Array.from(f.column('label') as ArrayLike<number>),
    };
  };
  const train = await read(trainPath);
  const lines: string[] = [];
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    new TextVectorization({
      outputMode: 'tfIdf',
      ngrams: 2,
      minDf: 2,
      idfFormula: 'sklearn',
      sublinearTf: true,
      norm: 'l2',
    }).adapt(train.texts);
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  lines.push(
    `seqlab TextVectorization fit, IMDB train (25k), word 1–2-grams tf-idf: ${best.toFixed(2)} s (best of 3)`,
  );
  const script = join(mkdtempSync(join(tmpdir(), 'seqlab-bench-')), 'tfidf.py');
  writeFileSync(script, SKLEARN);
  const py = spawnSync('python3', [script, trainPath], { encoding: 'utf8' });
  const sk = py.status === 0 ? Number(py.stdout.trim()) : NaN;
  if (Number.isFinite(sk))
    lines.push(
      `scikit-learn TfidfVectorizer fit, same texts: ${sk.toFixed(2)} s; ratio seqlab / sklearn ${(best / sk).toFixed(2)} (target ≤ 1.5)`,
    );
  else
    lines.push(
      'scikit-learn: python3 with scikit-learn not found on this machine, so no ratio was measured (no committed reference figure either)',
    );
  const testPath = join(dir, 'imdb_test.csv.xz');
  if (existsSync(testPath)) {
    const test = await read(testPath);
    const b = tfidfLogisticBaseline(train.texts, train.y, test.texts, 2, { seed: 0 });
    const acc = b.classes.reduce((s, c, i) => s + (c === test.y[i] ? 1 : 0), 0) / test.y.length;
    lines.push(
      `TF-IDF ${b.analyzer} (${b.features} features) + logistic regression, C = ${b.c} chosen on 20% of train: test accuracy ${acc.toFixed(4)}, ${b.seconds.toFixed(1)} s in all`,
    );
  }
  return lines.join('\n');
}

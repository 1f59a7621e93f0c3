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
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
def read(path):
    with lzma.open(path, 'rt', encoding='utf-8') as f:
        rows = list(csv.DictReader(f))
    return [re.sub(r'<br\\s*/?>', ' ', r['text']) for r in rows], [int(r['label']) for r in rows]
texts, y = read(sys.argv[1])
vec = lambda: TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
best = 1e9
for _ in range(3):
    t = time.perf_counter()
    vec().fit(texts)
    best = min(best, time.perf_counter() - t)
print(best)
if len(sys.argv) > 2:
    # seqlab's baseline, step for step: C chosen on a stratified 20% of train, refit on all of it.
    test, y_test = read(sys.argv[2])
    t = time.perf_counter()
    fit, val = train_test_split(range(len(texts)), test_size=0.2, stratify=y, random_state=0)
    inner = vec().fit([texts[i] for i in fit])
    x_fit, x_val = inner.transform([texts[i] for i in fit]), inner.transform([texts[i] for i in val])
    scores = {c: LogisticRegression(C=c, max_iter=500).fit(x_fit, [y[i] for i in fit]).score(x_val, [y[i] for i in val]) for c in [0.3, 1, 3, 10, 30]}
    c = max(scores, key=scores.get)
    outer = vec().fit(texts)
    model = LogisticRegression(C=c, max_iter=500).fit(outer.transform(texts), y)
    print(time.perf_counter() - t, model.score(outer.transform(test), y_test), c)
`;

/** The last measured pair, printed when scikit-learn is absent: see bench/README.md's text section. */
const REFERENCE = 'seqlab 4.34 s, scikit-learn 1.2.1 14.51 s: 0.30× (2026-12-05)';

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
  // $PYTHON, else the first python3 on PATH, else Debian's (apt-get install python3-sklearn puts it there).
  const testPath = join(dir, 'imdb_test.csv.xz');
  let sk = NaN;
  let skBaseline: number[] = [];
  for (const python of [process.env.PYTHON, 'python3', '/usr/bin/python3']) {
    if (!python) continue;
    const args = [script, trainPath, ...(existsSync(testPath) ? [testPath] : [])];
    const py = spawnSync(python, args, { encoding: 'utf8' });
    const out = py.stdout?.trim().split('\n') ?? [];
    sk = Number(out[0]);
    skBaseline = (out[1] ?? '').split(' ').map(Number);
    if (py.status === 0 && Number.isFinite(sk)) break;
  }
  if (Number.isFinite(sk))
    lines.push(
      `scikit-learn TfidfVectorizer fit, same texts: ${sk.toFixed(2)} s; ratio seqlab / sklearn ${(best / sk).toFixed(2)} (target ≤ 1.5)`,
    );
  else
    lines.push(
      `scikit-learn: no python3 with scikit-learn here (set PYTHON, or apt-get install python3-sklearn), so no ratio was measured; the committed reference (bench/README.md, 2-core host): ${REFERENCE}`,
    );
  if (existsSync(testPath)) {
    const test = await read(testPath);
    const b = tfidfLogisticBaseline(train.texts, train.y, test.texts, 2, { seed: 0 });
    const acc = b.classes.reduce((s, c, i) => s + (c === test.y[i] ? 1 : 0), 0) / test.y.length;
    lines.push(
      `TF-IDF ${b.analyzer} (${b.features} features) + logistic regression, C = ${b.c} chosen on 20% of train: test accuracy ${acc.toFixed(4)}, ${b.seconds.toFixed(1)} s in all`,
    );
    if (skBaseline.length === 3 && skBaseline.every(Number.isFinite))
      lines.push(
        `scikit-learn, the same steps (TfidfVectorizer, LogisticRegression lbfgs, C from the same grid): test accuracy ${skBaseline[1]!.toFixed(4)}, C = ${skBaseline[2]}, ${skBaseline[0]!.toFixed(1)} s in all; ratio seqlab / sklearn ${(b.seconds / skBaseline[0]!).toFixed(2)}`,
      );
  }
  return lines.join('\n');
}

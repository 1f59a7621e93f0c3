/**
 * Small demo data sets for `seqlab demo`, generated from fixed seeds in code so that they ship
 * with the package (no data files to bundle) and are identical on every machine.
 */
import { Frame } from '../frame.js';
import { seededRandom } from '../random.js';
import { makeClassification } from './make-classification.js';
import { writeCsv } from '../io/write-csv.js';

export type DemoName = 'tabular' | 'timeseries' | 'text';

/**
 * Tabular binary classification like the bigru-attention tutorial: x1..x10 + y, 2000 rows.
 * @example loadDemo('tabular').describe()
 */
function tabular(): Frame {
  const { x, y } = makeClassification({
    nSamples: 2000,
    nFeatures: 10,
    nInformative: 5,
    nRedundant: 2,
    nClasses: 2,
    seed: 42,
  });
  const cols: Record<string, Float64Array> = {};
  for (let j = 0; j < 10; j++)
    cols[`x${j + 1}`] = Float64Array.from(
      { length: 2000 },
      (_, i) => Math.round(x.data[i * 10 + j]! * 1e4) / 1e4,
    );
  cols.y = Float64Array.from(y);
  return new Frame(cols);
}

/** A monthly series with trend, yearly seasonality growing with the level, and noise (airline-like), 1949-01..1960-12. */
function timeseries(): Frame {
  const rng = seededRandom(7);
  const n = 144;
  const month: string[] = [];
  const value = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    month.push(`${1949 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`);
    const level = 110 + 2.6 * t;
    value[t] = Math.round(
      level * (1 + 0.18 * Math.sin((2 * Math.PI * ((t % 12) - 3)) / 12)) + 6 * rng.normal(),
    );
  }
  return new Frame({ month, passengers: value });
}

/** Short labelled reviews from templates (label 1 = positive). */
function text(): Frame {
  const rng = seededRandom(11);
  const pos = ['great', 'wonderful', 'moving', 'brilliant', 'funny', 'beautiful', 'superb', 'touching'];
  const neg = ['boring', 'awful', 'dull', 'terrible', 'silly', 'weak', 'predictable', 'painful'];
  const things = ['film', 'story', 'acting', 'script', 'ending', 'cast', 'music', 'plot'];
  const texts: string[] = [];
  const labels = new Float64Array(400);
  for (let i = 0; i < 400; i++) {
    const good = i % 2 === 0;
    const words = good ? pos : neg;
    const pick = (a: string[]): string => a[rng.int(a.length)]!;
    texts.push(
      `The ${pick(things)} was ${pick(words)} and the ${pick(things)} was ${pick(words)}${good ? '!' : '.'}`,
    );
    labels[i] = good ? 1 : 0;
  }
  return new Frame({ text: texts, label: labels });
}

/**
 * A demo data set as a Frame.
 * @example const df = loadDemo('tabular'); // 2000 × (x1..x10, y)
 */
export function loadDemo(name: DemoName): Frame {
  return name === 'tabular' ? tabular() : name === 'timeseries' ? timeseries() : text();
}

/**
 * Writes a demo data set as CSV (for the CLI's `seqlab demo`).
 * @example await writeDemoCsv('tabular', 'demo.csv');
 */
export async function writeDemoCsv(name: DemoName, path: string): Promise<void> {
  await writeCsv(loadDemo(name), path);
}

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeClassification } from '../../../src/data/datasets/make-classification.js';
import { loadDemo, writeDemoCsv } from '../../../src/data/datasets/demo.js';
import { readCsv } from '../../../src/data/io/csv.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('makeClassification', () => {
  it('shapes, balanced classes, reproducible per seed', () => {
    const a = makeClassification({
      nSamples: 1000,
      nFeatures: 10,
      nInformative: 5,
      nClasses: 3,
      flipY: 0,
      seed: 3,
    });
    const b = makeClassification({
      nSamples: 1000,
      nFeatures: 10,
      nInformative: 5,
      nClasses: 3,
      flipY: 0,
      seed: 3,
    });
    assert.deepEqual(a.x.shape, [1000, 10]);
    assert.deepEqual(a.x.data, b.x.data);
    const counts = [0, 0, 0];
    a.y.forEach((c) => counts[c]!++);
    assert.deepEqual(counts, [334, 333, 333]);
  });
  it('informative clusters sit at ±classSep: class means differ', () => {
    const { x, y } = makeClassification({
      nSamples: 2000,
      nFeatures: 2,
      nInformative: 2,
      nRedundant: 0,
      nClustersPerClass: 1,
      classSep: 3,
      flipY: 0,
      shuffle: false,
      seed: 1,
    });
    const mean = (c: number, j: number): number => {
      let s = 0,
        n = 0;
      y.forEach((v, i) => {
        if (v === c) {
          s += x.data[i * 2 + j]!;
          n++;
        }
      });
      return s / n;
    };
    const dist = Math.hypot(mean(0, 0) - mean(1, 0), mean(0, 1) - mean(1, 1));
    assert.ok(dist > 2, `class means ${dist} apart`);
  });
  it('rejects impossible settings', () => {
    assert.throws(
      () => makeClassification({ nFeatures: 3, nInformative: 2, nRedundant: 2 }),
      /must be ≤ nFeatures/,
    );
    assert.throws(() => makeClassification({ nInformative: 1, nClasses: 3 }), /2\^nInformative/);
  });
});

describe('demo data', () => {
  it('tabular demo has x1..x10 + y, 2000 rows, and round-trips through CSV', async () => {
    const df = loadDemo('tabular');
    assert.deepEqual(df.shape, [2000, 11]);
    assert.equal(df.columns[0], 'x1');
    const path = join(mkdtempSync(join(tmpdir(), 'seqlab-demo-')), 'demo.csv');
    await writeDemoCsv('tabular', path);
    const back = await readCsv(path);
    assert.deepEqual(back.numeric('x3'), df.numeric('x3'));
    assert.equal(loadDemo('timeseries').nRows, 144);
    assert.equal(loadDemo('text').valueCounts('label').get('1'), 200);
  });
});

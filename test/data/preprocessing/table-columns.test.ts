import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Frame } from '../../../src/data/frame.js';
import { denseX, rawBatch } from '../../../src/data/preprocessing/batch.js';
import { idsOneHot, TableColumns } from '../../../src/data/preprocessing/table-columns.js';
import { Scale } from '../../../src/data/preprocessing/frame-steps.js';
import { StandardScaler } from '../../../src/data/preprocessing/scalers.js';
import { RegressionTarget } from '../../../src/data/preprocessing/regression-target.js';
import { stepFromJSON } from '../../../src/data/preprocessing/step.js';
import { linearRegression } from '../../../src/experiments/scoring.js';
import { seededRng } from '../../helpers/rng.js';

describe('TableColumns', () => {
  it('numbers, booleans, one-hot with "other", dates as year + sin/cos: hand-computed (random rows)', () => {
    const rng = seededRng();
    const n = 30;
    const x = Array.from(rng.doubles(n, -3, 3));
    const levels = ['a', 'a', 'a', 'b', 'b', 'c']; // a most frequent, then b, then c
    const cat = Array.from({ length: n }, (_, i) =>
      i < levels.length ? levels[i]! : levels[rng.int(0, 5)]!,
    );
    const flag = Array.from({ length: n }, () => rng.uniform() < 0.5);
    const days = Array.from({ length: n }, () => rng.int(0, 3000));
    const dates = days.map((d) => new Date(Date.UTC(2000, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
    const train = Frame.fromColumns({ x, cat, flag, when: dates });
    const step = new TableColumns({
      columns: [
        { name: 'x', kind: 'numeric' },
        { name: 'cat', kind: 'categorical' },
        { name: 'flag', kind: 'boolean' },
        { name: 'when', kind: 'date' },
      ],
      maxLevels: 2,
      calendar: ['month'],
    }).fit(rawBatch(train, 'train'));
    // The kept levels are the two most frequent of the training rows (ties by name), counted here.
    const count = (l: string): number => cat.filter((c) => c === l).length;
    const [first, second] = ['a', 'b', 'c'].sort((p, q) => count(q) - count(p) || (p < q ? -1 : 1));
    assert.deepEqual(step.levels!.cat, [first, second], `seed ${rng.seed}`);
    assert.deepEqual(step.outputNames, [
      'x',
      `cat=${first}`,
      `cat=${second}`,
      'cat=other',
      'flag',
      'when.year',
      'when.month_sin',
      'when.month_cos',
    ]);
    const test = Frame.fromColumns({
      x: [1.5, 2],
      cat: ['c', 'zz'],
      flag: [true, false],
      when: ['2021-04-15', '1999-12-31'],
    });
    const out = denseX(step.transform(rawBatch(test, 'test')), 'test');
    const expected = [
      [1.5, 0, 0, 1, 1, 2021 + 3 / 12, Math.sin((2 * Math.PI * 3) / 12), Math.cos((2 * Math.PI * 3) / 12)],
      [2, 0, 0, 1, 0, 1999 + 11 / 12, Math.sin((2 * Math.PI * 11) / 12), Math.cos((2 * Math.PI * 11) / 12)],
    ];
    expected
      .flat()
      .forEach((v, i) =>
        assert.ok(
          Math.abs(out.data[i]! - v) < 1e-4 * Math.max(1, Math.abs(v)),
          `seed ${rng.seed}: [${i}] ${out.data[i]} vs ${v}`,
        ),
      );
    assert.deepEqual(step.lastUnseen, { cat: 2 }, 'a rare level and a level never seen are both counted');
    const back = stepFromJSON(JSON.parse(JSON.stringify(step.toJSON()))) as TableColumns;
    assert.deepEqual(
      Array.from(denseX(back.transform(rawBatch(test, 'test')), 'test').data),
      Array.from(out.data),
    );
    // A request's numbers written as text, as the readers read them: plain, money, with a unit.
    const asText = Frame.fromColumns({
      ...Object.fromEntries(test.columns.map((c) => [c, test.column(c)])),
      x: ['1.5', '$2'],
    });
    assert.deepEqual(
      Array.from(denseX(step.transform(rawBatch(asText, 'test')), 'test').data),
      Array.from(out.data),
    );
    const units = Frame.fromColumns({
      ...Object.fromEntries(test.columns.map((c) => [c, test.column(c)])),
      x: ['1.5 kg', '2 kg'],
    });
    assert.deepEqual(
      Array.from(denseX(step.transform(rawBatch(units, 'test')), 'test').data),
      Array.from(out.data),
    );
    // A column named as in training but for its case: the error names it.
    const upper = Frame.fromColumns({
      X: [1.5, 2],
      cat: ['c', 'zz'],
      flag: [true, false],
      when: test.column('when') as string[],
    });
    assert.throws(
      () => step.transform(rawBatch(upper, 'new.csv')),
      /new\.csv: feature column 'x' not found \(the input has 'X': rename it to 'x', names are matched exactly\); the columns are: X, cat, flag, when/,
    );
    // Several missing: all of them at once.
    assert.throws(
      () => step.transform(rawBatch(Frame.fromColumns({ cat: ['c'], other: [1] }), 'new.csv')),
      /new\.csv: 3 input columns not found: 'x', 'flag', 'when'; the columns are: cat, other/,
    );
  });

  it('embed: a column with more levels than maxLevels becomes ids at the end of the row (hand-computed, random rows)', () => {
    const rng = seededRng();
    const n = 40;
    const city = Array.from({ length: n }, () => `c${rng.int(0, 6)}`);
    city[0] = 'once'; // seen in one training row: shares "other" (id 0)
    const x = Array.from(rng.doubles(n, -1, 1));
    const small = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'u' : 'v'));
    const step = new TableColumns({
      columns: [
        { name: 'city', kind: 'categorical' },
        { name: 'x', kind: 'numeric' },
        { name: 'small', kind: 'categorical' },
      ],
      maxLevels: 3,
      embed: true,
    }).fit(rawBatch(Frame.fromColumns({ city, x, small }), 'train'));
    // The reference: levels seen at least twice, most frequent first (ties by name), ids from 1.
    const counts = new Map<string, number>();
    for (const c of city) counts.set(c, (counts.get(c) ?? 0) + 1);
    const kept = [...counts]
      .filter(([, k]) => k >= 2)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([c]) => c);
    assert.deepEqual(step.levels!.city, kept, `seed ${rng.seed}`);
    assert.deepEqual(step.embedded, ['city']);
    assert.deepEqual(step.embeddedLevels, [{ column: 'city', levels: kept.length + 1 }]);
    assert.deepEqual(step.outputNames, ['x', 'small=v', 'small=u', 'small=other', 'city#id']);
    const test = Frame.fromColumns({
      city: [kept[1]!, 'once', 'never'],
      x: [0.5, 1, 2],
      small: ['u', 'v', 'w'],
    });
    const out = step.transform(rawBatch(test, 'test'));
    assert.equal(out.idColumns, 1);
    assert.deepEqual(Array.from(denseX(out, 'test').data), [0.5, 0, 1, 0, 2, 1, 1, 0, 0, 0, 2, 0, 0, 1, 0]);
    assert.deepEqual(step.lastUnseen, { city: 2, small: 1 });
    const back = stepFromJSON(JSON.parse(JSON.stringify(step.toJSON()))) as TableColumns;
    assert.deepEqual(
      Array.from(denseX(back.transform(rawBatch(test, 'test')), 'test').data),
      Array.from(denseX(out, 'test').data),
    );
    // Without embed the same column is one-hot with its top maxLevels levels, as models saved before.
    const plain = new TableColumns({ columns: [{ name: 'city', kind: 'categorical' }], maxLevels: 3 });
    assert.equal(plain.fit(rawBatch(Frame.fromColumns({ city }), 'train')).outputNames.length, 4);
  });

  it('Scale leaves the trailing id columns as they are and scales the rest', () => {
    const rng = seededRng();
    const n = 12;
    const data = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) data.set([rng.uniform() * 10, rng.uniform() - 5, rng.int(0, 4)], i * 3);
    const batch = {
      ...rawBatch(Frame.fromColumns({ a: new Array(n).fill(0) }), 'b'),
      x: { data, shape: [n, 3] },
      idColumns: 1,
    };
    const scale = new Scale({ scaler: new StandardScaler() }).fit(batch);
    const out = denseX(scale.transform({ ...batch, idColumns: undefined }), 'test').data;
    for (let j = 0; j < 2; j++) {
      const col = Array.from({ length: n }, (_, i) => data[i * 3 + j]!);
      const mean = col.reduce((p, q) => p + q, 0) / n;
      const sd = Math.sqrt(col.reduce((p, q) => p + (q - mean) ** 2, 0) / n);
      col.forEach((v, i) =>
        assert.ok(Math.abs(out[i * 3 + j]! - (v - mean) / sd) < 1e-4, `seed ${rng.seed}`),
      );
    }
    for (let i = 0; i < n; i++) assert.equal(out[i * 3 + 2], data[i * 3 + 2]);
    const back = stepFromJSON(JSON.parse(JSON.stringify(scale.toJSON()))) as Scale;
    assert.deepEqual(Array.from(denseX(back.transform(batch), 'test').data), Array.from(out));
  });

  it('Scale over a table of category ids only (every feature embedded) passes them through, saved and restored', () => {
    const data = Float32Array.of(1, 3, 2, 0, 4, 1);
    const batch = {
      ...rawBatch(Frame.fromColumns({ a: [0, 0, 0] }), 'b'),
      x: { data, shape: [3, 2] },
      idColumns: 2,
    };
    const scale = new Scale({ scaler: new StandardScaler() }).fit(batch);
    const back = stepFromJSON(JSON.parse(JSON.stringify(scale.toJSON()))) as Scale;
    for (const s of [scale, back])
      assert.deepEqual(Array.from(denseX(s.transform(batch), 'test').data), Array.from(data));
  });

  it('idsOneHot: the trailing ids one-hot for a linear baseline, ids past the cap as "other"', () => {
    const x = { data: Float32Array.of(0.5, 2, 1, -1, 0, 3), shape: [2, 3] };
    assert.deepEqual(Array.from(idsOneHot(x, [3, 4], 2).data), [0.5, 0, 0, 1, 0, 1, 0, -1, 1, 0, 0, 1, 0, 0]);
  });

  it('a category stored as numbers (zip codes) is found from the same number written as text', () => {
    const train = new Frame({ zip: Float64Array.of(2139, 10001, 2139, 94105) });
    const step = new TableColumns({ columns: [{ name: 'zip', kind: 'categorical' }] }).fit(
      rawBatch(train, 't'),
    );
    const asked = Frame.fromRecords([{ zip: '02139' }, { zip: '10001' }, { zip: 94105 }, { zip: '999' }]);
    const x = denseX(step.transform(rawBatch(asked, 'request')), 'test');
    // Levels by frequency: 2139, 10001, 94105, then "other".
    assert.deepEqual(Array.from(x.data), [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    assert.deepEqual(step.lastUnseen, { zip: 1 });
    assert.equal(step.describe().fillsMissing, undefined);
  });

  it('a date that does not parse names the row and the formats read', () => {
    const f = Frame.fromColumns({ when: ['2020-01-01', 'tomorrow'] });
    const s = new TableColumns({ columns: [{ name: 'when', kind: 'date' }] }).fit(rawBatch(f, 'f.csv'));
    assert.throws(
      () => s.transform(rawBatch(f, 'f.csv')),
      /f\.csv: date column 'when', row 2: "tomorrow" is not a date/,
    );
  });

  it('fillMissing: a missing number, boolean or date becomes the mean of the training rows only (saved)', () => {
    const rng = seededRng();
    const n = 40;
    const nTrain = 30;
    const x = Array.from(rng.doubles(n, -5, 5));
    const flag = Array.from({ length: n }, () => rng.uniform() < 0.3);
    const when = Array.from({ length: n }, () => new Date(Date.UTC(2020, rng.int(0, 12), rng.int(1, 29))));
    const missingAt = [2, 7, 31]; // two training rows and one test row
    const withGaps = <T>(v: T[]): (T | null)[] => v.map((e, i) => (missingAt.includes(i) ? null : e));
    const f = Frame.fromColumns({
      x: withGaps(x).map((v) => v ?? NaN),
      flag: withGaps(flag),
      when: withGaps(when),
    });
    const columns = [
      { name: 'x', kind: 'numeric' as const },
      { name: 'flag', kind: 'boolean' as const },
      { name: 'when', kind: 'date' as const },
    ];
    const step = new TableColumns({ columns, calendar: ['month'], fillMissing: true }).fit({
      ...rawBatch(f, 'train'),
      fitEnd: nTrain,
    });
    assert.equal(step.describe().fillsMissing, true, 'serve accepts null for a column it fills');
    // The means by hand over the training rows that have a value.
    const present = Array.from({ length: nTrain }, (_, i) => i).filter((i) => !missingAt.includes(i));
    const mean = (g: (i: number) => number): number => present.reduce((a, i) => a + g(i), 0) / present.length;
    const angle = (i: number): number => (2 * Math.PI * when[i]!.getUTCMonth()) / 12;
    const expected = [
      mean((i) => x[i]!),
      mean((i) => Number(flag[i])),
      mean((i) => when[i]!.getUTCFullYear() + when[i]!.getUTCMonth() / 12),
      mean((i) => Math.sin(angle(i))),
      mean((i) => Math.cos(angle(i))),
    ];
    const restored = stepFromJSON(JSON.parse(JSON.stringify(step.toJSON()))) as TableColumns;
    for (const s of [step, restored]) {
      const out = denseX(s.transform(rawBatch(f, 'rows')), 'test');
      for (const r of missingAt)
        expected.forEach((e, j) =>
          assert.ok(
            Math.abs(out.data[r * 5 + j]! - e) < 1e-6 * Math.max(1, Math.abs(e)),
            `seed ${rng.seed}: row ${r}, input ${j}`,
          ),
        );
      assert.equal(out.data[0]!, Math.fround(x[0]!));
      assert.deepEqual(s.lastFilled, { x: 3, flag: 3, when: 3 });
    }
    // Without fillMissing the message says how to get it.
    const strict = new TableColumns({ columns, calendar: ['month'] }).fit(rawBatch(f, 'train'));
    assert.throws(
      () => strict.transform(rawBatch(f, 'new.csv')),
      /new\.csv: numeric column 'x', row 3 is missing; fill it, or train with data\.missing: fillMean/,
    );
  });
});

describe('RegressionTarget and linearRegression', () => {
  it('standardises on training rows and inverts to original units', () => {
    const rng = seededRng();
    const y = Array.from(rng.doubles(20, 10, 50));
    const f = Frame.fromColumns({ y });
    const t = new RegressionTarget({ column: 'y' }).fit(rawBatch(f, 'f'));
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const sd = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length);
    const z = t.transform(rawBatch(f, 'f')).targets!;
    y.forEach((v, i) => assert.ok(Math.abs(z[i]! - (v - mean) / sd) < 1e-5, `seed ${rng.seed}`));
    const back = t.invert({ values: Float64Array.from(z), width: 1 }).values;
    y.forEach((v, i) => assert.ok(Math.abs(back[i]! - v) < 1e-4));
    assert.throws(
      () => new RegressionTarget({ column: 'y' }).fit(rawBatch(Frame.fromColumns({ y: [3, 3, 3] }), 'c.csv')),
      /same value/,
    );
  });
  it('log: standardises log(1 + y), inverts with exp(·) − 1, is saved, and refuses negative targets', () => {
    const rng = seededRng();
    const y = Array.from(rng.doubles(25, 0, 1), (u) => Math.round(Math.exp(8 * u))); // skewed, 1 … 2981
    const f = Frame.fromColumns({ y });
    const t = new RegressionTarget({ column: 'y', log: true }).fit(rawBatch(f, 'f'));
    const l = y.map(Math.log1p);
    const mean = l.reduce((a, b) => a + b, 0) / l.length;
    const sd = Math.sqrt(l.reduce((a, b) => a + (b - mean) ** 2, 0) / l.length);
    const z = t.transform(rawBatch(f, 'f')).targets!;
    l.forEach((v, i) => assert.ok(Math.abs(z[i]! - (v - mean) / sd) < 1e-5, `seed ${rng.seed}, row ${i}`));
    const again = stepFromJSON(JSON.parse(JSON.stringify(t.toJSON()))) as RegressionTarget;
    const back = again.invert({ values: Float64Array.from(z), width: 1 }).values;
    y.forEach((v, i) => assert.ok(Math.abs(back[i]! - v) < 1e-4 * (1 + v), `seed ${rng.seed}, row ${i}`));
    assert.throws(
      () =>
        new RegressionTarget({ column: 'y', log: true }).fit(
          rawBatch(Frame.fromColumns({ y: [3, -1, 5] }), 'n.csv'),
        ),
      /'y' is -1 in row 2; data.targetTransform: log needs values ≥ 0/,
    );
  });

  it('least squares recovers the coefficients of noise-free data (random)', () => {
    const rng = seededRng();
    const n = 60;
    const f = 4;
    const w = Array.from(rng.doubles(f, -2, 2));
    const b = rng.uniform() * 5;
    const x = rng.floats(n * f, -1, 1);
    const y = Array.from({ length: n }, (_, i) => b + w.reduce((a, wj, j) => a + wj * x[i * f + j]!, 0));
    const model = linearRegression({ data: x, shape: [n, f] }, y);
    const probe = rng.floats(3 * f, -1, 1);
    const pred = model.predict({ data: probe, shape: [3, f] });
    for (let i = 0; i < 3; i++) {
      const ref = b + w.reduce((a, wj, j) => a + wj * probe[i * f + j]!, 0);
      assert.ok(Math.abs(pred[i]! - ref) < 1e-5, `seed ${rng.seed}: ${pred[i]} vs ${ref}`);
    }
  });
});

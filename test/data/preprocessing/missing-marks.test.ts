import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Frame } from '../../../src/data/frame.js';
import { MissingMarks, missingMarksOf, withoutMarks } from '../../../src/data/preprocessing/missing-marks.js';
import { rawBatch } from '../../../src/data/preprocessing/batch.js';
import { clockMs } from '../../../src/data/preprocessing/time-parts.js';
import { stepFromJSON } from '../../../src/data/preprocessing/step.js';
import { seededRng } from '../../helpers/rng.js';

const rng = seededRng();
const msg = `seed ${rng.seed}`;
const n = 300;
/** n readings uniform in [lo, hi), one decimal, with `code` in about `share` of them. */
const readings = (lo: number, hi: number, code?: number, share = 0.05): number[] =>
  Array.from({ length: n }, () =>
    code !== undefined && rng.uniform() < share
      ? code
      : Math.round(10 * (lo + (hi - lo) * rng.uniform())) / 10,
  );

describe(`codes for a missing value (data.naValues, ${msg})`, () => {
  it('Air Quality: -200 under every sensor, even where it is nearer than twice their range; the rest untouched', () => {
    const f = Frame.fromColumns({
      T: readings(-2, 45, -200),
      RH: readings(9, 89, -200),
      // A sensor's response over 647–2040: -200 is 847 below, less than twice the range, but its minimum.
      'PT08.S1(CO)': readings(647, 2040, -200),
      count: Array.from({ length: n }, () => rng.int(0, 5)),
    });
    const marks = missingMarksOf(f);
    assert.equal(marks.length, 1, msg);
    assert.equal(marks[0]!.value, -200);
    assert.deepEqual([...marks[0]!.columns].sort(), ['PT08.S1(CO)', 'RH', 'T']);
    const codes = ['T', 'RH', 'PT08.S1(CO)'].reduce(
      (k, c) => k + Array.from(f.numeric(c)).filter((v) => v === -200).length,
      0,
    );
    assert.equal(marks[0]!.count, codes);
    const clean = withoutMarks(f, [-200]);
    for (const c of f.columns) {
      const before = f.numeric(c);
      const after = clean.numeric(c);
      for (let i = 0; i < n; i++)
        assert.ok(
          before[i] === -200 ? Number.isNaN(after[i]!) : after[i] === before[i],
          `${msg}: ${c}, row ${i}`,
        );
    }
  });

  it("NOAA's 9999.9 and 99.99 are codes; a census' 99,999 top code, an outlier and an ordinary -200 are not", () => {
    const noaa = Frame.fromColumns({ TEMP: readings(-30, 100, 9999.9), PRCP: readings(0, 5, 99.99) });
    assert.deepEqual(
      missingMarksOf(noaa)
        .map((m) => m.value)
        .sort((a, b) => a - b),
      [99.99, 9999.9],
      msg,
    );
    // Capital gain: mostly 0, some up to 41,310, and 99,999 for the highest (58,689 above: < 2 × range).
    const gain = readings(0, 41310, 99999);
    gain[0] = 0;
    gain[1] = 41310;
    assert.deepEqual(missingMarksOf(Frame.fromColumns({ gain })), [], msg);
    // 5,000 repeated far above readings of 0–100 is an outlier, not a code (not -99… or 9…9).
    assert.deepEqual(missingMarksOf(Frame.fromColumns({ x: readings(0, 100, 5000) })), [], msg);
    // -200 a code under temperatures, but an ordinary balance in another column: not proposed.
    const balance = readings(-5000, 5000);
    balance[5] = -200;
    balance[6] = -6000;
    assert.deepEqual(missingMarksOf(Frame.fromColumns({ T: readings(-2, 45, -200), balance })), [], msg);
    // A code seen once is no pattern.
    const once = readings(10, 30);
    once[3] = -999;
    assert.deepEqual(missingMarksOf(Frame.fromColumns({ once })), [], msg);
  });

  it('the step reads codes as NaN in numeric columns and is saved with the model', () => {
    const f = Frame.fromColumns({ a: [1, -999, 3], b: ['x', 'y', 'z'] });
    const step = stepFromJSON(JSON.parse(JSON.stringify(new MissingMarks([-999]).toJSON()))) as MissingMarks;
    const out = step.transform(rawBatch(f, 'x'));
    assert.deepEqual(Array.from(out.frame.numeric('a')), [1, NaN, 3]);
    assert.deepEqual(out.frame.column('b'), ['x', 'y', 'z']);
    assert.deepEqual(step.describe(), { naValues: [-999] });
  });

  it('times of day with dots, as Italian loggers write them (18.00.00)', () => {
    assert.equal(clockMs('18.00.00'), 18 * 3_600_000);
    assert.equal(clockMs('7.05.30'), (7 * 3600 + 5 * 60 + 30) * 1000);
    assert.equal(clockMs('18.00'), undefined, 'two parts with a dot read as a decimal number');
    assert.equal(clockMs('25.00.00'), undefined);
  });
});

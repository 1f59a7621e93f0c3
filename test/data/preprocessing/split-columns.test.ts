import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Frame } from '../../../src/data/frame.js';
import {
  SplitColumns,
  compositeColumnsOf,
  splitParts,
} from '../../../src/data/preprocessing/split-columns.js';
import { rawBatch } from '../../../src/data/preprocessing/batch.js';
import { stepFromJSON } from '../../../src/data/preprocessing/step.js';
import { seededRng } from '../../helpers/rng.js';

const rng = seededRng();
const msg = `seed ${rng.seed}`;
const n = 300;
const decks = 'ABCDEFGT';
/** Cabins as Spaceship Titanic writes them, deck/number/side, a few missing. */
const cabins = Array.from({ length: n }, () =>
  rng.uniform() < 0.03
    ? null
    : `${decks[rng.int(0, 8)]}/${rng.int(0, 1800)}/${rng.uniform() < 0.5 ? 'P' : 'S'}`,
);

describe(`codes made of parts (data.splitColumns, ${msg})`, () => {
  it('a cabin becomes deck, number and side, the number as a number; a missing code leaves every part missing', () => {
    const f = Frame.fromColumns({
      id: cabins.map((_, i) => `${i}`),
      Cabin: cabins,
      age: rng.doubles(n, 0, 80),
    });
    const out = splitParts(f, 'Cabin', '/');
    assert.deepEqual(out.columns, ['id', 'Cabin_1', 'Cabin_2', 'Cabin_3', 'age']);
    cabins.forEach((c, i) => {
      const [deck, num, side] = c === null ? [null, NaN, null] : c.split('/');
      assert.equal(out.column('Cabin_1')[i], deck, `row ${i}, ${msg}`);
      assert.deepEqual(out.numeric('Cabin_2')[i], c === null ? NaN : Number(num), `row ${i}, ${msg}`);
      assert.equal(out.column('Cabin_3')[i], side, `row ${i}, ${msg}`);
    });
    assert.deepEqual(out.column('age'), f.column('age'));
  });
  it('init proposes codes of 2–4 parts with a part of few values; not ids, names, few-valued columns or free text', () => {
    const names = Array.from({ length: n }, (_, i) => `Jean-Pierre${i} Dupont-${i}`);
    const f = Frame.fromColumns({
      PassengerId: cabins.map((_, i) => `${String(i).padStart(4, '0')}_0${rng.int(1, 4)}`),
      Cabin: cabins,
      Name: names,
      plan: Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 'a/b' : 'c/d')),
      note: Array.from({ length: n }, (_, i) => `line ${i}: a-b-c-d-e-${i}`),
      // Census countries: hyphenated names, one of them on most rows (adult's native-country).
      country: Array.from({ length: n }, (_, i) => (i % 50 < 40 ? 'United-States' : `Country-${i}`)),
      // Timestamps as a JSON file holds them: a time index (its year, month and rest were 3 parts).
      date: Array.from({ length: n }, (_, i) => new Date(Date.UTC(2000, i % 120, 1, 8)).toISOString()),
    });
    assert.deepEqual(
      compositeColumnsOf(f, ['PassengerId']),
      [{ column: 'Cabin', separator: '/', parts: 3 }],
      msg,
    );
  });
  it('the saved step splits rows read later with the kinds fixed in training, and leaves a split frame alone', () => {
    const step = stepFromJSON(
      new SplitColumns({ Cabin: { separator: '/', numeric: [false, true, false] } }).toJSON(),
    ) as SplitColumns;
    const later = step.transform(
      rawBatch(Frame.fromColumns({ Cabin: ['B/12/P', 'C/7', null] }), 'rows'),
    ).frame;
    assert.deepEqual(later.column('Cabin_1'), ['B', 'C', null]);
    assert.deepEqual(Array.from(later.numeric('Cabin_2')), [12, 7, NaN]);
    assert.deepEqual(later.column('Cabin_3'), ['P', null, null]);
    // Training rows arrive split already (the run split them when it read the file).
    assert.equal(step.transform(rawBatch(later, 'rows')).frame, later);
  });
});

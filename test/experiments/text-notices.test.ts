/** Texts with no word the model knows: said at training, by predict and evaluate (the row numbers), per item by serve. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Frame } from '../../src/data/frame.js';
import { validateConfig } from '../../src/experiments/config.js';
import { prepareData } from '../../src/experiments/prepare.js';
import { predictFrame } from '../../src/experiments/predict.js';
import {
  ansiCodesWarning,
  predictionsWarning,
  unreadableTextsWarning,
} from '../../src/experiments/text-notices.js';
import { layers } from '../../src/layers/index.js';
import { sequential } from '../../src/model/sequential.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();
const msg = `seed ${rng.seed}`;
const words = ['film', 'great', 'awful', 'plot', 'actor', 'boring', 'loved', 'scene', 'music', 'ending'];
const sentence = (): string => Array.from({ length: 6 }, () => words[rng.int(0, words.length)]!).join(' ');

function config(text?: Record<string, unknown>) {
  return validateConfig({
    name: 'reviews',
    data: { source: 'reviews.csv', type: 'text', text: 'text', label: 'label' },
    ...(text ? { preprocessing: { text } } : {}),
    model: { layers: [{ type: 'dense', units: 2, activation: 'softmax' }] },
  });
}

describe('texts with no word the model knows', () => {
  it(`training names them, for the tf-idf bag and for the legacy tokenizer (${msg})`, () => {
    // Every tenth text is empty, whitespace or punctuation. (Emoji would be words here: training
    // texts that hold them put them in the vocabulary.)
    const odd = ['', '  ', '!!! ?'];
    const text = Array.from({ length: 100 }, (_, i) =>
      i % 10 === 3 ? odd[((i / 10) % 3) | 0]! : sentence(),
    );
    const label = text.map((_, i) => (i % 2 ? 'pos' : 'neg'));
    const frame = new Frame({ text, label });
    for (const cfg of [config({ outputMode: 'tfIdf' }), config()]) {
      const { warnings = [] } = prepareData({ frame, source: 'reviews.csv' }, cfg);
      const w = warnings.find((x) => /have no word the vocabulary keeps/.test(x));
      assert.ok(w, `${warnings.join('; ')} (${msg})`);
      // 10 in all, split between the training and the test part.
      const counts = [...w.matchAll(/(\d+) of (\d+) (training|test) texts/g)].map((m) => Number(m[1]));
      assert.equal(
        counts.reduce((a, b) => a + b, 0),
        10,
        w,
      );
      assert.match(w, /e\.g\. ("", |" {2}"|"!!! \?")/);
    }
  });

  it(`predict tells the output rows whose text it cannot read, and only those (${msg})`, () => {
    const text = Array.from({ length: 60 }, sentence);
    const frame = new Frame({ text, label: text.map((_, i) => (i % 2 ? 'pos' : 'neg')) });
    // scikit-learn's idf drops unknown words: every unreadable text is read as the empty one.
    const prepared = prepareData(
      { frame, source: 'reviews.csv' },
      config({ outputMode: 'tfIdf', idfFormula: 'sklearn' }),
    );
    const model = sequential([layers.dense({ units: 2, activation: 'softmax' })], { seed: 1 });
    model.build([null, prepared.info.vocabulary!]);
    const trained = { model, pipeline: prepared.pipeline, info: prepared.info };
    const input = new Frame({ text: [sentence(), '', '😀🎉', sentence(), 'Это другой язык', '   '] });
    const out = predictFrame(trained, input);
    assert.deepEqual(out.unreadable, [1, 2, 4, 5]);
    const empty = out.rows[1]!.slice(1);
    for (const i of [2, 4, 5]) assert.deepEqual(out.rows[i]!.slice(1), empty, 'the answer to an empty text');
    assert.equal(
      predictionsWarning(out),
      "4 of 6 texts have no word the model knows (empty, only punctuation or emoji, or another language): their predictions come from none of their words, the model's answer to an empty text or to unknown words alone (index 1, 2, 4, 5 in the output)",
    );
    assert.equal(predictFrame(trained, new Frame({ text: [sentence()] })).unreadable, undefined);
  });

  it('the warning shows the first five rows and counts the rest', () => {
    assert.equal(unreadableTextsWarning([], 10), null);
    assert.match(
      unreadableTextsWarning([0, 2, 4, 6, 8, 10, 12], 1200)!,
      /^7 of 1,200 texts .*\(index 0, 2, 4, 6, 8, … in the output\)$/,
    );
  });
});

describe('ANSI colour codes in texts', () => {
  it(`training counts the texts that hold them and names the words they became (${msg})`, () => {
    // A log copied from a terminal: a third of the lines coloured.
    const colour = ['\x1b[33m', '\x1b[1;32m', '\x1b[0m'];
    const text = Array.from({ length: 90 }, (_, i) =>
      i % 3 ? sentence() : `${colour[rng.int(0, 3)]}${sentence()}\x1b[m done`,
    );
    const frame = new Frame({ text, label: text.map((_, i) => (i % 2 ? 'pos' : 'neg')) });
    for (const cfg of [config({ outputMode: 'tfIdf' }), config()]) {
      const { warnings = [] } = prepareData({ frame, source: 'log.csv' }, cfg);
      const w = warnings.find((x) => /ANSI colour codes/.test(x));
      assert.ok(w, `${warnings.join('; ')} (${msg})`);
      // 30 coloured lines, split between the parts: the training part's are counted.
      const [, k, nTrain] = /^(\d+) of (\d+) training texts hold ANSI colour codes \(ESC\[m/.exec(w) ?? [];
      assert.equal(nTrain, '72', w);
      assert.ok(Number(k) > 15 && Number(k) <= 30, w);
      assert.match(w, /strip them before training, e\.g\. sed/);
    }
    // Texts without them: nothing said.
    const plain = new Frame({ text: text.map(() => sentence()), label: frame.column('label') });
    const { warnings = [] } = prepareData(
      { frame: plain, source: 'log.csv' },
      config({ outputMode: 'tfIdf' }),
    );
    assert.ok(!warnings.some((x) => /ANSI/.test(x)), warnings.join('; '));
  });

  it('names the words the split made of them', () => {
    // Keras's whitespace split after punctuation is stripped: the escape stays glued to the word.
    const split = (t: string): string[] => t.replace(/[[\]]/g, '').split(/\s+/);
    const w = ansiCodesWarning(['\x1b[33mwarning\x1b[m disk full', 'ok'], split);
    assert.match(
      w!,
      /^1 of 2 training texts hold ANSI colour codes \(ESC\[33m, ESC\[m: .*learned as words \("\\u001b33mwarning\\u001bm"\)/,
    );
    assert.equal(ansiCodesWarning(['plain text']), null);
  });
});

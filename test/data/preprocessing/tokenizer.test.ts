import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Tokenizer, textToWordSequence } from '../../../src/data/preprocessing/tokenizer.js';
import { TextVectorization } from '../../../src/data/preprocessing/text-vectorization.js';
import { stepFromJSON } from '../../../src/data/preprocessing/step.js';

describe('Tokenizer (Keras semantics)', () => {
  const texts = ['The cat sat on the mat.', 'The dog ate my homework.'];
  it('word index ordered by count, then first occurrence', () => {
    const t = new Tokenizer().fitOnTexts(texts);
    assert.deepEqual(
      [...t.wordIndex],
      [
        ['the', 1],
        ['cat', 2],
        ['sat', 3],
        ['on', 4],
        ['mat', 5],
        ['dog', 6],
        ['ate', 7],
        ['my', 8],
        ['homework', 9],
      ],
    );
    assert.deepEqual(t.textsToSequences(texts), [
      [1, 2, 3, 4, 1, 5],
      [1, 6, 7, 8, 9],
    ]);
    assert.equal(t.wordCounts.get('the'), 3);
    assert.equal(t.wordDocs.get('the'), 2);
    assert.equal(t.documentCount, 2);
  });
  it('oovToken gets index 1; numWords keeps indices < numWords', () => {
    const t = new Tokenizer({ numWords: 4, oovToken: '<OOV>' }).fitOnTexts(texts);
    assert.equal(t.wordIndex.get('<OOV>'), 1);
    assert.equal(t.wordIndex.get('the'), 2);
    assert.deepEqual(t.textsToSequences(['the cat sat on a mat']), [[2, 3, 1, 1, 1, 1]]);
    assert.deepEqual(t.sequencesToTexts([[2, 3, 9]]), ['the cat <OOV>']);
    const noOov = new Tokenizer({ numWords: 3 }).fitOnTexts(texts);
    assert.deepEqual(noOov.textsToSequences(['the cat sat unknown']), [[1, 2]]);
  });
  it('filters keep apostrophes; charLevel ignores filters', () => {
    assert.deepEqual(textToWordSequence("It's great!\tReally--great."), ["it's", 'great', 'really', 'great']);
    const c = new Tokenizer({ charLevel: true }).fitOnTexts(['abba!']);
    assert.deepEqual([...c.wordIndex.keys()], ['a', 'b', '!']);
    assert.deepEqual(c.sequencesToTexts(c.textsToSequences(['ab'])), ['ab']);
  });
  it('textsToMatrix modes', () => {
    const t = new Tokenizer().fitOnTexts(texts);
    const m = t.textsToMatrix(['the the cat'], 'count');
    assert.deepEqual(m.shape, [1, 10]);
    assert.deepEqual(Array.from(m.data.subarray(0, 3)), [0, 2, 1]);
  });
  it('property: sequencesToTexts ∘ textsToSequences is the normalised text; JSON round trip', () => {
    const word = fc.stringMatching(/^[a-z']{1,6}$/);
    fc.assert(
      fc.property(
        fc.array(fc.array(word, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 }),
        (docs) => {
          const texts = docs.map((d) => d.join(' '));
          const t = new Tokenizer().fitOnTexts(texts);
          assert.deepEqual(t.sequencesToTexts(t.textsToSequences(texts)), texts);
          const back = stepFromJSON(JSON.parse(JSON.stringify(t.toJSON()))) as Tokenizer;
          assert.deepEqual([...back.wordIndex], [...t.wordIndex]);
          assert.deepEqual(back.textsToSequences(texts), t.textsToSequences(texts));
        },
      ),
    );
  });
});

describe('TextVectorization (Keras 3 semantics)', () => {
  const data = ['The Cat sat.', "the dog's bone", 'a cat, a dog!'];
  it('int mode: "" at 0, [UNK] at 1, count desc then token desc', () => {
    const tv = new TextVectorization().adapt(data);
    // counts: the 2, cat 2, a 2, sat 1, dogs 1, bone 1, dog 1
    assert.deepEqual(tv.getVocabulary(), ['', '[UNK]', 'the', 'cat', 'a', 'sat', 'dogs', 'dog', 'bone']);
    const x = tv.transform(['the zebra cat']);
    assert.deepEqual(Array.from(x.data), [2, 1, 3]);
  });
  it('maxTokens and outputSequenceLength (post pad/truncate)', () => {
    const tv = new TextVectorization({ maxTokens: 4, outputSequenceLength: 4 }).adapt(data);
    assert.deepEqual(tv.getVocabulary(), ['', '[UNK]', 'the', 'cat']);
    assert.deepEqual(
      Array.from(tv.transform(['cat the dog', 'the the the the the']).data),
      [3, 2, 1, 0, 2, 2, 2, 2],
    );
  });
  it('multiHot, count and tfIdf; JSON round trip', () => {
    const mh = new TextVectorization({ outputMode: 'multiHot' }).adapt(data);
    assert.equal(mh.getVocabulary()[0], '[UNK]');
    assert.deepEqual(Array.from(mh.transform(['cat cat zebra']).data.subarray(0, 3)), [1, 0, 1]);
    const ct = new TextVectorization({ outputMode: 'count' }).adapt(data);
    assert.deepEqual(Array.from(ct.transform(['cat cat zebra']).data.subarray(0, 3)), [1, 0, 2]);
    const tf = new TextVectorization({ outputMode: 'tfIdf' }).adapt(data);
    const row = tf.transform(['cat cat']).data;
    assert.ok(Math.abs(row[2]! - 2 * Math.log(1 + 3 / 3)) < 1e-6, `tf-idf of cat: ${row[2]}`);
    const back = stepFromJSON(JSON.parse(JSON.stringify(tf.toJSON()))) as TextVectorization;
    assert.deepEqual(Array.from(back.transform(['cat cat']).data), Array.from(row));
  });
});

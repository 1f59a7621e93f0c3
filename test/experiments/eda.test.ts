// The report's data summary: document lengths are counted in words as the text's script has them.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Frame } from '../../src/data/frame.js';
import { summarizeFrame } from '../../src/experiments/eda.js';

test('text lengths: Chinese is segmented into words, English split at spaces', () => {
  const texts = ['房间很干净，服务非常好', 'a wonderful moving film', '', '这部电影非常好看'];
  const frame = new Frame({
    text: texts,
    label: Float64Array.from([1, 1, 0, 1]),
  });
  const lengths = summarizeFrame(frame, { text: 'text', label: 'label' }).lengths!;
  assert.equal(lengths[1], 4);
  assert.equal(lengths[2], 0);
  // Intl.Segmenter's exact cut may vary with the ICU version: several words, never the whole text as one
  // (the whitespace count said 1) and never one per character.
  for (const i of [0, 3]) assert.ok(lengths[i]! >= 3 && lengths[i]! < [...texts[i]!].length, `${lengths[i]}`);
});

test('a label of many numbers (a regression) gets no class counts; classes and few codes do', () => {
  const n = 60;
  const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
  const income = Float64Array.from({ length: n }, (_, i) => 1000 + 37 * i);
  const codes = Float64Array.from({ length: n }, (_, i) => i % 3);
  const frame = new Frame({
    x,
    income,
    codes,
    kind: Array.from({ length: n }, (_, i) => (i % 2 ? 'a' : 'b')),
  });
  assert.equal(summarizeFrame(frame, { label: 'income' }).label, undefined);
  assert.deepEqual(summarizeFrame(frame, { label: 'codes' }).label?.counts, { '0': 20, '1': 20, '2': 20 });
  assert.deepEqual(summarizeFrame(frame, { label: 'kind' }).label?.counts, { a: 30, b: 30 });
});

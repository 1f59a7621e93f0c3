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

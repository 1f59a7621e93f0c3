/**
 * fastText's supervised format: one text per line, its label first as a word prefixed `__label__`
 * (`__label__2 Great CD: My lovely Pat has one of the great voices…`). Kaggle's Amazon and Yelp
 * review polarity sets and fastText's own tutorials ship text this way. Read into two columns,
 * `label` (the word after the prefix) and `text` (the rest of the line). A file where lines carry
 * several labels (fastText's multi-label tagging: `__label__sauce __label__cheese How much …`) has
 * each line's labels as a list (`["sauce","cheese"]`): a multi-label model's label column.
 */
import { DataError, locate } from '../errors.js';
import { Frame } from '../frame.js';
import { readLines } from './compressed.js';

const PREFIX = '__label__';
/** Labels at the start of a line, and the text after them. */
const LINE = /^((?:__label__\S+\s*)+)(.*)$/s;

/** True when the first non-blank line starts with a `__label__` word. */
export async function isFastText(path: string): Promise<boolean> {
  for await (const line of readLines(path)) {
    if (line.trim() === '') continue;
    return line.trimStart().startsWith(PREFIX);
  }
  return false;
}

/**
 * Lines in fastText's format as a Frame (`label`, `text`); blank lines are skipped. A line with no
 * label is an error that names it. When some line has several labels, every line's label cell is
 * the JSON list of its labels.
 * @example parseFastText(['__label__pos good', '__label__neg bad'], 'reviews.txt').column('label') // ['pos', 'neg']
 */
export function parseFastText(lines: Iterable<string>, file: string): Frame {
  const labels: string[][] = [];
  const texts: string[] = [];
  let line = 0;
  let multi = false;
  for (const raw of lines) {
    line++;
    if (raw.trim() === '') continue;
    const m = LINE.exec(raw.trimStart());
    if (!m)
      throw new DataError(
        `${locate({ file, line })}: no __label__ word at the start of the line, where every line of a fastText file has one: ${raw.slice(0, 80)}`,
      );
    const found = m[1]!.trim().split(/\s+/);
    multi ||= found.length > 1;
    labels.push(found.map((w) => w.slice(PREFIX.length)));
    texts.push(m[2]!.trim());
  }
  if (labels.length === 0) throw new DataError(`${file}: no labelled lines`);
  return Frame.fromColumns({
    label: labels.map((l) => (multi ? JSON.stringify(l) : l[0]!)),
    text: texts,
  });
}

/**
 * Reads a fastText-format file (.txt, .gz/.xz/.bz2 too).
 * @example const df = await readFastText('train.ft.txt.bz2'); df.columns // ['label', 'text']
 */
export async function readFastText(path: string): Promise<Frame> {
  const lines: string[] = [];
  for await (const l of readLines(path)) lines.push(l);
  return parseFastText(lines, path);
}

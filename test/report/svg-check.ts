// Test helpers: a small well-formedness check for SVG/HTML fragments and a PNG header reader.
import assert from 'node:assert/strict';

/** Asserts the SVG is one <svg> element whose tags all balance (a cheap XML parse). */
export function assertWellFormedSvg(svg: string, what: string): void {
  assert.match(svg.trimStart(), /^<svg\b/, `${what}: starts with <svg`);
  assert.match(svg.trimEnd(), /<\/svg>$/, `${what}: ends with </svg>`);
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([A-Za-z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, close, name, selfClose] = m;
    if (selfClose) continue;
    if (close) assert.equal(stack.pop(), name, `${what}: </${name}> closes the open element`);
    else stack.push(name!);
  }
  assert.deepEqual(stack, [], `${what}: every element is closed`);
}

/** Width and height from a PNG's IHDR, after checking the signature. */
export function pngSize(png: Buffer): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'PNG signature');
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

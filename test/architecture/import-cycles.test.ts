import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findCycles, importGraph, loadTimeImports, readSources, type ImportCircle } from './import-graph.js';

function describe(circles: ImportCircle[]): string {
  return circles
    .map((c) => `  ${c.circle.join(' → ')}\n    (modules in this circle: ${c.members.join(', ')})`)
    .join('\n');
}

test('src/ has no import circles (type-only imports excepted)', () => {
  const sources = readSources('src');
  assert.ok(sources.size > 50, `expected the whole src/ tree, read ${sources.size} files`);
  const circles = findCycles(importGraph(sources));
  assert.equal(
    circles.length,
    0,
    `import circles in src/ (move the shared part into its own module, or make the import 'import type'):\n` +
      describe(circles),
  );
});

test('load-time imports leave out type-only imports and dynamic import()', () => {
  const source = [
    `import type { A } from './a.js';`,
    `import { type B, type C } from './b.js';`,
    `import { type D, e } from './d.js';`,
    `import f from './f.js';`,
    `import * as g from './g.js';`,
    `import './side-effect.js';`,
    `export type { H } from './h.js';`,
    `export { type I } from './i.js';`,
    `export { j } from './j.js';`,
    `export * from './k.js';`,
    `const lazy = () => import('./lazy.js');`,
  ].join('\n');
  assert.deepEqual(loadTimeImports(source), [
    './d.js',
    './f.js',
    './g.js',
    './side-effect.js',
    './j.js',
    './k.js',
  ]);
});

test('the cycle finder reports a circle, also through an index and across folders', () => {
  const sources = new Map([
    ['model/sequential.ts', `import { fit } from './fit.js';\nimport type { X } from '../layers/x.js';`],
    ['model/fit.ts', `import { Tracker } from '../metrics/index.js';`],
    ['metrics/index.ts', `export * from './tracker.js';`],
    ['metrics/tracker.ts', `import { Sequential } from '../model/sequential.js';`],
    ['layers/x.ts', `import { Sequential } from '../model/sequential.js';`],
    ['layers/self.ts', `import { me } from './self.js';`],
    ['layers/free.ts', `import { fit } from '../model/fit.js';`],
  ]);
  const circles = findCycles(importGraph(sources));
  assert.deepEqual(
    circles.map((c) => c.circle),
    [
      ['layers/self.ts', 'layers/self.ts'],
      ['metrics/index.ts', 'metrics/tracker.ts', 'model/sequential.ts', 'model/fit.ts', 'metrics/index.ts'],
    ],
  );
  assert.deepEqual(circles.find((c) => c.members.length > 1)?.members, [
    'metrics/index.ts',
    'metrics/tracker.ts',
    'model/fit.ts',
    'model/sequential.ts',
  ]);
});

/**
 * Fuzz: model folders with mutated model.json values and damaged weights headers load, or fail with a
 * SeqlabError naming the problem — never a raw TypeError/RangeError, and never a model whose weights
 * are not all placed or not finite.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';

import { layers } from '../../src/layers/index.js';
import { firstNonFiniteWeight } from '../../src/model/finite.js';
import { sequential } from '../../src/model/sequential.js';
import { loadModel } from '../../src/model/serialization.js';
import { SeqlabError } from '../../src/errors.js';
import { FUZZ_RUNS, fuzzParams } from './fuzz-settings.js';

const root = mkdtempSync(join(tmpdir(), 'seqlab-fuzz-model-'));
const good = join(root, 'good');
const model = sequential([layers.lstm({ units: 3 }), layers.dense({ units: 2, activation: 'softmax' })], {
  seed: 5,
});
model.build([null, 4, 2]);
model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
await model.save(good);
const json = JSON.parse(readFileSync(join(good, 'model.json'), 'utf8')) as Record<string, unknown>;
const weights = readFileSync(join(good, 'weights.safetensors'));
const headerLength = Number(weights.readBigUInt64LE(0));
const header = JSON.parse(weights.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, unknown>;

/** Every path to a value in a JSON tree. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [prefix];
  const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
  return [prefix, ...entries.flatMap(([k, x]) => paths(x, [...prefix, k]))];
}
function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}
const odd = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(null, -1, 0, 3_000_000, 1e308, 'x', [], {}, [null], [1e9, 1e9], true),
);
const jsonPaths = paths(json);
const headerPaths = paths(header);

async function loadsCleanly(dir: string): Promise<void> {
  try {
    const m = await loadModel(dir);
    assert.equal(firstNonFiniteWeight(m), null, 'a loaded model has finite weights');
    assert.ok(m.built && m.weights.length > 0, 'a loaded model has its weights placed');
  } catch (e) {
    if (!(e instanceof SeqlabError))
      throw new Error(`not a SeqlabError: ${(e as Error)?.stack ?? String(e)}`);
    assert.match(e.message, /model\.json|weights\.safetensors|optimizer\.safetensors|model '|layer|unknown/);
  }
}

let n = 0;
test('mutated model.json values: a model or a SeqlabError', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...jsonPaths), odd, async (path, value) => {
      const dir = join(root, `j${n++}`);
      cpSync(good, dir, { recursive: true });
      writeFileSync(join(dir, 'model.json'), JSON.stringify(setAt(json, path, value)));
      await loadsCleanly(dir);
    }),
    fuzzParams('model.json', Math.max(200, Math.round(FUZZ_RUNS / 4))),
  );
});

test('mutated weights headers and bytes: a model or a SeqlabError', async () => {
  const damaged = fc.oneof(
    fc.tuple(fc.constantFrom(...headerPaths), odd).map(([path, value]) => {
      const text = Buffer.from(JSON.stringify(setAt(header, path, value)));
      const out = Buffer.alloc(8 + text.length + weights.length - 8 - headerLength);
      out.writeBigUInt64LE(BigInt(text.length), 0);
      text.copy(out, 8);
      weights.copy(out, 8 + text.length, 8 + headerLength);
      return out;
    }),
    fc.tuple(fc.nat(weights.length - 1), fc.integer({ min: 0, max: 255 })).map(([i, b]) => {
      const out = Buffer.from(weights);
      out[i] = b;
      return out;
    }),
    fc.nat(weights.length).map((k) => weights.subarray(0, k)),
  );
  await fc.assert(
    fc.asyncProperty(damaged, async (bytes) => {
      const dir = join(root, `w${n++}`);
      cpSync(good, dir, { recursive: true });
      writeFileSync(join(dir, 'weights.safetensors'), bytes);
      await loadsCleanly(dir);
    }),
    fuzzParams('weights.safetensors', Math.max(200, Math.round(FUZZ_RUNS / 4))),
  );
});

/**
 * Models saved in model format 1 (test/fixtures/models-v1, see its SOURCE.md) load through the one
 * converter and predict what the code that saved them predicted; re-saved, they are format 2 with
 * one preprocessing record.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsvText } from '../../src/data/io/csv.js';
import {
  loadTrainedModel,
  predictFrame,
  readPredictInput,
  type PredictOutput,
} from '../../src/experiments/predict.js';

const ROOT = 'test/fixtures/models-v1';

async function expected(dir: string): Promise<{ header: string[]; rows: string[][] }> {
  const frame = await readCsvText(await readFile(join(dir, 'expected.csv'), 'utf8'), {
    sourceName: 'expected.csv',
  });
  // An empty cell (the true value of the step after the last) reads back as null or NaN.
  const cell = (v: unknown): string =>
    v === null || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v);
  return {
    header: frame.columns,
    rows: Array.from({ length: frame.nRows }, (_, i) => frame.columns.map((c) => cell(frame.column(c)[i]))),
  };
}

/** Every column but the time stamps (format 1 wrote JavaScript's Date text; now ISO 8601). */
function compare(kind: string, got: PredictOutput, want: { header: string[]; rows: string[][] }): void {
  assert.deepEqual(got.header, want.header, `${kind}: header`);
  assert.equal(got.rows.length, want.rows.length, `${kind}: row count`);
  got.rows.forEach((row, i) =>
    row.forEach((v, j) => {
      const h = got.header[j]!;
      if (h === 'time') return;
      const w = want.rows[i]![j]!;
      if (typeof v === 'number')
        assert.ok(
          Math.abs(v - Number(w)) <= 2e-6 * Math.max(1, Math.abs(Number(w))),
          `${kind}: row ${i} ${h}: ${v} vs ${w}`,
        );
      else assert.equal(String(v), w, `${kind}: row ${i} ${h}`);
    }),
  );
}

for (const kind of ['table', 'textseq', 'textmh', 'series', 'windows']) {
  test(`format 1 ${kind} model: same predictions, re-saved as format 2 with one preprocessing record`, async () => {
    const dir = join(ROOT, kind);
    const input = (await readdir(dir)).find((f) => f.startsWith('input.'))!;
    const trained = await loadTrainedModel(dir);
    const frame = await readPredictInput(join(dir, input), trained.info);
    const want = await expected(dir);
    compare(kind, predictFrame(trained, frame, input), want);

    const out = await mkdtemp(join(tmpdir(), 'seqlab-v2-'));
    try {
      await trained.model.save(out);
      const json = JSON.parse(await readFile(join(out, 'model.json'), 'utf8')) as Record<string, unknown>;
      assert.equal(json.formatVersion, 2);
      assert.deepEqual(Object.keys(json.metadata as object), ['name']);
      assert.equal((json.preprocessing as { kind: string }).kind, 'Pipeline');
      compare(`${kind} re-saved`, predictFrame(await loadTrainedModel(out), frame, input), want);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
}

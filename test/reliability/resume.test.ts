/**
 * Issue 25: a run killed with SIGKILL (mid-epoch, or in the middle of writing a checkpoint) and continued
 * with `seqlab train --resume RUN` ends with weights bit-identical to a run that was never interrupted;
 * a run folder that holds a run is refused without --force, and --force keeps the old run until the new
 * one is complete.
 */
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  mkdirSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { test } from 'node:test';

import { loadModel } from '../../src/model/serialization.js';
import { findCheckpoint } from '../../src/experiments/checkpoint.js';
import { seqlab, seqlabAsync } from '../e2e/helpers.js';
import { seededRng } from '../helpers/rng.js';

const rng = seededRng();
const seed = rng.int(1, 1_000_000);
console.log(`resume tests: config seed ${seed} (SEQLAB_TEST_SEED=${rng.seed})`);

// Dropout (random masks), shuffling, early stopping with restored weights and a learning-rate schedule on
// plateaus: every piece of state a resume must carry.
const CONFIG = `
name: resume
seed: ${seed}
data: { source: demo:tabular, type: table, label: y, maxRows: 240 }
preprocessing: { scaler: standard, rowsAsSequences: true }
model:
  layers:
    - { type: gru, units: 6, dropout: 0.2 }
    - { type: dense, units: 1, activation: sigmoid }
compile: { optimizer: { name: adam, learningRate: 0.01 } }
training:
  epochs: 8
  batchSize: 16
  validationSplit: 0.25
  earlyStopping: { monitor: val_loss, patience: 20, restoreBestWeights: true }
  reduceLrOnPlateau: { monitor: val_loss, patience: 1, factor: 0.5 }
`;

async function weightsOf(runDir: string): Promise<Float32Array[]> {
  const model = await loadModel(join(runDir, 'model'));
  return model.getWeights().map((t) => t.data as Float32Array);
}

function assertBitIdentical(a: Float32Array[], b: Float32Array[], what: string): void {
  assert.equal(a.length, b.length);
  a.forEach((w, i) =>
    assert.ok(
      Buffer.from(w.buffer, w.byteOffset, w.byteLength).equals(
        Buffer.from(b[i]!.buffer, b[i]!.byteOffset, b[i]!.byteLength),
      ),
      `${what}: weight ${i} differs (seed ${rng.seed})`,
    ),
  );
}

/** Starts a run and SIGKILLs it once its checkpoint says at least `epochs` epochs are done. */
async function killAfter(config: string, out: string, epochs: number): Promise<number> {
  const child = seqlabAsync(['train', config, '--out', out, '--quiet']);
  const state = join(out, 'checkpoint', 'state.json');
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  // The run swaps each new checkpoint in by two renames, so state.json can be gone for a moment.
  const epochsDone = (): number | undefined => {
    try {
      return (JSON.parse(readFileSync(state, 'utf8')) as { epochsDone: number }).epochsDone;
    } catch {
      return undefined;
    }
  };
  for (;;) {
    if ((epochsDone() ?? -1) >= epochs) break;
    const finished = await Promise.race([exited, new Promise((r) => setTimeout(() => r('wait'), 20))]);
    if (finished !== 'wait') throw new Error(`the run ended (${String(finished)}) before it could be killed`);
  }
  child.kill('SIGKILL');
  await exited;
  // Killed between those renames, the run left checkpoint.old-*, which --resume reads: so does this.
  const found = await findCheckpoint(out);
  assert.ok(found, `no checkpoint left in ${out} after the kill`);
  return found.state.epochsDone;
}

test('resume after kill -9 gives weights bit-identical to an uninterrupted run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-resume-'));
  const config = join(dir, 'c.yaml');
  writeFileSync(config, CONFIG);
  const full = seqlab(['train', config, '--out', join(dir, 'full'), '--quiet']);
  assert.equal(full.status, 0, full.stderr);
  assert.ok(!existsSync(join(dir, 'full', 'checkpoint')), 'a complete run keeps no checkpoint');
  const reference = await weightsOf(join(dir, 'full'));

  for (const [i, at] of [1, 4].entries()) {
    const out = join(dir, `killed-${i}`);
    const killedAt = await killAfter(config, out, at);
    assert.ok(!existsSync(join(out, 'metrics.json')));
    // Without --resume the folder is refused, and the message says how to continue.
    const refused = seqlab(['train', config, '--out', out]);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /--resume/);
    if (i === 1) {
      // A kill in the middle of a checkpoint save: the previous one renamed aside, the new one half-written.
      renameSync(join(out, 'checkpoint'), join(out, 'checkpoint.old-dead'));
      mkdirSync(join(out, 'checkpoint.tmp-dead', 'model'), { recursive: true });
      writeFileSync(join(out, 'checkpoint.tmp-dead', 'model', 'weights.safetensors'), 'half');
    }
    const resumed = seqlab(['train', '--resume', out, '--quiet']);
    assert.equal(resumed.status, 0, resumed.stderr);
    assertBitIdentical(await weightsOf(out), reference, `killed after epoch ${killedAt}`);
    const history = readFileSync(join(out, 'history.csv'), 'utf8');
    assert.equal(history, readFileSync(join(dir, 'full', 'history.csv'), 'utf8'), 'the history is whole');
    assert.deepEqual(
      readdirSync(out).filter((f) => f.startsWith('checkpoint')),
      [],
      'checkpoints are removed once the run is complete',
    );
  }
});

// Weight averaging (the model holds the averages between epochs) and a refit on all rows after the
// validation run: killed mid-run, or after the validation run's last checkpoint (in the refit or the
// report), the resumed run ends with the same bits.
const EMA_REFIT = CONFIG.replace(
  'compile: { optimizer: { name: adam, learningRate: 0.01 } }',
  'compile: { optimizer: { name: adam, learningRate: 0.01, useEma: true, emaMomentum: 0.9 } }',
)
  .replace('  reduceLrOnPlateau: { monitor: val_loss, patience: 1, factor: 0.5 }\n', '  refit: true\n')
  .replace('restoreBestWeights: true', 'restoreBestWeights: false');

test('resume with useEma and refit: bit-identical, killed mid-run or after the last checkpoint', async () => {
  assert.notEqual(EMA_REFIT, CONFIG);
  assert.match(EMA_REFIT, /useEma: true/);
  assert.match(EMA_REFIT, /refit: true/);
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-resume-ema-'));
  const config = join(dir, 'c.yaml');
  writeFileSync(config, EMA_REFIT);
  const full = seqlab(['train', config, '--out', join(dir, 'full'), '--quiet']);
  assert.equal(full.status, 0, full.stderr);
  const reference = await weightsOf(join(dir, 'full'));
  for (const [i, at] of [3, 8].entries()) {
    const out = join(dir, `killed-${i}`);
    const killedAt = await killAfter(config, out, at);
    assert.ok(!existsSync(join(out, 'metrics.json')), `killed after epoch ${killedAt}: the run had finished`);
    const resumed = seqlab(['train', '--resume', out, '--quiet']);
    assert.equal(resumed.status, 0, resumed.stderr);
    assertBitIdentical(await weightsOf(out), reference, `useEma + refit, killed after epoch ${killedAt}`);
  }
});

test('a run folder that holds a run is refused; --force replaces it only when the new run is complete', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-force-'));
  const config = join(dir, 'c.yaml');
  writeFileSync(config, CONFIG.replace('epochs: 8', 'epochs: 1'));
  const out = join(dir, 'run');
  assert.equal(seqlab(['train', config, '--out', out, '--quiet']).status, 0);
  const model = readFileSync(join(out, 'model', 'weights.safetensors'));
  writeFileSync(join(out, 'forecast.json'), '{}'); // a file of an older, different run

  const again = seqlab(['train', config, '--out', out, '--quiet']);
  assert.notEqual(again.status, 0);
  assert.match(again.stderr, /already holds files .*--force/s);

  // A forced re-run that fails (here: its data is gone) leaves the old run and its model as they were.
  const broken = join(dir, 'broken.yaml');
  writeFileSync(broken, CONFIG.replace('demo:tabular', 'missing.csv'));
  assert.notEqual(seqlab(['train', broken, '--out', out, '--force', '--quiet']).status, 0);
  assert.ok(readFileSync(join(out, 'model', 'weights.safetensors')).equals(model));

  const forced = seqlab(['train', config, '--out', out, '--force', '--quiet']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.ok(!existsSync(join(out, 'forecast.json')), 'nothing of the old run is mixed into the new one');
  assert.ok(existsSync(join(out, 'metrics.json')));
  assert.deepEqual(
    readdirSync(dir).sort(),
    ['broken.yaml', 'c.yaml', 'run'],
    'no staging folder is left beside the run',
  );
});

/** A folder with a config that trains far longer than a test waits (it is killed or refused). */
function longRun(prefix: string): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const config = join(dir, 'c.yaml');
  writeFileSync(
    config,
    CONFIG.replace('epochs: 8', 'epochs: 5000').replace('patience: 20', 'patience: 5000'),
  );
  return { dir, config };
}

test('a second run into a folder being written is refused; the lock of a killed run is taken over', async () => {
  const { dir, config } = longRun('seqlab-lock-');
  const out = join(dir, 'run');
  const first = seqlabAsync(['train', config, '--out', out, '--quiet']);
  const exited = new Promise((res) => first.on('exit', res));
  while (!existsSync(join(out, 'checkpoint', 'state.json'))) await new Promise((r) => setTimeout(r, 20));
  // Before, both wrote checkpoints into the folder, and the one that failed removed it with the other's run.
  const second = seqlab(['train', config, '--out', out, '--force', '--quiet']);
  assert.notEqual(second.status, 0);
  assert.match(
    second.stderr,
    new RegExp(`being written by another seqlab run \\(process ${first.pid} on .*delete .*run\\.lock`, 's'),
  );
  assert.ok(existsSync(join(out, 'checkpoint')), 'the refused run touched nothing');
  first.kill('SIGKILL');
  await exited;
  assert.ok(existsSync(`${out}.lock`), 'a killed run cannot remove its lock');
  const resumed = seqlab(['train', '--resume', out, '--epochs', '2', '--quiet']);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.ok(existsSync(join(out, 'metrics.json')));
  assert.deepEqual(readdirSync(dir).sort(), ['c.yaml', 'run'], 'the lock is released when the run ends');
});

test('a checkpoint folder left half-removed by a kill is passed over for a complete one', async () => {
  const { dir, config } = longRun('seqlab-partial-');
  const out = join(dir, 'run');
  const killedAt = await killAfter(config, out, 1);
  const complete = (await findCheckpoint(out))!;
  // The save that replaced this one was removing it (state.json and the model's weights left).
  const partial = join(out, 'checkpoint.old-partial');
  mkdirSync(join(partial, 'model'), { recursive: true });
  writeFileSync(join(partial, 'state.json'), readFileSync(join(complete.dir, 'state.json')));
  writeFileSync(join(partial, 'model', 'weights.safetensors'), 'w');
  renameSync(complete.dir, join(out, 'checkpoint.old-zcomplete'));
  const found = await findCheckpoint(out);
  assert.equal(found?.dir, join(out, 'checkpoint.old-zcomplete'), `killed after epoch ${killedAt}`);
  // A kill between a save's steps can leave two complete superseded folders: the one with more
  // epochs done is resumed, whatever order the folder lists them in.
  const older = join(out, 'checkpoint.old-aolder');
  cpSync(join(out, 'checkpoint.old-zcomplete'), older, { recursive: true });
  const state = JSON.parse(readFileSync(join(older, 'state.json'), 'utf8')) as { epochsDone: number };
  writeFileSync(join(older, 'state.json'), JSON.stringify({ ...state, epochsDone: state.epochsDone - 1 }));
  for (const e of readdirSync(out))
    if (
      e.startsWith('checkpoint.old-') &&
      !['checkpoint.old-aolder', 'checkpoint.old-zcomplete', 'checkpoint.old-partial'].includes(e)
    )
      rmSync(join(out, e), { recursive: true, force: true });
  assert.equal((await findCheckpoint(out))?.dir, join(out, 'checkpoint.old-zcomplete'));
});

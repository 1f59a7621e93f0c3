/** The experiment config: validation messages, overrides, env substitution, path resolution. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  applyOverrides,
  ConfigError,
  loadConfig,
  substituteEnv,
  validateConfig,
} from '../../src/experiments/config.js';

const base = () => ({
  data: { source: 'demo:tabular', type: 'table', label: 'y' },
  model: {
    layers: [
      { type: 'lstm', units: 8 },
      { type: 'dense', units: 1, activation: 'sigmoid' },
    ],
  },
});

test('a minimal config gets defaults', () => {
  const c = validateConfig(base());
  assert.equal(c.training.epochs, 10);
  assert.equal(c.data.split.testSize, 0.2);
  assert.equal(c.preprocessing.scaler, 'none');
});

test('errors name the key path, the expected type, the value and an example', () => {
  const bad = base();
  (bad.model.layers[0] as Record<string, unknown>).units = 'abc';
  assert.throws(
    () => validateConfig(bad),
    (e: Error) =>
      e instanceof ConfigError &&
      /model\.layers\[0\]\.units: expected a positive integer, got 'abc'\. Example: \{ type: lstm, units: 64 \}/.test(
        e.message,
      ),
  );
  assert.throws(
    () => validateConfig({ ...base(), trainng: {} }),
    /trainng: unknown key 'trainng' \(a typo\?\)/,
  );
  assert.throws(
    () => validateConfig({ ...base(), data: { ...base().data, type: 'tabel' } }),
    /data\.type: expected one of table \| text \| series \| windows, got 'tabel'/,
  );
  assert.throws(() => validateConfig({ data: base().data }), /model: .*required/);
});

test("data.encoding takes pandas' names (latin1, cp1252, gbk, utf-8-sig, cp932) as the encodings they are", () => {
  const read = (encoding: string): unknown =>
    validateConfig({ ...base(), data: { ...base().data, encoding } }).data.encoding;
  for (const [given, read_as] of [
    ['utf-8', 'utf-8'],
    ['UTF8', 'utf-8'],
    ['utf-8-sig', 'utf-8'],
    ['latin1', 'windows-1252'],
    ['latin-1', 'windows-1252'],
    ['ISO-8859-1', 'windows-1252'],
    ['cp1252', 'windows-1252'],
    ['gbk', 'gb18030'],
    ['GB2312', 'gb18030'],
    ['cp936', 'gb18030'],
    ['cp932', 'shift_jis'],
    ['sjis', 'shift_jis'],
    ['cp949', 'euc-kr'],
    ['euc_jp', 'euc-jp'],
    ['cp1251', 'windows-1251'],
    ['utf-16', 'utf-16le'],
  ])
    assert.equal(read(given), read_as, given);
  assert.throws(
    () => read('ebcdic'),
    /data\.encoding: 'ebcdic' is not an encoding seqlab reads: one of utf-8, /,
  );
  assert.throws(
    () => read('iso-8859-7'),
    /'iso-8859-7' is not an encoding seqlab reads/,
    'a code page seqlab does not read',
  );
});

test('--set overrides parse values as YAML and create paths', () => {
  const raw = applyOverrides(base(), [
    'training.epochs=2',
    'model.layers[0].units=16',
    'data.features=[x1, x2]',
  ]);
  const c = validateConfig(raw);
  assert.equal(c.training.epochs, 2);
  assert.deepEqual(c.data.features, ['x1', 'x2']);
  assert.equal((c.model.layers[0] as { units: number }).units, 16);
  assert.throws(() => applyOverrides(base(), ['epochs']), /expected key=value/);
});

test('${VAR:-default} substitution and paths relative to the config file', async () => {
  assert.equal(substituteEnv('${SEQLAB_TEST_UNSET_VAR:-../data}/a.csv', {}), '../data/a.csv');
  assert.equal(substituteEnv('${X}/a.csv', { X: '/d' }), '/d/a.csv');
  // A relative path in the environment is relative to where the command runs, not to the config.
  assert.equal(substituteEnv('${X}/a.csv', { X: '../d' }, '/w/proj'), `${resolve('/w/proj', '../d')}/a.csv`);
  assert.equal(substituteEnv('${X}', { X: '.' }, '/w/proj'), resolve('/w/proj'));
  assert.equal(substituteEnv('${X}', { X: '..hidden' }, '/w/proj'), '..hidden');
  assert.equal(substituteEnv('epochs: ${X}', { X: '3' }, '/w/proj'), 'epochs: 3');
  assert.throws(() => substituteEnv('${NOPE_NOT_SET}', {}), /NOPE_NOT_SET is not set/);
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-cfg-'));
  writeFileSync(
    join(dir, 'c.yaml'),
    'data: { source: sub/data.csv, type: table }\nmodel: { layers: [ { type: dense, units: 1 } ] }\n',
  );
  const c = await loadConfig(join(dir, 'c.yaml'));
  assert.equal(c.data.source, join(dir, 'sub', 'data.csv'));
  await assert.rejects(loadConfig(join(dir, 'none.yaml')), /none\.yaml: no such config$/);
  // A typo gets the config beside it.
  await assert.rejects(
    loadConfig(join(dir, 'cc.yaml')),
    new RegExp(`no such config; did you mean ${join(dir, 'c.yaml')}\\?`),
  );
});

test('every example config in examples/ is a valid config', async () => {
  const files = readdirSync('examples').filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length > 0, 'examples/ has no YAML configs (run the tests from the repository root)');
  for (const f of files) {
    const config = await loadConfig(join('examples', f));
    assert.equal(config.name, f.replace(/\.yaml$/, ''), `${f}: name matches the file`);
  }
});

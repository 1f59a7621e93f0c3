/**
 * Reading an experiment config: YAML or JSON, `${VAR}` / `${VAR:-default}` substitution,
 * `--set key=value` overrides, validation with readable errors, data paths resolved against the
 * config file's folder.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import { configSchema, EXAMPLES, type ExperimentConfig } from './config-schema.js';
import { checkPathSegments } from './safe-path.js';
import { editDistance } from './infer.js';

export { ConfigError };

/** Builtin data sources (no file). */
export const BUILTIN_SOURCES = [
  'imdb',
  'makeClassification',
  'breastCancer',
  'demo:tabular',
  'demo:timeseries',
  'demo:text',
];

/** `model.layers[2].units` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(top level)';
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return `'${v}'`;
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** The example for a failing key: the layer's type for layer keys, else the longest matching section. */
function exampleFor(root: unknown, path: readonly PropertyKey[]): string | undefined {
  const li = path.findIndex((p, i) => p === 'layers' && typeof path[i + 1] === 'number');
  if (li >= 0) {
    const layerPath = path.slice(0, li + 2);
    let layer = valueAt(root, layerPath) as { type?: unknown; layer?: { type?: unknown } } | undefined;
    if (path[li + 2] === 'layer' && layer?.layer) layer = layer.layer;
    const type = typeof layer?.type === 'string' ? layer.type : '';
    return EXAMPLES[`layer.${type}`] ?? EXAMPLES.layer;
  }
  const keys = path.filter((p) => typeof p === 'string') as string[];
  for (let n = keys.length; n > 0; n--) {
    const hit = EXAMPLES[keys.slice(0, n).join('.')];
    if (hit) return hit;
  }
  return undefined;
}

/** One line per zod issue: path, what was expected, what was found, a valid example. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], root: unknown): string {
  return issues
    .map((issue) => {
      let path = issue.path;
      let message: string;
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys;
        path = [...path, keys[0]!];
        message = `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')} (a typo?)`;
      } else if (
        issue.code === 'invalid_union' &&
        (issue as { note?: string }).note === 'No matching discriminator'
      ) {
        const discriminator = (issue as { discriminator?: string }).discriminator ?? 'type';
        if (path[path.length - 1] !== discriminator) path = [...path, discriminator];
        message = `unknown ${discriminator}, got ${describeValue(valueAt(root, path))}`;
      } else {
        const got = valueAt(root, path);
        const base = issue.message.replace(/^Invalid input: /, '');
        message =
          /got|received/i.test(base) || (got === undefined && base.startsWith('expected'))
            ? base.replace(/, received undefined$/, ', got nothing (required)')
            : `${base}, got ${describeValue(got)}`;
        if (issue.code === 'invalid_value')
          message = `expected one of ${issue.values.map((v) => String(v)).join(' | ')}, got ${describeValue(got)}`;
      }
      const example = exampleFor(root, path);
      return `${formatPath(path)}: ${message}.${example ? ` Example: ${example}` : ''}`;
    })
    .join('\n');
}

/**
 * Validates a plain config object.
 * @example validateConfig({ data: { source: 'demo:tabular', type: 'table', label: 'y' }, model: { layers: [{ type: 'dense', units: 1 }] } })
 */
export function validateConfig(raw: unknown, where = 'config'): ExperimentConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(`${where}: invalid config\n${formatIssues(result.error.issues, raw)}`);
  }
  return result.data;
}

/**
 * `${VAR}` and `${VAR:-default}` in strings, from the environment. A value from the environment
 * that is a relative path (`.`, `..`, `./…`, `../…`) was typed relative to where the command runs,
 * so it becomes absolute against `cwd`; a default written in the file stays relative to the file.
 */
export function substituteEnv(
  text: string,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, def?: string) => {
    const v = env[name];
    if (v !== undefined && v !== '') return /^\.\.?([/\\]|$)/.test(v) ? resolve(cwd, v) : v;
    if (def !== undefined) return def;
    throw new ConfigError(
      `environment variable ${name} is not set (write \${${name}:-default} to give a default)`,
    );
  });
}

/**
 * Applies `key.path=value` overrides; the value is parsed as YAML (`2` is a number, `[a, b]` a list).
 * @example applyOverrides(cfg, ['training.epochs=2', 'model.layers[0].units=32'])
 */
export function applyOverrides(
  raw: Record<string, unknown>,
  sets: readonly string[],
): Record<string, unknown> {
  for (const set of sets) {
    const eq = set.indexOf('=');
    if (eq <= 0) throw new ConfigError(`--set ${set}: expected key=value, e.g. --set training.epochs=2`);
    const keys = set
      .slice(0, eq)
      .trim()
      .split(/\.|\[(\d+)\]/)
      .filter((k) => k !== undefined && k !== '')
      .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    checkPathSegments(keys, `--set ${set.slice(0, eq)}`);
    let value: unknown;
    try {
      value = YAML.parse(set.slice(eq + 1));
      JSON.stringify(value); // a YAML alias can make a value contain itself
    } catch (e) {
      throw new ConfigError(
        `--set ${set}: the value is not valid YAML (${(e as Error).message.split('\n')[0]}); quote it, e.g. --set name='"a%b"'`,
      );
    }
    let node: Record<PropertyKey, unknown> = raw;
    keys.forEach((k, i) => {
      if (i === keys.length - 1) {
        node[k] = value;
        return;
      }
      if (node[k] === undefined || node[k] === null || typeof node[k] !== 'object')
        node[k] = typeof keys[i + 1] === 'number' ? [] : {};
      node = node[k] as Record<PropertyKey, unknown>;
    });
  }
  return raw;
}

/** Parses config text (YAML is a superset of JSON). */
export function parseConfigText(text: string, where: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = YAML.parse(substituteEnv(text));
    JSON.stringify(raw); // a YAML alias can make a value contain itself, which no config can mean
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(`${where}: ${e.message}`);
    throw new ConfigError(`${where}: not valid YAML/JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(
      `${where}: expected a mapping with keys name, data, preprocessing, model, compile, training`,
    );
  }
  return raw as Record<string, unknown>;
}

/** Makes a file source absolute, relative to the config's folder. */
export function resolveSource(source: string, baseDir: string): string {
  if (BUILTIN_SOURCES.includes(source) || isAbsolute(source)) return source;
  return resolve(baseDir, source);
}

/**
 * A config file's text; a name that is not there gets the closest config beside it
 * (`examples/airline-forcast.yaml: no such config; did you mean examples/airline-forecast.yaml?`).
 */
export async function readConfigText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      const dir = dirname(path);
      const near = (existsSync(dir) ? readdirSync(dir) : [])
        .filter((f) => /\.(ya?ml|json)$/i.test(f))
        .map((f) => [f, editDistance(f, basename(path))] as const)
        .filter(([f, d]) => d <= Math.max(2, Math.floor(f.length / 4)))
        .sort((a, b) => a[1] - b[1])[0];
      throw new ConfigError(`${path}: no such config${near ? `; did you mean ${join(dir, near[0])}?` : ''}`);
    }
    throw new ConfigError(`${path}: cannot read the config (${code ?? (e as Error).message})`);
  }
}

/**
 * Reads, overrides, validates and resolves a config file.
 * @example const cfg = await loadConfig('examples/airline-lstm.yaml', ['training.epochs=2']);
 */
export async function loadConfig(path: string, sets: readonly string[] = []): Promise<ExperimentConfig> {
  const raw = applyOverrides(parseConfigText(await readConfigText(path), path), sets);
  const config = validateConfig(raw, path);
  const base = dirname(resolve(path));
  config.data.source = resolveSource(config.data.source, base);
  if (config.data.test) config.data.test = resolveSource(config.data.test, base);
  const opts = config.data.options;
  if (opts && typeof opts.path === 'string') opts.path = resolveSource(opts.path, base);
  return config;
}

/** The resolved config as YAML (config.yaml of a run). */
export function configToYaml(config: ExperimentConfig): string {
  return YAML.stringify(config, { lineWidth: 0 });
}

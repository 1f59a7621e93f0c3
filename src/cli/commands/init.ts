/** `seqlab init DATA`: infers each column's role and the task, and writes a commented config to train. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { writeFileAtomic } from '../../data/io/atomic-write.js';
import { SeqlabError } from '../../errors.js';
import { DELIMITERS, type Delimiter } from '../../data/io/csv.js';
import { configFromData, nameFromPath, type FromDataOptions } from '../../experiments/from-data.js';
import { initConfigYaml } from '../../experiments/init-config.js';
import { applyOverrides, validateConfig } from '../../experiments/config.js';
import { action, CliError } from '../errors.js';

/** The data flags `init` and `train DATA` share. */
export interface DataFlags {
  label?: string;
  time?: string;
  text?: string;
  task?: string;
  test?: string;
  sheet?: string;
  header?: boolean;
  delimiter?: Delimiter;
  horizon?: number;
}

/** Adds --label, --time, --text, --task, --horizon, --test, --sheet, --header/--no-header to a command. */
export function dataFlags(cmd: Command): Command {
  return cmd
    .option('--label <column>', 'the column to predict (inferred when one column is named like a label)')
    .option(
      '--time <column>',
      'the time column (series forecasting, windowed classification), or its parts in order: year,month,day',
    )
    .option('--text <column>', 'the text column (text classification)')
    .option('--task <task>', 'classification | binary | multiclass | regression | forecasting | windows')
    .option(
      '--horizon <steps>',
      "forecasting: the steps to forecast (else the recipe's for the time step: 12 monthly, 30 daily, 24 hourly …)",
      (v) => parsePositive(v, '--horizon'),
    )
    .option('--test <file>', 'a separate test file with the same columns, used as the test split')
    .option('--sheet <name>', 'XLSX: the worksheet (name or 1-based number)')
    .option('--header', 'the first row names the columns (default: decided from the first lines)')
    .option('--no-header', 'the file has no header row: columns are col0, col1, …')
    .option(
      '--delimiter <sep>',
      "a CSV's field separator: , ; tab | or whitespace (runs of spaces); default: detected",
      (v) => {
        if (v in DELIMITERS) return v as Delimiter;
        throw new InvalidArgumentError(
          `--delimiter ${JSON.stringify(v)}: expected one of , ; tab | whitespace`,
        );
      },
    );
}

/** Parses a positive integer option. */
export function parsePositive(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError(`${flag}: expected a positive integer, got '${v}'`);
  return n;
}

/** --sheet as readXlsx takes it: a 1-based number or a name. */
export function sheetOption(flag: string | undefined): string | number | undefined {
  return flag === undefined ? undefined : /^\d+$/.test(flag) ? Number(flag) : flag;
}

/** FromDataOptions from the flags. */
export function fromDataOptions(flags: DataFlags, extra: Partial<FromDataOptions> = {}): FromDataOptions {
  const sheet = sheetOption(flags.sheet);
  return {
    ...(flags.label ? { label: flags.label } : {}),
    ...(flags.time ? { time: flags.time } : {}),
    ...(flags.text ? { text: flags.text } : {}),
    ...(flags.task ? { task: flags.task } : {}),
    ...(flags.horizon ? { horizon: flags.horizon } : {}),
    ...(flags.test ? { test: flags.test } : {}),
    ...(sheet !== undefined ? { sheet } : {}),
    ...(flags.header !== undefined ? { header: flags.header } : {}),
    ...(flags.delimiter !== undefined ? { delimiter: flags.delimiter } : {}),
    ...extra,
  };
}

/** Registers the command. */
export function initCommand(program: Command): void {
  dataFlags(
    program
      .command('init')
      .description(
        'infer column roles and the task from a data file and write a commented config (seqlab train CONFIG runs it)',
      )
      .argument(
        '<data>',
        'a CSV/TSV, XLSX, Parquet or JSONL file (.gz/.xz/.bz2 compressed too; a .zip of one, or archive.zip/file.csv), or a folder of texts',
      ),
  )
    .option('-o, --out <file>', 'where to write the config (default: <data name>.yaml)')
    .option('--force', 'overwrite the config file if it exists')
    .addHelpText(
      'after',
      `
Examples:
  $ seqlab init ../shared/data/iris.csv
  $ seqlab init adult-train.csv.gz --test adult-test.csv.gz --out adult.yaml
  $ seqlab init pollution.csv.gz --label pm2.5 --out pm25.yaml && seqlab train pm25.yaml`,
    )
    .action(
      action(async (data: string, opts: DataFlags & { out?: string; force?: boolean }) => {
        const out = resolve(opts.out ?? `${nameFromPath(data)}.yaml`);
        if (existsSync(out) && !opts.force)
          throw new SeqlabError(`${out} exists; choose another --out or add --force to replace it`);
        const { init } = await configFromData(data, fromDataOptions(opts, { configDir: dirname(out) }));
        const yaml = initConfigYaml(init);
        validateConfig(init.config, out); // never write a config that would not run
        await writeFileAtomic(out, yaml);
        process.stdout.write(
          `${init.header.map((l) => `  ${l}`).join('\n')}\n\nwrote ${out}\ntrain it: seqlab train ${out}\n`,
        );
      }),
    );
}

/**
 * A YAML file, or a JSON object whose `data` is a mapping, is an experiment config; any other file
 * (JSON rows or columns included) is data. --horizon sizes the recipe of a data file: given with a
 * config, it is refused with where to set it.
 */
export function isConfigFile(path: string, horizon?: number): boolean {
  const config = configLike(path);
  if (config && horizon)
    throw new CliError(
      `--horizon sizes the recipe made from a data file; ${path} is a config: set forecast.horizon: ${horizon} there, and the units of its last dense layer to ${horizon}`,
    );
  return config;
}

function configLike(path: string): boolean {
  if (/\.ya?ml$/i.test(path)) return true;
  if (!/\.json$/i.test(path) || !existsSync(path)) return false;
  const text = readFileSync(path, 'utf8');
  try {
    const doc = JSON.parse(text) as { data?: unknown };
    return typeof doc.data === 'object' && doc.data !== null && !Array.isArray(doc.data);
  } catch {
    // JSON Lines named .json are data; otherwise loadConfig names the syntax error.
    try {
      JSON.parse(text.trimStart().split('\n')[0]!);
      return false;
    } catch {
      return true;
    }
  }
}

/**
 * A data file given to `train` or `tune`: the config `seqlab init` would write (its roles and reasons
 * printed to stderr unless quiet), with the --set overrides.
 */
export async function inferredConfig(
  path: string,
  flags: DataFlags,
  sets: string[],
  quiet: boolean,
): Promise<Record<string, unknown>> {
  // --set forecast.horizon=N on a data file sizes the recipe (the last Dense layer's units too), as --horizon.
  const set = sets.map((s) => /^forecast\.horizon=(\d+)$/.exec(s.trim())).find(Boolean);
  const horizon = flags.horizon ?? (set ? Number(set[1]) : undefined);
  const { init } = await configFromData(path, fromDataOptions({ ...flags, ...(horizon ? { horizon } : {}) }));
  if (!quiet)
    process.stderr.write(
      `${init.header
        .slice(0, -1)
        .map((l) => `  ${l}`)
        .join('\n')}\n`,
    );
  return applyOverrides(structuredClone(init.config) as Record<string, unknown>, sets);
}

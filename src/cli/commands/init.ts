/** `seqlab init DATA`: infers each column's role and the task, and writes a commented config to train. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { writeFileAtomic } from '../../data/io/atomic-write.js';
import { SeqlabError } from '../../errors.js';
import { configFromData, nameFromPath, type FromDataOptions } from '../../experiments/from-data.js';
import { initConfigYaml } from '../../experiments/init-config.js';
import { validateConfig } from '../../experiments/config.js';
import { action } from '../errors.js';

/** The data flags `init` and `train DATA` share. */
export interface DataFlags {
  label?: string;
  time?: string;
  text?: string;
  task?: string;
  test?: string;
  sheet?: string;
  header?: boolean;
  horizon?: number;
}

/** Adds --label, --time, --text, --task, --horizon, --test, --sheet, --header/--no-header to a command. */
export function dataFlags(cmd: Command): Command {
  return cmd
    .option('--label <column>', 'the column to predict (inferred when one column is named like a label)')
    .option('--time <column>', 'the time column (series forecasting, windowed classification)')
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
    .option('--no-header', 'the file has no header row: columns are col0, col1, …');
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

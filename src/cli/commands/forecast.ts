/** `seqlab forecast RUN_OR_MODEL`: the next H values after the data, with their timestamps and intervals. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../experiments/config.js';
import { loadExperimentData, readTable } from '../../experiments/data.js';
import { applyMelt, columnSeries, type MeltSpec, wideSeries, yearGrid } from '../../data/melt.js';
import { datesAsTrained, loadTrainedModel } from '../../experiments/predict.js';
import { handleMissing } from '../../experiments/prepare.js';
import { forecastFuture, forecastPanel } from '../../forecasting/forecast.js';
import { CliError, action } from '../errors.js';
import { restateTimeHints, type DuplicateTimes, type GapFill } from '../../data/time.js';
import { writeRows } from '../format.js';
import { parsePositive } from './init.js';

interface ForecastOptions {
  horizon?: number;
  data?: string;
  out?: string;
  format?: string;
  fill?: GapFill;
  duplicates?: DuplicateTimes;
}

const FILLS = ['interpolate', 'forwardFill', 'error'] as const;
const MERGES = ['mean', 'sum', 'first', 'last', 'error'] as const;

/** A choice among `allowed`, or an error naming them. */
const oneOf =
  <T extends string>(allowed: readonly T[], flag: string) =>
  (v: string): T => {
    if ((allowed as readonly string[]).includes(v)) return v as T;
    throw new CliError(`${flag} ${v}: expected one of ${allowed.join(', ')}`);
  };

/** A file of the run beside a model folder (RUN/model) or in it (RUN): its path, or null. */
function runPath(dir: string, name: string): string | null {
  for (const p of [join(dir, name), join(dirname(dir), name)]) if (existsSync(p)) return p;
  return null;
}

/** A JSON file of the run (runPath), parsed; undefined when absent or damaged. */
function runFile<T>(dir: string, name: string): T | undefined {
  const p = runPath(dir, name);
  if (!p) return undefined;
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/**
 * What the run's backtest said that these forecasts inherit: its verdict when the model did not beat
 * its baselines there (a baseline did better overall, or it won at under half the origins; iowa-
 * electricity's panel forecast Renewables 79% below the last year with nothing said), and what it
 * measured of the intervals (too few origins, so the 80% and 95% bounds are the same; held-out
 * coverage far from the nominal one).
 */
function runWarnings(dir: string): string[] {
  const verdict = runFile<{ backtest?: { verdict?: string } }>(dir, 'metrics.json')?.backtest?.verdict;
  const intervals = runFile<{ intervalNote?: string }>(dir, 'forecast.json')?.intervalNote;
  return [
    ...(verdict && /does better than the model| on only \d|worse overall/.test(verdict)
      ? [`in the run's backtest, ${verdict}: weigh these forecasts against it`]
      : []),
    ...(intervals ? [`the run's intervals: ${intervals}`] : []),
  ];
}

/** Registers the command. */
export function forecastCommand(program: Command): void {
  program
    .command('forecast')
    .description(
      'forecast the next H steps of a series with a trained series model: ISO timestamps, forecasts in original units, interval bounds',
    )
    .argument('<model>', 'a run folder (its data is used unless --data) or a model folder')
    .option('--horizon <n>', 'steps to forecast (default: the horizon the model was trained for)', (v) =>
      parsePositive(v, '--horizon'),
    )
    .option(
      '--data <file>',
      "the series up to now (CSV/XLSX/JSONL with the time and value columns); default: the run's data",
    )
    .option(
      '--fill <how>',
      "gaps in the data's time column: interpolate | forwardFill | error (default: as the model was trained, data.fill)",
      oneOf(FILLS, '--fill'),
    )
    .option(
      '--duplicates <how>',
      'rows that repeat a time: mean | sum | first | last | error (default: as trained, data.duplicates)',
      oneOf(MERGES, '--duplicates'),
    )
    .option('-o, --out <file>', 'write here (.csv or .jsonl); default: CSV on stdout')
    .option('--format <format>', 'csv or jsonl (default: from --out, else csv)')
    .addHelpText(
      'after',
      `
Examples:
  $ seqlab forecast runs/airline-forecast --out next-year.csv
  $ seqlab forecast runs/airline-forecast --data passengers-to-date.csv --fill interpolate
  $ seqlab forecast runs/airline-forecast/model --data passengers-to-date.csv --horizon 6`,
    )
    .action(
      action(async (dir: string, opts: ForecastOptions) => {
        const trained = await loadTrainedModel(dir);
        const info = trained.info;
        let frame;
        let where = opts.data ?? '';
        if (opts.data) {
          // Rows left out as training's reading leaves them out (a day's quote after the last month) are said.
          const notes: string[] = [];
          frame = await readTable(opts.data, { ...datesAsTrained(info), notes });
          for (const n of notes.filter((l) => l.includes('left out')))
            process.stderr.write(`${opts.data}: ${n}\n`);
          // A series trained from a table written across, down or as a year × month grid (data.melt):
          // new data comes in the same shape. The run's config says how (a model folder alone: the
          // shape is recognised as init does).
          if (!frame.columns.includes(info.valueColumn!)) {
            const cfgPath = runPath(dir, 'config.yaml');
            const wide = info.seriesId ? wideSeries(frame) : undefined;
            const down = info.seriesId ? columnSeries(frame) : undefined;
            const grid = info.seriesId ? undefined : yearGrid(frame);
            const spec: MeltSpec | undefined =
              (cfgPath ? (await loadConfig(cfgPath)).data.melt : undefined) ??
              (wide && wide.id === info.seriesId
                ? { id: wide.id }
                : down && info.seriesId === 'series'
                  ? { time: down.time, series: down.columns }
                  : grid
                    ? { year: grid.year }
                    : undefined);
            if (spec) frame = applyMelt(frame, spec, opts.data);
          }
        } else {
          const cfgPath = runPath(dir, 'config.yaml');
          if (!cfgPath)
            throw new CliError(
              `${dir}: no run config.yaml beside the model to find its data; pass the series with --data FILE`,
            );
          const config = await loadConfig(cfgPath);
          where = config.data.source;
          const data = (await loadExperimentData(config)).frame;
          // A count of rows per period (data.resample how: count) is made from the rows, not read.
          const read = [trained.info.valueColumn!].filter((c) => data.columns.includes(c));
          frame = handleMissing(data, config, read);
        }
        // One series, or every series of a panel model (an id column first). Errors on a gap or a
        // repeated time name this command's options, not the training config's.
        const gaps = {
          ...(opts.fill ? { fill: opts.fill } : {}),
          ...(opts.duplicates ? { duplicates: opts.duplicates } : {}),
        };
        const run = <T>(f: () => T): T => {
          try {
            return f();
          } catch (e) {
            throw restateTimeHints(e, (key, example) => `add --${key} ${example}`);
          }
        };
        const forecasts = run(() =>
          info.seriesId
            ? forecastPanel(trained.model, trained.pipeline, frame, opts.horizon, where, gaps)
            : [
                {
                  id: null,
                  ...forecastFuture(trained.model, trained.pipeline, frame, opts.horizon, where, gaps),
                },
              ],
        );
        const f = forecasts[0]!;
        // Steps made up in a gap of the given rows (a hole of two years bridged by a line) are said.
        for (const s of forecasts) for (const n of s.notes ?? []) process.stderr.write(`${n}\n`);
        if (info.skippedSeries?.length)
          process.stderr.write(
            `not forecast: series ${info.skippedSeries.join(', ')} (too short when the model was trained)\n`,
          );
        const pct = (c: number): string => String(Math.round(c * 1000) / 10);
        const header = [
          ...(info.seriesId ? [info.seriesId] : []),
          'time',
          'forecast',
          ...f.intervals.flatMap((iv) => [`lower_${pct(iv.coverage)}`, `upper_${pct(iv.coverage)}`]),
        ];
        const rows = forecasts.flatMap((s) =>
          s.times.map((t, k) => [
            ...(s.id !== null ? [s.id] : []),
            t,
            s.forecast[k],
            ...s.intervals.flatMap((iv) => [iv.lower[k], iv.upper[k]]),
          ]),
        );
        await writeRows(header, rows, opts, `${rows.length} forecasts (${f.frequency ?? 'steps'})`);
        for (const w of runWarnings(dir)) process.stderr.write(`warning: ${w}\n`);
      }),
    );
}

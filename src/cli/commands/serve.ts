/** `seqlab serve MODEL`: an HTTP prediction server for a saved model. */
import type { Command } from 'commander';
import { Predictor } from '../../serve/predictor.js';
import { DEFAULT_LIMITS } from '../../serve/schemas.js';
import { buildServer, DEFAULT_TIMEOUTS } from '../../serve/server.js';
import { action, CliError } from '../errors.js';

function positiveInt(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0)
      throw new CliError(`${flag} expects a positive integer, got '${value}'`);
    return n;
  };
}

/**
 * Registers `seqlab serve`.
 * @example serveCommand(program); // seqlab serve runs/imdb-lstm --port 8080
 */
export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'serve predictions from a saved model over HTTP (POST /predict; POST /forecast for series models; GET /health, GET /model)',
    )
    .argument('<model>', 'model folder (model.json + weights.safetensors) or run folder with model/')
    .option('-p, --port <port>', 'port to listen on', (v) => Number(v), 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--max-batch <n>', 'most inputs per request', positiveInt('--max-batch'), DEFAULT_LIMITS.maxBatch)
    .option(
      '--body-limit <bytes>',
      'largest request body in bytes',
      positiveInt('--body-limit'),
      DEFAULT_LIMITS.bodyLimit,
    )
    .option(
      '--max-text-length <chars>',
      'longest text input',
      positiveInt('--max-text-length'),
      DEFAULT_LIMITS.maxTextLength,
    )
    .option('--log-level <level>', 'fatal, error, warn, info, debug or silent', 'info')
    .option(
      '--headers-timeout <ms>',
      'close a client whose request headers are not complete after this long',
      positiveInt('--headers-timeout'),
      DEFAULT_TIMEOUTS.headersMs,
    )
    .option(
      '--request-timeout <ms>',
      'close a client whose whole request (headers and body) is not received after this long',
      positiveInt('--request-timeout'),
      DEFAULT_TIMEOUTS.requestMs,
    )
    .option(
      '--idle-timeout <ms>',
      'close a connection with no traffic for this long',
      positiveInt('--idle-timeout'),
      DEFAULT_TIMEOUTS.idleMs,
    )
    .option(
      '--keep-alive-timeout <ms>',
      'close an idle keep-alive connection between requests after this long',
      positiveInt('--keep-alive-timeout'),
      DEFAULT_TIMEOUTS.keepAliveMs,
    )
    .addHelpText(
      'after',
      `
Examples:
  $ seqlab serve runs/imdb-lstm --port 8080
  $ curl -s localhost:8080/predict -H 'content-type: application/json' -d '{"inputs": ["A wonderful film."]}'
  $ curl -s localhost:8080/model`,
    )
    .action(
      action(
        async (
          model: string,
          opts: {
            port: number;
            host: string;
            maxBatch: number;
            bodyLimit: number;
            maxTextLength: number;
            logLevel: string;
            headersTimeout: number;
            requestTimeout: number;
            idleTimeout: number;
            keepAliveTimeout: number;
          },
        ) => {
          if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535)
            throw new CliError(`--port expects 0-65535, got '${opts.port}'`);
          const predictor = await Predictor.load(model, {
            maxBatch: opts.maxBatch,
            bodyLimit: opts.bodyLimit,
            maxTextLength: opts.maxTextLength,
          });
          const app = buildServer(predictor, {
            logger: { level: opts.logLevel },
            timeouts: {
              headersMs: opts.headersTimeout,
              requestMs: opts.requestTimeout,
              idleMs: opts.idleTimeout,
              keepAliveMs: opts.keepAliveTimeout,
            },
          });
          const stop = (): void => {
            app.log.info('shutting down');
            void app.close().then(() => process.exit(0));
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
          const address = await app.listen({ port: opts.port, host: opts.host });
          process.stderr.write(
            `seqlab: serving '${predictor.model.name}' at ${address} (POST /predict${predictor.kind === 'series' ? ', POST /forecast' : ''}, GET /health, GET /model); input: ${predictor.inputDescription}\n`,
          );
        },
      ),
    );
}

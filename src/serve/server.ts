/**
 * The HTTP prediction server (fastify): POST /predict, POST /forecast (series models), GET /health, GET /model. Requests are
 * validated against a JSON schema built from the model's expected input; every error is a JSON
 * body `{ statusCode, error, message }` and the server keeps serving.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { createServer } from 'node:http';

import { SeqlabError } from '../errors.js';
import { VERSION } from '../version.js';
import { InputError, type Predictor } from './predictor.js';
import { findNonFinite, forecastSchema, requestSchema } from './schemas.js';
import type { GapPolicy } from '../forecasting/forecast.js';

/** The body POST /forecast takes, for its errors. */
const FORECAST_BODY =
  '{ "series": [numbers, oldest first], "times"?: [one timestamp per value, to date the forecasts], "horizon"?: steps, "seriesId"?: a panel model\'s series, "fill"?: "interpolate" | "forwardFill" (gaps in times), "duplicates"?: "mean" | "sum" | "first" | "last" (repeated times) }';

export interface ServerOptions {
  /** fastify's logger option: true for JSON logs (pino) at info, false for none, or pino options. Default false. */
  logger?: FastifyServerOptions['logger'];
  /** Socket time limits that drop stalled or slow clients (slowloris); defaults in DEFAULT_TIMEOUTS. */
  timeouts?: Partial<ServerTimeouts>;
}

/** How long a client may take, in milliseconds. */
export interface ServerTimeouts {
  /** Until the request headers are complete. */
  headersMs: number;
  /** Until the whole request (headers and body) is received. */
  requestMs: number;
  /** A socket with no traffic at all is closed after this. */
  idleMs: number;
  /** An idle keep-alive connection between requests. */
  keepAliveMs: number;
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  idleMs: 30_000,
  keepAliveMs: 5_000,
};

interface PredictBody {
  inputs?: unknown[];
  input?: unknown;
}

/**
 * Builds (does not start) the server for a loaded predictor; tests call `app.inject`.
 * @example
 * const app = buildServer(await Predictor.load('runs/imdb-lstm'), { logger: true });
 * await app.listen({ port: 8080, host: '127.0.0.1' });
 */
export function buildServer(predictor: Predictor, options: ServerOptions = {}): FastifyInstance {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  for (const [key, ms] of Object.entries(timeouts)) {
    if (!(Number.isFinite(ms) && ms > 0))
      throw new SeqlabError(`server timeouts: ${key} must be > 0 ms, got ${ms}`);
  }
  const app = Fastify({
    logger: options.logger ?? false,
    // Node checks the header and request deadlines every connectionsCheckingInterval (30 s by default): a
    // slow client would outlive a short limit by up to that much, so the check runs 20 times per limit
    // (every 100 ms for the 2 s default; a pass over the open connections costs microseconds).
    serverFactory: (handler) =>
      createServer(
        {
          headersTimeout: timeouts.headersMs,
          requestTimeout: timeouts.requestMs,
          keepAliveTimeout: timeouts.keepAliveMs,
          connectionsCheckingInterval: Math.max(50, Math.min(timeouts.headersMs, timeouts.requestMs) / 20),
        },
        handler,
      ),
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    requestTimeout: timeouts.requestMs,
    bodyLimit: predictor.limits.bodyLimit,
    // Reject what the schema does not allow instead of fastify's defaults (strip unknown fields, coerce types).
    // Union types are meant (a categorical level may come as a string, number or boolean): without
    // allowUnionTypes, ajv's strict mode printed a warning per such column on the first request.
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: false,
        useDefaults: false,
        allErrors: false,
        allowUnionTypes: true,
      },
    },
  });
  // fastify applies connectionTimeout only to a server it creates itself.
  app.server.setTimeout(timeouts.idleMs);
  // Only JSON is accepted: without the text/plain parser other bodies get 415, not a schema error.
  app.removeContentTypeParser('text/plain');
  const started = Date.now();
  let served = 0;
  let failed = 0;

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = err instanceof InputError ? 400 : (err.statusCode ?? 500);
    if (status >= 500) {
      failed++;
      request.log.error({ err }, 'prediction failed');
      return reply.status(status).send({
        statusCode: status,
        error: 'Internal Server Error',
        message: 'the model failed on this request; see the server log',
      });
    }
    let message = err.message;
    if (err.validation)
      message = request.url.startsWith('/forecast')
        ? `invalid request: ${err.message}. Expected ${FORECAST_BODY}`
        : `invalid request: ${err.message}. Expected { "inputs": [...] } or { "input": ... } where each input is ${predictor.inputDescription}`;
    else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      message = `request body larger than the limit of ${predictor.limits.bodyLimit} bytes; send fewer or shorter inputs`;
    else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      message = `unsupported content type '${request.headers['content-type'] ?? ''}'; send JSON with content-type: application/json`;
    else if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
      message = 'empty JSON body; expected { "inputs": [...] } or { "input": ... }';
    else if (status === 400 && err.code?.startsWith('FST_ERR_CTP'))
      message = `malformed JSON body: ${err.message}`;
    request.log.info({ statusCode: status, reason: message }, 'request rejected');
    const error = { 413: 'Payload Too Large', 415: 'Unsupported Media Type' }[status] ?? 'Bad Request';
    return reply.status(status).send({ statusCode: status, error, message });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      statusCode: 404,
      error: 'Not Found',
      message: `no route ${request.method} ${request.url}; routes: POST /predict, POST /forecast, GET /health, GET /model`,
    }),
  );

  app.get('/health', async () => ({
    status: 'ok',
    model: predictor.model.name,
    seqlabVersion: VERSION,
    uptimeSeconds: Math.round((Date.now() - started) / 1000),
    requestsServed: served,
    requestsFailed: failed,
    rssBytes: process.memoryUsage().rss,
  }));

  app.get('/model', async () => predictor.describe());

  app.post<{ Body: { series: number[]; times?: string[]; horizon?: number; seriesId?: string } & GapPolicy }>(
    '/forecast',
    { schema: { body: forecastSchema(predictor.limits) } },
    async (request, reply) => {
      const bad = findNonFinite(request.body);
      if (bad)
        return reply.status(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: `invalid request: body/${bad} is not a finite number`,
        });
      const { series, times, horizon, seriesId, fill, duplicates } = request.body;
      const f = predictor.forecast(series, {
        ...(times ? { times } : {}),
        ...(horizon ? { horizon } : {}),
        ...(seriesId !== undefined ? { seriesId } : {}),
        ...(fill ? { fill } : {}),
        ...(duplicates ? { duplicates } : {}),
      });
      served++;
      return {
        // Dated only from the request's own times: a series without them has no date to go on (it
        // need not end where the training data did), where its step numbers were sent as times.
        ...(times ? { times: f.times } : {}),
        forecast: Array.from(f.forecast),
        intervals: f.intervals.map((iv) => ({
          coverage: iv.coverage,
          lower: Array.from(iv.lower),
          upper: Array.from(iv.upper),
        })),
        frequency: f.frequency,
        // Steps made up in a gap of the request's times (with "fill"): how many, the longest run.
        ...(f.notes ? { notes: f.notes } : {}),
      };
    },
  );

  app.post<{ Body: PredictBody }>(
    '/predict',
    { schema: { body: requestSchema(predictor.item, predictor.limits) } },
    async (request, reply) => {
      const body = request.body;
      const bad = findNonFinite(body);
      if (bad) {
        return reply.status(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: `invalid request: body/${bad} is not a finite number`,
        });
      }
      const single = body.inputs === undefined;
      const inputs = single ? [body.input] : body.inputs!;
      const t0 = performance.now();
      const predictions = await predictor.predict(inputs);
      const ms = performance.now() - t0;
      served++;
      request.log.info({ inputs: inputs.length, inferenceMs: Math.round(ms * 10) / 10 }, 'predicted');
      return single
        ? { prediction: predictions[0], labels: predictor.labels }
        : { predictions, labels: predictor.labels };
    },
  );

  return app;
}

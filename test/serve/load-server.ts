/** The server process of the load test: `node --import tsx test/serve/load-server.ts MODEL PORT`. */
import { Predictor } from '../../src/serve/predictor.js';
import { buildServer } from '../../src/serve/server.js';

const [model, port] = process.argv.slice(2);
const ms = (name: string): number | undefined => (process.env[name] ? Number(process.env[name]) : undefined);
const headersMs = ms('SEQLAB_HEADERS_TIMEOUT_MS');
const requestMs = ms('SEQLAB_REQUEST_TIMEOUT_MS');
const app = buildServer(await Predictor.load(model!), {
  logger: { level: process.env.LOG_LEVEL ?? 'warn' },
  timeouts: { ...(headersMs ? { headersMs } : {}), ...(requestMs ? { requestMs } : {}) },
});
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.stdout.write('ready\n');

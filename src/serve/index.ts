/** The prediction server: load a saved model, build the fastify app, listen. */
export { Predictor, InputError, type InputKind, type Prediction } from './predictor.js';
export { buildServer, type ServerOptions } from './server.js';
export { DEFAULT_LIMITS, type ServeLimits } from './schemas.js';

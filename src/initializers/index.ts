export { RandomGenerator } from './random.js';
export { orthogonalMatrix } from './orthogonal.js';
export { initialize, fans, type InitializerConfig } from './initializers.js';

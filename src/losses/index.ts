export * from './losses.js';
export * from './compute.js';
export * from './get-loss.js';
export { alignTargets, sparseTargets } from './targets.js';

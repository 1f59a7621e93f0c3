export * from './optimizer.js';
export * from './optimizers.js';
export * from './schedules.js';
export * from './get-optimizer.js';

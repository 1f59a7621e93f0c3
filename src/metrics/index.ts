export * from './metric.js';
export * from './streaming.js';
export * from './auc.js';
export * from './classification.js';
export * from './roc.js';
export * from './regression.js';

export * from './elementwise.js';
export * from './matmul.js';
export * from './shape.js';
export * from './reduce.js';
export * from './softmax.js';
export * from './gather.js';
export * from './dropout.js';

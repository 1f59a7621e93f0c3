/** Hyper-parameter search: spaces, samplers, pruners, trials, studies, local and BullMQ workers, the study report. Re-exports only. */
export * from './space.js';
export * from './samplers.js';
export * from './pruners.js';
export * from './spec.js';
export * from './trial.js';
export * from './study.js';
export { LocalPool, InProcess, threadsPerWorker, type Executor } from './executor.js';
export { BullmqExecutor, startQueueWorker, QueueUnreachableError, QUEUE_NAME } from './queue.js';
export { writeStudyReport, parameterImportance } from './report.js';

/** A local worker process of `seqlab tune --workers N`: runs the trials its parent sends, one at a time. */
import { runTrial } from './trial.js';
import type { FromWorker, ToWorker } from './executor.js';

const send = (m: FromWorker): void => void process.send?.(m);
const worker = process.env.SEQLAB_WORKER_NAME ?? `pid-${process.pid}`;

process.on('message', (m: ToWorker) => {
  if (m.type !== 'run') return;
  const { job } = m;
  runTrial(job, {
    worker,
    onValue: (step, value) => send({ type: 'value', number: job.number, step, value }),
  })
    .then((result) => send({ type: 'result', result }))
    .catch((e: unknown) => send({ type: 'error', number: job.number, message: (e as Error).message }));
});
process.on('disconnect', () => process.exit(0));

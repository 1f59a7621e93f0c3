import type { Backend, BackendInfo, FloatArray } from '../interface.js';
import { streamWords, wordToUniform } from '../philox.js';
import { binary, unary, unaryBackward } from './elementwise.js';
import { embeddingBackward, embeddingForward } from './embedding.js';
import { gemm } from './gemm.js';
import { gruSequenceBackward, gruSequenceForward } from './gru.js';
import { copyRegion, transpose } from './layout.js';
import { lstmSequenceBackward, lstmSequenceForward } from './lstm.js';
import { adagradStep, adamStep, rmspropStep, sgdStep } from './optimizers.js';
import { reduce, softmax, softmaxBackward } from './reduce.js';
import { simpleRnnSequenceBackward, simpleRnnSequenceForward } from './simple-rnn.js';

function dropoutMask<F extends FloatArray>(
  key: readonly [number, number],
  offset: number,
  rate: number,
  out: F,
): void {
  const words = new Uint32Array(out.length);
  streamWords(key, offset, out.length, words);
  const scale = 1 / (1 - rate);
  for (let i = 0; i < out.length; i++) out[i] = wordToUniform(words[i]!) >= rate ? scale : 0;
}

/** The sequence kernels of each recurrent kind (the only kind → kernel table). */
const recurrentKernels = {
  lstm: { forward: lstmSequenceForward, backward: lstmSequenceBackward },
  gru: { forward: gruSequenceForward, backward: gruSequenceBackward },
  simpleRnn: { forward: simpleRnnSequenceForward, backward: simpleRnnSequenceBackward },
};

/**
 * The reference backend: plain TypeScript loops, written to be read. It is the executable
 * specification every native kernel is tested against, and the fallback when the addon is absent.
 */
export const referenceBackend: Backend = {
  name: 'reference',
  info(): BackendInfo {
    return { name: 'reference', cpuFeatures: 'javascript', threads: 1, fallbacks: 0 };
  },
  gemm,
  unary,
  unaryBackward,
  binary,
  reduce,
  transpose,
  copyRegion,
  softmax,
  softmaxBackward,
  embeddingForward,
  embeddingBackward,
  dropoutMask,
  rnnSequenceForward(kind, directions) {
    for (const d of directions) recurrentKernels[kind].forward(d.args, d.out, d.saved);
  },
  rnnSequenceBackward(kind, directions) {
    for (const d of directions) recurrentKernels[kind].backward(d.args, d.saved, d.upstream, d.grads);
  },
  sgdStep,
  adamStep,
  rmspropStep,
  adagradStep,
};

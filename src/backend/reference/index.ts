import type { Backend, BackendInfo, FloatArray, RnnKind } from '../interface.js';
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

const forwardKernels = {
  lstm: lstmSequenceForward,
  gru: gruSequenceForward,
  simpleRnn: simpleRnnSequenceForward,
};
const backwardKernels = {
  lstm: lstmSequenceBackward,
  gru: gruSequenceBackward,
  simpleRnn: simpleRnnSequenceBackward,
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
  lstmSequenceForward,
  lstmSequenceBackward,
  gruSequenceForward,
  gruSequenceBackward,
  simpleRnnSequenceForward,
  simpleRnnSequenceBackward,
  rnnSequenceForwardPair(kind: RnnKind, args, out, saved) {
    for (let i = 0; i < 2; i++) forwardKernels[kind](args[i]!, out[i]!, saved[i]!);
  },
  rnnSequenceBackwardPair(kind: RnnKind, args, saved, upstream, grads) {
    for (let i = 0; i < 2; i++) backwardKernels[kind](args[i]!, saved[i]!, upstream[i]!, grads[i]!);
  },
  sgdStep,
  adamStep,
  rmspropStep,
  adagradStep,
};

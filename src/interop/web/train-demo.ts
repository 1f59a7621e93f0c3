/**
 * The small model that trains in a browser Web Worker (./train-worker.ts) and, for comparison, in Node:
 * Embedding(V, 8, maskZero) → LSTM(16) → Dense(1, sigmoid), Adam, binary cross-entropy, fixed seed,
 * trainOnBatch over the given batches in order. Whatever runs it on the same backend gets the same
 * losses: the browser's wasm backend and Node's `setBackend('wasm')` run the same .wasm and this code.
 */
import { layers } from '../../layers/index.js';
import { sequential } from '../../model/sequential.js';

/** Token ids (B, T) with 0 as padding, and labels 0/1 (B). */
export interface DemoBatch {
  ids: Int32Array;
  labels: Float32Array;
  B: number;
  T: number;
}

/**
 * Trains the demo model for `epochs` passes over `batches` and returns the loss of every step.
 * @example const losses = trainDemoModel(batches, 1000, 3);
 */
export function trainDemoModel(batches: readonly DemoBatch[], vocabulary: number, epochs: number): number[] {
  const T = batches[0]!.T;
  const model = sequential(
    [
      layers.embedding({ inputDim: vocabulary, outputDim: 8, maskZero: true, inputShape: [T] }),
      layers.lstm({ units: 16 }),
      layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
    { seed: 7 },
  );
  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
  const losses: number[] = [];
  for (let e = 0; e < epochs; e++) {
    for (const b of batches) {
      const logs = model.trainOnBatch(
        { data: b.ids, shape: [b.B, b.T] },
        { data: b.labels, shape: [b.B, 1] },
      );
      losses.push(logs.loss!);
    }
  }
  return losses;
}

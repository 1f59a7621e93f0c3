/**
 * The browser side of `seqlab export --format web`: bundled by ./bundle.ts into seqlab-model.js beside
 * model.json, weights.safetensors, seqlab.wasm and seqlab-mt.wasm. It loads the model and its fitted
 * preprocessing and predicts from raw text or rows with the same code as `seqlab predict`
 * (predictFrame), on the WebAssembly backend: threaded (Web Workers) where the page is cross-origin
 * isolated, else one thread (BackendInfo.threadsReason says why).
 * @example
 * import { load } from './seqlab-model.js';
 * const model = await load();
 * model.predict(['a wonderful film']); // { header: ['index', 'label', 'p_neg', 'p_pos'], rows: [[0, 'pos', 0.1, 0.9]] }
 */
import type { BackendInfo } from '../../backend/interface.js';
import { backendInfo, setBackend } from '../../backend/select.js';
import { referenceBackend } from '../../backend/reference/index.js';
import { wasmSimdSupported } from '../../backend/wasm/module.js';
import { flattenJsonRecord, Frame } from '../../data/frame.js';
import { pipelineInfo, readsRows, type PipelineInfo } from '../../data/preprocessing/batch.js';
import { SeqlabError } from '../../errors.js';
import {
  explainFrame,
  predictFrame,
  type PredictOutput,
  type TokenWeights,
} from '../../experiments/predict.js';
import { modelFromParts } from '../../model/serialization.js';
import { loadPageWasm } from './wasm-loader.js';

export type { PredictOutput, TokenWeights };

/** A loaded model in a page or worker. */
export interface WebModel {
  /** What the preprocessing reads (input 'text' | 'rows' | 'series', label names, columns). */
  info: PipelineInfo;
  /** The backend that runs it: 'wasm' (threads, or one with a threadsReason), or 'reference' with a fallbackReason where the browser lacks WebAssembly SIMD. */
  backend: BackendInfo;
  /** Predictions for raw texts (text models) or rows as objects (table and series models). */
  predict(input: readonly string[] | readonly Record<string, string | number | null>[]): PredictOutput;
  /** True for text models with an attention-pooling layer: explain() gives each word's weight. */
  attention: boolean;
  /** Each text's words and their attention weights (as the run report shades them); text attention models only. */
  explain(texts: readonly string[]): TokenWeights[];
}

async function fetchOk(url: string | URL): Promise<Response> {
  const r = await fetch(url);
  if (!r.ok) throw new SeqlabError(`${String(url)}: HTTP ${r.status} (is the exported folder complete?)`);
  return r;
}

/**
 * Loads the exported model from the folder of this module (or `base`).
 * @example const model = await load(); model.predict(['great movie']);
 */
export async function load(base: string | URL = new URL('./', import.meta.url)): Promise<WebModel> {
  const at = (f: string) => new URL(f, base);
  // A browser without WebAssembly SIMD runs the TypeScript reference backend (slower, same numbers) and says so.
  const simd = wasmSimdSupported();
  const [backend, text, weights] = await Promise.all([
    simd ? loadPageWasm(fetchOk, at('seqlab.wasm'), at('seqlab-mt.wasm')) : referenceBackend,
    fetchOk(at('model.json')).then((r) => r.text()),
    fetchOk(at('weights.safetensors')).then((r) => r.arrayBuffer()),
  ]);
  setBackend(backend);
  const { model } = modelFromParts(text, new Uint8Array(weights), 'model.json', 'weights.safetensors');
  const pipeline = model.preprocessing;
  if (!pipeline || !readsRows(pipeline)) {
    throw new SeqlabError(
      'model.json: its preprocessing does not read raw rows (export a model saved by `seqlab train`)',
    );
  }
  const info = pipelineInfo(pipeline);
  const trained = { model, pipeline, info };
  const textFrame = (texts: readonly string[]) => new Frame({ [info.textColumn ?? 'text']: [...texts] });
  const attention =
    info.input === 'text' && !!info.decode && model.layers.some((l) => l.stepAttention !== undefined);
  return {
    info,
    backend: simd
      ? backendInfo()
      : {
          ...backendInfo(),
          fallbackReason: 'this browser has no WebAssembly SIMD (wasm128); running on the reference backend',
        },
    predict(input) {
      if (input.length === 0) throw new SeqlabError('predict: no input (give at least one text or row)');
      const texts = input.every((v) => typeof v === 'string');
      if (texts && info.input !== 'text') {
        throw new SeqlabError(
          `predict: this model reads ${info.input === 'series' ? 'a series' : 'table rows'}, not raw text: ` +
            `give rows as objects with the training columns`,
        );
      }
      const frame = texts
        ? textFrame(input as string[])
        : Frame.fromRecords((input as Record<string, unknown>[]).map((r) => flattenJsonRecord(r)));
      return predictFrame(trained, frame, 'page input');
    },
    attention,
    explain(texts) {
      const out = attention ? explainFrame(trained, textFrame(texts), 'page input') : null;
      if (!out)
        throw new SeqlabError('explain: this model has no attention-pooling layer over words to explain');
      return out;
    },
  };
}

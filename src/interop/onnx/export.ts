/**
 * Sequential model → ONNX (opset 17, IR version 8). The graph has one input `input` (float32, or
 * int64 token ids when the model starts with an Embedding) and one output `output`; the batch axis
 * is dynamic (dim_param 'batch'), as is any axis the model was built with as unknown.
 */
import { labelStep } from '../../data/preprocessing/labels.js';
import { LabelSets } from '../../data/preprocessing/label-sets.js';
import { writeFileAtomic } from '../../data/io/atomic-write.js';
import { SeqlabError } from '../../errors.js';
import type { Sequential } from '../../model/sequential.js';
import { VERSION } from '../../version.js';
import { GraphBuilder } from './graph.js';
import { convertLayer, layerProblems } from './layers.js';
import { encodeModel, ONNX_FLOAT, ONNX_INT64, type ModelJson, type ValueInfoJson } from './schema.js';

export const ONNX_OPSET = 17;
export const ONNX_IR_VERSION = 8;

/** Thrown when a model uses layers or options the exporter does not map; lists every one. */
export class OnnxExportError extends SeqlabError {}

function valueInfo(
  name: string,
  elemType: number,
  shape: readonly (number | null)[],
  axisNames: string[],
): ValueInfoJson {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: elemType,
        shape: {
          dim: shape.map((d, i) =>
            d === null ? { dim_param: axisNames[i] ?? `dim${i}` } : { dim_value: d },
          ),
        },
      },
    },
  };
}

/**
 * The ONNX ModelProto bytes of a built Sequential model.
 * @example const bytes = toOnnx(model); // Uint8Array, an ONNX ModelProto
 */
export function toOnnx(model: Sequential): Uint8Array {
  const inputShape = model.inputShape;
  const outputShape = model.outputShape;
  if (!inputShape || !outputShape) {
    throw new OnnxExportError(
      `exportOnnx: model '${model.name}' is not built; call it on data or model.build([null, …]) first`,
    );
  }
  const problems = model.layers.flatMap((l) =>
    layerProblems(l).map((p) => `  - layer '${l.name}' (${l.className}): ${p}`),
  );
  if (problems.length) {
    throw new OnnxExportError(
      `exportOnnx: model '${model.name}' cannot be exported to ONNX:\n${problems.join('\n')}`,
    );
  }
  const g = new GraphBuilder();
  g.unique('input');
  g.unique('output');
  const ids = model.layers[0]?.takesIds ?? false;
  let x = 'input';
  for (const layer of model.layers) x = convertLayer(g, layer, x);
  g.nodeN('Identity', [x], ['output'], {}, 'output_identity');
  const axisNames = ['batch', 'steps', 'features', 'dim3', 'dim4'];
  const json: ModelJson = {
    ir_version: ONNX_IR_VERSION,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    producer_name: 'seqlab',
    producer_version: VERSION,
    doc_string: `seqlab Sequential model '${model.name}': ${model.layers.map((l) => l.className).join(' → ')}`,
    graph: {
      name: model.name,
      node: g.nodes,
      initializer: g.initializers,
      input: [valueInfo('input', ids ? ONNX_INT64 : ONNX_FLOAT, inputShape, axisNames)],
      output: [
        valueInfo(
          'output',
          ONNX_FLOAT,
          outputShape,
          outputShape.length === 3 ? axisNames : ['batch', 'outputs'],
        ),
      ],
    },
  };
  const labels = labelStep(model.preprocessing);
  // A multi-label model's outputs are one sigmoid per label: its labels, and the task to say so.
  const sets = model.preprocessing?.steps.map(([, st]) => st).find((st) => st instanceof LabelSets);
  if (labels) json.metadata_props = [{ key: 'labels', value: JSON.stringify(labels.classes.map(String)) }];
  else if (sets)
    json.metadata_props = [
      { key: 'labels', value: JSON.stringify(sets.classes) },
      { key: 'task', value: 'multilabel' },
    ];
  return encodeModel(json);
}

/**
 * Writes a built Sequential model as an ONNX file (atomically: temp file + rename). Recurrent
 * layers become the ONNX LSTM / GRU / RNN operators with gate orders converted; the input is
 * float32 (batch, …) or, for a model starting with an Embedding, int64 ids (batch, steps).
 * Throws an OnnxExportError listing every layer or option it cannot map (e.g. maskZero).
 *
 * @example
 * await exportOnnx(model, 'model.onnx');
 * // python: onnxruntime.InferenceSession('model.onnx').run(None, {'input': x})
 */
export async function exportOnnx(model: Sequential, path: string): Promise<void> {
  const bytes = toOnnx(model);
  await writeFileAtomic(path, bytes);
}

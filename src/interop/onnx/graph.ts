/**
 * A small builder for an ONNX graph: nodes with unique names, initializers from typed arrays (stored
 * as little-endian raw_data) and cached int64 constants for shapes and axes.
 */
import {
  ATTR,
  ONNX_FLOAT,
  ONNX_INT64,
  type AttributeJson,
  type NodeJson,
  type TensorJson,
} from './schema.js';

export type AttrValue = number | string | number[] | string[] | { float: number } | { floats: number[] };

function attribute(name: string, value: AttrValue): AttributeJson {
  if (typeof value === 'string') return { name, type: ATTR.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'number') {
    if (!Number.isInteger(value))
      throw new Error(`internal error: attribute ${name} must be an integer (use { float })`);
    return { name, type: ATTR.INT, i: value };
  }
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) {
      return {
        name,
        type: ATTR.STRINGS,
        strings: (value as string[]).map((v) => new TextEncoder().encode(v)),
      };
    }
    return { name, type: ATTR.INTS, ints: value as number[] };
  }
  if ('float' in value) return { name, type: ATTR.FLOAT, f: value.float };
  return { name, type: ATTR.FLOATS, floats: value.floats };
}

function bytesOf(data: Float32Array | BigInt64Array): Uint8Array {
  // ONNX raw_data is little-endian; so is every platform Node runs on in practice, but be exact.
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  if (data instanceof Float32Array) data.forEach((v, i) => view.setFloat32(4 * i, v, true));
  else data.forEach((v, i) => view.setBigInt64(8 * i, v, true));
  return out;
}

/**
 * Collects nodes and initializers. Names are made unique with a per-prefix counter.
 * @example
 * const g = new GraphBuilder();
 * const w = g.initializer('dense/kernel', kernel.data, kernel.shape);
 * const y = g.node('MatMul', ['input', w]);
 */
export class GraphBuilder {
  readonly nodes: NodeJson[] = [];
  readonly initializers: TensorJson[] = [];
  private readonly used = new Set<string>();
  private readonly constants = new Map<string, string>();

  /** A fresh tensor or node name based on `base`. */
  unique(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_./:-]/g, '_');
    let name = clean;
    for (let k = 1; this.used.has(name); k++) name = `${clean}_${k}`;
    this.used.add(name);
    return name;
  }

  /** Adds a float32 initializer; returns its name. */
  initializer(name: string, data: ArrayLike<number>, dims: readonly number[]): string {
    const unique = this.unique(name);
    const values = data instanceof Float32Array ? data : Float32Array.from(data);
    this.initializers.push({
      name: unique,
      dims: [...dims],
      data_type: ONNX_FLOAT,
      raw_data: bytesOf(values),
    });
    return unique;
  }

  /** A 1-D int64 constant (shapes, axes, indices), shared by every node that needs the same values. */
  int64(values: readonly number[], scalar = false): string {
    const key = `${scalar ? 's' : 'v'}:${values.join(',')}`;
    const cached = this.constants.get(key);
    if (cached) return cached;
    const name = this.unique(`const_${scalar ? 'scalar' : 'i64'}_${values.join('_').replace(/-/g, 'm')}`);
    this.initializers.push({
      name,
      dims: scalar ? [] : [values.length],
      data_type: ONNX_INT64,
      raw_data: bytesOf(BigInt64Array.from(values.map((v) => BigInt(v)))),
    });
    this.constants.set(key, name);
    return name;
  }

  /** A float32 scalar constant. */
  scalar(value: number): string {
    const key = `f:${value}`;
    const cached = this.constants.get(key);
    if (cached) return cached;
    const name = this.initializer(`const_f32`, [value], []);
    this.constants.set(key, name);
    return name;
  }

  /**
   * Adds a node; returns its output names (`outputs` of them, or the given names). Empty-string
   * inputs stand for omitted optional inputs, as in ONNX.
   */
  nodeN(
    opType: string,
    inputs: string[],
    outputs: number | string[],
    attrs: Record<string, AttrValue> = {},
    name = opType,
  ): string[] {
    const nodeName = this.unique(name);
    const outs =
      typeof outputs === 'number'
        ? Array.from({ length: outputs }, (_, i) => this.unique(`${nodeName}_out${i}`))
        : outputs;
    this.nodes.push({
      name: nodeName,
      op_type: opType,
      input: inputs,
      output: outs,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outs;
  }

  /** Adds a node with one output; returns its name. */
  node(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, name = opType): string {
    return this.nodeN(opType, inputs, 1, attrs, name)[0]!;
  }
}

import { SeqlabError } from '../errors.js';
import type { TypedArray } from '../autograd/tensor.js';

/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian header length N, N bytes
 * of JSON {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}},
 * then the raw little-endian tensor bytes. Written here by hand because it is 40 lines and the
 * loader must validate every field to give a clear message on a damaged file.
 */

export interface NamedArray {
  data: TypedArray;
  shape: number[];
}

const DTYPES = { F32: Float32Array, F64: Float64Array, I32: Int32Array } as const;
type DTypeName = keyof typeof DTYPES;

function dtypeName(a: TypedArray): DTypeName {
  if (a instanceof Float32Array) return 'F32';
  if (a instanceof Float64Array) return 'F64';
  return 'I32';
}

/** Serialises named arrays (in insertion order) and string metadata to safetensors bytes. */
export function encodeSafetensors(
  tensors: Map<string, NamedArray>,
  metadata: Record<string, string> = {},
): Buffer {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, t] of tensors) {
    header[name] = {
      dtype: dtypeName(t.data),
      shape: t.shape,
      data_offsets: [offset, offset + t.data.byteLength],
    };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8); // align the data to 8 bytes
  const headerBytes = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(8 + headerBytes.length + offset);
  out.writeBigUInt64LE(BigInt(headerBytes.length), 0);
  headerBytes.copy(out, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors.values()) {
    Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).copy(out, at);
    at += t.data.byteLength;
  }
  return out;
}

/** Parses and validates safetensors bytes (a Buffer or, in browsers, a Uint8Array); `file` names the source in every error. */
export function decodeSafetensors(
  bytes: Uint8Array,
  file: string,
): { tensors: Map<string, NamedArray>; metadata: Record<string, string> } {
  const fail = (problem: string): never => {
    throw new SeqlabError(`${file}: not a valid safetensors file: ${problem}`);
  };
  if (bytes.length < 8) fail(`only ${bytes.length} bytes (truncated?)`);
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (headerLength > bytes.length - 8)
    fail(`header says ${headerLength} bytes but the file has ${bytes.length - 8} after it (truncated?)`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<
      string,
      unknown
    >;
  } catch (e) {
    return fail(`header is not JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    fail(`the header is ${JSON.stringify(header)}, not an object of tensors`);
  const meta = header.__metadata__;
  if (meta !== undefined && (meta === null || typeof meta !== 'object' || Array.isArray(meta)))
    fail(`__metadata__ must be an object of strings, got ${JSON.stringify(meta)}`);
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const tensors = new Map<string, NamedArray>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    // Each entry's fields are checked for their JSON type before use, so a damaged header names the tensor.
    const e = (entry ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const { dtype, shape, data_offsets: offsets } = e;
    if (typeof dtype !== 'string' || !(dtype in DTYPES))
      fail(`tensor '${name}' has dtype ${JSON.stringify(dtype)}; seqlab reads F32, F64 and I32`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      fail(`tensor '${name}' has shape ${JSON.stringify(shape)}; expected a list of sizes ≥ 0`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o)))
      fail(
        `tensor '${name}' has data_offsets ${JSON.stringify(offsets)}; expected [begin, end] byte offsets`,
      );
    const Ctor = DTYPES[dtype as DTypeName];
    const count = (shape as number[]).reduce((p, d) => p * d, 1);
    const [begin, end] = offsets as [number, number];
    if (!(begin >= 0 && end <= dataLength && end - begin === count * Ctor.BYTES_PER_ELEMENT)) {
      fail(
        `tensor '${name}' (${dtype} [${(shape as number[]).join(', ')}]) has data_offsets [${begin}, ${end}] outside the ${dataLength} data bytes (truncated?)`,
      );
    }
    const copy = new Uint8Array(end - begin);
    copy.set(bytes.subarray(dataStart + begin, dataStart + end));
    tensors.set(name, { data: new Ctor(copy.buffer), shape: shape as number[] });
  }
  return { tensors, metadata: (header.__metadata__ as Record<string, string>) ?? {} };
}

/**
 * NumPy .npy / .npz reading: numeric arrays, and object arrays of integer lists (how Keras stores
 * the ragged IMDB sequences) through a small pickle interpreter that only builds lists, tuples and
 * numbers — it never calls anything, so a hostile file cannot run code.
 */
import { readFile } from 'node:fs/promises';
import { DataError } from '../errors.js';
import { readZip } from './zip.js';

export type NpyArray =
  | { dtype: string; shape: number[]; data: Float32Array | Float64Array | Int32Array | Uint8Array }
  | { dtype: 'object'; shape: number[]; data: unknown[] };

/**
 * Parses one .npy file's bytes.
 * @example const y = parseNpy(entries.get('y_train.npy')!); y.shape // [25000]
 */
export function parseNpy(buf: Buffer, name = '<npy>'): NpyArray {
  if (buf.length < 10 || buf.toString('latin1', 0, 6) !== '\x93NUMPY')
    throw new DataError(`${name}: not a .npy array (bad magic)`);
  const major = buf[6]!;
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', start, start + headerLen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*True/.test(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shapeText === undefined)
    throw new DataError(`${name}: unreadable .npy header ${JSON.stringify(header)}`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s)
    .map(Number);
  const n = shape.reduce((a, b) => a * b, 1);
  if (fortran && shape.length > 1)
    throw new DataError(`${name}: Fortran-ordered arrays are not supported; save with C order`);
  const body = buf.subarray(start + headerLen);
  if (descr === '|O') {
    const obj = unpickle(body, name);
    const data = ndarrayItems(obj, name);
    return { dtype: 'object', shape, data };
  }
  const copy = (bytes: number): Buffer => Buffer.from(body.subarray(0, n * bytes));
  switch (descr) {
    case '<f4': {
      const b = copy(4);
      return { dtype: 'float32', shape, data: new Float32Array(b.buffer, b.byteOffset, n) };
    }
    case '<f8': {
      const b = copy(8);
      return { dtype: 'float64', shape, data: new Float64Array(b.buffer, b.byteOffset, n) };
    }
    case '<i4': {
      const b = copy(4);
      return { dtype: 'int32', shape, data: new Int32Array(b.buffer, b.byteOffset, n) };
    }
    case '<i8': {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = Number(body.readBigInt64LE(i * 8));
      return { dtype: 'int32', shape, data: out };
    }
    case '|u1':
    case '|b1':
    case '|i1':
      return { dtype: 'uint8', shape, data: Uint8Array.from(body.subarray(0, n)) };
    default:
      throw new DataError(
        `${name}: dtype ${descr} is not supported (float32/64, int32/64, uint8, bool, object)`,
      );
  }
}

/**
 * Every array in an .npz file, by name without the .npy suffix.
 * @example const { x_train } = Object.fromEntries(await readNpz('imdb.npz'));
 */
export async function readNpz(path: string): Promise<Map<string, NpyArray>> {
  const entries = readZip(await readFile(path), path);
  return new Map([...entries].map(([k, v]) => [k.replace(/\.npy$/, ''), parseNpy(v, `${path}:${k}`)]));
}

interface Global {
  global: string;
}
interface Call {
  call: unknown;
  args: unknown[];
  state?: unknown;
}

/** The items of a pickled numpy object array: _reconstruct(...) with BUILD state (v, shape, dtype, fortran, items). */
function ndarrayItems(obj: unknown, name: string): unknown[] {
  const state = (obj as Call)?.state;
  if (Array.isArray(state) && Array.isArray(state[4])) return state[4] as unknown[];
  if (Array.isArray(obj)) return obj;
  throw new DataError(`${name}: object array in an unexpected pickle layout`);
}

const MARK = Symbol('mark');

/** A data-only pickle interpreter (protocols 2–5): lists, tuples, ints, floats, strings, bytes, None, bools. */
export function unpickle(buf: Buffer, name = '<pickle>'): unknown {
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  let p = 0;
  const popMark = (): unknown[] => {
    const items: unknown[] = [];
    for (;;) {
      const v = stack.pop();
      if (v === MARK) return items.reverse();
      if (stack.length === 0 && v === undefined) throw new DataError(`${name}: pickle MARK not found`);
      items.push(v);
    }
  };
  const top = (): unknown => stack[stack.length - 1];
  while (p < buf.length) {
    const op = buf[p++]!;
    switch (op) {
      case 0x80:
        p++;
        break; // PROTO
      case 0x95:
        p += 8;
        break; // FRAME
      case 0x2e:
        return stack.pop(); // STOP
      case 0x28:
        stack.push(MARK);
        break;
      case 0x5d:
        stack.push([]);
        break; // EMPTY_LIST
      case 0x29:
        stack.push([]);
        break; // EMPTY_TUPLE
      case 0x7d:
        stack.push({});
        break; // EMPTY_DICT
      case 0x4e:
        stack.push(null);
        break; // NONE
      case 0x88:
        stack.push(true);
        break;
      case 0x89:
        stack.push(false);
        break;
      case 0x4b:
        stack.push(buf[p]);
        p += 1;
        break; // BININT1
      case 0x4d:
        stack.push(buf.readUInt16LE(p));
        p += 2;
        break; // BININT2
      case 0x4a:
        stack.push(buf.readInt32LE(p));
        p += 4;
        break; // BININT
      case 0x8a: {
        // LONG1
        const len = buf[p++]!;
        let v = 0n;
        for (let i = len - 1; i >= 0; i--) v = (v << 8n) | BigInt(buf[p + i]!);
        if (len > 0 && buf[p + len - 1]! & 0x80) v -= 1n << BigInt(8 * len);
        stack.push(Number(v));
        p += len;
        break;
      }
      case 0x47:
        stack.push(buf.readDoubleBE(p));
        p += 8;
        break; // BINFLOAT
      case 0x8c: {
        const l = buf[p++]!;
        stack.push(buf.toString('utf8', p, p + l));
        p += l;
        break;
      } // SHORT_BINUNICODE
      case 0x58: {
        const l = buf.readUInt32LE(p);
        p += 4;
        stack.push(buf.toString('utf8', p, p + l));
        p += l;
        break;
      } // BINUNICODE
      case 0x55: {
        const l = buf[p++]!;
        stack.push(buf.subarray(p, p + l));
        p += l;
        break;
      } // SHORT_BINSTRING
      case 0x54: {
        const l = buf.readUInt32LE(p);
        p += 4;
        stack.push(buf.subarray(p, p + l));
        p += l;
        break;
      } // BINSTRING
      case 0x43: {
        const l = buf[p++]!;
        stack.push(buf.subarray(p, p + l));
        p += l;
        break;
      } // SHORT_BINBYTES
      case 0x42: {
        const l = buf.readUInt32LE(p);
        p += 4;
        stack.push(buf.subarray(p, p + l));
        p += l;
        break;
      } // BINBYTES
      case 0x71:
        memo.set(buf[p++]!, top());
        break; // BINPUT
      case 0x72:
        memo.set(buf.readUInt32LE(p), top());
        p += 4;
        break; // LONG_BINPUT
      case 0x94:
        memo.set(memo.size, top());
        break; // MEMOIZE
      case 0x68:
        stack.push(memo.get(buf[p++]!));
        break; // BINGET
      case 0x6a:
        stack.push(memo.get(buf.readUInt32LE(p)));
        p += 4;
        break; // LONG_BINGET
      case 0x61: {
        const v = stack.pop();
        (top() as unknown[]).push(v);
        break;
      } // APPEND
      case 0x65: {
        const items = popMark();
        (top() as unknown[]).push(...items);
        break;
      } // APPENDS
      case 0x74:
        stack.push(popMark());
        break; // TUPLE
      case 0x85:
        stack.push([stack.pop()]);
        break; // TUPLE1
      case 0x86: {
        const b = stack.pop();
        const a = stack.pop();
        stack.push([a, b]);
        break;
      }
      case 0x87: {
        const c = stack.pop();
        const b = stack.pop();
        const a = stack.pop();
        stack.push([a, b, c]);
        break;
      }
      case 0x73: {
        const v = stack.pop();
        const k = stack.pop();
        (top() as Record<string, unknown>)[String(k)] = v;
        break;
      } // SETITEM
      case 0x75: {
        const items = popMark();
        const d = top() as Record<string, unknown>;
        for (let i = 0; i < items.length; i += 2) d[String(items[i])] = items[i + 1];
        break;
      }
      case 0x63: {
        // GLOBAL "module\nname\n"
        const end1 = buf.indexOf(0x0a, p);
        const end2 = buf.indexOf(0x0a, end1 + 1);
        stack.push({
          global: `${buf.toString('latin1', p, end1)}.${buf.toString('latin1', end1 + 1, end2)}`,
        } satisfies Global);
        p = end2 + 1;
        break;
      }
      case 0x93: {
        const n = stack.pop();
        const m = stack.pop();
        stack.push({ global: `${m}.${n}` } satisfies Global);
        break;
      } // STACK_GLOBAL
      case 0x52:
      case 0x81: {
        const args = stack.pop() as unknown[];
        const fn = stack.pop();
        stack.push({ call: fn, args } satisfies Call);
        break;
      } // REDUCE, NEWOBJ
      case 0x62: {
        const state = stack.pop();
        (top() as Call).state = state;
        break;
      } // BUILD
      default:
        throw new DataError(`${name}: unsupported pickle opcode 0x${op.toString(16)} at byte ${p - 1}`);
    }
  }
  throw new DataError(`${name}: pickle ended without STOP`);
}

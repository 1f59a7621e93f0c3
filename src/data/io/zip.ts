/** A minimal ZIP reader (stored and deflated entries) — enough for NumPy's .npz files. */
import { inflateRawSync } from 'node:zlib';
import { DataError } from '../errors.js';

/**
 * Every file in a ZIP archive, by name.
 * @example const entries = readZip(await readFile('imdb.npz')); entries.get('x_train.npy');
 */
export function readZip(buf: Buffer, name = '<zip>'): Map<string, Buffer> {
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new DataError(`${name}: not a ZIP archive (no end-of-central-directory record)`);
  let count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  // ZIP64 (NumPy writes it for large arrays): read the ZIP64 end record instead.
  if (offset === 0xffffffff || count === 0xffff) {
    const loc = eocd - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== 0x07064b50)
      throw new DataError(`${name}: ZIP64 archive without a locator`);
    const z = Number(buf.readBigUInt64LE(loc + 8));
    count = Number(buf.readBigUInt64LE(z + 32));
    offset = Number(buf.readBigUInt64LE(z + 48));
  }
  const out = new Map<string, Buffer>();
  for (let k = 0; k < count; k++) {
    if (buf.readUInt32LE(offset) !== 0x02014b50)
      throw new DataError(`${name}: corrupt ZIP central directory at byte ${offset}`);
    const method = buf.readUInt16LE(offset + 10);
    let compSize = buf.readUInt32LE(offset + 20);
    let local = buf.readUInt32LE(offset + 42);
    const nameLen = buf.readUInt16LE(offset + 28);
    const extraLen = buf.readUInt16LE(offset + 30);
    const commentLen = buf.readUInt16LE(offset + 32);
    const entryName = buf.toString('utf8', offset + 46, offset + 46 + nameLen);
    // ZIP64 extra field (id 1): uncompressed, compressed, local offset — only those that overflowed.
    let uncompSize = buf.readUInt32LE(offset + 24);
    for (let e = offset + 46 + nameLen; e < offset + 46 + nameLen + extraLen;) {
      const id = buf.readUInt16LE(e);
      const size = buf.readUInt16LE(e + 2);
      if (id === 1) {
        let p = e + 4;
        if (uncompSize === 0xffffffff) {
          uncompSize = Number(buf.readBigUInt64LE(p));
          p += 8;
        }
        if (compSize === 0xffffffff) {
          compSize = Number(buf.readBigUInt64LE(p));
          p += 8;
        }
        if (local === 0xffffffff) local = Number(buf.readBigUInt64LE(p));
      }
      e += 4 + size;
    }
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataStart, dataStart + compSize);
    if (method === 0) out.set(entryName, raw);
    else if (method === 8) out.set(entryName, inflateRawSync(raw));
    else
      throw new DataError(
        `${name}: entry ${entryName} uses ZIP compression method ${method}; only stored (0) and deflate (8) are supported`,
      );
    offset += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

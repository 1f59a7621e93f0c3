/**
 * A minimal ZIP reader (stored and deflated entries): NumPy's .npz files, and zip archives as Kaggle
 * and many portals ship data (`titanic.zip`, `archive.zip`). A path to an archive with one file in it,
 * or to a file inside one (`titanic.zip/train.csv`), is read as that file (unzipped): pandas reads a
 * zip of one file and stops at more; here the member can be named. The member is extracted once into
 * the system's temporary folder (keyed by the archive's path, size and time), so every reader (the
 * sniffer, CSV, XLSX, Parquet) reads a plain file.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
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

/** What archives and editors leave beside the data: macOS resource forks, Finder and Windows files. */
const LITTER = /(^|\/)(__MACOSX\/|\._|\.DS_Store$|Thumbs\.db$|desktop\.ini$)/i;

/**
 * The archive and the member a path names: `data.zip` (member undefined) or `data.zip/train.csv`.
 * Undefined when the path names no zip archive (a plain file, or a folder).
 */
function zipPath(path: string): { archive: string; member: string | undefined } | undefined {
  if (/\.zip$/i.test(path) && existsSync(path) && statSync(path).isFile())
    return { archive: path, member: undefined };
  const m = /^(.*?\.zip)[/\\](.+)$/i.exec(path);
  if (m && !existsSync(path) && existsSync(m[1]!) && statSync(m[1]!).isFile())
    return { archive: m[1]!, member: m[2]!.replaceAll('\\', '/') };
  return undefined;
}

/**
 * The plain file to read for `path`: `path` itself, or the zip member it names, extracted. A zip of
 * several files, with none named, is an error that lists them and says how to name one.
 * @example await unzipped('titanic.zip/train.csv') // '/tmp/seqlab-zip/3f…/train.csv'
 */
export async function unzipped(path: string): Promise<string> {
  const at = zipPath(path);
  if (!at) return path;
  const entries = readZip(await readFile(at.archive), at.archive);
  const names = [...entries.keys()].filter((n) => !n.endsWith('/') && !LITTER.test(n));
  let name: string | undefined;
  if (at.member) {
    name = names.find((n) => n === at.member) ?? names.find((n) => basename(n) === at.member);
    if (!name)
      throw new DataError(
        `${at.archive}: no file ${at.member} in it; it holds ${names.join(', ') || 'nothing'}`,
      );
  } else if (names.length === 1) name = names[0]!;
  else {
    const train = names.find((n) => /train/i.test(basename(n))) ?? names[0];
    const test = names.find((n) => /test/i.test(basename(n)) && n !== train);
    throw new DataError(
      names.length === 0
        ? `${at.archive}: the archive holds no files`
        : `${at.archive}: the archive holds ${names.length} files (${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}); name the one to read, as in seqlab init ${join(at.archive, train!)}${test ? ` --test ${join(at.archive, test)}` : ''}`,
    );
  }
  const s = statSync(at.archive);
  const key = createHash('sha256')
    .update(`${at.archive}\0${s.size}\0${s.mtimeMs}\0${name}`)
    .digest('hex')
    .slice(0, 16);
  const dir = join(tmpdir(), 'seqlab-zip', key);
  const out = join(dir, basename(name));
  if (!existsSync(out)) {
    await mkdir(dir, { recursive: true });
    // Written beside, then renamed: a reader never sees half a file.
    const part = `${out}.${process.pid}.part`;
    await writeFile(part, entries.get(name)!);
    await rename(part, out);
  }
  return out;
}

/**
 * Transparent decompression: `.gz` (node:zlib) and `.xz` (xz-decompress, WebAssembly), detected
 * by magic bytes first and the file extension second, so a renamed file still reads.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { PassThrough } from 'node:stream';
import xz from 'xz-decompress';
import { DataError } from '../errors.js';

const { XzReadableStream } = xz;

export type Compression = 'none' | 'gzip' | 'xz';

/**
 * The compression of a file from its first bytes (gzip 1f 8b, xz FD 37 7A 58 5A 00), else its extension.
 * @example await detectCompression('data/imdb_train.csv.xz') // 'xz'
 */
export async function detectCompression(path: string): Promise<Compression> {
  await assertReadableFile(path);
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(6);
    const { bytesRead } = await fh.read(head, 0, 6, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
    if (bytesRead >= 6 && head.equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  } finally {
    await fh.close();
  }
  if (path.endsWith('.gz') || path.endsWith('.xz'))
    throw new DataError(
      `${path}: the name says compressed but the file does not start with ${path.endsWith('.gz') ? 'gzip' : 'xz'} magic bytes; is it truncated or mislabelled?`,
    );
  return 'none';
}

/** Throws a DataError saying what is wrong when path is not a readable file. */
export async function assertReadableFile(path: string): Promise<void> {
  let s;
  try {
    s = await stat(path);
  } catch {
    throw new DataError(`${path}: no such file (working directory ${process.cwd()})`);
  }
  if (!s.isFile()) throw new DataError(`${path}: is a directory, not a file`);
}

/**
 * A stream of the file's decompressed bytes.
 * @example for await (const chunk of await openDecompressed('x.csv.gz')) total += chunk.length;
 */
export async function openDecompressed(path: string): Promise<Readable> {
  const kind = await detectCompression(path);
  const raw = createReadStream(path);
  if (kind === 'none') return raw;
  const decoded =
    kind === 'gzip'
      ? raw.pipe(createGunzip())
      : Readable.fromWeb(
          new XzReadableStream(
            Readable.toWeb(raw) as unknown as ReadableStream<Uint8Array>,
          ) as unknown as WebReadableStream<Uint8Array>,
        );
  // The decompressors' own errors ("unexpected end of file", "error code 8") name no file: say which
  // file and what it likely means.
  const out = new PassThrough();
  const fail = (e: Error): void => {
    out.destroy(
      new DataError(
        `${path}: cannot decompress (${kind}): ${e.message}; the file is truncated or damaged — download or copy it again`,
      ),
    );
  };
  raw.on('error', (e) => out.destroy(e));
  decoded.on('error', fail);
  // A reader that stops early (a peek at the first 64 KiB) destroys `out`; the decoder must go too. Left
  // paused, xz-decompress's one WebAssembly decoder stays taken, and the next .xz stream waits forever.
  out.on('close', () => {
    decoded.destroy();
    raw.destroy();
  });
  return decoded.pipe(out);
}

/**
 * The whole decompressed file as UTF-8 text (BOM removed). For small files; big ones should stream.
 * @example const json = JSON.parse(await readTextFile('word_index.json.gz'));
 */
export async function readTextFile(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await openDecompressed(path)) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The decompressed file's lines, one at a time (CRLF handled, BOM removed).
 * @example for await (const line of readLines('data.jsonl.gz')) console.log(line);
 */
export async function* readLines(path: string): AsyncGenerator<string> {
  const rl = createInterface({ input: await openDecompressed(path), crlfDelay: Infinity });
  let first = true;
  for await (const line of rl) {
    yield first && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
    first = false;
  }
}

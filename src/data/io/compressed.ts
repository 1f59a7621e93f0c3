/**
 * Transparent decompression: `.gz` (node:zlib), `.xz` (xz-decompress, WebAssembly) and `.bz2`
 * (unbzip2-stream: Kaggle's Amazon reviews, Wikipedia and many older corpora ship bzip2), detected
 * by magic bytes first and the file extension second, so a renamed file still reads. Then the text
 * encoding: UTF-8, or what Excel writes on Windows (Windows-1252 "CSV", or GB18030, Shift_JIS … in
 * China, Japan …; UTF-16 "Unicode text"), decoded by Node's own TextDecoder (ICU), detected from the
 * first 64 KiB (chardet ranks the legacy code pages: detecting them is not seqlab's core).
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { PassThrough } from 'node:stream';
import xz from 'xz-decompress';
import bunzip2 from 'unbzip2-stream';
import chardet from 'chardet';
import { DataError } from '../errors.js';

const { XzReadableStream } = xz;

export type Compression = 'none' | 'gzip' | 'xz' | 'bzip2';

/**
 * The compression of a file from its first bytes (gzip 1f 8b, xz FD 37 7A 58 5A 00, bzip2 `BZh` and
 * the block size 1–9), else its extension.
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
    if (bytesRead >= 4 && head.toString('latin1', 0, 3) === 'BZh' && head[3]! >= 0x31 && head[3]! <= 0x39)
      return 'bzip2';
  } finally {
    await fh.close();
  }
  const named = /\.(gz|xz|bz2)$/.exec(path)?.[1];
  if (named)
    throw new DataError(
      `${path}: the name says compressed but the file does not start with ${{ gz: 'gzip', xz: 'xz', bz2: 'bzip2' }[named]} magic bytes; is it truncated or mislabelled?`,
    );
  return 'none';
}

/**
 * What a file that is no text table is, from its first bytes, with what to do about it: an old Excel
 * .xls (OLE2), an OpenDocument or other zip-based file, Parquet under another name, or binary data.
 * Undefined for text (and for what detectCompression decompresses). Parsed as CSV, such files failed
 * with "malformed CSV (Invalid Opening Quote …)" or a header of garbage.
 * @example await notATable('sales.xls') // 'an Excel 97–2003 workbook (.xls) …'
 */
export async function notATable(path: string): Promise<string | undefined> {
  const fh = await open(path, 'r');
  let head: Buffer;
  try {
    head = Buffer.alloc(4096);
    head = head.subarray(0, (await fh.read(head, 0, 4096, 0)).bytesRead);
  } finally {
    await fh.close();
  }
  const convert = `open it in Excel or LibreOffice and save it as .xlsx or CSV (or: libreoffice --headless --convert-to xlsx ${path})`;
  if (head.subarray(0, 8).equals(Buffer.from('d0cf11e0a1b11ae1', 'hex')))
    return `an Excel 97–2003 workbook (.xls, or another old Office file), which seqlab does not read: ${convert}`;
  if (head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
    const text = head.toString('latin1');
    if (text.includes('opendocument.spreadsheet'))
      return `an OpenDocument spreadsheet (.ods), which seqlab does not read: ${convert}`;
    if (text.includes('[Content_Types].xml') || text.includes('xl/'))
      return 'an Excel workbook by its content: name it .xlsx';
    return 'a zip archive: name it .zip (seqlab reads a zip of one file, or archive.zip/file.csv)';
  }
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return 'a Parquet file: name it .parquet';
  // Text has no NUL bytes, but in UTF-16 (a byte-order mark, or every other byte NUL: sniffEncoding).
  const nuls = head.filter((b) => b === 0).length;
  if (nuls >= 2 && !sniffEncoding(head).startsWith('utf-16'))
    return 'binary data, not text: seqlab reads CSV/TSV, XLSX, Parquet, JSON and JSONL (.gz, .xz, .bz2, .zip)';
  return undefined;
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
      : kind === 'bzip2'
        ? raw.pipe(bunzip2())
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

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | LegacyEncoding;

/**
 * The code pages Excel and Windows write where UTF-8 is not the default: Western European, Chinese
 * (GB18030, a superset of GBK; Big5), Japanese, Korean and Cyrillic. WHATWG names, as TextDecoder
 * takes them.
 */
export const LEGACY_ENCODINGS = [
  'windows-1252',
  'gb18030',
  'big5',
  'shift_jis',
  'euc-jp',
  'euc-kr',
  'windows-1251',
  'koi8-r',
] as const;
export type LegacyEncoding = (typeof LEGACY_ENCODINGS)[number];

/** Python's codec names that TextDecoder does not take, as the WHATWG label of the same code page. */
const PYTHON_CODECS: Record<string, string> = {
  'utf-8-sig': 'utf-8', // a byte-order mark is skipped either way
  cp936: 'gbk',
  'euc-cn': 'gbk',
  cp950: 'big5',
  cp932: 'shift_jis',
  cp949: 'euc-kr',
  'latin-1': 'latin1',
};

/**
 * The encoding a user names, as pandas' `encoding=` or TextDecoder takes it (`latin1`, `cp1252`,
 * `gbk`, `utf-8-sig`, `cp932`), in the WHATWG name seqlab reads it by; undefined for one it does not
 * read. GBK is read as GB18030, its superset.
 * @example encodingNamed('latin-1') // 'windows-1252' (as browsers read Latin-1)
 */
export function encodingNamed(label: string): TextEncoding | undefined {
  const key = label.trim().toLowerCase().replace(/_/g, '-');
  let name: string;
  try {
    name = new TextDecoder(PYTHON_CODECS[key] ?? key).encoding;
  } catch {
    return undefined;
  }
  if (name === 'gbk') name = 'gb18030';
  const known: readonly string[] = ['utf-8', 'utf-16le', 'utf-16be', ...LEGACY_ENCODINGS];
  return known.includes(name) ? (name as TextEncoding) : undefined;
}

/** chardet's names for the encodings we read besides Windows-1252, and the least confidence taken. */
const DETECTED: Record<string, [LegacyEncoding, number]> = {
  GB18030: ['gb18030', 50],
  Big5: ['big5', 50],
  Shift_JIS: ['shift_jis', 50],
  'EUC-JP': ['euc-jp', 50],
  'EUC-KR': ['euc-kr', 50],
  'windows-1251': ['windows-1251', 25],
  'KOI8-R': ['koi8-r', 25],
};

/**
 * Which code page bytes that are not UTF-8 are in: the one chardet (a port of ICU's detector: byte
 * statistics of each language) ranks first when it is a Chinese, Japanese, Korean or Cyrillic one
 * and confident enough; else Windows-1252. A Chinese review file saved by Excel in China was read as
 * Windows-1252 before, every character two letters of mojibake.
 */
function legacyEncoding(head: Uint8Array): LegacyEncoding {
  const top = chardet.analyse(head)[0];
  const known = top ? DETECTED[top.name] : undefined;
  return known && top!.confidence >= known[1] ? known[0] : 'windows-1252';
}

/**
 * The encoding of a text's first bytes: a UTF-16 byte-order mark (or NUL bytes in every other place,
 * UTF-16 without one); else UTF-8 unless its invalid byte sequences outnumber its valid multi-byte
 * ones, which is a legacy code page: Windows-1252 (`é` as the one byte E9), or the Chinese, Japanese,
 * Korean or Cyrillic one chardet finds (legacyEncoding). A UTF-8 file with a few bad bytes stays UTF-8
 * (they become U+FFFD, counted where texts are vectorised).
 * @example sniffEncoding(Buffer.from('caf\xe9', 'latin1')) // 'windows-1252'
 */
export function sniffEncoding(head: Uint8Array): TextEncoding {
  const n = head.length;
  if (n >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (n >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  let zerosOdd = 0;
  let zerosEven = 0;
  for (let i = 0; i < n; i++) {
    if (head[i] !== 0) continue;
    if (i % 2) zerosOdd++;
    else zerosEven++;
  }
  if (zerosOdd > n / 4 && zerosEven === 0) return 'utf-16le';
  if (zerosEven > n / 4 && zerosOdd === 0) return 'utf-16be';
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < n;) {
    const b = head[i]!;
    const len =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 1) {
      i++;
      continue;
    }
    if (len > 0 && i + len > n) break; // cut by the sample's end
    let ok = len > 0;
    for (let k = 1; ok && k < len; k++) ok = (head[i + k]! & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += len;
    } else {
      invalid++;
      i++;
    }
  }
  return invalid > valid ? legacyEncoding(head) : 'utf-8';
}

/**
 * The encoding of a file's first 64 KiB, decompressed (see sniffEncoding).
 * @example await detectEncoding('excel-export.csv') // 'windows-1252'
 */
export async function detectEncoding(path: string): Promise<TextEncoding> {
  const s = await openDecompressed(path);
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of s) {
    chunks.push(c as Buffer);
    n += (c as Buffer).length;
    if (n >= 65536) break;
  }
  s.destroy();
  return sniffEncoding(Buffer.concat(chunks).subarray(0, 65536));
}

/**
 * The decompressed file as UTF-8 bytes, decoded from `encoding` ('auto': detected). A UTF-8 file
 * passes through untouched; others lose their byte-order mark.
 * @example const s = await openText('excel-export.csv'); // é arrives as C3 A9
 */
export async function openText(path: string, encoding: TextEncoding | 'auto' = 'auto'): Promise<Readable> {
  const enc = encoding === 'auto' ? await detectEncoding(path) : encoding;
  const bytes = await openDecompressed(path);
  if (enc === 'utf-8') return bytes;
  const decoder = new TextDecoder(enc);
  const recode = new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), 'utf8'));
    },
  });
  bytes.on('error', (e) => recode.destroy(e));
  recode.on('close', () => bytes.destroy());
  return bytes.pipe(recode);
}

/**
 * The whole decompressed file as text (BOM removed; encoding as openText). For small files; big ones
 * should stream.
 * @example const json = JSON.parse(await readTextFile('word_index.json.gz'));
 */
export async function readTextFile(path: string, encoding: TextEncoding | 'auto' = 'auto'): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await openText(path, encoding)) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The decompressed file's lines, one at a time (CRLF handled, BOM removed; encoding as openText).
 * @example for await (const line of readLines('data.jsonl.gz')) console.log(line);
 */
export async function* readLines(
  path: string,
  encoding: TextEncoding | 'auto' = 'auto',
): AsyncGenerator<string> {
  const rl = createInterface({ input: await openText(path, encoding), crlfDelay: Infinity });
  let first = true;
  for await (const line of rl) {
    yield first && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
    first = false;
  }
}

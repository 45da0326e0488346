/**
 * A small streaming ZIP reader for downloads spooled to a temporary file (Amplitude's export; any
 * connector or file import that receives a ZIP). It reads only the central directory into memory
 * (names, sizes, offsets: a few hundred bytes per entry) and streams each entry's bytes from disk,
 * inflating deflated entries on the fly. Supports stored (0) and deflate (8) entries, data
 * descriptors (sizes come from the central directory) and ZIP64.
 *
 * Errors are `ZipError`s: `truncated` when the file ends early (no end-of-central-directory record,
 * an entry that runs past the end of the file, a deflate stream that stops short), `invalid` when the
 * bytes are not a ZIP at all, `unsupported` for encryption or other compression methods. Callers map
 * them to their own vendor errors (a truncated download is usually worth a retry).
 */
import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import zlib from 'node:zlib';

export type ZipErrorKind = 'truncated' | 'invalid' | 'unsupported';

export class ZipError extends Error {
  override name = 'ZipError';
  constructor(
    readonly kind: ZipErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface ZipEntry {
  name: string;
  /** True for directory entries ("pid/"). */
  directory: boolean;
  /** 0 = stored, 8 = deflate. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the entry's local file header. */
  localHeaderOffset: number;
  crc32: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const U16 = 0xffff;
const U32 = 0xffffffff;

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buf : buf.subarray(0, done);
}

function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('invalid', 'A ZIP64 size or offset is out of range.');
  return Number(v);
}

/** Lists the entries of the ZIP file at `path` from its central directory (order as stored). */
export async function readZipDirectory(path: string): Promise<ZipEntry[]> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    if (size < 22) {
      throw new ZipError(
        size === 0 ? 'truncated' : 'truncated',
        `The ZIP is only ${size} bytes long; it ends before its directory.`,
      );
    }
    const head = await readAt(fh, 0, 4);
    const headSig = head.length === 4 ? head.readUInt32LE(0) : 0;
    if (headSig !== SIG_LOCAL && headSig !== SIG_EOCD) throw new ZipError('invalid', 'The data is not a ZIP archive.');
    // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
    const tailLength = Math.min(size, 22 + U16);
    const tailStart = size - tailLength;
    const tail = await readAt(fh, tailStart, tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === SIG_EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipError('truncated', 'The ZIP has no end-of-directory record: the file was cut off.');
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === U16 || cdSize === U32 || cdOffset === U32) {
      const locAt = eocd - 20;
      if (locAt < 0 || tail.readUInt32LE(locAt) !== SIG_EOCD64_LOCATOR) {
        throw new ZipError('invalid', 'The ZIP64 end-of-directory locator is missing.');
      }
      const e64At = u64(tail, locAt + 8);
      const e64 = await readAt(fh, e64At, 56);
      if (e64.length < 56 || e64.readUInt32LE(0) !== SIG_EOCD64)
        throw new ZipError('invalid', 'The ZIP64 end-of-directory record is missing.');
      count = u64(e64, 32);
      cdSize = u64(e64, 40);
      cdOffset = u64(e64, 48);
    }
    if (cdOffset + cdSize > size)
      throw new ZipError('truncated', 'The ZIP directory points past the end of the file: the file was cut off.');
    const cd = await readAt(fh, cdOffset, cdSize);
    const entries: ZipEntry[] = [];
    let at = 0;
    for (let n = 0; n < count; n++) {
      if (at + 46 > cd.length || cd.readUInt32LE(at) !== SIG_CENTRAL)
        throw new ZipError('invalid', 'The ZIP directory is damaged.');
      const flags = cd.readUInt16LE(at + 8);
      const method = cd.readUInt16LE(at + 10);
      const crc32 = cd.readUInt32LE(at + 16);
      let compressedSize = cd.readUInt32LE(at + 20);
      let uncompressedSize = cd.readUInt32LE(at + 24);
      const nameLength = cd.readUInt16LE(at + 28);
      const extraLength = cd.readUInt16LE(at + 30);
      const commentLength = cd.readUInt16LE(at + 32);
      let localHeaderOffset = cd.readUInt32LE(at + 42);
      const nameEnd = at + 46 + nameLength;
      if (nameEnd + extraLength + commentLength > cd.length) throw new ZipError('invalid', 'The ZIP directory is damaged.');
      const name = cd.toString(flags & 0x0800 ? 'utf8' : 'latin1', at + 46, nameEnd);
      // ZIP64 extended information: the 0xFFFFFFFF fields, in order.
      let x = nameEnd;
      const extraEnd = nameEnd + extraLength;
      while (x + 4 <= extraEnd) {
        const id = cd.readUInt16LE(x);
        const len = cd.readUInt16LE(x + 2);
        if (id === 0x0001) {
          let p = x + 4;
          if (uncompressedSize === U32 && p + 8 <= x + 4 + len) {
            uncompressedSize = u64(cd, p);
            p += 8;
          }
          if (compressedSize === U32 && p + 8 <= x + 4 + len) {
            compressedSize = u64(cd, p);
            p += 8;
          }
          if (localHeaderOffset === U32 && p + 8 <= x + 4 + len) localHeaderOffset = u64(cd, p);
        }
        x += 4 + len;
      }
      if (flags & 0x0001) throw new ZipError('unsupported', `The ZIP entry ${name} is encrypted.`);
      entries.push({
        name,
        directory: name.endsWith('/'),
        method,
        compressedSize,
        uncompressedSize,
        localHeaderOffset,
        crc32,
      });
      at = extraEnd + commentLength;
    }
    return entries;
  } finally {
    await fh.close();
  }
}

/**
 * Entries up to this compressed size are read in one piece and inflated in one call. Amplitude's
 * exports hold hundreds of small entries (a few hundred kB each); streaming each one cost two opens,
 * a stat and zlib's 16 kB chunks, more CPU than the inflating itself (1,180 entries: 1.45–1.76 s of
 * CPU streamed, 0.80–0.95 s in one piece, same minutes).
 */
export const WHOLE_ENTRY_MAX_BYTES = 4 * 1024 * 1024;
/** Room for the local header's name and extra field, read with a small entry's data. */
const LOCAL_HEADER_ROOM = 30 + 1024;

/**
 * The uncompressed bytes of one entry as a stream (one chunk for a small entry). Throws ZipError (as a
 * rejection before streaming, or as a stream error) when the entry runs past the end of the file or
 * its deflate data stops short.
 */
export async function openZipEntry(path: string, entry: ZipEntry): Promise<AsyncIterable<Uint8Array>> {
  if (entry.method !== 0 && entry.method !== 8) {
    throw new ZipError(
      'unsupported',
      `The ZIP entry ${entry.name} uses compression method ${entry.method}; only stored and deflate are supported.`,
    );
  }
  const whole = entry.compressedSize <= WHOLE_ENTRY_MAX_BYTES;
  const fh = await open(path, 'r');
  let dataStart: number;
  let head: Buffer;
  try {
    // A small entry: its local header and data in one read (the header's variable part fits the room
    // in all but odd archives, which read the rest below).
    head = await readAt(fh, entry.localHeaderOffset, whole ? LOCAL_HEADER_ROOM + entry.compressedSize : 30);
    if (head.length < 30) throw new ZipError('truncated', `The ZIP entry ${entry.name} is cut off.`);
    if (head.readUInt32LE(0) !== SIG_LOCAL) throw new ZipError('invalid', `The ZIP entry ${entry.name} has no local header.`);
    dataStart = entry.localHeaderOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
    if (whole) {
      const from = dataStart - entry.localHeaderOffset;
      let data = head.subarray(from, from + entry.compressedSize);
      if (data.length < entry.compressedSize && head.length === LOCAL_HEADER_ROOM + entry.compressedSize) {
        data = await readAt(fh, dataStart, entry.compressedSize);
      }
      if (data.length < entry.compressedSize) throw new ZipError('truncated', `The ZIP entry ${entry.name} is cut off.`);
      return oneChunk(entry.method === 0 ? data : inflateWhole(data, entry));
    }
    const { size } = await fh.stat();
    if (dataStart + entry.compressedSize > size) throw new ZipError('truncated', `The ZIP entry ${entry.name} is cut off.`);
  } finally {
    await fh.close();
  }
  if (entry.compressedSize === 0) return (async function* () {})();
  const raw = createReadStream(path, { start: dataStart, end: dataStart + entry.compressedSize - 1, highWaterMark: 256 * 1024 });
  if (entry.method === 0) return raw;
  return inflated(raw, entry.name);
}

async function* oneChunk(data: Uint8Array): AsyncGenerator<Uint8Array> {
  if (data.length > 0) yield data;
}

function inflateWhole(data: Buffer, entry: ZipEntry): Buffer {
  try {
    // The directory says how large the entry is; a deflate stream that claims more is damaged.
    return zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'Z_BUF_ERROR') throw new ZipError('truncated', `The ZIP entry ${entry.name} is cut off.`);
    throw new ZipError('invalid', `The ZIP entry ${entry.name} is damaged (${(error as Error).message}).`);
  }
}

async function* inflated(raw: AsyncIterable<Buffer> & NodeJS.ReadableStream, name: string): AsyncGenerator<Uint8Array> {
  const inflate = zlib.createInflateRaw({ chunkSize: 256 * 1024 });
  raw.pipe(inflate);
  raw.on('error', (error: Error) => inflate.destroy(error));
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) yield chunk;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'Z_BUF_ERROR') throw new ZipError('truncated', `The ZIP entry ${name} is cut off.`);
    throw new ZipError('invalid', `The ZIP entry ${name} is damaged (${(error as Error).message}).`);
  } finally {
    inflate.destroy();
    (raw as unknown as { destroy(): void }).destroy();
  }
}

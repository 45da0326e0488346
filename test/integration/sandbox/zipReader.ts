/** Test-only ZIP reader: parses the central directory (incl. ZIP64) and returns stored/deflated entries. */
import zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Buffer;
  crc: number;
}

export function readZip(buf: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('no end of central directory');
  let count = buf.readUInt16LE(eocd + 10);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (buf.readUInt32LE(loc) !== 0x07064b50) throw new Error('missing zip64 locator');
    const e64 = Number(buf.readBigUInt64LE(loc + 8));
    count = Number(buf.readBigUInt64LE(e64 + 32));
    cdOffset = Number(buf.readBigUInt64LE(e64 + 48));
  }
  const out: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central header at ${p}`);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let offset = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    if (offset === 0xffffffff) {
      const extra = buf.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen);
      offset = Number(extra.readBigUInt64LE(4));
    }
    if (buf.readUInt32LE(offset) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const lName = buf.readUInt16LE(offset + 26);
    const lExtra = buf.readUInt16LE(offset + 28);
    const start = offset + 30 + lName + lExtra;
    const raw = buf.subarray(start, start + csize);
    const data = method === 0 ? raw : zlib.inflateRawSync(raw);
    if (zlib.crc32(data) >>> 0 !== crc) throw new Error(`crc mismatch for ${name}`);
    out.push({ name, data, crc });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

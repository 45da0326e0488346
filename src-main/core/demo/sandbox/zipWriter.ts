/**
 * A streaming ZIP writer (stored entries, sizes known per entry, ZIP64 when needed). Each entry is
 * written as soon as it is added; only the small central-directory records are kept until finish().
 */
import zlib from 'node:zlib';

export type ChunkSink = (chunk: Buffer) => Promise<void>;

interface CentralRecord {
  name: Buffer;
  crc: number;
  size: number;
  offset: number;
  dosTime: number;
  dosDate: number;
  directory: boolean;
}

function dosDateTime(ms: number): { time: number; date: number } {
  const d = new Date(ms);
  const year = Math.max(1980, d.getUTCFullYear());
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

const U32 = 0xffffffff;

export class ZipWriter {
  private offset = 0;
  private readonly records: CentralRecord[] = [];

  constructor(private readonly sink: ChunkSink) {}

  get entryCount(): number {
    return this.records.length;
  }

  private async emit(buf: Buffer): Promise<void> {
    this.offset += buf.length;
    await this.sink(buf);
  }

  async addDirectory(name: string, mtimeMs: number): Promise<void> {
    await this.addEntry(name.endsWith('/') ? name : `${name}/`, Buffer.alloc(0), mtimeMs, true);
  }

  async addFile(name: string, data: Buffer, mtimeMs: number): Promise<void> {
    await this.addEntry(name, data, mtimeMs, false);
  }

  private async addEntry(name: string, data: Buffer, mtimeMs: number, directory: boolean): Promise<void> {
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data) >>> 0;
    const { time, date } = dosDateTime(mtimeMs);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(0, 8); // stored
    header.writeUInt16LE(time, 10);
    header.writeUInt16LE(date, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBuf.length, 26);
    header.writeUInt16LE(0, 28);
    this.records.push({ name: nameBuf, crc, size: data.length, offset: this.offset, dosTime: time, dosDate: date, directory });
    await this.emit(Buffer.concat([header, nameBuf]));
    if (data.length > 0) await this.emit(data);
  }

  async finish(): Promise<void> {
    const cdStart = this.offset;
    const parts: Buffer[] = [];
    let pending = 0;
    for (const r of this.records) {
      const needs64 = r.offset >= U32;
      const extra = needs64 ? Buffer.alloc(12) : Buffer.alloc(0);
      if (needs64) {
        extra.writeUInt16LE(0x0001, 0);
        extra.writeUInt16LE(8, 2);
        extra.writeBigUInt64LE(BigInt(r.offset), 4);
      }
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE((3 << 8) | 45, 4); // made by: unix, 4.5
      h.writeUInt16LE(needs64 ? 45 : 20, 6);
      h.writeUInt16LE(0x0800, 8);
      h.writeUInt16LE(0, 10);
      h.writeUInt16LE(r.dosTime, 12);
      h.writeUInt16LE(r.dosDate, 14);
      h.writeUInt32LE(r.crc, 16);
      h.writeUInt32LE(r.size, 20);
      h.writeUInt32LE(r.size, 24);
      h.writeUInt16LE(r.name.length, 28);
      h.writeUInt16LE(extra.length, 30);
      h.writeUInt16LE(0, 32); // comment
      h.writeUInt16LE(0, 34); // disk
      h.writeUInt16LE(0, 36); // internal attrs
      h.writeUInt32LE(r.directory ? ((0o40755 << 16) | 0x10) >>> 0 : (0o100644 << 16) >>> 0, 38);
      h.writeUInt32LE(needs64 ? U32 : r.offset, 42);
      parts.push(h, r.name, extra);
      pending += h.length + r.name.length + extra.length;
      if (pending > 1 << 20) {
        await this.emit(Buffer.concat(parts));
        parts.length = 0;
        pending = 0;
      }
    }
    if (parts.length) await this.emit(Buffer.concat(parts));
    const cdSize = this.offset - cdStart;
    const count = this.records.length;
    const zip64 = count > 0xfffe || cdStart >= U32 || cdSize >= U32;
    if (zip64) {
      const eocd64At = this.offset;
      const e64 = Buffer.alloc(56);
      e64.writeUInt32LE(0x06064b50, 0);
      e64.writeBigUInt64LE(44n, 4);
      e64.writeUInt16LE(45, 12);
      e64.writeUInt16LE(45, 14);
      e64.writeUInt32LE(0, 16);
      e64.writeUInt32LE(0, 20);
      e64.writeBigUInt64LE(BigInt(count), 24);
      e64.writeBigUInt64LE(BigInt(count), 32);
      e64.writeBigUInt64LE(BigInt(cdSize), 40);
      e64.writeBigUInt64LE(BigInt(cdStart), 48);
      const loc = Buffer.alloc(20);
      loc.writeUInt32LE(0x07064b50, 0);
      loc.writeUInt32LE(0, 4);
      loc.writeBigUInt64LE(BigInt(eocd64At), 8);
      loc.writeUInt32LE(1, 16);
      await this.emit(Buffer.concat([e64, loc]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(0, 4);
    end.writeUInt16LE(0, 6);
    end.writeUInt16LE(zip64 ? 0xffff : count, 8);
    end.writeUInt16LE(zip64 ? 0xffff : count, 10);
    end.writeUInt32LE(zip64 ? U32 : cdSize, 12);
    end.writeUInt32LE(zip64 ? U32 : cdStart, 16);
    end.writeUInt16LE(0, 20);
    await this.emit(end);
  }
}

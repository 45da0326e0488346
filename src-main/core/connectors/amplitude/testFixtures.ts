/** Test-only helpers: build Amplitude-like export ZIPs and fake HTTP/contexts. Not used by the app. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';
import type { CanonicalEvent, FetchContext, IngestSink } from '../types';

export const samplesDir = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'vendor-samples');

export function sample(name: string): string {
  return readFileSync(join(samplesDir, 'amplitude', name), 'utf8');
}

export interface FixtureEntry {
  name: string;
  /** Raw bytes of the entry (already gzipped when the name ends in .gz). */
  data: Buffer;
  /** 8 = deflate the entry inside the ZIP, 0 = store. */
  method?: 0 | 8;
  /** Write sizes in a data descriptor after the data instead of the local header. */
  descriptor?: boolean;
}

export function gz(lines: string[]): Buffer {
  return zlib.gzipSync(Buffer.from(`${lines.join('\n')}\n`, 'utf8'));
}

/** A ZIP archive (central directory included) of the given entries, in order. */
export function buildZip(entries: FixtureEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 0;
    const body = method === 8 ? zlib.deflateRawSync(e.data) : e.data;
    const name = Buffer.from(e.name, 'utf8');
    const crc = zlib.crc32(e.data) >>> 0;
    const flags = 0x0800 | (e.descriptor ? 0x0008 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(e.descriptor ? 0 : crc, 14);
    local.writeUInt32LE(e.descriptor ? 0 : body.length, 18);
    local.writeUInt32LE(e.descriptor ? 0 : e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const chunks = [local, name, body];
    if (e.descriptor) {
      const d = Buffer.alloc(16);
      d.writeUInt32LE(0x08074b50, 0);
      d.writeUInt32LE(crc, 4);
      d.writeUInt32LE(body.length, 8);
      d.writeUInt32LE(e.data.length, 12);
      chunks.push(d);
    }
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(flags, 8);
    c.writeUInt16LE(method, 10);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(e.data.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    for (const chunk of chunks) {
      parts.push(chunk);
      offset += chunk.length;
    }
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

export interface CollectingSink extends IngestSink {
  events: CanonicalEvent[];
  rejections: string[];
}

export function collectingSink(): CollectingSink {
  const events: CanonicalEvent[] = [];
  const rejections: string[] = [];
  return {
    events,
    rejections,
    event: (e) => events.push(e),
    bucket: () => {
      throw new Error('Amplitude never emits buckets');
    },
    guideEvent: () => {
      throw new Error('Amplitude never emits guide events');
    },
    rejected: (r) => rejections.push(r),
  };
}

export interface CountingContext extends FetchContext {
  scheduled: number;
}

export function countingContext(signal: AbortSignal = new AbortController().signal): CountingContext {
  const ctx: CountingContext = {
    signal,
    scheduled: 0,
    schedule<T>(request: () => Promise<T>): Promise<T> {
      ctx.scheduled++;
      return request();
    },
  };
  return ctx;
}

/** A body that sends `head` and then fails like a reset connection. */
export function droppingBody(head: Uint8Array): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(head);
        return;
      }
      controller.error(Object.assign(new TypeError('terminated'), { cause: { code: 'ECONNRESET' } }));
    },
  });
}

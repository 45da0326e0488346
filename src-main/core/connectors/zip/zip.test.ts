import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildZip } from '../amplitude/testFixtures';
import { openZipEntry, readZipDirectory, WHOLE_ENTRY_MAX_BYTES, ZipError } from './index';

const dir = mkdtempSync(join(tmpdir(), 'pulse-zip-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(bytes: Buffer): string {
  const path = join(dir, `${n++}.zip`);
  writeFileSync(path, bytes);
  return path;
}

async function text(path: string, name: string): Promise<string> {
  const entry = (await readZipDirectory(path)).find((e) => e.name === name);
  if (!entry) throw new Error(`no ${name}`);
  const chunks: Buffer[] = [];
  for await (const c of await openZipEntry(path, entry)) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

/** Rewrites a plain ZIP's end record into the ZIP64 form (EOCD64 + locator, 0xFFFF markers). */
function toZip64(zip: Buffer): Buffer {
  const eocd = zip.length - 22;
  const count = zip.readUInt16LE(eocd + 10);
  const cdSize = zip.readUInt32LE(eocd + 12);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  const e64 = Buffer.alloc(56);
  e64.writeUInt32LE(0x06064b50, 0);
  e64.writeBigUInt64LE(44n, 4);
  e64.writeBigUInt64LE(BigInt(count), 24);
  e64.writeBigUInt64LE(BigInt(count), 32);
  e64.writeBigUInt64LE(BigInt(cdSize), 40);
  e64.writeBigUInt64LE(BigInt(cdOffset), 48);
  const loc = Buffer.alloc(20);
  loc.writeUInt32LE(0x07064b50, 0);
  loc.writeBigUInt64LE(BigInt(eocd), 8);
  loc.writeUInt32LE(1, 16);
  const end = Buffer.from(zip.subarray(eocd));
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([zip.subarray(0, eocd), e64, loc, end]);
}

describe('zip reader', () => {
  const entries = [
    { name: 'p/', data: Buffer.alloc(0) },
    { name: 'p/a.txt', data: Buffer.from('stored\n') },
    { name: 'p/b.txt', data: Buffer.from('deflated '.repeat(1000)), method: 8 as const, descriptor: true },
  ];

  it('lists entries from the central directory and streams stored and deflated data', async () => {
    const path = file(buildZip(entries));
    const list = await readZipDirectory(path);
    expect(list.map((e) => [e.name, e.directory, e.method])).toEqual([
      ['p/', true, 0],
      ['p/a.txt', false, 0],
      ['p/b.txt', false, 8],
    ]);
    expect(await text(path, 'p/a.txt')).toBe('stored\n');
    expect(await text(path, 'p/b.txt')).toBe('deflated '.repeat(1000));
  });

  it('reads ZIP64 end records', async () => {
    const path = file(toZip64(buildZip(entries)));
    expect((await readZipDirectory(path)).length).toBe(3);
    expect(await text(path, 'p/a.txt')).toBe('stored\n');
  });

  it('reads an empty archive', async () => {
    expect(await readZipDirectory(file(buildZip([])))).toEqual([]);
  });

  it('classifies a cut-off file as truncated and other bytes as invalid', async () => {
    const zip = buildZip(entries);
    for (const cut of [10, 100, zip.length - 40, zip.length - 1]) {
      const error = await readZipDirectory(file(zip.subarray(0, cut))).catch((e: unknown) => e);
      expect(error, String(cut)).toBeInstanceOf(ZipError);
      expect((error as ZipError).kind).toBe('truncated');
    }
    const html = await readZipDirectory(file(Buffer.from('<html>nope</html>'.repeat(3)))).catch((e: unknown) => e);
    expect((html as ZipError).kind).toBe('invalid');
  });

  it('detects a deflated entry whose data stops short', async () => {
    const zip = buildZip([{ name: 'x', data: Buffer.from('abc'.repeat(5000)), method: 8 }]);
    const list = await readZipDirectory(file(zip));
    const entry = list[0]!;
    // Same directory, but the entry claims fewer compressed bytes than the deflate stream needs.
    const short = { ...entry, compressedSize: Math.max(1, entry.compressedSize - 5) };
    const path = file(zip);
    const error = await (async () => {
      for await (const _ of await openZipEntry(path, short)) {
        // drain
      }
    })().catch((e: unknown) => e);
    expect((error as ZipError).kind).toBe('truncated');
  });

  it('reads a small entry in one piece and streams one past WHOLE_ENTRY_MAX_BYTES, with the same bytes', async () => {
    // Random bytes do not compress: the deflated entry's compressed size is past the limit too.
    const big = randomBytes(WHOLE_ENTRY_MAX_BYTES + 300_000);
    const small = Buffer.from('small entry\n'.repeat(2000));
    const path = file(
      buildZip([
        { name: 'small', data: small, method: 8 },
        { name: 'big-stored', data: big },
        { name: 'big-deflated', data: big, method: 8 },
      ]),
    );
    const chunks = async (name: string): Promise<Buffer[]> => {
      const entry = (await readZipDirectory(path)).find((e) => e.name === name);
      if (!entry) throw new Error(`no ${name}`);
      const out: Buffer[] = [];
      for await (const c of await openZipEntry(path, entry)) out.push(Buffer.from(c));
      return out;
    };
    const smallChunks = await chunks('small');
    expect(smallChunks).toHaveLength(1);
    expect(Buffer.concat(smallChunks).equals(small)).toBe(true);
    for (const name of ['big-stored', 'big-deflated']) {
      const bigChunks = await chunks(name);
      expect(bigChunks.length).toBeGreaterThan(1);
      expect(Buffer.concat(bigChunks).equals(big)).toBe(true);
    }
  });

  it('calls a small entry whose deflate data claims more than the directory says damaged', async () => {
    const zip = buildZip([{ name: 'x', data: Buffer.from('abc'.repeat(5000)), method: 8 }]);
    const path = file(zip);
    const entry = (await readZipDirectory(path))[0]!;
    const error = await (async () => {
      for await (const _ of await openZipEntry(path, { ...entry, uncompressedSize: 100 })) {
        // drain
      }
    })().catch((e: unknown) => e);
    expect((error as ZipError).kind).toBe('invalid');
  });
});

/**
 * The recorded export downloads as plain JSON-lines files (what an analyst gets after unzipping and
 * gunzipping), plus the decompress-only floor over the same compressed bytes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { openZipEntry, readZipDirectory } from '../../../src-main/core/connectors/zip';
import type { RecordedExport } from './replayProxy';

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

/** The gzip members inside the recorded downloads (ZIP entries for Amplitude, the body for Mixpanel). */
export async function gzipMembers(recorded: RecordedExport[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const r of recorded) {
    if (r.vendor === 'amplitude') {
      for (const entry of await readZipDirectory(r.file)) {
        if (entry.directory) continue;
        out.push(await collect(await openZipEntry(r.file, entry)));
      }
    } else {
      const body = await readFile(r.file);
      out.push(body);
    }
  }
  return out;
}

export interface DecompressedExport {
  files: string[];
  bytes: number;
  lines: number;
  /** Wall time of gunzip alone over every member, one core (zlib.gunzipSync). */
  gunzipMs: number;
}

/** Gunzips every member (timed, nothing else in the loop), then writes the JSON lines to `dir`. */
export async function decompressToFiles(members: Buffer[], dir: string, prefix: string): Promise<DecompressedExport> {
  const t0 = performance.now();
  const plain = members.map((m) => (m[0] === 0x1f && m[1] === 0x8b ? zlib.gunzipSync(m) : m));
  const gunzipMs = performance.now() - t0;
  let bytes = 0;
  let lines = 0;
  const files: string[] = [];
  // Fewer, larger files: DuckDB's per-file overhead should not count against it.
  const perFile = Math.max(1, Math.ceil(plain.length / 64));
  for (let i = 0; i < plain.length; i += perFile) {
    const chunk = plain
      .slice(i, i + perFile)
      .map((b) => (b.length > 0 && b[b.length - 1] !== 10 ? Buffer.concat([b, Buffer.from('\n')]) : b));
    const data = Buffer.concat(chunk);
    for (let k = data.indexOf(10); k !== -1; k = data.indexOf(10, k + 1)) lines++;
    bytes += data.length;
    const file = join(dir, `${prefix}-${String(files.length).padStart(4, '0')}.json`);
    await writeFile(file, data);
    files.push(file);
  }
  return { files, bytes, lines, gunzipMs };
}

/**
 * The same gzip members, each written as it was downloaded to its own `.json.gz` file: DuckDB reading
 * these decompresses what Pulse decompresses (the like-for-like baseline beside the issue's, which
 * reads the files already decompressed).
 */
export async function writeGzipMembers(members: Buffer[], dir: string, prefix: string): Promise<string[]> {
  const files: string[] = [];
  for (const member of members) {
    if (!(member[0] === 0x1f && member[1] === 0x8b)) continue;
    const file = join(dir, `${prefix}-gz-${String(files.length).padStart(5, '0')}.json.gz`);
    await writeFile(file, member);
    files.push(file);
  }
  return files;
}
